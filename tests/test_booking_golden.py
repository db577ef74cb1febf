"""Availability reproduces Booknetic 5.1.2's golden captures 07 and 36 from the SEED data."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking.availability import available_times, check_bookable
from wpcompat.booking.errors import SlotUnavailable
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Plan

from .booking_support import epoch, make_golden_seed
from .shared_files import BOOKNETIC_CAPTURES

GOLDEN = BOOKNETIC_CAPTURES
CAPTURED_AT = epoch("2026-11-21T11:41:15")  # the Date header of capture 07


def golden_slots(name: str) -> list[dict]:
    body = (GOLDEN / name).read_text().rsplit("\n\n", 1)[1]
    return json.loads(body)["data"]


@pytest.fixture
def seed(app, world):
    with app.app_context():
        plan = db.session.execute(select(Plan).where(Plan.id == world.plan.id)).scalar_one()
        tenant = accounts.create_tenant("golden", "Golden seed", plan, "UTC", "USD")
        seed = make_golden_seed(tenant)
        db.session.commit()
        with tenancy.tenant(tenant.id):
            yield seed


def test_capture_07_haircut_with_alice(seed):
    slots = available_times(seed.services[1], seed.staff[1], date(2026, 12, 1), location=seed.locations[1],
                            now=CAPTURED_AT)
    expected = golden_slots("07-available-times.txt")
    assert [s.label for s in slots] == [item["id"] for item in expected]
    assert [(s.capacity, s.booked) for s in slots] == [(int(i["max_capacity"]), int(i["weight"])) for i in expected]


def test_capture_36_group_massage_with_bob(seed):
    slots = available_times(seed.services[3], seed.staff[2], date(2026, 12, 2), location=seed.locations[2],
                            now=CAPTURED_AT)
    expected = golden_slots("36-available-times-capacity2.txt")
    assert [s.label for s in slots] == [item["id"] for item in expected]
    assert [(s.capacity, s.booked) for s in slots] == [(int(i["max_capacity"]), int(i["weight"])) for i in expected]
    assert slots[0].label == "11:00" and slots[0].booked == 1 and slots[0].seats_left == 1
    assert slots[-1].label == "16:45"  # 16:45 + 60 min + 15 min buffer ends exactly at 18:00


def test_seed_prices_and_times_match_seed_md(seed):
    first, second, third = seed.appointments[1], seed.appointments[2], seed.appointments[3]
    assert (first.starts_at, first.ends_at, first.busy_from, first.busy_to) == (1796119200, 1796121900,
                                                                              1796119200, 1796121900)
    assert [(p.unique_key, str(p.price)) for p in first.prices] == [("service_price", "30.00"),
                                                                   ("service_extra", "10.00")]
    assert (second.busy_from, second.busy_to) == (1796133600, 1796139000 + 600)
    assert (third.busy_from, third.busy_to) == (1796209200 - 300, 1796212800 + 900)
    assert str(seed.appointments[5].total_price) == "25.00"


def test_group_slot_can_take_one_more_seat_but_not_two(seed):
    start = epoch("2026-12-02T11:00:00")
    slot = check_bookable(seed.services[3], seed.staff[2], start, 1, now=CAPTURED_AT)
    assert slot.booked == 1
    with pytest.raises(SlotUnavailable, match="Only 1 seat"):
        check_bookable(seed.services[3], seed.staff[2], start, 2, now=CAPTURED_AT)
