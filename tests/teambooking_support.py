"""Fixtures and helpers for the TeamBooking adapter's HTTP tests.

``shop`` holds a catalogue in both tenants of ``world`` (a seeded template, built once per session by
:func:`build_shop`; conftest.SEEDS) and freezes the booking clock on Sunday
2030-01-06 12:00 UTC, so slots and "past" are deterministic. Aurora (Europe/Amsterdam, EUR):
Anna de Vries (WordPress user "anna") works Mon-Fri 09:00-12:00 and 13:00-17:00 at Canal House and
offers a one-seat massage (confirmed at once), a 3-seat yoga class, a massage needing approval and a
massage to be paid immediately. Borealis has its own service and staff member.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import clock
from wpcompat.booking.models import Appointment, Customer
from wpcompat.extensions import db

from .booking_support import epoch, make_location, make_service, make_staff
from .factories import World
from .wire_headers import plugin_headers

AJAX = "/wp-admin/admin-ajax.php"
ACTION = "teambooking_rest_api"
AURORA = "/aurora"
BOREALIS = "/borealis"
MAIN = ""
NOW = epoch("2030-01-06T12:00:00")  # a Sunday: Anna's next working day is Monday
MONDAY = "2030-01-07"
MONDAY_10 = epoch("2030-01-07T10:00:00+01:00")  # 10:00 in Amsterdam
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
ADMIN_AJAX_HEADERS = [
    ("X-Robots-Tag", "noindex"), ("X-Content-Type-Options", "nosniff"),
    ("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"), ("Cache-Control", "no-cache, must-revalidate, max-age=0"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "SAMEORIGIN")]
SPLIT_DAY = {day: [["09:00", "12:00"], ["13:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass(frozen=True)
class Shop:
    aurora_id: int
    borealis_id: int
    read: str  # aurora read-only token
    write: str  # aurora write token
    borealis_read: str
    borealis_write: str
    anna_user_id: int
    anna_staff_id: int
    massage_id: int
    yoga_id: int
    deep_id: int
    prepaid_id: int
    intake_id: int
    cory_staff_id: int


@pytest.fixture
def shop(world, monkeypatch, seeded_database) -> Shop:
    """The shop's ids and tokens; this test's database is a clone of the seeded template holding its rows."""
    monkeypatch.setattr(clock, "now_epoch", lambda: NOW)
    return seeded_database.values["shop"]


def build_shop(world: World) -> Shop:
    """Write the shop into ``world``'s tenants (in an app context, with the clock at ``NOW``) and commit."""
    aurora, borealis = world.aurora.id, world.borealis.id
    canal = make_location(aurora, "Canal House", address="Keizersgracht 100, Amsterdam")
    massage = make_service(aurora, "Swedish massage", slug="swedish-massage", duration=60, price="50.00",
                           timeslot_length=60, color="#53d56c", description="Relaxing full-body massage")
    yoga = make_service(aurora, "Flow yoga", slug="flow-yoga", duration=90, price="20.00", capacity=3,
                        timeslot_length=90)
    deep = make_service(aurora, "Deep tissue", slug="deep-tissue", duration=45, price="65.00", approval="admin",
                        timeslot_length=60)
    prepaid = make_service(aurora, "Hot stones", slug="hot-stones", duration=30, price="30.00",
                           payment="immediately", timeslot_length=60)
    anna = make_staff(aurora, "Anna de Vries", services=[massage, yoga, deep, prepaid], locations=[canal],
                      user_id=world.aurora_staff.user.id, timesheet=SPLIT_DAY)
    intake = make_service(borealis, "Intake assessment", slug="intake", duration=30, price="80.00",
                          timeslot_length=30)
    cory = make_staff(borealis, "Cory Lee", services=[intake])
    db.session.commit()
    return Shop(aurora, borealis, world.tokens["aurora-read"], world.tokens["aurora-write"],
                world.tokens["borealis-read"], world.tokens["borealis-write"], world.aurora_staff.user.id,
                anna.id, massage.id, yoga.id, deep.id, prepaid.id, intake.id, cory.id)


# --- requests ------------------------------------------------------------------------------------


def tb_get(client, operation: str | None, token: str | None, *, site: str = AURORA, **params: Any):
    """GET admin-ajax.php?action=teambooking_rest_api&operation=...&auth_token=...&<params>."""
    query = {"action": ACTION}
    if operation is not None:
        query["operation"] = operation
    if token is not None:
        query["auth_token"] = token
    return client.get(f"{site}{AJAX}?{urlencode({**query, **params})}")


def tb_post(client, operation: str | None, token: str | None, *, site: str = AURORA, **fields: Any):
    """POST a form body; dict/list values are sent as JSON strings, as the plugin expects resources."""
    form = {"action": ACTION}
    if operation is not None:
        form["operation"] = operation
    if token is not None:
        form["auth_token"] = token
    for name, value in fields.items():
        form[name] = json.dumps(value) if isinstance(value, (dict, list)) else value
    return client.post(f"{site}{AJAX}", data=urlencode(form), content_type=FORM)


def post_body(client, body: str | bytes, *, site: str = AURORA, query: str = "", content_type: str = FORM):
    """POST a raw body exactly as given (a PHP- or curl-made one)."""
    return client.post(f"{site}{AJAX}{query}", data=body, content_type=content_type)


# --- resources -----------------------------------------------------------------------------------


def form_fields(first: str = "Dana", last: str = "Kim", email: str = "dana@example.com",
                phone: str | None = None) -> list[dict[str, Any]]:
    pairs = [("first_name", first), ("second_name", last), ("email", email)] + ([("phone", phone)] if phone else [])
    return [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0} for name, value in pairs]


def reservation(**members: Any) -> dict[str, Any]:
    """A reservation resource as a client sends it to do_reservation (override members by keyword)."""
    return {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Rome", "service": {},
            "tickets": 1, "formFields": form_fields(), **members}


def slots(client, token: str, service: str, day: str = MONDAY, **params: Any) -> list[dict[str, Any]]:
    response = tb_get(client, "get_slots", token, service_id=service, **{"from": day, "to": day}, **params)
    assert response.status_code == 200, response.data
    return response.json["response"]


def slot_at(client, shop: Shop, service: str, start: str, day: str = MONDAY) -> dict[str, Any]:
    """The slot of ``service`` starting at ``start`` (e.g. "2030-01-07T10:00:00+01:00")."""
    return next(s for s in slots(client, shop.read, service, day) if s["start"] == start)


def book(client, shop: Shop, slug: str = "swedish-massage", start: str = "2030-01-07T10:00:00+01:00",
         **members: Any):
    """do_reservation of the slot of service ``slug`` at ``start`` with the write token."""
    return tb_post(client, "do_reservation", shop.write, reservation=reservation(**members),
                   slot=slot_at(client, shop, slug, start))


def booked_id(client, shop: Shop, slug: str = "swedish-massage", start: str = "2030-01-07T10:00:00+01:00",
              **members: Any) -> int:
    response = book(client, shop, slug, start, **members)
    assert response.status_code == 200, response.data
    return response.json["response"]["reservation_id"]


def get_reservation(client, token: str, reservation_id: int | str, site: str = AURORA) -> dict[str, Any]:
    response = tb_get(client, "get_reservation", token, site=site, id=reservation_id)
    assert response.status_code == 200, response.data
    return response.json["response"]


# --- assertions ----------------------------------------------------------------------------------


def envelope(code: int, reason: str | None = None) -> bytes:
    """The plugin's exact error body (keys header, code, reason)."""
    header = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found",
              409: "409 Conflict"}[code]
    body = f'{{"header":"{header}","code":{code}'
    return (body + (f',"reason":"{reason}"' if reason is not None else "") + "}").encode()


def assert_answer(response, code: int, reason: str | None = None) -> None:
    """Status, admin-ajax headers, Content-Type and the body byte for byte, for a body-less envelope."""
    body = envelope(code, reason)
    assert (response.status_code, response.data) == (code, body)
    assert plugin_headers(response) == ADMIN_AJAX_HEADERS + [("Content-Length", str(len(body))),
                                                                     ("Content-Type", JSON)]


def assert_ok(response) -> Any:
    """A 200 envelope with a ``response``: checks the frame and returns the payload."""
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"] == JSON
    data = json.loads(response.data)
    assert list(data) == ["header", "code", "response"] and data["header"] == "200 OK" and data["code"] == 200
    return data["response"]


# --- database ------------------------------------------------------------------------------------


def appointment(app, tenant_id: int, appointment_id: int) -> Appointment | None:
    """A detached copy of an appointment row (None if missing), read as ``tenant_id``."""
    with app.app_context(), tenancy.tenant(tenant_id):
        row = db.session.execute(select(Appointment).where(Appointment.id == appointment_id)).scalar_one_or_none()
        if row is not None:
            _ = (row.customer, row.prices, row.status_changes, row.service)
            db.session.expunge_all()
        return row


def counts(app) -> tuple[int, int]:
    """(appointments, customers) across all tenants: proof that a refused call wrote nothing."""
    with app.app_context(), tenancy.all_tenants():
        return (db.session.execute(select(func.count(Appointment.id))).scalar_one(),
                db.session.execute(select(func.count(Customer.id))).scalar_one())


def token_usage(app, token: str) -> dict[str, int]:
    from wpcompat.platform import accounts
    with app.app_context():
        return dict(accounts.find_token(token).usage or {})
