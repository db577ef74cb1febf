"""Finding appointments: the list with search, filters, ordering and paging, and one visible appointment.

Mirrors Booknetic 5.1.2's AppointmentRepository (booknetic-rest.md §4.2): ``search`` is a substring
(SQL ``LIKE``, wildcards included) of the id, location, service and staff names, the customer's
"first last" name, e-mail and phone; ``starts_on_or_before`` keeps appointments starting before the end
of that local day; ``ends_by`` keeps those ending by that local midnight; the chosen order comes first,
then ``id DESC``. Every query is narrowed to what the caller sees (:mod:`.visibility`).

A page is read as plain rows of the columns the caller names (no ORM objects): a list page is the hot
path of every integration, and column rows cost a fraction of loading five related objects per row.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Row, Select, String, cast, func, select

from ..extensions import db
from . import clock
from .errors import NotFound
from .lookup import is_row_id
from .models import Appointment, AppointmentPrice, Customer, Location, Service, Staff
from .search import contains
from .visibility import Visibility, appointments_clause

#: Booknetic's orderByField values.
ORDER_FIELDS = ("starts_at", "customer_name", "staff_name", "service_name", "duration", "created_at")
#: Rows beyond this are never asked of the database in one page (SQLite's LIMIT is a 64-bit integer).
MAX_PAGE = 2**31 - 1
#: An appointment's total: the signed sum of its price lines, NULL when it has none (Booknetic's SUM).
TOTAL_PRICE = (select(func.sum(AppointmentPrice.price * AppointmentPrice.negative_or_positive))
               .where(AppointmentPrice.appointment_id == Appointment.id)
               .scalar_subquery().label("total_price"))


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


# SQL expressions are immutable: the orderings and the page's join chain are built once, not per request.
_ORDER_COLUMNS = {
    "starts_at": Appointment.starts_at,
    "customer_name": func.trim(Customer.first_name + " " + Customer.last_name),
    "staff_name": Staff.name,
    "service_name": Service.name,
    "duration": Appointment.ends_at - Appointment.starts_at,
    "created_at": Appointment.created_at,
}
_SEARCHED = (cast(Appointment.id, String), Location.name, Service.name, Staff.name,
             Customer.first_name + " " + Customer.last_name, Customer.email, Customer.phone_number)
_COUNT = select(func.count()).select_from(Appointment)  # count(*): SQLite counts an index without reading ids


def _joined(query: Select) -> Select:
    """``query`` (selecting from appointments) joined to each appointment's customer, staff, service, location."""
    return (query.join(Appointment.customer).join(Appointment.staff).join(Appointment.service)
            .outerjoin(Appointment.location))


@lru_cache(maxsize=16)
def _page_select(columns: tuple[ColumnElement, ...]) -> Select:
    return _joined(select(*columns).select_from(Appointment))


def _filtered(query: Select, vis: Visibility, filters: AppointmentFilters) -> Select:
    query = query.where(appointments_clause(vis))
    if filters.search:
        query = query.where(contains(filters.search, *_SEARCHED))
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


def list_appointments(vis: Visibility, filters: AppointmentFilters, skip: int = 0, limit: int = 12, *,
                      columns: Sequence[ColumnElement]) -> tuple[list[Row], int]:
    """One page of the appointments ``vis`` sees and the number matching before paging (``limit`` 0: all).

    The page is rows of ``columns``: any columns of Appointment, its Customer, Staff, Service and
    (outer-joined, so possibly NULL) Location, and :data:`TOTAL_PRICE`.
    """
    # Counting without a search needs no joins: every appointment has its customer, staff member and
    # service (non-null foreign keys in its tenant), so they cannot change the count.
    total = db.session.execute(_filtered(_joined(_COUNT) if filters.search else _COUNT, vis, filters)).scalar_one()
    query = _filtered(_page_select(tuple(columns)), vis, filters)
    order = _ORDER_COLUMNS.get(filters.order_by or "")
    if order is not None:
        query = query.order_by(order.desc() if filters.descending else order.asc())
    query = query.order_by(Appointment.id.desc())
    if skip:
        query = query.offset(min(skip, MAX_PAGE))
    if limit:
        query = query.limit(min(limit, MAX_PAGE))
    return list(db.session.execute(query)), total


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
