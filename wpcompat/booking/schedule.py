"""Working hours: who offers what, and a staff member's working intervals on a local day.

What exists today: a weekly timesheet (``{"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}``; several
intervals a day are breaks between them), special days (a date's own intervals instead of its weekday's,
``{"2030-12-24": [["09:00", "13:00"]]}``) and dated days off (``["2030-12-25", ...]``, which win). A missing or
empty weekday is a day off. Intervals are local wall-clock times in the tenant's timezone, converted
with zoneinfo, so a DST day has 23 or 25 hours.

A :class:`WorkWeek` parses a staff member's timesheet once; the slot grid of a 60-day window then asks
it for each day without re-reading the ORM row or the JSON. :func:`local_day` gives a day's local
midnight and whether its UTC offset is the same all day, which lets the grid compute epochs and
``HH:MM`` labels by arithmetic (zoneinfo only on the rare DST day).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from . import clock
from .models import BusinessHours, Location, Service, Staff

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = 86400


def provides(staff: Staff, service: Service) -> bool:
    """Whether ``service`` is among the services ``staff`` gives (active or not)."""
    return service.id in {s.id for s in staff.services}


def offers(staff: Staff, service: Service, location: Location | None = None) -> bool:
    """Whether ``staff`` provides ``service`` (at ``location``, when given) and both are active."""
    if not (staff.is_active and service.is_active):
        return False
    if not provides(staff, service):
        return False
    return location is None or location.id in {loc.id for loc in staff.locations}


@dataclass(frozen=True)
class LocalDay:
    """A local day in a zone: the epoch of its midnight, and whether one UTC offset holds all day."""

    day: date
    zone: ZoneInfo
    midnight: int
    steady: bool  # 24 hours at one offset: local time = midnight + seconds since 00:00

    def epoch(self, hhmm: str) -> int:
        """Epoch of wall-clock ``hhmm`` ("24:00" = the next midnight), as :func:`.clock.local_epoch`."""
        if self.steady:
            hours, minutes = (int(part) for part in hhmm.split(":"))
            if 0 <= hours < 24 and 0 <= minutes < 60 or (hours, minutes) == (24, 0):
                return self.midnight + hours * 3600 + minutes * 60
        return clock.local_epoch(self.day, hhmm, self.zone)  # DST days, and what it refuses

    def label(self, epoch: int) -> str:
        """``HH:MM`` of ``epoch`` (an instant of this day) in the day's zone."""
        if self.steady and 0 <= epoch - self.midnight < _DAY:
            return _hhmm((epoch - self.midnight) // 60)
        return clock.format_local(epoch, self.zone, "%H:%M")


@lru_cache(maxsize=1440)
def _hhmm(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


@lru_cache(maxsize=4096)
def local_day(day: date, zone: ZoneInfo) -> LocalDay:
    """``day`` in ``zone`` (cached: a slot window asks for the same days for every staff member)."""
    start, end = clock.day_bounds(day, zone)
    first = datetime.fromtimestamp(start, zone).utcoffset()
    last = datetime.fromtimestamp(end - 1, zone).utcoffset()
    return LocalDay(day, zone, start, end - start == _DAY and first == last)


class WorkWeek:
    """A staff member's (or the company's) timesheet and days off, parsed once (plain values: read for many days)."""

    __slots__ = ("_pairs", "_seconds", "_days_off", "_special")

    def __init__(self, staff: Staff | BusinessHours) -> None:
        timesheet = staff.timesheet or {}
        self._pairs = tuple(tuple((start, end) for start, end in timesheet.get(name) or []) for name in WEEKDAYS)
        # Each weekday's pairs as seconds after midnight, for days of one offset; None where
        # LocalDay.epoch would not add them up (it then decides, or refuses, for each day).
        self._seconds = tuple(_pair_seconds(pairs) for pairs in self._pairs)
        self._days_off = frozenset(staff.days_off or [])
        # Dated exceptions (Booknetic's special days): that date's pairs instead of its weekday's.
        special = getattr(staff, "special_days", None) or {}
        self._special = {day: (pairs, _pair_seconds(pairs))
                         for day, pairs in ((day, tuple((a, b) for a, b in pairs)) for day, pairs in special.items())}

    def intervals(self, day: date, zone: ZoneInfo) -> list[tuple[int, int]]:
        """The working intervals of local ``day`` as sorted epoch pairs ([] on a day off)."""
        weekday = day.weekday()
        pairs, seconds = self._pairs[weekday], self._seconds[weekday]
        if self._special:
            pairs, seconds = self._special.get(day.isoformat(), (pairs, seconds))
        if not pairs or day.isoformat() in self._days_off:
            return []
        local = local_day(day, zone)
        if local.steady and seconds is not None:
            midnight = local.midnight
            intervals = [(midnight + a, midnight + b) for a, b in seconds]
        else:
            intervals = [(local.epoch(start), local.epoch(end)) for start, end in pairs]
        return sorted((a, b) for a, b in intervals if a < b)


def _wall_seconds(hhmm: object) -> int | None:
    # What LocalDay.epoch adds to a steady day's midnight for ``hhmm``, or None where it would not.
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        return None
    if 0 <= hours < 24 and 0 <= minutes < 60 or (hours, minutes) == (24, 0):
        return hours * 3600 + minutes * 60
    return None


def _pair_seconds(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[int, int], ...] | None:
    seconds = tuple((_wall_seconds(start), _wall_seconds(end)) for start, end in pairs)
    return None if any(a is None or b is None for a, b in seconds) else seconds  # type: ignore[return-value]


def working_intervals(staff: Staff, day: date, zone: ZoneInfo) -> list[tuple[int, int]]:
    """The staff member's working intervals on local ``day`` as epoch pairs ([] on a day off)."""
    return WorkWeek(staff).intervals(day, zone)


def days(start_day: date, end_day: date) -> list[date]:
    """Local days ``start_day..end_day`` inclusive."""
    return [start_day + timedelta(days=n) for n in range((end_day - start_day).days + 1)]


def iso_local(epoch: int, zone: ZoneInfo) -> str:
    """``datetime.fromtimestamp(epoch, zone).isoformat()`` (``2030-01-07T10:00:00+01:00``), by arithmetic
    within each quarter hour of one UTC offset (zoneinfo only for a quarter that holds a transition)."""
    quarter = _quarter(epoch // 900, zone)
    if quarter is not None:
        day, wall, offset = quarter
        second = wall + epoch % 900
        if second < 86400:
            return f"{day}T{_HH_MM[second // 60]}:{_SS[second % 60]}{offset}"
    return datetime.fromtimestamp(epoch, zone).isoformat()


_HH_MM = [f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(1440)]
_SS = [f"{second:02d}" for second in range(60)]


@lru_cache(maxsize=8192)
def _quarter(index: int, zone: ZoneInfo) -> tuple[str, int, str] | None:
    # (local date, local seconds since midnight, offset suffix) at the quarter's start; None across a transition.
    start = datetime.fromtimestamp(index * 900, zone)
    if start.utcoffset() != datetime.fromtimestamp(index * 900 + 899, zone).utcoffset():
        return None
    return start.date().isoformat(), start.hour * 3600 + start.minute * 60 + start.second, start.isoformat()[19:]
