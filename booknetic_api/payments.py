"""Payments of an appointment: ``GET /payments/{appointmentId}`` and ``PUT /payments/{appointmentId}``.

The id is the appointment's. A missing (or another tenant's, or for staff a colleague's) appointment is
Booknetic's ``400 Appointment with id N not found``. The edit answers ``[]``. Where Booknetic writes an
empty payment status for an unknown one, or answers an invalid ``prices`` map with an empty message,
we refuse with a readable 400 and write nothing. Rules and maths: :mod:`wpcompat.booking.payments`.
"""
from __future__ import annotations

from wpcompat.booking import appointment_list, appointments, payments
from wpcompat.booking.errors import NotFound
from wpcompat.rest import RestRequest

from .errors import booknetic_error, booknetic_errors
from .namespace import ID, api, path_id
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.payments import PaymentBody, payment_info



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
    appointment = _appointment(request)
    body = load_params(PaymentBody, request)
    prices = body["prices"]
    # Booknetic reads prices as a PHP array: a list's keys are 0..n-1; anything else is no prices.
    prices = {str(i): v for i, v in enumerate(prices)} if isinstance(prices, list) else prices
    prices = prices if isinstance(prices, dict) else None
    appointments.change(appointment, appointments.Change(
        payment_status=body["status"], paid_amount=body["paid_amount"], prices=prices), source="booknetic",
        user_id=request.user.id)
    return []
