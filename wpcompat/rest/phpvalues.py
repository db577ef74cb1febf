"""PHP value semantics the REST schema code relies on: ``is_numeric``, casts, WordPress's type tests."""
from __future__ import annotations

import math
import re
from typing import Any

from ..phpjson import php_json_dumps

_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*")


def is_numeric(value: Any) -> bool:
    """PHP 8 ``is_numeric``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not (isinstance(value, float) and math.isnan(value))
    return isinstance(value, str) and _NUMERIC.fullmatch(value) is not None


def is_integer(value: Any) -> bool:
    """``rest_is_integer``: numeric and integral (``"5.0"`` counts)."""
    if not is_numeric(value):
        return False
    number = float(value)
    return math.isfinite(number) and round(number) == number


def is_boolean(value: Any) -> bool:
    """``rest_is_boolean``."""
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.lower() in ("false", "true", "0", "1")
    return isinstance(value, int) and value in (0, 1)


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def parse_list(value: Any) -> list:
    """``wp_parse_list``: an array as is (its values), a scalar split on commas and whitespace."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return [part for part in re.split(r"[\s,]+", php_string(value)) if part]


def is_array(value: Any) -> bool:
    """``rest_is_array``: a list, an int-keyed dict, or a scalar (read as a comma list)."""
    if is_scalar(value) or isinstance(value, list):
        return True
    return isinstance(value, dict) and all(isinstance(k, int) for k in value)


def is_object(value: Any) -> bool:
    """``rest_is_object``: any PHP array (list or dict) or the empty string."""
    return value == "" or isinstance(value, (dict, list))


def php_string(value: Any) -> str:
    """PHP's string conversion of a scalar (``true`` -> "1", ``false``/``null`` -> "")."""
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, float):
        return php_json_dumps(value)
    return str(value)


def php_intval(value: Any) -> int:
    """PHP's ``(int)`` cast."""
    if isinstance(value, (bool, int)):
        return int(value)
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else 0
    if isinstance(value, str):
        prefix = re.match(r"[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", value)
        if prefix is None:
            return 0
        text = prefix.group().strip()
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else php_intval(float(text))
    return 1 if value else 0


def as_list(value: Any) -> list:
    """``rest_sanitize_array``."""
    if is_scalar(value):
        return parse_list(value)
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, list) else []


def as_object(value: Any) -> dict:
    """``rest_sanitize_object``."""
    if isinstance(value, list):
        return dict(enumerate(value))
    return dict(value) if isinstance(value, dict) else {}


def best_type(value: Any, types: list[str]) -> str:
    """``rest_get_best_type_for_value``."""
    if value == "" and "string" in types:
        return "string"
    checks = {"array": is_array, "object": is_object, "integer": is_integer, "number": is_numeric,
              "boolean": is_boolean, "string": lambda v: isinstance(v, str), "null": lambda v: v is None}
    return next((t for t in types if t in checks and checks[t](value)), "")


def values_equal(a: Any, b: Any) -> bool:
    """``rest_are_values_equal``: strict, except int/float compare as numbers."""
    if isinstance(a, (list, dict)) and isinstance(b, (list, dict)):
        return php_json_dumps(a) == php_json_dumps(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return type(a) is type(b) and a == b
