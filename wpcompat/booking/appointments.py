"""THE write path of appointments: :func:`book`, :func:`change` and :func:`delete`.

Every surface that makes or changes a booking — Booknetic's REST routes, TeamBooking's operations,
the site-file loader — calls these three functions with rows it has already resolved, and translates
their refusals (:mod:`.errors`) into its own wire format. Everything is validated before the first
write, so a refused call leaves no row behind; functions flush, the caller commits or rolls back.

Rules held here, once:

* **Status of a new booking** (:func:`new_booking_status`): a service that must be paid immediately
  (``payment == "immediately"``, price > 0) and is not paid yet is ``pending`` with payment status
  ``pending`` (awaiting payment); otherwise the tenant's default status (Booknetic's
  ``default_appointment_status``, ``approved`` unless the owner chose another: :mod:`.settings`) when the
  service needs no approval, else ``pending``.
* **Location**: a booking that names none takes place at the staff member's first location (by id),
  the one TeamBooking's slots show; None when they work nowhere in particular.
* **Seats**: :func:`.availability.validate_seats` (1..the service's capacity).
* **Extras** (:func:`validate_extras`): each belongs to the service (or is shared), appears once and has
  a quantity within its bounds.
* **Time held** (booknetic-rest.md §10): ``ends_at = starts_at + (duration + Σ extra duration × qty) × 60``,
  ``busy_from = starts_at − buffer_before × 60``, ``busy_to = ends_at + buffer_after × 60``.
* **Prices** (mirrors Booknetic's AppointmentRequestData::initDefaultPrices): ``service_price`` = the
  service price × seats; all extras in one ``service_extra`` line of Σ extra price × quantity (not
  multiplied by seats, as in Booknetic). A change of service, seats or extras re-prices those two lines
  and keeps the others (discounts, add-on lines).
* **Occupying time is always re-checked**, under the staff member's schedule lock. A booking and a move
  (another start, staff member, service, location or extras) are checked as a new booking
  (:func:`.availability.check_bookable`: working hours, not in the past, free). A change that makes the
  booking hold its time again (a busy status after ``canceled``/``rejected``) or more of it (more seats)
  is checked against the other bookings only: the time must still be free for those seats. Booknetic
  5.1.2 re-approves a cancelled appointment without a check (a double booking); we refuse the clash.
* Every status change leaves a :class:`~.models.StatusChange` row; ``run_workflows`` also sends the
  in-app notifications (Booknetic's flag).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from ..extensions import db
from ..platform.identity import tenant_info
from ..tenancy import active_tenant_id
from . import clock, notifications
from .clock import MAX_EPOCH
from .availability import check_bookable, check_time_free, extras_minutes, validate_seats
from .errors import InvalidBooking, NotFound
from .models import (Appointment, AppointmentExtra, AppointmentPrice, Customer, Location, Service, ServiceExtra,
                     Staff, StatusChange)
from .payments import PAYMENT_STATUSES, parse_amount, update_payment
from .statuses import awaiting_payment_after, awaits_payment, booknetic_status, is_busy

CANCELED = "canceled"
#: The price lines a booking's service, seats and extras decide; a re-pricing replaces just these.
PRICED_KEYS = ("service_price", "service_extra")

Extras = Sequence[tuple[ServiceExtra, int]]
#: ``book(location=STAFF_LOCATION)``: none named, the staff member's :func:`default_location` (None: no location).
STAFF_LOCATION = "staff location"


def new_booking_status(service: Service, *, paid: bool = False) -> tuple[str, str]:
    """``(status, payment_status)`` of a new booking of ``service`` (the module docstring's rule)."""
    if service.payment == "immediately" and service.price > 0 and not paid:
        return "pending", "pending"
    status = default_status(service.tenant_id) if service.approval == "none" else "pending"
    return status, ("paid" if paid else "not_paid")


def default_status(tenant_id: int | None) -> str:
    """The status a tenant gives a booking that needs no approval (the request's tenant is read once)."""
    tenant = tenant_info(tenant_id) if tenant_id is not None else None
    return tenant.default_status if tenant is not None else "approved"


def default_location(staff: Staff) -> Location | None:
    """Where a booking with ``staff`` takes place when none is named: their first location, or None."""
    return staff.locations[0] if staff.locations else None


def _check_same_tenant(*rows: object) -> None:
    # Rows of another tenant are invisible through the guard; refuse them as if missing.
    tenant_id = active_tenant_id()
    for row in rows:
        if row is not None and getattr(row, "tenant_id", tenant_id) != tenant_id:
            raise NotFound(f"{type(row).__name__} not found", field=type(row).__name__.lower())


def _check_start(starts_at: int) -> None:
    if not 0 <= starts_at <= MAX_EPOCH:
        raise InvalidBooking("Not a valid time", field="starts_at")


def validate_extras(service: Service, extras: Extras) -> None:
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


def booking_times(service: Service, starts_at: int, extra_minutes: int) -> tuple[int, int, int]:
    """``(ends_at, busy_from, busy_to)`` of a booking of ``service`` at ``starts_at`` (module docstring's rule)."""
    ends_at = starts_at + (service.duration + extra_minutes) * 60
    return ends_at, starts_at - service.buffer_before * 60, ends_at + service.buffer_after * 60


def price_lines(service: Service, weight: int, extras: Extras) -> list[AppointmentPrice]:
    """The ``service_price`` / ``service_extra`` lines of a booking (the module docstring's rule)."""
    lines = [AppointmentPrice(unique_key="service_price", price=service.price * weight, negative_or_positive=1)]
    if extras:
        extras_total = sum((extra.price * quantity for extra, quantity in extras), Decimal("0"))
        lines.append(AppointmentPrice(unique_key="service_extra", price=extras_total, negative_or_positive=1))
    return lines


def _reprice(appointment: Appointment, service: Service, weight: int, extras: Extras) -> None:
    # In place: the lines keep their ids (and so their order), other lines (discounts, add-ons) stay.
    due = {line.unique_key: line for line in price_lines(service, weight, extras)}
    for line in list(appointment.prices):
        if line.unique_key in PRICED_KEYS:
            if line.unique_key in due:
                line.price = due.pop(line.unique_key).price
            else:
                appointment.prices.remove(line)
    appointment.prices.extend(due.values())


def _extra_rows(extras: Extras) -> list[AppointmentExtra]:
    # Rows keep the unit price and duration at booking time.
    return [AppointmentExtra(extra_id=extra.id, quantity=quantity, price=extra.price, duration=extra.duration)
            for extra, quantity in extras]


def _checked_payment(payment_status: str, paid_amount: object) -> Decimal:
    if payment_status not in PAYMENT_STATUSES:
        raise InvalidBooking(f"Payment status must be one of: {', '.join(PAYMENT_STATUSES)}", field="payment_status")
    paid = parse_amount(paid_amount)
    if paid is None:
        raise InvalidBooking("Paid amount must be a number from 0 to 9999999999.99", field="paid_amount")
    return paid


def book(*, service: Service, staff: Staff, customer: Customer, starts_at: int,
         location: Location | None | str = STAFF_LOCATION,
         status: str | None = None, weight: int = 1, extras: Extras = (), note: str | None = None,
         paid: bool = False, payment_status: str | None = None, paid_amount: object = None,
         payment_method: str = "local", client_timezone: str | None = None, created_at: int | None = None,
         source: str, user_id: int | None = None, check_availability: bool = True,
         notify: bool = True) -> Appointment:
    """Book ``service`` with ``staff`` for ``customer`` at ``starts_at`` (UTC epoch seconds).

    ``status`` and ``payment_status`` default to :func:`new_booking_status`; ``paid`` records the
    booking's total as paid. With ``check_availability`` (every API booking) the slot is checked under
    the staff member's lock; the site-file loader passes False for seed data that may lie in the past.
    ``notify`` creates the "New appointment" in-app notifications. Raises InvalidBooking, NotFound or
    SlotUnavailable before anything is written.
    """
    if location is STAFF_LOCATION:
        location = default_location(staff)
    _check_same_tenant(service, staff, customer, location)
    _check_start(starts_at)
    default_status, default_payment = new_booking_status(service, paid=paid)
    status = status or default_status
    booknetic_status(status)
    validate_seats(service, weight)
    extras = list(extras)
    validate_extras(service, extras)
    payment_status = payment_status or default_payment
    prices = price_lines(service, weight, extras)
    if paid_amount is None:
        paid_amount = sum((line.signed_price for line in prices), Decimal(0)) if paid else Decimal(0)
    paid_amount = _checked_payment(payment_status, paid_amount)
    if check_availability:
        check_bookable(service, staff, starts_at, weight, extras, location=location)

    ends_at, busy_from, busy_to = booking_times(service, starts_at, extras_minutes(extras))
    appointment = Appointment(
        service=service, staff=staff, customer=customer, location=location, status=status,
        starts_at=starts_at, ends_at=ends_at, busy_from=busy_from, busy_to=busy_to, weight=weight,
        payment_id=secrets.token_hex(16), payment_method=payment_method, payment_status=payment_status,
        paid_amount=paid_amount, note=note, created_at=created_at if created_at is not None else clock.now_epoch(),
    )
    appointment.awaiting_payment = awaits_payment(status, payment_status)
    if client_timezone:
        appointment.client_timezone = client_timezone
    appointment.extras = _extra_rows(extras)
    appointment.prices = prices
    appointment.status_changes = [StatusChange(from_status=None, to_status=status, source=source, user_id=user_id)]
    db.session.add(appointment)
    db.session.flush()
    if notify:
        notifications.notify_booked(appointment)
    return appointment


@dataclass(frozen=True)
class Change:
    """What a change of an appointment gives; None leaves that part as it is.

    ``location`` None keeps the booking's location while the staff member still works there, else
    takes the new staff member's :func:`default_location`. Payment: ``payment_status``, ``paid_amount``
    and ``prices`` are Booknetic's payment edit (:func:`.payments.update_payment`'s rules); then ``paid``
    True marks the booking paid (its total paid), False marks a paid booking not paid (TeamBooking's
    ``payment.isPaid``). ``awaiting_payment`` sets TeamBooking's "pending" mark (kept only on a
    ``pending`` booking, :func:`.statuses.awaiting_payment_after`); payment and status stay independent.
    """

    service: Service | None = None
    staff: Staff | None = None
    location: Location | None = None
    starts_at: int | None = None
    weight: int | None = None
    extras: Extras | None = None
    status: str | None = None
    reason: str | None = None
    customer: Customer | None = None
    note: str | None = None
    client_timezone: str | None = None
    payment_status: str | None = None
    paid_amount: object = None
    prices: Mapping[str, object] | None = None
    paid: bool | None = None
    payment_method: str | None = None
    awaiting_payment: bool | None = None


def change(appointment: Appointment, edit: Change, *, source: str, user_id: int | None = None,
           run_workflows: bool = True) -> bool:
    """Apply ``edit`` to ``appointment`` (the module docstring's rules), all or nothing.

    Returns whether anything changed. Raises InvalidBooking, NotFound or SlotUnavailable (a clash,
    under the staff member's lock) before the booking's own fields are written; payment values are
    checked by :func:`.payments.update_payment` last, so the caller's rollback on a refusal (every
    surface's) undoes whatever was flushed.
    """
    service = edit.service or appointment.service
    staff = edit.staff or appointment.staff
    if edit.starts_at is not None:
        _check_start(edit.starts_at)
    _check_same_tenant(service, staff, edit.location, edit.customer)
    location = edit.location if edit.location is not None else (
        appointment.location if staff.id == appointment.staff_id or appointment.location in staff.locations
        else default_location(staff))
    starts_at = appointment.starts_at if edit.starts_at is None else edit.starts_at
    weight = appointment.weight if edit.weight is None else edit.weight
    status = edit.status or appointment.status
    booknetic_status(status)
    # Extras as booked keep the price and length they had; new ones count at today's.
    booked = [(row, row.quantity) for row in appointment.extras]
    extras = list(edit.extras) if edit.extras is not None else booked

    moved = (service.id, staff.id, getattr(location, "id", None), starts_at) != (
        appointment.service_id, appointment.staff_id, appointment.location_id, appointment.starts_at) \
        or edit.extras is not None
    repriced = service.id != appointment.service_id or weight != appointment.weight or edit.extras is not None
    if repriced:
        validate_seats(service, weight)
    if edit.extras is not None or service.id != appointment.service_id:
        validate_extras(service, extras if edit.extras is not None else [(row.extra, q) for row, q in booked])
    if is_busy(status):
        if moved:
            check_bookable(service, staff, starts_at, weight, extras, exclude_appointment_id=appointment.id,
                           location=location)
        elif weight > appointment.weight or not is_busy(appointment.status):
            check_time_free(appointment, weight)

    changed = moved or repriced
    if changed:
        appointment.ends_at, appointment.busy_from, appointment.busy_to = booking_times(
            service, starts_at, extras_minutes(extras))
        if repriced:
            _reprice(appointment, service, weight, extras)
        if edit.extras is not None:
            appointment.extras = _extra_rows(extras)
        appointment.service, appointment.staff, appointment.location = service, staff, location
        appointment.starts_at, appointment.weight = starts_at, weight
    for name, value in (("customer", edit.customer), ("note", edit.note), ("client_timezone", edit.client_timezone),
                        ("payment_method", edit.payment_method)):
        if value is not None and getattr(appointment, name) != value:
            setattr(appointment, name, value)
            changed = True
    db.session.flush()
    changed = _change_payment(appointment, edit) or changed
    if status != appointment.status:
        _change_status(appointment, status, source=source, user_id=user_id, reason=edit.reason,
                       run_workflows=run_workflows)
        changed = True
    awaiting = awaiting_payment_after(
        status, appointment.awaiting_payment if edit.awaiting_payment is None else edit.awaiting_payment)
    if awaiting != appointment.awaiting_payment:
        appointment.awaiting_payment = awaiting
        db.session.flush()
        changed = True
    return changed


def _change_payment(appointment: Appointment, edit: Change) -> bool:
    before = (appointment.payment_status, appointment.paid_amount)
    if edit.payment_status is not None or edit.paid_amount is not None or edit.prices is not None:
        status = appointment.payment_status if edit.payment_status is None else edit.payment_status
        update_payment(appointment, status, edit.paid_amount, edit.prices)
    if edit.paid:
        update_payment(appointment, "paid", appointment.total_price)
    elif edit.paid is False and appointment.payment_status == "paid":
        update_payment(appointment, "not_paid")
    return before != (appointment.payment_status, appointment.paid_amount)


def _change_status(appointment: Appointment, new_status: str, *, source: str, user_id: int | None,
                   reason: str | None, run_workflows: bool) -> None:
    previous = appointment.status
    appointment.status = new_status
    if reason is not None and not is_busy(new_status):
        appointment.cancellation_reason = reason
    db.session.add(StatusChange(appointment=appointment, from_status=previous, to_status=new_status,
                                source=source, user_id=user_id, reason=reason))
    db.session.flush()
    if run_workflows:
        notifications.notify_status_changed(appointment)


def delete(appointment: Appointment) -> None:
    """Delete ``appointment`` with its extras, price lines and audit rows (notifications stay, as in Booknetic)."""
    db.session.delete(appointment)
    db.session.flush()
