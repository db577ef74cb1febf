"""Bookings from ids and local times (wpcompat.booking.booking_requests), without HTTP."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import booking_requests
from wpcompat.booking.appointment_list import visible_appointment
from wpcompat.booking.booking_requests import BookingInput
from wpcompat.booking.errors import InvalidBooking
from wpcompat.booking.models import Staff
from wpcompat.booking.visibility import EVERYTHING, Visibility
from wpcompat.extensions import db

from .booking_support import epoch
from .booknetic_support import frozen_clock, salon  # noqa: F401


def test_local_date_and_time_use_the_tenants_zone(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        booked = booking_requests.book(EVERYTHING, BookingInput(
            customer_id=salon.lee, service_id=salon.yoga, staff_id=salon.bas_staff, day=date(2030, 1, 9),
            time="13:00"))
        assert booked.starts_at == epoch("2030-01-09T13:00:00+01:00")
        assert booked.location_id == salon.park and booked.status == "approved"


def test_errors_are_collected_per_field_before_anything_is_written(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        with pytest.raises(InvalidBooking) as raised:
            booking_requests.book(EVERYTHING, BookingInput(customer_id=999, service_id=998, staff_id=salon.anna_staff,
                                                           status="done", time="10:00"))
        assert raised.value.errors == {"customer_id": "Customer not found", "service_id": "Service not found",
                                       "status": "Selected Status not found", "date": "date is required with time"}


def test_a_staff_visibility_may_only_use_its_own_staff_records(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        anna_only = Visibility(salon.anna_user_id, (salon.anna_staff,))
        with pytest.raises(InvalidBooking) as raised:
            booking_requests.book(anna_only, BookingInput(customer_id=salon.sam, service_id=salon.yoga,
                                                          staff_id=salon.bas_staff, starts_at=epoch("2030-01-09T12:00:00")))
        assert raised.value.errors == {"staff_id": "Staff not found"}


def test_editing_only_the_note_of_a_past_appointment_checks_no_slot(app, salon, monkeypatch):
    from wpcompat.booking import clock
    monkeypatch.setattr(clock, "now_epoch", lambda: epoch("2031-01-01T00:00:00"))
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        appointment = visible_appointment(EVERYTHING, salon.sam_massage)
        booking_requests.update_booking(EVERYTHING, appointment, BookingInput(note="follow up"))
        assert appointment.note == "follow up"
        with pytest.raises(InvalidBooking) as raised:
            booking_requests.update_booking(EVERYTHING, appointment, BookingInput(time="11:00", day=date(2030, 1, 7)))
        assert raised.value.errors == {"time": "The selected time is in the past"}


def test_default_location(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        anna = db.session.execute(select(Staff).where(Staff.id == salon.anna_staff)).scalar_one()
        assert booking_requests.default_location(anna).id == salon.canal
        anna.locations = []
        assert booking_requests.default_location(anna) is None
