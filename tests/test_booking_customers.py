"""Customers found or created by e-mail within a tenant (wpcompat.booking.customers)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import customers
from wpcompat.booking.errors import InvalidBooking
from wpcompat.booking.models import Customer
from wpcompat.extensions import db

from .booking_support import make_customer


@pytest.fixture
def aurora(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        yield world.aurora.id


def count() -> int:
    return db.session.execute(select(func.count(Customer.id))).scalar_one()


def test_creates_a_customer_with_the_details(aurora):
    customer = customers.find_or_create_customer(" dana@example.com ", first_name=" Dana ", last_name="Kim",
                                                 phone="+31 6 1")
    assert (customer.tenant_id, customer.email, customer.first_name, customer.last_name, customer.phone_number) == (
        aurora, "dana@example.com", "Dana", "Kim", "+31 6 1")
    assert count() == 1


def test_finds_the_oldest_customer_with_the_email_and_does_not_rename_it(aurora):
    first = make_customer(aurora, "Sam", "Jones", "sam@example.com")
    make_customer(aurora, "Sam", "Duplicate", "SAM@example.com")
    found = customers.find_or_create_customer("Sam@Example.COM", first_name="Someone", last_name="Else", phone="1")
    assert found.id == first.id and (found.first_name, found.last_name, found.phone_number) == ("Sam", "Jones", None)
    assert count() == 2


def test_customers_of_another_tenant_are_not_found(app, world, aurora):
    with tenancy.tenant(world.borealis.id):
        make_customer(world.borealis.id, "Kim", "Park", "kim@example.com")
    created = customers.find_or_create_customer("kim@example.com", first_name="Kim")
    assert created.tenant_id == aurora and count() == 1


@pytest.mark.parametrize(("email", "details", "field"), [
    ("not-an-email", {}, "email"), ("", {}, "email"), (None, {}, "email"), (5, {}, "email"),
    ("a" * 250 + "@example.com", {}, "email"), ("ok@example.com", {"first_name": "x" * 256}, "first_name"),
    ("ok@example.com", {"last_name": 5}, "last_name"), ("ok@example.com", {"phone": "1" * 65}, "phone")])
def test_refused_details_write_nothing(aurora, email, details, field):
    with pytest.raises(InvalidBooking) as refused:
        customers.find_or_create_customer(email, **details)
    assert refused.value.field == field
    assert count() == 0


def test_update_customer_details_changes_only_what_is_given(aurora):
    customer = make_customer(aurora, "Sam", "Jones", "sam@example.com", phone_number="1")
    customers.update_customer_details(customer, last_name="Jansen")
    assert (customer.first_name, customer.last_name, customer.phone_number) == ("Sam", "Jansen", "1")
    customers.update_customer_details(customer, phone="")
    assert customer.phone_number is None
    with pytest.raises(InvalidBooking, match="first name"):
        customers.update_customer_details(customer, first_name="x" * 300, last_name="Never")
    assert customer.last_name == "Jansen"
