"""Payments of an appointment: ``GET /payments/{appointmentId}`` and ``PUT /payments/{appointmentId}``.

The id is the appointment's. A missing (or another tenant's, or for staff a colleague's) appointment is
Booknetic's ``400 Appointment with id N not found``. The edit answers ``[]``. As Booknetic 5.1.2 does,
the edit of id 0 is ``400 Invalid input data provided for saving payment.``, and a status that is not
one of the four (or none) is read as empty and refused, ``400 Payment status cannot be empty.``, writing
nothing. Where Booknetic answers an invalid ``prices`` map with an empty message, we refuse with a
readable 400 and write nothing. Rules and maths: :mod:`wpcompat.booking.payments`.
"""
from __future__ import annotations

from wpcompat.booking import appointment_list, appointments, payments
from wpcompat.booking.errors import NotFound
from wpcompat.booking.payments import PAYMENT_STATUSES
from wpcompat.rest import RestRequest

from .errors import booknetic_error, booknetic_errors
from .namespace import ID, api, path_id
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.payments import PaymentBody, payment_info


#: PaymentService's refusals: an id that (int)-casts to 0, and a status outside the four (read as "").
INVALID_PAYMENT_INPUT = "Invalid input data provided for saving payment."
EMPTY_PAYMENT_STATUS = "Payment status cannot be empty."


def _appointment(request: RestRequest):
    appointment_id = path_id(request)
    try:
        return appointment_list.visible_appointment(viewer(request), appointment_id)
    except NotFound:
        raise booknetic_error(f"Appointment with id {appointment_id} not found") from None


@api.route(rf"/payments/{ID}", permission=allow("payments", "payments"))
def get_payment(request: RestRequest):
    appointment = _appointment(request)
    return {"data": payment_info(appointment, payments.payment_summary(appointment))}


@api.route(rf"/payments/{ID}", methods="PUT", permission=allow("payments", "payments_edit"))
@booknetic_errors()
def edit_payment(request: RestRequest):
    if path_id(request) == 0:
        raise booknetic_error(INVALID_PAYMENT_INPUT)
    appointment = _appointment(request)
    body = load_params(PaymentBody, request)
    if body["status"] not in PAYMENT_STATUSES:
        raise booknetic_error(EMPTY_PAYMENT_STATUS)
    prices = body["prices"]
    # Booknetic reads prices as a PHP array: a list's keys are 0..n-1; anything else is no prices.
    prices = {str(i): v for i, v in enumerate(prices)} if isinstance(prices, list) else prices
    prices = prices if isinstance(prices, dict) else None
    appointments.change(appointment, appointments.Change(
        payment_status=body["status"], paid_amount=body["paid_amount"], prices=prices), source="booknetic",
        user_id=request.user.id)
    return []
