"""TeamBooking token usage counters under real concurrency: N successful calls count exactly N.

A multi-worker ``wpcompat serve`` on the test's database (SQLite file or PostgreSQL) with the demo site;
many clients released together by a barrier call read and write operations with the same token. The
counter is the database's (one ``calls = calls + 1`` per call), so no count is lost however the
requests interleave; refused calls count nothing.
"""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import pytest
import requests

from wpcompat import create_app
from wpcompat.platform import accounts
from wpcompat.sitefile import demo_site

from .server_process import loaded_server

WRITE_TOKEN = "auroraWRITEtoken00000000000000ab"  # the demo site's
AJAX = "/aurora/wp-admin/admin-ajax.php"
READS = 48
BOOKINGS = 16
TIMEOUT = 60


@pytest.fixture
def server(tmp_path, database_url):
    with loaded_server(demo_site(), tmp_path, database_url, "usage-test", workers=2, threads=8) as run:
        yield run.base
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


def _together(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _get(base: str, operation: str, **params: str) -> requests.Response:
    return requests.get(f"{base}{AJAX}", params={"action": "teambooking_rest_api", "operation": operation,
                                                  "auth_token": WRITE_TOKEN, **params}, timeout=TIMEOUT)


def _booking(base: str, slot: dict, n: int) -> Callable[[], requests.Response]:
    fields = [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
              for name, value in (("first_name", "Counter"), ("second_name", str(n)), ("email", f"c{n}@example.test"))]
    reservation = {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Amsterdam",
                   "service": {}, "tickets": 1, "formFields": fields}
    form = {"action": "teambooking_rest_api", "operation": "do_reservation", "auth_token": WRITE_TOKEN,
            "reservation": json.dumps(reservation), "slot": json.dumps(slot)}
    return lambda: requests.post(f"{base}{AJAX}", data=form, timeout=TIMEOUT)


def _apart(slots: list[dict]) -> list[dict]:
    """Slots at least two hours apart per staff member, so that no booking makes another's slot busy."""
    kept, last = [], {}
    for slot in slots:
        start = datetime.fromisoformat(slot["start"])
        if slot["gcalID"] not in last or start - last[slot["gcalID"]] >= timedelta(hours=2):
            kept.append(slot)
            last[slot["gcalID"]] = start
    return kept


def _usage(database_url: str) -> dict[str, int]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context():
        return accounts.find_token(WRITE_TOKEN).usage


def test_concurrent_successful_calls_are_each_counted_once(server, database_url):
    slots = _get(server, "get_slots", service_id="swedish-massage", **{"from": "2030-01-14", "to": "2030-01-18"})
    assert slots.status_code == 200, slots.text
    free = _apart([slot for slot in slots.json()["response"] if not slot["isSoldout"]])
    assert len(free) >= BOOKINGS
    calls = [_booking(server, slot, n) for n, slot in enumerate(free[:BOOKINGS])]
    calls += [lambda: _get(server, "get_services")] * READS
    responses = _together(calls)
    booked = sum(r.status_code == 200 for r in responses[:BOOKINGS])
    assert [r.status_code for r in responses[BOOKINGS:]] == [200] * READS
    assert booked == BOOKINGS, [r.text for r in responses[:BOOKINGS] if r.status_code != 200]
    assert _usage(database_url) == {"get_slots": 1, "do_reservation": booked, "get_services": READS}
