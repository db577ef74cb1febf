"""The body of ``POST``/``PUT /appointments`` as the domain's rows: ids looked up, the start made Unix seconds.

A body names its rows by id (customer, service, staff, location, extras) and its start either as Unix
seconds (``starts_at``) or as a local ``date`` + ``time`` in the tenant's timezone. Every problem is
collected per request field (nested extras as ``extras.0.extra_id``) and raised at once as one 422,
before the domain is asked; a refusal of the domain is reported on the field that chose the refused
value (:func:`refused_on_field`). A staff user finds only their own staff records and the customers
they see (:mod:`wpcompat.booking.visibility`).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from wpcompat.booking import clock
from wpcompat.booking.clock import MAX_EPOCH
from wpcompat.booking.customer_list import visible_customer
from wpcompat.booking.errors import BookingError, InvalidBooking, NotFound
from wpcompat.booking.lookup import get_extra, get_location, get_service
from wpcompat.booking.models import Customer, Location, Service, ServiceExtra, Staff
from wpcompat.booking.statuses import booknetic_status
from wpcompat.booking.visibility import Visibility, visible_staff

# Domain error fields -> request fields (the start is reported where the caller gave it).
_FIELD_NAMES = {"staff": "staff_id", "location": "location_id", "customer": "customer_id", "service": "service_id",
                "extra": "extras", "extras": "extras", "weight": "weight", "status": "status"}
_REQUIRED = ("customer_id", "service_id", "staff_id")


@dataclass
class Found:
    """The rows and start a body names (None: not given)."""

    errors: dict[str, str] = field(default_factory=dict)
    customer: Customer | None = None
    service: Service | None = None
    staff: Staff | None = None
    location: Location | None = None
    starts_at: int | None = None
    extras: list[tuple[ServiceExtra, int]] | None = None

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


def _lookup(found: Found, name: str, finder, row_id: int | None):
    if row_id is None:
        return None
    try:
        return finder(row_id)
    except NotFound as error:
        found.fail(name, error.message)
        return None


def resolve(vis: Visibility, body: dict, *, required: bool = False, zone_of: int | None = None) -> Found:
    """The rows ``body`` names; InvalidBooking with every field's problem when any is wrong.

    ``required`` (a create): customer, service, staff and a start must be given.
    """
    found = Found()
    found.customer = _lookup(found, "customer_id", lambda i: visible_customer(vis, i), body["customer_id"])
    found.service = _lookup(found, "service_id", get_service, body["service_id"])
    found.staff = _lookup(found, "staff_id", lambda i: visible_staff(vis, i), body["staff_id"])
    found.location = _lookup(found, "location_id", get_location, body["location_id"])
    if body["extras"] is not None:
        found.extras = []
        for i, line in enumerate(body["extras"]):
            extra = _lookup(found, f"extras.{i}.extra_id", get_extra, line["extra_id"])
            if extra is not None:
                found.extras.append((extra, line["quantity"]))
    if body["status"] is not None:
        try:
            booknetic_status(body["status"])
        except InvalidBooking as error:
            found.fail("status", error.message)
    found.starts_at = _start(found, body, zone_of)
    if required:
        for name in _REQUIRED:
            if body[name] is None:
                found.fail(name, f"{name} is required")
        if body["starts_at"] is None and body["date"] is None and body["time"] is None:
            found.fail("starts_at", "starts_at (or date and time) is required")
    if found.errors:
        raise InvalidBooking(next(iter(found.errors.values())), errors=found.errors)
    return found


def _start(found: Found, body: dict, zone_of: int | None) -> int | None:
    day, time = body["date"], body["time"]
    if body["starts_at"] is not None:
        if day is not None or time is not None:
            found.fail("starts_at", "Give starts_at or date and time, not both")
        elif not 0 <= body["starts_at"] <= MAX_EPOCH:
            found.fail("starts_at", "starts_at is not a valid time")
        return body["starts_at"]
    if day is None and time is None:
        return None
    if day is None:
        found.fail("date", "date is required with time")
    if time is None:
        found.fail("time", "time is required with date")
    if day is None or time is None:
        return None
    return clock.local_epoch(day, time, clock.tenant_zone(zone_of))


@contextmanager
def refused_on_field(body: dict) -> Iterator[None]:
    """Re-raise a domain refusal as ``errors`` on the request field that chose the refused value."""
    try:
        yield
    except BookingError as error:
        start_field = "starts_at" if body["starts_at"] is not None else "time"
        name = start_field if error.field in ("starts_at", None) else _FIELD_NAMES.get(error.field, error.field)
        raise InvalidBooking(error.message, errors={name: error.message}) from None
