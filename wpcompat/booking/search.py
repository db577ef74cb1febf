"""Substring search as Booknetic does it (SQL ``LIKE '%text%'``, its wildcards included), safe for any input.

Booknetic runs on MySQL, whose default collations compare case-insensitively; so does this, the same way
on every database: both sides are lower-cased (``lower()`` is Unicode-aware on PostgreSQL, and made so on
SQLite by :mod:`wpcompat.database.sqlite`), and a backslash is a literal character (``ESCAPE '\\'``), never a
trailing escape PostgreSQL would refuse. On SQLite, whose ``lower()`` is therefore a Python function, a
value of printable ASCII only is not lower-cased at all: SQLite's ``LIKE`` already ignores the case of
ASCII letters, and the pattern is lower-case, so the match is the same and a search over thousands of
rows calls Python only for the values that need it.

A text longer than :data:`MAX_SEARCH` characters cannot occur in any searched column (names, e-mails and
phones are at most a few hundred characters), so it matches nothing — without handing the database a
pattern it refuses (SQLite stops at 50,000 bytes: "LIKE or GLOB pattern too complex").
"""
from __future__ import annotations

from sqlalchemy import BindParameter, ColumnElement, String, false, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

MAX_SEARCH = 1024


def like_pattern(text: str) -> str | None:
    """The ``LIKE`` pattern for ``text`` anywhere (lower-cased, backslashes literal); None when over-long."""
    if len(text) > MAX_SEARCH:
        return None
    return "%" + text.lower().replace("\\", "\\\\") + "%"


class folded(FunctionElement):  # noqa: N801 - a SQL function, named as SQL functions are
    """A text value as searches compare it: lower-cased (see the module docstring for SQLite's shortcut)."""

    type = String()
    inherit_cache = True


@compiles(folded)
def _folded(element: folded, compiler, **kw) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler, **kw) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CASE WHEN {value} GLOB '*[^ -~]*' THEN lower({value}) ELSE {value} END"


def matches(pattern: str | BindParameter, *columns) -> ColumnElement[bool]:
    """``lower(column) LIKE pattern`` for any of ``columns`` (a :func:`like_pattern`, or a parameter for one)."""
    return or_(*(folded(column).like(pattern, escape="\\") for column in columns))


def contains(text: str, *columns) -> ColumnElement[bool]:
    """``lower(column) LIKE '%text%'`` for any of ``columns``; nothing matches an over-long ``text``."""
    pattern = like_pattern(text)
    return false() if pattern is None else matches(pattern, *columns)
