"""A ``limits`` storage in one SQLite file: the counters every worker process of one ``serve`` shares, with
no other service to run (``memory://`` is per process, so N workers would allow N times the limit).

``wpcompat+sqlite:///path/to/file`` (registered by subclassing :class:`limits.storage.Storage`). A counter is
one row; each hit is one UPSERT, atomic across processes under SQLite's write lock, that starts a new window
once the old one has expired. The file is throwaway state (WAL, no fsync): losing it only forgets counts.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time

from limits.storage import Storage

_SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
_HIT = ("INSERT INTO counters (key, count, expires) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET "
        "count = CASE WHEN expires <= ?4 THEN excluded.count ELSE count + excluded.count END, "
        "expires = CASE WHEN expires <= ?4 THEN excluded.expires ELSE expires END RETURNING count, expires")
#: Expired rows are swept once every this many hits of a process.
_SWEEP_EVERY = 1000


def _with_retries(connection: sqlite3.Connection, statement: str, attempts: int = 50) -> None:
    # Workers starting together all set up the file: switching to WAL (and creating the table) may be refused
    # as busy without waiting for the busy timeout, so the setup waits its turn here.
    for attempt in range(attempts):
        try:
            connection.execute(statement)
            return
        except sqlite3.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.02)


class SQLiteStorage(Storage):
    STORAGE_SCHEME = ["wpcompat+sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.split("://", 1)[1]
        self._local = threading.local()
        self._hits = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread and process (a forked worker never shares its parent's).
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            _with_retries(connection, "PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            _with_retries(connection, _SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        connection = self._connection()
        count, expires = connection.execute(_HIT, (key, amount, now + expiry, now)).fetchone()
        # A hit is followed at once by the window's stats (get, then get_expiry: what wpcompat.ratelimits._hit
        # and limits' strategies do): answered from this row, one statement per counted call instead of three.
        # get_expiry forgets it, so a later read of the key goes to the file again.
        self._local.last = (key, count, expires)
        self._hits += 1
        if self._hits % _SWEEP_EVERY == 0:
            connection.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        return count

    def _just_hit(self, key: str, pop: bool) -> tuple[int, float] | None:
        last = getattr(self._local, "last", None)
        if last is None or last[0] != key:
            return None
        if pop:
            self._local.last = None
        return last[1], last[2]

    def get(self, key: str) -> int:
        just = self._just_hit(key, pop=False)
        if just is not None:
            return just[0]
        row = self._connection().execute("SELECT count FROM counters WHERE key = ? AND expires > ?",
                                         (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        just = self._just_hit(key, pop=True)
        if just is not None:
            return just[1]
        now = time.time()
        row = self._connection().execute("SELECT expires FROM counters WHERE key = ? AND expires > ?",
                                         (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
