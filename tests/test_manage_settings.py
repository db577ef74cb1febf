"""``/wpcompat/v1/settings``: the tenant's time zone, currency, default status and business hours, over HTTP.

The salon (tests/booknetic_support.py): Aurora is Europe/Amsterdam and EUR; Anna's approved massage is on
Monday 2030-01-07 10:00 and Bas's pending yoga on Tuesday 10:00 (both Amsterdam time, inside hours 09-12/13-17).
"""
from __future__ import annotations

import json

from .booknetic_support import AURORA, appointment_row, body, call, salon, frozen_clock  # noqa: F401
from .rest_support import FORBIDDEN_401
from .teambooking_support import reservation, tb_get, tb_post

SETTINGS = "/aurora/wp-json/wpcompat/v1/settings"
SELF = {"self": [{"href": "http://wp.test/aurora/wp-json/wpcompat/v1/settings"}]}
AURORA_SETTINGS = {"timezone": "Europe/Amsterdam", "currency": "EUR", "default_status": "approved",
                   "business_hours": None}
FORBIDDEN_403 = b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":403}}'
WEEKDAY = {"start": "08:00", "end": "18:00", "breaks": [["12:30", "13:00"]]}
BUSINESS = {"timesheet": {"mon": WEEKDAY, "tue": WEEKDAY, "wed": None, "thu": None, "fri": None, "sat": None,
                          "sun": None}, "days_off": ["2030-12-25"]}
STRANDED = (b'{"code":"wpcompat_bookings_stranded","message":"The change would leave booked appointments outside '
            b'what is offered; send allow_stranded=true to make it anyway.","data":{"status":409,"appointments":[%d,%d]}}')


def _patch(client, world, status: int = 200, **fields):
    response = client.patch(SETTINGS, json=fields, headers=world.aurora_admin.auth)
    assert response.status_code == status, response.get_data()
    return body(response)


def test_the_owner_reads_the_settings(client, world, salon):
    response = client.get(SETTINGS, headers=world.aurora_admin.auth)
    assert response.status_code == 200
    assert response.get_data() == (b'{"timezone":"Europe\\/Amsterdam","currency":"EUR","default_status":"approved",'
                                   b'"business_hours":null,"_links":{"self":[{"href":"http:\\/\\/wp.test\\/aurora'
                                   b'\\/wp-json\\/wpcompat\\/v1\\/settings"}]}}')
    assert body(client.get(SETTINGS, query_string={"_fields": "currency"}, headers=world.aurora_admin.auth)) == {
        "currency": "EUR"}
    borealis = client.get("/borealis/wp-json/wpcompat/v1/settings", headers=world.borealis_admin.auth)
    assert (body(borealis)["timezone"], body(borealis)["currency"]) == ("America/New_York", "USD")


def test_only_the_owner_reads_or_writes_them(client, world, salon):
    for method in ("GET", "PATCH", "POST", "PUT"):
        staff = client.open(SETTINGS, method=method, json={"currency": "USD"}, headers=world.aurora_staff.auth)
        anonymous = client.open(SETTINGS, method=method, json={"currency": "USD"})
        assert (staff.status_code, staff.get_data()) == (403, FORBIDDEN_403)
        assert (anonymous.status_code, anonymous.get_data()) == (401, FORBIDDEN_401)
        # Another tenant's owner does not exist at this site.
        other = client.open(SETTINGS, method=method, json={"currency": "USD"}, headers=world.borealis_admin.auth)
        assert other.status_code == 401 and body(other)["code"] == "invalid_username"
    assert body(client.get(SETTINGS, headers=world.aurora_admin.auth)) == {**AURORA_SETTINGS, "_links": SELF}


def test_the_owner_changes_currency_status_and_business_hours(client, world, salon):
    changed = _patch(client, world, currency="CHF", default_status="pending", business_hours=BUSINESS)
    assert changed == {"timezone": "Europe/Amsterdam", "currency": "CHF", "default_status": "pending",
                       "business_hours": BUSINESS, "_links": SELF}
    assert body(client.get(SETTINGS, headers=world.aurora_admin.auth)) == changed
    # A form body works too; what is not sent is kept.
    form = client.post(SETTINGS, data={"currency": "EUR"}, headers=world.aurora_admin.auth)
    assert form.status_code == 200 and body(form) == {**changed, "currency": "EUR"}
    removed = _patch(client, world, business_hours=None)
    assert removed["business_hours"] is None and removed["default_status"] == "pending"


def test_business_hours_are_what_booknetic_offers_for_a_staff_id_it_cannot_find(client, world, salon):
    def times():
        response = call(client, "GET", f"{AURORA}/appointments/available-times", world.aurora_admin,
                        query={"service": salon.massage, "staff": 9999, "date": "2030-01-14"})
        return [slot["id"] for slot in body(response)["data"]]

    assert times() == []
    _patch(client, world, business_hours=BUSINESS)
    found = times()
    assert found[0] == "08:10" and "12:00" not in found and found[-1] == "16:45"


def test_invalid_settings_are_refused_by_field_and_nothing_changes(client, world, salon):
    for fields, params in (
            ({"timezone": "Mars/Olympus"}, {"timezone": "Not an IANA time zone."}),
            ({"business_hours": {"timesheet": {"mon": {"start": "10:00", "end": "09:00"}}}},
             {"business_hours": "Mon ends before it starts."}),
            ({"business_hours": {"timesheet": {"mon": {"start": "09:00", "end": "12:00",
                                                       "breaks": [["11:00", "13:00"]]}}}},
             {"business_hours": "The breaks of mon overlap or lie outside its hours."}),
            ({"business_hours": {"days_off": ["2030-02-30"]}},
             {"business_hours": "'2030-02-30' is not a date (yyyy-mm-dd)."}),
    ):
        refused = _patch(client, world, 400, **fields)
        assert (refused["code"], refused["data"]["params"]) == ("rest_invalid_param", params), fields
    enum = _patch(client, world, 400, default_status="done")
    assert enum["data"]["params"] == {
        "default_status": "default_status is not one of pending, approved, canceled, and rejected."}
    assert body(client.get(SETTINGS, headers=world.aurora_admin.auth)) == {**AURORA_SETTINGS, "_links": SELF}


def test_a_time_zone_that_strands_bookings_is_refused_then_made_when_allowed(app, client, world, salon):
    # 10:00 in Amsterdam is 04:00 in New York: outside every working hour there.
    refused = client.patch(SETTINGS, json={"timezone": "America/New_York"}, headers=world.aurora_admin.auth)
    assert (refused.status_code, refused.get_data()) == (409, STRANDED % (salon.sam_massage, salon.eva_yoga))
    assert body(client.get(SETTINGS, headers=world.aurora_admin.auth))["timezone"] == "Europe/Amsterdam"

    allowed = _patch(client, world, timezone="America/New_York", allow_stranded=True)
    assert allowed["timezone"] == "America/New_York"
    assert allowed["stranded_appointments"] == [salon.sam_massage, salon.eva_yoga]
    assert body(client.get(SETTINGS, headers=world.aurora_admin.auth))["timezone"] == "America/New_York"
    # The bookings are left as they were.
    assert appointment_row(app, salon.aurora_id, salon.sam_massage)["status"] == "approved"


def test_a_time_zone_of_the_same_hours_strands_nothing(client, world, salon):
    changed = _patch(client, world, timezone="Europe/Paris")
    assert changed["timezone"] == "Europe/Paris" and "stranded_appointments" not in changed
    reported = _patch(client, world, timezone="Europe/Berlin", allow_stranded="true")
    assert reported["stranded_appointments"] == []


def test_the_default_status_is_what_a_new_booking_gets_in_both_plugins(app, client, world, salon):
    _patch(client, world, default_status="pending")
    booknetic = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
        "location_id": salon.canal, "date": "2030-01-14", "time": "10:00"})
    assert booknetic.status_code == 200, booknetic.get_data()
    assert appointment_row(app, salon.aurora_id, body(booknetic)["id"])["status"] == "pending"

    slots = json.loads(tb_get(client, "get_slots", world.tokens["aurora-read"], service_id="swedish-massage",
                              **{"from": "2030-01-15", "to": "2030-01-15"}).get_data())["response"]
    booked = json.loads(tb_post(client, "do_reservation", world.tokens["aurora-write"], reservation=reservation(),
                                slot=slots[0]).get_data())
    assert booked["code"] == 200, booked
    assert appointment_row(app, salon.aurora_id, booked["response"]["reservation_id"])["status"] == "pending"
    assert booked["response"]["state"] == "awaiting_approval"

    _patch(client, world, default_status="approved")
    again = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
        "location_id": salon.canal, "date": "2030-01-16", "time": "10:00"})
    assert appointment_row(app, salon.aurora_id, body(again)["id"])["status"] == "approved"


def test_a_time_zone_change_counts_only_the_bookings_it_strands(client, world, salon):
    # Bas's pending yoga was already outside his hours (an allowed change): a new zone does not report it.
    bas = client.patch(f"/aurora/wp-json/wpcompat/v1/staff/{salon.bas_staff}", json={"timesheet": {},
                       "allow_stranded": True}, headers=world.aurora_admin.auth)
    assert body(bas)["stranded_appointments"] == [salon.eva_yoga]
    refused = client.patch(SETTINGS, json={"timezone": "America/New_York"}, headers=world.aurora_admin.auth)
    assert (refused.status_code, body(refused)["data"]["appointments"]) == (409, [salon.sam_massage])
