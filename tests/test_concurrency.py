"""No double booking under real concurrency: a multi-worker ``wpcompat serve`` and many HTTP clients at once.

The server runs as a subprocess (``--workers 4 --threads 4``) on the test's database (conftest's
``database_url``: a SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL) with the
demo site file plus a few appointments. Each race releases its clients through a barrier so their
requests arrive together, mixing Booknetic's ``POST /appointments`` and TeamBooking's ``do_reservation``:
exactly the slot's capacity succeeds, every other client gets the API's conflict answer (Booknetic 422
field error, TeamBooking 409 reason) and the database holds exactly the rows that succeeded.
"""
from __future__ import annotations

import copy
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest
import requests
from sqlalchemy import func, select

from wpcompat import create_app, tenancy
from wpcompat.booking.models import Appointment, Customer, Service, Staff
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site

from .factories import basic_auth
from .server_process import loaded_server

ADMIN = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
WRITE_TOKEN = "auroraWRITEtoken00000000000000ab"
BOOKNETIC = "/aurora/wp-json/booknetic/v1"
AJAX = "/aurora/wp-admin/admin-ajax.php"
TUESDAY, FRIDAY = 1894662000, 1894921200  # 2030-01-15 and 2030-01-18 00:00 Amsterdam
CLIENTS = 48  # per race; each race needs at least 40
REQUEST_TIMEOUT = 60
# Anna's Tuesday-Friday bookings that the reschedule race moves (swedish massage: 60 min + 15 min buffer).
RESCHEDULED = [f"2030-01-{day}T{hm}:00" for day in (15, 16, 17) for hm in ("09:00", "10:30", "12:00", "13:30", "15:00")]


def _site_file() -> dict:
    data = copy.deepcopy(demo_site())
    aurora = next(t for t in data["tenants"] if t["slug"] == "aurora")
    aurora["appointments"] += [
        {"ref": f"move{n}", "service": "swedish", "staff": "anna", "location": "canal", "customer": "sam",
         "starts_at": start, "status": "approved"} for n, start in enumerate(RESCHEDULED)]
    return data


@pytest.fixture
def server(tmp_path, database_url):
    """``wpcompat serve --workers 4 --threads 4`` on a free loopback port, with the site loaded; stopped after."""
    with loaded_server(_site_file(), tmp_path, database_url, "concurrency-test", workers=4, threads=4) as run:
        yield run.base
    assert "database is locked" not in run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


@pytest.fixture
def ids(server, database_url) -> dict[str, int]:
    """Row ids of the loaded site, read directly from the database."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context(), tenancy.all_tenants():
        def one(model, **where):
            return db.session.execute(select(model.id).filter_by(**where)).scalar_one()
        found = {"swedish": one(Service, slug="swedish-massage"), "flow": one(Service, slug="flow-yoga"),
                 "anna": one(Staff, name="Anna de Vries"), "bas": one(Staff, name="Bas Visser"),
                 "sam": one(Customer, email="sam@example.test")}
        found["tenant"] = db.session.execute(select(Service.tenant_id).where(Service.id == found["swedish"])).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return found


def _race(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Run every call in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _booknetic_booking(base: str, body: dict) -> Callable[[], requests.Response]:
    return lambda: requests.post(f"{base}{BOOKNETIC}/appointments", json=body, headers=ADMIN, timeout=REQUEST_TIMEOUT)


def _teambooking_booking(base: str, slot: dict, n: int) -> Callable[[], requests.Response]:
    fields = [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
              for name, value in (("first_name", "Racer"), ("second_name", str(n)), ("email", f"racer{n}@example.test"))]
    reservation = {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Amsterdam",
                   "service": {}, "tickets": 1, "formFields": fields}
    form = {"action": "teambooking_rest_api", "operation": "do_reservation", "auth_token": WRITE_TOKEN,
            "reservation": json.dumps(reservation), "slot": json.dumps(slot)}
    return lambda: requests.post(f"{base}{AJAX}", data=form, timeout=REQUEST_TIMEOUT)


def _slot(base: str, service_slug: str, day: str, start: str) -> dict:
    response = requests.get(f"{base}{AJAX}", params={"action": "teambooking_rest_api", "operation": "get_slots",
                                                      "auth_token": WRITE_TOKEN, "service_id": service_slug,
                                                      "from": day, "to": day}, timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200, response.text
    return next(slot for slot in response.json()["response"] if slot["start"] == start)


def _outcomes(responses: list[requests.Response]) -> tuple[list[requests.Response], list[Any]]:
    succeeded = [r for r in responses if r.status_code == 200]
    refused = [(r.status_code, r.json()) for r in responses if r.status_code != 200]
    return succeeded, refused


def _count(database_url: str, tenant_id: int, *where) -> int:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context(), tenancy.tenant(tenant_id):
        try:
            return db.session.execute(select(func.count(Appointment.id)).where(*where)).scalar_one()
        finally:
            db.session.remove()
            db.engine.dispose()


def _booking_race(server: str, ids: dict, service: str, staff: str, day: str, time_: str) -> list[requests.Response]:
    slot = _slot(server, "swedish-massage" if service == "swedish" else "flow-yoga", day, f"{day}T{time_}:00+01:00")
    body = {"customer_id": ids["sam"], "service_id": ids[service], "staff_id": ids[staff], "date": day, "time": time_}
    calls = [_booknetic_booking(server, body) if n % 2 else _teambooking_booking(server, slot, n) for n in range(CLIENTS)]
    return _race(calls)


def _refusal(response_or_pair, busy: str, reason: str) -> bool:
    status, payload = response_or_pair
    if status == 422:
        return payload == {"code": 422, "message": "Validation failed",
                           "data": {"status": 422, "errors": {"time": busy}}}
    return status == 409 and payload == {"header": "409 Conflict", "code": 409, "reason": reason}


def test_one_seat_slot_is_booked_exactly_once(server, ids, database_url):
    responses = _booking_race(server, ids, "swedish", "anna", "2030-01-14", "10:00")
    succeeded, refused = _outcomes(responses)
    assert len(succeeded) == 1
    assert len(refused) == CLIENTS - 1
    assert all(_refusal(pair, "Anna de Vries is busy at the selected time",
                        "Slot not available anymore or cancelled") for pair in refused), refused[:3]
    assert {status for status, _ in refused} == {409, 422}  # both APIs were refused
    start = 1894611600  # 2030-01-14 10:00 Amsterdam
    assert _count(database_url, ids["tenant"], Appointment.staff_id == ids["anna"], Appointment.starts_at == start) == 1


def test_group_slot_takes_exactly_its_capacity(server, ids, database_url):
    responses = _booking_race(server, ids, "flow", "bas", "2030-01-19", "10:00")
    succeeded, refused = _outcomes(responses)
    assert len(succeeded) == 8
    assert len(refused) == CLIENTS - 8
    assert all(_refusal(pair, "Bas Visser is busy at the selected time", "The event is full")
               for pair in refused), refused[:3]
    assert {status for status, _ in refused} == {409, 422}
    start = 1895043600  # 2030-01-19 10:00 Amsterdam
    assert _count(database_url, ids["tenant"], Appointment.staff_id == ids["bas"], Appointment.starts_at == start) == 8


def test_concurrent_reschedules_into_one_slot_move_exactly_one(server, ids, database_url):
    listing = requests.get(f"{server}{BOOKNETIC}/appointments", params={"limit": 100}, headers=ADMIN,
                           timeout=REQUEST_TIMEOUT)
    assert listing.status_code == 200, listing.text
    movable = [int(row["id"]) for row in listing.json()["data"]
               if row["service_name"] == "Swedish massage" and TUESDAY <= int(row["starts_at"]) < FRIDAY]
    assert len(movable) == len(RESCHEDULED)
    target = {"date": "2030-01-21", "time": "10:00"}
    calls = [lambda i=i: requests.put(f"{server}{BOOKNETIC}/appointments/{i}", json=target, headers=ADMIN,
                                      timeout=REQUEST_TIMEOUT) for i in movable]
    succeeded, refused = _outcomes(_race(calls))
    assert len(succeeded) == 1
    assert refused == [(422, {"code": 422, "message": "Validation failed",
                              "data": {"status": 422, "errors": {"time": "Anna de Vries is busy at the selected time"}}})
                       ] * (len(movable) - 1)
    start = 1895216400  # 2030-01-21 10:00 Amsterdam
    assert _count(database_url, ids["tenant"], Appointment.starts_at == start) == 1
    assert _count(database_url, ids["tenant"], Appointment.id.in_(movable)) == len(movable)
