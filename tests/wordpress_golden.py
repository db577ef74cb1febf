"""The WordPress site behind the Booknetic 5.1.2 golden captures, as its own tables held it.

``specs/golden/booknetic-5.1.2/SEED.md`` describes the site the captures were taken on: WordPress 6.1.9
(UTC: ``gmt_offset`` 0, no ``timezone_string``), Booknetic 5.1.2 without SaaS, user ``admin`` (ID 1) with an
application password. :func:`golden_wordpress` writes those rows into a test WordPress database, with the
application password hashed by WordPress 6.1's own phpass (``$P$``, as that site stored it), so that an
import of it can be replayed against the captures with the same credentials.
"""
from __future__ import annotations

from .wordpress_booknetic import Booknetic, week
from .wordpress_support import WordPressSite

#: The application password the captures were made with (tests/test_booknetic_golden.py).
PASSWORD = "Gold enAd minP assw ord0 0001"
PAYMENT_ID = "5f2b7c9e0a1d4e8f9b3c6a7d2e1f0b4c"


def golden_wordpress(site: WordPressSite) -> None:
    site.core(name="Golden Booknetic replica", url="http://127.0.0.1:8080", timezone="", gmt_offset="0")
    site.user(1, "admin", "admin@golden.test", ["administrator"], app_passwords=[
        {"password": PASSWORD.replace(" ", ""), "hash": "phpass", "name": "golden replay",
         "uuid": "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f", "created": 1794000000}])
    bk = Booknetic(site).tables()
    downtown = bk.location("Downtown Studio", address="1 Main Street, Springfield", phone_number="+1 555 0100")
    uptown = bk.location("Uptown Clinic", address="200 Oak Avenue, Springfield", phone_number="+1 555 0200")
    hair, massage = bk.category("Hair"), bk.category("Massage")
    haircut = bk.service("Haircut", "30.00", 30, category_id=hair)
    coloring = bk.service("Hair Coloring", "80.00", 90, category_id=hair, buffer_after=10)
    deep = bk.service("Deep Tissue Massage", "60.00", 60, category_id=massage, buffer_before=5, buffer_after=15,
                      max_capacity=2)
    scalp = bk.extra("Scalp Treatment", "10.00", haircut, duration=15, min_quantity=0, max_quantity=2)
    alice = bk.staff("Alice Johnson", "alice@example.com", f"{downtown},{uptown}", phone_number="+1 555 0111",
                     about="Senior stylist", profession="Stylist")
    bob = bk.staff("Bob Smith", "bob@example.com", f"{uptown}", phone_number="+1 555 0122",
                   profession="Massage therapist")
    for service, member in ((haircut, alice), (coloring, alice), (deep, bob), (haircut, bob)):
        bk.service_staff(service, member)
    weekday = ("09:00", "17:00", [("12:00", "13:00")])
    bk.timesheet(week(mon=weekday, tue=weekday, wed=weekday, thu=weekday, fri=weekday), staff_id=alice)
    long_day = ("10:00", "18:00")
    bk.timesheet(week(mon=long_day, tue=long_day, wed=long_day, thu=long_day, fri=long_day, sat=long_day),
                 staff_id=bob)
    company = ("08:00", "20:00")
    bk.timesheet(week(mon=company, tue=company, wed=company, thu=company, fri=company, sat=company))
    john = bk.customer("John", "Doe", "john.doe@example.com", phone_number="+1 555 1001", birthdate="1985-04-12",
                       gender="male", notes="Prefers mornings", created_at="2026-11-01 10:00:00")
    jane = bk.customer("Jane", "Roe", "jane.roe@example.com", phone_number="+1 555 1002", gender="female",
                       created_at="2026-11-02 11:30:00")
    carlos = bk.customer("Carlos", "Mendez", "carlos.mendez@example.com", created_at="2026-11-03 12:45:00")
    common = {"client_timezone": "UTC", "payment_id": PAYMENT_ID}
    first = bk.appointment(service_id=haircut, staff_id=alice, customer_id=john, location_id=downtown,
                           starts_at=1796119200, minutes=45, extras=[(scalp, 1, "10.00", 15)],
                           prices=[("service_price", "30.00", 1), ("service_extra", "10.00", 1)],
                           note="First visit", created_at=1794000000, **common)
    bk.appointment(service_id=coloring, staff_id=alice, customer_id=jane, location_id=downtown, status="pending",
                   starts_at=1796133600, minutes=90, buffer_after=10, prices=[("service_price", "80.00", 1)],
                   created_at=1794200000, **common)
    bk.appointment(service_id=deep, staff_id=bob, customer_id=carlos, location_id=uptown, starts_at=1796209200,
                   minutes=60, buffer_before=5, buffer_after=15, payment_status="paid", paid_amount="60.00",
                   prices=[("service_price", "60.00", 1)], created_at=1794400000, **common)
    bk.appointment(service_id=haircut, staff_id=bob, customer_id=john, location_id=uptown, status="canceled",
                   starts_at=1794322800, minutes=30, prices=[("service_price", "30.00", 1)], created_at=1794010800,
                   **common)
    bk.appointment(service_id=haircut, staff_id=alice, customer_id=jane, location_id=downtown, status="pending",
                   starts_at=1796288400, minutes=30, payment_status="pending", note="Bring photo",
                   prices=[("service_price", "30.00", 1), ("discount", "5.00", -1)], created_at=1795010800, **common)
    bk.notification(1, "New appointment", "John Doe booked Haircut on 2026-12-01 10:00",
                    {"url": "appointments.info", "id": first}, read_at=None,
                    created_at="2026-11-20 08:00:00", updated_at="2026-11-20 08:00:00")
    bk.notification(1, "Customer created", "Carlos Mendez was added", {"url": "customers.info", "id": carlos},
                    read_at="2026-11-20 09:15:00", created_at="2026-11-20 09:00:00", updated_at="2026-11-20 09:15:00")
