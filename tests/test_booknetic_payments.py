"""Payments of an appointment over HTTP: GET and PUT /payments/{appointmentId}."""
from __future__ import annotations

from decimal import Decimal

import pytest

from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, AppointmentPrice
from wpcompat.extensions import db

from .booknetic_support import (AURORA, BOREALIS, MONDAY_10, appointment_row, body, call, error, frozen_clock,  # noqa: F401
                                salon)


def test_get_mixes_types_as_booknetic_does(client, world, salon):
    response = call(client, "GET", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin)
    assert response.headers["Allow"] == "GET, PUT"
    assert response.get_data().decode() == (
        '{"data":{"id":%d,"staff":"Anna de Vries","service":"Swedish massage","startTime":"%d",'
        '"customer":{"id":"%d","name":"Sam Jones","email":"sam.jones@example.com","profileImage":null},'
        '"payment":{"paymentMethod":"local","paymentStatus":"not_paid","totalAmount":60,'
        '"totalAmountFormatted":"\\u20ac60.00","paid":0,"paidFormatted":"\\u20ac0.00","due":60,'
        '"dueFormatted":"\\u20ac60.00","discount":0,"discountFormatted":"\\u20ac0.00",'
        '"prices":[{"name":"Service price","price":"50.00","formattedPrice":"\\u20ac50.00"},'
        '{"name":"Extra Service price","price":"10.00","formattedPrice":"\\u20ac10.00"}]}}}'
        % (salon.sam_massage, MONDAY_10, salon.sam))


def test_get_in_the_tenants_currency_with_a_discount_line(app, client, world, salon):
    with app.app_context(), tenancy.tenant(salon.borealis_id):
        row = db.session.execute(select(Appointment).where(Appointment.id == salon.borealis_appointment)).scalar_one()
        row.prices.append(AppointmentPrice(unique_key="discount", price=Decimal("5.50"), negative_or_positive=-1))
        db.session.commit()
    payment = body(call(client, "GET", f"{BOREALIS}/payments/{salon.borealis_appointment}",
                        world.borealis_admin))["data"]["payment"]
    assert (payment["totalAmount"], payment["totalAmountFormatted"], payment["due"]) == (74.5, "$74.50", 74.5)
    assert payment["prices"][1] == {"name": "Discount", "price": "5.50", "formattedPrice": "$5.50"}


def test_put_marks_paid_and_answers_an_empty_array(app, client, world, salon):
    response = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"status": "paid", "paid_amount": 60})
    assert (response.status_code, response.get_data()) == (200, b"[]")
    payment = body(call(client, "GET", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin))["data"]["payment"]
    assert (payment["paymentStatus"], payment["paid"], payment["due"], payment["paidFormatted"]) == (
        "paid", 60, 0, "€60.00")


def test_put_prices_by_unique_key(app, client, world, salon):
    response = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"status": "pending", "prices": {"service_price": "45.005", "service_extra": 0}})
    assert response.status_code == 200
    row = appointment_row(app, salon.aurora_id, salon.sam_massage)
    assert row["payment_status"] == "pending"
    assert row["prices"] == [("service_price", Decimal("45.01"), 1), ("service_extra", Decimal("0.00"), 1)]


@pytest.mark.parametrize("payload, message", [
    # Booknetic reads a status outside the four as "" and refuses it: no row gets an empty status.
    ({"status": "bogus"}, "Payment status cannot be empty."),
    ({"status": ""}, "Payment status cannot be empty."),
    ({"status": ["paid"]}, "Payment status cannot be empty."),
    ({"paid_amount": 10}, "Payment status cannot be empty."),
    ({"status": "paid", "paid_amount": -5}, "Paid amount must be a number from 0 to 9999999999.99"),
    ({"status": "paid", "paid_amount": "lots"}, "Paid amount must be a number from 0 to 9999999999.99"),
    ({"status": "paid", "paid_amount": 1e300}, "Paid amount must be a number from 0 to 9999999999.99"),
    ({"status": "paid", "prices": {"service_price": 1}}, "Send all 2 price line(s)"),
    ({"status": "paid", "prices": {"service_price": 1, "service_extra": "x"}},
     "Price service_extra must be a number from 0 to 9999999999.99"),
    ({"status": "paid", "prices": {"service_price": 1, "service_extra": "1e99"}},
     "Price service_extra must be a number from 0 to 9999999999.99"),
])
def test_put_refuses_bad_payment_data_and_writes_nothing(app, client, world, salon, payload, message):
    before = appointment_row(app, salon.aurora_id, salon.sam_massage)
    response = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (400, error(message))
    assert appointment_row(app, salon.aurora_id, salon.sam_massage) == before


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_missing_and_foreign_appointments_are_the_same_400(client, world, salon, method):
    for target in (999999, salon.borealis_appointment):
        response = call(client, method, f"{AURORA}/payments/{target}", world.aurora_admin,
                        json_body={"status": "paid", "paid_amount": 1})
        assert (response.status_code, body(response)) == (400, error(f"Appointment with id {target} not found"))


@pytest.mark.parametrize("target", ["0", "00"])
def test_put_of_id_0_is_invalid_input_whatever_the_body(app, client, world, salon, target):
    response = call(client, "PUT", f"{AURORA}/payments/{target}", world.aurora_admin, json_body={"status": "bogus"})
    assert response.get_data() == (b'{"code":400,"message":"Invalid input data provided for saving payment.",'
                                   b'"data":{"status":400}}')
    assert response.status_code == 400
    # GET of id 0 is still the missing appointment.
    assert body(call(client, "GET", f"{AURORA}/payments/0", world.aurora_admin)) == error(
        "Appointment with id 0 not found")


def test_a_negative_due_has_its_sign_inside_the_currency(app, client, world, salon):
    # Booknetic's Helper::price formats the signed number, then places the symbol: "€-14.50", not "-€14.50".
    response = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"status": "paid", "paid_amount": "74.50"})
    assert response.status_code == 200
    response = call(client, "GET", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin)
    assert ('"paid":74.5,"paidFormatted":"\\u20ac74.50","due":-14.5,"dueFormatted":"\\u20ac-14.50"'
            in response.get_data().decode())


def test_staff_see_payments_of_their_own_appointments_only(client, world, salon):
    assert call(client, "GET", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_staff).status_code == 200
    colleague = call(client, "GET", f"{AURORA}/payments/{salon.eva_yoga}", world.aurora_staff)
    assert body(colleague) == error(f"Appointment with id {salon.eva_yoga} not found")
