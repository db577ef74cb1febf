"""THE availability engine: which start times a staff member can take for a service, and for how many seats.

One engine serves Booknetic's ``available-times`` (:func:`available_times`), TeamBooking's ``get_slots``
(:func:`slots_between`) and ``do_reservation`` (:func:`is_offered`), and the check every booking,
reschedule and change that makes a booking hold time again runs (:func:`check_bookable`,
:func:`seats_left`, :func:`validate_seats`). Working hours come from :mod:`.schedule`, the grid and
the seat rule from :mod:`.slots`; this module puts them together. The rules:

* starts step through each working interval of the staff member's local day, every
  ``service.timeslot_length`` minutes (0 = Booknetic's default 5-minute step), from the interval start;
* the whole busy range ``[start - buffer_before, end + buffer_after]`` must fit inside ONE working
  interval (so breaks split the day). Golden capture 36 proves it for ``buffer_after`` (the last
  60-minute slot with a 15-minute buffer before an 18:00 close is 16:45); the captures cannot show
  the ``buffer_before`` side, which we treat symmetrically;
* days off (``staff.days_off``) and weekdays with no intervals have no slots;
* the busy range may touch but not overlap the busy range of an appointment in a busy status
  (capture 36: a slot at 12:20 with a 5-minute buffer directly after a busy range ending 12:15);
* an appointment of the same service starting at the same instant is not an obstacle but seats
  taken: the slot stays available while the booked weight is below ``service.capacity`` and reports
  that weight (capture 36: ``11:00`` with weight 1 of 2);
* bookings in the past are refused (:func:`check_bookable`), and TeamBooking's ``get_slots`` and
  ``do_reservation`` offer no start before ``now``; Booknetic's ``available-times`` lists a past day,
  and today's gone times, from opening (:func:`available_times` with ``cut_at_now=False``), as the
  plugin does for every calendar its back end asks for (CalendarService skips the "minimum time prior
  to booking" rule when ``calledFromBackEnd``).
* Booknetic's ``available-times`` for a staff id it cannot find, or a staff member who does not provide the
  service (both measured on 5.1.2, issue 12), lists the company's business hours (:mod:`.business_hours`),
  with that staff member's bookings, if any, as obstacles.

Local times use the tenant's timezone; intervals are converted with zoneinfo, so a DST day has
23 or 25 hours and starts are real 5-minute steps in UTC.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable, NamedTuple, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select

from .. import tenancy
from ..extensions import db
from . import business_hours, clock
from .errors import InvalidBooking, SlotFull, SlotUnavailable
from .locks import lock_staff_schedule
from .models import Appointment, Location, Service, ServiceExtra, Staff, staff_locations, staff_services
from .schedule import WEEKDAYS, LocalDay, WorkWeek, days, local_day, offers, provides, working_intervals
from .slots import (DEFAULT_STEP_MINUTES, Busy, DayBusy, Rule, busy_periods, day_starts, extras_minutes, fits,
                    on_grid, session_weight)

__all__ = ["DEFAULT_STEP_MINUTES", "WEEKDAYS", "Busy", "ServiceSlot", "Slot", "available_times", "busy_periods",
           "check_bookable", "extras_minutes", "format_slot_id", "is_offered", "offers", "parse_slot_id",
           "seats_left", "slot_grid", "slots_between", "validate_seats", "working_intervals"]

_SLOT_ID = re.compile(r"([0-9]{1,19})-([0-9]{1,19})-([0-9]{1,19})")


class Slot(NamedTuple):
    """One start time: UTC epochs, the local ``HH:MM`` label, capacity and weight already booked.

    A tuple, not a dataclass: ``get_slots`` makes thousands."""

    start: int
    end: int
    label: str
    capacity: int
    booked: int = 0

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def sold_out(self) -> bool:
        return self.booked >= self.capacity


class ServiceSlot(NamedTuple):
    """A slot of one service with one staff member, as TeamBooking's ``get_slots`` lists them, with its
    identifier (:func:`format_slot_id`)."""

    service: Service
    staff: Staff
    slot: Slot
    slot_id: str


def format_slot_id(service_id: int, staff_id: int, start: int | str) -> str:
    """The opaque, stable identifier of a slot: ``"<service_id>-<staff_id>-<start epoch>"``."""
    return f"{service_id}-{staff_id}-{start}"


def parse_slot_id(slot_id: str) -> tuple[int, int, int]:
    """``(service_id, staff_id, start)`` from :func:`format_slot_id`'s output, else InvalidBooking."""
    match = _SLOT_ID.fullmatch(slot_id) if isinstance(slot_id, str) else None
    if not match:
        raise InvalidBooking("Invalid slot identifier", field="slot")
    service_id, staff_id, start = (int(group) for group in match.groups())
    return service_id, staff_id, start


# --- seats: the one capacity rule ---------------------------------------------------------------

def validate_seats(service: Service, weight: object) -> int:
    """``weight`` if it is a seat count ``service`` can take (an int, 1..capacity), else InvalidBooking."""
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        raise InvalidBooking("The number of seats must be at least 1", field="weight")
    if weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")
    return weight


def seats_left(service: Service, staff: Staff, starts_at: int, extras: Sequence[tuple[ServiceExtra, int]] = (),
               exclude_appointment_id: int | None = None) -> int | None:
    """Seats of ``service`` with ``staff`` still free at ``starts_at``: its capacity less the weight of
    the other busy bookings of the same session (same service, same start); None when another busy
    booking overlaps the time (the slot is blocked, not full). Pass the booking being changed as
    ``exclude_appointment_id``. Reads no working hours and takes no lock (:func:`check_bookable` does)."""
    rule = Rule.of(service, extras_minutes(extras))
    booked = session_weight(rule, starts_at, busy_periods([staff.id], *rule.busy_range(starts_at),
                                                          exclude_appointment_id))
    return None if booked is None else max(rule.capacity - booked, 0)


# --- the slot lists -----------------------------------------------------------------------------

def _slots(rule: Rule, local: LocalDay, intervals: list[tuple[int, int]], appointments: Sequence[Busy], now: int,
           include_sold_out: bool) -> list[Slot]:
    found = day_starts(rule, intervals, appointments, now)
    capacity, length, label = rule.capacity, rule.length, local.label
    return [Slot(start, start + length, label(start), capacity, min(booked, capacity))
            for start, booked in sorted(found.items()) if booked < capacity or include_sold_out]


def available_times(service: Service, staff: Staff | None, day: date, *, location: Location | None = None,
                    extras: Sequence[tuple[ServiceExtra, int]] = (), exclude_appointment_id: int | None = None,
                    now: int | None = None, cut_at_now: bool = True) -> list[Slot]:
    """Free starts of ``service`` with ``staff`` on local ``day`` (Booknetic's available-times): from
    ``now`` on, or with ``cut_at_now`` false every start of the day, gone or not (the listing only:
    booking a gone start is still refused).

    Booknetic's fallback: with no staff member (an id it cannot find, None here) or one who does not provide
    the service, the starts come from the company's business hours (:mod:`.business_hours`), blocked by
    that staff member's bookings if there is one."""
    if staff is None or not provides(staff, service):
        return _business_hours_times(service, staff, day, extras, exclude_appointment_id, now, cut_at_now)
    if not offers(staff, service, location):
        return []
    zone = clock.tenant_zone(service.tenant_id)
    intervals = WorkWeek(staff).intervals(day, zone)
    if not intervals:
        return []
    appointments = busy_periods([staff.id], intervals[0][0], intervals[-1][1], exclude_appointment_id)
    if not cut_at_now:
        now = intervals[0][0]  # no start of the day is earlier
    elif now is None:
        now = clock.now_epoch()
    return _slots(Rule.of(service, extras_minutes(extras)), local_day(day, zone), intervals, appointments, now,
                  False)


def _business_hours_times(service: Service, staff: Staff | None, day: date,
                          extras: Sequence[tuple[ServiceExtra, int]], exclude_appointment_id: int | None,
                          now: int | None, cut_at_now: bool) -> list[Slot]:
    hours = business_hours.week()
    if hours is None or not service.is_active:
        return []
    zone = clock.tenant_zone(service.tenant_id)
    local = local_day(day, zone)
    midnight, next_midnight = clock.day_bounds(day, zone)
    stretches = [(a, b) for a, b in business_hours.stretches(hours, day, zone) if a < next_midnight and b > midnight]
    if not stretches:
        return []
    appointments = (busy_periods([staff.id], stretches[0][0], stretches[-1][1], exclude_appointment_id)
                    if staff is not None else [])
    earliest = midnight if not cut_at_now else max(midnight, clock.now_epoch() if now is None else now)
    slots = _slots(Rule.of(service, extras_minutes(extras)), local, stretches, appointments, earliest, False)
    return [slot for slot in slots if slot.start < next_midnight]  # a stretch may run on into the next day


class StaffPlan(NamedTuple):
    """What the slot grid and the slot resources read of a staff member (plain values, one statement
    for all of a window's staff: no ORM objects loaded); :class:`~.schedule.WorkWeek` reads it as a row."""

    id: int
    user_id: int | None
    timesheet: dict | None
    days_off: list | None
    location_name: str | None  # the first location's (``appointments.default_location``), if any
    special_days: dict | None = None


class SlotRun(NamedTuple):
    """The slots of one service with one staff member (:func:`slot_grid`): what is constant per slot."""

    service: Service
    staff: StaffPlan
    rule: Rule
    zone: ZoneInfo  # the tenant's
    id_prefix: str  # format_slot_id(service.id, staff.id, "")


#: One row of :func:`slot_grid`: start, service name, staff id, sequence (ties: the runs' order), end,
#: seats booked (at most the capacity), index of its :class:`SlotRun`. Plain tuples: they sort in C.
GridRow = tuple[int, str, int, int, int, int, int]


def slot_grid(services: Iterable[Service], start_day: date, end_day: date, *, now: int | None = None,
              include_sold_out: bool = False) -> tuple[list[SlotRun], list[GridRow]]:
    """:func:`slots_between` as plain values: the runs (one per service and staff member) and every slot
    as a :data:`GridRow`, ordered by start, then service name, then staff id.

    One statement reads the busy bookings of every staff member for the whole window.
    """
    now = clock.now_epoch() if now is None else now
    window = days(start_day, end_day)
    services = list(services)
    staff_of = _staff_plans(services)
    zones = {service.id: clock.tenant_zone(service.tenant_id) for service in services}
    staff_ids = {staff.id for plans in staff_of.values() for staff in plans}
    busy: dict[int, list[Busy]] = {}
    if staff_ids and window:
        first = min(clock.day_bounds(start_day, zone)[0] for zone in zones.values()) - 86400
        last = max(clock.day_bounds(end_day, zone)[1] for zone in zones.values()) + 86400
        for period in busy_periods(staff_ids, first, last):
            busy.setdefault(period.staff_id, []).append(period)
    runs: list[SlotRun] = []
    rows: list[GridRow] = []
    append = rows.append
    sequence = 0
    for service in services:
        zone, rule, name = zones[service.id], Rule.of(service), service.name
        capacity, length = rule.capacity, rule.length
        for staff in staff_of.get(service.id, ()):  # offers(): both active, and staff provides service
            week, booked, staff_id = WorkWeek(staff), DayBusy(busy.get(staff.id, ())), staff.id
            run = len(runs)
            runs.append(SlotRun(service, staff, rule, zone, format_slot_id(service.id, staff_id, "")))
            for day in window:
                intervals = week.intervals(day, zone)
                if not intervals:
                    continue
                todays = booked.overlapping(intervals[0][0], intervals[-1][1])
                for start, seats in sorted(day_starts(rule, intervals, todays, now).items()):
                    if seats < capacity:
                        append((start, name, staff_id, sequence, start + length, seats, run))
                    elif include_sold_out:
                        append((start, name, staff_id, sequence, start + length, capacity, run))
                    sequence += 1
    rows.sort()  # the sequence breaks every tie, as a stable sort on (start, name, staff id) would
    return runs, rows


def slots_between(services: Iterable[Service], start_day: date, end_day: date, *, now: int | None = None,
                  include_sold_out: bool = False) -> list[ServiceSlot]:
    """Every slot of ``services`` with each of their staff on local days ``start_day..end_day``.

    For TeamBooking's ``get_slots``: ordered by start, then service name, then staff id. With
    ``include_sold_out`` a slot whose seats are all taken is listed with ``slot.sold_out`` true.
    One statement reads the busy bookings of every staff member for the whole window
    (:func:`slot_grid`, which gives the same as plain values).
    """
    runs, rows = slot_grid(services, start_day, end_day, now=now, include_sold_out=include_sold_out)
    found: list[ServiceSlot] = []
    for start, _, _, _, end, booked, index in rows:
        service, plan, rule, zone, prefix = runs[index]
        staff = db.session.get(Staff, plan.id)
        label = clock.format_local(start, zone, "%H:%M")
        found.append(ServiceSlot(service, staff, Slot(start, end, label, rule.capacity, booked), f"{prefix}{start}"))
    return found


_STAFF_OF_SERVICES = select(staff_services.c.service_id, Staff.id, Staff.user_id, Staff.timesheet,
                            Staff.days_off, Staff.special_days).join_from(staff_services, Staff,
                                                      Staff.id == staff_services.c.staff_id).where(
    staff_services.c.service_id.in_(bindparam("service_ids", expanding=True)), Staff.is_active.is_(True))
_FIRST_LOCATIONS = select(staff_locations.c.staff_id, Location.name).join_from(
    staff_locations, Location, Location.id == staff_locations.c.location_id).where(
    staff_locations.c.staff_id.in_(bindparam("staff_ids", expanding=True))).order_by(Location.id)


def _staff_plans(services: list[Service]) -> dict[int, list[StaffPlan]]:
    """``{service id: its active staff}`` for the active ``services``, in two statements of plain rows."""
    active = [service.id for service in services if service.is_active]
    if not active:
        return {}
    if db.session.autoflush:
        db.session.flush()  # as an ORM query would: the rows below are read from the database
    rows = tenancy.select_rows(_STAFF_OF_SERVICES, {"service_ids": active}).all()
    locations: dict[int, str] = {}
    if rows:
        for staff_id, name in tenancy.select_rows(_FIRST_LOCATIONS, {"staff_ids": sorted({r[1] for r in rows})}):
            locations.setdefault(staff_id, name)
    plans: dict[int, list[StaffPlan]] = {}
    for service_id, staff_id, user_id, timesheet, days_off, special_days in rows:
        plans.setdefault(service_id, []).append(StaffPlan(staff_id, user_id, timesheet, days_off,
                                                          locations.get(staff_id), special_days))
    return plans


# --- one start ----------------------------------------------------------------------------------

def is_offered(service: Service, staff: Staff, starts_at: int, *, now: int | None = None) -> bool:
    """Whether ``starts_at`` is one of the slots :func:`slots_between` lists for ``staff`` (sold out or
    not), answered for that one start: on the day's grid, not past, not blocked by another booking.

    Booking checks (:func:`check_bookable`) accept any free start; a slot identifier must name a listed one.
    """
    if not offers(staff, service):
        return False
    now = clock.now_epoch() if now is None else now
    if starts_at < now:
        return False
    zone = clock.tenant_zone(service.tenant_id)
    rule = Rule.of(service)
    if not on_grid(rule, WorkWeek(staff).intervals(clock.local_date(starts_at, zone), zone), starts_at):
        return False
    return session_weight(rule, starts_at, busy_periods([staff.id], *rule.busy_range(starts_at))) is not None


def check_bookable(service: Service, staff: Staff, starts_at: int, weight: int = 1,
                   extras: Sequence[tuple[ServiceExtra, int]] = (), exclude_appointment_id: int | None = None,
                   location: Location | None = None, *, now: int | None = None) -> Slot:
    """Refuse (SlotUnavailable / InvalidBooking) unless ``weight`` seats can be booked at ``starts_at``.

    Returns the slot with the weight booked before this booking. Starts need not lie on the step
    grid: an operator may book 10:07 if the range is free. The staff member's schedule is locked
    (:func:`~.locks.lock_staff_schedule`, held until the transaction ends) after the checks that read
    no schedule and before the ones that do: concurrent bookings of one staff member wait for as
    little as possible, and never both pass.
    """
    validate_seats(service, weight)
    if not offers(staff, service):
        raise SlotUnavailable(f"{staff.name} does not provide {service.name}", field="staff")
    if location is not None and not offers(staff, service, location):
        raise SlotUnavailable(f"{staff.name} does not work at {location.name}", field="location")
    now = clock.now_epoch() if now is None else now
    if starts_at < now:
        raise SlotUnavailable("The selected time is in the past", field="starts_at")
    zone = clock.tenant_zone(service.tenant_id)
    rule = Rule.of(service, extras_minutes(extras))
    if fits(rule, WorkWeek(staff).intervals(clock.local_date(starts_at, zone), zone), starts_at) is None:
        raise SlotUnavailable(f"{staff.name} does not work at the selected time", field="starts_at")
    left = _check_free(service, staff, starts_at, weight, extras, exclude_appointment_id)
    return Slot(starts_at, starts_at + rule.length, clock.format_local(starts_at, zone, "%H:%M"), rule.capacity,
                rule.capacity - left)


def check_time_free(appointment: Appointment, weight: int) -> None:
    """Refuse (SlotUnavailable / SlotFull) unless ``appointment``'s own time can hold ``weight`` seats beside
    the other busy bookings: for a booking that holds its time again (a busy status after a cancelled one) or
    more seats of it. Working hours and "not in the past" are not asked again: the booking had them."""
    booked_extras = [(row, row.quantity) for row in appointment.extras]
    _check_free(appointment.service, appointment.staff, appointment.starts_at, weight, booked_extras, appointment.id)


def _check_free(service: Service, staff: Staff, starts_at: int, weight: int,
                extras: Sequence[tuple[ServiceExtra, int]], exclude_appointment_id: int | None) -> int:
    # Under the staff member's lock (held until the transaction ends), so two writers never both pass.
    lock_staff_schedule(staff.id)
    left = seats_left(service, staff, starts_at, extras, exclude_appointment_id)
    if left is None:
        raise SlotUnavailable(f"{staff.name} is busy at the selected time", field="starts_at")
    if left == 0:
        raise SlotFull(f"{staff.name} is busy at the selected time", field="starts_at")
    if weight > left:
        raise SlotUnavailable(f"Only {left} seat(s) left at the selected time", field="weight")
    return left
