"""The migrations ARE the schema: they agree with the models, and serve/load refuse an outdated database.

The suite's databases are built by the migrations (tests/database_support.py), so every other test runs on
the migrated schema too; these tests run on SQLite or PostgreSQL, whichever the suite runs on.
"""
from __future__ import annotations

import shutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from wpcompat import create_app
from wpcompat.database import schema
from wpcompat.server import serve
from wpcompat.cli import cli
from wpcompat.extensions import MIGRATIONS, db, migrate
from wpcompat.sitefile import demo_site

from .sitefile_support import write_json

# A later revision, as `wpcompat db migrate` would write it (a new index), to make the test database outdated.
LATER_REVISION = '''"""later change"""
from alembic import op

revision = "later"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_later_change", "site", ["name"])


def downgrade():
    op.drop_index("ix_later_change", table_name="site")
'''


def test_models_and_migrations_agree(app):
    """Autogenerate against the migrated database finds nothing to do (else: `wpcompat db migrate`)."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_upgrade_again(app):
    runner = app.test_cli_runner()
    assert runner.invoke(cli, ["db", "downgrade", "base"]).exit_code == 0
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        db.engine.dispose()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    with app.app_context():
        assert schema.database_revisions() == schema.expected_revisions()
        assert "appointments" in inspect(db.engine).get_table_names()


@pytest.fixture
def newer_code(app, tmp_path, monkeypatch):
    """The app, running code whose migrations have a later revision the database does not have yet."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    with app.app_context():
        [head] = schema.expected_revisions()
    (scripts / "versions" / "later_change.py").write_text(LATER_REVISION.format(head=head))
    monkeypatch.setattr(migrate, "directory", str(scripts))
    return app, head


@pytest.fixture
def served(monkeypatch):
    """Records each gunicorn start instead of serving."""
    calls = []
    monkeypatch.setattr(serve, "run", lambda app, options: calls.append(options))
    return calls


def test_serve_and_load_refuse_an_outdated_schema_until_db_upgrade(newer_code, tmp_path, served):
    app, head = newer_code
    outdated = (f"Error: The database schema is outdated (revision {head}, this version needs later): "
                "run `wpcompat db upgrade` first.\n")
    runner = app.test_cli_runner()
    site_file = write_json(tmp_path / "site.json", {"site": {"name": "S", "url": "http://s.test"}})
    for args in (["serve"], ["serve", "--demo"], ["load", site_file]):
        result = runner.invoke(cli, args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", outdated), args
    assert served == []

    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 0, result.stderr
    assert len(served) == 1
    with app.app_context():
        assert schema.database_revisions() == {"later"}


def _execute(app, sql: str) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text(sql))
        db.engine.dispose()


def test_a_database_migrated_by_newer_code_is_refused(app, served):
    _execute(app, "UPDATE alembic_version SET version_num = 'fff999'")
    result = app.test_cli_runner().invoke(cli, ["serve"])
    assert (result.exit_code, result.stderr) == (1, (
        "Error: The database schema (revision fff999) is newer than this version of wpcompat: "
        "install the wpcompat that migrated it.\n"))
    assert served == []


def test_tables_without_migration_history_are_refused_with_the_stamp_command(app, served):
    _execute(app, "DROP TABLE alembic_version")
    result = app.test_cli_runner().invoke(cli, ["serve"])
    assert (result.exit_code, result.stderr) == (1, (
        "Error: The database has tables but no migration history (it was created before wpcompat used "
        "migrations): run `wpcompat db stamp 0001` once, then `wpcompat db upgrade`.\n"))
    assert served == []
    # This database has the whole current schema (the old init-db made revision 0001's), so: stamp head.
    assert app.test_cli_runner().invoke(cli, ["db", "stamp", "head"]).exit_code == 0
    assert app.test_cli_runner().invoke(cli, ["serve"]).exit_code == 0
    assert len(served) == 1


def test_load_on_an_empty_database_creates_the_schema_first(fresh_database, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": fresh_database(schema=False)})
    result = app.test_cli_runner().invoke(cli, ["load", write_json(tmp_path / "demo.json", demo_site())])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "The database was empty: created the schema (`wpcompat db upgrade`).\n"
    assert result.stdout.startswith(f"Loaded {tmp_path / 'demo.json'}: plans 2, tenants 2,")
    with app.app_context():
        assert schema.database_revisions() == schema.expected_revisions()
