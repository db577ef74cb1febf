"""The schema checks behind REST args, message for message as WordPress words them."""
from __future__ import annotations

import pytest

from wpcompat.formatting import is_email, sanitize_text_field
from wpcompat.rest.args import sanitize_value, validate_value


def _message(value, schema, param="p"):
    error = validate_value(value, schema, param)
    return None if error is None else (error.code, error.message, error.data)


@pytest.mark.parametrize("value, schema, expected", [
    ("3", {"type": "integer", "minimum": 5}, ("rest_out_of_bounds", "p must be greater than or equal to 5", None)),
    ("5", {"type": "integer", "minimum": 5, "exclusiveMinimum": True},
     ("rest_out_of_bounds", "p must be greater than 5", None)),
    (9, {"type": "number", "maximum": 8}, ("rest_out_of_bounds", "p must be less than or equal to 8", None)),
    (8, {"type": "number", "maximum": 8, "exclusiveMaximum": True}, ("rest_out_of_bounds", "p must be less than 8", None)),
    (10, {"type": "integer", "minimum": 1, "maximum": 10, "exclusiveMaximum": True},
     ("rest_out_of_bounds", "p must be between 1 (inclusive) and 10 (exclusive)", None)),
    (7, {"type": "integer", "multipleOf": 5}, ("rest_invalid_multiple", "p must be a multiple of 5.", None)),
    ("c", {"type": "string", "enum": ["a", "b", "x"]}, ("rest_not_in_enum", "p is not one of a, b, and x.", None)),
    ("c", {"type": "string", "enum": ["a"]}, ("rest_not_in_enum", "p is not a.", None)),
    ("1", {"type": "integer", "enum": [1, 2]}, None),  # compared after sanitizing to int
    ("x", {"type": ["integer", "null"]}, ("rest_invalid_type", "p is not of type integer,null.", {"param": "p"})),
    (None, {"type": ["integer", "null"]}, None),
    ({"a": 1}, {"type": "object", "required": ["b"]}, ("rest_property_required", "b is a required property of p.", None)),
    ({"a": 1}, {"type": "object", "additionalProperties": False},
     ("rest_additional_properties_forbidden", "a is not a valid property of Object.", None)),
    ({"a": "x"}, {"type": "object", "properties": {"a": {"type": "integer"}}},
     ("rest_invalid_type", "p[a] is not of type integer.", {"param": "p[a]"})),
    ([1, 1], {"type": "array", "uniqueItems": True}, ("rest_duplicate_items", "p has duplicate items.", None)),
    ([], {"type": "array", "minItems": 1}, ("rest_too_few_items", "p must contain at least 1 item.", None)),
    ("a", {"type": "string", "pattern": "^[0-9]+$"}, ("rest_invalid_pattern", "p does not match pattern ^[0-9]+$.", None)),
    ("x" * 1001, {"type": "string", "maxLength": 1000},
     ("rest_too_long", "p must be at most 1,000 characters long.", None)),
    ("", {"type": "string", "minLength": 1}, ("rest_too_short", "p must be at least 1 character long.", None)),
    ("10.0.0.300", {"type": "string", "format": "ip"}, ("rest_invalid_ip", "p is not a valid IP address.", None)),
    ("#12345", {"type": "string", "format": "hex-color"}, ("rest_invalid_hex_color", "Invalid hex color.", None)),
    ("yes", {"type": "boolean"}, ("rest_invalid_type", "p is not of type boolean.", {"param": "p"})),
    ([1], {"type": "string"}, ("rest_invalid_type", "p is not of type string.", {"param": "p"})),
    ("", {"type": "object"}, None),  # WordPress accepts "" as an empty object
])
def test_validation_messages(value, schema, expected):
    assert _message(value, schema) == expected


@pytest.mark.parametrize("value, schema, expected", [
    ("12abc", {"type": "integer"}, 12),
    ("1e3", {"type": "integer"}, 1000),
    ("2.5", {"type": "number"}, 2.5),
    ("FALSE", {"type": "boolean"}, False),
    ("yes", {"type": "boolean"}, True),
    ("1, 2 ,3", {"type": "array", "items": {"type": "integer"}}, [1, 2, 3]),
    ({3: "a", 7: "b"}, {"type": "array"}, ["a", "b"]),
    ({"a": 1, "b": 2}, {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "string"}}},
     {"a": "1"}),
    (5, {"type": "string"}, "5"),
    (True, {"type": "string"}, "1"),
    ("  <b>x</b>  y ", {"type": "string", "format": "email"}, "x y"),
    ("x", {"type": "null"}, None),
])
def test_sanitized_values(value, schema, expected):
    assert sanitize_value(value, schema, "p") == expected


@pytest.mark.parametrize("email, valid", [
    ("a@b.co", True), ("first.last+tag@sub.example.test", True), ("a@b", False), ("@b.co", False),
    ("a b@c.co", False), ("a@-b.co", False), ("a@b..co", False), ("a@b.co.", False), ("a@b.c_o", False),
])
def test_is_email(email, valid):
    assert is_email(email) is valid


@pytest.mark.parametrize("text, expected", [
    ("  hello   world ", "hello world"),
    ("<script>alert(1)</script>", ""),
    ("a < b", "a &lt; b"),
    ("tab\there", "tab here"),
    ("100%25 sure", "100 sure"),
])
def test_sanitize_text_field(text, expected):
    assert sanitize_text_field(text) == expected
