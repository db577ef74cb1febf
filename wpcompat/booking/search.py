"""Substring search as Booknetic does it (SQL ``LIKE '%text%'``, its wildcards included), safe for any input.

Booknetic runs on MySQL, whose ``utf8mb4_unicode_ci`` tables compare ignoring case and accents, character
by character in ``LIKE``. So does this, the same way on every database: the searched rows keep a search
key of each searched column (:func:`wpcompat.collation.search_key`, kept by the models), and the term is
mapped the same way, its ``%`` and ``_`` kept as wildcards (:func:`wpcompat.collation.like_pattern`). A
key holds no wildcard and no backslash, so nothing needs escaping, and the database compares plain
strings: no function runs per row.

A text longer than :data:`MAX_SEARCH` characters cannot occur in any searched column (names, e-mails and
phones are at most a few hundred characters), so it matches nothing — without handing the database a
pattern it refuses (SQLite stops at 50,000 bytes: "LIKE or GLOB pattern too complex").
"""
from __future__ import annotations

from sqlalchemy import BindParameter, ColumnElement, false, or_

from .. import collation

MAX_SEARCH = 1024


def like_pattern(text: str) -> str | None:
    """The ``LIKE`` pattern over search keys for ``text`` anywhere; None when over-long."""
    return None if len(text) > MAX_SEARCH else collation.like_pattern(text)


def plain_pattern(text: str) -> str | None:
    """The ``LIKE`` pattern for ``text`` anywhere in a column of digits (an id): a backslash is literal
    (``ESCAPE '\\'``); None when over-long."""
    return None if len(text) > MAX_SEARCH else "%" + text.replace("\\", "\\\\") + "%"


def matches(pattern: str | BindParameter, *keys) -> ColumnElement[bool]:
    """``key LIKE pattern`` for any of the search ``keys`` (a :func:`like_pattern`, or a parameter for one)."""
    return or_(*(key.like(pattern) for key in keys))


def contains(text: str, *keys) -> ColumnElement[bool]:
    """Any of the search ``keys`` holds ``text`` (as MySQL's ``LIKE '%text%'``); nothing for an over-long one."""
    pattern = like_pattern(text)
    return false() if pattern is None else matches(pattern, *keys)
