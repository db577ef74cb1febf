"""Booking and editing an appointment from ids and a local date/time: what a REST create/update asks for.

A request names its rows by id (customer, service, staff, location, extras) and its start either as
Unix seconds (``starts_at``) or as a local ``date`` + ``time`` in the tenant's timezone. Every problem is
collected per field (``errors``: field -> message, nested extras as ``extras.0.extra_id``) and raised at
once as :class:`~.errors.InvalidBooking`, before anything is written; a slot that cannot be booked is
reported on the field that chose it. Rules:

* the location may be left out when the staff member works at one location (or none);
* a staff user may only book and edit their own staff records, and only customers they see;
* a new booking's status defaults to :func:`~.appointments.initial_status`;
* an edit re-checks the slot (ignoring the appointment itself) whenever the result holds time — a busy
  status — and anything that decides its time changed (service, staff, location, start, extras, seats)
  or it becomes busy; other edits (note, customer, a cancel) check nothing;
* an edit of the service, seats or extras re-prices the ``service_price`` / ``service_extra`` lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn, Sequence

from ..extensions import db
from . import appointments, clock
from .availability import check_bookable, extras_minutes
from .errors import BookingError, InvalidBooking, NotFound, SlotUnavailable
from .customer_records import visible_customer
from .lookup import get_extra, get_location, get_service
from .models import Appointment, AppointmentExtra, Customer, Location, Service, ServiceExtra, Staff
from .reservations import MAX_EPOCH
from .statuses import booknetic_status, is_busy
from .visibility import Visibility, visible_staff

# Domain error fields -> request fields (the start is reported where the caller gave it).
_FIELD_NAMES = {"staff": "staff_id", "location": "location_id", "customer": "customer_id", "service": "service_id",
                "extra": "extras", "extras": "extras", "weight": "weight", "status": "status"}
_REPRICED_KEYS = ("service_price", "service_extra")


@dataclass(frozen=True)
class BookingInput:
    """What a create or update gives; None = not given (an update keeps the current value)."""

    customer_id: int | None = None
    service_id: int | None = None
    staff_id: int | None = None
    location_id: int | None = None
    day: date | None = None
    time: str | None = None  # "HH:MM", local to the tenant
    starts_at: int | None = None  # Unix seconds
    extras: tuple[tuple[int, int], ...] | None = None  # (extra id, quantity)
    status: str | None = None
    note: str | None = None
    weight: int | None = None

    @property
    def start_field(self) -> str:
        return "starts_at" if self.starts_at is not None else "time"


@dataclass
class _Resolved:
    errors: dict[str, str] = field(default_factory=dict)
    customer: Customer | None = None
    service: Service | None = None
    staff: Staff | None = None
    location: Location | None = None
    starts_at: int | None = None
    extras: list[tuple[ServiceExtra, int]] | None = None

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidBooking(next(iter(self.errors.values())), errors=self.errors)


def default_location(staff: Staff) -> Location | None:
    """Where a booking with ``staff`` takes place when none is named: their only location, or None.

    A staff member at several locations needs one named (InvalidBooking, field ``location_id``).
    """
    if len(staff.locations) > 1:
        raise InvalidBooking(f"{staff.name} works at several locations: give location_id", field="location_id")
    return staff.locations[0] if staff.locations else None


def _lookup(found: _Resolved, name: str, finder, row_id: int | None):
    if row_id is None:
        return None
    try:
        return finder(row_id)
    except NotFound as error:
        found.fail(name, error.message)
        return None


def _resolve(vis: Visibility, data: BookingInput, zone) -> _Resolved:
    found = _Resolved()
    found.customer = _lookup(found, "customer_id", lambda i: visible_customer(vis, i), data.customer_id)
    found.service = _lookup(found, "service_id", get_service, data.service_id)
    found.staff = _lookup(found, "staff_id", lambda i: visible_staff(vis, i), data.staff_id)
    found.location = _lookup(found, "location_id", get_location, data.location_id)
    if data.extras is not None:
        found.extras = []
        for i, (extra_id, quantity) in enumerate(data.extras):
            extra = _lookup(found, f"extras.{i}.extra_id", get_extra, extra_id)
            if extra is not None:
                found.extras.append((extra, quantity))
    if data.status is not None:
        try:
            booknetic_status(data.status)
        except InvalidBooking as error:
            found.fail("status", error.message)
    found.starts_at = _start(found, data, zone)
    return found


def _start(found: _Resolved, data: BookingInput, zone) -> int | None:
    if data.starts_at is not None:
        if data.day is not None or data.time is not None:
            found.fail("starts_at", "Give starts_at or date and time, not both")
        elif not 0 <= data.starts_at <= MAX_EPOCH:
            found.fail("starts_at", "starts_at is not a valid time")
        return data.starts_at
    if data.day is None and data.time is None:
        return None
    if data.day is None:
        found.fail("date", "date is required with time")
    if data.time is None:
        found.fail("time", "time is required with date")
    if data.day is None or data.time is None:
        return None
    return clock.local_epoch(data.day, data.time, zone)


def _raise_on_field(error: BookingError, data: BookingInput) -> NoReturn:
    """Re-raise a domain refusal as ``errors`` on the request field that chose the refused value."""
    name = data.start_field if error.field in ("starts_at", None) else _FIELD_NAMES.get(error.field, error.field)
    raise InvalidBooking(error.message, errors={name: error.message}) from None


def book(vis: Visibility, data: BookingInput, *, user_id: int | None = None) -> Appointment:
    """Create a booking (slot checked, notifications sent); InvalidBooking with ``errors`` when refused."""
    found = _resolve(vis, data, clock.tenant_zone())
    for name, value in (("customer_id", data.customer_id), ("service_id", data.service_id),
                        ("staff_id", data.staff_id)):
        if value is None:
            found.fail(name, f"{name} is required")
    if data.starts_at is None and data.day is None and data.time is None:
        found.fail("starts_at", "starts_at (or date and time) is required")
    found.raise_if_any()
    try:
        location = found.location if data.location_id is not None else default_location(found.staff)
        return appointments.create_appointment(
            service=found.service, staff=found.staff, customer=found.customer, starts_at=found.starts_at,
            location=location, status=data.status or appointments.initial_status(found.service),
            weight=1 if data.weight is None else data.weight, extras=found.extras or (), note=data.note,
            source="booknetic", user_id=user_id)
    except (InvalidBooking, SlotUnavailable) as error:
        _raise_on_field(error, data)


def _location_after(appointment: Appointment, staff: Staff, found: _Resolved, data: BookingInput) -> Location | None:
    if data.location_id is not None:
        return found.location
    if staff.id == appointment.staff_id or appointment.location in staff.locations:
        return appointment.location
    return default_location(staff)


def _reprice(appointment: Appointment, service: Service, weight: int, extras: Sequence[tuple[object, int]]) -> None:
    kept = [line for line in appointment.prices if line.unique_key not in _REPRICED_KEYS]
    appointment.prices = appointments.price_lines(service, weight, extras) + kept


def update_booking(vis: Visibility, appointment: Appointment, data: BookingInput, *,
                   user_id: int | None = None) -> Appointment:
    """Apply the given fields to ``appointment`` (see the module docstring); all-or-nothing."""
    found = _resolve(vis, data, clock.tenant_zone(appointment.tenant_id))
    found.raise_if_any()
    try:
        return _apply(appointment, data, found, user_id)
    except (InvalidBooking, SlotUnavailable) as error:
        _raise_on_field(error, data)


def _apply(appointment: Appointment, data: BookingInput, found: _Resolved, user_id: int | None) -> Appointment:
    service = found.service or appointment.service
    staff = found.staff or appointment.staff
    location = _location_after(appointment, staff, found, data)
    starts_at = appointment.starts_at if found.starts_at is None else found.starts_at
    weight = appointment.weight if data.weight is None else data.weight
    status = data.status or appointment.status
    booked = [(row, row.quantity) for row in appointment.extras]
    extras = found.extras if found.extras is not None else booked
    if found.extras is not None or service.id != appointment.service_id:
        appointments.validate_extras(service, found.extras if found.extras is not None
                                     else [(row.extra, row.quantity) for row in appointment.extras])
    timing_changed = (service.id, staff.id, getattr(location, "id", None), starts_at, weight) != (
        appointment.service_id, appointment.staff_id, appointment.location_id, appointment.starts_at,
        appointment.weight) or found.extras is not None
    if timing_changed and weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")
    if is_busy(status) and (timing_changed or not is_busy(appointment.status)):
        check_bookable(service, staff, starts_at, weight, extras, exclude_appointment_id=appointment.id,
                       location=location)

    if found.customer is not None:
        appointment.customer = found.customer
    if timing_changed:
        appointment.ends_at, appointment.busy_from, appointment.busy_to = appointments.booking_times(
            service, starts_at, extras_minutes(extras))
        if service.id != appointment.service_id or weight != appointment.weight or found.extras is not None:
            _reprice(appointment, service, weight, extras)
        if found.extras is not None:
            appointment.extras = [AppointmentExtra(extra_id=extra.id, quantity=quantity, price=extra.price,
                                                   duration=extra.duration) for extra, quantity in found.extras]
        appointment.service, appointment.staff, appointment.location = service, staff, location
        appointment.starts_at, appointment.weight = starts_at, weight
    if data.note is not None:
        appointment.note = data.note
    db.session.flush()
    if status != appointment.status:
        appointments.change_status(appointment, status, source="booknetic", user_id=user_id)
    return appointment
