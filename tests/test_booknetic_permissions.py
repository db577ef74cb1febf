"""Who may call what: authentication, the tenant's plan modules, Booknetic capabilities, staff scoping.

The plan walk reads the app's own route table, so a route added later is covered without editing this file.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, Customer, Location
from wpcompat.extensions import db
from wpcompat.platform.models import Role
from wpcompat.rest import route_table

from .booknetic_support import (API, AURORA, PERMISSION_DENIED, add_member, basic, body, call, error,  # noqa: F401
                                frozen_clock, salon, set_plan)
from .factories import ALL_MODULES

FORBIDDEN_401 = {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.", "data": {"status": 401}}
FORBIDDEN_403 = {**FORBIDDEN_401, "data": {"status": 403}}
#: The plan module of each route, by its first path segment.
MODULE_OF = {"appointments": "appointments", "customers": "customers", "customer": "customers",
             "locations": "locations", "staffs": "staff", "services": "services", "payments": "payments",
             "notifications": "notifications", "dashboard": "dashboard"}


def booknetic_endpoints(app) -> list[tuple[str, str, str]]:
    """(method, concrete path, module) of every booknetic/v1 route but the namespace index and /login."""
    found = []
    for route in route_table(app).in_namespace("booknetic/v1"):
        tail = route.pattern[len("/booknetic/v1"):]
        if tail in ("", "/login"):
            continue
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", tail)
        for handler in route.handlers:
            for method in handler.methods:
                found.append((method, path, MODULE_OF[tail.split("/")[1]]))
    return found


def snapshot(app, tenant_id: int) -> tuple:
    with app.app_context(), tenancy.tenant(tenant_id):
        return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (Appointment, Customer, Location))


def test_every_route_is_in_the_index(client, world, salon):
    routes = body(call(client, "GET", "/aurora/wp-json/", world.aurora_admin))["routes"]
    namespace = body(call(client, "GET", f"{AURORA}", world.aurora_admin))["routes"]
    expected = {"/booknetic/v1/appointments", r"/booknetic/v1/appointments/(?P<id>\d+)",
                r"/booknetic/v1/appointments/(?P<id>\d+)/change-status", "/booknetic/v1/appointments/statuses",
                "/booknetic/v1/appointments/available-times", "/booknetic/v1/customers",
                r"/booknetic/v1/customers/(?P<id>\d+)", r"/booknetic/v1/customer/info/(?P<id>\d+)",
                "/booknetic/v1/customer/create", "/booknetic/v1/customer/edit", "/booknetic/v1/customer/delete",
                "/booknetic/v1/locations", r"/booknetic/v1/locations/(?P<id>\d+)", "/booknetic/v1/staffs",
                "/booknetic/v1/services", "/booknetic/v1/services/categories", "/booknetic/v1/services/extras",
                r"/booknetic/v1/payments/(?P<id>\d+)", "/booknetic/v1/notifications",
                "/booknetic/v1/notifications/mark-as-read", "/booknetic/v1/notifications/mark-all-as-read",
                "/booknetic/v1/notifications/clear", "/booknetic/v1/dashboard/stats",
                "/booknetic/v1/dashboard/upcoming-appointments", "/booknetic/v1/dashboard/graph", "/booknetic/v1/login"}
    assert expected <= set(routes) and expected <= set(namespace)
    assert routes["/booknetic/v1/appointments"]["endpoints"] == [{"methods": ["GET"], "args": []},
                                                                 {"methods": ["POST"], "args": []}]


def test_the_walk_covers_every_module(app):
    endpoints = booknetic_endpoints(app)
    assert {module for _, _, module in endpoints} == set(ALL_MODULES)
    assert len(endpoints) >= 30


@pytest.mark.parametrize("module", ALL_MODULES)
def test_a_plan_without_the_module_refuses_its_routes_with_403(app, client, world, salon, module):
    set_plan(app, salon.aurora_id, [m for m in ALL_MODULES if m != module])
    before = snapshot(app, salon.aurora_id)
    gated = [(method, path) for method, path, route_module in booknetic_endpoints(app) if route_module == module]
    for method, path in gated:
        response = call(client, method, AURORA + path, world.aurora_admin, json_body={"name": "x"})
        assert (response.status_code, body(response)) == (403, error(
            f"Your plan does not include the {module} module.", 403)), (method, path)
        assert "Allow" not in response.headers or method not in response.headers["Allow"]
    assert gated and snapshot(app, salon.aurora_id) == before
    for method, path, route_module in booknetic_endpoints(app):
        if method == "GET" and route_module != module:
            assert call(client, method, AURORA + path, world.aurora_admin).status_code != 403, path


def test_anonymous_callers_get_wordpress_401_everywhere(app, client, salon):
    for method, path, _ in booknetic_endpoints(app):
        response = call(client, method, AURORA + path)
        assert (response.status_code, body(response)) == (401, FORBIDDEN_401), (method, path)


def test_customers_and_the_platform_owner_are_refused(app, client, world, salon):
    customer = add_member(app, salon.aurora_id, "client-user", Role.CUSTOMER)
    owner = basic("platform-owner", world.owner.password)
    for method, path, _ in booknetic_endpoints(app):
        response = call(client, method, AURORA + path, customer)
        assert (response.status_code, body(response)) == (403, FORBIDDEN_403), (method, path)
        # The platform owner signs in at the main site only, where there is no tenant to work on.
        response = client.open(API + path, method=method, headers=owner)
        assert (response.status_code, body(response)) == (403, FORBIDDEN_403), (method, path)


def test_tenant_credentials_at_the_main_site_url_work_on_their_tenant(client, world, salon):
    data = body(call(client, "GET", f"{API}/appointments", world.aurora_admin))
    assert data["meta"]["total"] == "2"


STAFF_ALLOWED = [("GET", "/appointments"), ("POST", "/appointments"), ("PUT", "/appointments/{a}"),
                 ("PUT", "/appointments/{a}/change-status"), ("GET", "/customers"), ("POST", "/customer/create"),
                 ("GET", "/payments/{a}"), ("PUT", "/payments/{a}"), ("GET", "/dashboard/stats"),
                 ("GET", "/staffs"), ("GET", "/services"), ("GET", "/locations"), ("GET", "/notifications")]
STAFF_DENIED = [("POST", "/locations"), ("PUT", "/locations/{l}"), ("DELETE", "/locations/{l}")]


def test_staff_follow_booknetics_default_staff_rule(client, world, salon):
    ids = {"a": salon.sam_massage, "l": salon.canal}
    for method, path in STAFF_ALLOWED:
        response = call(client, method, AURORA + path.format(**ids), world.aurora_staff, json_body={})
        assert body(response) != PERMISSION_DENIED, (method, path)
    for method, path in STAFF_DENIED:
        response = call(client, method, AURORA + path.format(**ids), world.aurora_staff, json_body={})
        assert (response.status_code, body(response)) == (400, PERMISSION_DENIED), (method, path)
    # The Allow header lists only what the caller may do on the route.
    assert call(client, "GET", f"{AURORA}/locations/{salon.canal}", world.aurora_staff).headers["Allow"] == "GET"
    assert call(client, "GET", f"{AURORA}/locations/{salon.canal}", world.aurora_admin).headers["Allow"] == \
        "GET, PUT, DELETE"


def test_explicit_staff_capabilities_need_the_parent_too(app, client, world, salon):
    viewer = add_member(app, salon.aurora_id, "viewer", Role.STAFF, capabilities=["appointments"])
    orphan = add_member(app, salon.aurora_id, "orphan", Role.STAFF, capabilities=["appointments_delete"])
    assert call(client, "GET", f"{AURORA}/appointments", viewer).status_code == 200
    for member in (viewer, orphan):
        response = call(client, "DELETE", f"{AURORA}/appointments/{salon.sam_massage}", member)
        assert (response.status_code, body(response)) == (400, PERMISSION_DENIED)
    assert body(call(client, "GET", f"{AURORA}/appointments", orphan)) == PERMISSION_DENIED
    assert body(call(client, "GET", f"{AURORA}/customers", viewer)) == PERMISSION_DENIED


def test_staff_scoping_hides_colleagues_work_from_lists_and_totals(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/appointments", world.aurora_staff))
    assert ([row["id"] for row in data["data"]], data["meta"]["total"]) == ([str(salon.sam_massage)], "1")
    assert body(call(client, "GET", f"{AURORA}/appointments", world.aurora_staff, query={"search": "Bakker"}))[
        "meta"]["total"] == "0"
    for method, path in [("GET", f"/appointments/{salon.eva_yoga}"), ("DELETE", f"/appointments/{salon.eva_yoga}")]:
        response = call(client, method, AURORA + path, world.aurora_staff)
        assert (response.status_code, body(response)) == (400, error("Appointment not found"))


def test_staff_user_without_a_staff_record_sees_nothing(app, client, world, salon):
    newcomer = add_member(app, salon.aurora_id, "newcomer", Role.STAFF)
    assert body(call(client, "GET", f"{AURORA}/appointments", newcomer)) == {
        "data": [], "meta": {"total": "0", "limit": 12, "skip": 0}}
    assert body(call(client, "GET", f"{AURORA}/staffs", newcomer)) == {"data": []}
    assert body(call(client, "GET", f"{AURORA}/locations", newcomer)) == {"data": []}
