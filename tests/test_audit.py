"""The audit trail over HTTP: every surface's change leaves one row with its actor and ``[old, new]`` fields,
written by the session's capture (never by an adapter), and read back through ``GET /wpcompat/v1/audit``
and ``wpcompat audit``.

The salon (booknetic_support): Aurora's Sam is booked with Anna on Monday 10:00 (``sam_massage``, one hot
stones extra, EUR 50 + 10), Eva with Bas on Tuesday (``eva_yoga``, pending); Lee has no bookings.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import Appointment, Customer
from wpcompat.changes.models import AuditRecord
from wpcompat.cli import cli
from wpcompat.extensions import db
from wpcompat.platform.models import ApplicationPassword, Tenant
from wpcompat.sitefile.loader import demo_site, load_site

from .booking_support import epoch
from .booknetic_support import AURORA, MONDAY_10, body, call, frozen_clock, salon  # noqa: F401

AUDIT = "/aurora/wp-json/wpcompat/v1/audit"
MONDAY_14 = epoch("2030-01-07T14:00:00+01:00")
TUESDAY_14 = epoch("2030-01-08T14:00:00+01:00")


def last_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(AuditRecord.id))) or 0


def records_after(app, after: int) -> list[AuditRecord]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditRecord).where(AuditRecord.id > after).order_by(AuditRecord.id)))
        db.session.expunge_all()
        return rows


def summary(rows: list[AuditRecord]) -> list[tuple]:
    return [(r.tenant_id, r.action, r.entity_type, r.entity_id) for r in rows]


def password_uuid(app, user_id: int) -> str:
    with app.app_context():
        return db.session.scalars(select(ApplicationPassword.uuid).where(ApplicationPassword.user_id == user_id)
                                  .order_by(ApplicationPassword.id)).first()


def booking(salon, **overrides) -> dict:
    return {"customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
            "date": "2030-01-07", "time": "14:00", **overrides}


# --- Booknetic -------------------------------------------------------------------------------------------


def test_a_booknetic_booking_records_its_creation_with_the_actor(app, client, world, salon):
    before = last_id(app)
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body=booking(salon, extras=[{"extra_id": salon.stones, "quantity": 2}]),
                    headers={"X-Request-Id": "req-create-1"})
    assert response.status_code == 200 and response.headers["X-Request-Id"] == "req-create-1"
    new_id = body(response)["id"]
    [row] = records_after(app, before)
    admin = world.aurora_admin.user.id
    assert (row.tenant_id, row.action, row.entity_type, row.entity_id) == (salon.aurora_id, "created", "appointment",
                                                                          new_id)
    assert (row.surface, row.credential_kind, row.credential_id, row.user_id, row.request_id, row.client_ip) == (
        "booknetic", "application_password", password_uuid(app, admin), admin, "req-create-1", "127.0.0.1")
    changes = row.changes
    assert changes["status"] == [None, "approved"] and changes["customer_id"] == [None, salon.lee]
    assert (changes["starts_at"], changes["ends_at"]) == ([None, MONDAY_14], [None, MONDAY_14 + 90 * 60])
    assert changes["extras"] == [None, [{"id": salon.stones, "quantity": 2}]]
    assert changes["prices"] == [None, [{"key": "service_price", "amount": "50.00"},
                                        {"key": "service_extra", "amount": "20.00"}]]
    assert changes["paid_amount"] == [None, "0.00"]
    # Derived keys and secrets are never recorded.
    assert not {"busy_from", "busy_to", "token_seed", "sealed_token", "tenant_id", "id"} & set(changes)


def test_a_move_records_the_old_and_new_values_of_what_changed_only(app, client, world, salon):
    before = last_id(app)
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"date": "2030-01-08", "time": "14:00", "note": "moved", "extras": []})
    assert response.status_code == 200
    [row] = records_after(app, before)
    assert (row.action, row.entity_id, row.surface) == ("updated", salon.sam_massage, "booknetic")
    assert row.changes == {
        "starts_at": [MONDAY_10, TUESDAY_14], "ends_at": [MONDAY_10 + 75 * 60, TUESDAY_14 + 60 * 60],
        "note": [None, "moved"], "extras": [[{"id": salon.stones, "quantity": 1}], []],
        "prices": [[{"key": "service_price", "amount": "50.00"}, {"key": "service_extra", "amount": "10.00"}],
                   [{"key": "service_price", "amount": "50.00"}]]}


def test_status_payment_and_deletion_each_record_one_row(app, client, world, salon):
    before = last_id(app)
    status = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}/change-status", world.aurora_admin,
                  json_body={"status": "approved"})
    assert status.status_code == 200
    paid = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                json_body={"status": "paid", "paid_amount": 60})
    assert paid.status_code == 200
    deleted = call(client, "DELETE", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin)
    assert deleted.status_code == 200
    rows = records_after(app, before)
    assert summary(rows) == [(salon.aurora_id, "updated", "appointment", salon.eva_yoga),
                             (salon.aurora_id, "updated", "appointment", salon.sam_massage),
                             (salon.aurora_id, "deleted", "appointment", salon.eva_yoga)]
    assert rows[0].changes == {"status": ["pending", "approved"]}
    assert rows[1].changes == {"payment_status": ["not_paid", "paid"], "paid_amount": ["0.00", "60.00"]}
    gone = rows[2].changes
    assert gone["status"] == ["approved", None] and gone["customer_id"] == [salon.eva, None]
    assert gone["prices"] == [[{"key": "service_price", "amount": "20.00"}], None]
    assert all(new is None for _, new in gone.values())


def test_customers_and_locations_are_recorded(app, client, world, salon):
    before = last_id(app)
    created = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body={
        "first_name": "Quinn", "last_name": "Ray", "email": "quinn@example.com", "phone": "+15555550199"})
    customer_id = body(created)["customer_id"]
    call(client, "PUT", f"{AURORA}/customers/{customer_id}", world.aurora_admin,
         json_body={"first_name": "Quin", "email": "quinn@example.com"})
    call(client, "DELETE", f"{AURORA}/customers/{customer_id}", world.aurora_admin)
    location = call(client, "POST", f"{AURORA}/locations", world.aurora_admin, json_body={"name": "Harbour Loft"})
    assert location.status_code in (200, 201)
    rows = records_after(app, before)
    assert [(r.action, r.entity_type) for r in rows] == [
        ("created", "customer"), ("updated", "customer"), ("deleted", "customer"), ("created", "location")]
    assert rows[0].changes["email"] == [None, "quinn@example.com"]
    assert rows[0].changes["phone_number"] == [None, "+15555550199"]
    assert not any(name.startswith(("sort_", "search_")) for name in rows[0].changes)
    # Booknetic's edit replaces the whole customer: the fields left out are cleared.
    assert rows[1].changes == {"first_name": ["Quinn", "Quin"], "last_name": ["Ray", ""],
                               "phone_number": ["+15555550199", ""]}
    assert rows[2].changes["first_name"] == ["Quin", None]
    assert rows[3].changes["name"] == [None, "Harbour Loft"]


def test_a_refused_change_records_nothing(app, client, world, salon):
    before = last_id(app)
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                    json_body={"staff_id": salon.anna_staff, "location_id": salon.canal, "starts_at": MONDAY_10,
                               "note": "should not stick"})
    assert response.status_code == 422
    refused = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                   json_body={"status": "paid", "prices": {"service_price": "1"}})  # two lines: refused
    assert refused.status_code == 400
    assert records_after(app, before) == []


# --- WordPress and the CLI ---------------------------------------------------------------------------------


def test_application_passwords_created_and_deleted_over_wp_v2(app, client, world):
    before = last_id(app)
    admin = world.aurora_admin
    path = "/aurora/wp-json/wp/v2/users/me/application-passwords"
    created = client.post(path, headers={**admin.auth, "X-Request-Id": "app-pw-1"}, json={"name": "Zapier"})
    assert created.status_code == 201
    uuid = created.json["uuid"]
    assert client.delete(f"{path}/{uuid}", headers=admin.auth).status_code == 200
    rows = records_after(app, before)
    assert [(r.tenant_id, r.action, r.entity_type, r.surface, r.user_id) for r in rows] == [
        (world.aurora.id, "created", "application_password", "wordpress", admin.user.id),
        (world.aurora.id, "deleted", "application_password", "wordpress", admin.user.id)]
    assert rows[0].request_id == "app-pw-1" and rows[0].credential_id == password_uuid(app, admin.user.id)
    assert rows[0].changes["name"] == [None, "Zapier"] and rows[0].changes["uuid"] == [None, uuid]
    assert "password_hash" not in rows[0].changes and "last_used" not in rows[0].changes
    assert rows[1].changes["uuid"] == [uuid, None]


def test_a_cli_token_is_recorded_as_the_cli(app, world):
    before = last_id(app)
    result = app.test_cli_runner().invoke(cli, ["teambooking-token", "create", "aurora", "--write", "--json"])
    assert result.exit_code == 0, result.output
    token_id = json.loads(result.output)["id"]
    [row] = records_after(app, before)
    assert (row.tenant_id, row.action, row.entity_type, row.entity_id, row.surface, row.credential_kind,
            row.user_id, row.request_id, row.client_ip) == (
        world.aurora.id, "created", "teambooking_token", token_id, "cli", None, None, None, None)
    assert row.changes["write"] == [None, True] and "token_hash" not in row.changes


# --- coalescing, in one transaction ---------------------------------------------------------------------------


def _in_aurora(app, salon, work) -> list[AuditRecord]:
    before = last_id(app)
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        work()
        db.session.commit()
    return records_after(app, before)


def _load(model, row_id):
    return db.session.get(model, row_id)


def test_changes_coalesce_per_entity_per_transaction(app, world, salon):
    def create_then_change():
        appointment = appointments.book(service=_load(Appointment, salon.sam_massage).service,
                                        staff=_load(Appointment, salon.sam_massage).staff,
                                        customer=_load(Customer, salon.lee), starts_at=MONDAY_14, source="cli")
        appointment.note = "first"
        db.session.flush()
        appointment.note = "second"

    [created] = _in_aurora(app, salon, create_then_change)
    assert (created.action, created.changes["note"]) == ("created", [None, "second"])

    def change_twice():
        customer = _load(Customer, salon.lee)
        customer.first_name = "Leo"
        db.session.flush()
        customer.first_name = "Leon"
        customer.notes = "vip"

    [updated] = _in_aurora(app, salon, change_twice)
    assert updated.changes == {"first_name": ["Lee", "Leon"], "notes": [None, "vip"]}

    def create_then_delete():
        customer = Customer(first_name="Brief", email="brief@example.com")
        db.session.add(customer)
        db.session.flush()
        db.session.delete(customer)

    assert _in_aurora(app, salon, create_then_delete) == []

    def change_and_change_back():
        customer = _load(Customer, salon.lee)
        customer.first_name = "Someone"
        db.session.flush()
        customer.first_name = "Leon"
        customer.email = customer.email

    assert _in_aurora(app, salon, change_and_change_back) == []


def test_a_rolled_back_savepoint_drops_what_it_noted(app, world, salon):
    def work():
        customer = _load(Customer, salon.lee)
        customer.last_name = "Kept"
        with db.session.begin_nested() as savepoint:
            customer.first_name = "Dropped"
            db.session.flush()
            savepoint.rollback()

    [row] = _in_aurora(app, salon, work)
    assert row.changes == {"last_name": ["Kim", "Kept"]}


def test_a_clean_commit_sends_no_statement(app, world, salon):
    from .test_query_counts import counting

    with app.app_context(), tenancy.tenant(salon.aurora_id):
        _load(Customer, salon.lee).first_name  # noqa: B018
        with counting(app) as statements:
            db.session.commit()
    assert statements == []


# --- bulk loads -------------------------------------------------------------------------------------------------


def test_the_site_file_load_writes_one_summary_row_per_tenant(app):
    with app.app_context():
        load_site(demo_site())
        tenants = {t.slug: t.id for t in db.session.scalars(select(Tenant))}
    rows = records_after(app, 0)
    assert sorted((r.action, r.entity_type, r.entity_id, r.surface) for r in rows) == sorted(
        ("loaded", "tenant", tenant_id, "site-file") for tenant_id in tenants.values())
    aurora = next(r for r in rows if r.entity_id == tenants["aurora"])
    assert aurora.tenant_id == tenants["aurora"]
    assert aurora.changes["appointment"][0] is None and aurora.changes["appointment"][1] > 0
    assert aurora.changes["customer"][1] > 0


# --- the API ------------------------------------------------------------------------------------------------------


def next_link(response) -> str | None:
    links = [link for link in response.headers.getlist("Link") if link.endswith('rel="next"')]
    assert len(links) <= 1
    return links[0] if links else None


def _make_trail(client, world, salon, notes: int) -> None:
    for n in range(notes):
        response = call(client, "PUT", f"{AURORA}/customers/{salon.lee}", world.aurora_admin,
                        json_body={"first_name": f"Lee {n}", "email": "lee@example.com"},
                        headers={"X-Request-Id": f"note-{n}"})
        assert response.status_code == 200, response.data


def test_the_api_pages_newest_first_with_a_cursor(app, client, world, salon):
    _make_trail(client, world, salon, 5)
    first = client.get(AUDIT, query_string={"entity": "customer", "entity_id": salon.lee, "limit": 2},
                       headers=world.aurora_admin.auth)
    assert first.status_code == 200
    assert [r["request_id"] for r in first.json] == ["note-4", "note-3"]
    record = first.json[0]
    assert set(record) == {"id", "time", "tenant", "actor", "action", "entity", "entity_id", "changes",
                           "request_id", "client_ip"}
    assert (record["tenant"], record["action"], record["entity"], record["entity_id"]) == (
        "aurora", "updated", "customer", salon.lee)
    assert record["actor"] == {"surface": "booknetic", "credential_kind": "application_password",
                               "credential_id": password_uuid(app, world.aurora_admin.user.id),
                               "user_id": world.aurora_admin.user.id}
    assert record["changes"] == {"first_name": ["Lee 3", "Lee 4"]} and record["time"].endswith("Z")
    seen = [r["request_id"] for r in first.json]
    link = next_link(first)
    while link:
        assert link.startswith("<http://") and link.endswith('>; rel="next"')
        url = link[1:link.index(">")]
        assert "entity=customer" in url and "limit=2" in url
        page = client.get(f"{urlsplit(url).path}?{urlsplit(url).query}", headers=world.aurora_admin.auth)
        assert page.status_code == 200
        seen += [r["request_id"] for r in page.json]
        link = next_link(page)
    assert seen[:5] == ["note-4", "note-3", "note-2", "note-1", "note-0"]
    assert all(r is None for r in seen[5:])  # the seed's own rows (written outside a request)


def test_the_api_filters_by_entity_and_time(app, client, world, salon):
    _make_trail(client, world, salon, 1)
    auth = world.aurora_admin.auth
    locations = client.get(AUDIT, query_string={"entity": "location"}, headers=auth).json
    assert locations and {r["entity"] for r in locations} == {"location"}
    future = client.get(AUDIT, query_string={"since": "2999-01-01T00:00:00Z"}, headers=auth)
    assert (future.status_code, future.json, next_link(future)) == (200, [], None)
    recent = client.get(AUDIT, query_string={"since": "2000-01-01T00:00:00+01:00", "entity": "customer",
                                              "entity_id": salon.lee}, headers=auth).json
    assert [r["request_id"] for r in recent][:1] == ["note-0"]


def test_another_tenants_entity_answers_as_a_missing_one(app, client, world, salon):
    _make_trail(client, world, salon, 1)
    theirs = client.get("/borealis/wp-json/wpcompat/v1/audit", query_string={"entity": "customer",
                        "entity_id": salon.lee}, headers=world.borealis_admin.auth)
    missing = client.get("/borealis/wp-json/wpcompat/v1/audit", query_string={"entity": "customer",
                         "entity_id": 999999}, headers=world.borealis_admin.auth)
    assert (theirs.status_code, theirs.get_data()) == (missing.status_code, missing.get_data()) == (200, b"[]")
    everything = client.get("/borealis/wp-json/wpcompat/v1/audit", headers=world.borealis_admin.auth).json
    assert {r["tenant"] for r in everything} == {"borealis"}


@pytest.mark.parametrize("query, param", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": "x"}, "limit"),
    ({"entity": "booking"}, "entity"), ({"entity_id": "abc"}, "entity_id"),
    ({"since": "yesterday"}, "since"), ({"cursor": "abc"}, "cursor"),
])
def test_bad_arguments_are_rest_invalid_param(client, world, salon, query, param):
    response = client.get(AUDIT, query_string=query, headers=world.aurora_admin.auth)
    assert response.status_code == 400
    assert response.json["code"] == "rest_invalid_param" and list(response.json["data"]["params"]) == [param]


def test_only_the_tenant_owner_may_read_the_trail(client, world, salon):
    staff = client.get(AUDIT, headers=world.aurora_staff.auth)
    assert (staff.status_code, staff.json["code"]) == (403, "rest_forbidden")
    other = client.get(AUDIT, headers=world.borealis_admin.auth)
    assert other.status_code in (401, 403)
    anonymous = client.get(AUDIT)
    assert (anonymous.status_code, anonymous.json["code"]) == (401, "rest_forbidden")


# --- the CLI ----------------------------------------------------------------------------------------------------


def test_the_cli_shows_an_entitys_trail(app, client, world, salon):
    _make_trail(client, world, salon, 3)
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["audit", "--tenant", "aurora", "--entity", "customer", "--id", str(salon.lee),
                                 "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert [r["request_id"] for r in page["records"]] == ["note-2", "note-1"]
    assert page["records"][0]["changes"] == {"first_name": ["Lee 1", "Lee 2"]}
    rest = json.loads(runner.invoke(cli, ["audit", "--tenant", "aurora", "--entity", "customer", "--id",
                                          str(salon.lee), "--cursor", page["next_cursor"], "--json"]).output)
    assert [r["request_id"] for r in rest["records"]][:1] == ["note-0"]
    text = runner.invoke(cli, ["audit", "--tenant", "aurora", "--entity", "customer", "--id", str(salon.lee),
                               "--limit", "1"])
    assert text.exit_code == 0
    assert "updated" in text.output and 'first_name: "Lee 1" -> "Lee 2"' in text.output and "note-2" in text.output
    unknown = runner.invoke(cli, ["audit", "--tenant", "nowhere"])
    assert unknown.exit_code == 1 and "no tenant with slug 'nowhere'" in unknown.output
    bad = runner.invoke(cli, ["audit", "--tenant", "aurora", "--since", "soon"])
    assert bad.exit_code == 2 and "RFC 3339" in bad.output
