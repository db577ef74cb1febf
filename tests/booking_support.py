"""Factories for booking tests: catalogue, staff, customers and the Booknetic golden seed.

Every function takes the tenant explicitly (a Tenant or its id), stamps rows with it and flushes
inside that tenant; none commits. Callers run them inside ``app.app_context()``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import (Appointment, AppointmentPrice, Customer, Location, Service, ServiceCategory,
                                     ServiceExtra, Staff)
from wpcompat.extensions import db
from wpcompat.platform.models import Tenant

NINE_TO_FIVE = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def _tid(tenant: Tenant | int) -> int:
    return tenant if isinstance(tenant, int) else tenant.id


def _save(tenant: Tenant | int, row):
    row.tenant_id = _tid(tenant)
    with tenancy.tenant(_tid(tenant)):
        db.session.add(row)
        db.session.flush()
    return row


def epoch(iso: str) -> int:
    """Epoch seconds of an ISO time; a naive one is UTC."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def make_location(tenant, name: str = "Downtown Studio", **fields) -> Location:
    return _save(tenant, Location(name=name, **fields))


def make_category(tenant, name: str, parent: ServiceCategory | None = None) -> ServiceCategory:
    return _save(tenant, ServiceCategory(name=name, parent_id=parent.id if parent else None))


def make_service(tenant, name: str, *, duration: int = 30, price: str = "30.00", capacity: int = 1,
                 buffer_before: int = 0, buffer_after: int = 0, category: ServiceCategory | None = None,
                 slug: str | None = None, **fields) -> Service:
    return _save(tenant, Service(
        name=name, slug=slug or name.lower().replace(" ", "-"), duration=duration, price=Decimal(price),
        capacity=capacity, buffer_before=buffer_before, buffer_after=buffer_after,
        category_id=category.id if category else None, **fields))


def make_extra(tenant, service: Service | None, name: str, *, price: str = "10.00", duration: int = 0,
               min_quantity: int = 0, max_quantity: int = 1, **fields) -> ServiceExtra:
    return _save(tenant, ServiceExtra(service_id=service.id if service else None, name=name, price=Decimal(price),
                                      duration=duration, min_quantity=min_quantity, max_quantity=max_quantity,
                                      **fields))


def make_staff(tenant, name: str, *, services=(), locations=(), timesheet=None, days_off=(),
               user_id: int | None = None, email: str | None = None, **fields) -> Staff:
    staff = Staff(name=name, email=email or f"{name.split()[0].lower()}@example.com", user_id=user_id,
                  timesheet=dict(NINE_TO_FIVE if timesheet is None else timesheet), days_off=list(days_off),
                  **fields)
    staff.services = list(services)
    staff.locations = list(locations)
    return _save(tenant, staff)


def make_customer(tenant, first_name: str, last_name: str, email: str | None = None, **fields) -> Customer:
    email = email or f"{first_name}.{last_name}@example.com".lower()
    return _save(tenant, Customer(first_name=first_name, last_name=last_name, email=email, **fields))


@dataclass
class GoldenSeed:
    """The Booknetic 5.1.2 golden seed (specs/golden/booknetic-5.1.2/SEED.md), by its seed ids."""

    locations: dict[int, Location]
    services: dict[int, Service]
    extra: ServiceExtra
    staff: dict[int, Staff]
    customers: dict[int, Customer]
    appointments: dict[int, Appointment]


def make_golden_seed(tenant) -> GoldenSeed:
    """Build SEED.md in ``tenant`` (give it timezone UTC: the seed's times are UTC)."""
    loc = {1: make_location(tenant, "Downtown Studio", address="1 Main Street, Springfield"),
           2: make_location(tenant, "Uptown Clinic", address="200 Oak Avenue, Springfield")}
    hair, massage = make_category(tenant, "Hair"), make_category(tenant, "Massage")
    svc = {1: make_service(tenant, "Haircut", duration=30, price="30.00", category=hair),
           2: make_service(tenant, "Hair Coloring", duration=90, price="80.00", buffer_after=10, category=hair),
           3: make_service(tenant, "Deep Tissue Massage", duration=60, price="60.00", buffer_before=5,
                           buffer_after=15, capacity=2, category=massage)}
    scalp = make_extra(tenant, svc[1], "Scalp Treatment", price="10.00", duration=15, max_quantity=2)
    weekdays_with_break = {d: [["09:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    staff = {1: make_staff(tenant, "Alice Johnson", services=[svc[1], svc[2]], locations=[loc[1], loc[2]],
                           timesheet=weekdays_with_break, email="alice@example.com", profession="Stylist"),
             2: make_staff(tenant, "Bob Smith", services=[svc[3], svc[1]], locations=[loc[2]],
                           timesheet={d: [["10:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")},
                           email="bob@example.com", profession="Massage therapist")}
    cust = {1: make_customer(tenant, "John", "Doe"), 2: make_customer(tenant, "Jane", "Roe"),
            3: make_customer(tenant, "Carlos", "Mendez")}

    def book(customer, service, member, location, status, start, **kwargs):
        with tenancy.tenant(_tid(tenant)):
            return appointments.book(
                service=svc[service], staff=staff[member], customer=cust[customer], location=loc[location],
                status=status, starts_at=epoch(start), check_availability=False, notify=False,
                source="site-file", **kwargs)

    appts = {1: book(1, 1, 1, 1, "approved", "2026-12-01T10:00:00", extras=[(scalp, 1)]),
             2: book(2, 2, 1, 1, "pending", "2026-12-01T14:00:00"),
             3: book(3, 3, 2, 2, "approved", "2026-12-02T11:00:00", payment_status="paid",
                     paid_amount=Decimal("60.00")),
             4: book(1, 1, 2, 2, "canceled", "2026-11-10T15:00:00"),
             5: book(2, 1, 1, 1, "pending", "2026-12-03T09:00:00", payment_status="pending")}
    with tenancy.tenant(_tid(tenant)):
        appts[5].prices.append(AppointmentPrice(unique_key="discount", price=Decimal("5.00"), negative_or_positive=-1))
        db.session.flush()
    return GoldenSeed(loc, svc, scalp, staff, cust, appts)


@dataclass
class Catalogue:
    """A small tenant catalogue: one location, a massage with buffers and an extra, a group class."""

    location: Location
    other_location: Location
    massage: Service  # 60 min, 10 min before / 15 min after, EUR 50
    stones: ServiceExtra  # +15 min, EUR 10, up to 2
    yoga: Service  # 90 min group class, 8 seats, EUR 20
    anna: Staff  # Mon-Fri 09:00-12:00 and 13:00-17:00, at `location` only
    customer: Customer


def make_catalogue(tenant, *, staff_user_id: int | None = None, days_off=()) -> Catalogue:
    """A catalogue for ``tenant``; ``staff_user_id`` links Anna's staff row to a WordPress user."""
    location, other = make_location(tenant, "Canal House"), make_location(tenant, "Park Pavilion")
    massage = make_service(tenant, "Swedish massage", duration=60, price="50.00", buffer_before=10, buffer_after=15)
    stones = make_extra(tenant, massage, "Hot stones", price="10.00", duration=15, max_quantity=2)
    yoga = make_service(tenant, "Flow yoga", duration=90, price="20.00", capacity=8)
    anna = make_staff(tenant, "Anna de Vries", services=[massage, yoga], locations=[location], user_id=staff_user_id,
                      timesheet={d: [["09:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
                      days_off=days_off)
    customer = make_customer(tenant, "Sam", "Jones")
    return Catalogue(location, other, massage, stones, yoga, anna, customer)
