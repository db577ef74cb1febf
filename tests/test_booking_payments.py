"""Payment summaries, currency formatting and Booknetic's payment update rules."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import appointments, payments
from wpcompat.booking.errors import InvalidBooking, InvalidPayment
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Plan

from .booking_support import make_catalogue, make_golden_seed


@pytest.fixture
def seed(app, world):
    with app.app_context():
        plan = db.session.execute(select(Plan).where(Plan.id == world.plan.id)).scalar_one()
        tenant = accounts.create_tenant("golden", "Golden seed", plan, "UTC", "USD")
        seed = make_golden_seed(tenant)
        db.session.commit()
        with tenancy.tenant(tenant.id):
            yield seed


def test_summary_of_unpaid_appointment_with_extra(seed):
    summary = payments.payment_summary(seed.appointments[1])
    assert (summary.total, summary.paid, summary.due, summary.discount) == (Decimal("40.00"), 0, Decimal("40.00"), 0)
    assert (summary.method, summary.status, summary.format(summary.total)) == ("local", "not_paid", "$40.00")
    assert [(l.unique_key, l.name, str(l.price), l.sign, l.formatted) for l in summary.lines] == [
        ("service_price", "Service price", "30.00", 1, "$30.00"),
        ("service_extra", "Extra Service price", "10.00", 1, "$10.00")]


def test_paid_counts_only_when_status_is_paid(seed):
    paid = payments.payment_summary(seed.appointments[3])
    assert (paid.total, paid.paid, paid.due) == (Decimal("60.00"), Decimal("60.00"), Decimal("0.00"))
    discounted = payments.payment_summary(seed.appointments[5])  # payment_status pending
    assert (discounted.total, discounted.paid, discounted.due) == (Decimal("25.00"), 0, Decimal("25.00"))
    assert [(l.name, l.sign) for l in discounted.lines][-1] == ("Discount", -1)


@pytest.mark.parametrize("amount, currency, text", [
    (Decimal("40"), "USD", "$40.00"), (Decimal("50"), "EUR", "€50.00"), (Decimal("1234.5"), "GBP", "£1,234.50"),
    (Decimal("1200.4"), "JPY", "¥1,200"), (Decimal("12.5"), "CHF", "CHF 12.50"), (Decimal("-5"), "USD", "$-5.00"),
    (Decimal("-14.5"), "USD", "$-14.50"), (Decimal("-1234.5"), "CHF", "CHF -1,234.50"), (Decimal("-3"), "JPY", "¥-3"),
    (Decimal("0.005"), "EUR", "€0.01"),
])
def test_format_money(amount, currency, text):
    assert payments.format_money(amount, currency) == text


def test_tenant_currency_is_used(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        cat = make_catalogue(world.aurora)
        appt = appointments.book(source="test", service=cat.massage, staff=cat.anna, customer=cat.customer,
                                               starts_at=2000000000, check_availability=False, notify=False)
        assert payments.payment_summary(appt).format(Decimal("50")) == "€50.00"
        assert payments.payment_summary(appt).lines[0].formatted == "€50.00"


def test_update_payment_marks_paid(seed):
    appt = seed.appointments[1]
    payments.update_payment(appt, "paid", paid_amount=40)
    summary = payments.payment_summary(appt)
    assert (appt.payment_status, appt.paid_amount, summary.paid, summary.due) == (
        "paid", Decimal("40.00"), Decimal("40.00"), Decimal("0.00"))


def test_update_payment_prices_and_zero_amount(seed):
    appt = seed.appointments[1]
    payments.update_payment(appt, "pending", paid_amount="0", prices={"service_price": "35.555", "service_extra": 5})
    assert [(p.unique_key, p.price) for p in appt.prices] == [
        ("service_price", Decimal("35.56")), ("service_extra", Decimal("5.00"))]
    assert (appt.payment_status, appt.paid_amount) == ("pending", Decimal("0.00"))
    payments.update_payment(appt, "not_paid", prices={"service_price": 1, "coupon": 2})  # unknown key: ignored
    assert [p.price for p in appt.prices] == [Decimal("1.00"), Decimal("5.00")]


@pytest.mark.parametrize("kwargs, field", [
    ({"status": ""}, "status"),
    ({"status": "refunded"}, "status"),
    ({"status": "paid", "paid_amount": -1}, "paid_amount"),
    ({"status": "paid", "paid_amount": "abc"}, "paid_amount"),
    ({"status": "paid", "prices": {"service_price": 1}}, "prices"),
    ({"status": "paid", "prices": {"service_price": -1, "service_extra": 1}}, "prices"),
    ({"status": "paid", "prices": {"service_price": "x", "service_extra": 1}}, "prices"),
])
def test_update_payment_refuses_bad_values_without_writing(seed, kwargs, field):
    appt = seed.appointments[1]
    with pytest.raises(InvalidPayment) as caught:
        payments.update_payment(appt, **kwargs)
    assert isinstance(caught.value, InvalidBooking) and caught.value.field == field
    assert (appt.payment_status, [str(p.price) for p in appt.prices]) == ("not_paid", ["30.00", "10.00"])
