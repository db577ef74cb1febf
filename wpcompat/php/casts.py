"""PHP 8's scalar conversions: ``(string)``, ``(int)``/``intval``, ``(float)``, ``is_numeric`` and array keys.

One float-to-string rule, :func:`format_float` (``zend_gcvt``), serves both of PHP's settings:
``(string)``/``strval``/``echo`` print ``precision`` (14) significant digits with an upper-case
exponent beyond 14 integer digits (``0.1 + 0.2`` -> ``"0.3"``, ``1e14`` -> ``"1.0E+14"``), while
``json_encode`` prints ``serialize_precision`` (-1: the shortest round trip) with a lower-case one
(``0.30000000000000004``, ``1.0e+25``); see :mod:`wpcompat.php.json`.

Numeric strings follow ``_is_numeric_string_ex``: leading whitespace, an optional sign, decimal
digits with an optional fraction and exponent (ASCII digits only), and (``is_numeric``) trailing
whitespace. ``(int)`` of a string reads its numeric prefix; an integer beyond 64 bits is read as a
float and capped at ``PHP_INT_MAX``/``PHP_INT_MIN``, except that a number too large even for a float
(over about 309 digits) is ``INF``, which casts to 0. Digit strings of any length are handled without
Python's ``int()`` (which refuses more than 4,300 digits).
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from .limits import PHP_INT_MAX, PHP_INT_MIN, PRECISION, parse_long

_WHITESPACE = " \t\n\r\v\f"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMERIC = re.compile(rf"[{_WHITESPACE}]*{_NUMBER}[{_WHITESPACE}]*")
_NUMERIC_PREFIX = re.compile(rf"[{_WHITESPACE}]*({_NUMBER})")
_INTEGER = re.compile(r"[+-]?[0-9]+")
# ZEND_HANDLE_NUMERIC_STR: optional '-', no leading zero (except "0" itself), no "-0", fits a zend_long.
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_TWO_POW_64 = 2**64


def is_numeric(value: Any) -> bool:
    """PHP 8 ``is_numeric``: ints and floats (even NAN), and numeric strings (whitespace around allowed)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMERIC.fullmatch(value) is not None


def array_key(name: str) -> int | str:
    """The key PHP stores for the string ``name``: an int for a canonical decimal integer that fits
    (``"5"``, ``"-3"``; not ``"05"``, ``"-0"``, ``"+1"``, ``"9223372036854775808"``), else the string."""
    if _CANONICAL_INT.fullmatch(name) and name != "-0":
        number = parse_long(name)
        if number is not None:
            return number
    return name


def php_string(value: Any) -> str:
    """PHP's ``(string)`` / ``strval``: ``true`` -> ``"1"``, ``false``/``null`` -> ``""``, floats as
    :func:`format_float` with ``precision`` 14, an array -> ``"Array"``."""
    if type(value) is str:
        return value
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, (list, dict)):
        return "Array"  # PHP also warns "Array to string conversion"
    return str(value)


def php_intval(value: Any) -> int:
    """PHP's ``(int)`` cast, which is also ``intval($value)``; the result is always a 64-bit int."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if PHP_INT_MIN <= value <= PHP_INT_MAX else _float_to_int(_int_to_float(value))
    if isinstance(value, float):
        return _float_to_int(value)
    if isinstance(value, str):
        return _string_to_int(value)
    if value is None:
        return 0
    return 1 if value else 0  # an array: 1 when non-empty


def php_floatval(value: Any) -> float:
    """PHP's ``(float)`` cast / ``floatval``: a string's numeric prefix (0.0 if none)."""
    if isinstance(value, float):
        return value
    if isinstance(value, int):  # bool included
        return _int_to_float(value)
    if isinstance(value, str):
        match = _NUMERIC_PREFIX.match(value)
        return float(match.group(1)) if match else 0.0
    if value is None:
        return 0.0
    return 1.0 if value else 0.0


def format_float(number: float, precision: int = PRECISION, exponent: str = "E") -> str:
    """``zend_gcvt``: ``precision`` significant digits (<= 0: the shortest round trip, as
    ``serialize_precision = -1``), exponent form when the decimal point is more than ``precision``
    (17 for the shortest form) digits right of the first digit or more than 3 zeros left of it."""
    if math.isnan(number):
        return "NAN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    if number == 0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    sign = "-" if number < 0 else ""
    if precision > 0:
        text, limit = f"{abs(number):.{precision - 1}e}", precision
    else:
        text, limit = repr(abs(number)), 17
    digits_tuple, power = Decimal(text).normalize().as_tuple()[1:]
    digits = "".join(map(str, digits_tuple))
    decpt = len(digits) + power  # position of the decimal point relative to the digits
    if decpt < -3 or decpt > limit:
        mantissa = digits[0] + "." + (digits[1:] or "0")
        power = decpt - 1
        return f"{sign}{mantissa}{exponent}{'-' if power < 0 else '+'}{abs(power)}"
    if decpt <= 0:
        return f"{sign}0.{'0' * -decpt}{digits}"
    if decpt >= len(digits):
        return sign + digits + "0" * (decpt - len(digits))
    return f"{sign}{digits[:decpt]}.{digits[decpt:]}"


def _string_to_int(text: str) -> int:
    match = _NUMERIC_PREFIX.match(text)
    if match is None:
        return 0
    number = match.group(1)
    if _INTEGER.fullmatch(number):
        exact = parse_long(number)
        if exact is not None:
            return exact
    # A fraction, an exponent or an integer beyond 64 bits: PHP reads a float (zend_strtod) and
    # caps it (zend_dval_to_lval_cap), but INF (too large for a float) becomes 0.
    value = float(number)  # float() reads digit strings of any length
    if not math.isfinite(value):
        return 0
    if value >= 2.0**63:
        return PHP_INT_MAX
    if value < -(2.0**63):
        return PHP_INT_MIN
    return int(value)


def _float_to_int(value: float) -> int:
    # zend_dval_to_lval: INF/NAN are 0; beyond 64 bits the value wraps modulo 2**64 (PHP 8.2, 64-bit).
    if not math.isfinite(value):
        return 0
    number = int(value)
    if PHP_INT_MIN <= number <= PHP_INT_MAX:
        return number
    number %= _TWO_POW_64
    return number - _TWO_POW_64 if number > PHP_INT_MAX else number


def _int_to_float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
