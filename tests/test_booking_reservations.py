"""Booking by slot identifier (wpcompat.booking.reservations) and the edits TeamBooking makes through the
one write path (wpcompat.booking.appointments.change), plus SlotFull."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from wpcompat import tenancy
from wpcompat.booking import appointments, availability, customers, reservations
from wpcompat.booking.availability import check_bookable, format_slot_id
from wpcompat.booking.errors import InvalidBooking, SlotFull, SlotUnavailable
from wpcompat.booking.models import Service
from wpcompat.booking.clock import MAX_EPOCH
from wpcompat.booking.statuses import TEAMBOOKING_STATUSES, teambooking_status_edit, to_teambooking
from wpcompat.extensions import db

from .booking_support import make_catalogue, make_customer, make_service, make_staff

AMS = ZoneInfo("Europe/Amsterdam")


def ams(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=AMS).timestamp())


TEN = ams("2030-01-07T10:00")


@pytest.fixture
def cat(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        catalogue = make_catalogue(world.aurora, staff_user_id=world.aurora_staff.user.id)
        db.session.commit()
        yield catalogue


def slot_id(cat, start=TEN, service=None):
    return format_slot_id((service or cat.massage).id, cat.anna.id, start)


def book(cat, start=TEN, service=None, **kwargs):
    service = service or cat.massage
    staff, starts_at = reservations.slot_start(service, slot_id(cat, start, service))
    return appointments.book(service=service, staff=staff, customer=cat.customer, starts_at=starts_at,
                             source="teambooking", **kwargs)


def change(appointment, **edit):
    return appointments.change(appointment, appointments.Change(**edit), source="test")


def set_teambooking_status(appointment, tb_status):
    status, awaiting_payment = teambooking_status_edit(tb_status)
    return change(appointment, status=status, awaiting_payment=awaiting_payment)


@pytest.mark.parametrize(("approval", "payment", "price", "paid", "expected"), [
    ("none", "later", "50", False, ("approved", "not_paid")), ("admin", "later", "50", False, ("pending", "not_paid")),
    ("staff", "later", "50", True, ("pending", "paid")), ("none", "immediately", "50", False, ("pending", "pending")),
    ("admin", "immediately", "50", False, ("pending", "pending")), ("none", "immediately", "50", True,
                                                                    ("approved", "paid")),
    ("none", "immediately", "0", False, ("approved", "not_paid")),
    ("none", "discretional", "50", False, ("approved", "not_paid"))])
def test_new_booking_status(approval, payment, price, paid, expected):
    service = Service(approval=approval, payment=payment, price=Decimal(price))
    assert appointments.new_booking_status(service, paid=paid) == expected


def test_book_slot(cat):
    appt = book(cat, weight=1, paid=True, payment_method="stripe", client_timezone="Asia/Tokyo")
    assert (appt.starts_at, appt.staff_id, appt.location_id, appt.status, appt.payment_status) == (
        TEN, cat.anna.id, cat.location.id, "approved", "paid")
    assert (appt.paid_amount, appt.payment_method, appt.client_timezone) == (Decimal("50.00"), "stripe", "Asia/Tokyo")
    assert [(c.to_status, c.source) for c in appt.status_changes] == [("approved", "teambooking")]


@pytest.mark.parametrize("bad", ["", "x", "1-2", "01-1-1", "1-1-1 ", "1-1-1\n", None, 5, "1-1-" + "9" * 30])
def test_resolve_slot_refuses_what_is_not_one_of_our_identifiers(cat, bad):
    with pytest.raises(SlotUnavailable) as refused:
        reservations.resolve_slot(cat.massage, bad)
    assert refused.value.field == "slot"


def test_resolve_slot_must_match_service_and_staff(cat, world):
    assert reservations.resolve_slot(cat.massage, slot_id(cat)) == (cat.anna, TEN)
    for wrong in (format_slot_id(cat.yoga.id, cat.anna.id, TEN), format_slot_id(cat.massage.id, 999, TEN)):
        with pytest.raises(SlotUnavailable):
            reservations.resolve_slot(cat.massage, wrong)
    with tenancy.tenant(world.borealis.id):
        other = make_staff(world.borealis.id, "Cory Lee")
    with pytest.raises(SlotUnavailable):
        reservations.resolve_slot(cat.massage, format_slot_id(cat.massage.id, other.id, TEN))


def test_only_listed_starts_can_be_booked_by_identifier(cat):
    assert availability.is_offered(cat.massage, cat.anna, ams("2030-01-07T09:10"))
    assert not availability.is_offered(cat.massage, cat.anna, ams("2030-01-07T09:11"))  # off the 5-minute grid
    assert not availability.is_offered(cat.massage, cat.anna, ams("2030-01-07T12:30"))  # lunch
    with pytest.raises(SlotUnavailable):
        book(cat, ams("2030-01-07T09:11"))


def test_check_bookable_tells_full_from_blocked(cat):
    book(cat)
    with pytest.raises(SlotFull):
        check_bookable(cat.massage, cat.anna, TEN)
    with pytest.raises(SlotUnavailable) as blocked:
        check_bookable(cat.yoga, cat.anna, TEN)
    assert not isinstance(blocked.value, SlotFull)
    yoga_start = ams("2030-01-08T09:00")
    book(cat, yoga_start, cat.yoga, weight=8)
    with pytest.raises(SlotFull):
        book(cat, yoga_start, cat.yoga)


def test_change_weight_reprices_and_checks_seats(cat):
    start = ams("2030-01-08T09:00")
    mine = book(cat, start, cat.yoga, weight=2)
    book(cat, start, cat.yoga, weight=5)
    assert change(mine, weight=3) is True
    assert (mine.weight, [(p.unique_key, p.price) for p in mine.prices]) == (3, [("service_price", Decimal("60.00"))])
    assert reservations.unit_amount(mine) == Decimal("20.00")
    with pytest.raises(SlotUnavailable) as refused:
        change(mine, weight=4)
    assert refused.value.field == "weight"
    with pytest.raises(InvalidBooking):
        change(mine, weight=9)
    with pytest.raises(InvalidBooking):
        change(mine, weight=0)
    assert change(mine, weight=3) is False
    change(mine, status="canceled")
    assert change(mine, weight=4) is True  # a cancelled booking holds no seats


def test_move_is_checked_only_while_busy(cat):
    appt, other = book(cat), book(cat, ams("2030-01-07T14:00"))
    with pytest.raises(SlotUnavailable):
        change(appt, starts_at=ams("2030-01-07T14:00"))
    assert change(appt, starts_at=ams("2030-01-07T15:30")) is True
    assert (appt.starts_at, appt.ends_at) == (ams("2030-01-07T15:30"), ams("2030-01-07T16:30"))
    assert change(appt, starts_at=appt.starts_at) is False
    change(other, status="canceled")
    assert change(other, starts_at=ams("2030-01-07T12:30")) is True  # cancelled: no check
    with pytest.raises(InvalidBooking):
        change(other, starts_at=MAX_EPOCH + 1)


def test_change_service(cat, world):
    appt = book(cat)
    assert change(appt, service=cat.yoga) is True
    assert (appt.service_id, appt.ends_at, [p.price for p in appt.prices]) == (cat.yoga.id, TEN + 90 * 60,
                                                                               [Decimal("20.00")])
    assert change(appt, service=cat.yoga) is False
    # Service and time together are checked once, for the final combination (the old time may not fit).
    assert change(appt, service=cat.massage, starts_at=ams("2030-01-07T15:00")) is True
    assert (appt.starts_at, appt.ends_at) == (ams("2030-01-07T15:00"), ams("2030-01-07T16:00"))
    lonely = make_service(world.aurora.id, "Reiki", duration=30)
    with pytest.raises(SlotUnavailable):
        change(appt, service=lonely)  # Anna does not offer it


def test_change_service_keeps_extras_valid(cat):
    appt = appointments.book(source="test", service=cat.massage, staff=cat.anna, customer=cat.customer, starts_at=TEN,
                                           location=cat.location, extras=[(cat.stones, 1)], check_availability=False)
    with pytest.raises(InvalidBooking) as refused:
        change(appt, service=cat.yoga)
    assert refused.value.field == "extras"


def test_set_payment(cat):
    appt = book(cat)
    change(appt, paid=True, payment_method="paypal")
    assert (appt.payment_status, appt.paid_amount, appt.payment_method) == ("paid", Decimal("50.00"), "paypal")
    change(appt, paid=None)
    assert appt.payment_status == "paid"
    change(appt, paid=False)
    assert appt.payment_status == "not_paid"


@pytest.mark.parametrize("start_status", ["approved", "pending"])
def test_set_teambooking_status_reads_back(cat, start_status):
    appt = book(cat, service=cat.massage)
    change(appt, status=start_status)
    for tb_status in ("pending", "waiting_approval", "confirmed", "cancelled", "pending", "done", "confirmed"):
        set_teambooking_status(appt, tb_status)
        expected = "confirmed" if tb_status == "done" else tb_status
        assert to_teambooking(appt.status, appt.awaiting_payment) == expected
    assert set_teambooking_status(appt, "confirmed") is False
    assert set(TEAMBOOKING_STATUSES) == {"confirmed", "pending", "waiting_approval", "cancelled", "done"}


def test_cancel_records_the_reason(cat):
    appt = book(cat)
    assert change(appt, status="canceled", reason="ill") is True
    assert (appt.status, appt.cancellation_reason) == ("canceled", "ill")
    assert [(c.from_status, c.to_status, c.reason) for c in appt.status_changes][-1] == ("approved", "canceled", "ill")


def test_customer_for_contact(cat):
    appt = book(cat)
    same = customers.customer_for_contact(appt.customer, cat.customer.email.upper(), first_name="Samuel", phone="1")
    assert (same.id, cat.customer.first_name, cat.customer.phone_number) == (cat.customer.id, "Samuel", "1")
    other = customers.customer_for_contact(appt.customer, "eve@example.com", first_name="Eve", last_name="Ng")
    change(appt, customer=other)
    assert (appt.customer.email, appt.customer.first_name) == ("eve@example.com", "Eve")
    with pytest.raises(InvalidBooking):
        customers.customer_for_contact(appt.customer, "nope")


def test_find_reservations(cat, world):
    first = book(cat)
    second = book(cat, ams("2030-01-08T09:00"), cat.yoga)
    with tenancy.tenant(world.aurora.id):
        bas = make_staff(world.aurora.id, "Bas Visser", services=[cat.yoga])
        third = appointments.book(source="test", service=cat.yoga, staff=bas, customer=make_customer(
            world.aurora.id, "Eve", "Ng"), starts_at=ams("2029-12-31T10:00"), check_availability=False)

    def ids(**filters):
        return [row.id for row in reservations.find_reservations(**filters)]

    assert ids() == [first.id, second.id, third.id]
    assert ids(service_slug=cat.yoga.slug) == [second.id, third.id]
    assert ids(coworker_user_id=world.aurora_staff.user.id) == [first.id, second.id]
    assert ids(coworker_user_id=0) == [third.id]
    assert ids(not_before=ams("2030-01-01T00:00")) == [first.id, second.id]
    assert ids(coworker_user_id=2**70) == [] and ids(service_slug="no-such-service") == []
    assert ids(service_slug=cat.yoga.slug, coworker_user_id=0, not_before=ams("2030-01-01T00:00")) == []
    assert [s.id for s in reservations.list_services()] == [cat.massage.id, cat.yoga.id]


def test_teambooking_status_and_paid_are_independent(cat):
    # TeamBooking stores status and "paid" apart: paying keeps a pending booking pending, and "pending"
    # keeps a paid booking paid.
    appt = book(cat)
    set_teambooking_status(appt, "pending")
    change(appt, paid=True)
    assert (to_teambooking(appt.status, appt.awaiting_payment), appt.payment_status) == ("pending", "paid")
    set_teambooking_status(appt, "confirmed")
    set_teambooking_status(appt, "pending")
    assert (to_teambooking(appt.status, appt.awaiting_payment), appt.payment_status) == ("pending", "paid")
    # a status change through Booknetic's API clears the mark the same way: approved and back is waiting_approval
    change(appt, status="approved")
    change(appt, status="pending")
    assert (appt.status, appt.awaiting_payment, appt.payment_status) == ("pending", False, "paid")
    assert to_teambooking(appt.status, appt.awaiting_payment) == "waiting_approval"
