"""The migrations ARE the schema: they agree with the models, and serve/load refuse an outdated database.

The suite's databases are built by the migrations (tests/database_support.py), so every other test runs on
the migrated schema too; these tests run on SQLite or PostgreSQL, whichever the suite runs on.
"""
from __future__ import annotations

import json
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

from .booknetic_support import AURORA, body, call, frozen_clock, salon  # noqa: F401
from .sitefile_support import write_json
from .teambooking_support import assert_ok, booked_id, get_reservation, shop, tb_get, tb_post, token_usage  # noqa: F401
from .test_ids_and_tokens import legacy_token

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
    monkeypatch.setattr(serve, "run", lambda app, options, webhooks: calls.append(options))
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


def _cli(app, *args: str) -> None:
    result = app.test_cli_runner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


def test_0005_keeps_every_row_the_reservation_tokens_and_the_usage_counts(app, client, shop):
    """Down to 0004 and up again, with data: ids, tokens already shown and counts survive; no id is reused."""
    first, second = (booked_id(client, shop, start=f"2030-01-07T{hour}:00:00+01:00") for hour in ("09", "10"))
    assert_ok(tb_get(client, "get_services", shop.read))
    usage = {token: token_usage(app, token) for token in (shop.read, shop.write)}
    assert usage[shop.write] == {"do_reservation": 2}

    _cli(app, "db", "downgrade", "0004")
    with app.app_context(), db.engine.connect() as connection:
        stored = {prefix: json.loads(value) if isinstance(value, str) else value  # JSON text on SQLite
                  for prefix, value in connection.execute(text("SELECT prefix, usage FROM teambooking_tokens"))}
    assert {token: stored[token[:6]] for token in usage} == usage  # the downgrade gives the counts back

    _cli(app, "db", "upgrade")
    assert {token: token_usage(app, token) for token in usage} == usage
    # Appointments made before 0005 keep the token derived from their tenant and id.
    for rid in (first, second):
        assert get_reservation(client, shop.read, rid)["token"] == legacy_token("test-secret", shop.aurora_id, rid)
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, db.metadata) == []
        if connection.dialect.name == "sqlite":
            sequence = dict(connection.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
            assert sequence["appointments"] == second
    # Then the newest reservation is deleted and another made: a new id, a new token.
    assert tb_post(client, "delete_reservation", shop.write, id=str(second)).status_code == 200
    third = booked_id(client, shop, start="2030-01-07T10:00:00+01:00")
    assert third > second
    assert get_reservation(client, shop.read, third)["token"] != legacy_token("test-secret", shop.aurora_id, second)


def test_0006_gives_existing_rows_their_collation_keys(app, client, world, salon):
    """Rows written before 0006 (renamed here at 0005, in SQL) are searched and ordered as MySQL after it."""
    _cli(app, "db", "downgrade", "0005")
    with app.app_context(), db.engine.begin() as connection:
        assert "sort_name" not in {column["name"] for column in inspect(connection).get_columns("customers")}
        connection.execute(text("UPDATE customers SET first_name = 'Łukasz' WHERE id = :id"), {"id": salon.sam})
        connection.execute(text("UPDATE staff SET name = 'Çelik' WHERE id = :id"), {"id": salon.bas_staff})
    _cli(app, "db", "upgrade")
    ordered = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin,
                        query={"orderByField": "first_name", "orderDirection": "ASC"}))["data"]
    assert [row["first_name"] for row in ordered] == ["Eva", "Lee", "Łukasz"]
    searched = body(call(client, "GET", f"{AURORA}/staffs", world.aurora_admin, query={"search": "CEL"}))["data"]
    assert [row["name"] for row in searched] == ["Çelik"]
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, db.metadata) == []
