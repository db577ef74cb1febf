"""``POST /appointments`` and ``PUT /appointments/{id}``: real bookings where Booknetic ships stubs.

Booknetic 5.1 answers both with ``200 []`` and does nothing; a client that relies on them deserves a
booking or a reason. Both answer ``{"id": N}``; every refusal — a bad field, a missing row, a taken
slot — is a 422 ``Validation failed`` with ``data.errors`` per field. An update of a missing (or
another tenant's) id is the usual ``400 Appointment not found``. Rules: :mod:`wpcompat.booking.booking_requests`.
(Registered by :mod:`.appointments`, which keeps the route order of Booknetic's index.)
"""
from __future__ import annotations

from wpcompat.booking import appointment_list, booking_requests
from wpcompat.booking.booking_requests import BookingInput
from wpcompat.rest import RestRequest

from .errors import booknetic_errors
from .permissions import viewer
from .schemas import load_params
from .schemas.appointments import AppointmentCreateBody, AppointmentUpdateBody


def _booking_input(body: dict) -> BookingInput:
    extras = body["extras"]
    return BookingInput(
        customer_id=body["customer_id"], service_id=body["service_id"], staff_id=body["staff_id"],
        location_id=body["location_id"], day=body["date"], time=body["time"], starts_at=body["starts_at"],
        extras=None if extras is None else tuple((line["extra_id"], line["quantity"]) for line in extras),
        status=body["status"], note=body["note"], weight=body["weight"])


@booknetic_errors(validation=True)
def create_appointment(request: RestRequest):
    body = load_params(AppointmentCreateBody, request)
    appointment = booking_requests.book(viewer(request), _booking_input(body), user_id=request.user.id)
    return {"id": appointment.id}


@booknetic_errors(validation=True)
def update_appointment(request: RestRequest):
    vis = viewer(request)
    # The addressed appointment first: a missing id answers as everywhere, whatever the body holds.
    appointment = appointment_list.visible_appointment(vis, int(request.url_params["id"]))
    body = load_params(AppointmentUpdateBody, request)
    booking_requests.update_booking(vis, appointment, _booking_input(body), user_id=request.user.id)
    return {"id": appointment.id}
