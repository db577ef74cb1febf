"""Special days (a date's own hours instead of its weekday's; null: closed) and days off, set through
``wpcompat/v1/staff``, as both plugins see them at once: Booknetic's ``available-times`` and ``POST
/appointments``, TeamBooking's ``get_slots`` and ``do_reservation``.

The salon (tests/booknetic_support.py): Anna works Mon-Fri 09-12 and 13-17 in Amsterdam and gives the Swedish
massage (60 minutes, buffers 10 before and 15 after, 5-minute steps). 2030-01-14 is a Monday, 2030-01-12 a
Saturday.
"""
from __future__ import annotations

import json

from .booknetic_support import AURORA, appointment_row, body, call, salon, validation, frozen_clock  # noqa: F401
from .teambooking_support import assert_answer, reservation, tb_get, tb_post

STAFF = "/aurora/wp-json/wpcompat/v1/staff"
MONDAY, SATURDAY, TUESDAY, WEDNESDAY = "2030-01-14", "2030-01-12", "2030-01-15", "2030-01-16"
AFTERNOON = {"start": "14:00", "end": "16:00", "breaks": []}
# [start - 10 min, start + 75 min] inside 14:00-16:00: 14:10 .. 14:45.
AFTERNOON_STARTS = ["14:10", "14:15", "14:20", "14:25", "14:30", "14:35", "14:40", "14:45"]


def _set(client, world, salon, **fields):
    response = client.patch(f"{STAFF}/{salon.anna_staff}", json=fields, headers=world.aurora_admin.auth)
    assert response.status_code == 200, response.get_data()
    return body(response)


def _booknetic_times(client, world, salon, day: str) -> list[str]:
    response = call(client, "GET", f"{AURORA}/appointments/available-times", world.aurora_admin,
                    query={"service": salon.massage, "staff": salon.anna_staff, "date": day})
    assert response.status_code == 200, response.get_data()
    return [slot["id"] for slot in body(response)["data"]]


def _teambooking_slots(client, world, day: str) -> list[dict]:
    response = tb_get(client, "get_slots", world.tokens["aurora-read"], service_id="swedish-massage",
                      **{"from": day, "to": day})
    assert response.status_code == 200, response.get_data()
    return json.loads(response.get_data())["response"]


def _teambooking_starts(client, world, day: str) -> list[str]:
    return [slot["start"][11:16] for slot in _teambooking_slots(client, world, day)]


def _booknetic_book(client, world, salon, day: str, time: str):
    return call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
        "location_id": salon.canal, "date": day, "time": time})


def test_a_special_day_replaces_the_weekdays_hours_in_both_plugins(client, world, salon):
    assert "10:00" in _booknetic_times(client, world, salon, MONDAY)
    answer = _set(client, world, salon, special_days={MONDAY: AFTERNOON})
    assert answer["special_days"] == {MONDAY: AFTERNOON}
    assert _booknetic_times(client, world, salon, MONDAY) == AFTERNOON_STARTS
    assert _teambooking_starts(client, world, MONDAY) == AFTERNOON_STARTS
    # The next Monday keeps the weekday's hours.
    assert _booknetic_times(client, world, salon, "2030-01-21")[:2] == ["09:10", "09:15"]


def test_a_special_day_opens_a_weekday_off_and_null_closes_a_working_day(client, world, salon):
    assert _booknetic_times(client, world, salon, SATURDAY) == []
    _set(client, world, salon, special_days={SATURDAY: {"start": "10:00", "end": "12:00", "breaks": []},
                                             TUESDAY: None})
    saturday = ["10:10", "10:15", "10:20", "10:25", "10:30", "10:35", "10:40", "10:45"]
    assert _booknetic_times(client, world, salon, SATURDAY) == saturday
    assert _teambooking_starts(client, world, SATURDAY) == saturday
    assert _booknetic_times(client, world, salon, TUESDAY) == []
    assert _teambooking_starts(client, world, TUESDAY) == []


def test_a_day_off_wins_over_a_special_day(client, world, salon):
    answer = _set(client, world, salon, special_days={WEDNESDAY: AFTERNOON}, days_off=[WEDNESDAY])
    assert (answer["special_days"], answer["days_off"]) == ({WEDNESDAY: AFTERNOON}, [WEDNESDAY])
    assert _booknetic_times(client, world, salon, WEDNESDAY) == []
    assert _teambooking_starts(client, world, WEDNESDAY) == []


def test_breaks_of_a_special_day_split_it(client, world, salon):
    _set(client, world, salon, special_days={MONDAY: {"start": "09:00", "end": "16:00",
                                                      "breaks": [["10:30", "14:00"]]}})
    expected = ["09:10", "09:15"] + AFTERNOON_STARTS  # 09:00-10:30 holds two starts, 14:00-16:00 eight
    assert _booknetic_times(client, world, salon, MONDAY) == expected
    assert _teambooking_starts(client, world, MONDAY) == expected


def test_booknetic_books_inside_a_special_day_and_not_outside(app, client, world, salon):
    _set(client, world, salon, special_days={MONDAY: AFTERNOON})
    refused = _booknetic_book(client, world, salon, MONDAY, "10:00")
    assert (refused.status_code, body(refused)) == (422, validation({
        "time": "Anna de Vries does not work at the selected time"}))
    booked = _booknetic_book(client, world, salon, MONDAY, "14:10")
    assert booked.status_code == 200, booked.get_data()
    row = appointment_row(app, salon.aurora_id, body(booked)["id"])
    assert row["staff_id"] == salon.anna_staff and row["status"] == "approved"


def test_teambooking_refuses_a_slot_a_special_day_took_away_and_books_one_it_offers(client, world, salon):
    morning = next(slot for slot in _teambooking_slots(client, world, MONDAY) if slot["start"][11:16] == "10:00")
    _set(client, world, salon, special_days={MONDAY: AFTERNOON})
    stale = tb_post(client, "do_reservation", world.tokens["aurora-write"], reservation=reservation(), slot=morning)
    assert_answer(stale, 409, "Slot not available anymore or cancelled")
    offered = _teambooking_slots(client, world, MONDAY)[0]
    assert offered["start"] == f"{MONDAY}T14:10:00+01:00"
    booked = tb_post(client, "do_reservation", world.tokens["aurora-write"], reservation=reservation(), slot=offered)
    assert booked.status_code == 200 and json.loads(booked.get_data())["code"] == 200, booked.get_data()
    assert "14:10" not in _booknetic_times(client, world, salon, MONDAY)  # the booking now holds it
