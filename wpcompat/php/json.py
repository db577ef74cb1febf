"""PHP's ``json_encode`` (default flags, byte for byte: what WordPress sends) and ``json_decode``.

:func:`json_decode` is ``json_decode($text, true)``: objects become dicts, ``NaN``/``Infinity`` are
refused, at most :data:`~wpcompat.php.limits.JSON_DECODE_DEPTH` (512) levels, and failures raise
:class:`PhpJsonError` carrying ``json_last_error()`` and its message. It differs from PHP in two
ways, both kept so our validators can name the problem: an integer literal beyond 64 bits stays an
exact int (PHP makes it a float; one over 4,300 digits, which Python cannot read, is a syntax error
here), and a lone ``\\ud800`` escape decodes (PHP refuses it as JSON_ERROR_UTF16).

:func:`php_json_dumps` byte-level rules (PHP 8, ``ext/json/json_encoder.c``):

* strings: ``/`` is escaped as ``\\/``; every non-ASCII character becomes ``\\uXXXX`` with lower-case
  hex (UTF-16 surrogate pairs above U+FFFF); control characters use ``\\b \\f \\n \\r \\t`` or
  ``\\u00XX``; DEL (0x7f) is left as is (Python's ``json`` would escape it);
* separators are compact (``,`` and ``:``), mapping order is kept;
* a PHP array is a JSON list when its keys are exactly ``0..n-1`` in order, so a ``dict`` whose keys
  are ``0, 1, ...`` (as ints or canonical numeric strings, which PHP turns into ints) prints as a list,
  and an **empty** ``dict`` prints as ``[]``. Use :class:`PhpObject` for a value that must print as an
  object (PHP's ``stdClass``; an empty one prints ``{}``);
* floats use PHP's ``serialize_precision = -1`` form (:func:`~wpcompat.php.casts.format_float`): the
  shortest repr, **integral floats without ``.0``** (``10.0`` -> ``10``), exponent form ``1.0e+25``
  outside PHP's fixed range;
  ``Decimal`` values are encoded as PHP encodes the float they convert to (``Decimal("40.00")`` ->
  ``40``, ``Decimal("30.50")`` -> ``30.5``): money held as Decimal reaches the wire as PHP's float
  would. Send a string (``"40.00"``) where the PHP side sends a string;
* ``NaN`` and infinities cannot be encoded (PHP: "Inf and NaN cannot be JSON encoded"):
  :class:`PhpJsonError` is raised, which the REST server answers as ``rest_encode_error``.

:class:`JsonRows` is the fast lane for list pages: rows whose values need none of the PHP rules
above are encoded by orjson in one call (about ten times faster than the standard library's C encoder
on a 20-row page), whose bytes differ from PHP's only in ``/`` and non-ASCII characters, both printed
raw and so escaped afterwards (each can only occur inside a string). orjson escapes control characters
as PHP does (``\n``, ``\u001f``) and leaves DEL as is, as PHP does.
"""
from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import orjson

from .casts import array_key, format_float
from .limits import JSON_DECODE_DEPTH, SERIALIZE_PRECISION

__all__ = ["EncodedJson", "JsonRows", "PhpJsonError", "PhpObject", "json_decode", "php_json_dumps"]

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\/\u0080-\U0010ffff]')
_INT_START = frozenset("-0123456789")
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                  "\t": "\\t"}


# json_last_error() codes and json_last_error_msg() texts
JSON_ERROR_DEPTH = 1
JSON_ERROR_CTRL_CHAR = 3
JSON_ERROR_SYNTAX = 4
JSON_ERROR_UTF8 = 5
JSON_ERROR_INF_OR_NAN = 7
_MESSAGES = {
    JSON_ERROR_DEPTH: "Maximum stack depth exceeded",
    JSON_ERROR_CTRL_CHAR: "Control character error, possibly incorrectly encoded",
    JSON_ERROR_SYNTAX: "Syntax error",
    JSON_ERROR_UTF8: "Malformed UTF-8 characters, possibly incorrectly encoded",
    JSON_ERROR_INF_OR_NAN: "Inf and NaN cannot be JSON encoded",
}


class PhpJsonError(ValueError):
    """PHP could not encode or decode the value: ``code`` is ``json_last_error()``, the message
    (``str(error)``) ``json_last_error_msg()``."""

    def __init__(self, code: int) -> None:
        super().__init__(_MESSAGES[code])
        self.code = code


def _reject_constant(name: str) -> Any:
    raise PhpJsonError(JSON_ERROR_SYNTAX)  # PHP's JSON parser has no NaN/Infinity literals


def json_decode(data: str | bytes, *, depth: int = JSON_DECODE_DEPTH) -> Any:
    """``json_decode($data, true, $depth)``: the value, or :class:`PhpJsonError` (see the module docstring)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise PhpJsonError(JSON_ERROR_UTF8) from None
    try:
        value = json.loads(data, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        control = error.msg.startswith("Invalid control character")
        raise PhpJsonError(JSON_ERROR_CTRL_CHAR if control else JSON_ERROR_SYNTAX) from None
    except RecursionError:
        raise PhpJsonError(JSON_ERROR_DEPTH) from None  # far deeper than PHP's limit
    except PhpJsonError:
        raise
    except ValueError:  # an integer literal Python refuses to read (over 4,300 digits)
        raise PhpJsonError(JSON_ERROR_SYNTAX) from None
    # Nesting cannot exceed the number of opening brackets: count them (C speed) before walking.
    if data.count("[") + data.count("{") > depth and _nesting(value) > depth:
        raise PhpJsonError(JSON_ERROR_DEPTH)
    return value


def _nesting(value: Any) -> int:
    """How many arrays/objects deep ``value`` is (a scalar: 0); iterative."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class PhpObject(dict):
    """A mapping that always encodes as a JSON object, even when empty or list-shaped (``stdClass``)."""


class JsonRows(list):
    """A list of rows that json_encode prints as orjson does (but for escapes), so it is encoded in one call.

    The maker promises: every dict (the rows and any dict inside them) is non-empty with string keys
    that are not integers, and every value is a str, int, bool, None, Decimal (PHP's float), or such a
    dict or a list of them: no Python float. Raw rows (strings and NULLs) and the TeamBooking resources
    are this shape. Anything the fast lane cannot print as PHP does (an integer beyond 64 bits, a Decimal
    out of the range where the shortest float forms agree) sends the page down the exact path instead.
    """


class EncodedJson(str):
    """Text that is already ``json_encode``'s output (PHP's escapes included): printed as it is.

    For a list of thousands of rows of one shape, whose constant parts are encoded once
    (:func:`php_json_dumps`) and whose variable parts are digits and other ASCII that needs no escape.
    """


class _NotPlain(Exception):
    pass


def _plain_decimal(value: object) -> int | float:
    # Within 1e-4 <= |x| < 1e15 PHP's float form is Python's repr, without the ".0" of integral values.
    if type(value) is Decimal:
        number = float(value)
        if number == 0 and math.copysign(1.0, number) > 0:
            return 0
        if 1e-4 <= abs(number) < 1e15:
            return int(number) if number.is_integer() else number
    raise _NotPlain




def php_json_dumps(value: object) -> str:
    """Encode ``value`` as PHP's ``json_encode`` with default flags does; see the module docstring."""
    parts: list[str] = []
    _encode(value, parts)
    return "".join(parts)


def _encode(value: object, out: list[str]) -> None:
    # Fast paths for the exact types that make up nearly every response; the chain below decides the rest.
    kind = type(value)
    if kind is str:
        out.append(_encode_string(value))
        return
    if kind is dict:
        _encode_mapping(value, out)
        return
    if kind is int:
        out.append(str(value))
        return
    if kind is JsonRows:
        _encode_rows(value, out)
        return
    if kind is EncodedJson:
        out.append(value)
        return
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, (float, Decimal)):
        out.append(_encode_float(float(value)))
    elif isinstance(value, Mapping):
        _encode_mapping(value, out)
    elif isinstance(value, (list, tuple)):
        _encode_list(list(value), out)
    else:
        raise TypeError(f"cannot JSON-encode {type(value).__name__} the way PHP would")


def _encode_rows(rows: JsonRows, out: list[str]) -> None:
    encoded = _plain_json(rows)
    if encoded is None:
        _encode_list(rows, out)
    else:
        out.append(encoded)


def _plain_json(rows: JsonRows) -> str | None:
    """orjson's bytes made PHP's, or None when only the exact path prints them as PHP does."""
    try:
        encoded = orjson.dumps(rows, default=_plain_decimal).decode()
    except orjson.JSONEncodeError:  # also what _NotPlain raised in ``default`` becomes
        return None
    if not encoded.isascii():
        # Non-ASCII can only occur inside strings; the codec copies the ASCII around it at C speed.
        encoded = encoded.encode("ascii", _UNICODE_ESCAPES).decode("ascii")
    return encoded.replace("/", "\\/")  # outside strings JSON has no "/": every one is in a string


def _encode_list(items: list, out: list[str]) -> None:
    out.append("[")
    for i, item in enumerate(items):
        if i:
            out.append(",")
        _encode(item, out)
    out.append("]")


def _encode_mapping(mapping: Mapping, out: list[str]) -> None:
    keys = [_php_key(k) for k in mapping]
    if not isinstance(mapping, PhpObject) and all(k == i for i, k in enumerate(keys)):
        _encode_list(list(mapping.values()), out)
        return
    out.append("{")
    for i, (key, item) in enumerate(zip(keys, mapping.values())):
        if i:
            out.append(",")
        out.append(_encoded_key(key))
        out.append(":")
        _encode(item, out)
    out.append("}")


_KEY_CACHE: dict[object, object] = {}
_KEY_CACHE_SIZE = 4096  # field names repeat in every row: encode each once per process


def _encoded_key(key: int | str) -> str:
    encoded = _KEY_CACHE.get(key)
    if encoded is None:
        encoded = _encode_string(str(key))
        if len(_KEY_CACHE) < _KEY_CACHE_SIZE and type(key) is str:
            _KEY_CACHE[key] = encoded
    return encoded  # type: ignore[return-value]


def _php_key(key: object) -> int | str:
    # PHP array keys are ints or strings; canonical decimal strings are stored as ints.
    if type(key) is str and key and key[0] not in _INT_START:
        return key  # the common case (a field name): cannot be an integer key
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise TypeError(f"PHP array keys are int or str, not {type(key).__name__}")
    return array_key(key) if isinstance(key, str) else key


def _escape_char(match: re.Match) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    return short if short is not None else _escape_char_code(ord(char))


def _escape_char_code(code: int) -> str:
    if code > 0xFFFF:
        code -= 0x10000
        return "\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    return "\\u%04x" % code


def _unicode_escapes(error: UnicodeEncodeError) -> tuple[str, int]:
    # A codec error handler: the run of characters ASCII cannot hold, as PHP's \uXXXX escapes.
    run = error.object[error.start:error.end]
    return "".join(_escape_char_code(ord(char)) for char in run), error.end


_UNICODE_ESCAPES = "wpcompat.php-json-unicode-escapes"
codecs.register_error(_UNICODE_ESCAPES, _unicode_escapes)


def _encode_string(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def _encode_float(number: float) -> str:
    """``php_gcvt(value, serialize_precision, '.', 'e')``; INF and NAN cannot be encoded."""
    if math.isnan(number) or math.isinf(number):
        raise PhpJsonError(JSON_ERROR_INF_OR_NAN)
    return format_float(number, SERIALIZE_PRECISION, "e")
