"""Twenty clients sending one request with one Idempotency-Key at the same moment book exactly once.

A real ``wpcompat serve --workers 4 --threads 4`` on the test's database (SQLite file or PostgreSQL) with
the demo site; the clients are released together by a barrier. The first claim holds the key's row; the
others wait on it (PostgreSQL: the primary key; SQLite: the write lock), then replay the first answer:
every client gets the same status and body, all but one marked ``Idempotent-Replayed: true``, and the
database holds one booking.
"""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import pytest
import requests
from sqlalchemy import func, select

from wpcompat import create_app, tenancy
from wpcompat.booking.models import Appointment, Customer, Service, Staff
from wpcompat.extensions import db
from wpcompat.idempotency.models import IdempotentRequest
from wpcompat.sitefile import demo_site

from .factories import basic_auth
from .server_process import loaded_server

ADMIN = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
WRITE_TOKEN = "auroraWRITEtoken00000000000000ab"
BOOKNETIC = "/aurora/wp-json/booknetic/v1"
AJAX = "/aurora/wp-admin/admin-ajax.php"
CLIENTS = 20
REQUEST_TIMEOUT = 60
MONDAY_10 = 1894611600  # 2030-01-14 10:00 Amsterdam
TUESDAY_10 = 1894698000  # 2030-01-15 10:00 Amsterdam


@pytest.fixture
def server(tmp_path, database_url):
    with loaded_server(demo_site(), tmp_path, database_url, "idempotency-test", workers=4, threads=4) as run:
        yield run.base
    assert "database is locked" not in run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


def _in_database(database_url: str, read: Callable[[], object]) -> object:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context(), tenancy.all_tenants():
        try:
            return read()
        finally:
            db.session.remove()
            db.engine.dispose()


def _ids() -> dict[str, int]:
    def one(model, **where):
        return db.session.execute(select(model.id).filter_by(**where)).scalar_one()
    return {"swedish": one(Service, slug="swedish-massage"), "anna": one(Staff, name="Anna de Vries"),
            "sam": one(Customer, email="sam@example.test")}


def _bookings_at(starts_at: int) -> Callable[[], object]:
    return lambda: db.session.execute(select(func.count(Appointment.id)).where(Appointment.starts_at == starts_at)
                                      ).scalar_one()


def _race(call: Callable[[], requests.Response]) -> list[requests.Response]:
    barrier = threading.Barrier(CLIENTS)

    def run(_):
        barrier.wait(30)
        return call()

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(run, range(CLIENTS)))


def _assert_one_ran_and_the_rest_replayed(responses: list[requests.Response]) -> None:
    assert {(r.status_code, r.content) for r in responses} == {(200, responses[0].content)}, \
        [(r.status_code, r.content[:200]) for r in responses]
    replayed = [r.headers.get("Idempotent-Replayed") for r in responses]
    assert sorted(replayed, key=str) == [None] + ["true"] * (CLIENTS - 1)
    first = next(r for r in responses if "Idempotent-Replayed" not in r.headers)
    for response in responses:
        headers = {k: v for k, v in response.headers.items() if k not in ("Date", "X-Request-Id", "Idempotent-Replayed")}
        assert headers == {k: v for k, v in first.headers.items() if k not in ("Date", "X-Request-Id")}
    assert len({r.headers["X-Request-Id"] for r in responses}) == CLIENTS  # each answer names its own request


def test_twenty_concurrent_requests_with_one_key_book_once(server, database_url):
    ids = _in_database(database_url, _ids)

    body = {"customer_id": ids["sam"], "service_id": ids["swedish"], "staff_id": ids["anna"],
            "date": "2030-01-14", "time": "10:00"}
    booknetic = _race(lambda: requests.post(f"{server}{BOOKNETIC}/appointments", json=body, timeout=REQUEST_TIMEOUT,
                                            headers={**ADMIN, "Idempotency-Key": "race-booknetic"}))
    _assert_one_ran_and_the_rest_replayed(booknetic)
    assert set(json.loads(booknetic[0].content)) == {"id"}
    assert _in_database(database_url, _bookings_at(MONDAY_10)) == 1

    slots = requests.get(f"{server}{AJAX}", timeout=REQUEST_TIMEOUT, params={
        "action": "teambooking_rest_api", "operation": "get_slots", "auth_token": WRITE_TOKEN,
        "service_id": "swedish-massage", "from": "2030-01-15", "to": "2030-01-15"}).json()["response"]
    slot = next(s for s in slots if s["start"] == "2030-01-15T10:00:00+01:00")
    fields = [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
              for name, value in (("first_name", "Racer"), ("second_name", "One"), ("email", "racer@example.test"))]
    reservation = {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Amsterdam",
                   "service": {}, "tickets": 1, "formFields": fields}
    form = {"action": "teambooking_rest_api", "operation": "do_reservation", "auth_token": WRITE_TOKEN,
            "reservation": json.dumps(reservation), "slot": json.dumps(slot), "idempotency_key": "race-teambooking"}
    teambooking = _race(lambda: requests.post(f"{server}{AJAX}", data=form, timeout=REQUEST_TIMEOUT))
    _assert_one_ran_and_the_rest_replayed(teambooking)
    assert json.loads(teambooking[0].content)["response"]["state"] == "confirmed"
    assert _in_database(database_url, _bookings_at(TUESDAY_10)) == 1

    keys = _in_database(database_url, lambda: sorted(db.session.execute(select(IdempotentRequest.key)).scalars()))
    assert keys == ["race-booknetic", "race-teambooking"]
