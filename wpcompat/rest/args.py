"""Argument schemas: WordPress's ``rest_validate_value_from_schema`` / ``rest_sanitize_value_from_schema``.

Supported keywords: ``type`` (integer, number, string, boolean, array, object, null, or a list of
them), ``enum``, ``minimum``/``maximum`` (+ ``exclusiveMinimum``/``exclusiveMaximum``), ``multipleOf``,
``minLength``/``maxLength``, ``pattern``, ``format`` (email, uuid, date-time, ip, hex-color),
``items``, ``minItems``/``maxItems``/``uniqueItems``, ``properties``/``additionalProperties``/
``required``; per-arg ``required``, ``default``, ``validate_callback`` and ``sanitize_callback``.
Not supported: ``anyOf``/``oneOf``/``patternProperties`` (ignored).

How a request's params are checked against these schemas is :mod:`wpcompat.rest.params`.
"""
from __future__ import annotations

import math
import re
from typing import Any

from ..formatting import is_email, is_ip_address, is_uuid, parse_rest_date, sanitize_text_field
from ..php.casts import is_numeric, php_floatval, php_intval, php_string
from ..php.json import php_json_dumps
from .errors import RestError
from .types import as_list, as_object, best_type, is_array, is_boolean, is_integer, is_object, is_scalar, values_equal

#: ``rest_get_allowed_schema_keywords()``: what the index shows of an arg (plus ``required``).
ALLOWED_SCHEMA_KEYWORDS = (
    "title", "description", "default", "type", "format", "enum", "items", "properties", "additionalProperties",
    "patternProperties", "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems",
    "uniqueItems", "anyOf", "oneOf",
)
# Formats rest_sanitize_value_from_schema cleans with sanitize_text_field().
_TEXT_FORMATS = ("date-time", "email", "ip", "uuid", "text-field")
_HEX_COLOR = re.compile(r"#([A-Fa-f0-9]{3}){1,2}")


def _invalid_type(param: str, type_name: str) -> RestError:
    return RestError("rest_invalid_type", f"{param} is not of type {type_name}.", param=param)


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _check_bounds(value: Any, schema: dict, param: str) -> RestError | None:
    number = php_floatval(value)
    low, high = schema.get("minimum"), schema.get("maximum")
    ex_low, ex_high = bool(schema.get("exclusiveMinimum")), bool(schema.get("exclusiveMaximum"))
    if low is not None and high is None:
        if (ex_low and number <= low) or (not ex_low and number < low):
            word = "greater than" if ex_low else "greater than or equal to"
            return RestError("rest_out_of_bounds", f"{param} must be {word} {php_intval(low)}")
    if high is not None and low is None:
        if (ex_high and number >= high) or (not ex_high and number > high):
            word = "less than" if ex_high else "less than or equal to"
            return RestError("rest_out_of_bounds", f"{param} must be {word} {php_intval(high)}")
    if low is not None and high is not None:
        too_low = number <= low if ex_low else number < low
        too_high = number >= high if ex_high else number > high
        if too_low or too_high:
            lo_word, hi_word = ("exclusive" if ex_low else "inclusive"), ("exclusive" if ex_high else "inclusive")
            return RestError("rest_out_of_bounds", f"{param} must be between {php_intval(low)} ({lo_word}) "
                                                   f"and {php_intval(high)} ({hi_word})")
    return None


def _validate_number(value: Any, schema: dict, param: str, type_name: str) -> RestError | None:
    if not is_numeric(value):
        return _invalid_type(param, type_name)
    multiple = schema.get("multipleOf")
    if multiple and math.fmod(php_floatval(value), php_floatval(multiple)) != 0.0:
        return RestError("rest_invalid_multiple", f"{param} must be a multiple of {php_string(multiple)}.")
    error = _check_bounds(value, schema, param)
    if error is None and type_name == "integer" and not is_integer(value):
        error = _invalid_type(param, "integer")
    return error


def _validate_string(value: Any, schema: dict, param: str) -> RestError | None:
    if not isinstance(value, str):
        return _invalid_type(param, "string")
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and len(value) < low:
        noun = _plural(low, "character", "characters")
        return RestError("rest_too_short", f"{param} must be at least {low:,} {noun} long.")
    if high is not None and len(value) > high:
        noun = _plural(high, "character", "characters")
        return RestError("rest_too_long", f"{param} must be at most {high:,} {noun} long.")
    pattern = schema.get("pattern")
    if pattern is not None and not re.search(pattern, value):
        return RestError("rest_invalid_pattern", f"{param} does not match pattern {pattern}.")
    return None


def _validate_array(value: Any, schema: dict, param: str) -> RestError | None:
    if not is_array(value):
        return _invalid_type(param, "array")
    items = as_list(value)
    if "items" in schema:
        for index, item in enumerate(items):
            error = validate_value(item, schema["items"], f"{param}[{index}]")
            if error is not None:
                return error
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and len(items) < low:
        return RestError("rest_too_few_items",
                         f"{param} must contain at least {low} {_plural(low, 'item', 'items')}.")
    if high is not None and len(items) > high:
        return RestError("rest_too_many_items",
                         f"{param} must contain at most {high} {_plural(high, 'item', 'items')}.")
    if schema.get("uniqueItems") and len({php_json_dumps(i) for i in items}) != len(items):
        return RestError("rest_duplicate_items", f"{param} has duplicate items.")
    return None


def _validate_object(value: Any, schema: dict, param: str) -> RestError | None:
    if not is_object(value):
        return _invalid_type(param, "object")
    obj = as_object(value)
    properties = schema.get("properties") or {}
    required = schema.get("required")
    names = required if isinstance(required, list) else [
        name for name, prop in properties.items() if prop.get("required") is True]
    for name in names:
        if name not in obj:
            return RestError("rest_property_required", f"{name} is a required property of {param}.")
    extra = schema.get("additionalProperties")
    for key, item in obj.items():
        if key in properties:
            error = validate_value(item, properties[key], f"{param}[{key}]")
        elif extra is False:
            error = RestError("rest_additional_properties_forbidden", f"{key} is not a valid property of Object.")
        elif isinstance(extra, dict):
            error = validate_value(item, extra, f"{param}[{key}]")
        else:
            error = None
        if error is not None:
            return error
    return None


def _validate_format(value: Any, schema: dict, param: str) -> RestError | None:
    fmt = schema["format"]
    if fmt == "date-time" and not parse_rest_date(value):
        return RestError("rest_invalid_date", "Invalid date.")
    if fmt == "email" and not is_email(value):
        return RestError("rest_invalid_email", "Invalid email address.")
    if fmt == "uuid" and not is_uuid(value):
        return RestError("rest_invalid_uuid", f"{param} is not a valid UUID.")
    if fmt == "ip" and not is_ip_address(value):
        return RestError("rest_invalid_ip", f"{param} is not a valid IP address.")
    if fmt == "hex-color" and not (isinstance(value, str) and _HEX_COLOR.fullmatch(value)):
        return RestError("rest_invalid_hex_color", "Invalid hex color.")
    return None


def _enum_error(value: Any, schema: dict, param: str) -> RestError | None:
    sanitized = sanitize_value(value, schema, param)
    if isinstance(sanitized, RestError):
        return sanitized
    if any(values_equal(sanitized, option) for option in schema["enum"]):
        return None
    shown = [php_string(o) if is_scalar(o) else php_json_dumps(o) for o in schema["enum"]]
    if len(shown) == 1:
        return RestError("rest_not_in_enum", f"{param} is not {shown[0]}.")
    # wp_sprintf's %l: "a and b", "a, b, and c".
    listed = " and ".join(shown) if len(shown) == 2 else ", ".join(shown[:-1]) + f", and {shown[-1]}"
    return RestError("rest_not_in_enum", f"{param} is not one of {listed}.")


def _resolve_type(value: Any, schema: dict) -> str | None:
    type_ = schema.get("type")
    if isinstance(type_, list):
        return best_type(value, type_) or ""
    return type_


def validate_value(value: Any, schema: dict, param: str) -> RestError | None:
    """``rest_validate_value_from_schema``: None when valid, else the error."""
    type_ = _resolve_type(value, schema)
    if type_ == "":
        return _invalid_type(param, ",".join(schema["type"]))
    checks = {
        "null": lambda: None if value is None else _invalid_type(param, "null"),
        "boolean": lambda: None if is_boolean(value) else _invalid_type(param, "boolean"),
        "object": lambda: _validate_object(value, schema, param),
        "array": lambda: _validate_array(value, schema, param),
        "number": lambda: _validate_number(value, schema, param, "number"),
        "integer": lambda: _validate_number(value, schema, param, "integer"),
        "string": lambda: _validate_string(value, schema, param),
    }
    error = checks[type_]() if type_ in checks else None
    if error is None and schema.get("enum"):
        error = _enum_error(value, {**schema, "type": type_} if type_ else schema, param)
    if error is None and "format" in schema and (type_ is None or type_ == "string" or type_ not in checks):
        error = _validate_format(value, schema, param)
    return error


def sanitize_value(value: Any, schema: dict, param: str) -> Any:
    """``rest_sanitize_value_from_schema``: the sanitized value (or a RestError for duplicate items)."""
    type_ = _resolve_type(value, schema)
    if type_ == "":
        return value
    if type_ == "array":
        items = as_list(value)
        if schema.get("items"):
            items = [sanitize_value(v, schema["items"], f"{param}[{i}]") for i, v in enumerate(items)]
        if schema.get("uniqueItems") and len({php_json_dumps(i) for i in items}) != len(items):
            return RestError("rest_duplicate_items", f"{param} has duplicate items.")
        return items
    if type_ == "object":
        obj, properties, extra = as_object(value), schema.get("properties") or {}, schema.get("additionalProperties")
        for key in list(obj):
            if key in properties:
                obj[key] = sanitize_value(obj[key], properties[key], f"{param}[{key}]")
            elif extra is False:
                del obj[key]
            elif isinstance(extra, dict):
                obj[key] = sanitize_value(obj[key], extra, f"{param}[{key}]")
        return obj
    if type_ == "null":
        return None
    if type_ == "integer":
        return php_intval(value)
    if type_ == "number":
        return php_floatval(value)
    if type_ == "boolean":
        # rest_sanitize_boolean: "false" and "0" are false, anything else PHP-truthy is true.
        return False if isinstance(value, str) and value.lower() in ("false", "0") else bool(value)
    if "format" in schema and (type_ is None or type_ == "string"):
        if schema["format"] in _TEXT_FORMATS:
            return sanitize_text_field(value)
        if schema["format"] == "hex-color":
            return value if isinstance(value, str) and _HEX_COLOR.fullmatch(value) else ""
    if type_ == "string":
        return php_string(value) if is_scalar(value) or value is None else value
    return value


def index_args(args: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An endpoint's args as the index shows them: the allowed schema keywords, then ``required``."""
    shown = {}
    for name, options in args.items():
        options = options if isinstance(options, dict) else {}
        data = {key: value for key, value in options.items() if key in ALLOWED_SCHEMA_KEYWORDS}
        data["required"] = bool(options.get("required"))
        shown[name] = data
    return shown
