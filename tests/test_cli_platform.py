"""``wpcompat tenant rename|set-plan|suspend|resume|delete`` and ``wpcompat plan update|delete``: the same
domain functions as the management API, so what they change shows over HTTP."""
from __future__ import annotations

import json

import pytest

from wpcompat.cli import cli


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, list(args))


def output_json(result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rename_and_set_plan(run, world):
    assert run("tenant", "rename", "aurora", "Aurora Spa").stdout == "Renamed tenant aurora to Aurora Spa.\n"
    lite = output_json(run("plan", "create", "lite", "--name", "Lite", "--module", "appointments",
                           "--rate-limit", "anonymous=10/minute", "--json"))
    assert lite["rate_limits"] == {"anonymous": "10/minute"}
    moved = output_json(run("tenant", "set-plan", "aurora", "lite", "--json"))
    assert (moved["name"], moved["plan"], moved["status"]) == ("Aurora Spa", "lite", "active")
    missing = run("tenant", "set-plan", "aurora", "nope")
    assert (missing.exit_code, missing.stderr) == (1, "Error: plan: No plan has this slug.\n")


def test_suspend_and_resume_show_over_http(run, client, world):
    assert run("tenant", "suspend", "aurora").stdout == "Suspended tenant aurora.\n"
    response = client.get("/aurora/wp-json/wp/v2/users/me", headers=world.aurora_admin.auth)
    assert (response.status_code, json.loads(response.get_data())["code"]) == (403, "wpcompat_site_suspended")
    assert output_json(run("tenant", "list", "--json"))[0]["status"] == "suspended"
    assert run("tenant", "resume", "aurora").exit_code == 0
    assert client.get("/aurora/wp-json/wp/v2/users/me", headers=world.aurora_admin.auth).status_code == 200


def test_delete_needs_yes(run, client, world):
    refused = run("tenant", "delete", "aurora")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert run("tenant", "delete", "aurora", "--yes").stdout == "Deleted tenant aurora and everything it owned.\n"
    assert [t["slug"] for t in output_json(run("tenant", "list", "--json"))] == ["borealis"]
    assert client.get("/aurora/wp-json/wp/v2/users/me", headers=world.aurora_admin.auth).status_code == 404


def test_plan_update_with_rate_limits(run, world):
    updated = output_json(run("plan", "update", "all", "--name", "Everything", "--rate-limit",
                              "authenticated=1200/minute", "--rate-limit", "anonymous=30/minute", "--json"))
    assert (updated["name"], updated["rate_limits"]) == (
        "Everything", {"authenticated": "1200/minute", "anonymous": "30/minute"})
    bad = run("plan", "update", "all", "--rate-limit", "anonymous=often")
    assert (bad.exit_code, bad.stderr) == (1, "Error: rate_limits[anonymous]: 'often' is not a limit such as 600/minute.\n")
    shape = run("plan", "update", "all", "--rate-limit", "lots")
    assert shape.exit_code == 1 and "KIND=LIMIT" in shape.stderr
    reset = output_json(run("plan", "update", "all", "--default-rate-limits", "--module", "staff", "--json"))
    assert (reset["rate_limits"], reset["modules"]) == (None, ["staff"])


def test_plan_delete_refused_while_used(run, world):
    used = run("plan", "delete", "all")
    assert (used.exit_code, used.stderr) == (1, "Error: The plan is in use: move its tenants to another plan first.\n")
    assert run("plan", "create", "spare", "--name", "Spare").exit_code == 0
    assert run("plan", "delete", "spare").stdout == "Deleted plan spare.\n"
