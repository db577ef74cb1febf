"""Reservations: booking an offered slot by its identifier, seat counts, and the edits a reservation API makes.

TeamBooking thinks in reservations of tickets in slots; the data layer stores Booknetic appointments.
The rules that bridge the two live here, once, over :mod:`.appointments` and :mod:`.availability`:

* **A new booking's status** (:func:`new_booking_status`, TeamBooking 2.5.7's ProcessReservation): a
  service that requires payment ``immediately``, costs something and is not paid yet is booked as
  awaiting payment (status ``pending``, payment status ``pending``); otherwise a service needing no
  approval is ``approved`` and one needing approval ``pending``.
* **A slot identifier** (:func:`~.availability.format_slot_id`) names service, staff member and start;
  booking re-checks that slot at booking time (it may have been taken since it was listed).
* **Seats**: a booking of ``weight`` seats pays ``price × weight`` (the ``service_price`` line), and a
  seat change re-prices that line; the *unit amount* is the total per seat.
* **Edits of a cancelled reservation** check nothing: it blocks no time, so moving it cannot collide.

Functions flush; the caller commits or rolls back, so a refused edit leaves nothing half-written.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Row, Select, bindparam, func, select

from .. import tenancy
from ..extensions import db
from . import appointments, customers
from .appointment_list import total_price
from .availability import format_slot_id, is_offered, parse_slot_id
from .errors import InvalidBooking, NotFound, SlotUnavailable
from .locks import lock_staff_schedule
from .lookup import get_staff, is_row_id
from .models import Appointment, AppointmentPrice, Customer, Location, Service, Staff
from .payments import round_money, tenant_currency, update_payment
from .statuses import BUSY_STATUSES, from_teambooking, implied_payment_status, is_busy

#: The last second of year 9999: later "times" cannot be dates, so they are refused, never converted.
MAX_EPOCH = 253402300799
_MAX_ID = 2**63 - 1


def new_booking_status(service: Service, *, paid: bool) -> tuple[str, str]:
    """``(status, payment_status)`` of a new booking of ``service`` (see the module docstring)."""
    if service.payment == "immediately" and service.price > 0 and not paid:
        return "pending", "pending"
    status = appointments.initial_status(service)
    return status, "paid" if paid else "not_paid"


def staff_location(staff: Staff) -> Location | None:
    """Where a slot of ``staff`` takes place: the staff member's first location (None when it has none)."""
    return staff.locations[0] if staff.locations else None


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


def book_slot(service: Service, slot_id: object, customer: Customer, *, weight: int = 1, paid: bool = False,
              payment_method: str = "local", client_timezone: str | None = None,
              source: str = "teambooking") -> Appointment:
    """Book ``weight`` seats of the slot ``slot_id`` of ``service`` for ``customer``.

    The slot is re-checked under the staff member's schedule lock (SlotUnavailable / SlotFull /
    InvalidBooking for the seats); status and payment status follow :func:`new_booking_status`;
    a paid booking records its total as paid.
    """
    staff, starts_at = resolve_slot(service, slot_id)
    if not is_offered(service, staff, starts_at):  # the engine's answer for this one start
        raise SlotUnavailable("No such slot", field="slot")
    status, payment_status = new_booking_status(service, paid=paid)
    appointment = appointments.create_appointment(
        service=service, staff=staff, customer=customer, starts_at=starts_at, location=staff_location(staff),
        status=status, weight=weight, payment_status=payment_status,
        paid_amount=service.price * weight if paid else Decimal(0), payment_method=payment_method, source=source)
    if client_timezone:
        appointment.client_timezone = client_timezone
        db.session.flush()
    return appointment


def unit_amount(appointment: Appointment, currency: str | None = None) -> Decimal:
    """The appointment's total per seat, rounded to its tenant currency's (``currency``, if known) minor unit."""
    return per_seat(appointment.total_price, appointment.weight, currency or tenant_currency(appointment.tenant_id))


def per_seat(total: Decimal | None, weight: int, currency: str) -> Decimal:
    """A total (None: no price lines) per seat of ``weight``, rounded to ``currency``'s minor unit."""
    return round_money((total or Decimal(0)) / max(weight, 1), currency)


def _reprice(appointment: Appointment) -> None:
    amount = appointment.service.price * appointment.weight
    line = next((p for p in appointment.prices if p.unique_key == "service_price"), None)
    if line is None:
        appointment.prices.append(AppointmentPrice(unique_key="service_price", price=amount, negative_or_positive=1))
    else:
        line.price = amount


def seats_taken(appointment: Appointment) -> int:
    """Seats the *other* busy bookings of the same session (service, staff member, start) hold."""
    query = select(func.coalesce(func.sum(Appointment.weight), 0)).where(
        Appointment.service_id == appointment.service_id, Appointment.staff_id == appointment.staff_id,
        Appointment.starts_at == appointment.starts_at, Appointment.status.in_(BUSY_STATUSES),
        Appointment.id != appointment.id)
    return int(db.session.execute(query).scalar_one())


def _check_weight(service: Service, weight: object) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        raise InvalidBooking("The number of seats must be at least 1", field="weight")
    if weight > service.capacity:
        raise InvalidBooking(f"{service.name} has {service.capacity} seat(s) per slot", field="weight")
    return weight


def change_weight(appointment: Appointment, weight: int) -> bool:
    """Book ``weight`` seats instead (re-priced); a busy booking needs the seats free. False if unchanged."""
    weight = _check_weight(appointment.service, weight)
    if weight == appointment.weight:
        return False
    if is_busy(appointment.status):
        lock_staff_schedule(appointment.staff_id)
        left = appointment.service.capacity - seats_taken(appointment)
        if weight > left:
            raise SlotUnavailable(f"Only {max(left, 0)} seat(s) left at the selected time", field="weight")
    appointment.weight = weight
    _reprice(appointment)
    db.session.flush()
    return True


def move(appointment: Appointment, starts_at: int) -> bool:
    """Reschedule to ``starts_at`` (checked only while the booking is busy); False if unchanged."""
    if not 0 <= starts_at <= MAX_EPOCH:
        raise InvalidBooking("Not a valid time", field="starts_at")
    if starts_at == appointment.starts_at:
        return False
    appointments.reschedule(appointment, starts_at, check_availability=is_busy(appointment.status))
    return True


def change_service(appointment: Appointment, service: Service, starts_at: int | None = None) -> bool:
    """Make ``appointment`` a booking of ``service`` (at ``starts_at``, default its time): re-timed,
    re-priced, re-checked once for the final service and time.

    The booked extras must be valid for the new service and the seats must fit its capacity.
    False when it already is a booking of ``service``.
    """
    if service.id == appointment.service_id:
        return False
    if starts_at is not None and not 0 <= starts_at <= MAX_EPOCH:
        raise InvalidBooking("Not a valid time", field="starts_at")
    _check_weight(service, appointment.weight)
    appointments.validate_extras(service, [(row.extra, row.quantity) for row in appointment.extras])
    appointment.service = service
    appointments.reschedule(appointment, appointment.starts_at if starts_at is None else starts_at,
                            check_availability=is_busy(appointment.status))
    _reprice(appointment)
    db.session.flush()
    return True


def set_payment(appointment: Appointment, *, paid: bool | None = None, method: str | None = None) -> None:
    """Mark the booking paid (its total paid) or, if it was paid, not paid; record the payment method."""
    if method is not None:
        appointment.payment_method = method
    if paid:
        update_payment(appointment, "paid", appointment.total_price)
    elif paid is False and appointment.payment_status == "paid":
        update_payment(appointment, "not_paid")
    db.session.flush()


def set_client_timezone(appointment: Appointment, zone_name: str) -> None:
    """The customer's time zone (an IANA name the caller has validated), used for their messages."""
    appointment.client_timezone = zone_name
    db.session.flush()


def set_customer_from_form(appointment: Appointment, email: object, *, first_name: str | None = None,
                           last_name: str | None = None, phone: str | None = None) -> None:
    """A reservation's form names its customer by e-mail: the same address edits that customer's details,
    another one moves the booking to the customer with that address (found or created, not renamed)."""
    email = customers.valid_email(email)
    current = appointment.customer
    if email.lower() == (current.email or "").strip().lower():
        customers.update_customer_details(current, first_name=first_name, last_name=last_name, phone=phone)
    else:
        appointment.customer = customers.find_or_create_customer(email, first_name=first_name,
                                                                 last_name=last_name, phone=phone)
        db.session.flush()


def cancel_reservation(appointment: Appointment, reason: str | None = None, *, source: str = "teambooking") -> bool:
    """Cancel a booking that still holds its time, recording ``reason``; False (nothing written) for one
    already canceled or rejected, which TeamBooking sees as cancelled either way."""
    if not is_busy(appointment.status):
        return False
    return appointments.cancel(appointment, reason, source=source)


def set_teambooking_status(appointment: Appointment, tb_status: str, *, source: str = "teambooking",
                           user_id: int | None = None, reason: str | None = None) -> bool:
    """Give ``appointment`` the stored status that reads back as TeamBooking's ``tb_status``.

    TeamBooking's ``pending`` (awaiting payment) is Booknetic ``pending`` with payment status
    ``pending`` (statuses.py); any other TeamBooking status drops that awaiting-payment mark, or
    ``waiting_approval`` would still read back as ``pending``. Returns whether anything changed.
    """
    target = from_teambooking(tb_status)
    before = appointment.payment_status
    if implied_payment_status(tb_status) == "pending":
        update_payment(appointment, "pending")
    elif appointment.payment_status == "pending":
        update_payment(appointment, "not_paid")
    changed = appointments.change_status(appointment, target, source=source, user_id=user_id, reason=reason)
    return changed or before != appointment.payment_status


# What a reservation shows, one row per appointment, the columns named as the row's attributes: its
# staff member's and customer's users, service, location, price total and the customer's contact fields.
_RESERVATION = (
    select(Appointment.id, Appointment.tenant_id, Staff.user_id.label("coworker_user_id"),
           Customer.user_id.label("customer_user_id"), Appointment.client_timezone,
           Service.slug.label("service_slug"), Location.name.label("location_name"), Appointment.starts_at,
           Appointment.ends_at, total_price(), Appointment.weight, Appointment.status, Appointment.payment_status,
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
