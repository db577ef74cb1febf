"""The management API (``wpcompat/v1``) as a client sees it: WordPress's conventions on every resource, who may
call what, another tenant's ids answered exactly as missing ones, and the domain's refusals."""
from __future__ import annotations

import json

import pytest

from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site, load_site

from .factories import basic_auth

OWNER = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
STAFF = basic_auth("anna", "anna AAAA BBBB CCCC DDDD EEEE")
PLATFORM = basic_auth("platform-owner", "Plat Form Ownr Pass Word Demo")
AURORA = "/aurora/wp-json/wpcompat/v1"
BOREALIS = "/borealis/wp-json/wpcompat/v1"
MAIN = "/wp-json/wpcompat/v1"
BOREALIS_OWNER = basic_auth("borealis-admin", "bore alis Pass word 0000 1111")


@pytest.fixture
def client(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    return app.test_client()


def _body(answer):
    return json.loads(answer.get_data())


@pytest.mark.parametrize("collection", ["services", "service-categories", "locations", "staff", "users",
                                        "teambooking-tokens"])
def test_every_collection_pages_as_wordpress_does(client, collection):
    first = client.get(f"{AURORA}/{collection}?per_page=1", headers=OWNER)
    assert first.status_code == 200
    total = int(first.headers["X-WP-Total"])
    assert first.headers["X-WP-TotalPages"] == str(total)
    assert len(_body(first)) == min(1, total)
    if total > 1:
        assert f'{AURORA}/{collection}?per_page=1&page=2>; rel="next"' in first.headers.getlist("Link")[-1]
    assert client.get(f"{AURORA}/{collection}?per_page=101", headers=OWNER).status_code == 400
    assert client.get(f"{AURORA}/{collection}").status_code == 401


def test_create_read_update_delete_a_service(client):
    created = client.post(f"{AURORA}/services", headers=OWNER,
                          json={"name": "Hot Stone Massage", "duration": 75, "price": 95.5, "color": "#aa0000"})
    assert created.status_code == 201
    service = _body(created)
    assert created.headers["Location"] == f"http://127.0.0.1:8080{AURORA}/services/{service['id']}"
    assert {k: service[k] for k in ("slug", "price", "capacity", "is_active", "color", "extras", "staff")} == {
        "slug": "hot-stone-massage", "price": "95.50", "capacity": 1, "is_active": True, "color": "#aa0000",
        "extras": [], "staff": []}
    assert set(service["_links"]) == {"self", "collection", "extras"}
    # The same name again gets a slug of its own.
    again = _body(client.post(f"{AURORA}/services", headers=OWNER, json={"name": "Hot Stone Massage",
                                                                          "duration": 30, "price": "1"}))
    assert again["slug"] == "hot-stone-massage-2"

    extra = client.post(f"{AURORA}/services/{service['id']}/extras", headers=OWNER, json={"name": "Oil", "price": 5})
    assert extra.status_code == 201 and _body(extra)["price"] == "5.00"
    changed = client.patch(f"{AURORA}/services/{service['id']}", headers=OWNER, json={"color": None, "capacity": 3})
    assert (_body(changed)["color"], _body(changed)["capacity"], len(_body(changed)["extras"])) == (None, 3, 1)
    # Once a staff member provides it, Booknetic lists it at once: the same rows.
    assert client.patch(f"{AURORA}/staff/1", headers=OWNER, json={"services": [1, 3, service["id"]]}).status_code == 200
    listed = client.get("/aurora/wp-json/booknetic/v1/services", headers=OWNER)
    assert "Hot Stone Massage" in [row["text"] for row in _body(listed)["data"]]

    assert client.delete(f"{AURORA}/services/{service['id']}", headers=OWNER).status_code == 501
    deleted = client.delete(f"{AURORA}/services/{service['id']}?force=true", headers=OWNER)
    assert _body(deleted)["deleted"] is True and _body(deleted)["previous"]["slug"] == "hot-stone-massage"
    assert client.get(f"{AURORA}/services/{service['id']}", headers=OWNER).status_code == 404


def test_bad_fields_are_named(client):
    answer = client.post(f"{AURORA}/services", headers=OWNER, json={"name": "", "duration": 0, "price": "1.234"})
    assert answer.status_code == 400
    assert _body(answer)["code"] == "rest_invalid_param"
    assert set(_body(answer)["data"]["params"]) >= {"name", "duration"}
    price = client.post(f"{AURORA}/services", headers=OWNER, json={"name": "X", "duration": 10, "price": "1.234"})
    assert _body(price)["data"]["params"] == {"price": "A price is an amount ≥ 0 with at most two decimals."}
    hours = client.post(f"{AURORA}/staff", headers=OWNER, json={
        "name": "Pia", "email": "pia@aurora.test",
        "timesheet": {"mon": {"start": "09:00", "end": "17:00", "breaks": [["16:00", "18:00"]]}}})
    assert _body(hours)["data"]["params"] == {"timesheet": "The breaks of mon overlap or lie outside its hours."}


def test_nothing_booked_is_orphaned(client):
    for path, code in (("services/1", "rest_service_in_use"), ("staff/1", "rest_staff_in_use"),
                       ("locations/1", "rest_location_in_use")):
        answer = client.delete(f"{AURORA}/{path}?force=true", headers=OWNER)
        assert (answer.status_code, _body(answer)["code"]) == (409, code), path
    assert _body(client.delete(f"{AURORA}/services/1?force=true", headers=OWNER))["data"]["appointments"]


@pytest.mark.parametrize("path", ["services/{id}", "service-categories/{id}", "locations/{id}", "staff/{id}",
                                  "users/{id}", "teambooking-tokens/{id}"])
def test_another_tenants_id_answers_exactly_as_a_missing_one(client, path):
    collection = path.split("/")[0]
    if collection == "locations":  # borealis's plan has no locations: its owner makes one here
        client.post(f"{BOREALIS}/locations", headers=BOREALIS_OWNER, json={"name": "Clinic"})
    ids = [row["id"] for row in _body(client.get(f"{BOREALIS}/{collection}?per_page=100", headers=BOREALIS_OWNER))]
    assert ids, "borealis has rows of this resource"
    for method in ("get", "patch", "delete"):
        theirs = getattr(client, method)(f"{AURORA}/{path.format(id=ids[0])}?force=true", headers=OWNER, json={})
        missing = getattr(client, method)(f"{AURORA}/{path.format(id=999999)}?force=true", headers=OWNER, json={})
        assert theirs.status_code == 404
        assert theirs.get_data() == missing.get_data()


def test_staff_read_what_booknetic_lets_them_see_and_change_nothing(client):
    assert client.get(f"{AURORA}/staff", headers=STAFF).status_code == 200  # Booknetic's default staff rule
    assert client.get(f"{AURORA}/services", headers=STAFF).status_code == 403
    assert client.patch(f"{AURORA}/staff/1", headers=STAFF, json={"name": "Me"}).status_code == 403
    for owner_only in ("users", "teambooking-tokens", "webhooks"):
        assert client.get(f"{AURORA}/{owner_only}", headers=STAFF).status_code == 403
    assert client.get(f"{AURORA}/tenants", headers=OWNER).status_code == 403  # the platform's, not a tenant's


def test_a_token_made_here_works_on_admin_ajax_until_revoked(client):
    made = client.post(f"{AURORA}/teambooking-tokens", headers=OWNER, json={"write": False})
    assert made.status_code == 201
    token = _body(made)
    assert (len(token["token"]), token["prefix"], token["write"]) == (32, token["token"][:6], False)
    ajax = f"/aurora/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services&auth_token={token['token']}"
    assert client.get(ajax).status_code == 200
    listed = _body(client.get(f"{AURORA}/teambooking-tokens/{token['id']}", headers=OWNER))
    assert "token" not in listed and listed["usage"] == {"get_services": 1}
    assert client.delete(f"{AURORA}/teambooking-tokens/{token['id']}?force=true", headers=OWNER).status_code == 200
    assert client.get(ajax).status_code == 403
    assert _body(client.get(f"{AURORA}/teambooking-tokens/{token['id']}", headers=OWNER))["revoked_at"]


def test_users_are_the_tenants_own_logins(client):
    made = client.post(f"{AURORA}/users", headers=OWNER, json={
        "login": "pia", "email": "pia@aurora.test", "capabilities": ["appointments", "customers"], "staff": 2})
    assert made.status_code == 201
    user = _body(made)
    assert (user["role"], user["staff"], set(user["_links"])) == ("staff", 2, {
        "self", "collection", "application-passwords", "staff"})
    taken = client.post(f"{AURORA}/users", headers=OWNER, json={"login": "anna", "email": "x@aurora.test"})
    assert _body(taken)["data"]["params"] == {"login": "This login is taken."}
    me = client.delete(f"{AURORA}/users/2?force=true", headers=OWNER)
    assert (me.status_code, _body(me)["code"]) == (409, "rest_user_cannot_delete")


def test_the_platform_owner_manages_tenants_and_plans_at_the_main_site(client):
    plan = client.post(f"{MAIN}/plans", headers=PLATFORM, json={
        "slug": "tiny", "name": "Tiny", "modules": ["appointments"], "rate_limits": {"authenticated": "5/minute"}})
    assert plan.status_code == 201 and _body(plan)["rate_limits"] == {"authenticated": "5/minute"}
    bad = client.post(f"{MAIN}/plans", headers=PLATFORM, json={
        "slug": "bad", "name": "Bad", "modules": [], "rate_limits": {"authenticated": "often"}})
    assert _body(bad)["data"]["params"] == {"rate_limits[authenticated]": "'often' is not a limit such as 600/minute."}
    in_use = client.delete(f"{MAIN}/plans/2?force=true", headers=PLATFORM)
    assert (in_use.status_code, _body(in_use)["data"]["tenants"]) == (409, ["aurora"])

    moved = client.patch(f"{MAIN}/tenants/1", headers=PLATFORM, json={"plan": "tiny", "name": "Aurora Studio"})
    assert (_body(moved)["plan"], _body(moved)["name"]) == ("tiny", "Aurora Studio")
    # The plan's modules hold at once: locations are not in "tiny".
    assert client.get("/aurora/wp-json/booknetic/v1/locations", headers=OWNER).status_code == 403
    # Tenant owners are not the platform owner, and tenant URLs know no platform routes' caller.
    assert client.get(f"{MAIN}/tenants", headers=OWNER).status_code == 403
    assert client.get(f"{MAIN}/tenants").status_code == 401

    gone = client.delete(f"{MAIN}/tenants/2?force=true", headers=PLATFORM)
    assert _body(gone)["previous"]["slug"] == "borealis"
    assert client.get("/borealis/wp-json/booknetic/v1/appointments", headers=BOREALIS_OWNER).status_code == 404
    assert client.get(f"{MAIN}/tenants/2", headers=PLATFORM).status_code == 404


def test_deleting_a_tenant_leaves_no_row_of_it_and_every_row_of_its_neighbour(client):
    from sqlalchemy import func, select

    from wpcompat import tenancy
    from wpcompat.platform.models import ApplicationPassword, User

    hook = client.post(f"{BOREALIS}/webhooks", headers=BOREALIS_OWNER,
                       json={"url": "https://hooks.example.com/x", "events": ["*"]})
    assert hook.status_code == 201

    def counts(tenant_id: int) -> dict[str, int]:
        with client.application.app_context(), tenancy.all_tenants():
            found = {table.name: db.session.execute(select(func.count()).select_from(table)
                                                    .where(table.c.tenant_id == tenant_id)).scalar_one()
                     for table in db.metadata.sorted_tables if "tenant_id" in table.c}
            found["application_passwords"] = db.session.execute(
                select(func.count(ApplicationPassword.id)).join(User).where(User.tenant_id == tenant_id)).scalar_one()
            return found

    aurora_before = counts(1)
    assert counts(2)["appointments"] > 0 and counts(2)["webhook_endpoints"] == 1
    assert client.delete(f"{MAIN}/tenants/2?force=true", headers=PLATFORM).status_code == 200
    assert set(counts(2).values()) == {0}
    assert counts(1) == aurora_before
    assert client.get("/aurora/wp-json/booknetic/v1/appointments", headers=OWNER).status_code == 200
