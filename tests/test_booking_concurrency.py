"""Two simultaneous bookings of one staff member serialise (lock_staff_schedule on SQLite)."""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import appointments, lookup
from wpcompat.booking.errors import SlotUnavailable
from wpcompat.booking.models import Appointment
from wpcompat.extensions import db

from .booking_support import make_catalogue

START = 1894006800  # 2030-01-07 10:00 Amsterdam, a Monday


def test_second_booking_waits_for_the_first_and_sees_it(app, world):
    with app.app_context(), tenancy.tenant(world.aurora.id):
        cat = make_catalogue(world.aurora)
        ids = (cat.massage.id, cat.anna.id, cat.customer.id)
        db.session.commit()

    first_holds_lock = threading.Event()
    outcome: dict[str, str] = {}

    def book(name: str) -> None:
        with app.app_context(), tenancy.tenant(world.aurora.id):
            service, staff, customer = lookup.get_service(ids[0]), lookup.get_staff(ids[1]), lookup.get_customer(ids[2])
            if name == "second":
                first_holds_lock.wait(5)
            try:
                appointments.book(source="test", service=service, staff=staff, customer=customer,
                                                starts_at=START, notify=False)
            except SlotUnavailable as error:
                db.session.rollback()
                outcome[name] = f"refused: {error}"
                first_holds_lock.set()
                return
            if name == "first":
                first_holds_lock.set()
                time.sleep(0.5)  # the second request arrives while this transaction is open
            db.session.commit()
            outcome[name] = "booked"

    threads = [threading.Thread(target=book, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert outcome == {"first": "booked", "second": "refused: Anna de Vries is busy at the selected time"}
    with app.app_context(), tenancy.tenant(world.aurora.id):
        assert db.session.execute(select(func.count(Appointment.id))).scalar_one() == 1
