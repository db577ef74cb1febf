"""PHP's filter_var as TeamBooking uses it; expected values from PHP 8.2's ``var_dump(filter_var(...))``."""
from __future__ import annotations

import pytest

from wpcompat.php.filters import FAILED, sanitize_number_int, sanitize_string, validate_boolean, validate_int

HUGE = "9" * 5000


@pytest.mark.parametrize("value, expected", [
    ("5", 5), (" 5 ", 5), ("+5", 5), ("-5", -5), ("0", 0), ("05", None), ("1e3", None), ("5.0", None), ("", None),
    (True, 1), (False, None), (12.0, 12), (12.5, None), (1e14, None),  # (string) 1e14 is "1.0E+14"
    ("9223372036854775807", 9223372036854775807), ("9223372036854775808", None), (HUGE, None), ("-" + HUGE, None),
    ([5], None), (None, None),
])
def test_validate_int(value, expected):
    assert validate_int(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("a'b\"c<b>d</b>\0", "a&#39;b&#34;cd"), ("x<y", "x"), (12, "12"), (1.5, "1.5"), (0.1 + 0.2, "0.3"),
    (True, "1"), ([1], FAILED), (None, None),
])
def test_sanitize_string(value, expected):
    assert sanitize_string(value) == expected


@pytest.mark.parametrize("value, expected", [("12abc-3+", "12-3+"), ("abc", ""), (1e20, "10+20"), ({}, FAILED), (None, None)])
def test_sanitize_number_int(value, expected):
    assert sanitize_number_int(value) == expected


@pytest.mark.parametrize("value, default, expected", [
    ("yes", False, True), (" On ", False, True), ("1", False, True), ("0", True, False), ("maybe", True, False),
    (None, True, True), (None, False, False), (["1"], True, False),
])
def test_validate_boolean(value, default, expected):
    assert validate_boolean(value, default) is expected
