"""The PHP ``filter_var`` filters TeamBooking 2.5.7 applies to its request parameters, and PHP's ``intval``.

Checked against PHP 8.2's CLI (``php -r 'var_dump(filter_var(...));'``). A parameter sent as an array
(``id[]=1``) makes every scalar filter fail: PHP returns ``false``, which ``isset`` still counts as
present. :data:`FAILED` stands for that ``false``; ``None`` means the parameter is absent.
"""
from __future__ import annotations

import re
from typing import Final

FAILED: Final = False  # filter_var()'s result for a non-scalar value: present, but unusable

_PHP_INT_MAX = 2**63 - 1
_PHP_INT_MIN = -(2**63)
_TAG = re.compile(r"<[^>]*(?:>|$)")  # php_strip_tags_ex: an unclosed '<' runs to the end
_NOT_NUMBER_CHAR = re.compile(r"[^0-9+\-]")
_VALID_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_LEADING_INT = re.compile(r"[ \t\n\r\v\f]*([+-]?[0-9]+)")
_TRIM = " \t\n\r\v\0"  # php_filter_int / php_filter_boolean trim these
_TRUE = frozenset({"1", "true", "on", "yes"})


def _scalar_string(value: object) -> str | None:
    """PHP's string view of a scalar request value (query and form values are strings already)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return None


def sanitize_string(value: object) -> str | bool | None:
    """``FILTER_SANITIZE_STRING``: quotes become ``&#39;``/``&#34;``, then tags and NUL bytes are stripped."""
    if value is None:
        return None
    text = _scalar_string(value)
    if text is None:
        return FAILED
    text = text.replace("'", "&#39;").replace('"', "&#34;")
    return _TAG.sub("", text).replace("\0", "")


def sanitize_number_int(value: object) -> str | bool | None:
    """``FILTER_SANITIZE_NUMBER_INT``: keep digits, ``+`` and ``-`` (``"abc"`` becomes ``""``)."""
    if value is None:
        return None
    text = _scalar_string(value)
    return FAILED if text is None else _NOT_NUMBER_CHAR.sub("", text)


def validate_boolean(value: object, default: bool) -> bool:
    """``FILTER_VALIDATE_BOOLEAN`` with a default for an absent parameter: 1/true/on/yes, else false."""
    if value is None:
        return default
    text = _scalar_string(value)
    return text is not None and text.strip(_TRIM).lower() in _TRUE


def validate_int(value: object) -> int | None:
    """``FILTER_VALIDATE_INT`` on a decoded JSON value: the int, or None when PHP would answer ``false``.

    Numeric strings pass (``"5"``, ``" 5"``, ``"+5"``; not ``"05"`` or ``"1e3"``), ``true`` is 1,
    integral floats pass (``12.0``), the result must fit PHP's 64-bit int.
    """
    if isinstance(value, float) and not value.is_integer():
        return None
    text = _scalar_string(value)
    if text is None:
        return None
    text = text.strip(_TRIM)
    if not _VALID_INT.fullmatch(text):
        return None
    return _bounded(text, saturate=False)


def intval(text: str) -> int:
    """PHP ``(int)`` of a string: its leading integer (0 if none), saturated to the 64-bit range."""
    match = _LEADING_INT.match(text)
    return _bounded(match.group(1), saturate=True) if match else 0


def _bounded(digits: str, *, saturate: bool) -> int | None:
    """A signed decimal string as a PHP int: saturated (``intval``) or None (a filter) when out of range.

    Over-long digit strings are judged by length, never converted: Python refuses to parse > 4300 digits.
    """
    negative = digits.startswith("-")
    magnitude = digits.lstrip("+-").lstrip("0") or "0"
    if len(magnitude) <= 19:
        number = -int(magnitude) if negative else int(magnitude)
        if _PHP_INT_MIN <= number <= _PHP_INT_MAX:
            return number
    if not saturate:
        return None
    return _PHP_INT_MIN if negative else _PHP_INT_MAX
