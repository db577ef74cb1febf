"""Rate limits as clients see them: the headers on every REST and TeamBooking answer, 429 with Retry-After in
each surface's format, per credential / per IP / failed logins, a plan's own limits, and limits that hold
across the worker processes of one ``wpcompat serve`` (and in redis, when the test script starts one)."""
from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.platform.models import Plan
from wpcompat.sitefile import demo_site, load_site

from .factories import basic_auth
from .server_process import free_port, running_server, wpcompat_command

ADMIN = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
WRONG = basic_auth("anna", "wrongwrongwrongwrongwrong")
READ_TOKEN = "auroraREADtoken000000000000000cd"
TB = "/aurora/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services&auth_token="
LIMITS = {"RATELIMIT_AUTHENTICATED": "3/hour", "RATELIMIT_ANONYMOUS": "2/hour", "RATELIMIT_FAILED_LOGINS": "2/hour"}


def _app(database_url: str, storage: str = "memory://", **config):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": storage, **LIMITS, **config})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    return app


@pytest.fixture
def client(database_url):
    return _app(database_url).test_client()


def _limits(response) -> tuple[str, str, str]:
    return (response.headers.get("X-RateLimit-Limit"), response.headers.get("X-RateLimit-Remaining"),
            response.headers.get("X-RateLimit-Reset"))


def test_an_application_password_has_its_own_limit_and_every_answer_says_where_it_stands(client):
    answers = [client.get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [_limits(a)[:2] for a in answers] == [("3", "2"), ("3", "1"), ("3", "0")]
    assert all(3500 < int(a.headers["X-RateLimit-Reset"]) <= 3600 for a in answers)  # seconds, not an epoch
    assert "Retry-After" not in answers[0].headers
    assert "X-RateLimit-Reset" in answers[0].headers["Access-Control-Expose-Headers"]

    over = client.get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN)
    assert over.status_code == 429
    assert json.loads(over.get_data()) == {"code": 429, "message": over.json["message"], "data": {"status": 429}}
    assert over.json["message"].startswith("Too many requests. Try again in ")
    assert 3500 < int(over.headers["Retry-After"]) <= 3600
    # The same credential is over on every namespace; WordPress's routes answer in WordPress's format.
    core = client.get("/aurora/wp-json/wp/v2/users/me", headers=ADMIN)
    assert core.status_code == 429 and core.json["code"] == "rest_too_many_requests"
    managed = client.get("/aurora/wp-json/wpcompat/v1/services", headers=ADMIN)
    assert managed.status_code == 429 and managed.json["data"] == {"status": 429}


def test_anonymous_calls_are_counted_per_ip(client):
    answers = [client.get("/aurora/wp-json/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [_limits(a)[:2] for a in answers] == [("2", "1"), ("2", "0"), ("2", "0")]
    other_ip = client.get("/aurora/wp-json/", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other_ip.status_code == 200 and _limits(other_ip)[:2] == ("2", "1")
    # A credential's calls are not the IP's.
    assert client.get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN).status_code == 200


def test_failed_logins_are_limited_per_ip_and_login_and_then_not_even_checked(client):
    answers = [client.get("/aurora/wp-json/", headers=WRONG) for _ in range(2)]
    assert [a.status_code for a in answers] == [401, 401]
    assert [_limits(a)[:2] for a in answers] == [("2", "1"), ("2", "0")]
    # Over the limit even the right password is refused from this IP for this login...
    anna = basic_auth("anna", "anna AAAA BBBB CCCC DDDD EEEE")
    blocked = client.get("/aurora/wp-json/", headers=anna)
    assert blocked.status_code == 429 and blocked.json["code"] == "rest_too_many_requests"
    assert "Retry-After" in blocked.headers
    # ...while another login, or the same login from elsewhere, still signs in.
    assert client.get("/aurora/wp-json/wp/v2/users/me", headers=ADMIN).status_code == 200
    assert client.get("/aurora/wp-json/", headers=WRONG,
                      environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 401


def test_teambooking_tokens_have_their_limit_and_wrong_tokens_are_limited_per_ip(client):
    answers = [client.get(TB + READ_TOKEN) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [_limits(a)[:2] for a in answers] == [("3", "2"), ("3", "1"), ("3", "0"), ("3", "0")]
    assert answers[3].get_data() == b'{"header":"429 Too Many Requests","code":429,"reason":"too many requests"}'
    assert "Retry-After" in answers[3].headers

    wrong = [client.get(TB + "x" * 32) for _ in range(3)]
    assert [a.status_code for a in wrong] == [403, 403, 429]
    assert wrong[2].json == {"header": "429 Too Many Requests", "code": 429, "reason": "too many requests"}


def test_a_plans_limits_win_over_the_defaults(database_url):
    app = _app(database_url)
    with app.app_context():
        plan = db.session.query(Plan).filter_by(slug="pro").one()
        plan.rate_limits = {"authenticated": "5/hour"}
        db.session.commit()
    answer = app.test_client().get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN)
    assert _limits(answer)[:2] == ("5", "4")
    # The kind the plan leaves out keeps the default.
    assert _limits(app.test_client().get("/aurora/wp-json/"))[:2] == ("2", "1")


def test_limits_off_means_no_headers(database_url):
    app = _app(database_url, RATELIMIT_ENABLED=False)
    answer = app.test_client().get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN)
    assert answer.status_code == 200 and "X-RateLimit-Limit" not in answer.headers
    assert answer.headers["Access-Control-Expose-Headers"] == "X-WP-Total, X-WP-TotalPages, Link"


@pytest.mark.skipif(not os.environ.get("WPCOMPAT_TEST_REDIS_URL"),
                    reason="needs redis-server: run with scripts/test-all.sh (sets WPCOMPAT_TEST_REDIS_URL)")
def test_counters_in_redis_are_shared_by_every_app(database_url):
    url = os.environ["WPCOMPAT_TEST_REDIS_URL"]
    first, second = _app(database_url, url), create_app({
        "TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url, "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": url, **LIMITS})
    first.extensions["wpcompat.ratelimits"].storage.reset()
    statuses = [app.test_client().get(TB + READ_TOKEN).status_code for app in (first, second, first, second)]
    assert statuses == [200, 200, 200, 429]


def test_the_limit_holds_across_the_workers_of_one_serve(tmp_path, database_url):
    """Three worker processes, one limit: of 30 concurrent calls exactly the limit's 12 get through."""
    site = tmp_path / "site.json"
    site.write_text(json.dumps(demo_site()))
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "limits",
           "WPCOMPAT_RATELIMIT_ENABLED": "true", "WPCOMPAT_RATELIMIT_AUTHENTICATED": "12/hour"}
    env.pop("WPCOMPAT_RATELIMIT_STORAGE_URI", None)  # the default: the instance folder's shared file
    subprocess.run(wpcompat_command("load", str(site)), env=env, cwd=tmp_path, capture_output=True, timeout=120,
                   check=True)
    port = free_port()
    command = wpcompat_command("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "3",
                               "--threads", "2", "--no-webhooks")
    with running_server(command, port, env=env, cwd=tmp_path, stderr=subprocess.PIPE) as server:
        def call(_):
            return requests.get(f"{server.base}/aurora/wp-json/booknetic/v1/services", headers=ADMIN, timeout=30)

        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(call, range(30)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * 12 + [429] * 18, [a.text for a in answers if a.status_code >= 500] + [server.stderr[-2000:]]
    assert sorted(int(a.headers["X-RateLimit-Remaining"]) for a in answers if a.status_code == 200) == list(range(12))
