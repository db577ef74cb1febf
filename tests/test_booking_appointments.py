"""Booking, rescheduling, status changes and deletion (wpcompat.booking.appointments)."""
from __future__ import annotations

import json
import re
import time
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import appointments, lookup
from wpcompat.booking.errors import InvalidBooking, NotFound, SlotUnavailable
from wpcompat.booking.models import Appointment, AppointmentExtra, AppointmentPrice, Notification, StatusChange
from wpcompat.extensions import db

from .booking_support import make_catalogue, make_customer, make_service, make_staff

AMS = ZoneInfo("Europe/Amsterdam")


def ams(iso: str) -> int:
    """Epoch of a wall-clock time in Amsterdam (aurora's timezone)."""
    return int(datetime.fromisoformat(iso).replace(tzinfo=AMS).timestamp())


@pytest.fixture
def cat(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        catalogue = make_catalogue(world.aurora, staff_user_id=world.aurora_staff.user.id)
        db.session.commit()
        yield catalogue


def book(cat, start: str, **kwargs) -> Appointment:
    kwargs.setdefault("service", cat.massage)
    kwargs.setdefault("location", cat.location)
    kwargs.setdefault("status", "pending")
    kwargs.setdefault("source", "booknetic")
    return appointments.book(staff=cat.anna, customer=cat.customer, starts_at=ams(start), **kwargs)


def change(appointment, *, source="test", user_id=None, run_workflows=True, **edit) -> bool:
    return appointments.change(appointment, appointments.Change(**edit), source=source, user_id=user_id,
                               run_workflows=run_workflows)


def count(model) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


def notifications_of(user_id: int) -> list[Notification]:
    return list(db.session.execute(select(Notification).where(Notification.user_id == user_id)
                                   .order_by(Notification.id)).scalars())


def test_times_extras_and_price_lines(cat, world):
    before = int(time.time())
    appt = book(cat, "2030-01-07T10:00", extras=[(cat.stones, 2)], source="booknetic",
                user_id=world.aurora_admin.user.id)
    start = ams("2030-01-07T10:00")
    assert appt.ends_at == start + (60 + 2 * 15) * 60
    assert (appt.busy_from, appt.busy_to) == (start - 10 * 60, appt.ends_at + 15 * 60)
    assert [(e.extra_id, e.quantity, e.price, e.duration) for e in appt.extras] == [
        (cat.stones.id, 2, Decimal("10.00"), 15)]
    assert [(p.unique_key, p.price, p.negative_or_positive) for p in appt.prices] == [
        ("service_price", Decimal("50.00"), 1), ("service_extra", Decimal("20.00"), 1)]
    assert appt.total_price == Decimal("70.00")
    assert re.fullmatch(r"[0-9a-f]{32}", appt.payment_id)
    assert before <= appt.created_at <= int(time.time())
    assert (appt.status, appt.payment_status, appt.paid_amount, appt.weight) == ("pending", "not_paid", 0, 1)
    assert [(c.from_status, c.to_status, c.source, c.user_id) for c in appt.status_changes] == [
        (None, "pending", "booknetic", world.aurora_admin.user.id)]


def test_group_booking_charges_each_seat(cat):
    appt = book(cat, "2030-01-07T13:00", service=cat.yoga, weight=3, status="approved")
    assert [(p.unique_key, p.price) for p in appt.prices] == [("service_price", Decimal("60.00"))]


def test_booking_notifies_owner_and_staff_user_only(cat, world):
    appt = book(cat, "2030-01-07T10:00")
    expected = ("New appointment", "Sam Jones booked Swedish massage on 2030-01-07 10:00",
                json.dumps({"url": "appointments.info", "id": appt.id}, separators=(",", ":")))
    for member in (world.aurora_admin, world.aurora_staff):
        rows = notifications_of(member.user.id)
        assert [(n.title, n.message, n.action_data, n.type, n.read_at) for n in rows] == [
            (*expected, "in_app_notification", None)]
    assert notifications_of(world.borealis_admin.user.id) == []
    assert count(Notification) == 2


def test_notify_false_creates_no_notifications(cat):
    book(cat, "2030-01-07T10:00", notify=False)
    assert count(Notification) == 0


def test_overlap_with_buffers_is_refused_touching_is_not(cat):
    book(cat, "2030-01-07T09:10")  # busy 09:00-10:25
    with pytest.raises(SlotUnavailable, match="busy"):
        book(cat, "2030-01-07T10:30")  # its busy range starts 10:20
    assert book(cat, "2030-01-07T10:35").busy_from == ams("2030-01-07T10:25")


def test_canceled_appointments_do_not_block(cat):
    first = book(cat, "2030-01-07T10:00")
    change(first, status="canceled", reason="customer ill", source="booknetic")
    assert book(cat, "2030-01-07T10:00").id != first.id


@pytest.mark.parametrize("start, message", [
    ("2030-01-07T08:50", "does not work"),    # busy range starts 08:40, before 09:00
    ("2030-01-07T11:00", "does not work"),    # busy range ends 12:15, in the lunch break
    ("2030-01-05T10:00", "does not work"),    # a Saturday
    ("2020-01-06T10:00", "in the past"),
])
def test_unbookable_times(cat, start, message):
    with pytest.raises(SlotUnavailable, match=message):
        book(cat, start)
    assert count(Appointment) == 0


def test_day_off_is_refused(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        cat = make_catalogue(world.aurora, days_off=["2030-01-07"])
        with pytest.raises(SlotUnavailable, match="does not work"):
            book(cat, "2030-01-07T10:00")
        assert book(cat, "2030-01-08T10:00").id


def test_past_bookings_pass_when_not_checked(cat):
    appt = book(cat, "2020-01-06T10:00", check_availability=False, status="approved")
    assert appt.starts_at == ams("2020-01-06T10:00")


def test_staff_must_offer_service_and_location(cat, world):
    other = make_service(world.aurora, "Reiki", duration=30)
    with pytest.raises(SlotUnavailable, match="does not provide Reiki"):
        book(cat, "2030-01-07T10:00", service=other)
    with pytest.raises(SlotUnavailable, match="does not work at Park Pavilion"):
        book(cat, "2030-01-07T10:00", location=cat.other_location)


@pytest.mark.parametrize("kwargs, field, message", [
    ({"status": "bogus"}, "status", "Selected Status not found"),
    ({"weight": 0}, "weight", "at least 1"),
    ({"weight": 2}, "weight", "1 seat"),
    ({"payment_status": "refunded"}, "payment_status", "Payment status"),
    ({"paid_amount": Decimal("-1")}, "paid_amount", "from 0 to"),
])
def test_invalid_input_is_refused_before_writing(cat, kwargs, field, message):
    with pytest.raises(InvalidBooking, match=message) as caught:
        book(cat, "2030-01-07T10:00", **kwargs)
    assert caught.value.field == field and caught.value.errors == {field: caught.value.message}
    assert (count(Appointment), count(StatusChange), count(Notification)) == (0, 0, 0)


def test_extras_must_belong_to_the_service_and_respect_quantities(cat):
    with pytest.raises(InvalidBooking, match="between 1 and 2"):
        book(cat, "2030-01-07T10:00", extras=[(cat.stones, 3)])
    with pytest.raises(InvalidBooking, match="not available for Flow yoga"):
        book(cat, "2030-01-07T13:00", service=cat.yoga, extras=[(cat.stones, 1)])
    assert count(AppointmentExtra) == 0


def test_reschedule_rechecks_but_ignores_itself(cat):
    appt = book(cat, "2030-01-07T09:10", extras=[(cat.stones, 1)])
    other = book(cat, "2030-01-07T14:00")
    change(appt, starts_at=ams("2030-01-07T09:30"))  # overlaps only its own old range
    assert (appt.starts_at, appt.ends_at, appt.busy_to) == (
        ams("2030-01-07T09:30"), ams("2030-01-07T10:45"), ams("2030-01-07T11:00"))
    with pytest.raises(SlotUnavailable, match="busy"):
        change(appt, starts_at=other.starts_at - 1800)  # 13:30, other is busy from 13:50
    assert appt.starts_at == ams("2030-01-07T09:30")


def test_change_status_audits_and_notifies(cat, world):
    appt = book(cat, "2030-01-07T10:00", notify=False)
    assert change(appt, status="pending", source="booknetic") is False
    assert change(appt, status="approved", source="teambooking", user_id=world.aurora_admin.user.id)
    assert change(appt, status="canceled", reason="no show", source="booknetic") is True
    assert change(appt, status="canceled", reason="again", source="booknetic") is False
    assert [(c.from_status, c.to_status, c.source, c.reason) for c in appt.status_changes] == [
        (None, "pending", "booknetic", None), ("pending", "approved", "teambooking", None),
        ("approved", "canceled", "booknetic", "no show")]
    assert appt.cancellation_reason == "no show"
    assert [n.message for n in notifications_of(world.aurora_staff.user.id)] == [
        "Sam Jones's Swedish massage on 2030-01-07 10:00 is now Approved",
        "Sam Jones's Swedish massage on 2030-01-07 10:00 is now Canceled"]


def test_change_status_without_workflows_and_bogus_status(cat):
    appt = book(cat, "2030-01-07T10:00", notify=False)
    assert change(appt, status="rejected", source="booknetic", run_workflows=False)
    assert count(Notification) == 0
    with pytest.raises(InvalidBooking, match="Selected Status not found"):
        change(appt, status="done", source="booknetic")
    assert appt.status == "rejected" and count(StatusChange) == 2


def test_delete_removes_dependent_rows(cat):
    appt = book(cat, "2030-01-07T10:00", extras=[(cat.stones, 1)])
    appointments.delete(appt)
    assert [count(m) for m in (Appointment, AppointmentExtra, AppointmentPrice, StatusChange)] == [0, 0, 0, 0]


def test_other_tenants_rows_are_not_found(app, world, cat):
    with tenancy.tenant(world.borealis.id):
        service = make_service(world.borealis, "Intake", duration=30)
        staff = make_staff(world.borealis, "Cory Lee", services=[service])
        customer = make_customer(world.borealis, "Kim", "Park")
        borealis_ids = (service.id, staff.id, customer.id)
        db.session.commit()
    for getter, row_id, message in zip((lookup.get_service, lookup.get_staff, lookup.get_customer),
                                       borealis_ids, ("Service", "Staff", "Customer")):
        with pytest.raises(NotFound, match=f"^{message} not found$"):
            getter(row_id)
    with pytest.raises(NotFound):
        appointments.book(source="test", service=service, staff=staff, customer=customer,
                                        starts_at=ams("2030-01-07T10:00"))
    with pytest.raises(NotFound):
        book(cat, "2030-01-07T10:00", service=service)
    with tenancy.tenant(world.borealis.id):
        assert count(Appointment) == 0
    assert count(Appointment) == 0


def test_initial_status_follows_service_approval(cat):
    cat.massage.approval = "admin"
    assert appointments.new_booking_status(cat.massage) == ("pending", "not_paid")
    assert appointments.new_booking_status(cat.yoga) == ("approved", "not_paid")
