"""Customers of a tenant, identified by e-mail: the rule both booking APIs use to attach a booking to a person.

A booking made through an API names its customer by contact details (TeamBooking's form fields), not
by id. The customer is the tenant's customer with that e-mail address (compared case-insensitively,
the oldest when several share it); when there is none, one is created from the details given. An
existing customer is never renamed by a booking: a stranger's form must not rewrite someone's record.
Explicit edits go through :func:`update_customer_details`.

Functions add and flush inside the active tenant; the caller commits or rolls back.
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..formatting import is_email
from .errors import InvalidBooking
from .models import Customer

#: Column sizes (models.Customer): longer values are refused rather than cut or left to the database.
NAME_MAX = 255
EMAIL_MAX = 255
PHONE_MAX = 64


def _checked(value: str | None, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidBooking(f"The {field.replace('_', ' ')} must be text", field=field)
    value = value.strip()
    if len(value) > limit:
        raise InvalidBooking(f"The {field.replace('_', ' ')} is longer than {limit} characters", field=field)
    return value


def valid_email(email: object) -> str:
    """``email`` stripped, if WordPress's ``is_email`` accepts it and it fits; else InvalidBooking (field email)."""
    if not isinstance(email, str) or not is_email(email.strip()) or len(email.strip()) > EMAIL_MAX:
        raise InvalidBooking("Invalid email address", field="email")
    return email.strip()


def find_customer_by_email(email: str) -> Customer | None:
    """The active tenant's customer with ``email`` (case-insensitive; the oldest of several), or None."""
    query = (select(Customer).where(func.lower(Customer.email) == email.strip().lower())
             .order_by(Customer.id).limit(1))
    return db.session.execute(query).scalar_one_or_none()


def find_or_create_customer(email: object, *, first_name: str | None = None, last_name: str | None = None,
                            phone: str | None = None, created_by: int | None = None) -> Customer:
    """The tenant's customer with ``email``, or a new one with these details.

    Every detail is validated first (InvalidBooking naming the field: ``email``, ``first_name``,
    ``last_name``, ``phone``), so a refused call writes nothing. A found customer is returned unchanged.
    """
    email = valid_email(email)
    first = _checked(first_name, "first_name", NAME_MAX) or ""
    last = _checked(last_name, "last_name", NAME_MAX) or ""
    phone = _checked(phone, "phone", PHONE_MAX) or None
    customer = find_customer_by_email(email)
    if customer is not None:
        return customer
    customer = Customer(first_name=first, last_name=last, email=email, phone_number=phone, created_by=created_by)
    db.session.add(customer)
    db.session.flush()
    return customer


def update_customer_details(customer: Customer, *, first_name: str | None = None, last_name: str | None = None,
                            phone: str | None = None) -> Customer:
    """Change the given details of ``customer`` (None leaves a detail as it is); validated before writing."""
    first = _checked(first_name, "first_name", NAME_MAX)
    last = _checked(last_name, "last_name", NAME_MAX)
    phone = _checked(phone, "phone", PHONE_MAX)
    if first is not None:
        customer.first_name = first
    if last is not None:
        customer.last_name = last
    if phone is not None:
        customer.phone_number = phone or None
    db.session.flush()
    return customer
