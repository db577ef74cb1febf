"""``POST /appointments`` and ``PUT /appointments/{id}``: real bookings where Booknetic ships stubs.

Booknetic 5.1 answers both with ``200 []`` and does nothing; a client that relies on them deserves a
booking or a reason. Both answer ``{"id": N}``; every refusal — a bad field, a missing row, a taken
slot — is a 422 ``Validation failed`` with ``data.errors`` per field. An update of a missing (or
another tenant's) id is the usual ``400 Appointment not found``.

This module only translates: the body's ids and local date/time become rows and a Unix start
(:mod:`.booking_input`), the domain's write path (:mod:`wpcompat.booking.appointments`) decides.
(Registered by :mod:`.appointments`, which keeps the route order of Booknetic's index.)
"""
from __future__ import annotations

from wpcompat.booking import appointment_list, appointments
from wpcompat.rest import RestRequest

from .booking_input import refused_on_field, resolve
from .errors import booknetic_errors
from .namespace import path_id
from .permissions import viewer
from .schemas import load_params
from .schemas.appointments import AppointmentCreateBody, AppointmentUpdateBody


@booknetic_errors(validation=True)
def create_appointment(request: RestRequest):
    body = load_params(AppointmentCreateBody, request)
    found = resolve(viewer(request), body, required=True)
    with refused_on_field(body):
        appointment = appointments.book(
            service=found.service, staff=found.staff, customer=found.customer, starts_at=found.starts_at,
            location=found.location or appointments.STAFF_LOCATION, status=body["status"], weight=1 if body["weight"] is None else body["weight"],
            extras=found.extras or (), note=body["note"], source="booknetic", user_id=request.user.id)
    return {"id": appointment.id}


@booknetic_errors(validation=True)
def update_appointment(request: RestRequest):
    vis = viewer(request)
    # The addressed appointment first: a missing id answers as everywhere, whatever the body holds.
    appointment = appointment_list.visible_appointment(vis, path_id(request))
    body = load_params(AppointmentUpdateBody, request)
    found = resolve(vis, body, zone_of=appointment.tenant_id)
    with refused_on_field(body):
        appointments.change(appointment, appointments.Change(
            service=found.service, staff=found.staff, location=found.location, starts_at=found.starts_at,
            weight=body["weight"], extras=found.extras, status=body["status"], customer=found.customer,
            note=body["note"]), source="booknetic", user_id=request.user.id)
    return {"id": appointment.id}
