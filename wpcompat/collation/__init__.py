"""Text compared as MySQL/MariaDB's ``utf8mb4_unicode_ci`` compares it (Booknetic's tables), as plain strings.

Booknetic sorts and searches in the database, whose collation is ``utf8mb4_unicode_ci``: UCA 4.0.0 primary
weights only (``é`` = ``e`` = ``E``, ``ç`` = ``c``, ``ß`` = ``ss``, ``Ł`` its own letter between L and M),
PAD SPACE, every character outside the BMP weighing 0xFFFD. SQLite and PostgreSQL know no such collation,
so the rows keep two derived strings that reproduce it under plain code point order (SQLite's BINARY,
PostgreSQL's ``COLLATE "C"``) and plain ``LIKE``:

* :func:`sort_key`, for ``ORDER BY``: one Private Use character ``chr(0xF0000 + w)`` per weight ``w``,
  trailing space weights dropped (PAD SPACE). Two texts compare as their keys do.
* :func:`search_key`, for ``LIKE``: one character per character, the same for two characters exactly when
  MySQL's ``LIKE`` takes them as equal. MySQL's ``LIKE`` compares character by character, not by weight
  strings: ``'ß' LIKE 'ss'`` is false although ``'ß' = 'ss'``, ``_`` stands for one character, and two
  characters outside the BMP are alike only if they are the same character (``'😀' LIKE '😁'`` is false).
  A character of one weight ``w`` is ``chr(0xF0000 + w)``, an ignorable one (no weight) ``chr(0xF0000)``,
  one of several weights the smallest BMP character of the same weights, one outside the BMP itself.
  :func:`like_pattern` maps a search term the same way, keeping its ``%`` and ``_``: neither can occur
  in a key, nor can a backslash, so no escaping is needed.

The weights are MariaDB's own (``weights.txt``, made by ``python -m wpcompat.collation``), loaded once,
on first use.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

#: Where weight ``w`` is in a sort key, and a character of that one weight in a search key.
BASE = 0xF0000
#: The weight of every character outside the BMP.
NON_BMP_WEIGHT = 0xFFFD
#: A sort key's length at most: ordering beyond this many weights is not distinguished (it keeps a
#: key within what a PostgreSQL index entry holds, whatever a 255-character value expands to).
MAX_SORT_WEIGHTS = 600
#: Characters in planes 15 and 16 (private use) would be mistaken for keys' characters: in a search key
#: they are all this one character (alike each other, like nothing else).
PRIVATE_PLANES = "\U0010FFFD"
#: What a lone surrogate in a search term becomes: no key holds it (weights start at 0x0201), as no
#: stored text holds a lone surrogate.
NO_TEXT = chr(BASE + 1)


@cache
def _weights() -> dict[int, tuple[int, ...]]:
    """Each BMP code point's weights, from ``weights.txt`` (see ``__main__`` for its format)."""
    table: dict[int, tuple[int, ...]] = {}
    for line in Path(__file__).with_name("weights.txt").read_text("ascii").splitlines():
        if line.startswith("#"):
            continue
        start, count, text = line.split(" ")
        step = text.endswith("+")
        first = () if text.rstrip("+") == "-" else tuple(int(w, 16) for w in text.rstrip("+").split("."))
        for i in range(int(count)):
            table[int(start, 16) + i] = first[:-1] + (first[-1] + i,) if step else first
    return table


class _Map(dict):
    """A ``str.translate`` table of the BMP; ``outside(code point)`` answers for the rest."""

    def __init__(self, entries: dict[int, str], outside) -> None:
        super().__init__(entries)
        self._outside = outside

    def __missing__(self, code: int) -> str:
        return self._outside(code)


def _sort_outside(code: int) -> str:
    return chr(BASE + NON_BMP_WEIGHT) if code > 0xFFFF else ""  # a lone surrogate cannot be stored


def _search_outside(code: int) -> str:
    # MySQL's LIKE compares characters outside the BMP by code point: each is its own class.
    if code > 0xFFFF:
        return PRIVATE_PLANES if code >= 0xF0000 else chr(code)
    return NO_TEXT  # a lone surrogate (the table has every other BMP code point)


@cache
def _sort_map() -> _Map:
    return _Map({code: "".join(chr(BASE + w) for w in weights) for code, weights in _weights().items()},
                _sort_outside)


@cache
def _search_map() -> _Map:
    first_of: dict[tuple[int, ...], int] = {}
    for code, weights in sorted(_weights().items()):
        if len(weights) > 1:
            first_of.setdefault(weights, code)
    return _Map({code: chr(BASE + weights[0]) if len(weights) == 1 else chr(first_of[weights]) if weights
                 else chr(BASE) for code, weights in _weights().items()}, _search_outside)


def sort_key(text: str | None) -> str:
    """``text``'s weights as characters: keys compare as ``utf8mb4_unicode_ci`` compares the texts."""
    table = _sort_map()
    # PAD SPACE: trailing weights of a space (a space's, or its equals') count for nothing.
    return (text or "").translate(table)[:MAX_SORT_WEIGHTS].rstrip(table[ord(" ")])


def search_key(text: str | None) -> str:
    """``text`` with each character replaced by its ``LIKE`` class (one character each)."""
    return (text or "").translate(_search_map())


def like_pattern(term: str) -> str:
    """The ``LIKE`` pattern over search keys for ``term`` anywhere in the text, its ``%`` and ``_`` wildcards."""
    table = _search_map()
    return "%" + "".join(c if c in "%_" else table[ord(c)] for c in term) + "%"
