"""Values the database cannot hold, or a header cannot carry, never reach either (issue 11, causes 1-7).

Each class once, over HTTP, on the test database (SQLite, or PostgreSQL under scripts/test-all.sh): a slug
that cannot be a tenant's names no site; an id beyond the id column names no row; a NUL in a login finds
no one and a NUL in written text is refused with nothing written; dates outside 1000-01-01..9999-12-31
are refused and the calendar's last days compute.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Customer
from wpcompat.database.bounds import UnstorableValue
from wpcompat.extensions import db
from wpcompat.platform.models import ApplicationPassword

from .booknetic_support import AURORA, body, call, error, frozen_clock, salon  # noqa: F401
from .factories import basic_auth
from .teambooking_support import assert_answer, shop, tb_get, tb_post  # noqa: F401

NO_ROUTE = {"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
            "data": {"status": 404}}
INVALID_USER_ID = {"code": "rest_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}}
UNKNOWN_USERNAME = {"code": "invalid_username",
                    "message": "<strong>Error:</strong> Unknown username. Check again or try your email address.",
                    "data": {"status": 401}}
UNSTORABLE_REST = {"code": "rest_invalid_param",
                   "message": "Invalid parameter(s): a value contains a NUL character or a number out of range.",
                   "data": {"status": 400}}
EMPTY_LIST = {"data": [], "meta": {"total": "0", "limit": 12, "skip": 0}}


# --- 1. the tenant slug ------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["aurora%0d", "aurora%0a", "aurora%00", "n%20ope", "AURORA", "a" * 65, "-aurora"])
def test_a_slug_that_cannot_be_a_tenants_is_an_unknown_site(client, world, slug):
    for query in ("", "?_jsonp=x"):
        response = client.get(f"/{slug}/wp-json/{query}")
        assert (response.status_code, body(response)) == (404, NO_ROUTE)
        assert response.headers["Link"] == '<http://wp.test/wp-json/>; rel="https://api.w.org/"'
    ajax = client.get(f"/{slug}/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services"
                      "&auth_token=x")
    assert (ajax.status_code, ajax.data) == (404, b"0")


@pytest.mark.parametrize("label", ["a.aurora", "-aurora", "aurora-", "x--"])
def test_in_subdomain_mode_a_host_label_that_cannot_be_a_slug_is_an_unknown_site(app, client, world, label):
    app.config["TENANT_URLS"] = "subdomain"
    response = client.get("/wp-json/", headers={"Host": f"{label}.wp.test"})
    assert (response.status_code, body(response)) == (404, NO_ROUTE)
    assert response.headers["Link"] == '<http://wp.test/wp-json/>; rel="https://api.w.org/"'
    ajax = client.get("/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services&auth_token=x",
                      headers={"Host": f"{label}.wp.test"})
    assert (ajax.status_code, ajax.data) == (404, b"0")


# --- 2/5. ids beyond the id column -------------------------------------------------------------------

@pytest.mark.parametrize("user_id", ["2147483648", "9223372036854775808", "9" * 5000])
def test_a_user_id_no_row_can_have_is_an_invalid_user_id(client, world, user_id):
    for member in (None, world.aurora_admin):
        response = client.get(f"/wp-json/wp/v2/users/{user_id}/application-passwords",
                              headers=member.auth if member else {})
        assert (response.status_code, body(response)) == (404, INVALID_USER_ID)


@pytest.mark.parametrize("name", ["serviceId", "customerId", "staffId"])
@pytest.mark.parametrize("value", ["2147483648", "9223372036854775808", "-1"])
def test_a_list_filter_id_no_row_can_have_lists_nothing(client, world, salon, name, value):
    response = call(client, "GET", f"{AURORA}/appointments", world.aurora_admin, query={name: value})
    assert (response.status_code, body(response)) == (200, EMPTY_LIST)


def test_a_path_id_no_row_can_have_answers_as_a_missing_one(client, world, salon):
    missing = call(client, "GET", f"{AURORA}/appointments/999999", world.aurora_admin)
    for huge in ("2147483648", "9223372036854775808", "9" * 5000):
        response = call(client, "GET", f"{AURORA}/appointments/{huge}", world.aurora_admin)
        assert (response.status_code, body(response)) == (missing.status_code, body(missing))
    assert body(missing) == error("Appointment not found")


def test_a_teambooking_id_no_row_can_have_is_not_found(client, shop):
    for huge in ("2147483648", "9223372036854775808"):
        assert_answer(tb_get(client, "get_reservation", shop.read, id=huge), 404, "Record not found")


# --- 3/7. NUL --------------------------------------------------------------------------------------

def test_a_login_with_nul_is_an_unknown_username(client, world):
    for login in ("aurora\x00boss", "\x00"):
        response = client.get("/aurora/wp-json/", headers=basic_auth(login, "pw"))
        assert (response.status_code, body(response)) == (401, UNKNOWN_USERNAME)


def _password_count(app) -> int:
    with app.app_context(), tenancy.all_tenants():
        return db.session.execute(select(func.count()).select_from(ApplicationPassword)).scalar_one()


def test_an_application_password_named_with_nul_is_refused_and_not_written(app, client, world):
    before = _password_count(app)
    response = client.post("/aurora/wp-json/wp/v2/users/me/application-passwords", headers=world.aurora_admin.auth,
                           data=json.dumps({"name": "a\x00b"}), content_type="application/json")
    assert (response.status_code, body(response)) == (400, UNSTORABLE_REST)
    assert _password_count(app) == before


def _customer_names(app, tenant_id: int) -> list[str]:
    with app.app_context(), tenancy.tenant(tenant_id):
        return sorted(db.session.execute(select(Customer.first_name)).scalars())


def test_customer_text_with_nul_is_refused_and_not_written(app, client, world, salon):
    before = _customer_names(app, salon.aurora_id)
    response = call(client, "POST", f"{AURORA}/customers", world.aurora_admin,
                    json_body={"first_name": "Nu\x00l", "last_name": "X", "email": "nul@example.com"})
    assert (response.status_code, body(response)) == (
        422, {"code": 422, "message": "Validation failed",
              "data": {"status": 422, "errors": {"first_name": "first_name format is invalid"}}})
    assert _customer_names(app, salon.aurora_id) == before
    # The legacy route's lenient fields read unstorable text as absent (its default): never stored.
    call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin,
         json_body={"first_name": "Nu\x00l", "last_name": "X", "email": "nul@example.com"})
    assert not any("\x00" in name for name in _customer_names(app, salon.aurora_id))


def test_a_search_with_nul_finds_nothing_or_is_refused_never_a_crash(client, world, salon):
    for path in ("/appointments", "/customers"):
        response = call(client, "GET", f"{AURORA}{path}", world.aurora_admin, query={"search": "a\x00"})
        assert response.status_code in (200, 400), response.data
        assert body(response).get("code", 200) == response.status_code


# --- 6. the calendar's edges ---------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    {"period": "custom", "start": "0001-01-01", "end": "0001-01-02"},
    {"period": "custom", "start": "0999-12-31", "end": "1000-01-01"},
    {"period": "custom", "start": "9999-12-31", "end": "10000-01-01"},
])
def test_dashboard_dates_outside_the_calendar_are_refused(client, world, salon, query):
    response = call(client, "GET", f"{AURORA}/dashboard/stats", world.aurora_admin, query=query)
    assert (response.status_code, body(response)) == (400, error("start and end must be dates (Y-m-d)"))


def test_the_calendars_last_days_compute(client, world, salon):
    graph = call(client, "GET", f"{AURORA}/dashboard/graph", world.aurora_admin,
                 query={"period": "custom", "start": "9999-01-01", "end": "9999-12-31", "interval": "month"})
    assert graph.status_code == 200, graph.data
    assert [point["start"] for point in body(graph)["data"]["series"]] == [f"9999-{m:02}-01" for m in range(1, 13)]
    stats = call(client, "GET", f"{AURORA}/dashboard/stats", world.aurora_admin,
                 query={"period": "custom", "start": "1000-01-01", "end": "1000-01-02"})
    assert stats.status_code == 200, stats.data
    listed = call(client, "GET", f"{AURORA}/appointments", world.aurora_admin, query={"endsAt": "9999-12-31"})
    assert listed.status_code == 200 and body(listed)["meta"]["total"] == "2"
    refused = call(client, "GET", f"{AURORA}/appointments", world.aurora_admin, query={"endsAt": "0001-01-01"})
    assert (refused.status_code, body(refused)) == (400, error("endsAt must be a date (Y-m-d)"))


@pytest.mark.parametrize("starts_at, message", [(253402300000, "starts_at is not a valid time"),
                                                (253402041600, "starts_at is not a valid time"),
                                                (2**63, "starts_at must be at most 9223372036854775807")])
def test_a_start_whose_local_date_leaves_the_calendar_is_refused(app, client, world, salon, starts_at, message):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body={"customer_id": salon.sam, "service_id": salon.massage, "staff_id": salon.anna_staff,
                               "starts_at": starts_at})
    assert (response.status_code, body(response)) == (
        422, {"code": 422, "message": "Validation failed", "data": {"status": 422, "errors": {"starts_at": message}}})


# --- the net at the database boundary --------------------------------------------------------------

@pytest.mark.parametrize("value", ["a\x00b", 2**63, -(2**63) - 1])
def test_the_net_refuses_an_unstorable_parameter_before_the_database_sees_it(app, world, value):
    column = Customer.first_name if isinstance(value, str) else Customer.id
    with app.app_context(), tenancy.tenant(world.aurora.id):
        with pytest.raises(UnstorableValue):
            db.session.execute(select(Customer).where(column == value)).all()
        db.session.rollback()
        assert db.session.execute(select(func.count()).select_from(Customer)).scalar_one() >= 0  # still usable
