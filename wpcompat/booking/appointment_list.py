"""Finding appointments: the list with search, filters, ordering and paging, and one visible appointment.

Mirrors Booknetic 5.1.2's AppointmentRepository (booknetic-rest.md §4.2): ``search`` is a substring
(SQL ``LIKE``, wildcards included, compared as MySQL's utf8mb4_unicode_ci does: :mod:`.search`) of the
id, location, service and staff names, the customer's "first last" name, e-mail and phone; ``starts_on_or_before`` keeps appointments starting before the end
of that local day; ``ends_by`` keeps those ending by that local midnight; the chosen order comes first,
then ``id DESC``. Every query is narrowed to what the caller sees (:mod:`.visibility`).

A page is read as plain rows of the columns the caller names (no ORM objects): a list page is the hot
path of every integration, and column rows cost a fraction of loading five related objects per row.
Its total, when nothing but the staff member narrows the list (an owner's or a staff user's plain list),
is a sum of the per-staff counts the database keeps (``StaffAppointmentCount``), so it costs the same at
any number of appointments; any other filter counts the matching rows.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Label, Row, Select, String, bindparam, cast, func, select

from .. import tenancy
from ..extensions import db
from . import clock
from .errors import NotFound
from .lookup import is_row_id
from .models import Appointment, AppointmentPrice, Customer, Location, Service, Staff, StaffAppointmentCount
from .search import like_pattern, matches, plain_pattern
from .visibility import (
    APPOINTMENTS_OF_VISIBLE_STAFF, NOTHING, Visibility, appointments_clause, appointments_criterion, of_visible_staff,
)

#: Booknetic's orderByField values.
ORDER_FIELDS = ("starts_at", "customer_name", "staff_name", "service_name", "duration", "created_at")
#: Rows beyond this are never asked of the database in one page (SQLite's LIMIT is a 64-bit integer).
MAX_PAGE = 2**31 - 1


def total_price(shown: Callable[[ColumnElement], ColumnElement] | None = None) -> Label:
    """An appointment's total: the signed sum of its price lines, NULL when it has none (Booknetic's SUM).

    ``shown`` wraps the sum inside the subquery (a formatting function sees the sum computed once).
    """
    total = func.sum(AppointmentPrice.price * AppointmentPrice.negative_or_positive)
    return (select(shown(total) if shown is not None else total)
            .where(AppointmentPrice.appointment_id == Appointment.id).scalar_subquery().label("total_price"))


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


# SQL expressions are immutable: orderings, filters and the page's join chain are built once, and so is
# each statement (per shape: which filters apply, the order, paging), its values bound per request. A
# statement built once is compiled once, and the tenant guard's criteria are added to it once.
_ORDER_COLUMNS = {
    "starts_at": Appointment.starts_at,
    # Text orders by sort keys (utf8mb4_unicode_ci order); customer_name is TRIM(CONCAT(first, ' ', last)).
    "customer_name": Customer.sort_name,
    "staff_name": Staff.sort_name,
    "service_name": Service.sort_name,
    "duration": Appointment.ends_at - Appointment.starts_at,
    "created_at": Appointment.created_at,
}
_SEARCHED = (Location.search_name, Service.search_name, Staff.search_name, Customer.search_name,
             Customer.search_email, Customer.search_phone_number)
#: Each filter as a clause and the parameter it binds.
_FILTERS = {
    "search": cast(Appointment.id, String).like(bindparam("search_id"), escape="\\")
    | matches(bindparam("search"), *_SEARCHED),
    "starts_before": Appointment.starts_at < bindparam("starts_before"),
    "ends_by": Appointment.ends_at <= bindparam("ends_by"),
    "service_id": Appointment.service_id == bindparam("service_id"),
    "customer_id": Appointment.customer_id == bindparam("customer_id"),
    "staff_id": Appointment.staff_id == bindparam("staff_id"),
    "status": Appointment.status == bindparam("status"),
}
_COUNT = select(func.count()).select_from(Appointment)  # count(*): SQLite counts an index without reading ids
# A total narrowed only by staff member (visibility, the staff filter) sums the per-staff counts the
# database keeps: a few rows, however many appointments the tenant has.
_SUM_OF_COUNTS = select(func.coalesce(func.sum(StaffAppointmentCount.appointments), 0))
_COUNTED = {id(clause): counted for clause, counted in (
    (APPOINTMENTS_OF_VISIBLE_STAFF, of_visible_staff(StaffAppointmentCount.staff_id)),
    (_FILTERS["staff_id"], StaffAppointmentCount.staff_id == bindparam("staff_id")),
    (NOTHING, NOTHING),
)}


def _joined(query: Select) -> Select:
    """``query`` (selecting from appointments) joined to each appointment's customer, staff, service, location."""
    return (query.join(Appointment.customer).join(Appointment.staff).join(Appointment.service)
            .outerjoin(Appointment.location))


def _conditions(vis: Visibility, filters: AppointmentFilters) -> tuple[tuple[ColumnElement[bool], ...], dict]:
    """The clauses (constants, so they can key cached statements) that narrow the list, and their values."""
    visible, params = appointments_criterion(vis)
    clauses = [visible] if visible is not None else []
    values: dict[str, object] = {}
    if filters.search:
        pattern = like_pattern(filters.search)
        if pattern is None:
            clauses.append(NOTHING)  # over-long: matches nothing
        else:
            values["search"] = pattern
            params["search_id"] = plain_pattern(filters.search)
    if filters.starts_on_or_before is not None or filters.ends_by is not None:
        zone = clock.tenant_zone()
        if filters.starts_on_or_before is not None:
            values["starts_before"] = clock.day_bounds(filters.starts_on_or_before, zone)[1]
        if filters.ends_by is not None:
            values["ends_by"] = clock.day_bounds(filters.ends_by, zone)[0]
    for name in ("service_id", "customer_id", "staff_id"):  # 0: any
        if getattr(filters, name):
            if is_row_id(getattr(filters, name)):
                values[name] = getattr(filters, name)
            else:
                clauses.append(NOTHING)  # an id no row can have (negative, beyond the column)
    if filters.status is not None:
        values["status"] = filters.status
    for name, value in values.items():
        clauses.append(_FILTERS[name])
        params[name] = value
    return tuple(clauses), params


@lru_cache(maxsize=256)
def _count_statement(clauses: tuple[ColumnElement[bool], ...]) -> Select:
    if all(id(clause) in _COUNTED for clause in clauses):
        return _SUM_OF_COUNTS.where(*(_COUNTED[id(clause)] for clause in clauses))
    # Without a search no join is needed: every appointment has its customer, staff member and service
    # (non-null foreign keys in its tenant), so they cannot change the count.
    searched = any(clause is _FILTERS["search"] for clause in clauses)
    return (_joined(_COUNT) if searched else _COUNT).where(*clauses)


@lru_cache(maxsize=256)
def _page_statement(columns: tuple[ColumnElement, ...], clauses: tuple[ColumnElement[bool], ...],
                    order_by: str | None, descending: bool, offset: bool, limit: bool) -> Select:
    query = _joined(select(*columns).select_from(Appointment)).where(*clauses)
    order = _ORDER_COLUMNS.get(order_by or "")
    if order is not None:
        query = query.order_by(order.desc() if descending else order.asc())
    query = query.order_by(Appointment.id.desc())
    if offset:
        query = query.offset(bindparam("offset"))
    if limit:
        query = query.limit(bindparam("limit"))
    return query


def list_appointments(vis: Visibility, filters: AppointmentFilters, skip: int = 0, limit: int = 12, *,
                      columns: Sequence[ColumnElement]) -> tuple[list[Row], int]:
    """One page of the appointments ``vis`` sees and the number matching before paging.

    ``limit`` 0 is every row whatever ``skip`` says: Booknetic's list applies the offset only with a limit.

    The page is rows of ``columns``: any columns of Appointment, its Customer, Staff, Service and
    (outer-joined, so possibly NULL) Location, and :func:`total_price`.
    """
    clauses, params = _conditions(vis, filters)
    total = tenancy.select_rows(_count_statement(clauses), params).scalar_one()
    page = _page_statement(tuple(columns), clauses, filters.order_by if filters.order_by in ORDER_FIELDS else None,
                           filters.descending, bool(skip) and bool(limit), bool(limit))
    page_params = {**params, "offset": min(skip, MAX_PAGE), "limit": min(limit, MAX_PAGE)}
    return tenancy.select_rows(page, page_params).all(), total


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
