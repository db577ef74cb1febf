"""PHP's fixed limits and default ini settings (64-bit PHP 8.2, stock php.ini), each written once.

:func:`parse_long` is the one place a decimal string becomes a ``zend_long``: it judges the length
first, so a string of any length is safe (Python's ``int()`` refuses more than 4,300 digits).
"""
from __future__ import annotations

import re
from typing import Final

PHP_INT_SIZE: Final = 8
PHP_INT_MAX: Final = 2**63 - 1  # ZEND_LONG_MAX
PHP_INT_MIN: Final = -(2**63)  # ZEND_LONG_MIN

PRECISION: Final = 14  # ini precision: (string), echo, strval, implode, sprintf("%s") of a float
SERIALIZE_PRECISION: Final = -1  # ini serialize_precision: json_encode, var_export (shortest round trip)

MAX_INPUT_VARS: Final = 1000  # ini max_input_vars
MAX_INPUT_NESTING_LEVEL: Final = 64  # ini max_input_nesting_level
POST_MAX_SIZE: Final = 8 * 1024 * 1024  # ini post_max_size ("8M")
MAX_FILE_UPLOADS: Final = 20  # ini max_file_uploads
JSON_DECODE_DEPTH: Final = 512  # json_decode()'s default $depth

_LONG_DIGITS = len(str(PHP_INT_MAX))  # 19
_SIGNED_DIGITS = re.compile(r"[+-]?[0-9]+")


def parse_long(digits: str) -> int | None:
    """A signed decimal string (``"-12"``, ``"+007"``) as an int, or None when it lies outside
    ``PHP_INT_MIN..PHP_INT_MAX`` (or is not such a string). Never converts an over-long string."""
    if not _SIGNED_DIGITS.fullmatch(digits):
        return None
    negative = digits[0] == "-"
    magnitude = digits.lstrip("+-").lstrip("0") or "0"
    if len(magnitude) > _LONG_DIGITS:
        return None
    number = -int(magnitude) if negative else int(magnitude)
    return number if PHP_INT_MIN <= number <= PHP_INT_MAX else None
