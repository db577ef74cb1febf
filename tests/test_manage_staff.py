"""``/wpcompat/v1/staff``: create, read, list, update and delete staff members over HTTP, who may, and the
stranding rule (a change that leaves booked appointments outside what is offered: 409, or made and reported
with ``allow_stranded``); hours changes reach Booknetic's and TeamBooking's slots at once.

The salon (tests/booknetic_support.py): Anna (staff login ``anna``) works Mon-Fri 09-12/13-17 at Canal House,
gives the massage and yoga, and has the approved massage on Monday 2030-01-07 10:00 (Amsterdam).
"""
from __future__ import annotations

import json

from wpcompat.platform.models import Role

from .booknetic_support import AURORA, add_member, body, call, salon, frozen_clock  # noqa: F401
from .rest_support import FORBIDDEN_401
from .teambooking_support import tb_get

STAFF = "/aurora/wp-json/wpcompat/v1/staff"
STAFF_URL = "http://wp.test" + STAFF
FORBIDDEN_403 = b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":403}}'
INVALID_ID = b'{"code":"rest_staff_invalid_id","message":"Invalid staff ID.","data":{"status":404}}'
NINE_TO_FIVE = {"start": "09:00", "end": "17:00", "breaks": [["12:00", "13:00"]]}
WEEK = {"mon": NINE_TO_FIVE, "tue": NINE_TO_FIVE, "wed": NINE_TO_FIVE, "thu": NINE_TO_FIVE, "fri": NINE_TO_FIVE,
        "sat": None, "sun": None}
STRANDED = (b'{"code":"wpcompat_bookings_stranded","message":"The change would leave booked appointments outside '
            b'what is offered; send allow_stranded=true to make it anyway.","data":{"status":409,"appointments":[%d]}}')


def _create(client, world, status: int = 201, **fields):
    response = client.post(STAFF, json=fields, headers=world.aurora_admin.auth)
    assert response.status_code == status, response.get_data()
    return response


def _patch(client, world, staff_id: int, **fields):
    return client.patch(f"{STAFF}/{staff_id}", json=fields, headers=world.aurora_admin.auth)


def test_create_answers_201_with_location_and_the_member_in_edit_context(client, world, salon):
    response = _create(client, world, name="Cleo Mertens", email="cleo@aurora.test", phone_number="+31 6 9",
                       profession="Physio", services=[salon.massage], locations=[salon.park], timesheet={
                           "mon": {"start": "10:00", "end": "14:00"}}, days_off=["2030-01-21", "2030-01-20"],
                       special_days={"2030-01-19": {"start": "10:00", "end": "12:00", "breaks": []}})
    created = body(response)
    assert response.headers["Location"] == f"{STAFF_URL}/{created['id']}"
    assert created == {
        "id": created["id"], "name": "Cleo Mertens", "email": "cleo@aurora.test", "phone_number": "+31 6 9",
        "profession": "Physio", "about": None, "is_active": True, "services": [salon.massage],
        "locations": [salon.park],
        "timesheet": {"mon": {"start": "10:00", "end": "14:00", "breaks": []}, "tue": None, "wed": None,
                      "thu": None, "fri": None, "sat": None, "sun": None},
        "days_off": ["2030-01-20", "2030-01-21"],
        "special_days": {"2030-01-19": {"start": "10:00", "end": "12:00", "breaks": []}}, "user": None,
        "_links": {"self": [{"href": f"{STAFF_URL}/{created['id']}"}], "collection": [{"href": STAFF_URL}]}}
    shown = client.get(f"{STAFF}/{created['id']}", headers=world.aurora_admin.auth)
    assert shown.status_code == 200 and body(shown) == created
    assert body(client.get(f"{STAFF}/{created['id']}", query_string={"context": "embed"},
                           headers=world.aurora_admin.auth)) == {
        "id": created["id"], "name": "Cleo Mertens", "is_active": True, "_links": created["_links"]}


def test_list_pages_in_id_order(client, world, salon):
    response = client.get(STAFF, query_string={"per_page": 1, "page": 2}, headers=world.aurora_admin.auth)
    assert response.status_code == 200
    assert (response.headers["X-WP-Total"], response.headers["X-WP-TotalPages"]) == ("2", "2")
    assert [member["name"] for member in body(response)] == ["Bas Visser"]
    everyone = body(client.get(STAFF, query_string={"_fields": "id,name"}, headers=world.aurora_admin.auth))
    assert everyone == [{"id": salon.anna_staff, "name": "Anna de Vries"}, {"id": salon.bas_staff, "name": "Bas Visser"}]


def test_another_tenants_staff_member_is_answered_as_a_missing_one(client, world, salon):
    for method, kwargs in (("GET", {}), ("PATCH", {"json": {"name": "Taken"}}),
                           ("DELETE", {"query_string": {"force": "true"}})):
        theirs = client.open(f"{STAFF}/{salon.borealis_staff}", method=method, headers=world.aurora_admin.auth, **kwargs)
        missing = client.open(f"{STAFF}/999999", method=method, headers=world.aurora_admin.auth, **kwargs)
        assert (theirs.status_code, theirs.get_data()) == (missing.status_code, missing.get_data()) == (404, INVALID_ID)
    # Nor can another tenant's service or location be given.
    refused = _create(client, world, 400, name="X", email="x@aurora.test", services=[salon.borealis_service],
                      locations=[salon.borealis_location])
    assert body(refused)["data"]["params"] == {"services": f"No service with id {salon.borealis_service}.",
                                               "locations": f"No location with id {salon.borealis_location}."}


def test_who_may_read_and_write(client, world, salon):
    anonymous = client.get(STAFF)
    assert (anonymous.status_code, anonymous.get_data()) == (401, FORBIDDEN_401)
    staff_read = client.get(STAFF, headers=world.aurora_staff.auth)
    assert staff_read.status_code == 200  # Booknetic's default staff rule lets them see the staff module
    assert body(client.get(f"{STAFF}/{salon.anna_staff}", headers=world.aurora_staff.auth))["name"] == "Anna de Vries"
    without = add_member(client.application, salon.aurora_id, "desk", Role.STAFF, capabilities=["appointments"])
    for path in (STAFF, f"{STAFF}/{salon.anna_staff}"):
        refused = client.get(path, headers=without.auth)
        assert (refused.status_code, refused.get_data()) == (403, FORBIDDEN_403)
    for method, path in (("POST", STAFF), ("PATCH", f"{STAFF}/{salon.anna_staff}"),
                         ("DELETE", f"{STAFF}/{salon.bas_staff}?force=true")):
        refused = client.open(path, method=method, json={"name": "Anna", "email": "anna@aurora.test"},
                              headers=world.aurora_staff.auth)
        assert (refused.status_code, refused.get_data()) == (403, FORBIDDEN_403), (method, path)


def test_invalid_fields_are_named(client, world, salon):
    missing = body(_create(client, world, 400, name="No e-mail"))
    assert missing == {"code": "rest_missing_callback_param", "message": "Missing parameter(s): email",
                       "data": {"status": 400, "params": ["email"]}}
    for fields, params in (
            ({"email": "not-an-email"}, {"email": "Not an e-mail address."}),
            ({"timesheet": {"mon": {"start": "09:00", "end": "25:00"}}},
             {"timesheet": "timesheet[mon][end] does not match pattern ^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$."}),
            ({"timesheet": {"mon": {"start": "12:00", "end": "09:00"}}}, {"timesheet": "Mon ends before it starts."}),
            ({"timesheet": {"mon": {"start": "09:00", "end": "12:00", "breaks": [["10:00", "11:00"],
                                                                                ["10:30", "11:30"]]}}},
             {"timesheet": "The breaks of mon overlap or lie outside its hours."}),
            ({"days_off": ["2030-13-01"]}, {"days_off": "'2030-13-01' is not a date (yyyy-mm-dd)."}),
            ({"services": [999999]}, {"services": "No service with id 999999."}),
            ({"user": world.borealis_admin.user.id}, {"user": "No staff login of this site has this id."}),
    ):
        refused = _create(client, world, 400, name="Dirk", **{"email": "dirk@aurora.test", **fields})
        assert body(refused)["data"]["params"] == params, fields
    assert len(body(client.get(STAFF, headers=world.aurora_admin.auth))) == 2  # nothing was created


def test_a_timesheet_change_reaches_both_plugins_at_once(client, world, salon):
    def booknetic():
        answer = call(client, "GET", f"{AURORA}/appointments/available-times", world.aurora_admin,
                      query={"service": salon.massage, "staff": salon.anna_staff, "date": "2030-01-15"})
        return [slot["id"] for slot in body(answer)["data"]]

    def teambooking():
        answer = tb_get(client, "get_slots", world.tokens["aurora-read"], service_id="swedish-massage",
                        **{"from": "2030-01-15", "to": "2030-01-15"})
        return [slot["start"][11:16] for slot in json.loads(answer.get_data())["response"]]

    assert booknetic()[0] == teambooking()[0] == "09:10"
    changed = _patch(client, world, salon.anna_staff, timesheet={**WEEK, "tue": {"start": "15:00", "end": "17:00"}})
    assert changed.status_code == 200, changed.get_data()
    assert body(changed)["timesheet"]["tue"] == {"start": "15:00", "end": "17:00", "breaks": []}
    expected = ["15:10", "15:15", "15:20", "15:25", "15:30", "15:35", "15:40", "15:45"]
    assert booknetic() == teambooking() == expected


def test_a_change_that_strands_a_booking_is_refused_then_made_when_allowed(client, world, salon):
    anna = salon.anna_staff
    for fields in ({"timesheet": {**WEEK, "mon": None}}, {"days_off": ["2030-01-07"]},
                   {"special_days": {"2030-01-07": {"start": "13:00", "end": "17:00"}}},
                   {"services": [salon.yoga]}, {"locations": [salon.park]}, {"is_active": False}):
        refused = _patch(client, world, anna, **fields)
        assert (refused.status_code, refused.get_data()) == (409, STRANDED % salon.sam_massage), fields
    unchanged = body(client.get(f"{STAFF}/{anna}", headers=world.aurora_admin.auth))
    assert (unchanged["timesheet"]["mon"], unchanged["is_active"], unchanged["services"]) == (
        NINE_TO_FIVE, True, [salon.massage, salon.yoga])

    allowed = _patch(client, world, anna, timesheet={**WEEK, "mon": None}, allow_stranded=True)
    assert allowed.status_code == 200, allowed.get_data()
    assert body(allowed)["timesheet"]["mon"] is None
    assert body(allowed)["stranded_appointments"] == [salon.sam_massage]
    # A change that strands nothing is made without asking; with allow_stranded it reports none.
    fine = _patch(client, world, anna, profession="Senior therapist")
    assert fine.status_code == 200 and "stranded_appointments" not in body(fine)
    reported = _patch(client, world, salon.bas_staff, profession="Teacher", allow_stranded=True)
    assert body(reported)["stranded_appointments"] == []


def test_a_booking_outside_the_new_hours_is_not_stranding_it_when_the_booking_is_canceled(client, world, salon):
    cancel = call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin,
                  json_body={"status": "canceled"})
    assert cancel.status_code == 200, cancel.get_data()
    assert _patch(client, world, salon.anna_staff, timesheet={**WEEK, "mon": None}).status_code == 200


def test_delete(client, world, salon):
    created = body(_create(client, world, name="Temp", email="temp@aurora.test"))
    path = f"{STAFF}/{created['id']}"
    no_trash = client.delete(path, headers=world.aurora_admin.auth)
    assert (no_trash.status_code, body(no_trash)["code"]) == (501, "rest_trash_not_supported")
    deleted = client.delete(path, query_string={"force": "true"}, headers=world.aurora_admin.auth)
    assert deleted.status_code == 200
    assert body(deleted) == {"deleted": True, "previous": created}
    gone = client.get(path, headers=world.aurora_admin.auth)
    assert (gone.status_code, gone.get_data()) == (404, INVALID_ID)

    booked = client.delete(f"{STAFF}/{salon.anna_staff}", query_string={"force": "true"},
                           headers=world.aurora_admin.auth)
    assert booked.status_code == 409
    assert body(booked) == {"code": "rest_staff_in_use", "message": "The staff member has appointments: deactivate "
                            "them (is_active false) instead.", "data": {"status": 409,
                                                                         "appointments": [salon.sam_massage]}}


def test_a_booking_stranded_by_an_allowed_change_does_not_block_the_next_change(client, world, salon):
    anna = salon.anna_staff
    first = _patch(client, world, anna, timesheet={**WEEK, "mon": None}, allow_stranded=True)
    assert body(first)["stranded_appointments"] == [salon.sam_massage]
    # The next hours change strands nothing new: made without allow_stranded.
    second = _patch(client, world, anna, days_off=["2030-01-22"])
    assert second.status_code == 200, second.get_data()
    # Giving Monday back and taking it again strands the booking again: refused again.
    assert _patch(client, world, anna, timesheet=WEEK).status_code == 200
    again = _patch(client, world, anna, is_active=False)
    assert (again.status_code, again.get_data()) == (409, STRANDED % salon.sam_massage)


def test_a_form_body_and_a_day_ending_at_midnight(client, world, salon):
    response = client.post(STAFF, data={"name": "Night Owl", "email": "owl@aurora.test", "services[]": [salon.massage],
                                        "timesheet[sat][start]": "20:00", "timesheet[sat][end]": "24:00",
                                        "is_active": "true"}, headers=world.aurora_admin.auth)
    assert response.status_code == 201, response.get_data()
    created = body(response)
    assert (created["services"], created["timesheet"]["sat"]) == (
        [salon.massage], {"start": "20:00", "end": "24:00", "breaks": []})
    times = call(client, "GET", f"{AURORA}/appointments/available-times", world.aurora_admin,
                 query={"service": salon.massage, "staff": created["id"], "date": "2030-01-12"})
    found = [slot["id"] for slot in body(times)["data"]]
    # [start - 10, start + 75] inside 20:00-24:00: 20:10 .. 22:45.
    assert (found[0], found[-1], len(found)) == ("20:10", "22:45", 32)
