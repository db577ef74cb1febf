"""Booking-rule refusals of the shared domain, worded as TeamBooking 2.5.7's ``409 Conflict`` reasons.

The reasons are the plugin's TeamBooking_Error messages (teambooking-ajax.md §9): 2 "Slot not available
anymore or cancelled", 4 "The customer has entered an invalid email address", 6 "The event is full",
11 "Tickets left are less than requested". A detail the plugin cannot be asked about (a name or phone
longer than its column) is the plugin's ``400 invalid resource``.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from wpcompat.booking.errors import BookingError, InvalidBooking, SlotFull
from wpcompat.booking.models import Service

from .envelope import Refusal, conflict, invalid_resource

SLOT_GONE = "Slot not available anymore or cancelled"
INVALID_EMAIL = "The customer has entered an invalid email address"
EVENT_FULL = "The event is full"
TICKETS_LEFT = "Tickets left are less than requested"
SERVICE_NONEXISTENT = "Service nonexistent"

# Customer details too long for their columns: the request's resource is wrong, not the booking.
_RESOURCE_FIELDS = frozenset({"first_name", "last_name", "phone"})


def refusal_for(error: BookingError, service: Service) -> Refusal:
    """The TeamBooking answer to a domain refusal while booking or editing a reservation of ``service``."""
    if isinstance(error, SlotFull):
        return conflict(EVENT_FULL if service.capacity > 1 else SLOT_GONE)
    if error.field == "weight":
        return conflict(TICKETS_LEFT)
    if error.field == "email":
        return conflict(INVALID_EMAIL)
    if isinstance(error, InvalidBooking) and error.field in _RESOURCE_FIELDS:
        return invalid_resource()
    # Taken, past, outside working hours, staff gone, extras not valid for a new service: the slot is gone.
    return conflict(SLOT_GONE)


@contextmanager
def booking_refusals(service: Service) -> Iterator[None]:
    """Turn the domain's BookingErrors raised inside the block into TeamBooking refusals."""
    try:
        yield
    except BookingError as error:
        raise refusal_for(error, service) from error
