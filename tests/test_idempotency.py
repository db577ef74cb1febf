"""Idempotency-Key over HTTP (Flask test client): Booknetic, the wp/v2 application passwords, TeamBooking.

A repeat of a keyed write answers the first answer again, byte for byte, with ``Idempotent-Replayed: true``
and the new request's own X-Request-Id, and changes nothing; the same key for another request is a 422 in
the surface's format; keys belong to one credential; refusals (4xx) are stored, 5xx are not; expired keys
run again. Real concurrency (twenty clients, one key) is tests/test_idempotency_concurrency.py.
"""
from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import Appointment
from wpcompat.extensions import db
from wpcompat.idempotency import purge_expired, store
from wpcompat.idempotency.models import IdempotentRequest
from wpcompat.platform.models import utcnow

from .booknetic_support import AURORA, BOREALIS, call, frozen_clock, salon  # noqa: F401
from .teambooking_support import ACTION, AJAX, FORM, reservation, shop, slot_at  # noqa: F401

SALON_BOOKINGS = 2  # Sam's massage and Eva's yoga
APP_PASSWORDS = "/wp-json/wp/v2/users/me/application-passwords"
REPLAYED = ("Idempotent-Replayed", "true")
INVALID_KEY = "The Idempotency-Key header must be sent once, as 1 to 255 visible ASCII characters."
KEY_REUSED = ("This Idempotency-Key was already used for a different request (method, path, query or body);"
              " send a new key with a new request.")
KEY_IN_USE = "The request first sent with this Idempotency-Key is still being processed; retry shortly."


def keyed(key: str, request_id: str = "first-request") -> dict[str, str]:
    return {"Idempotency-Key": key, "X-Request-Id": request_id}


def wire(response, *, replay: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
    """What a client sees, less the delivery's own X-Request-Id; a replay's marker is checked and left out."""
    headers = [(name, value) for name, value in response.headers if name != "X-Request-Id"]
    if replay:
        assert headers.count(REPLAYED) == 1, headers
        headers.remove(REPLAYED)
    else:
        assert "Idempotent-Replayed" not in response.headers
    return response.status_code, headers, response.get_data()


def assert_replay(first, again) -> None:
    assert wire(again, replay=True) == wire(first)
    assert again.headers["X-Request-Id"] == "second-request"
    assert first.headers["X-Request-Id"] == "first-request"


def json_error(code: str | int, message: str, status: int) -> bytes:
    return json.dumps({"code": code, "message": message, "data": {"status": status}},
                      separators=(",", ":")).encode()


def tb_envelope(code: int, reason: str) -> bytes:
    header = {400: "400 Bad Request", 404: "404 Not Found", 409: "409 Conflict", 422: "422 Unprocessable Entity"}[code]
    return f'{{"header":"{header}","code":{code},"reason":"{reason}"}}'.encode()


def appointment_count(app, tenant_id: int) -> int:
    with app.app_context(), tenancy.tenant(tenant_id):
        return db.session.execute(select(func.count(Appointment.id))).scalar_one()


def stored_rows(app) -> list[IdempotentRequest]:
    with app.app_context():
        rows = list(db.session.execute(select(IdempotentRequest).order_by(IdempotentRequest.created_at)).scalars())
        db.session.expunge_all()
        return rows


def booking(salon, **overrides) -> dict:
    return {"customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
            "date": "2030-01-07", "time": "14:00", **overrides}


def create_password(client, member, key: str | None, name: str = "My phone", request_id: str = "first-request"):
    headers = {**member.auth, **(keyed(key, request_id) if key is not None else {})}
    return client.post(APP_PASSWORDS, data={"name": name}, headers=headers)


def password_names(client, member) -> list[str]:
    return [item["name"] for item in json.loads(client.get(APP_PASSWORDS, headers=member.auth).get_data())]


def tb_post(client, token: str, headers: dict | None = None, site: str = "/aurora", **fields):
    form = {"action": ACTION, "auth_token": token}
    form.update({name: json.dumps(value) if isinstance(value, (dict, list)) else value for name, value in fields.items()})
    return client.post(f"{site}{AJAX}", data=urlencode(form), content_type=FORM, headers=headers or {})


SLOTS: dict[str, dict] = {}


@pytest.fixture(autouse=True)
def _slots_of_this_test():
    SLOTS.clear()  # a retry sends the slot it first sent, even once the booking took it off the list


def do_reservation(client, shop, headers=None, start="2030-01-07T10:00:00+01:00", **fields):
    if start not in SLOTS:
        SLOTS[start] = slot_at(client, shop, "swedish-massage", start)
    return tb_post(client, shop.write, headers, operation="do_reservation", reservation=reservation(),
                   slot=SLOTS[start], **fields)


# --- replays ---------------------------------------------------------------------------------------


def test_booknetic_create_is_replayed_byte_for_byte_and_books_once(app, client, world, salon):
    before = appointment_count(app, salon.aurora_id)
    first = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                 headers=keyed("book-lee-14h"))
    assert first.status_code == 200
    again = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                 headers=keyed("book-lee-14h", "second-request"))
    assert_replay(first, again)
    assert appointment_count(app, salon.aurora_id) == before + 1


def test_application_password_create_is_replayed_and_its_secret_is_not_stored_readable(app, client, world):
    first = create_password(client, world.aurora_staff, "new-phone")
    assert first.status_code == 201
    again = create_password(client, world.aurora_staff, "new-phone", request_id="second-request")
    assert_replay(first, again)
    assert password_names(client, world.aurora_staff) == ["anna app", "My phone"]
    password = json.loads(first.get_data())["password"]
    [row] = stored_rows(app)
    assert (row.status, row.key) == (201, "new-phone")
    assert password.encode() not in row.body and b"My phone" not in row.body  # sealed
    assert ["Location", first.headers["Location"]] in row.headers


def test_teambooking_do_reservation_is_replayed_with_the_key_as_header(app, client, shop):
    first = do_reservation(client, shop, keyed("tb-1"))
    assert first.status_code == 200
    again = do_reservation(client, shop, keyed("tb-1", "second-request"))
    assert_replay(first, again)
    assert appointment_count(app, shop.aurora_id) == 1


def test_teambooking_do_reservation_is_replayed_with_the_key_as_form_field(app, client, shop):
    first = do_reservation(client, shop, {"X-Request-Id": "first-request"}, idempotency_key="tb-form")
    assert first.status_code == 200
    again = do_reservation(client, shop, {"X-Request-Id": "second-request"}, idempotency_key="tb-form")
    assert_replay(first, again)
    # The header with the same key is the same key (the body differs without the field: another request).
    both = do_reservation(client, shop, {**keyed("tb-form", "second-request")}, idempotency_key="tb-form")
    assert_replay(first, both)
    assert appointment_count(app, shop.aurora_id) == 1


def test_a_replayed_delete_answers_the_first_answer_not_a_missing_row(app, client, world, salon):
    url = f"{AURORA}/appointments/{salon.eva_yoga}"
    first = call(client, "DELETE", url, world.aurora_admin, headers=keyed("delete-eva"))
    assert (first.status_code, first.get_data()) == (200, b"[]")
    again = call(client, "DELETE", url, world.aurora_admin, headers=keyed("delete-eva", "second-request"))
    assert_replay(first, again)
    unkeyed = call(client, "DELETE", url, world.aurora_admin)
    assert unkeyed.status_code == 400  # without the key: the row is gone


def test_the_effective_method_counts_method_override_included(app, client, world, salon):
    url = f"{AURORA}/appointments/{salon.eva_yoga}"
    first = call(client, "POST", url + "?_method=DELETE", world.aurora_admin, headers=keyed("override"))
    assert (first.status_code, first.get_data()) == (200, b"[]")
    again = call(client, "POST", url + "?_method=DELETE", world.aurora_admin, headers=keyed("override", "second-request"))
    assert_replay(first, again)


# --- the same key for another request ------------------------------------------------------------


@pytest.mark.parametrize("change", ["body", "path", "query"])
def test_booknetic_same_key_other_request_is_a_422(app, client, world, salon, change):
    first = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                 headers=keyed("reused"))
    assert first.status_code == 200
    path, body = f"{AURORA}/appointments", booking(salon)
    if change == "body":
        body = booking(salon, time="15:00")
    elif change == "path":
        path, body = f"{AURORA}/customers", {"first_name": "New", "last_name": "One", "email": "new@example.test"}
    else:
        path += "?note=x"
    other = call(client, "POST", path, world.aurora_admin, json_body=body, headers=keyed("reused"))
    assert (other.status_code, other.get_data()) == (422, json_error(422, KEY_REUSED, 422))
    assert appointment_count(app, salon.aurora_id) == SALON_BOOKINGS + 1


def test_wordpress_same_key_other_request_is_a_422(app, client, world):
    assert create_password(client, world.aurora_staff, "reused").status_code == 201
    other = create_password(client, world.aurora_staff, "reused", name="My laptop")
    assert (other.status_code, other.get_data()) == (422, json_error("rest_idempotency_key_mismatch", KEY_REUSED, 422))
    assert other.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert password_names(client, world.aurora_staff) == ["anna app", "My phone"]


def test_teambooking_same_key_other_request_is_a_422(app, client, shop):
    assert do_reservation(client, shop, keyed("tb-reused")).status_code == 200
    other = do_reservation(client, shop, keyed("tb-reused"), start="2030-01-07T11:00:00+01:00")
    assert (other.status_code, other.get_data()) == (422, tb_envelope(422, "idempotency key already used for another request"))
    assert other.headers["Content-Type"] == "application/json"
    assert appointment_count(app, shop.aurora_id) == 1


# --- scope ---------------------------------------------------------------------------------------


def test_each_credential_has_its_own_keys(app, client, world):
    answers = [create_password(client, member, "shared-key")
               for member in (world.aurora_staff, world.aurora_admin, world.borealis_admin)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert all("Idempotent-Replayed" not in a.headers for a in answers)
    assert len({json.loads(a.get_data())["uuid"] for a in answers}) == 3
    for member in (world.aurora_staff, world.aurora_admin, world.borealis_admin):
        assert password_names(client, member)[-1] == "My phone"
    assert len(stored_rows(app)) == 3


def test_each_teambooking_token_has_its_own_keys(app, client, shop):
    aurora = do_reservation(client, shop, keyed("tb-shared"))
    intake = next(s for s in json.loads(client.get(
        f"/borealis{AJAX}?" + urlencode({"action": ACTION, "operation": "get_slots", "auth_token": shop.borealis_read,
                                         "service_id": "intake", "from": "2030-01-07", "to": "2030-01-07"})
    ).get_data())["response"])
    borealis = tb_post(client, shop.borealis_write, keyed("tb-shared"), site="/borealis", operation="do_reservation",
                       reservation=reservation(), slot=intake)
    assert (aurora.status_code, borealis.status_code) == (200, 200)
    assert "Idempotent-Replayed" not in borealis.headers and borealis.get_data() != aurora.get_data()
    assert (appointment_count(app, shop.aurora_id), appointment_count(app, shop.borealis_id)) == (1, 1)


def test_anonymous_requests_and_safe_methods_ignore_the_key(app, client, world):
    anonymous = client.post(APP_PASSWORDS, data={"name": "x"}, headers={"Idempotency-Key": "bad key"})
    assert anonymous.status_code == 401
    listed = client.get(APP_PASSWORDS, headers={**world.aurora_staff.auth, "Idempotency-Key": ""})
    assert listed.status_code == 200
    assert stored_rows(app) == []


def test_requests_refused_before_the_operation_are_not_stored(app, client, world):
    # Invalid parameters never reach the callback: nothing is stored, a corrected retry may reuse the key.
    refused = create_password(client, world.aurora_staff, "fix-and-retry", name="")
    assert refused.status_code == 400
    assert "Idempotent-Replayed" not in refused.headers
    assert create_password(client, world.aurora_staff, "fix-and-retry").status_code == 201


# --- refusals are stored, failures are not -----------------------------------------------------------


def test_a_refused_booking_is_stored_and_replayed_even_once_the_slot_is_free(app, client, world, salon):
    taken = booking(salon, time="10:00")  # Sam's massage with Anna
    first = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=taken, headers=keyed("busy"))
    assert first.status_code == 422
    assert call(client, "DELETE", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin).status_code == 200
    again = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=taken,
                 headers=keyed("busy", "second-request"))
    assert_replay(first, again)
    assert appointment_count(app, salon.aurora_id) == SALON_BOOKINGS - 1  # the deleted one gone, nothing booked


def test_a_refused_teambooking_call_is_stored_and_replayed(app, client, shop):
    first = tb_post(client, shop.write, keyed("tb-missing"), operation="cancel_reservation", id="999")
    assert (first.status_code, first.get_data()) == (404, b'{"header":"404 Not Found","code":404}')
    again = tb_post(client, shop.write, keyed("tb-missing", "second-request"), operation="cancel_reservation", id="999")
    assert_replay(first, again)


def test_a_server_error_is_not_stored_and_the_retry_runs(app, client, world, salon, monkeypatch):
    real_book = appointments.book

    def crash(**kwargs):
        real_book(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(appointments, "book", crash)
    failed = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                  headers=keyed("crash"))
    assert failed.status_code == 500
    assert stored_rows(app) == [] and appointment_count(app, salon.aurora_id) == SALON_BOOKINGS  # nothing left
    monkeypatch.setattr(appointments, "book", real_book)
    retried = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                   headers=keyed("crash"))
    assert retried.status_code == 200 and "Idempotent-Replayed" not in retried.headers
    assert appointment_count(app, salon.aurora_id) == SALON_BOOKINGS + 1


def test_a_teambooking_server_error_is_not_stored(app, client, shop, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(appointments, "book", crash)
    assert do_reservation(client, shop, keyed("tb-crash")).status_code == 500
    assert stored_rows(app) == []
    monkeypatch.undo()
    retried = do_reservation(client, shop, keyed("tb-crash"))
    assert retried.status_code == 200 and "Idempotent-Replayed" not in retried.headers


# --- invalid keys -------------------------------------------------------------------------------------

INVALID = ["", "x" * 256, "tab\there", "del\x7f", "caf\xe9", "two words"]


@pytest.mark.parametrize("key", INVALID)
def test_invalid_keys_are_a_400_in_booknetic_format(app, client, world, salon, key):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon),
                    headers={"Idempotency-Key": key})
    assert (response.status_code, response.get_data()) == (400, json_error(400, INVALID_KEY, 400))
    assert appointment_count(app, salon.aurora_id) == SALON_BOOKINGS


@pytest.mark.parametrize("key", INVALID)
def test_invalid_keys_are_a_400_in_wordpress_format(app, client, world, key):
    response = client.post(APP_PASSWORDS, data={"name": "x"}, headers={**world.aurora_staff.auth, "Idempotency-Key": key})
    assert (response.status_code, response.get_data()) == (400, json_error("rest_invalid_idempotency_key", INVALID_KEY, 400))
    assert password_names(client, world.aurora_staff) == ["anna app"]


@pytest.mark.parametrize("key", INVALID)
def test_invalid_keys_are_a_400_in_teambooking_format(app, client, shop, key):
    as_header = do_reservation(client, shop, {"Idempotency-Key": key})
    as_field = do_reservation(client, shop, idempotency_key=key)
    for response in (as_header, as_field):
        assert (response.status_code, response.get_data()) == (400, tb_envelope(400, "invalid idempotency key"))
    assert appointment_count(app, shop.aurora_id) == 0


def test_255_characters_is_a_valid_key_and_a_header_sent_twice_is_not(app, client, world):
    assert create_password(client, world.aurora_staff, "k" * 255).status_code == 201
    twice = client.post(APP_PASSWORDS, data={"name": "x"},
                        headers=[*world.aurora_staff.auth.items(), ("Idempotency-Key", "a"), ("Idempotency-Key", "a")])
    assert (twice.status_code, twice.get_data()) == (400, json_error("rest_invalid_idempotency_key", INVALID_KEY, 400))


def test_teambooking_header_and_field_that_differ_are_a_400(app, client, shop):
    response = do_reservation(client, shop, {"Idempotency-Key": "one"}, idempotency_key="other")
    assert (response.status_code, response.get_data()) == (400, tb_envelope(400, "invalid idempotency key"))
    assert appointment_count(app, shop.aurora_id) == 0


def test_a_key_whose_row_cannot_be_settled_is_a_409_with_retry_after(app, client, world, shop, monkeypatch):
    def in_use(*args):
        raise store.KeyInUse("k")

    monkeypatch.setattr(store, "claim", in_use)
    rest = create_password(client, world.aurora_staff, "busy")
    assert (rest.status_code, rest.get_data()) == (409, json_error("rest_idempotency_key_in_use", KEY_IN_USE, 409))
    assert rest.headers["Retry-After"] == "1"
    tb = do_reservation(client, shop, keyed("busy"))
    assert (tb.status_code, tb.get_data()) == (409, tb_envelope(409, "idempotency key in use"))
    assert tb.headers["Retry-After"] == "1"


# --- retention ---------------------------------------------------------------------------------------


def test_an_expired_key_runs_again(app, client, world, monkeypatch):
    first = create_password(client, world.aurora_staff, "old-key")
    later = utcnow() + timedelta(seconds=app.config["IDEMPOTENCY_TTL"] + 1)
    monkeypatch.setattr(store, "current_time", lambda: later)
    again = create_password(client, world.aurora_staff, "old-key", request_id="second-request")
    assert (first.status_code, again.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in again.headers
    assert json.loads(again.get_data())["uuid"] != json.loads(first.get_data())["uuid"]
    [row] = stored_rows(app)  # the expired row was replaced
    assert row.expires_at == later + timedelta(seconds=app.config["IDEMPOTENCY_TTL"])
    replay = create_password(client, world.aurora_staff, "old-key", request_id="second-request")
    assert wire(replay, replay=True) == wire(again)


def test_the_ttl_comes_from_the_config(app, client, world):
    app.config["IDEMPOTENCY_TTL"] = 60
    create_password(client, world.aurora_staff, "short")
    [row] = stored_rows(app)
    assert row.expires_at - row.created_at == timedelta(seconds=60)


def test_purge_expired_deletes_only_expired_rows(app, client, world, monkeypatch):
    start = utcnow()
    monkeypatch.setattr(store, "current_time", lambda: start)
    create_password(client, world.aurora_staff, "a")
    monkeypatch.setattr(store, "current_time", lambda: start + timedelta(seconds=10))
    create_password(client, world.aurora_staff, "b", name="Other")
    monkeypatch.undo()
    [first, second] = stored_rows(app)
    with app.app_context():
        assert purge_expired(first.expires_at - timedelta(seconds=1)) == 0
        assert purge_expired(first.expires_at) == 1
        assert purge_expired() == 0  # nothing is past its retention right now
    assert [row.key for row in stored_rows(app)] == [second.key]


def test_the_purge_command(app, client, world, monkeypatch):
    from wpcompat.cli import cli

    create_password(client, world.aurora_staff, "to-purge")
    runner = app.test_cli_runner()
    kept = runner.invoke(cli, ["idempotency", "purge", "--json"])
    assert (kept.exit_code, json.loads(kept.stdout)) == (0, {"purged": 0})
    later = utcnow() + timedelta(seconds=app.config["IDEMPOTENCY_TTL"])
    monkeypatch.setattr(store, "current_time", lambda: later)
    purged = runner.invoke(cli, ["idempotency", "purge"])
    assert (purged.exit_code, purged.stdout) == (0, "Purged 1 expired idempotency key.\n")
    assert stored_rows(app) == []
