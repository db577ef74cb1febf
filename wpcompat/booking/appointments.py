"""Booking, rescheduling, status changes and deletion of appointments: the rules both APIs share.

Functions take tenant-scoped rows (loaded through the tenant guard, e.g. with :mod:`.lookup`), add
and flush; the caller commits or rolls back. Everything is validated before the first write, so a
refused booking leaves no row behind.

Prices (mirrors Booknetic's AppointmentRequestData::initDefaultPrices): the ``service_price`` line is
the service price × weight (each seat pays); all extras are grouped in one ``service_extra`` line of
Σ extra price × quantity (not multiplied by weight, as in Booknetic). A zero discount line is not
stored. Extra rows keep the unit price and duration at booking time.

Times (booknetic-rest.md §10): ``ends_at = starts_at + (duration + Σ extra duration × qty) × 60``,
``busy_from = starts_at − buffer_before × 60``, ``busy_to = ends_at + buffer_after × 60``.

Status changes do not re-check availability, as in Booknetic's change-status.
"""
from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Sequence

from ..extensions import db
from ..tenancy import active_tenant_id
from . import clock, notifications
from .availability import check_bookable, extras_minutes
from .errors import InvalidBooking, NotFound
from .models import (Appointment, AppointmentExtra, AppointmentPrice, Customer, Location, Service, ServiceExtra,
                     Staff, StatusChange)
from .payments import PAYMENT_STATUSES, parse_amount
from .statuses import booknetic_status

CANCELED = "canceled"


def initial_status(service: Service) -> str:
    """Status of a new booking: ``approved`` when the service needs no approval, else ``pending``."""
    return "approved" if service.approval == "none" else "pending"


def _check_same_tenant(*rows: object) -> None:
    # Rows of another tenant are invisible through the guard; refuse them as if missing.
    tenant_id = active_tenant_id()
    for row in rows:
        if row is not None and getattr(row, "tenant_id", tenant_id) != tenant_id:
            raise NotFound(f"{type(row).__name__} not found", field=type(row).__name__.lower())


def validate_extras(service: Service, extras: Sequence[tuple[ServiceExtra, int]]) -> None:
    """Each extra must belong to ``service`` (or be shared), appear once and have 1..max quantity."""
    seen: set[int] = set()
    for extra, quantity in extras:
        _check_same_tenant(extra)
        if extra.service_id not in (None, service.id) or not extra.is_active:
            raise InvalidBooking(f"Extra {extra.name} is not available for {service.name}", field="extras")
        if extra.id in seen:
            raise InvalidBooking(f"Extra {extra.name} is listed twice", field="extras")
        seen.add(extra.id)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise InvalidBooking(f"Quantity of {extra.name} must be at least 1", field="extras")
        if quantity < extra.min_quantity or quantity > max(extra.max_quantity, 1):
            raise InvalidBooking(
                f"Quantity of {extra.name} must be between {max(extra.min_quantity, 1)} and {extra.max_quantity}",
                field="extras")


def _validate_weight(service: Service, weight: int) -> None:
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        raise InvalidBooking("The number of seats must be at least 1", field="weight")
    if weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")


def booking_times(service: Service, starts_at: int, extra_minutes: int) -> tuple[int, int, int]:
    """``(ends_at, busy_from, busy_to)`` of a booking of ``service`` at ``starts_at`` (module docstring's rule)."""
    ends_at = starts_at + (service.duration + extra_minutes) * 60
    return ends_at, starts_at - service.buffer_before * 60, ends_at + service.buffer_after * 60


def create_appointment(*, service: Service, staff: Staff, customer: Customer, starts_at: int,
                       location: Location | None = None, status: str = "pending", weight: int = 1,
                       extras: Sequence[tuple[ServiceExtra, int]] = (), note: str | None = None,
                       payment_status: str = "not_paid", paid_amount: Decimal = Decimal("0"),
                       payment_method: str = "local", created_at: int | None = None,
                       check_availability: bool = True, source: str = "booknetic", user_id: int | None = None,
                       notify: bool = True) -> Appointment:
    """Book ``service`` with ``staff`` for ``customer`` at ``starts_at`` (UTC epoch seconds).

    With ``check_availability`` (API bookings) the staff schedule is locked and the slot must be
    bookable (:func:`~.availability.check_bookable`, which refuses past times); the site-file loader
    passes False. ``notify`` creates the "New appointment" in-app notifications. Raises InvalidBooking,
    NotFound or SlotUnavailable before anything is written.
    """
    booknetic_status(status)
    _check_same_tenant(service, staff, customer, location)
    _validate_weight(service, weight)
    extras = list(extras)
    validate_extras(service, extras)
    if payment_status not in PAYMENT_STATUSES:
        raise InvalidBooking(f"Payment status must be one of: {', '.join(PAYMENT_STATUSES)}", field="payment_status")
    paid = parse_amount(paid_amount)
    if paid is None:
        raise InvalidBooking("Paid amount must be a number from 0 to 9999999999.99", field="paid_amount")
    if check_availability:
        check_bookable(service, staff, starts_at, weight, extras, location=location)

    ends_at, busy_from, busy_to = booking_times(service, starts_at, extras_minutes(extras))
    appointment = Appointment(
        service=service, staff=staff, customer=customer, location=location, status=status,
        starts_at=starts_at, ends_at=ends_at, busy_from=busy_from, busy_to=busy_to, weight=weight,
        payment_id=secrets.token_hex(16), payment_method=payment_method, payment_status=payment_status,
        paid_amount=paid, note=note, created_at=created_at if created_at is not None else clock.now_epoch(),
    )
    appointment.extras = [AppointmentExtra(extra_id=extra.id, quantity=quantity, price=extra.price,
                                           duration=extra.duration) for extra, quantity in extras]
    appointment.prices = price_lines(service, weight, extras)
    appointment.status_changes = [StatusChange(from_status=None, to_status=status, source=source, user_id=user_id)]
    db.session.add(appointment)
    db.session.flush()
    if notify:
        notifications.notify_booked(appointment)
    return appointment


def reschedule(appointment: Appointment, starts_at: int, *, staff: Staff | None = None,
               location: Location | None = None, check_availability: bool = True) -> Appointment:
    """Move ``appointment`` to ``starts_at`` (optionally to another staff member / location).

    The length is recomputed from the service's duration and the extras as booked; the new slot is
    checked as a booking would be, ignoring the appointment itself.
    """
    staff = staff or appointment.staff
    location = location or appointment.location
    _check_same_tenant(staff, location)
    booked_extras = [(row, row.quantity) for row in appointment.extras]
    if check_availability:
        check_bookable(appointment.service, staff, starts_at, appointment.weight, booked_extras,
                       exclude_appointment_id=appointment.id, location=location)
    appointment.ends_at, appointment.busy_from, appointment.busy_to = booking_times(
        appointment.service, starts_at, extras_minutes(booked_extras))
    appointment.starts_at = starts_at
    appointment.staff = staff
    appointment.location = location
    db.session.flush()
    return appointment


def change_status(appointment: Appointment, new_status: str, *, source: str, user_id: int | None = None,
                  reason: str | None = None, run_workflows: bool = True) -> bool:
    """Set a Booknetic status; False (and nothing written) when unchanged.

    An unknown status is InvalidBooking("Selected Status not found"). Every change leaves a
    StatusChange audit row; ``run_workflows`` (Booknetic's flag) also sends the in-app notifications.
    """
    booknetic_status(new_status)
    if appointment.status == new_status:
        return False
    previous = appointment.status
    appointment.status = new_status
    if reason is not None and not booknetic_status(new_status).busy:
        appointment.cancellation_reason = reason
    db.session.add(StatusChange(appointment=appointment, from_status=previous, to_status=new_status,
                                source=source, user_id=user_id, reason=reason))
    db.session.flush()
    if run_workflows:
        notifications.notify_status_changed(appointment)
    return True


def cancel(appointment: Appointment, reason: str | None = None, source: str = "booknetic",
           user_id: int | None = None, *, run_workflows: bool = True) -> bool:
    """Cancel ``appointment`` (status ``canceled``), recording ``reason``; False if already canceled."""
    return change_status(appointment, CANCELED, source=source, user_id=user_id, reason=reason,
                         run_workflows=run_workflows)


def delete_appointment(appointment: Appointment) -> None:
    """Delete ``appointment`` with its extras, price lines and audit rows (notifications stay, as in Booknetic)."""
    db.session.delete(appointment)
    db.session.flush()


def price_lines(service: Service, weight: int, extras: Sequence[tuple[ServiceExtra, int]]) -> list[AppointmentPrice]:
    """The price lines of a booking, by the module docstring's rule (as :func:`create_appointment` builds them)."""
    lines = [AppointmentPrice(unique_key="service_price", price=service.price * weight, negative_or_positive=1)]
    if extras:
        extras_total = sum((extra.price * quantity for extra, quantity in extras), Decimal("0"))
        lines.append(AppointmentPrice(unique_key="service_extra", price=extras_total, negative_or_positive=1))
    return lines
