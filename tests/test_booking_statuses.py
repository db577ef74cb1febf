"""Booknetic status definitions and the one Booknetic <-> TeamBooking mapping."""
from __future__ import annotations

import pytest

from wpcompat.booking.errors import InvalidBooking
from wpcompat.booking.statuses import (BUSY_STATUSES, STATUSES, TEAMBOOKING_STATUSES, booknetic_status,
                                       awaiting_payment_after, awaits_payment, from_teambooking, is_busy,
                                       teambooking_status_edit, to_teambooking)


def test_definitions_match_booknetic_in_order():
    assert [s.as_dict() for s in STATUSES.values()] == [
        {"slug": "pending", "title": "Pending", "color": "#fd9b78", "icon": "far fa-clock", "busy": True},
        {"slug": "approved", "title": "Approved", "color": "#53d56c", "icon": "fa fa-check", "busy": True},
        {"slug": "canceled", "title": "Canceled", "color": "#fb3e6e", "icon": "fa fa-times", "busy": False},
        {"slug": "rejected", "title": "Rejected", "color": "#8f9ca7", "icon": "fa fa-times", "busy": False},
    ]
    assert BUSY_STATUSES == ("pending", "approved")
    assert [is_busy(s) for s in ("pending", "approved", "canceled", "rejected", "bogus")] == [
        True, True, False, False, False]


@pytest.mark.parametrize("slug", ["bogus", "", "Approved", None])
def test_unknown_booknetic_status(slug):
    with pytest.raises(InvalidBooking, match="^Selected Status not found$") as caught:
        booknetic_status(slug)
    assert caught.value.field == "status"


@pytest.mark.parametrize("booknetic, awaiting, teambooking", [
    ("approved", False, "confirmed"),
    ("approved", True, "confirmed"),
    ("pending", False, "waiting_approval"),
    ("pending", True, "pending"),
    ("canceled", True, "cancelled"),
    ("rejected", False, "cancelled"),
])
def test_to_teambooking(booknetic, awaiting, teambooking):
    assert to_teambooking(booknetic, awaiting) == teambooking


def test_awaiting_payment_is_its_own_bit():
    # a new booking awaits payment only when booked pending with payment status pending
    assert [awaits_payment("pending", p) for p in ("pending", "paid", "not_paid")] == [True, False, False]
    assert awaits_payment("approved", "pending") is False
    # only a pending booking keeps the mark
    assert [awaiting_payment_after(s, True) for s in STATUSES] == [True, False, False, False]
    assert awaiting_payment_after("pending", False) is False


def test_round_trips():
    for tb in ("confirmed", "waiting_approval", "pending", "cancelled"):
        assert to_teambooking(*teambooking_status_edit(tb)) == tb
    for slug in ("pending", "approved", "canceled"):
        assert from_teambooking(to_teambooking(slug)) == slug
    # the documented lossy cases
    assert from_teambooking(to_teambooking("rejected")) == "canceled"
    assert to_teambooking(from_teambooking("done")) == "confirmed"
    assert from_teambooking("") == "approved"
    # every TeamBooking status but "done" is produced by some stored status
    produced = {to_teambooking(slug, awaiting) for slug in STATUSES for awaiting in (True, False)}
    assert set(TEAMBOOKING_STATUSES) - produced == {"done"}


@pytest.mark.parametrize("tb", ["declined", "CONFIRMED", None])
def test_unknown_teambooking_status(tb):
    with pytest.raises(InvalidBooking, match="Unknown TeamBooking status"):
        from_teambooking(tb)
    with pytest.raises(InvalidBooking):
        to_teambooking("bogus")
