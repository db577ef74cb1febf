"""An unmodified third-party client, node's ``wpapi`` 1.2.2, against a real ``wpcompat serve`` process.

The server serves the demo platform from a temporary SQLite file whose ``site.url`` is the server's own
address; ``tests/js/wpapi_client.js`` discovers aurora's API from the tenant's site root, authenticates
with Basic auth and lists appointments and customers under ``booknetic/v1``. CI installs the client with
``npm ci --prefix tests/js``. Everything is bounded in time and the server is always stopped.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site, load_site

from .server_process import free_port, running_server

REPO = Path(__file__).resolve().parents[1]
CLIENT = REPO / "tests" / "js" / "wpapi_client.js"
ADMIN = ("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
ANNA = ("anna", "anna AAAA BBBB CCCC DDDD EEEE")


@pytest.fixture
def served_demo(tmp_path, database_url):
    """``wpcompat serve`` on a free port with the demo platform; yields the main site URL."""
    port = free_port()
    database = database_url
    data = demo_site()
    data["site"]["url"] = f"http://127.0.0.1:{port}"
    app = create_app({"TESTING": True, "SECRET_KEY": "wpapi", "DATABASE_URL": database})
    with app.app_context():
        load_site(data)
        db.engine.dispose()
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database, "WPCOMPAT_SECRET_KEY": "wpapi",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--port", str(port), "--workers", "1"]
    with running_server(command, port, env=env, cwd=tmp_path) as run:
        yield run.base


def run_client(site_root: str, login: str, password: str, *extra: str) -> dict:
    assert (REPO / "tests" / "js" / "node_modules" / "wpapi").is_dir(), "install the client: npm ci --prefix tests/js"
    result = subprocess.run(["node", str(CLIENT), site_root, login, password, *extra], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_wpapi_discovers_the_tenant_api_and_lists_its_bookings(served_demo):
    out = run_client(f"{served_demo}/aurora/", *ADMIN, "1")
    assert out["endpoint"] == f"{served_demo}/aurora/wp-json/"
    appointments = out["appointments"]
    assert appointments["meta"] == {"total": "4", "limit": 50, "skip": 0}
    assert [row["id"] for row in appointments["data"]] == ["4", "3", "2", "1"]
    assert {row["service_name"] for row in appointments["data"]} == {"Swedish massage", "Deep tissue", "Flow yoga (group)"}
    customers = out["customers"]
    assert customers["meta"] == {"total": "2", "skip": 0, "limit": 50}
    assert [(c["first_name"], c["email"]) for c in customers["data"]] == [
        ("Eva", "eva@example.test"), ("Sam", "sam@example.test")]
    assert out["appointment"]["data"]["info"]["id"] == "1"
    assert out["missing"] == {"code": 400, "message": "Appointment not found", "data": {"status": 400}}
    assert out["anonymous"] == {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
                                "data": {"status": 401}}
    # Nothing of the other tenant (Borealis's customer Kim) shows.
    assert "kim@example.test" not in json.dumps(out)


def test_wpapi_as_a_staff_member_sees_only_their_own_bookings(served_demo):
    out = run_client(f"{served_demo}/aurora/", *ANNA)
    services = [row["service_name"] for row in out["appointments"]["data"]]
    assert services and set(services) <= {"Swedish massage", "Deep tissue"}  # Anna's, never Bas's yoga class
    assert out["appointments"]["meta"]["total"] == str(len(services))
