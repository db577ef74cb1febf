"""PHP's query-string and form parsing: what ``parse_str``, ``$_GET`` and ``$_POST`` make of a request.

Mirrors ``php_default_treat_data`` and ``php_register_variable_ex`` (PHP 8.2, ``main/php_variables.c``):

* pairs are split on ``&`` only (empty pieces skipped); name and value are ``urldecode``d (``+`` is a
  space, ``%XX`` a byte, a malformed ``%`` sequence stays literal); a name without ``=`` gets ``""``;
* ``a[b][c]=1`` nests, ``a[]=x`` appends at the array's next free index (largest int key + 1);
  numeric-string keys (``"5"``, ``"-3"``; not ``"05"``, ``"-0"``, ``"+1"``) become ints
  (:func:`~wpcompat.php.casts.array_key`);
* the last assignment wins and may replace the type (``a=1&a[]=2`` gives a list);
* in the top-level name leading spaces are dropped and ``.``/`` `` become ``_``; an unmatched ``[``
  becomes ``_`` (and ``.``/`` ``/``[`` after it too); text after a ``]`` that is not ``[`` is ignored;
  an empty top-level name (``[a]=1``, ``=1``) is dropped; a NUL byte ends a name;
* only the first ``max_input_vars`` (1000) pairs count (``$_POST`` counts differently: see
  :func:`parse_form_body`); a name nested deeper than
  ``max_input_nesting_level`` (64) brackets deletes that whole top-level variable.

**Representation.** A PHP array becomes a ``list`` when its keys are exactly ``0..n-1`` in order
(what ``json_encode`` prints as ``[...]``) and a ``dict`` with ``int``/``str`` keys otherwise, so
encoding the result reproduces PHP's JSON. The parser builds :class:`_PhpArray` values (which track
PHP's next free index) and converts them in one final pass, :meth:`_PhpArray.to_python`. The top level
(the superglobal itself) is always a ``dict``, since callers index it by name. Leaf values
are ``str``: the decoded bytes are read as UTF-8, invalid sequences becoming U+FFFD (PHP keeps the raw
bytes, but a ``str`` API cannot, and PHP's ``json_encode`` refuses such strings anyway).
"""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import unquote_to_bytes

from .casts import array_key
from .limits import MAX_INPUT_NESTING_LEVEL, MAX_INPUT_VARS, PHP_INT_MAX

_NAME_MANGLE = str.maketrans({" ": "_", ".": "_"})
_TAIL_MANGLE = str.maketrans({" ": "_", ".": "_", "[": "_"})

PhpKey = int | str


def urldecode(raw: bytes) -> bytes:
    """PHP ``urldecode``: ``+`` is a space, ``%XX`` a byte; a ``%`` not followed by two hex digits stays."""
    # unquote_to_bytes keeps malformed escapes literally, as PHP does.
    return unquote_to_bytes(raw.replace(b"+", b" "))


class _PhpArray:
    """An ordered PHP array under construction: its items and ``nNextFreeElement``."""

    __slots__ = ("items", "next_index")

    def __init__(self) -> None:
        self.items: dict[PhpKey, Any] = {}
        # PHP 8.2: the first append goes to 0, whatever negative keys came before.
        self.next_index = 0

    def set(self, key: PhpKey, value: Any) -> None:
        self.items[key] = value
        if isinstance(key, int) and key >= self.next_index:
            self.next_index = key + 1 if key < PHP_INT_MAX else PHP_INT_MAX

    def append(self, value: Any) -> bool:
        """``$a[] = value``; False when PHP's next index is exhausted (the value is dropped)."""
        if self.next_index in self.items:
            return False
        self.set(self.next_index, value)
        return True

    def child(self, key: PhpKey) -> _PhpArray:
        """``$a[key]`` as an array, replacing (in place) a scalar already stored there."""
        current = self.items.get(key)
        if not isinstance(current, _PhpArray):
            current = _PhpArray()
            self.set(key, current)
        return current

    def to_python(self) -> list | dict:
        """A list when the keys are exactly 0..n-1 in order (PHP's JSON list test), else a dict."""
        converted = {k: v.to_python() if isinstance(v, _PhpArray) else v for k, v in self.items.items()}
        if all(k == i for i, k in enumerate(converted)):  # int keys only: True == 1 cannot occur
            return list(converted.values())
        return converted


def register(track: _PhpArray, name: str, value: str) -> None:
    """``php_register_variable_ex``: store ``value`` under the (bracketed) variable ``name``."""
    name = name.split("\0", 1)[0].lstrip(" ")
    bracket = name.find("[")
    base = (name if bracket < 0 else name[:bracket]).translate(_NAME_MANGLE)
    if not base:
        return
    if bracket < 0:
        track.set(array_key(base), value)
        return
    rest = name[bracket:]  # starts with '['
    target, index = track, array_key(base)  # index None means "append"
    pos, level = 0, 0
    while True:
        level += 1
        if level > MAX_INPUT_NESTING_LEVEL:
            # PHP drops the whole top-level variable, including what earlier pairs put there.
            track.items.pop(array_key(base), None)
            return
        start = pos + 1
        probe = start + 1 if rest[start:start + 1] in (" ", "\r", "\n", "\t") else start
        if rest[probe:probe + 1] == "]":
            sub, close = None, probe
        else:
            close = rest.find("]", probe)
            if close < 0:
                # Unmatched '[': at the top level it becomes '_' and the name runs on (mangled);
                # deeper down the value lands on the last complete index.
                if level == 1:
                    index = array_key(base + "_" + rest[start:].translate(_TAIL_MANGLE))
                break
            sub = array_key(rest[start:close])
        if index is None:
            child = _PhpArray()
            if not target.append(child):
                return
        else:
            child = target.child(index)
        target, index = child, sub
        pos = close + 1
        if rest[pos:pos + 1] != "[":
            break  # anything after ']' that is not '[' is ignored
    if index is None:
        target.append(value)
    else:
        target.set(index, value)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def parse_str(raw: str | bytes, *, max_input_vars: int = MAX_INPUT_VARS) -> dict:
    """PHP ``parse_str`` (and ``$_GET``) of a query string or urlencoded body; see the module docstring.

    A ``str`` argument is encoded as UTF-8 first. The top level is always a dict (``{}`` for no
    variables); nested arrays are lists or dicts as described in the module docstring.
    """
    data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    track = _PhpArray()
    count = 0
    for piece in data.split(b"&"):
        if not piece:
            continue  # php_strtok_r skips empty tokens; they do not count towards max_input_vars
        count += 1
        if count > max_input_vars:
            break
        name, sep, value = piece.partition(b"=")
        register(track, _decode(urldecode(name)), _decode(urldecode(value)) if sep else "")
    return _top_level(track)


def parse_form_body(raw: bytes, *, max_input_vars: int = MAX_INPUT_VARS) -> dict:
    """``$_POST`` from an ``application/x-www-form-urlencoded`` body, as ``php_std_post_handler`` builds it.

    Same rules as :func:`parse_str` except how ``max_input_vars`` counts (verified with PHP 8.2):
    empty pieces (``&&``) count, and the check runs after each variable is stored, so the body's
    first ``max_input_vars + 1`` pieces are kept. A trailing ``&`` adds no piece.
    """
    track = _PhpArray()
    pieces = bytes(raw).split(b"&")
    if not pieces[-1]:
        pieces.pop()
    for count, piece in enumerate(pieces, start=1):
        name, sep, value = piece.partition(b"=")
        register(track, _decode(urldecode(name)), _decode(urldecode(value)) if sep else "")
        if count > max_input_vars:
            break
    return _top_level(track)


def php_params(pairs: Iterable[tuple[str, str]], *, max_input_vars: int = MAX_INPUT_VARS) -> dict:
    """Build a PHP superglobal from already-decoded ``(name, value)`` pairs (e.g. a multipart form).

    Same naming, nesting and limits as :func:`parse_str` (the first ``max_input_vars`` pairs, as
    PHP's multipart parser counts), without the URL decoding.
    """
    track = _PhpArray()
    for count, (name, value) in enumerate(pairs, start=1):
        if count > max_input_vars:
            break
        register(track, name, value)
    return _top_level(track)


def array_merge(*arrays: dict) -> dict:
    """PHP ``array_merge``: string keys of later arrays win; integer keys are renumbered and appended."""
    merged = _PhpArray()
    for array in arrays:
        for key, value in array.items():
            if isinstance(key, int):
                merged.append(value)
            else:
                merged.set(key, value)
    return _top_level(merged)


def _top_level(track: _PhpArray) -> dict:
    # A superglobal is indexed by name, so the top level stays a dict even when its keys are 0..n-1
    # (PHP would JSON-encode $_GET of "0=a" as ["a"]); nested arrays follow the list rule.
    return {k: v.to_python() if isinstance(v, _PhpArray) else v for k, v in track.items.items()}
