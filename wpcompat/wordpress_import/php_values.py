"""PHP ``serialize()`` values as WordPress and its plugins store them, read with ``phpserialize``.

The library does the parsing; this module fixes what the import needs from it:

* Input is the UTF-8 bytes of the column. PHP counts a string's length in bytes, so ``s:5:"Zoë";`` is
  read by byte length first and only then decoded (invalid UTF-8 is refused, never replaced).
* Arrays become dicts with their int/str keys in order, gaps included (WordPress keeps the keys of the
  records left after a deletion): :func:`as_list` is the values in order.
* Objects become :class:`PhpObject`. PHP names a private member ``"\\0Class\\0name"`` and a protected one
  ``"\\0*\\0name"`` (TeamBooking's ``TeamBookingSettings`` has both); members get their plain names.
* What phpserialize cannot read faithfully is refused with its table, row and column: references
  (``R:``/``r:``, where PHP shares one value between two places), custom serialization (``C:``, a class's own
  format), enums (``E:``), a length that does not match the bytes (a search-and-replace across a dump does
  that), bytes after the value, invalid UTF-8. WordPress itself would read none of these back as written.
"""
from __future__ import annotations

import base64
import binascii
import io
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

import phpserialize

from .findings import Unmappable

#: A TeamBooking column inflates to far less; this bounds what a hostile or broken value can cost.
MAX_INFLATED_BYTES = 64 * 1024 * 1024

#: Type letters PHP writes that phpserialize has no faithful reading for (it lower-cases the letter first).
_REFUSED = {b"r": "a PHP reference (R:/r:), which this import does not follow",
            b"c": "custom serialization (C:, a class's own Serializable format)",
            b"e": "a PHP enum case (E:)"}


@dataclass
class PhpObject:
    """A serialized PHP object: its class name and its members under their plain names."""

    class_name: str
    members: dict = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.members.get(name, default)


def unserialize(raw: str | bytes, table: str, row_id: Any, column: str) -> Any:
    """The value ``raw`` (one column of one row) holds; :class:`Unmappable` naming that place if unreadable."""
    try:
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    except UnicodeEncodeError:
        raise Unmappable(table, row_id, column, "not valid UTF-8 text") from None
    stream = io.BytesIO(data)
    try:
        value = phpserialize.load(stream, decode_strings=True, errors="strict", object_hook=_object,
                                  array_hook=dict)
    except UnicodeDecodeError:
        raise Unmappable(table, row_id, column, "a serialized string is not valid UTF-8") from None
    except (ValueError, TypeError, RecursionError) as error:
        raise Unmappable(table, row_id, column, _why(data, stream.tell(), error)) from None
    if stream.tell() != len(data):
        raise Unmappable(table, row_id, column,
                         f"not a single serialized PHP value: {len(data) - stream.tell()} byte(s) after its end")
    return value


def inflate(text: str | bytes | None, table: str, row_id: Any, column: str) -> Any:
    """A TeamBooking column: base64 of raw DEFLATE (``gzdeflate``) of ``serialize()``.

    As TeamBooking's ``Reservations::decode_object``: text that is not strict base64 is read as a plain
    serialized value (older rows). Empty or NULL is None (TeamBooking leaves such columns empty).
    """
    if text is None or text == "" or text == b"":
        return None
    compressed = _strict_base64(text.encode("ascii", "replace") if isinstance(text, str) else bytes(text))
    if compressed is None:
        return unserialize(text, table, row_id, column)
    inflater = zlib.decompressobj(wbits=-15)
    try:
        serialized = inflater.decompress(compressed, MAX_INFLATED_BYTES)
    except zlib.error as error:
        raise Unmappable(table, row_id, column, f"not base64 of raw DEFLATE data ({error})") from None
    if inflater.unconsumed_tail:
        raise Unmappable(table, row_id, column, f"inflates to more than {MAX_INFLATED_BYTES} bytes")
    if not inflater.eof:
        raise Unmappable(table, row_id, column, "truncated DEFLATE data")
    return unserialize(serialized, table, row_id, column)


def _strict_base64(raw: bytes) -> bytes | None:
    """PHP's ``base64_decode($raw, true)``: None for a character outside the alphabet or misplaced padding;
    as in PHP's strict mode, whitespace is skipped and the final padding may be left out."""
    compact = re.sub(rb"[ \t\r\n]", b"", raw)
    data = compact.rstrip(b"=")
    padding = len(compact) - len(data)
    if b"=" in data or len(data) % 4 == 1 or (padding and (padding > 2 or len(compact) % 4)):
        return None
    try:
        return base64.b64decode(data + b"=" * (-len(data) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def as_list(value: Any, table: str = "?", row_id: Any = None, column: str | None = None) -> list:
    """A PHP array's values in order (keys, and their gaps, dropped); a list stays as it is."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    raise Unmappable(table, row_id, column, f"expected a PHP array, found {_php_type(value)}")


def _object(class_name: str, members: dict) -> PhpObject:
    plain: dict = {}
    for name, value in members.items():
        key = _plain_name(name)
        if key in plain:  # a class and its parent each with a private member of that name
            raise ValueError(f"object of class {class_name} has two members named {key!r}")
        plain[key] = value
    return PhpObject(class_name, plain)


def _plain_name(name: Any) -> Any:
    # "\0Class\0name" (private) and "\0*\0name" (protected) -> "name".
    if isinstance(name, str) and name.startswith("\0"):
        return name.rpartition("\0")[2]
    return name


def _why(data: bytes, position: int, error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "a serialized value nested too deeply to read"
    # phpserialize has just read the type letter it refuses, so it is the byte before the stream position.
    letter = data[position - 1:position].lower()
    if str(error) == "unexpected opcode" and letter in _REFUSED:
        return f"{_REFUSED[letter]} at byte {position - 1}"
    return f"not a readable serialized PHP value (byte {position}: {error})"


def _php_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, PhpObject):
        return f"an object of class {value.class_name}"
    return {int: "an integer", float: "a float", str: "a string"}.get(type(value), type(value).__name__)
