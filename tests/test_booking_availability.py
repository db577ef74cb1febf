"""The availability service: working hours, breaks, DST, days off, capacity, TeamBooking windows."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.availability import (available_times, format_slot_id, parse_slot_id, slots_between,
                                           working_intervals)
from wpcompat.booking.errors import InvalidBooking
from wpcompat.extensions import db

from .booking_support import make_catalogue, make_service, make_staff

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
LONG_AGO = 0  # "now" for tests that look at slots regardless of the clock


def ams(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=AMS).timestamp())


@pytest.fixture
def cat(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        catalogue = make_catalogue(world.aurora)
        db.session.commit()
        yield catalogue


def labels(slots) -> list[str]:
    return [slot.label for slot in slots]


def test_steps_of_five_minutes_inside_each_interval_with_buffers(cat):
    slots = available_times(cat.massage, cat.anna, MONDAY, now=LONG_AGO)
    # busy range = start-10 .. start+75 must fit in 09:00-12:00 or 13:00-17:00
    assert labels(slots)[:2] == ["09:10", "09:15"] and "10:45" in labels(slots) and "10:50" not in labels(slots)
    assert labels(slots)[labels(slots).index("10:45") + 1] == "13:10" and labels(slots)[-1] == "15:45"
    assert slots[0].start == ams("2030-01-07T09:10") and slots[0].end == ams("2030-01-07T10:10")
    assert {(s.capacity, s.booked) for s in slots} == {(1, 0)}


def test_extras_lengthen_the_appointment(cat):
    slots = available_times(cat.massage, cat.anna, MONDAY, extras=[(cat.stones, 2)], now=LONG_AGO)
    assert labels(slots)[-1] == "15:15" and slots[-1].end == ams("2030-01-07T16:45")


def test_booked_ranges_and_exclusion(cat):
    appt = appointments.book(source="test", service=cat.massage, staff=cat.anna, customer=cat.customer,
                                           starts_at=ams("2030-01-07T14:00"), notify=False)
    free = labels(available_times(cat.massage, cat.anna, MONDAY, now=LONG_AGO))
    # the booking is busy 13:50-15:15; a start s is busy s-10 .. s+75
    assert [label for label in free if label >= "13:00"] == ["15:25", "15:30", "15:35", "15:40", "15:45"]
    again = labels(available_times(cat.massage, cat.anna, MONDAY, exclude_appointment_id=appt.id, now=LONG_AGO))
    assert [label for label in again if label >= "13:00"][:2] == ["13:10", "13:15"] and "14:00" in again


def test_slots_before_now_are_not_offered(cat):
    slots = available_times(cat.massage, cat.anna, MONDAY, now=ams("2030-01-07T14:02"))
    assert labels(slots)[0] == "14:05"


def test_day_off_and_weekend_have_no_slots(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        cat = make_catalogue(world.aurora, days_off=["2030-01-07"])
        assert available_times(cat.massage, cat.anna, MONDAY, now=LONG_AGO) == []
        assert available_times(cat.massage, cat.anna, date(2030, 1, 12), now=LONG_AGO) == []
        assert available_times(cat.massage, cat.anna, date(2030, 1, 8), now=LONG_AGO)


def test_staff_not_offering_service_or_location_has_no_slots(cat, world):
    other = make_service(world.aurora, "Reiki", duration=30)
    assert available_times(other, cat.anna, MONDAY, now=LONG_AGO) == []
    assert available_times(cat.massage, cat.anna, MONDAY, location=cat.other_location, now=LONG_AGO) == []


def test_group_class_fills_up(cat):
    start = ams("2030-01-07T13:00")
    book = dict(service=cat.yoga, staff=cat.anna, customer=cat.customer, starts_at=start, notify=False)
    appointments.book(source="test", weight=5, **book)
    slot = next(s for s in available_times(cat.yoga, cat.anna, MONDAY, now=LONG_AGO) if s.start == start)
    assert (slot.capacity, slot.booked, slot.seats_left) == (8, 5, 3)
    assert ams("2030-01-07T13:05") not in {s.start for s in available_times(cat.yoga, cat.anna, MONDAY, now=LONG_AGO)}
    appointments.book(source="test", weight=3, **book)
    assert start not in {s.start for s in available_times(cat.yoga, cat.anna, MONDAY, now=LONG_AGO)}
    sold_out = [s for s in slots_between([cat.yoga], MONDAY, MONDAY, now=LONG_AGO, include_sold_out=True)
                if s.slot.start == start]
    assert [(s.slot.sold_out, s.slot.booked) for s in sold_out] == [(True, 8)]


@pytest.mark.parametrize("day, expected", [
    # spring forward: 02:00 does not exist, the day's 00:00-06:00 lasts five real hours
    (date(2030, 3, 31), ["00:00", "01:00", "03:00", "04:00", "05:00"]),
    # fall back: 02:00 happens twice, the same interval lasts seven real hours
    (date(2030, 10, 27), ["00:00", "01:00", "02:00", "02:00", "03:00", "04:00", "05:00"]),
])
def test_dst_days_in_amsterdam(cat, world, day, expected):
    hourly = make_service(world.aurora, "Night watch", duration=60, timeslot_length=60)
    guard = make_staff(world.aurora, "Nina Nacht", services=[hourly], timesheet={"sun": [["00:00", "06:00"]]})
    slots = available_times(hourly, guard, day, now=LONG_AGO)
    assert labels(slots) == expected
    assert [b.start - a.start for a, b in zip(slots, slots[1:])] == [3600] * (len(slots) - 1)
    (open_at, close_at), = working_intervals(guard, day, AMS)
    assert close_at - open_at == 3600 * len(expected)


def test_summer_time_shifts_utc_epochs(cat):
    winter = available_times(cat.massage, cat.anna, MONDAY, now=LONG_AGO)[0]
    summer = available_times(cat.massage, cat.anna, date(2030, 7, 1), now=LONG_AGO)[0]
    assert (winter.label, summer.label) == ("09:10", "09:10")
    assert datetime.fromtimestamp(winter.start, ZoneInfo("UTC")).hour == 8
    assert datetime.fromtimestamp(summer.start, ZoneInfo("UTC")).hour == 7


def test_slots_between_covers_each_day_service_and_staff(cat):
    result = slots_between([cat.massage, cat.yoga], MONDAY, date(2030, 1, 13), now=LONG_AGO)
    days = {datetime.fromtimestamp(s.slot.start, AMS).date() for s in result}
    assert days == {date(2030, 1, d) for d in range(7, 12)}  # Mon-Fri only
    assert [s.slot.start for s in result] == sorted(s.slot.start for s in result)
    first = result[0]
    assert (first.service.name, first.slot.label) == ("Flow yoga", "09:00")  # same start: ordered by name
    assert first.slot_id == f"{cat.yoga.id}-{cat.anna.id}-{first.slot.start}"
    assert parse_slot_id(first.slot_id) == (cat.yoga.id, cat.anna.id, first.slot.start)


@pytest.mark.parametrize("bad", ["", "1-2", "a-b-c", "1-2-3-4", " 1-2-3", None])
def test_malformed_slot_ids(bad):
    with pytest.raises(InvalidBooking, match="Invalid slot identifier"):
        parse_slot_id(bad)
    assert format_slot_id(1, 2, 3) == "1-2-3"
