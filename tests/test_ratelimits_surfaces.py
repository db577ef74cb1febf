"""Rate limits beyond the happy path: an idempotent replay still counts and gets fresh limit headers, error
answers (404, 401, TeamBooking's envelope) carry the headers too, the environment's limits replace the
defaults (a plan still wins), and a bad limit string stops the app at start."""
from __future__ import annotations

import pytest

from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.platform.models import Plan
from wpcompat.sitefile import demo_site, load_site

from .factories import basic_auth
from .test_ratelimits import ADMIN, TB, _app, _limits

PASSWORDS = "/aurora/wp-json/wp/v2/users/me/application-passwords"


@pytest.fixture
def client(database_url):
    return _app(database_url).test_client()


def test_a_replayed_request_counts_and_gets_its_own_limit_headers(client):
    keyed = {**ADMIN, "Idempotency-Key": "ratelimit-replay"}
    first = client.post(PASSWORDS, data={"name": "Phone"}, headers=keyed)
    again = client.post(PASSWORDS, data={"name": "Phone"}, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_data() == first.get_data()
    # The stored answer's limit headers are not replayed: each delivery says where the credential stands now.
    assert [_limits(first)[:2], _limits(again)[:2]] == [("3", "2"), ("3", "1")]
    assert again.headers.getlist("X-RateLimit-Remaining") == ["1"]
    third = client.post(PASSWORDS, data={"name": "Phone"}, headers=keyed)
    assert _limits(third)[:2] == ("3", "0")
    over = client.post(PASSWORDS, data={"name": "Phone"}, headers=keyed)
    assert over.status_code == 429 and over.json["code"] == "rest_too_many_requests"
    assert "Idempotent-Replayed" not in over.headers


def test_error_answers_carry_the_limit_headers_on_every_surface(client):
    no_route = client.get("/aurora/wp-json/wp/v2/no-such-thing")
    assert no_route.status_code == 404 and no_route.json["code"] == "rest_no_route"
    assert _limits(no_route)[:2] == ("2", "1")
    unauthorized = client.get("/aurora/wp-json/wpcompat/v1/services")
    assert unauthorized.status_code == 401 and _limits(unauthorized)[:2] == ("2", "0")
    # TeamBooking's envelope for a token it does not know (a failed login: its own limit).
    wrong = client.get(TB + "y" * 32)
    assert wrong.status_code == 403 and wrong.json["code"] == 403
    assert _limits(wrong)[:2] == ("2", "1")
    # Anonymous over its limit on Booknetic's namespace: Booknetic's integer-code envelope.
    over = client.get("/aurora/wp-json/booknetic/v1/services")
    assert over.status_code == 429
    assert over.json == {"code": 429, "message": over.json["message"], "data": {"status": 429}}
    assert int(over.headers["Retry-After"]) >= 1


def _env_app(database_url, monkeypatch, **env):
    """An app configured as ``serve`` configures it: from WPCOMPAT_* variables (no test config)."""
    for name, value in {"DATABASE_URL": database_url, "SECRET_KEY": "x", "RATELIMIT_ENABLED": "true",
                        "RATELIMIT_STORAGE_URI": "memory://", **env}.items():
        monkeypatch.setenv(f"WPCOMPAT_{name}", value)
    app = create_app()
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    return app


def test_the_environments_limits_replace_the_defaults_and_a_plan_still_wins(database_url, monkeypatch):
    app = _env_app(database_url, monkeypatch, RATELIMIT_AUTHENTICATED="7/hour",
                   RATELIMIT_ANONYMOUS="4 per 2 hours")
    client = app.test_client()
    assert _limits(client.get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN))[:2] == ("7", "6")
    anonymous = client.get("/aurora/wp-json/")
    assert _limits(anonymous)[:2] == ("4", "3")
    assert 3600 < int(anonymous.headers["X-RateLimit-Reset"]) <= 7200
    with app.app_context():
        db.session.query(Plan).filter_by(slug="pro").one().rate_limits = {"anonymous": "9/hour"}
        db.session.commit()
    assert _limits(client.get("/aurora/wp-json/", environ_base={"REMOTE_ADDR": "198.51.100.7"}))[:2] == ("9", "8")


def test_the_defaults_without_any_setting(database_url, monkeypatch):
    for name in ("AUTHENTICATED", "ANONYMOUS", "FAILED_LOGINS"):
        monkeypatch.delenv(f"WPCOMPAT_RATELIMIT_{name}", raising=False)
    client = _env_app(database_url, monkeypatch).test_client()
    assert _limits(client.get("/aurora/wp-json/booknetic/v1/services", headers=ADMIN))[:2] == ("600", "599")
    assert _limits(client.get("/aurora/wp-json/"))[:2] == ("120", "119")


def test_a_bad_limit_string_stops_the_app_at_start(database_url, monkeypatch):
    with pytest.raises(ValueError):
        _env_app(database_url, monkeypatch, RATELIMIT_AUTHENTICATED="lots per minute")


def test_too_many_failed_logins_on_booknetics_routes_answer_in_booknetics_envelope(client):
    wrong = basic_auth("anna", "wrongwrongwrongwrongwrong")
    answers = [client.get("/aurora/wp-json/booknetic/v1/services", headers=wrong) for _ in range(3)]
    assert [a.status_code for a in answers] == [401, 401, 429]
    assert answers[0].json["code"] == "incorrect_password"  # WordPress signs in, before Booknetic runs...
    # ...but the 429 is the route's: Booknetic's integer code.
    assert answers[2].json == {"code": 429, "message": answers[2].json["message"], "data": {"status": 429}}
    assert "Retry-After" in answers[2].headers
