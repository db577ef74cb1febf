"""Malformed input gets the plugin's error envelope: never a 500, never a half-written reservation."""
from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest

from .teambooking_support import (ACTION, AJAX, AURORA, assert_answer, assert_ok, booked_id, counts,  # noqa: F401
                                  form_fields, get_reservation, post_body, reservation, shop, slot_at, tb_get,
                                  tb_post)

TEN = "2030-01-07T10:00:00+01:00"
INVALID = (400, "invalid resource")


def field(name: str, value) -> list[dict]:
    return [f if f["name"] != name else {**f, "value": value} for f in form_fields()]


# (reservation: a dict, or a raw JSON string; expected (code, reason))
BAD_RESERVATIONS = [
    ("{", INVALID), ("", INVALID), ("null", INVALID), ("[]", INVALID), ("5", INVALID), ('"reservation"', INVALID),
    ("{'type': 'reservation'}", INVALID), ('{"type":"reservation"} trailing', INVALID),
    ('{"type":"reservation","tickets":NaN}', INVALID), ('{"type":"reservation","tickets":Infinity}', INVALID),
    ("[" * 100000 + "]" * 100000, INVALID),
    ('{"type":"reservation","deep":' + "[" * 600 + "]" * 600 + "}", INVALID),
    ('{"type":"reservation","service":{},"formFields":[{"type":"form_field","name":"first_name",'
     '"value":"\\ud800","priceIncrement":0}]}', INVALID),
    ({**reservation(), "type": "booking"}, INVALID), ({k: v for k, v in reservation().items() if k != "type"}, INVALID),
    ({**reservation(), "type": None}, INVALID), ({**reservation(), "type": ["reservation"]}, INVALID),
    ({**reservation(), "tickets": -1}, INVALID), ({**reservation(), "tickets": 0}, INVALID),
    ({**reservation(), "tickets": 1.5}, INVALID), ({**reservation(), "tickets": "two"}, INVALID),
    ({**reservation(), "tickets": "1e3"}, INVALID), ({**reservation(), "tickets": []}, INVALID),
    ({**reservation(), "tickets": 2**64}, INVALID), ({**reservation(), "customerTimezone": "US/Eastern"}, INVALID),
    ({**reservation(), "customerTimezone": "Mars/Olympus"}, INVALID),
    ({**reservation(), "customerTimezone": "europe/rome"}, INVALID), ({**reservation(), "customerTimezone": 0}, INVALID),
    ({**reservation(), "customerTimezone": "Europe/" + "x" * 5000}, INVALID),
    ({**reservation(), "customerUserID": -1}, INVALID), ({**reservation(), "customerUserID": "x"}, INVALID),
    ({**reservation(), "postID": -1}, INVALID), ({**reservation(), "datetime": {"start": -5}}, INVALID),
    ({**reservation(), "datetime": {"start": 10**13}}, INVALID), ({**reservation(), "datetime": "soon"}, INVALID),
    ({**reservation(), "service": "haircut"}, INVALID), ({**reservation(), "payment": "paid"}, INVALID),
    ({**reservation(), "payment": {"isPaid": "yes"}}, INVALID), ({**reservation(), "payment": {"isPaid": 1}}, INVALID),
    ({**reservation(), "payment": {"amount": 12.5}}, INVALID), ({**reservation(), "payment": {"amount": -1}}, INVALID),
    ({**reservation(), "payment": {"gateway": "g" * 33}}, INVALID), ({**reservation(), "status": 5}, INVALID),
    ({**reservation(), "formFields": "Dana"}, INVALID), ({**reservation(), "formFields": [5]}, INVALID),
    ({**reservation(), "formFields": [None]}, INVALID), ({**reservation(), "formFields": {"0": form_fields()[0]}}, INVALID),
    ({**reservation(), "formFields": [{"type": "form_field", "name": "email"}]}, INVALID),
    ({**reservation(), "formFields": [{"type": "field", "name": "email", "value": "a@b.cd"}]}, INVALID),
    ({**reservation(), "formFields": [{"type": "form_field", "name": 5, "value": "x"}]}, INVALID),
    ({**reservation(), "formFields": field("first_name", {"x": 1})}, INVALID),
    ({**reservation(), "formFields": field("first_name", True)}, INVALID),
    ({**reservation(), "formFields": field("first_name", "x" * 256)}, INVALID),
    ({**reservation(), "formFields": field("first_name", "nul\x00byte")}, INVALID),
    ({**reservation(), "formFields": [*form_fields(), {"type": "form_field", "name": "phone", "value": "1" * 65,
                                                      "priceIncrement": 0}]}, INVALID),
    ({**reservation(), "formFields": field("email", "a" * 250 + "@example.com")}, INVALID),
    ({**reservation(), "formFields": field("email", "dana@example")},
     (409, "The customer has entered an invalid email address")),
    ({**reservation(), "formFields": [{**form_fields()[0], "priceIncrement": -1}]}, INVALID),
]


@pytest.mark.parametrize(("value", "expected"), BAD_RESERVATIONS)
def test_do_reservation_with_a_bad_reservation(client, app, shop, value, expected):
    slot = slot_at(client, shop, "swedish-massage", TEN)
    before = counts(app)
    response = tb_post(client, "do_reservation", shop.write, reservation=value, slot=slot)
    assert_answer(response, *expected)
    assert counts(app) == before


BAD_SLOTS = [
    "{", "[]", '{"serviceID":"swedish-massage"}', '{"type":"not-a-slot","serviceID":"swedish-massage"}',
    {"type": "slot", "serviceID": 5}, {"type": "slot", "serviceID": "swedish-massage", "gcalEvent": 5},
    {"type": "slot", "serviceID": "swedish-massage", "coworkerID": -1},
    {"type": "slot", "serviceID": "swedish-massage", "tickets": "x"},
    {"type": "slot", "serviceID": "s" * 300}]


@pytest.mark.parametrize("slot", BAD_SLOTS)
def test_do_reservation_with_a_bad_slot(client, app, shop, slot):
    before = counts(app)
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=slot), *INVALID)
    assert counts(app) == before


def test_lenient_where_the_plugin_is(client, shop):
    # FILTER_VALIDATE_INT accepts numeric strings, true and integral floats; unknown members are ignored.
    members = reservation(tickets=" 1", customerUserID=True, postID=3.0, payment={"amount": 12.0}, colour="red",
                          referer={"postID": "x"}, reminderSent="whenever")
    slot = {**slot_at(client, shop, "swedish-massage", TEN), "isSoldout": "maybe", "start": 5}
    assert assert_ok(tb_post(client, "do_reservation", shop.write, reservation=members, slot=slot))["state"] == \
        "confirmed"


def test_resources_must_be_in_the_form_body(client, app, shop):
    slot = json.dumps(slot_at(client, shop, "swedish-massage", TEN))
    body = json.dumps(reservation())
    before = counts(app)
    # In the query string only: present for the parameter check, but the plugin decodes the raw body.
    query = "?" + urlencode({"reservation": body, "slot": slot})
    response = post_body(client, urlencode({"action": ACTION, "operation": "do_reservation", "auth_token": shop.write}),
                         query=query)
    assert_answer(response, *INVALID)
    # multipart/form-data: php://input is empty.
    response = client.post(f"{AURORA}{AJAX}", data={"action": ACTION, "operation": "do_reservation",
                                                     "auth_token": shop.write, "reservation": body, "slot": slot},
                           content_type="multipart/form-data")
    assert_answer(response, *INVALID)
    # A JSON request body fills no $_POST: the parameters are missing.
    response = post_body(client, json.dumps({"action": ACTION, "operation": "do_reservation", "auth_token": shop.write,
                                             "reservation": body, "slot": slot}),
                         query=f"?action={ACTION}&operation=do_reservation&auth_token={shop.write}",
                         content_type="application/json")
    assert_answer(response, 400, "incomplete request")
    assert counts(app) == before


def test_php_array_syntax_resources_are_invalid(client, app, shop):
    before = counts(app)
    body = (f"action={ACTION}&operation=do_reservation&auth_token={shop.write}"
            "&reservation[type]=reservation&reservation[tickets]=1&slot[type]=slot&slot[serviceID]=swedish-massage")
    assert_answer(post_body(client, body), *INVALID)
    body = f"action={ACTION}&operation=edit_reservation&auth_token={shop.write}&reservation[]=1"
    assert_answer(post_body(client, body), *INVALID)
    assert counts(app) == before


def test_duplicate_resource_parameters_last_one_wins(client, app, shop):
    slot = quote(json.dumps(slot_at(client, shop, "swedish-massage", TEN)))
    good, bad = quote(json.dumps(reservation())), quote('{"type":"nope"}')
    head = f"action={ACTION}&operation=do_reservation&auth_token={shop.write}&slot={slot}"
    before = counts(app)
    assert_answer(post_body(client, f"{head}&reservation={good}&reservation={bad}"), *INVALID)
    assert counts(app) == before
    assert assert_ok(post_body(client, f"{head}&reservation={bad}&reservation={good}"))["state"] == "confirmed"


BAD_EDITS = [
    ("{", INVALID), ({"type": "booking", "id": "ID"}, INVALID), ({"type": "reservation", "id": "ID", "tickets": -2},
                                                                 INVALID),
    ({"type": "reservation", "id": "ID", "tickets": 0}, INVALID),
    ({"type": "reservation", "id": "ID", "customerTimezone": "Nowhere/Land"}, INVALID),
    ({"type": "reservation", "id": "ID", "status": ["cancelled"]}, INVALID),
    ({"type": "reservation", "id": "ID", "datetime": {"start": "tomorrow"}}, INVALID),
    ({"type": "reservation", "id": "ID", "service": {"id": 7}}, INVALID),
    ({"type": "reservation", "id": "ID", "formFields": [{"type": "form_field", "name": "email", "value": "a@b.cd"}]},
     INVALID),
    ({"type": "reservation", "id": "ID", "payment": {"gateway": ["stripe"]}}, INVALID),
    ({"type": "reservation", "id": "ID", "tickets": 9}, (409, "Tickets left are less than requested")),
]


@pytest.mark.parametrize(("members", "expected"), BAD_EDITS)
def test_edit_reservation_with_bad_input_changes_nothing(client, app, shop, members, expected):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    before = get_reservation(client, shop.read, rid)
    value = {k: (rid if v == "ID" else v) for k, v in members.items()} if isinstance(members, dict) else members
    assert_answer(tb_post(client, "edit_reservation", shop.write, reservation=value), *expected)
    assert get_reservation(client, shop.read, rid) == before


@pytest.mark.parametrize(("operation", "params", "expected"), [
    ("get_reservation", {"id": "9" * 5000}, (404, "Record not found")),
    ("get_slots", {"service_id": "s" * 5000}, (404, "Service not found")),
    ("get_reservations", {"coworker": "9" * 5000}, None),
    ("get_reservations", {"service_id": "\x00<script>"}, None)])
def test_absurd_query_values(client, shop, operation, params, expected):
    response = tb_get(client, operation, shop.read, **params)
    if expected is None:
        assert response.data == b'{"header":"200 OK","code":200,"response":[]}'
    else:
        assert_answer(response, *expected)


def test_invalid_utf8_and_odd_encodings_do_not_break_anything(client, app, shop):
    before = counts(app)
    body = f"action={ACTION}&operation=do_reservation&auth_token={shop.write}&reservation=%FF%FE&slot=%E2%82"
    assert_answer(post_body(client, body), *INVALID)
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_reservation&auth_token={shop.read}&id=%FF")
    assert_answer(response, 404, "Record not found")
    assert counts(app) == before
