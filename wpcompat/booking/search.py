"""Substring search as Booknetic does it (SQL ``LIKE '%text%'``, its wildcards included), safe for any input.

Booknetic runs on MySQL, whose default collations compare case-insensitively; so does this, the same way
on every database: both sides are lower-cased (``lower()`` is Unicode-aware on PostgreSQL, and made so on
SQLite by :mod:`wpcompat.sqlite`), and a backslash is a literal character (``ESCAPE '\\'``), never a
trailing escape PostgreSQL would refuse.

A text longer than :data:`MAX_SEARCH` characters cannot occur in any searched column (names, e-mails and
phones are at most a few hundred characters), so it matches nothing — without handing the database a
pattern it refuses (SQLite stops at 50,000 bytes: "LIKE or GLOB pattern too complex").
"""
from __future__ import annotations

from sqlalchemy import BindParameter, ColumnElement, false, func, or_

MAX_SEARCH = 1024


def like_pattern(text: str) -> str | None:
    """The ``LIKE`` pattern for ``text`` anywhere (lower-cased, backslashes literal); None when over-long."""
    if len(text) > MAX_SEARCH:
        return None
    return "%" + text.lower().replace("\\", "\\\\") + "%"


def matches(pattern: str | BindParameter, *columns) -> ColumnElement[bool]:
    """``lower(column) LIKE pattern`` for any of ``columns`` (a :func:`like_pattern`, or a parameter for one)."""
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def contains(text: str, *columns) -> ColumnElement[bool]:
    """``lower(column) LIKE '%text%'`` for any of ``columns``; nothing matches an over-long ``text``."""
    pattern = like_pattern(text)
    return false() if pattern is None else matches(pattern, *columns)
