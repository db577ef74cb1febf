"""Field types of the site file: strict JSON scalars, money, timezones, local times and timesheets.

The file is written by hand, so every field is strict: an integer must be a JSON integer, a boolean a
JSON boolean, money has at most two decimals. A value that would be silently coerced is a typo waiting
to surface later.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import ValidationError, fields, validate

from ..booking import clock
from ..booking.customers import MYSQL_ZERO_DATE, MYSQL_ZERO_DATE_TEXT
from ..booking.payments import MAX_AMOUNT

Int = partial(fields.Integer, strict=True)
Bool = partial(fields.Boolean, truthy={True}, falsy={False})
_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def text(required: bool = True, max_length: int = 255, **kwargs) -> fields.String:
    """A non-empty string of at most ``max_length`` characters."""
    return fields.String(required=required, validate=validate.Length(min=1, max=max_length), **kwargs)


def pattern(regex: str, error: str, required: bool = True, **kwargs) -> fields.String:
    return fields.String(required=required, validate=validate.Regexp(regex, error=error), **kwargs)


def at_least(minimum: int) -> validate.Range:
    return validate.Range(min=minimum, error="must be at least {min}")


def one_of(choices, required: bool = True, **kwargs) -> fields.String:
    return fields.String(required=required, validate=validate.OneOf(choices), **kwargs)


class Money(fields.Decimal):
    """A non-negative amount with at most two decimals (the columns are ``Numeric(12, 2)``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validate=validate.Range(min=0, max=MAX_AMOUNT,
                                                 error="must be between {min} and {max}"), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.make_error("invalid")
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount.as_tuple().exponent < -2:
            raise ValidationError("at most two decimal places")
        return amount


class Timezone(fields.String):
    """An IANA timezone name such as ``Europe/Amsterdam``."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        name = super()._deserialize(value, attr, data, **kwargs)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"unknown timezone {name!r} (an IANA name such as Europe/Amsterdam)") from None
        return name


class LocalDateTime(fields.Field):
    """``2030-01-07T10:00:00`` (local to the tenant) or an ISO string with an offset; loads a datetime.

    A naive result is made absolute later, in the tenant's timezone, by :func:`to_epoch`.
    """

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if not isinstance(value, str) or len(value) < 16:
            raise ValidationError("not a date and time (YYYY-MM-DDTHH:MM[:SS], optionally with an offset)")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                f"{value!r} is not a date and time (YYYY-MM-DDTHH:MM[:SS], optionally with an offset)"
            ) from None


def to_epoch(value: datetime, tz_name: str) -> int:
    """Unix seconds of ``value``; a naive value is a wall-clock time in ``tz_name``.

    Raises ValueError for a wall-clock time that a daylight-saving change skips in that timezone; a time
    the change repeats (clocks going back) is its first occurrence.
    """
    if value.tzinfo is not None:
        return int(value.timestamp())
    tz = ZoneInfo(tz_name)
    local = value.replace(tzinfo=tz)
    # A skipped wall time does not survive the round trip through UTC.
    if local.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != value:
        raise ValueError(f"{value.isoformat()} does not exist in {tz_name} (skipped by a daylight-saving change)")
    return int(local.timestamp())


class TimeRange(fields.Field):
    """A working interval ``["09:00", "12:00"]``: two ``HH:MM`` times, the first before the second."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            raise ValidationError('an interval is a pair of times, e.g. ["09:00", "12:00"]')
        start, end = value
        if not _HH_MM.match(start):
            raise ValidationError(f"{start!r} is not a time (HH:MM, 00:00 to 23:59)")
        # A working day may run to midnight, written 24:00.
        if not _HH_MM.match(end) and end != "24:00":
            raise ValidationError(f"{end!r} is not a time (HH:MM, 00:00 to 24:00)")
        if start >= end:
            raise ValidationError(f"the interval ends ({end}) before it starts ({start})")
        return [start, end]


def _no_overlap(intervals: list[list[str]]) -> None:
    ordered = sorted(intervals)
    for before, after in zip(ordered, ordered[1:]):
        if after[0] < before[1]:
            raise ValidationError(f"intervals {before} and {after} overlap")


def day_intervals() -> fields.List:
    """One weekday of a timesheet: non-overlapping intervals; ``[]`` is a day off."""
    return fields.List(TimeRange(), load_default=list, validate=_no_overlap)


def unique_list(inner: fields.Field, **kwargs) -> fields.List:
    """A list whose items may not repeat (refs, modules, capabilities)."""
    return fields.List(inner, validate=_unique, **kwargs)


def _unique(items: list) -> None:
    seen = set()
    for item in items:
        if item in seen:
            raise ValidationError(f"{item!r} is listed twice")
        seen.add(item)


class Birthdate(fields.Field):
    """A customer's birthday: ``Y-m-d`` within clock's bounds, or ``0000-00-00``, MySQL's zero date (what a
    Booknetic database holds for an impossible birthday), loaded as the domain's stand-in for it."""

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        if value == MYSQL_ZERO_DATE_TEXT:
            return MYSQL_ZERO_DATE
        try:
            return clock.parse_day(value) if isinstance(value, str) else clock.parse_day("")
        except ValueError:
            raise ValidationError(f"{value!r} is not a birthday (YYYY-MM-DD from 1000-01-01, or 0000-00-00)") from None
