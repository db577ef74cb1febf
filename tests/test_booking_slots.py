"""The slot grid on plain values: day_starts agrees with testing every step, on generated days."""
from __future__ import annotations

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from wpcompat.booking import clock
from wpcompat.booking.schedule import iso_local, local_day
from wpcompat.booking.slots import Busy, DayBusy, Rule, day_starts, fits, on_grid, session_weight

DAY = 1_900_000_000 - 1_900_000_000 % 86400  # a UTC midnight


def stepwise(rule: Rule, intervals, appointments, now) -> dict[int, int]:
    """The grid as the engine first computed it: every step of every interval, each tested."""
    found: dict[int, int] = {}
    for open_at, close_at in intervals:
        start = open_at
        while start + rule.length + rule.after <= close_at:
            if start - rule.before >= open_at and start >= now and start not in found:
                booked = session_weight(rule, start, appointments)
                if booked is not None:
                    found[start] = booked
            start += rule.step
    return found


def generated_day(seed: int):
    pick = random.Random(seed)
    minute = 60
    step = pick.choice([5, 10, 15, 30, 60]) * minute
    rule = Rule(service_id=1, step=step, length=pick.choice([0, 15, 30, 45, 60, 90]) * minute,
                before=pick.choice([0, 0, 5, 10, 15]) * minute, after=pick.choice([0, 0, 5, 15, 20]) * minute,
                capacity=pick.choice([1, 1, 2, 8]))
    intervals = []
    for _ in range(pick.randint(0, 3)):
        open_at = DAY + pick.randrange(0, 20 * 60, 5) * minute
        intervals.append((open_at, open_at + pick.randrange(5, 10 * 60, 5) * minute))
    intervals.sort()
    appointments = []
    for _ in range(pick.randint(0, 8)):
        starts_at = DAY + pick.randrange(0, 24 * 60, pick.choice([1, 5, 15])) * minute
        length = pick.choice([0, 30, 60, 75]) * minute
        before, after = pick.choice([0, 10]) * minute, pick.choice([0, 15]) * minute
        appointments.append(Busy(7, starts_at - before, starts_at + length + after, pick.choice([1, 1, 2]),
                                 starts_at, pick.randint(1, 3)))
    # Sessions of the same service at grid starts, so shared slots and sold-out ones occur often.
    for open_at, _ in intervals[:1]:
        starts_at = open_at + rule.before + pick.randint(0, 6) * step
        for _ in range(pick.randint(1, 3)):
            appointments.append(Busy(7, starts_at - rule.before, starts_at + rule.length + rule.after, 1,
                                     starts_at, pick.randint(1, 4)))
    now = pick.choice([0, DAY + pick.randrange(0, 24 * 3600, 60)])
    return rule, intervals, appointments, now


@pytest.mark.parametrize("seed", range(400))
def test_day_starts_equals_testing_each_step(seed):
    rule, intervals, appointments, now = generated_day(seed)
    assert day_starts(rule, intervals, appointments, now) == stepwise(rule, intervals, appointments, now)


@pytest.mark.parametrize("seed", range(100))
def test_one_start_answers_agree_with_the_grid(seed):
    rule, intervals, appointments, now = generated_day(seed)
    listed = day_starts(rule, intervals, appointments, 0)
    for start in range(DAY, DAY + 86400, 300):
        offered = on_grid(rule, intervals, start) and session_weight(rule, start, appointments) is not None
        assert offered == (start in listed)
        if start in listed:
            assert fits(rule, intervals, start) is not None


def test_day_busy_hands_out_overlapping_bookings_only():
    rows = [Busy(1, DAY + 3600 * h, DAY + 3600 * h + length, 1, DAY + 3600 * h, 1)
            for h, length in ((9, 3600), (2, 86400 * 2), (13, 900), (30, 3600))]
    day = DayBusy(rows)
    assert sorted(r.busy_from for r in day.overlapping(DAY + 9 * 3600, DAY + 14 * 3600)) == [
        DAY + 2 * 3600, DAY + 9 * 3600, DAY + 13 * 3600]
    assert day.overlapping(DAY + 10 * 3600, DAY + 10 * 3600 + 60) == [rows[1]]  # touching ranges excluded


@pytest.mark.parametrize("day", [date(2030, 1, 7), date(2030, 3, 31), date(2030, 10, 27)])
def test_local_day_epochs_and_labels_match_zoneinfo(day):
    zone = ZoneInfo("Europe/Amsterdam")
    local = local_day(day, zone)
    for hhmm in ("00:00", "01:30", "02:30", "03:00", "12:05", "23:59", "24:00"):
        assert local.epoch(hhmm) == clock.local_epoch(day, hhmm, zone)
    start, end = clock.day_bounds(day, zone)
    for epoch in range(start, end, 300):
        assert local.label(epoch) == clock.format_local(epoch, zone, "%H:%M")


@pytest.mark.parametrize("zone_name", ["Europe/Amsterdam", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC",
                                       "America/St_Johns"])
def test_iso_local_matches_datetime(zone_name):
    zone = ZoneInfo(zone_name)
    for first in (clock.day_bounds(date(2030, 3, 31), zone)[0], clock.day_bounds(date(2030, 10, 6), zone)[0],
                  clock.day_bounds(date(2030, 4, 7), zone)[0], clock.day_bounds(date(1890, 1, 1), zone)[0]):
        for epoch in range(first - 7200, first + 2 * 86400, 420):
            assert iso_local(epoch, zone) == datetime.fromtimestamp(epoch, zone).isoformat()
