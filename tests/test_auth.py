"""Application-password Basic auth on REST (WordPress 6.8 rules plus the tenant rules) and capabilities."""
from __future__ import annotations

import base64
import time

import pytest
from sqlalchemy import select

from wpcompat.access import auth
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import ApplicationPassword, Role, User

from .factories import basic_auth
from .rest_support import (
    FORBIDDEN_401, INCORRECT_PASSWORD, INVALID_USERNAME, NO_ROUTE, assert_rest_headers, body, golden,
    make_test_namespace,
)

WHOAMI = "/wp-json/wpcompat-test/v1/whoami"
INVALID_EMAIL = (b'{"code":"invalid_email","message":"<strong>Error:<\\/strong> Unknown email address. Check again'
                 b' or try your username.","data":{"status":401}}')
WRONG = "abcd abcd abcd abcd abcd abcd"


@pytest.fixture
def api(app, world):
    make_test_namespace().init_app(app)
    return app


@pytest.mark.parametrize("method, url", [
    ("GET", "/wp-json/"),
    ("GET", "/wp-json/no/such/route"),
    ("GET", "/wp-json/wp/v2/users/me"),
    ("GET", "/?rest_route=/wp/v2/users/me"),
    ("POST", "/wp-json/wpcompat-test/v1/echo"),
    ("OPTIONS", "/wp-json/wpcompat-test/v1/echo"),
    ("GET", "/aurora/wp-json/wpcompat-test/v1/echo"),
])
def test_wrong_password_is_401_on_every_rest_url(api, client, world, method, url):
    response = client.open(url, method=method, headers=basic_auth("aurora-admin", WRONG))
    assert response.status_code == 401
    assert response.get_data() == INCORRECT_PASSWORD
    assert "Allow" not in response.headers
    assert "Expires" not in response.headers and "Cache-Control" not in response.headers
    assert_rest_headers(response, link="http://wp.test/aurora/wp-json/" if "/aurora/" in url else
                        "http://wp.test/wp-json/")


def test_unknown_user_and_unknown_email(api, client):
    unknown = client.get(WHOAMI, headers=basic_auth("nobody", WRONG))
    assert (unknown.status_code, unknown.get_data()) == (401, INVALID_USERNAME)
    assert unknown.headers["Vary"] == "Origin"
    unknown_email = client.get(WHOAMI, headers=basic_auth("nobody@example.test", WRONG))
    assert (unknown_email.status_code, unknown_email.get_data()) == (401, INVALID_EMAIL)


def test_valid_password_spaced_unspaced_and_by_email(api, client, world):
    password = world.aurora_staff.password
    for login, secret in (("anna", password), ("anna", password.replace(" ", "")),
                          ("ANNA@example.test", password), ("anna@example.test", password.replace(" ", "-"))):
        response = client.get(WHOAMI, headers=basic_auth(login, secret))
        assert response.status_code == 200, login
        assert body(response)["user"] == "anna"


def test_the_account_password_is_not_an_application_password(api, client):
    response = client.get(WHOAMI, headers=basic_auth("platform-owner", "owner-pw"))
    assert (response.status_code, response.get_data()) == (401, INCORRECT_PASSWORD)


def test_empty_password_is_wrong_but_a_missing_one_is_no_credentials(api, client):
    assert client.get(WHOAMI, headers=basic_auth("anna", "")).get_data() == INCORRECT_PASSWORD
    no_colon = {"Authorization": "Basic " + base64.b64encode(b"anna").decode()}
    assert body(client.get(WHOAMI, headers=no_colon))["user"] is None
    assert body(client.get(WHOAMI, headers={"Authorization": "Bearer abc"}))["user"] is None
    assert body(client.get(WHOAMI, headers={"Authorization": "Basic !!!"}))["user"] is None


def test_redirect_http_authorization_stands_in(api, client, world):
    token = world.aurora_staff.auth["Authorization"]
    response = client.get(WHOAMI, environ_overrides={"REDIRECT_HTTP_AUTHORIZATION": token})
    assert body(response)["user"] == "anna"


def test_a_user_without_application_passwords_gets_incorrect_password(api, app, client):
    with app.app_context():
        user = accounts.create_user("nopass", "nopass@example.test", Role.STAFF,
                                    tenant=accounts.find_tenant("aurora"))
        db.session.commit()
        assert user.id
    assert client.get(WHOAMI, headers=basic_auth("nopass", WRONG)).get_data() == INCORRECT_PASSWORD


def test_tenant_credentials_work_at_their_site_and_the_main_site(api, client, world):
    for url in (WHOAMI, "/aurora" + WHOAMI):
        data = body(client.get(url, headers=world.aurora_admin.auth))
        assert data["user"] == "aurora-admin"
        assert data["tenant"] == "aurora"
        assert data["active_tenant_id"] == world.aurora.id


def test_tenant_credentials_at_another_tenant_fail_as_an_unknown_user(api, client, world):
    response = client.get("/aurora" + WHOAMI, headers=world.borealis_admin.auth)
    assert (response.status_code, response.get_data()) == (401, INVALID_USERNAME)
    wrong_too = client.get("/aurora" + WHOAMI, headers=basic_auth("borealis-admin", WRONG))
    assert wrong_too.get_data() == INVALID_USERNAME  # the password is never looked at
    by_email = client.get("/aurora" + WHOAMI, headers=basic_auth("borealis-admin@example.test",
                                                                  world.borealis_admin.password))
    assert by_email.get_data() == INVALID_EMAIL  # exactly what an unknown email gets


def test_platform_owner_signs_in_at_the_main_site_only(api, client, world):
    data = body(client.get(WHOAMI, headers=world.owner.auth))
    assert (data["user"], data["tenant"], data["active_tenant_id"]) == ("platform-owner", None, None)
    response = client.get("/aurora" + WHOAMI, headers=world.owner.auth)
    assert (response.status_code, response.get_data()) == (401, INVALID_USERNAME)


def test_anonymous_requests_work_on_the_url_tenant(api, client, world):
    data = body(client.get("/borealis" + WHOAMI))
    assert (data["user"], data["tenant"], data["active_tenant_id"]) == (None, "borealis", world.borealis.id)
    assert body(client.get(WHOAMI))["tenant"] is None


def test_anonymous_matches_the_golden_no_auth_capture(api, client):
    expected = golden("27")
    response = client.get("/wp-json/wpcompat-test/v1/private")
    assert (response.status_code, response.get_data()) == (expected.status, expected.body) == (401, FORBIDDEN_401)
    for name in ("X-Robots-Tag", "X-Content-Type-Options", "Access-Control-Expose-Headers",
                 "Access-Control-Allow-Headers", "Vary", "Content-Type"):
        assert response.headers[name] == expected.headers[name]
    for absent in ("Allow", "Expires", "Cache-Control", "WWW-Authenticate"):
        assert absent not in response.headers and absent not in expected.headers


def test_auth_errors_come_before_routing(api, client):
    assert client.get("/wp-json/nope", headers=basic_auth("nobody", WRONG)).get_data() == INVALID_USERNAME
    assert client.get("/wp-json/nope").get_data() == NO_ROUTE


def _record(app, login: str) -> ApplicationPassword:
    with app.app_context():
        user = db.session.execute(select(User).where(User.login == login)).scalar_one()
        record = user.application_passwords[0]
        db.session.expunge(record)
        return record


def _set_last_used(app, login: str, last_used: int, last_ip: str) -> None:
    with app.app_context():
        user = db.session.execute(select(User).where(User.login == login)).scalar_one()
        user.application_passwords[0].last_used = last_used
        user.application_passwords[0].last_ip = last_ip
        db.session.commit()


def test_successful_auth_records_use_at_most_daily(api, app, client, world):
    assert _record(app, "anna").last_used is None
    client.get(WHOAMI, headers=world.aurora_staff.auth, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    first = _record(app, "anna")
    assert first.last_ip == "192.0.2.7"
    assert abs(first.last_used - time.time()) < 60
    recent = int(time.time()) - 3600
    _set_last_used(app, "anna", recent, "192.0.2.1")
    client.get(WHOAMI, headers=world.aurora_staff.auth, environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert (_record(app, "anna").last_used, _record(app, "anna").last_ip) == (recent, "192.0.2.1")
    _set_last_used(app, "anna", int(time.time()) - 2 * 86400, "192.0.2.1")
    client.get(WHOAMI, headers=world.aurora_staff.auth, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert _record(app, "anna").last_ip == "192.0.2.9"


def test_failed_auth_records_nothing(api, app, client):
    client.get(WHOAMI, headers=basic_auth("anna", WRONG))
    assert _record(app, "anna").last_used is None


def test_the_authenticating_password_is_exposed(api, app, client, world):
    uuid = _record(app, "anna").uuid
    assert body(client.get(WHOAMI, headers=world.aurora_staff.auth))["app_password"] == uuid


def _user(login: str, role: str, user_id: int, tenant_id: int | None) -> User:
    return User(id=user_id, login=login, email=f"{login}@x.test", role=role, tenant_id=tenant_id)


def test_user_can_read_and_edit_user():
    owner = _user("owner", "administrator", 1, None)
    a_admin = _user("a-admin", "tenant_owner", 2, 10)
    a_staff = _user("a-staff", "staff", 3, 10)
    a_customer = _user("a-customer", "customer", 4, 10)
    b_admin = _user("b-admin", "tenant_owner", 5, 20)
    assert [auth.user_can(u, "read") for u in (owner, a_admin, a_staff, a_customer)] == [True, True, True, False]
    assert auth.user_can(None, "read") is False
    assert auth.user_can(owner, "edit_user", b_admin)
    assert auth.user_can(a_admin, "edit_user", a_staff)
    assert auth.user_can(a_admin, "list_app_passwords", a_customer)
    assert not auth.user_can(a_admin, "edit_user", b_admin)
    assert not auth.user_can(a_admin, "edit_user", owner)
    assert auth.user_can(a_staff, "edit_user", a_staff)
    assert not auth.user_can(a_staff, "edit_user", a_admin)
    assert not auth.user_can(a_admin, "manage_options")
