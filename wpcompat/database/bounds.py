"""What the database can store, written once: the id range, and text without NUL.

Ids are INTEGER columns, 32-bit on PostgreSQL, so an id beyond :data:`MAX_ID` exists nowhere: input
ids go through :func:`row_id`, and a lookup of one that cannot be a row's answers as a missing id does
(:func:`id_filter`, :func:`wpcompat.booking.lookup.get_row`) without asking the database.

PostgreSQL refuses NUL in text (psycopg raises ``DataError``) where SQLite would store it, so text with
NUL is never sent to either (:func:`is_storable_text` for the input checks that answer nicely; lone surrogates likewise). The net under
those checks is :func:`guard_engine`: a statement whose parameters hold a NUL string, or an integer the
database cannot hold, raises :class:`UnstorableValue` before it runs (on SQLite as on PostgreSQL), and
each URL family answers that in its own format (a 400), having rolled back: nothing half-written.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Flask

from sqlalchemy import ColumnElement, event, false
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from ..extensions import db

#: The largest id a row can have (PostgreSQL ``integer``); SQLite is held to the same bound.
MAX_ID = 2**31 - 1
#: The widest integer any column holds (``bigint``; SQLite's INTEGER).
MAX_BIGINT = 2**63 - 1


_UNSTORABLE_CHARACTER = re.compile(r"[\x00\ud800-\udfff]")


class UnstorableValue(ValueError):
    """A value that no column can hold reached a statement: input that escaped its check."""


def is_row_id(value: object) -> bool:
    """Could ``value`` be a row's id (an int in ``1..MAX_ID``)? Anything else is found nowhere."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def row_id(value: int | None) -> int | None:
    """``value`` if it could be a row's id, else None (an id that names no row)."""
    return value if is_row_id(value) else None


def id_filter(column, value: int) -> ColumnElement[bool]:
    """``column = value``, or false when ``value`` cannot be an id (matches nothing, asks nothing impossible)."""
    return column == value if is_row_id(value) else false()


def is_storable_text(text: str) -> bool:
    """Can both databases hold ``text``? Not with a NUL (PostgreSQL refuses it) or a lone surrogate
    (not encodable as UTF-8, so no driver sends it)."""
    return _UNSTORABLE_CHARACTER.search(text) is None


def _unstorable(value: Any) -> bool:
    if type(value) is str:
        return _UNSTORABLE_CHARACTER.search(value) is not None
    if type(value) is int:
        return not -MAX_BIGINT - 1 <= value <= MAX_BIGINT
    return False


def _check_parameters(conn, cursor, statement, parameters, context, executemany) -> None:
    # One row (a tuple or dict), or several; "executemany" is also set for a batch SQLAlchemy sends as one row.
    rows = parameters if parameters and isinstance(parameters[0] if isinstance(parameters, (list, tuple))
                                                   else None, (list, tuple, dict)) else (parameters,)
    for row in rows:
        values = row.values() if isinstance(row, dict) else row or ()
        for value in values:
            if _unstorable(value):
                raise UnstorableValue("a value cannot be stored (NUL in text, or an integer out of range)")


def _translate_error(context) -> UnstorableValue | None:
    # PostgreSQL's 32-bit columns refuse what the 64-bit check above lets through ("integer out of range").
    original = context.original_exception
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(context.sqlalchemy_exception, DBAPIError) and sqlstate in ("22003", "22021", "22P05"):
        return UnstorableValue(str(original).splitlines()[0])
    return None


def guard_engine(engine: Engine) -> None:
    """Install the net on ``engine`` (once)."""
    if not event.contains(engine, "before_cursor_execute", _check_parameters):
        event.listen(engine, "before_cursor_execute", _check_parameters)
        event.listen(engine, "handle_error", _translate_error)


def init_app(app: Flask) -> None:
    """Install the net on the app's engine, whatever the database."""
    with app.app_context():
        guard_engine(db.engine)
