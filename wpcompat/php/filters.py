"""PHP's ``filter_var``: the filters TeamBooking 2.5.7 applies to its request parameters and resources.

Checked against PHP 8.2's CLI (``php -r 'var_dump(filter_var(...));'``). A scalar is filtered as its
``(string)`` (:func:`~wpcompat.php.casts.php_string`: ``12.0`` is ``"12"``, ``1e15`` is ``"1.0E+15"``).
A parameter sent as an array (``id[]=1``) makes every scalar filter fail: PHP returns ``false``, which
``isset`` still counts as present. :data:`FAILED` stands for that ``false``; ``None`` means the
parameter is absent.
"""
from __future__ import annotations

import re
from typing import Final

from .casts import php_string
from .limits import parse_long

FAILED: Final = False  # filter_var()'s result for a non-scalar value: present, but unusable

_TAG = re.compile(r"<[^>]*(?:>|$)")  # php_strip_tags_ex: an unclosed '<' runs to the end
_NOT_NUMBER_CHAR = re.compile(r"[^0-9+\-]")
_VALID_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_TRIM = " \t\n\r\v\0"  # php_filter_int / php_filter_boolean trim these
_TRUE = frozenset({"1", "true", "on", "yes"})


def _scalar_string(value: object) -> str | None:
    """The string a filter works on; None for a non-scalar (the filter fails)."""
    return php_string(value) if isinstance(value, (str, int, float)) else None  # bool is an int


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
    integral floats pass (``12.0``; not from ``1e14`` on, whose string has an exponent), the result must
    fit PHP's 64-bit int.
    """
    if isinstance(value, float) and not value.is_integer():
        return None
    text = _scalar_string(value)
    if text is None:
        return None
    text = text.strip(_TRIM)
    return parse_long(text) if _VALID_INT.fullmatch(text) else None
