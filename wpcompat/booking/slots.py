"""The slot grid and the seat rule, on plain values: what every availability answer is computed from.

* :class:`Rule` is a service's geometry in seconds (step, length with extras, buffers, seats), read
  from the row once: the grid of a 60-day window asks for it thousands of times.
* :class:`Busy` rows are the staff member's bookings in busy statuses (:func:`busy_periods`, one
  statement for any range and any number of staff members).
* :func:`session_weight` is THE seat rule: at a start, a busy booking whose busy range overlaps the
  new one blocks it, unless it is of the same service at the same instant (the same session), whose
  weight takes seats instead. Touching ranges are fine.
* :func:`day_starts` lists a day's offered starts by arithmetic over the gaps between bookings (a
  booking ``[f, t)`` forbids the starts ``s`` with ``f - length - after < s < t + before``), not by
  testing each step; :func:`on_grid` / :func:`fits` answer for one start without building the grid.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from sqlalchemy import bindparam, select

from .. import tenancy
from .models import Appointment, Service, ServiceExtra
from .statuses import BUSY_STATUSES

#: Booknetic's default ``timeslot_length`` setting, used when a service has 0.
DEFAULT_STEP_MINUTES = 5


def extras_minutes(extras: Sequence[tuple[ServiceExtra, int]]) -> int:
    return sum(extra.duration * quantity for extra, quantity in extras)


@dataclass(frozen=True)
class Rule:
    """A service's slot geometry in seconds, and its seats per slot."""

    service_id: int
    step: int
    length: int  # duration and extras
    before: int
    after: int
    capacity: int

    @classmethod
    def of(cls, service: Service, extra_minutes: int = 0) -> Rule:
        return cls(service.id, (service.timeslot_length or DEFAULT_STEP_MINUTES) * 60,
                   (service.duration + extra_minutes) * 60, service.buffer_before * 60, service.buffer_after * 60,
                   service.capacity)

    def busy_range(self, start: int) -> tuple[int, int]:
        """``[busy_from, busy_to)`` of a booking at ``start``: from the buffer before to the buffer after."""
        return start - self.before, start + self.length + self.after


class Busy(NamedTuple):
    """What availability reads of an appointment in a busy status (plain values: a slot search reads
    thousands of them many times over)."""

    staff_id: int
    busy_from: int
    busy_to: int
    service_id: int
    starts_at: int
    weight: int


_BUSY = select(Appointment.staff_id, Appointment.busy_from, Appointment.busy_to, Appointment.service_id,
               Appointment.starts_at, Appointment.weight).where(
    Appointment.status.in_(BUSY_STATUSES), Appointment.busy_from < bindparam("end"),
    Appointment.busy_to > bindparam("start"))
_BUSY_OF_STAFF = _BUSY.where(Appointment.staff_id.in_(bindparam("staff_ids", expanding=True)))
_BUSY_OF_STAFF_BUT_ONE = _BUSY_OF_STAFF.where(Appointment.id != bindparam("exclude"))


def busy_periods(staff_ids: Iterable[int], start: int, end: int, exclude_appointment_id: int | None = None) -> list[Busy]:
    """The staff members' appointments in busy statuses whose busy range overlaps ``[start, end)``."""
    statement = _BUSY_OF_STAFF if exclude_appointment_id is None else _BUSY_OF_STAFF_BUT_ONE
    params = {"staff_ids": sorted(staff_ids), "start": start, "end": end, "exclude": exclude_appointment_id}
    return list(map(Busy._make, tenancy.select_rows(statement, params).all()))


def session_weight(rule: Rule, start: int, appointments: Iterable[Busy]) -> int | None:
    """Seats already taken at ``start``, or None when another appointment blocks the busy range."""
    busy_from, busy_to = rule.busy_range(start)
    booked = 0
    for other in appointments:
        if not (other.busy_from < busy_to and busy_from < other.busy_to):
            continue  # touching ranges are fine
        if other.service_id == rule.service_id and other.starts_at == start:
            booked += other.weight  # the same session: seats, not an obstacle
            continue
        return None
    return booked


def fits(rule: Rule, intervals: Sequence[tuple[int, int]], start: int) -> tuple[int, int] | None:
    """The working interval that holds the whole busy range of a booking at ``start``, if any."""
    busy_from, busy_to = rule.busy_range(start)
    return next(((a, b) for a, b in intervals if a <= busy_from and busy_to <= b), None)


def on_grid(rule: Rule, intervals: Sequence[tuple[int, int]], start: int) -> bool:
    """Whether ``start`` is a step of the grid of a working interval that holds its busy range."""
    busy_from, busy_to = rule.busy_range(start)
    return any(a <= busy_from and busy_to <= b and (start - a) % rule.step == 0 for a, b in intervals)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def day_starts(rule: Rule, intervals: Sequence[tuple[int, int]], appointments: Sequence[Busy],
               now: int) -> dict[int, int]:
    """``{start: seats booked}`` of every grid start of the day not blocked and not before ``now``.

    Starts step through each interval from its start; a start is listed once, whichever intervals
    offer it. Equal to testing each step with :func:`session_weight`, in time linear in the bookings.
    """
    step, before, span = rule.step, rule.before, rule.length + rule.after
    # Each booking forbids the starts strictly between these (ranges that only touch do not collide).
    blocks = sorted((other.busy_from - span, other.busy_to + before) for other in appointments)
    sessions = {other.starts_at for other in appointments if other.service_id == rule.service_id}
    found: dict[int, int] = {}
    for open_at, close_at in intervals:
        first = open_at + max(_ceil_div(before, step), _ceil_div(now - open_at, step), 0) * step
        last = close_at - span
        cursor = first
        for low, high in blocks:
            if cursor > last or low >= last:
                break
            if high <= cursor:
                continue
            for start in range(cursor, min(low, last) + 1, step):
                found.setdefault(start, 0)
            cursor = max(cursor, open_at + _ceil_div(high - open_at, step) * step)
        for start in range(cursor, last + 1, step):
            found.setdefault(start, 0)
        # A session's own start lies inside its block: offered while nothing else blocks it.
        for start in sessions:
            if first <= start <= last and (start - open_at) % step == 0:
                booked = session_weight(rule, start, appointments)
                if booked is not None:
                    found[start] = booked
    return found


class DayBusy:
    """A staff member's busy bookings of a long window, sorted, to hand each day only its own."""

    __slots__ = ("_rows", "_froms", "_longest")

    def __init__(self, rows: Iterable[Busy]) -> None:
        self._rows = sorted(rows, key=lambda row: row.busy_from)
        self._froms = [row.busy_from for row in self._rows]
        self._longest = max((row.busy_to - row.busy_from for row in self._rows), default=0)

    def overlapping(self, start: int, end: int) -> list[Busy]:
        """The bookings whose busy range overlaps ``[start, end)``."""
        low = bisect_left(self._froms, start - self._longest)
        high = bisect_left(self._froms, end)
        return [row for row in self._rows[low:high] if row.busy_to > start]
