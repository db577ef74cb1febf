"""GET /appointments/available-times as Booknetic 5.1.2's back end answers it (issue 12, cause 2): a past
day and today's gone times are listed from opening, loose ``Y-n-j`` dates and an empty date (today) are read.

The salon's clock stands at Sunday 2030-01-06 13:00 in Amsterdam; Anna works Mon-Fri 09-12 and 13-17, and
Sam's massage holds Monday 2030-01-07 09:50-11:30 with its buffers. The massage takes 60 minutes with
buffers of 10 before and 15 after, so a free half day offers 09:10..10:45 and 13:10..15:45.
"""
from __future__ import annotations

import pytest

from wpcompat import tenancy
from wpcompat.booking import clock
from wpcompat.booking.models import BusinessHours
from wpcompat.extensions import db

from .booking_support import epoch
from .booknetic_support import AURORA, body, call, error, frozen_clock, salon, validation  # noqa: F401

TIMES = f"{AURORA}/appointments/available-times"


def _labels(first: str, last: str) -> list[str]:
    start, end = (int(text[:2]) * 60 + int(text[3:]) for text in (first, last))
    return [f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(start, end + 1, 5)]


def _body(labels: list[str]) -> bytes:
    slots = ",".join(f'{{"id":"{label}","text":"{label}","max_capacity":"1","weight":0}}' for label in labels)
    return f'{{"data":[{slots}]}}'.encode()


FREE_DAY = _labels("09:10", "10:45") + _labels("13:10", "15:45")
MONDAY = _labels("13:10", "15:45")  # Sam's massage takes the morning


def _times(client, world, salon, **query):
    return call(client, "GET", TIMES, world.aurora_admin,
                query={"service": salon.massage, "staff": salon.anna_staff, **query})


def test_a_past_day_is_listed_from_opening(client, world, salon):
    response = _times(client, world, salon, date="2030-01-01")  # a Tuesday five days before the clock
    assert (response.status_code, response.get_data()) == (200, _body(FREE_DAY))


def test_todays_gone_times_are_listed_but_booking_one_is_still_refused(client, world, salon, monkeypatch):
    monkeypatch.setattr(clock, "now_epoch", lambda: epoch("2030-01-07T14:02:00+01:00"))  # Monday afternoon
    response = _times(client, world, salon, date="2030-01-07")
    assert (response.status_code, response.get_data()) == (200, _body(MONDAY))
    booked = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                  json_body={"customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
                             "date": "2030-01-07", "time": "13:10"})
    assert (booked.status_code, body(booked)) == (422, validation({"time": "The selected time is in the past"}))


@pytest.mark.parametrize("date", ["2030-1-7", "2030-01-7", "2030-1-07", " 2030-1-7 "])
def test_month_and_day_without_leading_zeros_are_read_as_php_datetime_does(client, world, salon, date):
    response = _times(client, world, salon, date=date)
    assert (response.status_code, response.get_data()) == (200, _body(MONDAY))


@pytest.mark.parametrize("query", [{"date": ""}, {}])
def test_an_empty_or_missing_date_is_the_tenants_today(client, world, salon, monkeypatch, query):
    # 23:30 on Sunday in UTC is already Monday 00:30 in Amsterdam: today is the tenant's Monday.
    monkeypatch.setattr(clock, "now_epoch", lambda: epoch("2030-01-06T23:30:00+00:00"))
    response = _times(client, world, salon, **query)
    assert (response.status_code, response.get_data()) == (200, _body(MONDAY))


@pytest.mark.parametrize("date", ["07/01/2030", "2030/01/07", "2030-13-01", "2030-02-30", "2030-0-7", "2030-1-",
                                  "today", "tomorrow", "2030-01-07 10:00", "20300107", "0999-12-31", "+2030-01-07"])
def test_other_dates_are_a_booknetic_400(client, world, salon, date):
    response = _times(client, world, salon, date=date)
    assert (response.status_code, body(response)) == (400, error("date must be a date (Y-m-d)"))


# --- the company's business hours: Booknetic's fallback for a staff id it cannot find -----------------

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MON_SAT_8_20 = {day: [["08:00", "20:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat")}


def _business_hours(app, salon, timesheet: dict, days_off: tuple = ()) -> None:
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        db.session.add(BusinessHours(timesheet=timesheet, days_off=list(days_off)))
        db.session.commit()


def test_an_unknown_staff_id_gets_all_288_starts_of_a_round_the_clock_company(app, client, world, salon):
    _business_hours(app, salon, ALL_DAY)
    response = _times(client, world, salon, staff="999", date="2030-01-07")
    # Nobody's bookings block it (Sam's massage is Anna's), and a start late in the evening ends the next morning.
    assert (response.status_code, response.get_data()) == (200, _body(_labels("00:00", "23:55")))
    assert len(body(response)["data"]) == 288


@pytest.mark.parametrize("date, labels", [
    ("2030-01-07", _labels("08:10", "18:45")),  # the 10-minute buffer first; 60 + 15 minutes before 20:00
    ("2030-01-12", _labels("08:10", "18:45")),  # Saturday
    ("2030-01-13", []),  # Sunday is off
    ("2030-01-09", []),  # a company holiday
])
def test_an_unknown_staff_id_follows_the_company_week_and_holidays(app, client, world, salon, date, labels):
    _business_hours(app, salon, MON_SAT_8_20, days_off=("2030-01-09",))
    response = _times(client, world, salon, staff="999", date=date)
    assert (response.status_code, response.get_data()) == (200, _body(labels))


def test_a_staff_member_who_does_not_give_the_service_gets_the_company_hours_and_keeps_their_bookings(
        app, client, world, salon):
    _business_hours(app, salon, MON_SAT_8_20)
    # Bas gives only yoga; Eva's class holds him 10:00-11:30 on Tuesday, so no massage (10 + 60 + 15) overlaps it.
    response = _times(client, world, salon, staff=str(salon.bas_staff), date="2030-01-08")
    assert (response.status_code, response.get_data()) == (
        200, _body(_labels("08:10", "08:45") + _labels("11:40", "18:45")))


def test_another_tenants_staff_id_is_unknown_here(app, client, world, salon):
    _business_hours(app, salon, MON_SAT_8_20)
    theirs = _times(client, world, salon, staff=str(salon.borealis_staff), date="2030-01-08")
    unknown = _times(client, world, salon, staff="999", date="2030-01-08")
    assert (theirs.status_code, theirs.get_data()) == (200, unknown.get_data())
    assert unknown.get_data() == _body(_labels("08:10", "18:45"))


@pytest.mark.parametrize("staff", ["999", "0"])
def test_no_business_hours_or_no_staff_id_offer_nothing(app, client, world, salon, staff):
    if staff == "0":
        _business_hours(app, salon, ALL_DAY)  # staff 0 is Booknetic's "any staff" calendar, not the company's
    response = _times(client, world, salon, staff=staff, date="2030-01-07")
    assert (response.status_code, response.get_data()) == (200, b'{"data":[]}')
