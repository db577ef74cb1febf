"""Tenant-scoped lookups by id for the adapters: a missing row and another tenant's row look the same.

Queries go through the tenant guard (never ``Session.get``, whose identity-map hit would bypass it),
so an id of another tenant raises :class:`~wpcompat.booking.errors.NotFound` exactly like a missing id.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, false, select

from ..extensions import db
from .errors import NotFound
from .models import Appointment, Customer, Location, Service, ServiceExtra, Staff

T = TypeVar("T")


#: The largest id a row can have: ids are INTEGER columns, 32-bit on PostgreSQL. A larger id exists nowhere,
#: and asking would fail ("integer out of range" on PostgreSQL, an overflow in SQLite's driver beyond 64 bits).
MAX_ID = 2**31 - 1


def is_row_id(value: object) -> bool:
    """Could ``value`` be a row's id (an int in ``1..MAX_ID``)? Anything else is found nowhere."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def id_filter(column, value: int) -> ColumnElement[bool]:
    """``column = value``, or false when ``value`` cannot be an id (matches nothing, asks nothing impossible)."""
    return column == value if is_row_id(value) else false()


def get_row(model: type[T], row_id: int | None, label: str) -> T:
    """The ``model`` row with ``row_id`` in the active tenant, else NotFound("<label> not found")."""
    row = None
    if is_row_id(row_id):
        row = db.session.execute(select(model).where(model.id == row_id)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"{label} not found", field=label.lower())
    return row


def get_appointment(appointment_id: int) -> Appointment:
    return get_row(Appointment, appointment_id, "Appointment")


def get_service(service_id: int) -> Service:
    return get_row(Service, service_id, "Service")


def get_service_by_slug(slug: str) -> Service:
    """TeamBooking names services by slug."""
    service = db.session.execute(select(Service).where(Service.slug == slug)).scalar_one_or_none()
    if service is None:
        raise NotFound("Service not found", field="service")
    return service


def get_staff(staff_id: int) -> Staff:
    return get_row(Staff, staff_id, "Staff")


def get_customer(customer_id: int) -> Customer:
    return get_row(Customer, customer_id, "Customer")


def get_location(location_id: int) -> Location:
    return get_row(Location, location_id, "Location")


def get_extra(extra_id: int) -> ServiceExtra:
    return get_row(ServiceExtra, extra_id, "Extra")
