"""A generated platform for the benchmark: N tenants, their catalogue through a site file, bulk bookings.

The small part (site, plan, owner, tenants with an owner, an application password, a TeamBooking token,
a location, two services and five staff members each) is loaded with the site-file loader, so it is
exactly what ``wpcompat load`` makes. The bulk (customers, appointments and their ``service_price`` lines)
is inserted with SQLAlchemy Core executemany inside ``tenancy.all_tenants()``: the ORM's per-object work
would take minutes. Appointment times follow the domain's rule (``appointments.booking_times``: ends at
start + duration, busy from start - buffer_before to end + buffer_after); each staff member gets four
bookings per working day (09:00, 11:00, 13:00, 15:00 local), never overlapping, spread from about 60% in
the past to the future, mostly approved, some pending or cancelled.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from wpcompat import create_app, tenancy
from wpcompat.booking.appointments import booking_times
from wpcompat.booking.models import Appointment, AppointmentPrice, Customer, Location, Service, Staff
from wpcompat.extensions import db
from wpcompat.platform.models import Tenant
from wpcompat.sitefile import load_site

TIMEZONE = "Europe/Amsterdam"
STAFF_PER_TENANT = 5
DAILY_STARTS = ("09:00", "11:00", "13:00", "15:00")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
FIRST_NAMES = ("Sam", "Eva", "Lee", "Noor", "Daan", "Emma", "Liam", "Mila", "Finn", "Zoë", "Jan", "Anna")
LAST_NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos")
BATCH = 5000


@dataclass
class TenantKeys:
    """What the load generator needs to call one tenant's APIs."""

    slug: str
    login: str
    app_password: str
    token: str
    service_id: int = 0  # the one-seat massage
    service_slug: str = "massage"
    staff_ids: list[int] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)


def _app_password(n: int) -> str:
    return f"Bench{n:03d}".ljust(24, "x")


def _token(n: int) -> str:
    return f"benchWRITE{n:03d}".ljust(32, "0")


def site_file(tenants: int) -> dict:
    """The site file of the platform's small part (see the module docstring)."""
    timesheet = {day: [["09:00", "17:00"]] for day in WEEKDAYS}
    return {
        "site": {"name": "Benchmark platform", "url": "http://127.0.0.1", "timezone": "UTC",
                 "tenant_urls": "directory"},
        "plans": [{"slug": "all", "name": "All modules", "modules": [
            "appointments", "customers", "locations", "services", "staff", "payments", "dashboard", "notifications"]}],
        "owner": {"login": "bench-owner", "email": "owner@bench.test", "password": secrets.token_hex(8)},
        "tenants": [{
            "slug": f"t{n:03d}", "name": f"Tenant {n}", "plan": "all", "timezone": TIMEZONE, "currency": "EUR",
            "users": [{"login": f"t{n:03d}-admin", "email": f"admin@t{n:03d}.test", "role": "tenant_owner",
                       "application_passwords": [{"name": "bench", "password": _app_password(n)}]}],
            "teambooking_tokens": [{"token": _token(n), "write": True}],
            "locations": [{"ref": "main", "name": "Main room"}],
            "services": [
                {"ref": "massage", "slug": "massage", "name": "Massage", "duration": 60, "price": 50.0,
                 "buffer_after": 15},
                {"ref": "yoga", "slug": "yoga", "name": "Yoga (group)", "duration": 60, "price": 20.0, "capacity": 8},
            ],
            "staff": [{"ref": f"s{k}", "name": f"Staff {k} of {n}", "email": f"s{k}@t{n:03d}.test",
                       "services": ["massage", "yoga"], "locations": ["main"], "timesheet": timesheet}
                      for k in range(STAFF_PER_TENANT)],
        } for n in range(tenants)],
    }


def _working_days(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _local_epoch(day: date, hhmm: str, zone: ZoneInfo) -> int:
    hours, minutes = map(int, hhmm.split(":"))
    return int(datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone).timestamp())


def _customers(tenant_id: int, n: int, count: int, now: datetime) -> list[dict]:
    return [{"tenant_id": tenant_id, "first_name": FIRST_NAMES[k % len(FIRST_NAMES)],
             "last_name": LAST_NAMES[(k // len(FIRST_NAMES)) % len(LAST_NAMES)],
             "email": f"c{k}@t{n:03d}.test", "phone_number": f"+31 6 {k:08d}", "created_at": now}
            for k in range(count)]


def _appointments(tenant_id: int, service: Service, staff_ids: list[int], location_id: int,
                  customer_ids: list[int], count: int, today: date) -> list[dict]:
    zone = ZoneInfo(TIMEZONE)
    per_day = len(staff_ids) * len(DAILY_STARTS)
    days = _working_days(today - timedelta(days=int(count / per_day * 1.4 * 0.6)), -(-count // per_day))
    rows, created = [], int(datetime.now().timestamp()) - 86400 * 30
    for k in range(count):
        day = days[k // per_day]
        slot = k % per_day
        start = _local_epoch(day, DAILY_STARTS[slot % len(DAILY_STARTS)], zone)
        ends_at, busy_from, busy_to = booking_times(service, start, 0)
        status = "canceled" if k % 17 == 0 else "pending" if k % 7 == 0 else "approved"
        rows.append({"tenant_id": tenant_id, "location_id": location_id, "service_id": service.id,
                     "staff_id": staff_ids[slot // len(DAILY_STARTS)], "customer_id": customer_ids[k % len(customer_ids)],
                     "status": status, "starts_at": start, "ends_at": ends_at, "busy_from": busy_from,
                     "busy_to": busy_to, "weight": 1, "payment_id": secrets.token_hex(16),
                     "payment_status": "paid" if k % 3 == 0 else "not_paid",
                     "paid_amount": service.price if k % 3 == 0 else Decimal("0"),
                     "client_timezone": TIMEZONE, "created_at": created + k})
    return rows


def _insert(table, rows: list[dict], returning=None) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        if returning is None:
            db.session.execute(insert(table), chunk)
        else:
            result = db.session.execute(insert(table).returning(returning, sort_by_parameter_order=True), chunk)
            ids += list(result.scalars())
    return ids


def generate(database_url: str, *, tenants: int, appointments: int, customers: int) -> list[TenantKeys]:
    """Fill the (migrated, empty) database at ``database_url``; returns each tenant's keys."""
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": database_url})
    keys: list[TenantKeys] = []
    with app.app_context():
        load_site(site_file(tenants))
        today, now = date.today(), datetime.now()
        with tenancy.all_tenants():
            for n, tenant in enumerate(db.session.execute(select(Tenant).order_by(Tenant.id)).scalars()):
                service = db.session.execute(select(Service).where(Service.tenant_id == tenant.id,
                                                                   Service.slug == "massage")).scalar_one()
                staff_ids = list(db.session.execute(select(Staff.id).where(Staff.tenant_id == tenant.id)
                                                    .order_by(Staff.id)).scalars())
                location_id = db.session.execute(select(Location.id).where(Location.tenant_id == tenant.id)).scalar_one()
                customer_ids = _insert(Customer.__table__, _customers(tenant.id, n, customers // tenants, now),
                                       Customer.__table__.c.id)
                rows = _appointments(tenant.id, service, staff_ids, location_id, customer_ids,
                                     appointments // tenants, today)
                appointment_ids = _insert(Appointment.__table__, rows, Appointment.__table__.c.id)
                _insert(AppointmentPrice.__table__, [
                    {"tenant_id": tenant.id, "appointment_id": i, "unique_key": "service_price",
                     "price": service.price, "negative_or_positive": 1} for i in appointment_ids])
                keys.append(TenantKeys(tenant.slug, f"{tenant.slug}-admin", _app_password(n), _token(n), service.id,
                                       "massage", staff_ids, customer_ids[:50]))
        db.session.commit()
        db.engine.dispose()
    return keys
