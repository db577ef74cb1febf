"""The company's business hours: what Booknetic's calendar falls back to when it has no staff member's own.

Booknetic 5.1.2 reads the timesheet row of the staff member asked for, or else the company's (the row with
neither staff nor service, TimeSheetService::getTimeSheet), so a staff id it cannot find gets the business
hours. Its calendar marks the time outside working hours as busy from the day before to the day after
(CalendarService::initRangesFromTimesheet): working time that runs on past midnight into the next day's
hours is one stretch, and a 00:00-24:00 week offers all 288 five-minute starts of a day, the last ones
ending the next morning. :func:`stretches` gives those stretches.
"""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from .models import BusinessHours
from .schedule import WorkWeek


def week() -> WorkWeek | None:
    """The active tenant's business hours, or None when it has none."""
    row = db.session.execute(select(BusinessHours)).scalar_one_or_none()
    return WorkWeek(row) if row is not None else None


def stretches(hours: WorkWeek, day: date, zone: ZoneInfo) -> list[tuple[int, int]]:
    """The working stretches that reach into local ``day``, as epoch pairs: the intervals of the day before,
    the day and the day after, those that touch joined into one."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(interval for offset in (-1, 0, 1)
                             for interval in hours.intervals(day + timedelta(days=offset), zone)):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined
