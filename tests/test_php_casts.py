"""PHP 8's scalar casts. Expected values are what PHP 8.2 (64-bit, stock php.ini) prints for
``var_dump((string) $v)``, ``var_dump((int) $v)``, ``var_dump((float) $v)`` and ``is_numeric``."""
from __future__ import annotations

import math
import time

import pytest

from wpcompat.php.casts import array_key, format_float, is_numeric, php_floatval, php_intval, php_string
from wpcompat.php.limits import PHP_INT_MAX, PHP_INT_MIN, parse_long

HUGE = "9" * 5000  # over Python's 4,300-digit int() limit


@pytest.mark.parametrize("value, expected", [
    (True, "1"), (False, ""), (None, ""), (0, "0"), (-12, "-12"), ("x", "x"), ([1], "Array"),
    (1.0, "1"), (-0.0, "-0"), (1.5, "1.5"), (0.1 + 0.2, "0.3"), (1 / 3, "0.33333333333333"),
    (10000000000000.0, "10000000000000"), (1e14, "1.0E+14"), (123456789012345.0, "1.2345678901234E+14"),
    (1e15, "1.0E+15"), (1e22, "1.0E+22"), (0.0001, "0.0001"), (0.00001, "1.0E-5"), (2.5e-7, "2.5E-7"),
    (-1234.5678, "-1234.5678"), (math.inf, "INF"), (-math.inf, "-INF"), (math.nan, "NAN"),
])
def test_string_cast_uses_precision_14(value, expected):
    assert php_string(value) == expected


@pytest.mark.parametrize("value, expected", [
    (0.1 + 0.2, "0.30000000000000004"), (1e14, "100000000000000"), (1e17, "1.0e+17"), (1e16, "10000000000000000"),
    (0.00001, "1.0e-5"), (-0.0, "-0"), (100.0, "100"),
])
def test_serialize_precision_is_the_shortest_round_trip(value, expected):
    assert format_float(value, -1, "e") == expected


@pytest.mark.parametrize("value, expected", [
    ("12abc", 12), (" 12", 12), ("\n\t-7x", -7), ("+5", 5), ("1e3", 1000), ("1.9", 1), ("-1.9", -1),
    (".5", 0), ("1.", 1), ("1e", 1), ("0x1A", 0), ("abc", 0), ("", 0), ("  ", 0), ("\u0661\u0662", 0),
    ("9223372036854775807", PHP_INT_MAX), ("9223372036854775808", PHP_INT_MAX),
    ("-9223372036854775808", PHP_INT_MIN), ("-9223372036854775809", PHP_INT_MIN),
    ("1e19", PHP_INT_MAX), ("-1e19", PHP_INT_MIN), ("99999999999999999999999999", PHP_INT_MAX),
    ("9" * 308, PHP_INT_MAX),  # still a finite float: capped
    ("9" * 309, 0), ("1e400", 0), ("-" + "9" * 400, 0),  # INF: zend_dval_to_lval_cap gives 0
    ("0" * 5000 + "42", 42),
    (True, 1), (False, 0), (None, 0), ([], 0), ([0], 1), (7, 7),
    (1.9, 1), (-1.9, -1), (math.inf, 0), (math.nan, 0),
    (1e19, -8446744073709551616), (-1e19, 8446744073709551616), (2.0**63, PHP_INT_MIN),  # floats wrap
    (10**30, 5076964154930102272),  # an int beyond 64 bits is the float PHP would have had
])
def test_int_cast(value, expected):
    assert php_intval(value) == expected


@pytest.mark.parametrize("text", [HUGE, "-" + HUGE, "1" + "0" * 100_000, " " + HUGE + "abc", "0" * 10_000])
def test_int_cast_reads_any_number_of_digits(text):
    started = time.perf_counter()
    result = php_intval(text)
    assert time.perf_counter() - started < 1
    assert result == 0  # each is INF as a float (or 0): PHP's (int) answers 0


@pytest.mark.parametrize("value, expected", [
    ("1.5abc", 1.5), (" 1e3 ", 1000.0), ("abc", 0.0), (True, 1.0), (None, 0.0), (10**400, math.inf), (HUGE, math.inf),
])
def test_float_cast(value, expected):
    assert php_floatval(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("12", True), (" 12 ", True), ("1e3", True), (".5", True), ("1.", True), ("-0", True), (HUGE, True),
    ("1e", False), ("0x1A", False), ("", False), (" ", False), ("1 2", False), ("\u0661", False), ("1_000", False),
    (True, False), (None, False), (3, True), (1.5, True), (math.nan, True),
])
def test_is_numeric(value, expected):
    assert is_numeric(value) is expected


@pytest.mark.parametrize("name, expected", [
    ("0", 0), ("12", 12), ("-3", -3), ("9223372036854775807", PHP_INT_MAX), ("-9223372036854775808", PHP_INT_MIN),
    ("9223372036854775808", "9223372036854775808"), ("012", "012"), ("-0", "-0"), ("+1", "+1"), (" 1", " 1"),
    (HUGE, HUGE),
])
def test_array_key(name, expected):
    assert array_key(name) == expected


@pytest.mark.parametrize("digits, expected", [
    ("0", 0), ("-0", 0), ("+007", 7), ("9223372036854775807", PHP_INT_MAX), ("-9223372036854775808", PHP_INT_MIN),
    ("9223372036854775808", None), ("-9223372036854775809", None), (HUGE, None), ("0" * 5000 + "1", 1),
    ("", None), ("1.0", None), (" 1", None),
])
def test_parse_long(digits, expected):
    assert parse_long(digits) == expected
