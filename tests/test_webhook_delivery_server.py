"""Webhooks end to end: a real ``wpcompat serve`` (demo site), a real receiver on loopback.

Events of both surfaces arrive signed and verify with ``standardwebhooks``; a receiver answering 500 gets its
retries, then a redelivery through the API succeeds; an event committed by a server killed with ``kill -9``
before it was delivered is delivered by the next worker.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
import requests
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from wpcompat import create_app, tenancy
from wpcompat.booking.models import Customer, Service, Staff
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site

from .factories import basic_auth
from .server_process import loaded_server, wpcompat_command
from .webhook_receiver import receiving

ADMIN = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")
WRITE_TOKEN = "auroraWRITEtoken00000000000000ab"
BOOKNETIC = "/aurora/wp-json/booknetic/v1"
WEBHOOKS = "/aurora/wp-json/wpcompat/v1/webhooks"
AJAX = "/aurora/wp-admin/admin-ajax.php"
TIMEOUT = 30


@pytest.fixture(autouse=True)
def loopback_and_short_retries(monkeypatch):
    monkeypatch.setenv("WPCOMPAT_WEBHOOK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("WPCOMPAT_WEBHOOK_RETRY_SCHEDULE", "0s,1s")


def _ids(database_url: str) -> dict[str, int]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context(), tenancy.all_tenants():
        def one(model, **where):
            return db.session.execute(select(model.id).filter_by(**where)).scalar_one()
        try:
            return {"swedish": one(Service, slug="swedish-massage"), "anna": one(Staff, name="Anna de Vries"),
                    "sam": one(Customer, email="sam@example.test")}
        finally:
            db.session.remove()
            db.engine.dispose()


def _subscribe(base: str, url: str, events: list[str]) -> dict:
    answer = requests.post(base + WEBHOOKS, json={"url": url, "events": events}, headers=ADMIN, timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _book_booknetic(base: str, ids: dict[str, int], day: str) -> int:
    body = {"customer_id": ids["sam"], "service_id": ids["swedish"], "staff_id": ids["anna"], "date": day,
            "time": "10:00"}
    answer = requests.post(f"{base}{BOOKNETIC}/appointments", json=body, headers=ADMIN, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    return answer.json()["id"]


def _book_teambooking(base: str, day: str) -> int:
    slots = requests.get(base + AJAX, timeout=TIMEOUT, params={
        "action": "teambooking_rest_api", "operation": "get_slots", "auth_token": WRITE_TOKEN,
        "service_id": "swedish-massage", "from": day, "to": day}).json()["response"]
    slot = next(s for s in slots if s["start"] == f"{day}T11:00:00+01:00")
    fields = [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
              for name, value in (("first_name", "Hook"), ("second_name", "Tester"), ("email", "hook@example.test"))]
    reservation = {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Amsterdam",
                   "service": {}, "tickets": 1, "formFields": fields}
    answer = requests.post(base + AJAX, timeout=TIMEOUT, data={
        "action": "teambooking_rest_api", "operation": "do_reservation", "auth_token": WRITE_TOKEN,
        "reservation": json.dumps(reservation), "slot": json.dumps(slot)})
    assert answer.json()["code"] == 200, answer.text
    return answer.json()["response"]["reservation_id"]


def test_serve_delivers_signed_events_from_both_surfaces(tmp_path, database_url):
    with receiving() as receiver, loaded_server(demo_site(), tmp_path, database_url, "hooks", workers=2,
                                                threads=2) as server:
        ids = _ids(database_url)
        secret = _subscribe(server.base, receiver.url, ["appointment.created"])["secret"]
        booknetic_id = _book_booknetic(server.base, ids, "2030-01-21")
        teambooking_id = _book_teambooking(server.base, "2030-01-22")
        received = receiver.wait_for(2)
    payloads = [Webhook(secret).verify(request.body, request.headers) for request in received]
    assert sorted((p["type"], p["data"]["source"], p["data"]["appointment"]["id"]) for p in payloads) == sorted([
        ("appointment.created", "booknetic", booknetic_id), ("appointment.created", "teambooking", teambooking_id)])
    assert {p["data"]["tenant"] for p in payloads} == {"aurora"}
    assert "Traceback" not in server.stderr


def test_retries_then_a_redelivery_through_the_api(tmp_path, database_url):
    with receiving([500, 500, 200]) as receiver, loaded_server(demo_site(), tmp_path, database_url, "hooks",
                                                               workers=1, threads=2) as server:
        ids = _ids(database_url)
        endpoint = _subscribe(server.base, receiver.url, ["*"])
        _book_booknetic(server.base, ids, "2030-01-21")
        receiver.wait_for(2)
        deliveries_url = f"{server.base}{WEBHOOKS}/{endpoint['id']}/deliveries"
        deadline = time.monotonic() + TIMEOUT
        while (delivery := requests.get(deliveries_url, headers=ADMIN, timeout=TIMEOUT).json()[0])["status"] != "failed":
            assert time.monotonic() < deadline, delivery
            time.sleep(0.2)
        assert [a["status_code"] for a in delivery["attempt_log"]] == [500, 500]
        assert delivery["attempts"] == 2
        again = requests.post(f"{deliveries_url}/{delivery['id']}/redeliver", headers=ADMIN, timeout=TIMEOUT)
        assert again.status_code == 202, again.text
        received = receiver.wait_for(3)
        while (delivery := requests.get(deliveries_url, headers=ADMIN, timeout=TIMEOUT).json()[0])["status"] != "delivered":
            assert time.monotonic() < deadline + TIMEOUT, delivery
            time.sleep(0.2)
    assert len({request.headers["webhook-id"] for request in received}) == 1
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500, 500, 200]


def test_kill_9_after_the_commit_loses_no_event(tmp_path, database_url):
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "hooks"}
    with receiving() as receiver:
        with loaded_server(demo_site(), tmp_path, database_url, "hooks", workers=1, threads=1,
                           webhooks=False) as server:
            ids = _ids(database_url)
            secret = _subscribe(server.base, receiver.url, ["appointment.created"])["secret"]
            booked = _book_booknetic(server.base, ids, "2030-01-21")  # committed and answered, not yet sent
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(TIMEOUT)
        assert receiver.received == []
        worker = subprocess.Popen(wpcompat_command("webhook", "worker", "--poll-interval", "0.2"), env=env,
                                  stderr=subprocess.PIPE, text=True)
        try:
            arrived = receiver.wait_for(1)
        except AssertionError:
            arrived = []
        finally:
            worker.send_signal(signal.SIGTERM)
            _, stderr = worker.communicate(timeout=TIMEOUT)
    assert (worker.returncode, len(arrived)) == (0, 1), stderr[-3000:]
    (request,) = arrived
    assert Webhook(secret).verify(request.body, request.headers)["data"]["appointment"]["id"] == booked


def _children(pid: int) -> set[int]:
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found.update(int(child) for child in listing.read().split())
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc")
def test_the_delivery_process_ends_with_its_server_even_after_kill_9(tmp_path, database_url):
    with loaded_server(demo_site(), tmp_path, database_url, "hooks", workers=1, threads=1) as server:
        children = _children(server.process.pid)
        assert len(children) == 2  # one gunicorn worker and the delivery process
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(TIMEOUT)
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children):
        assert time.monotonic() < deadline, "a child of the killed server kept running"
        time.sleep(0.1)


@pytest.mark.parametrize("command", [("serve",), ("webhook", "worker")])
def test_a_bad_retry_schedule_is_refused_at_start(tmp_path, command):
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}", "WPCOMPAT_SECRET_KEY": "x",
           "WPCOMPAT_WEBHOOK_RETRY_SCHEDULE": "0s,soon"}
    done = subprocess.run(wpcompat_command(*command), env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert (done.returncode, done.stderr) == (
        1, "Error: WPCOMPAT_WEBHOOK_RETRY_SCHEDULE: 'soon' is not a duration such as 30s, 5m or 2h\n")
