"""THE customer rules: one validator, and every write of a customer, whichever surface asks.

Rules, each an InvalidBooking naming the field, checked before anything is written:

1. details are text within their columns' sizes (names 255, e-mail 255, phone 64 characters) and the
   gender is ``male``, ``female`` or empty (:func:`check_details`);
2. an e-mail of one of the tenant's own users (owner or staff) cannot be a customer's
   (:func:`check_not_a_user`, Booknetic's CustomerService rule) — through every API;
3. a customer record saved by a tenant's staff (:func:`save_customer`, Booknetic's create/edit) needs an
   e-mail (Booknetic's ``set_email_as_required`` option, on by default) that no other customer of the
   tenant has (compared case-insensitively, as MySQL's collation does); Booknetic 5.1.2's own create and
   edit (:func:`create_customer_record`, :func:`edit_customer_record`) also need a first and a last name,
   and check the e-mail of an edit of id 0 before finding that there is no such customer;
4. a booking that names its customer by contact details (TeamBooking's form fields,
   :func:`customer_for_contact`) attaches it to the tenant's customer with that e-mail (the oldest when
   several share it; WordPress's ``is_email`` must accept it), or creates one; an existing customer is
   never renamed by a stranger's form — only the booking's own customer, giving its own address, edits
   its details.

A birthday that is a ``Y-m-d`` naming no calendar day (``2001-02-30``) is stored as
:data:`MYSQL_ZERO_DATE` (:func:`parse_birthdate`), as MySQL does under WordPress's sql_mode; every reader
shows it as ``0000-00-00`` (:func:`birthdate_text`).

A customer with appointments cannot be deleted. Reads (lists, visibility): :mod:`.customer_list`.
Functions flush inside the active tenant; the caller commits or rolls back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import func, select

from ..extensions import db
from ..formatting import is_email
from ..platform.models import Role, User, utcnow
from ..tenancy import active_tenant_id
from . import clock
from .customer_list import visible_customer
from .errors import InvalidBooking, NotFound
from .models import Appointment, Customer
from .visibility import Visibility

GENDERS = ("male", "female")
#: Column sizes (models.Customer): longer values are refused rather than cut or left to the database.
LIMITS = {"first_name": 255, "last_name": 255, "email": 255, "phone": 64}

STAFF_EMAIL = 'Users with role of "Administrator" or "Staff" cannot be used as customers'
EMAIL_REQUIRED = "The email field is required!"
DUPLICATE_EMAIL = "There is another Customer with the same email address!"
HAS_APPOINTMENTS = "The Customer has been added some Appointments. Firstly remove them!"
NONE_SELECTED = "Please select at least one user!"
FIRST_NAME_REQUIRED = "The first name field is required!"
LAST_NAME_REQUIRED = "The last name field is required!"
CUSTOMER_NOT_FOUND = "Customer not found"

#: Stand-in for MySQL's zero date ``0000-00-00``: what MySQL stores, under WordPress's non-strict sql_mode,
#: for a ``Y-m-d`` that names no calendar day. Neither SQLite nor PostgreSQL has a zero date, so the date
#: column holds this day instead: 0001-01-01 is outside clock's FIRST_DAY..LAST_DAY, so no accepted input
#: is ever it. Readers show it as :data:`MYSQL_ZERO_DATE_TEXT` (:func:`birthdate_text`).
MYSQL_ZERO_DATE = date.min
MYSQL_ZERO_DATE_TEXT = "0000-00-00"
_Y_M_D_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_birthdate(text: str) -> date | None:
    """A birthday as Booknetic 5.1.2 stores it: "" is none; a ``Y-m-d`` day (clock's bounds) is that day; a
    ``Y-m-d`` naming no calendar day (``2001-02-30``, ``2001-13-01``) is :data:`MYSQL_ZERO_DATE`. Anything
    else, and a real day outside the bounds, is a ValueError."""
    text = text.strip()
    if not text:
        return None
    if _Y_M_D_SHAPE.fullmatch(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            return MYSQL_ZERO_DATE
    return clock.parse_day(text)


def birthdate_text(day: date | None) -> str | None:
    """A stored birthdate as MySQL hands it out: ``Y-m-d``, ``0000-00-00`` for the zero date, or None."""
    if day is None:
        return None
    return MYSQL_ZERO_DATE_TEXT if day == MYSQL_ZERO_DATE else day.isoformat()


def check_details(**details: object) -> None:
    """Rule 1 for the given details (names as in :data:`LIMITS`, plus ``gender``); None is not given."""
    for name, value in details.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidBooking(f"The {name.replace('_', ' ')} must be text", field=name)
        if name == "gender":
            if value not in GENDERS + ("",):
                raise InvalidBooking(f"The gender must be one of: {', '.join(GENDERS)}", field="gender")
        elif len(value) > LIMITS[name]:
            raise InvalidBooking(f"The {name.replace('_', ' ')} is longer than {LIMITS[name]} characters",
                                 field=name)


def check_not_a_user(email: str) -> None:
    """Rule 2: refuse an e-mail of one of the tenant's own users (owner or staff)."""
    # Only the tenant's own users: another tenant's staff e-mail must not be discoverable from here.
    query = select(User.id).where(func.lower(User.email) == email.lower(), User.tenant_id == active_tenant_id(),
                                  User.role != Role.CUSTOMER.value)
    if db.session.execute(query.limit(1)).first() is not None:
        raise InvalidBooking(STAFF_EMAIL, field="email")


def valid_email(email: object) -> str:
    """``email`` stripped, if WordPress's ``is_email`` accepts it and it fits; else InvalidBooking (field email)."""
    if not isinstance(email, str) or not is_email(email.strip()) or len(email.strip()) > LIMITS["email"]:
        raise InvalidBooking("Invalid email address", field="email")
    return email.strip()


def find_customer_by_email(email: str) -> Customer | None:
    """The active tenant's customer with ``email`` (case-insensitive; the oldest of several), or None."""
    query = (select(Customer).where(func.lower(Customer.email) == email.strip().lower())
             .order_by(Customer.id).limit(1))
    return db.session.execute(query).scalar_one_or_none()


def _stripped(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def update_customer_details(customer: Customer, *, first_name: str | None = None, last_name: str | None = None,
                            phone: str | None = None) -> Customer:
    """Change the given details of ``customer`` (None leaves a detail as it is); validated before writing."""
    first, last, phone = _stripped(first_name), _stripped(last_name), _stripped(phone)
    check_details(first_name=first, last_name=last, phone=phone)
    if first is not None:
        customer.first_name = first
    if last is not None:
        customer.last_name = last
    if phone is not None:
        customer.phone_number = phone or None
    db.session.flush()
    return customer


def find_or_create_customer(email: object, *, first_name: str | None = None, last_name: str | None = None,
                            phone: str | None = None, created_by: int | None = None) -> Customer:
    """The tenant's customer with ``email``, or a new one with these details (rule 4).

    Every detail is validated first (rules 1 and 2), so a refused call writes nothing. A found customer
    is returned unchanged.
    """
    email = valid_email(email)
    first, last, phone = _stripped(first_name), _stripped(last_name), _stripped(phone)
    check_details(first_name=first, last_name=last, phone=phone)
    check_not_a_user(email)
    customer = find_customer_by_email(email)
    if customer is not None:
        return customer
    customer = Customer(first_name=first or "", last_name=last or "", email=email, phone_number=phone or None,
                        created_by=created_by)
    db.session.add(customer)
    db.session.flush()
    return customer


def customer_for_contact(current: Customer | None, email: object, *, first_name: str | None = None,
                         last_name: str | None = None, phone: str | None = None) -> Customer:
    """The customer a booking's contact details name (rule 4): ``current``'s own address edits ``current``'s
    details; another address is the customer with that address (found or created, not renamed)."""
    email = valid_email(email)
    if current is not None and email.lower() == (current.email or "").strip().lower():
        return update_customer_details(current, first_name=first_name, last_name=last_name, phone=phone)
    return find_or_create_customer(email, first_name=first_name, last_name=last_name, phone=phone)


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


def _email_taken(email: str, other_than: int | None) -> bool:
    query = select(Customer.id).where(func.lower(Customer.email) == email.lower())
    if other_than is not None:
        query = query.where(Customer.id != other_than)
    return db.session.execute(query.limit(1)).first() is not None


def save_customer(data: CustomerInput, *, customer: Customer | None = None, user_id: int | None = None) -> Customer:
    """Create a customer (``customer`` None) or overwrite ``customer`` with ``data`` (rules 1–3, in
    Booknetic 5.1.2's order, booknetic-rest.md §4.10)."""
    _check_user_email(data)
    _check_record(data, customer)
    return _write(data, customer, user_id)


def create_customer_record(data: CustomerInput, *, user_id: int | None = None) -> Customer:
    """Booknetic 5.1.2's ``customer/create``: :func:`save_customer` that also needs both names."""
    _check_user_email(data)
    _check_names(data)
    _check_record(data, None)
    return _write(data, None, user_id)


def edit_customer_record(vis: Visibility, customer_id: int, data: CustomerInput) -> Customer:
    """Booknetic 5.1.2's ``customer/edit`` of ``customer_id``, in its order: details and a user's e-mail,
    then the customer (id > 0), then the names and the e-mail rules. An id of 0 or less is no edit to the
    plugin (``$isEdit = $id > 0``): it validates the body as a new customer's and only then finds no
    customer to update, so a bad e-mail is named before the id."""
    _check_user_email(data)
    customer = visible_customer(vis, customer_id) if customer_id > 0 else None
    _check_names(data)
    _check_record(data, customer)
    if customer is None:
        raise NotFound(CUSTOMER_NOT_FOUND, field="id")
    return _write(data, customer, None)


def _check_user_email(data: CustomerInput) -> None:
    check_details(first_name=data.first_name, last_name=data.last_name, email=data.email, phone=data.phone,
                  gender=data.gender)
    if data.email:
        check_not_a_user(data.email)


def _check_names(data: CustomerInput) -> None:
    if not data.first_name:
        raise InvalidBooking(FIRST_NAME_REQUIRED, field="first_name")
    if not data.last_name:
        raise InvalidBooking(LAST_NAME_REQUIRED, field="last_name")


def _check_record(data: CustomerInput, customer: Customer | None) -> None:
    if not data.email:
        raise InvalidBooking(EMAIL_REQUIRED, field="email")
    changed = customer is None or customer.email.lower() != data.email.lower()
    if changed and _email_taken(data.email, customer.id if customer is not None else None):
        raise InvalidBooking(DUPLICATE_EMAIL, field="email")


def _write(data: CustomerInput, customer: Customer | None, user_id: int | None) -> Customer:
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
