"""The POST operations: do_reservation, edit_reservation, cancel_reservation, delete_reservation.

Each translates its input into one call of the domain's write path (:mod:`wpcompat.booking.appointments`)
and the domain's refusals into TeamBooking's envelope; the dispatcher commits on success and rolls back
on any refusal, so a refused call leaves nothing behind.
"""
from __future__ import annotations

from typing import Any

from flask import current_app

from wpcompat.booking import appointments, clock, customers, lookup, reservations
from wpcompat.booking.errors import NotFound
from wpcompat.booking.statuses import TEAMBOOKING_STATUSES, is_busy, teambooking_status_edit, to_teambooking

from .context import Call, appointment_from_param, appointment_from_resource
from .envelope import Envelope, conflict, invalid_resource, not_found, ok
from .refusals import SERVICE_NONEXISTENT, booking_refusals
from .resources import BOOKING_STATES
from .schemas import load_reservation, load_slot

#: TeamBooking form field names -> customer details.
_FORM_DETAILS = {"first_name": "first_name", "second_name": "last_name", "phone": "phone"}


def _form(reservation: dict[str, Any]) -> dict[str, str] | None:
    """The reservation's form fields by name (the last of a repeated name wins); None without formFields."""
    if reservation["form_fields"] is None:
        return None
    return {field["name"]: field["value"] for field in reservation["form_fields"]}


def _details(form: dict[str, str]) -> dict[str, str | None]:
    return {detail: form.get(name) for name, detail in _FORM_DETAILS.items()}


def _tickets(reservation: dict[str, Any]) -> int | None:
    tickets = reservation["tickets"]
    if tickets == 0:
        raise invalid_resource()  # the plugin's check allows 0; a booking of no seats cannot be stored
    return tickets


def do_reservation(call: Call) -> Envelope:
    """Book the ``slot`` for the ``reservation``'s customer: ``{"state", "reservation_id"}``.

    The slot decides service, staff member and time (``slot.serviceID`` and the identifier in
    ``slot.gcalEvent``); the reservation gives tickets, form fields (the customer, by e-mail), time
    zone and payment. ``coworkerID``, ``datetime`` and ``service`` of the reservation are not used.
    """
    reservation, slot = load_reservation(call.ajax), load_slot(call.ajax)
    tickets = _tickets(reservation)
    try:
        service = lookup.get_service_by_slug(slot["service_id"]) if slot["service_id"] is not None else None
    except NotFound:
        service = None
    if service is None:
        raise conflict(SERVICE_NONEXISTENT)
    form = _form(reservation) or {}
    payment = reservation["payment"] or {}
    with booking_refusals(service):
        customer = customers.customer_for_contact(None, form.get("email"), **_details(form))
        staff, starts_at = reservations.slot_start(service, slot["gcal_event"])
        appointment = appointments.book(
            service=service, staff=staff, customer=customer, starts_at=starts_at, weight=tickets or 1,
            paid=bool(payment.get("is_paid")), payment_method=payment.get("gateway") or "local",
            client_timezone=reservation["customer_timezone"] or clock.tenant_zone().key, source="teambooking")
    state = BOOKING_STATES[to_teambooking(appointment.status, appointment.awaiting_payment)]
    return ok({"state": state, "reservation_id": appointment.id})


def edit_reservation(call: Call) -> Envelope:
    """Apply the reservation's writable members to the booking with its ``id`` (404 without a reason if none).

    Applied: ``service.id`` (another service at the same time, re-checked), ``datetime.start`` (a move,
    re-checked; the end follows from the service), ``tickets`` (seats, re-checked and re-priced),
    ``status`` (the five TeamBooking statuses; others are ignored, as by the plugin),
    ``payment.isPaid`` and ``payment.gateway`` (status and payment apart, as the plugin stores them:
    paying keeps a pending reservation pending, ``pending`` keeps a paid one paid), ``customerTimezone``,
    ``formFields`` (the customer, by e-mail). Everything else (referer, reminderSent, customerUserID,
    prices) is not stored here.
    """
    reservation = load_reservation(call.ajax, edit=True)
    appointment = appointment_from_resource(reservation["id"])
    tickets = _tickets(reservation)
    service_id = (reservation["service"] or {}).get("id")
    service = appointment.service
    if service_id is not None:
        try:
            service = lookup.get_service_by_slug(service_id)
        except NotFound:
            raise not_found("Resource service not found") from None
    start = (reservation["datetime"] or {}).get("start")
    status = awaiting_payment = None
    if reservation["status"] in TEAMBOOKING_STATUSES:  # others are ignored, as by the plugin
        status, awaiting_payment = teambooking_status_edit(reservation["status"])
    payment = reservation["payment"] or {}
    form = _form(reservation)
    with booking_refusals(service):
        customer = None
        if form and "email" in form:
            customer = customers.customer_for_contact(appointment.customer, form["email"], **_details(form))
        appointments.change(appointment, appointments.Change(
            service=service, starts_at=start, weight=tickets, status=status, awaiting_payment=awaiting_payment,
            paid=payment.get("is_paid"), payment_method=payment.get("gateway"), customer=customer,
            client_timezone=reservation["customer_timezone"]), source="teambooking")
    return ok()


def cancel_reservation(call: Call) -> Envelope:
    """Cancel the booking ``id`` (404 without a reason if none), recording the optional ``reason``.

    Cancelling a cancelled (or rejected) booking changes nothing and still answers 200.
    """
    appointment = appointment_from_param(call.params["id"], reason=None)
    reason = call.params["reason"]
    reason = reason if isinstance(reason, str) and reason != "" else None
    if reason is not None and len(reason) > current_app.config["MAX_FIELD_LENGTH"]:
        raise invalid_resource()
    if is_busy(appointment.status):  # a cancelled or rejected booking is cancelled for TeamBooking already
        appointments.change(appointment, appointments.Change(status="canceled", reason=reason),
                            source="teambooking")
    return ok()


def delete_reservation(call: Call) -> Envelope:
    """Delete the booking ``id``. Unknown: 404 "Record not found" (the plugin's PHP fatal is not copied)."""
    appointments.delete(appointment_from_param(call.params["id"]))
    return ok()
