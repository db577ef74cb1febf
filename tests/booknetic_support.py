"""Fixtures and helpers for the Booknetic REST adapter's HTTP tests.

``salon`` fills both tenants of ``world`` (a seeded template, built once per session by
:func:`build_salon`; conftest.SEEDS) and freezes the booking clock on Sunday 2030-01-06 12:00 UTC.
Aurora (Europe/Amsterdam, EUR):

* locations Canal House (1st) and Park Pavilion; categories Massage and Yoga (child of Massage);
* Swedish massage (60 min, buffers 10/15, EUR 50, extra "Hot stones" +15 min EUR 10) and Flow yoga
  (90 min group, 8 seats, EUR 20);
* Anna de Vries (staff record of the WordPress staff user ``anna``) at Canal House, Mon-Fri 09-12, 13-17,
  offering both; Bas Visser (no user) at Park Pavilion offering yoga;
* customers Sam (created by the owner; booked with Anna), Eva (booked with Bas), Lee (no bookings);
* appointments ``sam_massage`` (Anna, Mon 2030-01-07 10:00 local, approved, stones ×1) and ``eva_yoga``
  (Bas, Tue 2030-01-08 10:00 local, pending).

Borealis has a location, a service, a staff member, a customer and an appointment of its own, with
names that are all marked ``Borealis`` so that a leak shows in any body.

The golden helpers build the shared golden site and run the shared ``golden_replay.py`` tool with its HTTP
calls served by the Flask test client.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import appointments, clock
from wpcompat.booking.models import Appointment
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Role, Tenant

from .booking_support import (epoch, make_category, make_customer, make_extra, make_location, make_service,
                              make_staff)
from .factories import Member, World, basic_auth, make_member
from .shared_files import GOLDEN_SITE, REPLAY_TOOL

API = "/wp-json/booknetic/v1"
AURORA = f"/aurora{API}"
BOREALIS = f"/borealis{API}"
NOW = epoch("2030-01-06T12:00:00")  # Sunday
MONDAY_10 = epoch("2030-01-07T10:00:00+01:00")  # Monday 10:00 in Amsterdam
TUESDAY_10 = epoch("2030-01-08T10:00:00+01:00")
SPLIT_DAY = {day: [["09:00", "12:00"], ["13:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
PERMISSION_DENIED = {"code": 400, "message": "Permission denied!", "data": {"status": 400}}


@dataclass(frozen=True)
class Salon:
    aurora_id: int
    borealis_id: int
    canal: int
    park: int
    massage_category: int
    yoga_category: int
    massage: int
    stones: int
    yoga: int
    anna_staff: int
    bas_staff: int
    sam: int
    eva: int
    lee: int
    sam_massage: int
    eva_yoga: int
    borealis_location: int
    borealis_service: int
    borealis_staff: int
    borealis_customer: int
    borealis_appointment: int
    owner_user_id: int
    anna_user_id: int


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now_epoch", lambda: NOW)
    return NOW


def _book(tenant_id: int, **kwargs) -> Appointment:
    with tenancy.tenant(tenant_id):
        return appointments.book(check_availability=False, notify=False, source="site-file", **kwargs)


@pytest.fixture
def salon(world, frozen_clock, seeded_database) -> Salon:
    """The salon's ids; this test's database is a clone of the seeded template that holds its rows."""
    return seeded_database.values["salon"]


def build_salon(world: World) -> Salon:
    """Write the salon into ``world``'s tenants (in an app context, with the clock at ``NOW``) and commit."""
    aurora, borealis = world.aurora.id, world.borealis.id
    canal, park = make_location(aurora, "Canal House", address="Keizersgracht 1"), make_location(aurora, "Park Pavilion")
    massage_cat = make_category(aurora, "Massage")
    yoga_cat = make_category(aurora, "Yoga", parent=massage_cat)
    massage = make_service(aurora, "Swedish massage", duration=60, price="50.00", buffer_before=10,
                           buffer_after=15, category=massage_cat)
    stones = make_extra(aurora, massage, "Hot stones", price="10.00", duration=15, max_quantity=2)
    yoga = make_service(aurora, "Flow yoga", duration=90, price="20.00", capacity=8, category=yoga_cat)
    anna = make_staff(aurora, "Anna de Vries", services=[massage, yoga], locations=[canal], timesheet=SPLIT_DAY,
                      user_id=world.aurora_staff.user.id, phone_number="+31 6 1", profession="Therapist")
    bas = make_staff(aurora, "Bas Visser", services=[yoga], locations=[park], timesheet=SPLIT_DAY)
    sam = make_customer(aurora, "Sam", "Jones", created_by=world.aurora_admin.user.id, phone_number="+31 6 2")
    eva = make_customer(aurora, "Eva", "Bakker", created_by=world.aurora_admin.user.id)
    lee = make_customer(aurora, "Lee", "Kim", created_by=world.aurora_admin.user.id)
    sam_massage = _book(aurora, service=massage, staff=anna, customer=sam, location=canal, status="approved",
                        starts_at=MONDAY_10, extras=[(stones, 1)], created_at=NOW - 3600)
    eva_yoga = _book(aurora, service=yoga, staff=bas, customer=eva, location=park, status="pending",
                     starts_at=TUESDAY_10, created_at=NOW - 1800)
    b_location = make_location(borealis, "Borealis Clinic")
    b_service = make_service(borealis, "Borealis intake", duration=30, price="80.00")
    b_staff = make_staff(borealis, "Borealis Cory", services=[b_service], locations=[b_location])
    b_customer = make_customer(borealis, "Borealis", "Customer", email="kim@borealis.example")
    b_appointment = _book(borealis, service=b_service, staff=b_staff, customer=b_customer, location=b_location,
                          status="approved", starts_at=epoch("2030-01-07T09:00:00-05:00"))
    db.session.commit()
    return Salon(aurora, borealis, canal.id, park.id, massage_cat.id, yoga_cat.id, massage.id, stones.id,
                 yoga.id, anna.id, bas.id, sam.id, eva.id, lee.id, sam_massage.id, eva_yoga.id, b_location.id,
                 b_service.id, b_staff.id, b_customer.id, b_appointment.id, world.aurora_admin.user.id,
                 world.aurora_staff.user.id)


def add_member(app, tenant_id: int, login: str, role: Role, capabilities: list[str] | None = None) -> Member:
    """Another user of a tenant, with an application password."""
    with app.app_context():
        tenant = db.session.execute(select(Tenant).where(Tenant.id == tenant_id)).scalar_one()
        member = make_member(login, role, tenant, capabilities=capabilities)
        db.session.commit()
        db.session.refresh(member.user)
        db.session.expunge(member.user)
    return member


def set_plan(app, tenant_id: int, modules: list[str]) -> None:
    """Move the tenant to a new plan granting ``modules`` only."""
    with app.app_context():
        plan = accounts.create_plan(f"plan-{len(modules)}-{'-'.join(sorted(modules)) or 'none'}"[:64], "Limited", modules)
        tenant = db.session.execute(select(Tenant).where(Tenant.id == tenant_id)).scalar_one()
        tenant.plan = plan
        db.session.commit()


def call(client, method: str, path: str, member: Member | None = None, *, json_body: Any = None,
         form: dict | str | None = None, query: dict | None = None, headers: dict | None = None):
    """One request; ``json_body`` is sent as JSON, ``form`` urlencoded."""
    all_headers = dict(member.auth if member else {})
    all_headers.update(headers or {})
    kwargs: dict[str, Any] = {"headers": all_headers, "query_string": query}
    if json_body is not None:
        kwargs["data"] = json.dumps(json_body)
        kwargs["content_type"] = "application/json"
    elif form is not None:
        kwargs["data"] = form
        kwargs["content_type"] = "application/x-www-form-urlencoded"
    return client.open(path, method=method, **kwargs)


def body(response) -> Any:
    return json.loads(response.get_data())


def error(message: str, status: int = 400) -> dict:
    return {"code": status, "message": message, "data": {"status": status}}


def validation(errors: dict[str, str]) -> dict:
    return {"code": 422, "message": "Validation failed", "data": {"status": 422, "errors": errors}}


def appointment_row(app, tenant_id: int, appointment_id: int) -> dict | None:
    """The stored appointment as plain values (None when missing), read inside its tenant."""
    with app.app_context(), tenancy.tenant(tenant_id):
        row = db.session.execute(select(Appointment).where(Appointment.id == appointment_id)).scalar_one_or_none()
        if row is None:
            return None
        return {"status": row.status, "starts_at": row.starts_at, "ends_at": row.ends_at, "busy_from": row.busy_from,
                "busy_to": row.busy_to, "staff_id": row.staff_id, "location_id": row.location_id,
                "service_id": row.service_id, "customer_id": row.customer_id, "weight": row.weight,
                "note": row.note, "payment_status": row.payment_status, "paid_amount": row.paid_amount,
                "prices": [(p.unique_key, p.price, p.negative_or_positive) for p in row.prices],
                "extras": [(e.extra_id, e.quantity) for e in row.extras]}


def basic(login: str, password: str) -> dict[str, str]:
    return basic_auth(login, password)



# --- The Booknetic 5.1.2 golden captures

GOLDEN_CAPTURED_AT = epoch("2026-11-21T11:41:15")  # the Date header of the captures


def golden_site(tenant_urls: str = "directory") -> dict:
    """The shared golden site file as it is (it holds the complete seed), in the URL mode given."""
    data = json.loads(GOLDEN_SITE.read_text())
    data["site"]["tenant_urls"] = tenant_urls
    return data


@dataclass
class Replay:
    """What ``golden_replay.py`` printed: {capture: (verdict, the rest of its line)}, its diff lines, its tally."""

    results: dict[str, tuple[str, str]]
    output: str
    tally: str

    def failed(self) -> set[str]:
        return {name for name, (verdict, _) in self.results.items() if verdict == "FAIL"}

    def notes(self) -> dict[str, str]:
        """The passes the tool counted with a note: plugin bugs, deliberate and documented differences."""
        return {name: rest for name, (verdict, rest) in self.results.items() if verdict == "PASS" and rest}


def load_replay_tool():
    """The shared ``golden_replay.py`` as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("golden_replay", REPLAY_TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def replay_in_process(tool, client, monkeypatch, base: str, user: str, password: str) -> Replay:
    """Run the replay tool's ``main`` with its HTTP calls served by ``client``, and read what it printed."""
    def request(method, url, auth=None, headers=None, data=None, timeout=None):
        parts = urlsplit(url)
        all_headers = dict(headers or {})
        if auth is not None:
            all_headers.update(basic_auth(*auth))
        served = client.open(parts.path, method=method, query_string=parts.query, headers=all_headers, data=data,
                             base_url=f"{parts.scheme}://{parts.netloc}")
        response = requests.Response()
        response.status_code = served.status_code
        response.headers = requests.structures.CaseInsensitiveDict(served.headers.items())
        response._content = served.get_data()
        response.encoding = "utf-8"
        return response

    monkeypatch.setattr(tool.requests, "request", request)
    monkeypatch.setattr(sys, "argv", ["golden_replay.py", base, user, password])
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        tool.main()
    results, tally = {}, ""
    for line in output.getvalue().splitlines():
        match = re.match(r"(PASS|FAIL) (\S+?\.txt):?\s*(.*)", line)
        if match:
            results[match.group(2)] = (match.group(1), match.group(3))
        elif re.fullmatch(r"\d+ passed, \d+ failed", line):
            tally = line
    return Replay(results, output.getvalue(), tally)
