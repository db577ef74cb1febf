"""Substring search as Booknetic does it (SQL ``LIKE '%text%'``, its wildcards included), safe for any input.

A text longer than :data:`MAX_SEARCH` characters cannot occur in any searched column (names, e-mails and
phones are at most a few hundred characters), so it matches nothing — without handing the database a
pattern it refuses (SQLite stops at 50,000 bytes: "LIKE or GLOB pattern too complex").
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_

MAX_SEARCH = 1024


def contains(text: str, *columns) -> ColumnElement[bool]:
    """``column LIKE '%text%'`` for any of ``columns``; nothing matches an over-long ``text``."""
    if len(text) > MAX_SEARCH:
        return false()
    like = f"%{text}%"
    return or_(*(column.like(like) for column in columns))
