"""SQLite settings for a database several server processes use at once.

* ``journal_mode=WAL``: readers never wait for a writer, nor a writer for readers (the default rollback
  journal locks every reader out while a transaction commits). The mode is stored in the database file.
* ``busy_timeout``: a writer waits for the one before it (bookings serialise on the write lock, see
  :mod:`wpcompat.booking.locks`) instead of failing with "database is locked" after pysqlite's 5 s.
* ``mmap_size``: pages are read through a memory map shared by every connection (the OS page cache)
  instead of a ``read`` call into each connection's own small page cache: list pages and counts that
  range over many tenants' rows cost about a third less.
* ``lower()`` is Python's ``str.lower`` (SQLite's own folds ASCII only), so a case-insensitive
  lookup (the login by e-mail, :mod:`wpcompat.platform.identity`) matches ``É`` to ``é`` as on PostgreSQL.

Applied on every new DBAPI connection of the app's engine; other databases are left alone.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from ..extensions import db

BUSY_TIMEOUT_MS = 30_000
MMAP_BYTES = 256 * 1024 * 1024


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _configure(dbapi_connection, connection_record) -> None:
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    finally:
        cursor.close()


def init_app(app: Flask) -> None:
    """Configure the app's engine's SQLite connections (nothing for other databases)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _configure):
        event.listen(engine, "connect", _configure)
