"""Is the database's schema the one this code expects? Alembic's revision table answers.

``wpcompat serve`` and ``wpcompat load`` call :func:`require_current_schema` first: an EMPTY database
(no tables at all: a newcomer's first run) is upgraded on the spot; any other database must already be at
the migrations' head, or the command refuses with the command that fixes it (``wpcompat db upgrade``), so
old code never writes into a schema it does not know and new code never runs on a schema it outgrew.
"""
from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import inspect

from ..extensions import db

UPGRADE = "wpcompat db upgrade"


class SchemaOutdated(Exception):
    """The database's schema is not at the migrations' head; the message says what to run."""


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def expected_revisions() -> set[str]:
    """The head revision(s) of the migration scripts shipped with this code."""
    return set(_scripts().get_heads())


def database_revisions() -> set[str] | None:
    """The revision(s) the database is stamped with; None when it has no tables at all (empty)."""
    with db.engine.connect() as connection:
        if not inspect(connection).get_table_names():
            return None
        return set(MigrationContext.configure(connection).get_current_heads())


def require_current_schema() -> bool:
    """Upgrade an empty database (True when it did), or raise :class:`SchemaOutdated` unless at head."""
    current = database_revisions()
    if current is None:
        upgrade()
        return True
    expected = expected_revisions()
    if current == expected:
        return False
    if not current:
        raise SchemaOutdated(
            "The database has tables but no migration history (it was created before wpcompat used migrations): "
            f"run `wpcompat db stamp 0001` once, then `{UPGRADE}`.")
    known = {script.revision for script in _scripts().walk_revisions()}
    if not current <= known:
        raise SchemaOutdated(f"The database schema (revision {', '.join(sorted(current))}) is newer than this "
                             "version of wpcompat: install the wpcompat that migrated it.")
    raise SchemaOutdated(f"The database schema is outdated (revision {', '.join(sorted(current))}, this version "
                         f"needs {', '.join(sorted(expected))}): run `{UPGRADE}` first.")
