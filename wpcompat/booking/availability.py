"""THE availability service: which start times a staff member can take for a service.

One rule set serves Booknetic's ``available-times``, TeamBooking's ``get_slots`` and the check
every booking and reschedule runs (:func:`check_bookable`):

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
* slots that start before ``now`` are not offered, and bookings in the past are refused.

Local times use the tenant's timezone; intervals are converted with zoneinfo, so a DST day has
23 or 25 hours and starts are real 5-minute steps in UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, NamedTuple, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from .. import tenancy
from ..extensions import db
from . import clock
from .errors import InvalidBooking, SlotFull, SlotUnavailable
from .locks import lock_staff_schedule
from .models import Appointment, Location, Service, ServiceExtra, Staff
from .statuses import BUSY_STATUSES

#: Booknetic's default ``timeslot_length`` setting, used when a service has 0.
DEFAULT_STEP_MINUTES = 5
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT_ID = re.compile(r"([0-9]{1,19})-([0-9]{1,19})-([0-9]{1,19})")


@dataclass(frozen=True)
class Slot:
    """One start time: UTC epochs, the local ``HH:MM`` label, capacity and weight already booked."""

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


@dataclass(frozen=True, eq=False)
class ServiceSlot:
    """A slot of one service with one staff member, as TeamBooking's ``get_slots`` lists them."""

    service: Service
    staff: Staff
    slot: Slot

    @property
    def slot_id(self) -> str:
        return format_slot_id(self.service.id, self.staff.id, self.slot.start)


def format_slot_id(service_id: int, staff_id: int, start: int) -> str:
    """The opaque, stable identifier of a slot: ``"<service_id>-<staff_id>-<start epoch>"``."""
    return f"{service_id}-{staff_id}-{start}"


def parse_slot_id(slot_id: str) -> tuple[int, int, int]:
    """``(service_id, staff_id, start)`` from :func:`format_slot_id`'s output, else InvalidBooking."""
    match = _SLOT_ID.fullmatch(slot_id) if isinstance(slot_id, str) else None
    if not match:
        raise InvalidBooking("Invalid slot identifier", field="slot")
    service_id, staff_id, start = (int(group) for group in match.groups())
    return service_id, staff_id, start


def extras_minutes(extras: Sequence[tuple[ServiceExtra, int]]) -> int:
    return sum(extra.duration * quantity for extra, quantity in extras)


def working_intervals(staff: Staff, day: date, zone: ZoneInfo) -> list[tuple[int, int]]:
    """The staff member's working intervals on local ``day`` as epoch pairs ([] on a day off)."""
    if day.isoformat() in (staff.days_off or []):
        return []
    pairs = (staff.timesheet or {}).get(WEEKDAYS[day.weekday()]) or []
    intervals = [(clock.local_epoch(day, start, zone), clock.local_epoch(day, end, zone)) for start, end in pairs]
    return sorted((a, b) for a, b in intervals if a < b)


def offers(staff: Staff, service: Service, location: Location | None = None) -> bool:
    """Whether ``staff`` provides ``service`` (at ``location``, when given) and both are active."""
    if not (staff.is_active and service.is_active):
        return False
    if service.id not in {s.id for s in staff.services}:
        return False
    return location is None or location.id in {loc.id for loc in staff.locations}


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
    return [Busy(*row) for row in tenancy.select_rows(statement, params)]


def booked_weight(service: Service, start: int, busy_from: int, busy_to: int,
                  appointments: Iterable[Busy]) -> int | None:
    """Seats already taken at ``start``, or None when another appointment blocks the busy range."""
    booked = 0
    for other in appointments:
        if not (other.busy_from < busy_to and busy_from < other.busy_to):
            continue  # touching ranges are fine
        if other.service_id == service.id and other.starts_at == start:
            booked += other.weight  # the same session: seats, not an obstacle
            continue
        return None
    return booked


def _day_slots(service: Service, day: date, zone: ZoneInfo, intervals: list[tuple[int, int]],
               appointments: list[Busy], extra_minutes: int, now: int,
               include_sold_out: bool) -> list[Slot]:
    step = (service.timeslot_length or DEFAULT_STEP_MINUTES) * 60
    length = (service.duration + extra_minutes) * 60
    before, after = service.buffer_before * 60, service.buffer_after * 60
    slots: dict[int, Slot] = {}
    for open_at, close_at in intervals:
        start = open_at
        while start + length + after <= close_at:
            if start - before >= open_at and start >= now and start not in slots:
                booked = booked_weight(service, start, start - before, start + length + after, appointments)
                if booked is not None and (booked < service.capacity or include_sold_out):
                    slots[start] = Slot(start, start + length, clock.format_local(start, zone, "%H:%M"),
                                        service.capacity, min(booked, service.capacity))
            start += step
    return [slots[start] for start in sorted(slots)]


def available_times(service: Service, staff: Staff, day: date, *, location: Location | None = None,
                    extras: Sequence[tuple[ServiceExtra, int]] = (), exclude_appointment_id: int | None = None,
                    now: int | None = None) -> list[Slot]:
    """Bookable starts of ``service`` with ``staff`` on local ``day`` (Booknetic's available-times)."""
    if not offers(staff, service, location):
        return []
    zone = clock.tenant_zone(service.tenant_id)
    intervals = working_intervals(staff, day, zone)
    if not intervals:
        return []
    appointments = busy_periods([staff.id], intervals[0][0], intervals[-1][1], exclude_appointment_id)
    now = clock.now_epoch() if now is None else now
    return _day_slots(service, day, zone, intervals, appointments, extras_minutes(extras), now, False)


def slots_between(services: Iterable[Service], start_day: date, end_day: date, *, now: int | None = None,
                  include_sold_out: bool = False) -> list[ServiceSlot]:
    """Every slot of ``services`` with each of their staff on local days ``start_day..end_day``.

    For TeamBooking's ``get_slots``: ordered by start, then service name, then staff id. With
    ``include_sold_out`` a slot whose seats are all taken is listed with ``slot.sold_out`` true.
    """
    now = clock.now_epoch() if now is None else now
    days = [start_day + timedelta(days=n) for n in range((end_day - start_day).days + 1)]
    services = _with_staff(list(services))
    windows = {}
    for service in services:
        zone = clock.tenant_zone(service.tenant_id)
        windows[service.id] = (clock.day_bounds(start_day, zone)[0] - 86400, clock.day_bounds(end_day, zone)[1] + 86400)
    staff_ids = {staff.id for service in services for staff in service.staff}
    busy: dict[int, list[Busy]] = {}
    if staff_ids:
        for period in busy_periods(staff_ids, min(w[0] for w in windows.values()), max(w[1] for w in windows.values())):
            busy.setdefault(period.staff_id, []).append(period)
    result: list[ServiceSlot] = []
    for service in services:
        zone = clock.tenant_zone(service.tenant_id)
        for staff in service.staff:
            if not offers(staff, service):
                continue
            # A superset of the window's appointments is fine: _day_slots only counts overlapping ones.
            appointments = busy.get(staff.id, [])
            for day in days:
                intervals = working_intervals(staff, day, zone)
                if not intervals:
                    continue
                # Only the day's appointments can touch its slots: each slot would scan them all otherwise.
                todays = [a for a in appointments if a.busy_from < intervals[-1][1] and a.busy_to > intervals[0][0]]
                for slot in _day_slots(service, day, zone, intervals, todays, 0, now, include_sold_out):
                    result.append(ServiceSlot(service, staff, slot))
    result.sort(key=lambda s: (s.slot.start, s.service.name, s.staff.id))
    return result


def _with_staff(services: list[Service]) -> list[Service]:
    # The services' staff with their services and locations (read by offers() and the slot resources)
    # in one statement, instead of one per staff member.
    if services:
        db.session.execute(select(Service).where(Service.id.in_([s.id for s in services])).options(
            joinedload(Service.staff).options(joinedload(Staff.services), joinedload(Staff.locations)))).unique().all()
    return services


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
    if weight < 1:
        raise InvalidBooking("The number of seats must be at least 1", field="weight")
    if weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")
    if not offers(staff, service):
        raise SlotUnavailable(f"{staff.name} does not provide {service.name}", field="staff")
    if location is not None and not offers(staff, service, location):
        raise SlotUnavailable(f"{staff.name} does not work at {location.name}", field="location")
    now = clock.now_epoch() if now is None else now
    if starts_at < now:
        raise SlotUnavailable("The selected time is in the past", field="starts_at")
    zone = clock.tenant_zone(service.tenant_id)
    ends_at = starts_at + (service.duration + extras_minutes(extras)) * 60
    busy_from, busy_to = starts_at - service.buffer_before * 60, ends_at + service.buffer_after * 60
    intervals = working_intervals(staff, clock.local_date(starts_at, zone), zone)
    if not any(open_at <= busy_from and busy_to <= close_at for open_at, close_at in intervals):
        raise SlotUnavailable(f"{staff.name} does not work at the selected time", field="starts_at")
    lock_staff_schedule(staff.id)
    appointments = busy_periods([staff.id], busy_from, busy_to, exclude_appointment_id)
    booked = booked_weight(service, starts_at, busy_from, busy_to, appointments)
    if booked is None:
        raise SlotUnavailable(f"{staff.name} is busy at the selected time", field="starts_at")
    if booked >= service.capacity:
        raise SlotFull(f"{staff.name} is busy at the selected time", field="starts_at")
    if booked + weight > service.capacity:
        left = service.capacity - booked
        raise SlotUnavailable(f"Only {left} seat(s) left at the selected time", field="weight")
    return Slot(starts_at, ends_at, clock.format_local(starts_at, zone, "%H:%M"), service.capacity, booked)


def validate_seats(service: Service, weight: object) -> int:
    """THE seat rule: a booking takes 1..``service.capacity`` seats; else InvalidBooking (field ``weight``)."""
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        raise InvalidBooking("The number of seats must be at least 1", field="weight")
    if weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")
    return weight


def check_time_free(appointment: Appointment, weight: int) -> None:
    """Refuse (SlotUnavailable / SlotFull) unless ``appointment``'s own time can hold ``weight`` seats
    beside the other busy bookings: for a booking that holds its time again, or more seats of it.

    Takes the staff member's schedule lock first, like :func:`check_bookable`.
    """
    lock_staff_schedule(appointment.staff_id)
    others = busy_periods([appointment.staff_id], appointment.busy_from, appointment.busy_to, appointment.id)
    booked = booked_weight(appointment.service, appointment.starts_at, appointment.busy_from, appointment.busy_to,
                           others)
    name = appointment.staff.name
    if booked is None:
        raise SlotUnavailable(f"{name} is busy at the selected time", field="starts_at")
    capacity = appointment.service.capacity
    if booked + weight > capacity:
        if booked >= capacity:
            raise SlotFull(f"{name} is busy at the selected time", field="starts_at")
        raise SlotUnavailable(f"Only {capacity - booked} seat(s) left at the selected time", field="weight")
