"""``wpcompat api``: the operator's in-process client of the REST API, acting as a tenant's owner or the
platform owner, with the API's own rules and answers (and the audit trail's ``cli`` surface)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wpcompat import create_app
from wpcompat.cli import cli
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site, load_site


@pytest.fixture
def run(database_url, monkeypatch):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(cli, list(args), obj=_script_info(app), catch_exceptions=False)
        return result.exit_code, result.output

    return invoke


def _script_info(app):
    from flask.cli import ScriptInfo
    return ScriptInfo(create_app=lambda: app)


def test_a_tenants_resources_through_the_management_api(run):
    status, output = run("api", "--tenant", "aurora", "POST", "wpcompat/v1/locations", "-f", "name=Pop-up",
                         "-f", "is_active=false")
    assert status == 0
    created = json.loads(output)
    assert (created["name"], created["is_active"]) == ("Pop-up", False)
    status, output = run("api", "--tenant", "aurora", "GET", "/wpcompat/v1/locations", "-f", "_fields=name")
    assert status == 0 and {"name": "Pop-up"} in json.loads(output)


def test_the_platform_owner_at_the_main_site(run):
    status, output = run("api", "GET", "wpcompat/v1/tenants", "-f", "_fields=slug,status")
    assert (status, json.loads(output)) == (0, [{"slug": "aurora", "status": "active"},
                                                {"slug": "borealis", "status": "active"}])
    status, output = run("api", "PATCH", "wpcompat/v1/tenants/2", "--data", '{"status": "suspended"}')
    assert status == 0 and json.loads(output)["status"] == "suspended"


def test_an_error_answer_is_printed_and_exits_1(run):
    status, output = run("api", "--tenant", "aurora", "DELETE", "wpcompat/v1/services/1", "-f", "force=true")
    assert status == 1
    assert json.loads(output)["code"] == "rest_service_in_use"
    status, output = run("api", "--tenant", "nowhere", "GET", "wpcompat/v1/services")
    assert status == 1 and "no tenant with slug 'nowhere'" in output


def test_the_operator_identity_cannot_come_from_a_client(database_url):
    # A header named like the environ key reaches the app as HTTP_WPCOMPAT.OPERATOR at most: never the key.
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    answer = app.test_client().get("/wp-json/wpcompat/v1/tenants", headers={"wpcompat.operator": "platform-owner"})
    assert answer.status_code == 401
