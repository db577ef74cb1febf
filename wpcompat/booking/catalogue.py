"""The catalogue as Booknetic's select lists read it: services, categories, extras and staff.

Mirrors Booknetic 5.1.2 (booknetic-rest.md §4.12-4.13): services are the active ones with at least one
active staff member the caller sees; extras are all of the tenant's (the ``show_all_service_extras``
option is on by default) with the quantity already on an appointment; staff are the active ones the
caller sees, optionally at a location or offering a service. Everything is oldest first.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .lookup import id_filter, is_row_id
from .models import (Appointment, AppointmentExtra, Location, Service, ServiceCategory, ServiceExtra, Staff,
                     staff_services)
from .search import contains
from .visibility import Visibility, appointments_clause, staff_clause


def list_services(vis: Visibility, search: str = "", category_id: int = 0) -> list[Service]:
    """Active services (of category ``category_id`` unless 0) that an active, visible staff member offers."""
    offered = (select(staff_services.c.service_id).join(Staff, Staff.id == staff_services.c.staff_id)
               .where(Staff.is_active.is_(True), staff_clause(vis)))
    query = select(Service).where(Service.is_active.is_(True), Service.id.in_(offered))
    if category_id:
        query = query.where(id_filter(Service.category_id, category_id))
    if search:
        query = query.where(contains(search, Service.search_name))
    return list(db.session.execute(query.order_by(Service.id)).scalars())


def list_categories() -> list[ServiceCategory]:
    return list(db.session.execute(select(ServiceCategory).order_by(ServiceCategory.id)).scalars())


def list_extras(vis: Visibility, appointment_id: int = 0) -> list[tuple[ServiceExtra, int | None]]:
    """Every extra with the quantity booked on ``appointment_id`` (None when not on it, or not visible)."""
    extras = db.session.execute(select(ServiceExtra).order_by(ServiceExtra.id)).scalars()
    booked: dict[int, int] = {}
    if is_row_id(appointment_id):
        rows = db.session.execute(
            select(AppointmentExtra.extra_id, AppointmentExtra.quantity).join(AppointmentExtra.appointment)
            .where(Appointment.id == appointment_id, appointments_clause(vis)))
        booked = {extra_id: quantity for extra_id, quantity in rows}
    return [(extra, booked.get(extra.id)) for extra in extras]


def list_staff(vis: Visibility, search: str = "", location_id: int = 0, service_id: int = 0) -> list[Staff]:
    """Active staff ``vis`` sees, by name substring, location and service (0: any)."""
    query = select(Staff).where(Staff.is_active.is_(True), staff_clause(vis))
    if search:
        query = query.where(contains(search, Staff.search_name))
    if location_id:
        query = query.where(Staff.locations.any(id_filter(Location.id, location_id)))
    if service_id:
        query = query.where(Staff.services.any(id_filter(Service.id, service_id)))
    return list(db.session.execute(query.order_by(Staff.id).options(selectinload(Staff.locations))).scalars())
