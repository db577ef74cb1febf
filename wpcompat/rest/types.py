"""WordPress's REST type tests and sanitizers (``rest_is_*``, ``rest_sanitize_*``, ``wp_parse_list`` …).

The PHP they are written in (``is_numeric``, ``(string)``, ``(int)``) is :mod:`wpcompat.php.casts`.
"""
from __future__ import annotations

import math
import re
from typing import Any

from ..php.casts import is_numeric, php_floatval, php_string
from ..php.json import php_json_dumps


def is_integer(value: Any) -> bool:
    """``rest_is_integer``: numeric and integral (``"5.0"`` counts)."""
    if not is_numeric(value):
        return False
    number = php_floatval(value)
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
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return php_floatval(a) == php_floatval(b)
    return type(a) is type(b) and a == b
