"""Time at the edges: the tenant's timezone, local wall-clock times and Unix seconds.

Appointments are stored as UTC epoch seconds; timesheets, labels and messages are local to the
tenant's IANA timezone. All conversions go through :mod:`zoneinfo`, so DST days come out right.
"""
from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..platform.identity import tenant_info
from ..tenancy import active_tenant_id

#: The latest start a request may name: the last second of 9999-12-28 UTC, so that the start, its end and
#: their local dates in any timezone (up to UTC+14) stay in Python's calendar. Later "times" are refused.
MAX_EPOCH = 253402041599
#: The days a request may name: MySQL DATETIME's range (WordPress's), so the arithmetic around a day
#: (its next midnight, its month's end) never leaves Python's calendar (years 1..9999).
FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(9999, 12, 31)
_Y_M_D = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date:
    """A ``Y-m-d`` day of the calendar (``FIRST_DAY..LAST_DAY``); ValueError for anything else."""
    if not _Y_M_D.fullmatch(text):
        raise ValueError(f"not a Y-m-d date: {text!r}")
    return bounded_day(date.fromisoformat(text))


def bounded_day(day: date) -> date:
    """``day`` if it lies in ``FIRST_DAY..LAST_DAY`` (the days a request may name), else ValueError."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day} is outside {FIRST_DAY}..{LAST_DAY}")
    return day


def now_epoch() -> int:
    return int(time.time())


def today(zone: ZoneInfo) -> date:
    """The local date in ``zone`` at :func:`now_epoch`."""
    return local_date(now_epoch(), zone)


def tenant_zone(tenant_id: int | None = None) -> ZoneInfo:
    """The timezone of ``tenant_id`` (default: the active tenant); UTC if the tenant has none."""
    tenant_id = tenant_id if tenant_id is not None else active_tenant_id()
    tenant = tenant_info(tenant_id) if tenant_id is not None else None
    return ZoneInfo((tenant.timezone if tenant else None) or "UTC")


def local_epoch(day: date, hhmm: str, zone: ZoneInfo) -> int:
    """Epoch of wall-clock ``hhmm`` ("09:30"; "24:00" = next midnight) on ``day`` in ``zone``."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    if hours == 24 and minutes == 0:
        return day_bounds(day, zone)[1]
    return int(midnight.replace(hour=hours, minute=minutes).timestamp())


def day_bounds(day: date, zone: ZoneInfo) -> tuple[int, int]:
    """Epochs of local midnight starting ``day`` and of the next local midnight (23-25 hours later)."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    if day == date.max:  # no next day in Python's calendar; 31 December has no DST change anywhere
        return int(start.timestamp()), int(start.timestamp()) + 86400
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=zone)
    return int(start.timestamp()), int(end.timestamp())


def local_datetime(epoch: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(epoch, zone)


def local_date(epoch: int, zone: ZoneInfo) -> date:
    return local_datetime(epoch, zone).date()


def format_local(epoch: int, zone: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format an epoch as local time; the default mirrors Booknetic's ``Y-m-d H:i``."""
    return local_datetime(epoch, zone).strftime(fmt)
