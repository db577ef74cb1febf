"""Tenant-scoped lookups by id for the adapters: a missing row and another tenant's row look the same.

Queries go through the tenant guard (never ``Session.get``, whose identity-map hit would bypass it),
so an id of another tenant raises :class:`~wpcompat.booking.errors.NotFound` exactly like a missing id.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select

from ..database.bounds import MAX_ID, id_filter, is_row_id  # noqa: F401 (re-exported)
from ..extensions import db
from .errors import NotFound
from .models import Appointment, Customer, Location, Service, ServiceExtra, Staff

T = TypeVar("T")


def get_row(model: type[T], row_id: int | None, label: str) -> T:
    """The ``model`` row with ``row_id`` in the active tenant, else NotFound("<label> not found")."""
    row = None
    if is_row_id(row_id):
        row = db.session.execute(select(model).where(model.id == row_id)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"{label} not found", field=label.lower())
    return row


def page_of(model: type[T], page: int, per_page: int, *criteria) -> tuple[list[T], int]:
    """Page ``page`` (1-based) of ``model``'s rows in the active tenant matching ``criteria``, in id order,
    and how many there are in all: a management API collection."""
    total = db.session.execute(select(func.count(model.id)).where(*criteria)).scalar_one()
    rows = db.session.execute(select(model).where(*criteria).order_by(model.id)
                              .offset((page - 1) * per_page).limit(per_page)).scalars()
    return list(rows), total


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
