"""Working hours as people write them, and what a change of them would strand.

The API's day is Booknetic's: ``{"start": "09:00", "end": "17:00", "breaks": [["12:00", "13:00"]]}``, or
null for a day off. Stored, a day is its working intervals (``[["09:00", "12:00"], ["13:00", "17:00"]]``,
:mod:`.schedule`); the two convert both ways without loss. ``24:00`` ends a day at midnight.

Stranding: a change of who offers what, or when (hours, special days, days off, services, locations,
deactivation, the tenant's time zone), can leave a booked appointment outside what is now offered. The
changes are refused with :class:`~.errors.Conflict` naming those appointments, unless the caller says
they know (``allow_stranded``): then the change is made and the appointments are reported, untouched.
"""
from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from . import clock
from .errors import Conflict
from .models import Appointment, Staff
from .schedule import WEEKDAYS, WorkWeek
from .statuses import STATUSES

_HHMM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
STRANDED = "The change would leave booked appointments outside what is offered; send allow_stranded=true to make it anyway."


class HoursError(ValueError):
    """A day, week or special day that is not valid hours; the message says why."""


def _pair(value: Any, what: str) -> tuple[str, str]:
    if not (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(part, str) and _HHMM.fullmatch(part) for part in value)):
        raise HoursError(f"{what} is a pair of HH:MM times")
    if value[0] >= value[1]:
        raise HoursError(f"{what} ends before it starts")
    return value[0], value[1]


def day_intervals(day: Any, what: str = "a day") -> list[list[str]]:
    """The working intervals of one API day (``{"start", "end", "breaks"}`` or None: a day off)."""
    if day is None:
        return []
    if not isinstance(day, dict) or set(day) - {"start", "end", "breaks"} or "start" not in day or "end" not in day:
        raise HoursError(f"{what} is null or {{\"start\", \"end\", \"breaks\"}}")
    start, end = _pair([day["start"], day["end"]], what)
    breaks = day.get("breaks") or []
    if not isinstance(breaks, list):
        raise HoursError(f"the breaks of {what} are a list of [start, end] pairs")
    cuts = sorted(_pair(item, f"a break of {what}") for item in breaks)
    intervals, cursor = [], start
    for cut_start, cut_end in cuts:
        if cut_start < cursor or cut_end > end:
            raise HoursError(f"the breaks of {what} overlap or lie outside its hours")
        if cut_start > cursor:
            intervals.append([cursor, cut_start])
        cursor = cut_end
    if cursor < end:
        intervals.append([cursor, end])
    return intervals


def api_day(intervals: list[list[str]] | None) -> dict[str, Any] | None:
    """One stored day as the API shows it (the gaps between its intervals are its breaks)."""
    if not intervals:
        return None
    ordered = sorted(intervals)
    return {"start": ordered[0][0], "end": ordered[-1][1],
            "breaks": [[before[1], after[0]] for before, after in zip(ordered, ordered[1:])]}


def week_intervals(week: Any) -> dict[str, list[list[str]]]:
    """A stored timesheet from the API's week (weekdays mon..sun; a missing or null one is a day off)."""
    if not isinstance(week, dict) or set(week) - set(WEEKDAYS):
        raise HoursError("a timesheet is an object of weekdays mon..sun")
    stored = {name: day_intervals(week.get(name), name) for name in WEEKDAYS}
    return {name: intervals for name, intervals in stored.items() if intervals}


def api_week(timesheet: dict[str, list[list[str]]] | None) -> dict[str, Any]:
    return {name: api_day((timesheet or {}).get(name)) for name in WEEKDAYS}


def special_days_intervals(days: Any) -> dict[str, list[list[str]]]:
    """Stored special days from the API's ``{"2030-12-24": day or null}`` (null: closed that date)."""
    if not isinstance(days, dict):
        raise HoursError("special days are an object of dates (YYYY-MM-DD)")
    stored = {}
    for text, day in days.items():
        try:
            clock.parse_day(text)
        except (TypeError, ValueError):
            raise HoursError(f"{text!r} is not a date (YYYY-MM-DD)") from None
        stored[text] = day_intervals(day, text)
    return dict(sorted(stored.items()))


def api_special_days(special: dict[str, list[list[str]]] | None) -> dict[str, Any]:
    return {day: api_day(intervals) for day, intervals in sorted((special or {}).items())}


def dates(values: Any) -> list[str]:
    """Days off: unique ``YYYY-MM-DD`` dates, sorted."""
    if not isinstance(values, list):
        raise HoursError("days off are a list of dates (YYYY-MM-DD)")
    for text in values:
        try:
            clock.parse_day(text)
        except (TypeError, ValueError):
            raise HoursError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return sorted(set(values))


# --- stranding

_HOLDING = tuple(slug for slug, status in STATUSES.items() if status.busy)


def stranded_appointments(staff: Staff, zone: ZoneInfo, now: int | None = None) -> list[int]:
    """Ids of ``staff``'s future appointments that hold a slot and that the staff member, as they stand in
    the session now, no longer offers: inactive, the service or location gone from them, or the time outside
    that day's working intervals."""
    now = clock.now_epoch() if now is None else now
    rows = db.session.execute(select(Appointment.id, Appointment.service_id, Appointment.location_id,
                                     Appointment.starts_at, Appointment.ends_at)
                              .where(Appointment.staff_id == staff.id, Appointment.starts_at >= now,
                                     Appointment.status.in_(_HOLDING)).order_by(Appointment.starts_at)).all()
    if not rows:
        return []
    services = {service.id for service in staff.services}
    locations = {location.id for location in staff.locations}
    week, days = WorkWeek(staff), {}
    stranded = []
    for appointment_id, service_id, location_id, starts_at, ends_at in rows:
        day = clock.local_date(starts_at, zone)
        if day not in days:
            days[day] = week.intervals(day, zone)
        inside = any(start <= starts_at and ends_at <= end for start, end in days[day])
        if not staff.is_active or service_id not in services or (location_id is not None and location_id not in
                                                                 locations) or not inside:
            stranded.append(appointment_id)
    return stranded


def check_stranding(stranded: list[int], allow_stranded: bool) -> list[int]:
    """Refuse a change that strands ``stranded`` (:class:`Conflict`), unless ``allow_stranded``; the ids in order."""
    stranded = sorted(stranded)
    if stranded and not allow_stranded:
        raise Conflict(STRANDED, data={"appointments": stranded}, kind="stranded")
    return stranded
