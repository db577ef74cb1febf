"""Fresh, isolated databases for tests: a SQLite file by default, a PostgreSQL database on request.

Set ``WPCOMPAT_TEST_DATABASE_URL`` to a PostgreSQL server URL whose user may create databases, e.g.
``postgresql+psycopg://postgres@127.0.0.1:55432/postgres`` (``scripts/test-all.sh`` does), and every test
gets its own database on that server. Either way the schema is built ONCE per session by the migrations
(``flask_migrate.upgrade``, so the suite runs on the migrated schema and ``alembic_version`` is at head,
as ``wpcompat serve`` requires), then cloned per test: a file copy on SQLite, ``CREATE DATABASE ...
TEMPLATE`` on PostgreSQL. A URL is a real database, so subprocesses (``wpcompat serve``) can use it too.

Seeded templates work the same way: :meth:`TestDatabases.seeded` writes a fixture's rows (the two-tenant
world, the Booknetic salon, the TeamBooking shop) once per session into a copy of the schema, and every
test that asks for that fixture gets its own clone of it. Under pytest-xdist each worker is a session of
its own, with its own files and, on PostgreSQL, its own databases (named after the worker).
"""
from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text

SERVER_URL_ENV = "WPCOMPAT_TEST_DATABASE_URL"

# Every engine a test connected with (its app's, a helper's), held until the test ends and then disposed:
# a pool garbage-collected with open psycopg connections would warn (ResourceWarning), an error here.
_engines: dict[int, Engine] = {}


@event.listens_for(Engine, "engine_connect")
def _track(connection) -> None:
    _engines.setdefault(id(connection.engine), connection.engine)


def server_url() -> str | None:
    """The PostgreSQL server the suite runs on, or None for SQLite."""
    return os.environ.get(SERVER_URL_ENV) or None


def migrate_to_head(url: str) -> None:
    """Build the schema at ``url`` with the migrations (what ``wpcompat db upgrade`` does)."""
    from flask_migrate import upgrade

    from wpcompat import create_app
    from wpcompat.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "schema", "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


class TestDatabases:
    """Makes databases for one session; :meth:`drop` removes those of the test that ends."""

    __test__ = False  # not a test class

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.server = server_url()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1, ... under pytest-xdist
        self.prefix = f"wpcompat_test_{worker}_{os.getpid()}"
        self.counter = itertools.count(1)
        self.template: str | None = None
        self.seeds: dict[str, tuple[str, Any]] = {}
        self.made: list[str] = []
        self._admin = create_engine(self.server, isolation_level="AUTOCOMMIT") if self.server else None

    def make(self, *, schema: bool = True, template: str | None = None) -> str:
        """A URL of a new database: a clone of ``template`` (one :meth:`seeded` made), else with the migrated
        schema (and no rows), or empty."""
        source = template or (self._template() if schema else None)
        if self.server is None:
            path = self.workdir / f"db{next(self.counter)}.sqlite3"
            if source:
                shutil.copyfile(source, path)
            return f"sqlite:///{path}"
        name = f"{self.prefix}_{next(self.counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source or "template0"}"')
        self.made.append(name)
        return self._url(name)

    def seeded(self, name: str, build: Callable[[str], Any]) -> tuple[str, Any]:
        """(template, value): a template holding the schema and the rows ``build(url)`` wrote, and what it
        returned. Built on first use, once per session; pass the template to :meth:`make` to clone it."""
        if name not in self.seeds:
            if self.server is None:
                template = str(self.workdir / f"seed-{name}.sqlite3")
                shutil.copyfile(self._template(), template)
                url = f"sqlite:///{template}"
            else:
                template = f"{self.prefix}_seed_{name}"
                self._execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                self._execute(f'CREATE DATABASE "{template}" TEMPLATE "{self._template()}"')
                url = self._url(template)
            value = build(url)
            # A template must have no open connection (PostgreSQL refuses to copy it) and, on SQLite,
            # nothing left in its write-ahead log: a file copy takes the main file only.
            self._dispose_engines()
            if self.server is None:
                with sqlite3.connect(template) as connection:
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.close()
            self.seeds[name] = (template, value)
        return self.seeds[name]

    def _dispose_engines(self) -> None:
        for engine in list(_engines.values()):
            if engine is not self._admin:
                engine.dispose()
                del _engines[id(engine)]

    def drop(self) -> None:
        """Drop the databases made since the last call (PostgreSQL; SQLite files go with tmp_path)."""
        self._dispose_engines()
        while self.made:
            # FORCE: a killed server subprocess may have left a connection behind.
            self._execute(f'DROP DATABASE IF EXISTS "{self.made.pop()}" WITH (FORCE)')

    def close(self) -> None:
        """End of session: drop the template too."""
        self.drop()
        if self.server:
            for template in [template for template, _ in self.seeds.values()] + [self.template]:
                if template:
                    self._execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()

    def _template(self) -> str:
        if self.template is None:
            if self.server is None:
                path = self.workdir / "template.sqlite3"
                migrate_to_head(f"sqlite:///{path}")
                self.template = str(path)
            else:
                name = f"{self.prefix}_template"
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self._execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
                migrate_to_head(self._url(name))
                self.template = name
        return self.template

    def _url(self, name: str) -> str:
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(sql))
