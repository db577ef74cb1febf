"""Finding appointments: the list with search, filters, ordering and paging, and one visible appointment.

Mirrors Booknetic 5.1.2's AppointmentRepository (booknetic-rest.md §4.2): ``search`` is a substring
(SQL ``LIKE``, wildcards included) of the id, location, service and staff names, the customer's
"first last" name, e-mail and phone; ``starts_on_or_before`` keeps appointments starting before the end
of that local day; ``ends_by`` keeps those ending by that local midnight; the chosen order comes first,
then ``id DESC``. Every query is narrowed to what the caller sees (:mod:`.visibility`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from . import clock
from .errors import NotFound
from .lookup import is_row_id
from .models import Appointment, Customer, Location, Service, Staff
from .search import contains
from .visibility import Visibility, appointments_clause

#: Booknetic's orderByField values.
ORDER_FIELDS = ("starts_at", "customer_name", "staff_name", "service_name", "duration", "created_at")
#: Rows beyond this are never asked of the database in one page (SQLite's LIMIT is a 64-bit integer).
MAX_PAGE = 2**31 - 1


@dataclass(frozen=True)
class AppointmentFilters:
    search: str = ""
    order_by: str | None = None  # one of ORDER_FIELDS; anything else is ignored, as in Booknetic
    descending: bool = True
    starts_on_or_before: date | None = None
    ends_by: date | None = None
    service_id: int = 0  # 0: any
    customer_id: int = 0
    staff_id: int = 0
    status: str | None = None


def _order_column(name: str | None):
    return {
        "starts_at": Appointment.starts_at,
        "customer_name": func.trim(Customer.first_name + " " + Customer.last_name),
        "staff_name": Staff.name,
        "service_name": Service.name,
        "duration": Appointment.ends_at - Appointment.starts_at,
        "created_at": Appointment.created_at,
    }.get(name or "")


def _joined(query: Select) -> Select:
    return (query.join(Appointment.customer).join(Appointment.staff).join(Appointment.service)
            .outerjoin(Appointment.location))


def _filtered(vis: Visibility, filters: AppointmentFilters, *, joined: bool = True) -> Select:
    # ``joined=False`` (counting without a search): every appointment has its customer, staff member and
    # service (non-null foreign keys in its tenant), so the joins cannot change the count.
    query = select(Appointment).where(appointments_clause(vis))
    if joined or filters.search:
        query = _joined(query)
    if filters.search:
        query = query.where(contains(
            filters.search, cast(Appointment.id, String), Location.name, Service.name, Staff.name,
            Customer.first_name + " " + Customer.last_name, Customer.email, Customer.phone_number))
    if filters.starts_on_or_before is not None or filters.ends_by is not None:
        zone = clock.tenant_zone()
        if filters.starts_on_or_before is not None:
            query = query.where(Appointment.starts_at < clock.day_bounds(filters.starts_on_or_before, zone)[1])
        if filters.ends_by is not None:
            query = query.where(Appointment.ends_at <= clock.day_bounds(filters.ends_by, zone)[0])
    for column, value in ((Appointment.service_id, filters.service_id), (Appointment.customer_id,
                          filters.customer_id), (Appointment.staff_id, filters.staff_id)):
        if value:
            query = query.where(column == value)
    if filters.status is not None:
        query = query.where(Appointment.status == filters.status)
    return query


def list_appointments(vis: Visibility, filters: AppointmentFilters, skip: int = 0,
                      limit: int = 12) -> tuple[list[Appointment], int]:
    """One page of the appointments ``vis`` sees and the number matching before paging (``limit`` 0: all)."""
    counted = _filtered(vis, filters, joined=False).with_only_columns(func.count(Appointment.id))
    total = db.session.execute(counted).scalar_one()
    query = _filtered(vis, filters)
    order = _order_column(filters.order_by)
    if order is not None:
        query = query.order_by(order.desc() if filters.descending else order.asc())
    query = query.order_by(Appointment.id.desc())
    if skip:
        query = query.offset(min(skip, MAX_PAGE))
    if limit:
        query = query.limit(min(limit, MAX_PAGE))
    # The page, its customers, staff, services, locations and price lines in one statement: the to-one
    # rows from the joins above, the price lines joined onto the limited page (SQLAlchemy wraps it).
    query = query.options(contains_eager(Appointment.customer), contains_eager(Appointment.staff),
                          contains_eager(Appointment.service), contains_eager(Appointment.location),
                          joinedload(Appointment.prices))
    return list(db.session.execute(query).unique().scalars()), total


def visible_appointment(vis: Visibility, appointment_id: int) -> Appointment:
    """The appointment ``appointment_id`` if ``vis`` sees it, else NotFound("Appointment not found").

    A missing id, another tenant's id and a colleague's appointment (for staff) are the same answer.
    """
    appointment = None
    if is_row_id(appointment_id):
        appointment = db.session.execute(
            select(Appointment).where(Appointment.id == appointment_id, appointments_clause(vis))
        ).scalar_one_or_none()
    if appointment is None:
        raise NotFound("Appointment not found", field="id")
    return appointment
