"""A WordPress database, read-only, in one consistent snapshot.

The import reads a live MySQL/MariaDB database (PyMySQL through SQLAlchemy) that WordPress goes on
writing to. Every query of one import runs in a single ``REPEATABLE READ`` transaction opened ``WITH
CONSISTENT SNAPSHOT`` and marked ``READ ONLY`` (the session too), so the tables agree with each other as
of one instant and a bug here cannot write to the WordPress site: the server itself refuses.

Table names are WordPress's own without the prefix (``options``, ``usermeta``, ``bkntc_appointments``);
``{prefix}`` in raw SQL stands for the prefix. Values come as PyMySQL returns them: ``str`` for text,
``int``, ``Decimal``, ``datetime`` for a valid ``DATETIME`` and the text itself for a zero date
(``0000-00-00 00:00:00``; see :func:`.core.mysql_datetime`). The session time zone is UTC, so a
``TIMESTAMP`` column reads as UTC; WordPress's own columns are ``DATETIME`` and are never converted.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

#: WordPress's own rule for ``$table_prefix`` (wp-settings.php refuses anything else), so a prefix is safe
#: to splice into a table name.
PREFIX = re.compile(r"[A-Za-z0-9_]*")
IDENTIFIER = re.compile(r"[A-Za-z0-9_]{1,64}")


class SourceError(RuntimeError):
    """The WordPress database cannot be read (bad URL, unreachable, refused, not WordPress). No password in it."""


class WordPressSource:
    """One read-only, consistent-snapshot connection to a WordPress database.

    ``with WordPressSource("mysql+pymysql://user:pw@host/db", "wp_") as source: ...``
    """

    def __init__(self, url: str, prefix: str = "wp_") -> None:
        if not PREFIX.fullmatch(prefix):
            raise SourceError(f"invalid table prefix {prefix!r} (WordPress allows letters, digits and _)")
        self.prefix = prefix
        self._url = url
        self._engine: Engine | None = None
        self._conn: Connection | None = None

    # --- the snapshot ---

    def __enter__(self) -> WordPressSource:
        self._engine = _engine(self._url)
        try:
            conn = self._engine.connect()
        except DBAPIError as error:
            self._engine.dispose()
            raise SourceError(f"cannot connect to {self.redacted_url}: {_reason(error)}") from None
        try:
            for statement in ("SET SESSION time_zone = '+00:00'",
                              "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                              "SET SESSION TRANSACTION READ ONLY",
                              "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"):
                conn.exec_driver_sql(statement)
        except DBAPIError as error:
            conn.close()
            self._engine.dispose()
            raise SourceError(f"cannot open a read-only snapshot of {self.redacted_url}: {_reason(error)}") from None
        self._conn = conn
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._conn is not None:
                try:
                    self._conn.exec_driver_sql("ROLLBACK")  # nothing was written: this only ends the snapshot
                except SQLAlchemyError:
                    pass  # the connection was lost; the snapshot ended with the connection
                finally:
                    self._conn.close()
        finally:
            self._conn = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @property
    def redacted_url(self) -> str:
        try:
            return make_url(self._url).render_as_string(hide_password=True)
        except ArgumentError:
            return "the --from URL"

    # --- reading ---

    def table(self, name: str) -> str:
        """``name`` with the prefix (``usermeta`` -> ``wp_usermeta``), checked to be a plain identifier."""
        full = self.prefix + name
        if not IDENTIFIER.fullmatch(full):
            raise ValueError(f"not a table name: {name!r}")
        return full

    def has_table(self, name: str) -> bool:
        found = self._execute("SELECT COUNT(*) AS n FROM information_schema.tables "
                              "WHERE table_schema = DATABASE() AND table_name = :name", name=self.table(name))
        return found[0]["n"] > 0

    def rows(self, name: str, order_by: str | None = "id") -> Iterator[dict]:
        """Every row of ``{prefix}name`` as a dict, ordered by ``order_by`` (columns, comma-separated).

        Column names compare case-insensitively in MySQL, so ``"id"`` also orders ``wp_users`` by ``ID``.
        The rows are fetched whole before the first is yielded, so a reader may query while iterating.
        """
        sql = f"SELECT * FROM `{self.table(name)}`"
        if order_by:
            columns = [column.strip() for column in order_by.split(",")]
            if not all(IDENTIFIER.fullmatch(column) for column in columns):
                raise ValueError(f"not column names: {order_by!r}")
            sql += " ORDER BY " + ", ".join(f"`{column}`" for column in columns)
        yield from self._execute(sql)

    def count(self, name: str) -> int:
        return self._execute(f"SELECT COUNT(*) AS n FROM `{self.table(name)}`")[0]["n"]

    def option(self, name: str) -> str | None:
        """The raw ``option_value`` of ``name`` (serialized values stay serialized), or None when absent."""
        found = self._execute(f"SELECT option_value FROM `{self.table('options')}` WHERE option_name = :name "
                              "ORDER BY option_id LIMIT 1", name=name)
        return found[0]["option_value"] if found else None

    def options_like(self, pattern: str) -> dict[str, str]:
        """Options whose name matches ``pattern``, where ``%`` is the only wildcard.

        ``_`` is literal (SQL's one-character wildcard would let ``bkntc_t5_%`` match ``bkntc_t50_...``).
        """
        # An explicit ESCAPE character: MySQL has no default one under NO_BACKSLASH_ESCAPES (MariaDB keeps \).
        escaped = pattern.replace("!", "!!").replace("_", "!_")
        found = self._execute(f"SELECT option_name, option_value FROM `{self.table('options')}` "
                              "WHERE option_name LIKE :pattern ESCAPE '!' ORDER BY option_id", pattern=escaped)
        return {row["option_name"]: row["option_value"] for row in found}

    def query(self, sql: str, **params: Any) -> list[dict]:
        """Raw SQL with ``:name`` parameters; ``{prefix}`` is replaced by the prefix. Its rows ([] for none)."""
        return self._execute(sql.replace("{prefix}", self.prefix), **params)

    def _execute(self, sql: str, **params: Any) -> list[dict]:
        if self._conn is None:
            raise RuntimeError("WordPressSource is used outside its `with` block")
        try:
            result = self._conn.execute(text(sql), params)
            return [dict(row) for row in result.mappings()] if result.returns_rows else []
        except SQLAlchemyError as error:  # the server's refusal, or a connection lost before
            raise SourceError(f"reading {self.redacted_url} failed: {_reason(error)}") from None


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SourceError("--from is not a database URL (mysql+pymysql://USER:PASS@HOST:PORT/DBNAME)") from None
    if parsed.get_backend_name() not in ("mysql", "mariadb"):
        raise SourceError(f"--from must be a MySQL or MariaDB URL, not {parsed.get_backend_name()!r}")
    # PyMySQL is the driver we ship; utf8mb4 so that a 4-byte character reads as itself, and the serialized
    # values' byte lengths (PHP counts UTF-8 bytes) match the text we re-encode.
    parsed = parsed.set(drivername="mysql+pymysql")
    if "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    try:
        return create_engine(parsed, isolation_level="AUTOCOMMIT")
    except (ArgumentError, NoSuchModuleError) as error:
        raise SourceError(f"unusable --from URL: {error}") from None


def _reason(error: SQLAlchemyError) -> str:
    """The server's message without the statement or parameters SQLAlchemy appends."""
    original = getattr(error, "orig", None)
    args = getattr(original, "args", ())
    if len(args) >= 2 and isinstance(args[1], str):
        return args[1]
    return str(original if original is not None else error).splitlines()[0]
