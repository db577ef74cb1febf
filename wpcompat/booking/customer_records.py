"""Customer records as a tenant's staff manage them: list, create, edit, delete (Booknetic's CustomerService).

Rules, in Booknetic 5.1.2's order (booknetic-rest.md §4.10), each an InvalidBooking naming the field:

1. an e-mail of one of the tenant's own users (owner or staff) cannot be a customer's;
2. the e-mail is required (Booknetic's ``set_email_as_required`` option, on by default);
3. no two customers of a tenant share an e-mail (compared case-insensitively, as MySQL's collation does).

Staff users see, edit and delete only the customers they created or who have an appointment they see
(:mod:`.visibility`); anyone else's id is "Customer not found", like a missing one. A customer with
appointments cannot be deleted. Functions flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import func, select

from ..extensions import db
from ..platform.models import Role, User, utcnow
from ..tenancy import active_tenant_id
from .appointment_list import MAX_PAGE
from .errors import InvalidBooking, NotFound
from .lookup import is_row_id
from .models import Appointment, Customer
from .search import contains
from .visibility import Visibility, customers_clause

#: Booknetic's orderByField values for customers.
ORDER_FIELDS = ("id", "first_name", "last_name", "email", "phone_number", "birthdate", "gender")
GENDERS = ("male", "female")
#: Column sizes (models.Customer).
_LIMITS = {"first_name": 255, "last_name": 255, "email": 255, "phone": 64}

STAFF_EMAIL = 'Users with role of "Administrator" or "Staff" cannot be used as customers'
EMAIL_REQUIRED = "The email field is required!"
DUPLICATE_EMAIL = "There is another Customer with the same email address!"
HAS_APPOINTMENTS = "The Customer has been added some Appointments. Firstly remove them!"
NONE_SELECTED = "Please select at least one user!"


@dataclass(frozen=True)
class CustomerInput:
    """A customer as a create or edit writes it (every field; Booknetic's edit overwrites them all)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""  # "" when none (or not a valid address)
    phone: str = ""
    birthdate: date | None = None
    gender: str = ""  # "male", "female" or ""
    note: str = ""


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
        query = query.where(contains(search, Customer.first_name + " " + Customer.last_name, Customer.email,
                                     Customer.phone_number))
    total = db.session.execute(query.with_only_columns(func.count(Customer.id))).scalar_one()
    if order_by in ORDER_FIELDS:
        column = getattr(Customer, order_by)
        query = query.order_by(column.desc() if descending else column.asc())
    query = query.order_by(Customer.id.desc()).offset(min(skip, MAX_PAGE)).limit(min(limit, MAX_PAGE))
    return list(db.session.execute(query).scalars()), total


def _check_lengths(data: CustomerInput) -> None:
    for name, limit in _LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise InvalidBooking(f"The {name.replace('_', ' ')} is longer than {limit} characters", field=name)
    if data.gender not in GENDERS + ("",):
        raise InvalidBooking(f"The gender must be one of: {', '.join(GENDERS)}", field="gender")


def _belongs_to_a_user(email: str) -> bool:
    # Only the tenant's own users: another tenant's staff e-mail must not be discoverable from here.
    query = select(User.id).where(func.lower(User.email) == email.lower(), User.tenant_id == active_tenant_id(),
                                  User.role != Role.CUSTOMER.value)
    return db.session.execute(query.limit(1)).first() is not None


def _email_taken(email: str, other_than: int | None) -> bool:
    query = select(Customer.id).where(func.lower(Customer.email) == email.lower())
    if other_than is not None:
        query = query.where(Customer.id != other_than)
    return db.session.execute(query.limit(1)).first() is not None


def save_customer(data: CustomerInput, *, customer: Customer | None = None, user_id: int | None = None) -> Customer:
    """Create a customer (``customer`` None) or overwrite ``customer`` with ``data``, after the rules above."""
    _check_lengths(data)
    if data.email and _belongs_to_a_user(data.email):
        raise InvalidBooking(STAFF_EMAIL, field="email")
    if not data.email:
        raise InvalidBooking(EMAIL_REQUIRED, field="email")
    changed = customer is None or customer.email.lower() != data.email.lower()
    if changed and _email_taken(data.email, customer.id if customer is not None else None):
        raise InvalidBooking(DUPLICATE_EMAIL, field="email")
    if customer is None:
        customer = Customer(created_by=user_id, created_at=utcnow())
        db.session.add(customer)
    customer.first_name, customer.last_name, customer.email = data.first_name, data.last_name, data.email
    customer.phone_number, customer.birthdate, customer.gender = data.phone, data.birthdate, data.gender
    customer.notes = data.note
    db.session.flush()
    return customer


def delete_customers(vis: Visibility, customer_ids: Iterable[int]) -> int:
    """Delete the customers (all or none): each must be visible and have no appointment."""
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        raise InvalidBooking(NONE_SELECTED, field="ids")
    customers = [visible_customer(vis, customer_id) for customer_id in ids]
    used = db.session.execute(select(Appointment.id).where(Appointment.customer_id.in_(ids)).limit(1)).first()
    if used is not None:
        raise InvalidBooking(HAS_APPOINTMENTS, field="ids")
    for customer in customers:
        db.session.delete(customer)
    db.session.flush()
    return len(customers)
