"""Reservations: TeamBooking's view of appointments — slots named by identifier, seats, reservation rows.

TeamBooking thinks in reservations of tickets in slots; the data layer stores Booknetic appointments.
What bridges the two lives here, once; bookings and edits go through :mod:`.appointments` like any other:

* **A slot identifier** (:func:`~.availability.format_slot_id`) names service, staff member and start
  (:func:`slot_start`); booking re-checks that slot at booking time (it may have been taken since it was listed).
* **Seats**: a booking of ``weight`` seats pays ``price × weight``; the *unit amount* is the total per seat.
* **Reservation rows** (:func:`find_reservations`): what a reservation shows, read as column rows.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Row, Select, bindparam, select

from .. import tenancy
from ..extensions import db
from ..php.limits import PHP_INT_MAX
from .appointment_list import total_price
from .availability import format_slot_id, is_offered, parse_slot_id
from .clock import MAX_EPOCH
from .errors import InvalidBooking, NotFound, SlotUnavailable
from .lookup import get_staff, is_row_id
from .models import Appointment, Customer, Location, Service, Staff
from .payments import round_money, tenant_currency

_MAX_ID = PHP_INT_MAX


def resolve_slot(service: Service, slot_id: object) -> tuple[Staff, int]:
    """The staff member and start a slot identifier of ``service`` names; SlotUnavailable (field ``slot``) if none."""
    if not isinstance(slot_id, str) or len(slot_id) > 64:  # ours are ~25 characters; never parse a huge one
        raise SlotUnavailable("No such slot", field="slot")
    try:
        service_id, staff_id, start = parse_slot_id(slot_id)
    except InvalidBooking:
        raise SlotUnavailable("No such slot", field="slot") from None
    # Only the canonical spelling names a slot ("01-1-..." or a trailing newline is not an identifier we made).
    if format_slot_id(service_id, staff_id, start) != slot_id:
        raise SlotUnavailable("No such slot", field="slot")
    if service_id != service.id or not 0 < staff_id <= _MAX_ID or start > MAX_EPOCH:
        raise SlotUnavailable("No such slot", field="slot")
    try:
        return get_staff(staff_id), start
    except NotFound:
        raise SlotUnavailable("No such slot", field="slot") from None


def slot_start(service: Service, slot_id: object) -> tuple[Staff, int]:
    """The staff member and start of the offered slot ``slot_id`` of ``service``; SlotUnavailable if none."""
    staff, starts_at = resolve_slot(service, slot_id)
    if not is_offered(service, staff, starts_at):  # the engine's answer for this one start
        raise SlotUnavailable("No such slot", field="slot")
    return staff, starts_at


def unit_amount(appointment: Appointment, currency: str | None = None) -> Decimal:
    """The appointment's total per seat, rounded to its tenant currency's (``currency``, if known) minor unit."""
    return per_seat(appointment.total_price, appointment.weight, currency or tenant_currency(appointment.tenant_id))


def per_seat(total: Decimal | None, weight: int, currency: str) -> Decimal:
    """A total (None: no price lines) per seat of ``weight``, rounded to ``currency``'s minor unit."""
    return round_money((total or Decimal(0)) / max(weight, 1), currency)


# What a reservation shows, one row per appointment, the columns named as the row's attributes: its
# staff member's and customer's users, service, location, price total and the customer's contact fields.
_RESERVATION = (
    select(Appointment.id, Appointment.tenant_id, Appointment.token_seed, Appointment.sealed_token,
           Staff.user_id.label("coworker_user_id"),
           Customer.user_id.label("customer_user_id"), Appointment.client_timezone,
           Service.slug.label("service_slug"), Location.name.label("location_name"), Appointment.starts_at,
           Appointment.ends_at, total_price(), Appointment.weight, Appointment.status, Appointment.payment_status,
           Appointment.awaiting_payment,
           Appointment.payment_method, Appointment.created_at, Customer.first_name, Customer.last_name,
           Customer.email, Customer.phone_number)
    .select_from(Appointment).join(Appointment.staff).join(Appointment.customer).join(Appointment.service)
    .outerjoin(Appointment.location).order_by(Appointment.id)
)
_RESERVATION_BY_ID = _RESERVATION.where(Appointment.id == bindparam("appointment_id"))


@lru_cache(maxsize=16)
def _reservations_statement(by_service: bool, coworker: str | None, from_start: bool) -> Select:
    # coworker: None (anyone's), "no user" (staff without a WordPress user) or "user" (one user's staff).
    query = _RESERVATION
    if by_service:
        query = query.where(Service.slug == bindparam("service_slug"))
    if coworker == "no user":
        query = query.where(Staff.user_id.is_(None))
    elif coworker == "user":
        query = query.where(Staff.user_id == bindparam("coworker_user_id"))
    if from_start:
        query = query.where(Appointment.starts_at >= bindparam("not_before"))
    return query


def find_reservations(*, service_slug: str | None = None, coworker_user_id: int | None = None,
                      not_before: int | None = None) -> list[Row]:
    """The active tenant's appointments as reservation rows (:data:`_RESERVATION`'s columns) in id order,
    optionally of one service (by slug), of the staff member linked to one WordPress user (0: staff with
    no user) and starting at or after ``not_before``. Rows, not objects: a list holds every reservation."""
    if coworker_user_id is not None and coworker_user_id != 0 and not is_row_id(coworker_user_id):
        return []  # no user has that id
    coworker = None if coworker_user_id is None else "no user" if coworker_user_id == 0 else "user"
    statement = _reservations_statement(service_slug is not None, coworker, not_before is not None)
    params = {"service_slug": service_slug, "coworker_user_id": coworker_user_id, "not_before": not_before}
    return tenancy.select_rows(statement, params).all()


def reservation_row(appointment: Appointment) -> Row:
    """``appointment`` (of the active tenant) as a :func:`find_reservations` row."""
    return tenancy.select_rows(_RESERVATION_BY_ID, {"appointment_id": appointment.id}).one()


def list_services() -> list[Service]:
    """The active tenant's services, oldest first (inactive ones included)."""
    return list(db.session.execute(select(Service).order_by(Service.id)).scalars())
