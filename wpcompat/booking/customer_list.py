"""Reading a tenant's customers: one page of a list, and one customer by id as a viewer sees it.

Staff users see only the customers they created or who have an appointment they see
(:mod:`.visibility`); anyone else's id is "Customer not found", like a missing one. Writes: :mod:`.customers`.
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .appointment_list import MAX_PAGE
from .errors import InvalidBooking, NotFound
from .lookup import is_row_id
from .models import Customer
from .search import contains
from .visibility import Visibility, customers_clause

#: Booknetic's orderByField values for customers.
ORDER_FIELDS = ("id", "first_name", "last_name", "email", "phone_number", "birthdate", "gender")
#: Text ordered as MySQL's utf8mb4_unicode_ci orders it: by the columns' sort keys.
_ORDER_COLUMNS = {"first_name": Customer.sort_first_name, "last_name": Customer.sort_last_name,
                  "email": Customer.sort_email, "phone_number": Customer.sort_phone_number}


def visible_customer(vis: Visibility, customer_id: int) -> Customer:
    """The customer ``customer_id`` if ``vis`` sees it, else NotFound("Customer not found")."""
    customer = None
    if is_row_id(customer_id):
        customer = db.session.execute(
            select(Customer).where(Customer.id == customer_id, customers_clause(vis))).scalar_one_or_none()
    if customer is None:
        raise NotFound("Customer not found", field="id")
    return customer


def list_customers(vis: Visibility, *, search: str = "", order_by: str | None = None, descending: bool = True,
                   skip: int = 0, limit: int = 12) -> tuple[list[Customer], int]:
    """One page of the customers ``vis`` sees (``id DESC`` unless ordered) and the matching total."""
    if limit < 1:
        raise InvalidBooking("Limit must be greater than 0", field="limit")
    query = select(Customer).where(customers_clause(vis))
    if search:
        query = query.where(contains(search, Customer.search_name, Customer.search_email,
                                     Customer.search_phone_number))
    total = db.session.execute(query.with_only_columns(func.count(Customer.id))).scalar_one()
    if order_by in ORDER_FIELDS:
        column = _ORDER_COLUMNS.get(order_by) or getattr(Customer, order_by)
        query = query.order_by(column.desc() if descending else column.asc())
    query = query.order_by(Customer.id.desc()).offset(min(skip, MAX_PAGE)).limit(min(limit, MAX_PAGE))
    return list(db.session.execute(query).scalars()), total
