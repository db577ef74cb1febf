"""One booking domain: each kind of change made through Booknetic and through TeamBooking leaves the same
rows and meets the same refusals (each in its surface's own words), over HTTP.

Aurora's Anna works Mon-Fri 09:00-12:00 and 13:00-17:00 at Canal House (teambooking_support's ``shop``):
a one-seat massage confirmed at once, a 3-seat yoga class.
"""
from __future__ import annotations

import pytest

from .booknetic_support import appointment_row, body, call, error, validation
from .teambooking_support import (AURORA, MONDAY, assert_answer, booked_id, counts, form_fields, reservation,
                                  shop, slot_at, tb_post)  # noqa: F401
from .booking_support import epoch

B = f"{AURORA}/wp-json/booknetic/v1"
TEN = "2030-01-07T10:00:00+01:00"
ELEVEN = "2030-01-07T11:00:00+01:00"
SLOT_GONE = "Slot not available anymore or cancelled"
BUSY = "Anna de Vries is busy at the selected time"


def booknetic(client, world, method, path, **kwargs):
    return call(client, method, f"{B}{path}", world.aurora_admin, **kwargs)


def tb_edit(client, shop, **members):
    return tb_post(client, "edit_reservation", shop.write, reservation={"type": "reservation", **members})


def comparable(app, shop, appointment_id) -> dict:
    """What both surfaces must store alike: the row without its id, customer and the instant it starts."""
    row = appointment_row(app, shop.aurora_id, appointment_id)
    start = row.pop("starts_at")
    for name in ("ends_at", "busy_from", "busy_to"):
        row[name] -= start
    row.pop("customer_id")
    return row


def cancelled_then_retaken(client, shop) -> tuple[int, int]:
    """Dana's massage at 10:00, cancelled; then the same one-seat slot booked by Eve."""
    first = booked_id(client, shop)
    assert_answer(tb_post(client, "cancel_reservation", shop.write, id=str(first)), 200)
    second = booked_id(client, shop, formFields=form_fields("Eve", "Ng", "eve@example.com"))
    return first, second


def test_a_cancelled_booking_cannot_be_approved_into_a_retaken_slot(app, client, world, shop):
    first, second = cancelled_then_retaken(client, shop)
    # Booknetic's change-status: a 400 naming the clash (Booknetic 5.1.2 itself answers 200: a double booking).
    refused = booknetic(client, world, "PUT", f"/appointments/{first}/change-status", json_body={"status": "approved"})
    assert (refused.status_code, body(refused)) == (400, error(BUSY))
    # Booknetic's full update: the 422 of its create/update routes, on the field that chose the time.
    refused = booknetic(client, world, "PUT", f"/appointments/{first}", json_body={"status": "pending"})
    assert (refused.status_code, body(refused)) == (422, validation({"time": BUSY}))
    # TeamBooking: its own 409 envelope, for every status that holds time.
    for status in ("confirmed", "waiting_approval", "pending"):
        assert_answer(tb_edit(client, shop, id=first, status=status), 409, SLOT_GONE)
    assert appointment_row(app, shop.aurora_id, first)["status"] == "canceled"
    assert appointment_row(app, shop.aurora_id, second)["status"] == "approved"


def test_a_cancelled_booking_whose_time_is_free_can_be_approved_again_through_both(app, client, world, shop):
    one, other = booked_id(client, shop), booked_id(client, shop, start=ELEVEN)
    for appointment_id in (one, other):
        assert_answer(tb_post(client, "cancel_reservation", shop.write, id=str(appointment_id)), 200)
    again = booknetic(client, world, "PUT", f"/appointments/{one}/change-status", json_body={"status": "approved"})
    assert (again.status_code, body(again)) == (200, [])
    assert_answer(tb_edit(client, shop, id=other, status="confirmed"), 200)
    assert comparable(app, shop, one) == comparable(app, shop, other)
    assert appointment_row(app, shop.aurora_id, one)["status"] == "approved"


def test_more_seats_than_are_left_are_refused_through_both(app, client, world, shop):
    yoga, nine = "flow-yoga", "2030-01-07T09:00:00+01:00"
    mine = booked_id(client, shop, yoga, nine, tickets=2)
    booked_id(client, shop, yoga, nine, formFields=form_fields("Eve", "Ng", "eve@example.com"))
    refused = booknetic(client, world, "PUT", f"/appointments/{mine}", json_body={"weight": 3})
    assert (refused.status_code, body(refused)) == (422, validation({"weight": "Only 2 seat(s) left at the selected time"}))
    assert_answer(tb_edit(client, shop, id=mine, tickets=3), 409, "Tickets left are less than requested")
    assert appointment_row(app, shop.aurora_id, mine)["weight"] == 2


def test_a_staff_members_email_is_no_customers_through_either_api(app, client, world, shop):
    before = counts(app)
    refused = booknetic(client, world, "POST", "/customer/create",
                        form={"first_name": "Anna", "last_name": "Vries", "email": "anna@example.test"})
    assert (refused.status_code, body(refused)) == (
        400, error('Users with role of "Administrator" or "Staff" cannot be used as customers'))
    slot = slot_at(client, shop, "swedish-massage", TEN)
    refused = tb_post(client, "do_reservation", shop.write, slot=slot,
                      reservation=reservation(formFields=form_fields("Anna", "Vries", "ANNA@example.test")))
    assert_answer(refused, 409, "The customer has entered an invalid email address")
    assert counts(app) == before


def test_bookings_moves_cancels_and_deletes_leave_the_same_rows(app, client, world, shop):
    via_tb = booked_id(client, shop)
    customer = appointment_row(app, shop.aurora_id, via_tb)["customer_id"]
    made = booknetic(client, world, "POST", "/appointments", json_body={
        "customer_id": customer, "service_id": shop.massage_id, "staff_id": shop.anna_staff_id,
        "date": MONDAY, "time": "11:00"})
    assert made.status_code == 200
    via_bn = body(made)["id"]
    assert comparable(app, shop, via_tb) == comparable(app, shop, via_bn)

    # A move to a free time, then to a taken one (refused alike, nothing written).
    assert_answer(tb_edit(client, shop, id=via_tb, datetime={"start": epoch("2030-01-07T14:00:00+01:00")}), 200)
    moved = booknetic(client, world, "PUT", f"/appointments/{via_bn}", json_body={"date": MONDAY, "time": "15:00"})
    assert moved.status_code == 200
    assert comparable(app, shop, via_tb) == comparable(app, shop, via_bn)
    assert_answer(tb_edit(client, shop, id=via_tb, datetime={"start": epoch("2030-01-07T15:00:00+01:00")}), 409,
                  SLOT_GONE)
    taken = booknetic(client, world, "PUT", f"/appointments/{via_bn}", json_body={"date": MONDAY, "time": "14:00"})
    assert (taken.status_code, body(taken)) == (422, validation({"time": BUSY}))
    assert appointment_row(app, shop.aurora_id, via_tb)["starts_at"] == epoch("2030-01-07T14:00:00+01:00")

    # Cancel: the same status and the same audit row, whoever cancels.
    assert_answer(tb_post(client, "cancel_reservation", shop.write, id=str(via_tb)), 200)
    cancelled = booknetic(client, world, "PUT", f"/appointments/{via_bn}/change-status",
                          json_body={"status": "canceled"})
    assert cancelled.status_code == 200
    assert comparable(app, shop, via_tb) == comparable(app, shop, via_bn)

    # Delete: gone for both surfaces.
    assert_answer(tb_post(client, "delete_reservation", shop.write, id=str(via_tb)), 200)
    assert booknetic(client, world, "DELETE", f"/appointments/{via_bn}").status_code == 200
    assert appointment_row(app, shop.aurora_id, via_tb) is None and appointment_row(app, shop.aurora_id, via_bn) is None


@pytest.mark.parametrize("paid", [True, False])
def test_payment_marks_read_the_same(app, client, world, shop, paid):
    via_tb, via_bn = booked_id(client, shop), booked_id(client, shop, start=ELEVEN)
    assert_answer(tb_edit(client, shop, id=via_tb, payment={"isPaid": True}), 200)
    answered = booknetic(client, world, "PUT", f"/payments/{via_bn}",
                         json_body={"status": "paid", "paid_amount": "50.00"})
    assert answered.status_code == 200
    if not paid:
        assert_answer(tb_edit(client, shop, id=via_tb, payment={"isPaid": False}), 200)
        assert booknetic(client, world, "PUT", f"/payments/{via_bn}",
                         json_body={"status": "not_paid"}).status_code == 200
    rows = comparable(app, shop, via_tb), comparable(app, shop, via_bn)
    assert rows[0]["payment_status"] == ("paid" if paid else "not_paid")
    assert rows[0] == rows[1]
