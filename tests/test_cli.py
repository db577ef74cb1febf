"""The ``wpcompat`` command line: output for people and for scripts (--json), errors on stderr with
status 1, secrets printed once, and ``serve`` as a real gunicorn process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from sqlalchemy import inspect, select

from wpcompat import create_app, tenancy
from wpcompat.database import schema
from wpcompat.server import serve
from wpcompat.cli import cli
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Tenant
from wpcompat.sitefile import demo_site

from .server_process import free_port, running_server
from .sitefile_support import edited, row_counts, write_json


@pytest.fixture
def run(app):
    """Invoke ``wpcompat ARGS...`` against the test app; returns click's Result."""
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, list(args))


def output_json(result) -> object:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_load_prints_what_it_created(app, run, tmp_path):
    path = write_json(tmp_path / "demo.json", demo_site())
    result = run("load", path)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        f"Loaded {path}: plans 2, tenants 2, users 4, application passwords 4, teambooking tokens 3, locations 2, "
        "service categories 3, services 4, service extras 1, staff 3, customers 3, appointments 5, notifications 1.\n")


def test_load_json_shows_a_generated_secret_once(app, run, tmp_path):
    data = edited(("tenants", 0, "users", 1, "application_passwords", 0), {"name": "Anna phone"})
    result = run("load", write_json(tmp_path / "site.json", data), "--json")
    payload = output_json(result)
    assert payload["counts"]["appointments"] == 5
    [generated] = payload["generated_secrets"]
    assert {k: v for k, v in generated.items() if k != "secret"} == {
        "kind": "application_password", "path": "tenants[0].users[1].application_passwords[0].password",
        "subject": "anna", "label": "Anna phone"}
    with app.app_context():
        assert accounts.verify_application_password(accounts.find_user("anna"), generated["secret"]) is not None
    listing = run("app-password", "list", "anna", "--json")
    assert [r["name"] for r in output_json(listing)] == ["Anna phone"]
    assert generated["secret"] not in listing.stdout


def test_a_refused_load_says_where_on_stderr_and_writes_nothing(app, run, tmp_path):
    path = write_json(tmp_path / "bad.json", edited(("tenants", 1, "services", 0, "duration"), "sixty"))
    result = run("load", path, "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {path} was not loaded; nothing was written.\n"
                             "tenants[1].services[0].duration: Not a valid integer.\n")
    with app.app_context():
        assert set(row_counts().values()) == {0}


def test_loading_twice_is_refused(app, run, tmp_path):
    path = write_json(tmp_path / "demo.json", demo_site())
    assert run("load", path).exit_code == 0
    result = run("load", path)
    assert result.exit_code == 1
    assert result.stderr.endswith('\nsite: this database already has a site (leave "site" out to add to it)\n')


def test_db_upgrade_creates_the_schema_at_the_head_revision(fresh_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": fresh_database(schema=False)})
    result = app.test_cli_runner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert {"site", "tenants", "users", "appointments", "alembic_version"} <= set(
            inspect(db.engine).get_table_names())
        assert schema.database_revisions() == schema.expected_revisions()


def test_plan_and_tenant_commands(app, run):
    assert output_json(run("plan", "create", "basic", "--name", "Basic", "--module", "appointments",
                           "--module", "staff", "--json")) == {
        "id": 1, "slug": "basic", "name": "Basic", "modules": ["appointments", "staff"]}
    tenant = output_json(run("tenant", "create", "t1", "--name", "Tenant One", "--plan", "basic",
                             "--timezone", "Europe/Amsterdam", "--currency", "EUR", "--json"))
    assert {k: v for k, v in tenant.items() if k != "created_at"} == {
        "id": 1, "slug": "t1", "name": "Tenant One", "plan": "basic", "timezone": "Europe/Amsterdam", "currency": "EUR"}
    assert run("tenant", "create", "t2", "--name", "Two", "--plan", "basic").stdout == \
        "Created tenant t2 (id 2, plan basic).\n"
    assert run("tenant", "list").stdout == (
        "ID  SLUG  NAME        PLAN   TIMEZONE          CURRENCY\n"
        "1   t1    Tenant One  basic  Europe/Amsterdam  EUR\n"
        "2   t2    Two         basic  UTC               USD\n")
    assert [t["slug"] for t in output_json(run("tenant", "list", "--json"))] == ["t1", "t2"]
    assert [p["slug"] for p in output_json(run("plan", "list", "--json"))] == ["basic"]


@pytest.mark.parametrize("args, message", [
    (("tenant", "create", "t9", "--name", "X", "--plan", "nope"), "no plan with slug 'nope'"),
    (("tenant", "create", "aurora", "--name", "X", "--plan", "all"), "a tenant with slug 'aurora' exists"),
    (("tenant", "create", "t9", "--name", "X", "--plan", "all", "--timezone", "Mars/Base"),
     "unknown timezone 'Mars/Base'"),
    (("user", "create", "olga", "--email", "olga@x.test", "--role", "tenant_owner", "--tenant", "aurora",
      "--capability", "appointments"), "capabilities are for staff users only"),
    (("user", "create", "anna", "--email", "new@x.test", "--role", "staff", "--tenant", "aurora"),
     "a user with login 'anna' or email 'new@x.test' exists"),
    (("user", "list", "--tenant", "nope"), "no tenant with slug 'nope'"),
    (("app-password", "create", "nobody", "CRM"), "no user with login 'nobody'"),
    (("app-password", "revoke", "anna", "0000"), "anna has no application password '0000'"),
    (("teambooking-token", "revoke", "aurora", "999"), "no single live token matches '999'"),
    # Full matches: a trailing newline is not a slug or login (re.match with "$" would let it through).
    (("tenant", "create", "t9\n", "--name", "X", "--plan", "all"),
     "invalid tenant slug 't9\\n' (lower-case letters, digits and dashes)"),
])
def test_refusals_go_to_stderr_with_status_1(app, world, run, args, message):
    result = run(*args, "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


def test_user_commands(app, world, run):
    created = output_json(run("user", "create", "bo", "--email", "bo@aurora.test", "--role", "staff",
                              "--tenant", "aurora", "--display-name", "Bo", "--capability", "appointments",
                              "--capability", "customers", "--json"))
    assert {k: v for k, v in created.items() if k not in ("id", "registered_at")} == {
        "login": "bo", "email": "bo@aurora.test", "display_name": "Bo", "role": "staff", "tenant": "aurora",
        "capabilities": ["appointments", "customers"]}
    assert [u["login"] for u in output_json(run("user", "list", "--tenant", "aurora", "--json"))] == [
        "aurora-admin", "anna", "bo"]
    everyone = run("user", "list").stdout.splitlines()
    assert everyone[0].split() == ["ID", "LOGIN", "EMAIL", "ROLE", "TENANT"]
    assert everyone[1].split()[1:] == ["platform-owner", "platform-owner@example.test", "administrator", "-"]
    assert len(everyone) == 6


def test_app_password_is_printed_once_works_and_can_be_revoked(app, world, run):
    text = run("app-password", "create", "anna", "Laptop", "--app-id", "7f6d7c63-59d1-4d04-9d0b-7b9d2bb7c2a1")
    assert text.exit_code == 0
    password = text.stdout.split("\n\n")[1].strip()
    assert text.stdout.count(password) == 1 and len(password.replace(" ", "")) == 24
    created = output_json(run("app-password", "create", "anna", "Phone", "--json"))
    with app.app_context():
        anna = accounts.find_user("anna")
        assert accounts.verify_application_password(anna, password).name == "Laptop"
        assert accounts.verify_application_password(anna, created["password"]).uuid == created["uuid"]
    listing = run("app-password", "list", "anna", "--json")
    assert [(r["name"], r["last_used"]) for r in output_json(listing)] == [
        ("anna app", None), ("Laptop", None), ("Phone", None)]
    assert password not in listing.stdout and created["password"] not in listing.stdout
    revoked = output_json(run("app-password", "revoke", "anna", created["uuid"], "--json"))
    assert (revoked["uuid"], revoked["revoked"]) == (created["uuid"], True)
    with app.app_context():
        assert accounts.verify_application_password(accounts.find_user("anna"), created["password"]) is None
    again = run("app-password", "revoke", "anna", created["uuid"])
    assert (again.exit_code, again.stderr) == (1, f"Error: anna has no application password '{created['uuid']}'\n")


def test_teambooking_token_lifecycle(app, world, run):
    created = output_json(run("teambooking-token", "create", "aurora", "--write", "--json"))
    assert (created["tenant"], created["write"], created["prefix"]) == ("aurora", True, created["token"][:6])
    with app.app_context():
        record = accounts.find_token(created["token"])
        assert record.id == created["id"] and record.write is True
        with tenancy.tenant(record.tenant_id):
            accounts.count_token_use(record, "get_services")
            db.session.commit()
    listing = run("teambooking-token", "list", "aurora", "--json")
    rows = output_json(listing)
    assert [(r["id"], r["write"], r["revoked_at"]) for r in rows][-1] == (created["id"], True, None)
    assert rows[-1]["usage"] == {"get_services": 1} and created["token"] not in listing.stdout
    assert "get_services=1" in run("teambooking-token", "list", "aurora").stdout
    revoked = output_json(run("teambooking-token", "revoke", "aurora", str(created["id"]), "--json"))
    assert revoked["revoked_at"] is not None
    with app.app_context():
        assert accounts.find_token(created["token"]) is None
    # Another tenant's token id answers as a missing one.
    other = output_json(run("teambooking-token", "create", "borealis", "--json"))
    result = run("teambooking-token", "revoke", "aurora", str(other["id"]))
    assert (result.exit_code, result.stderr) == (1, f"Error: no single live token matches '{other['id']}'\n")


def test_flask_commands_are_there_too(app, run):
    result = run("routes")
    assert result.exit_code == 0 and "admin-ajax.php" in result.stdout


@pytest.fixture
def captured_serve(monkeypatch):
    """Replace the gunicorn run with a recorder: these tests check what serve prepares and asks for."""
    calls = []
    monkeypatch.setattr(serve, "run", lambda app, options, webhooks: calls.append(options))
    return calls


@pytest.mark.parametrize("args, delivers", [([], True), (["--no-webhooks"], False), (["--webhooks"], True)])
def test_serve_delivers_webhooks_unless_told_not_to(fresh_database, monkeypatch, args, delivers):
    asked = []
    monkeypatch.setattr(serve, "run", lambda app, options, webhooks: asked.append(webhooks))
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": fresh_database(schema=False)})
    result = app.test_cli_runner().invoke(cli, ["serve", *args])
    assert (result.exit_code, asked) == (0, [delivers]), result.stderr


def test_serve_on_an_empty_database_creates_the_schema_and_says_how_to_load(fresh_database, captured_serve):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": fresh_database(schema=False)})
    result = app.test_cli_runner().invoke(cli, ["serve", "--port", "9001", "--workers", "3", "--threads", "2"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("The database was empty: created the schema (`wpcompat db upgrade`).\n"
                             "The database is empty: load a site with `wpcompat load SITE.json`, "
                             "or start with `wpcompat serve --demo` for the demo platform.\n")
    assert captured_serve == [{"bind": "127.0.0.1:9001", "workers": 3, "threads": 2, "keepalive": 2,
                               "worker_class": "wpcompat.server.worker.HeadBufferingWorker",
                               "limit_request_line": 0, "limit_request_fields": 32768,
                               "limit_request_field_size": 1024 * 1024,
                               "logger_class": "wpcompat.server.access_log.RedactingLogger", "accesslog": "-",
                               "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" '
                                                    '"%(a)s" %({x-request-id}o)s',
                               "errorlog": "-", "proc_name": "wpcompat", "graceful_timeout": 30,
                               "forwarded_allow_ips": "", "control_socket_disable": True}]
    with app.app_context():
        assert schema.database_revisions() == schema.expected_revisions()
        assert "site" in inspect(db.engine).get_table_names() and set(row_counts().values()) == {0}


def test_serve_demo_loads_nothing_into_a_database_with_a_site(app, world, run, captured_serve):
    result = run("serve", "--demo")
    assert result.stderr == "The database already has a site; --demo loads nothing.\n"
    with app.app_context():
        database = db.engine.dialect.name
    assert captured_serve[0]["workers"] == serve.default_workers(database) and captured_serve[0]["bind"] == "127.0.0.1:8080"
    with app.app_context():
        assert [t.slug for t in db.session.execute(select(Tenant).order_by(Tenant.id)).scalars()] == [
            "aurora", "borealis"]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_demo_runs_gunicorn_and_stops_cleanly_on_sigterm(tmp_path, fresh_database):
    port, database = free_port(), fresh_database(schema=False)
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database, "WPCOMPAT_SECRET_KEY": "serve-test"}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--demo", "--port", str(port), "--workers", "2"]
    with running_server(command, port, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        status, _ = _get(f"{run.base}/")
        tenant_site = _get(f"{run.base}/aurora/wp-admin/admin-ajax.php")
        unknown_site = _get(f"{run.base}/nosuch/wp-admin/admin-ajax.php")
    stdout, stderr = run.stdout, run.stderr
    assert run.returncode == 0, stderr
    # The served app answers as the app itself does; the demo tenant exists, an unknown one does not.
    reference = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database}).test_client()
    assert status == reference.get("/").status_code
    assert (tenant_site, unknown_site[0]) == ((400, b"0"), 404)
    assert stdout.startswith("Loaded the demo platform: plans 2, tenants 2, users 4,")
    assert '"GET /aurora/wp-admin/admin-ajax.php HTTP/1.1" 400' in stdout  # the access log, on stdout
    assert "Handling signal: term" in stderr and "Shutting down: Master" in stderr
