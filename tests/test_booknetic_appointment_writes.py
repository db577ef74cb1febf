"""POST /appointments and PUT /appointments/{id}: real bookings with slot checks and 422 field errors."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, Notification
from wpcompat.extensions import db

from .booking_support import epoch
from .booknetic_support import (AURORA, MONDAY_10, appointment_row, body, call, error, frozen_clock,  # noqa: F401
                                salon, validation)

MONDAY_14 = epoch("2030-01-07T14:00:00+01:00")


def count(app, model, tenant_id: int) -> int:
    with app.app_context(), tenancy.tenant(tenant_id):
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def booking(salon, **overrides) -> dict:
    return {"customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
            "date": "2030-01-07", "time": "14:00", **overrides}


def test_create_books_the_slot_and_answers_its_id_with_200(app, client, world, salon):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body=booking(salon, extras=[{"extra_id": salon.stones, "quantity": 2}], note="Quiet room"))
    assert response.status_code == 200
    new_id = body(response)["id"]
    assert body(response) == {"id": new_id} and isinstance(new_id, int)
    row = appointment_row(app, salon.aurora_id, new_id)
    assert (row["starts_at"], row["ends_at"], row["busy_from"], row["busy_to"]) == (
        MONDAY_14, MONDAY_14 + 90 * 60, MONDAY_14 - 600, MONDAY_14 + 105 * 60)
    assert (row["location_id"], row["status"], row["weight"], row["note"]) == (salon.canal, "approved", 1, "Quiet room")
    assert row["prices"] == [("service_price", Decimal("50.00"), 1), ("service_extra", Decimal("20.00"), 1)]
    assert row["extras"] == [(salon.stones, 2)]
    listed = body(call(client, "GET", f"{AURORA}/appointments/{new_id}", world.aurora_admin))["data"]["info"]
    assert (listed["customer_first_name"], listed["status"]) == ("Lee", "approved")


def test_create_notifies_the_owner_and_the_staff_member(app, client, world, salon):
    call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon))
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        recipients = sorted(db.session.execute(select(Notification.user_id)).scalars())
    assert recipients == sorted([salon.owner_user_id, salon.anna_user_id])
    mine = body(call(client, "GET", f"{AURORA}/notifications", world.aurora_staff))["notifications"]
    assert mine[0]["title"] == "New appointment"
    assert mine[0]["message"] == "Lee Kim booked Swedish massage on 2030-01-07 14:00"


def test_create_takes_unix_seconds_a_form_body_status_and_seats(app, client, world, salon):
    start = epoch("2030-01-09T13:00:00+01:00")
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    form={"customer_id": str(salon.lee), "service_id": str(salon.yoga), "staff_id": str(salon.bas_staff),
                          "starts_at": str(start), "weight": "3", "status": "pending"})
    row = appointment_row(app, salon.aurora_id, body(response)["id"])
    assert (row["starts_at"], row["location_id"], row["weight"], row["status"]) == (start, salon.park, 3, "pending")
    assert row["prices"] == [("service_price", Decimal("60.00"), 1)]


@pytest.mark.parametrize("overrides, errors", [
    ({"time": "10:00"}, {"time": "Anna de Vries is busy at the selected time"}),
    ({"time": "12:30"}, {"time": "Anna de Vries does not work at the selected time"}),
    ({"date": "2030-01-12"}, {"time": "Anna de Vries does not work at the selected time"}),
    ({"date": "2029-12-31", "time": "09:30"}, {"time": "The selected time is in the past"}),
    ({"date": None, "time": None, "starts_at": MONDAY_10}, {"starts_at": "Anna de Vries is busy at the selected time"}),
    ({"location_id": "PARK"}, None),
])
def test_create_refuses_a_slot_that_is_not_bookable(app, client, world, salon, overrides, errors):
    if overrides.get("location_id") == "PARK":
        overrides, errors = {"location_id": salon.park}, {"location_id": "Anna de Vries does not work at Park Pavilion"}
    before = count(app, Appointment, salon.aurora_id)
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body={k: v for k, v in booking(salon, **overrides).items() if v is not None})
    assert (response.status_code, body(response)) == (422, validation(errors))
    assert count(app, Appointment, salon.aurora_id) == before
    assert count(app, Notification, salon.aurora_id) == 0


def test_create_refuses_more_seats_than_the_group_has_left(app, client, world, salon):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body={"customer_id": salon.lee, "service_id": salon.yoga, "staff_id": salon.bas_staff,
                               "date": "2030-01-08", "time": "10:00", "weight": 8})
    assert (response.status_code, body(response)) == (422, validation({"weight": "Only 7 seat(s) left at the selected time"}))
    ok = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
              json_body={"customer_id": salon.lee, "service_id": salon.yoga, "staff_id": salon.bas_staff,
                         "date": "2030-01-08", "time": "10:00", "weight": 7})
    assert ok.status_code == 200


@pytest.mark.parametrize("payload, errors", [
    ({}, {"customer_id": "customer_id is required", "service_id": "service_id is required",
          "staff_id": "staff_id is required"}),
    ({"customer_id": "abc", "service_id": True, "staff_id": 1.5, "date": "2030-01-07", "time": "14:00"},
     {"customer_id": "customer_id must be a number", "service_id": "service_id must be a number",
      "staff_id": "staff_id must be a number"}),
    ({"customer_id": 0, "service_id": 1, "staff_id": 1, "time": "25:00", "date": "07-01-2030"},
     {"customer_id": "customer_id must be at least 1", "time": "time format is invalid", "date": "date format is invalid"}),
    ({"customer_id": 1, "service_id": 1, "staff_id": 1, "extras": "stones"}, {"extras": "extras must be an array"}),
    ({"customer_id": 1, "service_id": 1, "staff_id": 1, "extras": [{"quantity": 1}, 5]},
     {"extras.0.extra_id": "extras.0.extra_id is required", "extras.1": "extras.1 must be an object"}),
    ({"customer_id": 1, "service_id": 1, "staff_id": 1, "status": "done", "weight": 0, "note": "x" * 256},
     {"status": "status must be one of: pending, approved, canceled, rejected", "weight": "weight must be at least 1",
      "note": "note must be at most 255 characters"}),
    ({"customer_id": 1, "service_id": 1, "staff_id": 99999999999999999999},
     {"staff_id": "staff_id must be at most 9223372036854775807"}),
    ({"customer_id": "-" + "9" * 5000, "service_id": 1, "staff_id": "9" * 5000},  # beyond int()'s 4,300 digits
     {"customer_id": "customer_id must be at least 1", "staff_id": "staff_id must be at most 9223372036854775807"}),
    ({"customer_id": 1, "service_id": 1, "staff_id": 1, "note": "\ud800"}, {"note": "note format is invalid"}),
])
def test_create_validation_failures_are_422_per_field(app, client, world, salon, payload, errors):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (422, validation(errors))
    assert count(app, Appointment, salon.aurora_id) == 2


def test_create_names_rows_that_do_not_exist_or_belong_elsewhere(client, world, salon):
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(
        salon, customer_id=salon.borealis_customer, service_id=999, staff_id=salon.borealis_staff,
        location_id=salon.borealis_location, extras=[{"extra_id": 999}]))
    assert (response.status_code, body(response)) == (422, validation({
        "customer_id": "Customer not found", "service_id": "Service not found", "staff_id": "Staff not found",
        "location_id": "Location not found", "extras.0.extra_id": "Extra not found"}))


def test_create_start_needs_one_form_of_time(client, world, salon):
    both = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                json_body=booking(salon, starts_at=MONDAY_10))
    assert body(both) == validation({"starts_at": "Give starts_at or date and time, not both"})
    half = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body=booking(salon, time=None))
    assert body(half) == validation({"time": "time is required with date"})
    none = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                json_body=booking(salon, date=None, time=None))
    assert body(none) == validation({"starts_at": "starts_at (or date and time) is required"})


def test_create_without_a_location_takes_the_staff_members_first(app, client, world, salon):
    # One rule for both APIs: the location TeamBooking's slots show (the first, by id) when none is named.
    from wpcompat.booking.models import Location, Staff
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        anna = db.session.execute(select(Staff).where(Staff.id == salon.anna_staff)).scalar_one()
        anna.locations.append(db.session.execute(select(Location).where(Location.id == salon.park)).scalar_one())
        db.session.commit()
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body=booking(salon))
    assert response.status_code == 200
    first = min(salon.canal, salon.park)
    shown = call(client, "GET", f"{AURORA}/appointments/{body(response)['id']}", world.aurora_admin)
    assert body(shown)["data"]["info"]["location_id"] == str(first)  # Booknetic sends ids as strings here
    chosen = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                  json_body=booking(salon, location_id=salon.park, date="2030-01-08"))
    assert chosen.status_code == 200


def test_create_refuses_an_extra_of_another_service(app, client, world, salon):
    from .booking_support import make_extra
    with app.app_context():
        from wpcompat.booking.models import Service
        with tenancy.tenant(salon.aurora_id):
            yoga = db.session.execute(select(Service).where(Service.id == salon.yoga)).scalar_one()
            mat = make_extra(salon.aurora_id, yoga, "Mat").id
        db.session.commit()
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin,
                    json_body=booking(salon, extras=[{"extra_id": mat}]))
    assert body(response) == validation({"extras": "Extra Mat is not available for Swedish massage"})


def test_malformed_json_is_wordpress_rest_invalid_json(client, world, salon):
    response = client.post(f"{AURORA}/appointments", data="{nope", content_type="application/json",
                           headers=world.aurora_admin.auth)
    assert response.status_code == 400 and body(response)["code"] == "rest_invalid_json"


def test_update_moves_the_appointment_and_rechecks_the_slot(app, client, world, salon):
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"time": "14:00", "date": "2030-01-07", "note": "moved"})
    assert (response.status_code, body(response)) == (200, {"id": salon.sam_massage})
    row = appointment_row(app, salon.aurora_id, salon.sam_massage)
    assert (row["starts_at"], row["ends_at"], row["note"]) == (MONDAY_14, MONDAY_14 + 75 * 60, "moved")
    assert row["prices"] == [("service_price", Decimal("50.00"), 1), ("service_extra", Decimal("10.00"), 1)]


def test_update_of_extras_and_service_reprices(app, client, world, salon):
    call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin, json_body={"extras": []})
    row = appointment_row(app, salon.aurora_id, salon.sam_massage)
    assert (row["extras"], row["ends_at"] - row["starts_at"]) == ([], 3600)
    assert row["prices"] == [("service_price", Decimal("50.00"), 1)]
    call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin,
         json_body={"service_id": salon.yoga, "weight": 2})
    row = appointment_row(app, salon.aurora_id, salon.sam_massage)
    assert (row["service_id"], row["weight"], row["ends_at"] - row["starts_at"]) == (salon.yoga, 2, 90 * 60)
    assert row["prices"] == [("service_price", Decimal("40.00"), 1)]


def test_update_status_and_customer_without_touching_the_time(app, client, world, salon):
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                    json_body={"status": "canceled", "customer_id": salon.lee})
    assert response.status_code == 200
    row = appointment_row(app, salon.aurora_id, salon.eva_yoga)
    assert (row["status"], row["customer_id"]) == ("canceled", salon.lee)


def test_update_into_a_taken_slot_changes_nothing(app, client, world, salon):
    before = appointment_row(app, salon.aurora_id, salon.eva_yoga)
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                    json_body={"staff_id": salon.anna_staff, "location_id": salon.canal, "starts_at": MONDAY_10,
                               "note": "should not stick"})
    assert (response.status_code, body(response)) == (422, validation({"starts_at": "Anna de Vries is busy at the selected time"}))
    assert appointment_row(app, salon.aurora_id, salon.eva_yoga) == before


def test_update_of_a_missing_id_is_400_whatever_the_body(client, world, salon):
    for payload in ({"note": "x"}, {"customer_id": "not a number"}):
        response = call(client, "PUT", f"{AURORA}/appointments/999999", world.aurora_admin, json_body=payload)
        assert (response.status_code, body(response)) == (400, error("Appointment not found"))


def test_update_validation_is_422(client, world, salon):
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                    json_body={"weight": "many", "customer_id": 999})
    assert (response.status_code, body(response)) == (422, validation({"weight": "weight must be a number"}))
    missing = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                   json_body={"customer_id": 999})
    assert body(missing) == validation({"customer_id": "Customer not found"})


def test_staff_book_and_edit_only_with_their_own_staff_record(app, client, world, salon):
    mine = call(client, "POST", f"{AURORA}/appointments", world.aurora_staff,
                json_body=booking(salon, customer_id=salon.sam))
    assert mine.status_code == 200
    theirs = call(client, "POST", f"{AURORA}/appointments", world.aurora_staff,
                  json_body={"customer_id": salon.sam, "service_id": salon.yoga, "staff_id": salon.bas_staff,
                             "date": "2030-01-08", "time": "14:00"})
    assert body(theirs) == validation({"staff_id": "Staff not found"})
    colleague = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_staff,
                     json_body={"note": "x"})
    assert (colleague.status_code, body(colleague)) == (400, error("Appointment not found"))
    # Eva is tied to Bas only and Lee to nobody (the owner created both), so Anna sees neither.
    for customer in (salon.eva, salon.lee):
        hidden = call(client, "POST", f"{AURORA}/appointments", world.aurora_staff,
                      json_body=booking(salon, customer_id=customer, time="15:30"))
        assert body(hidden) == validation({"customer_id": "Customer not found"})
