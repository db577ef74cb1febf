"""SQL statements per list request: a small constant, whatever the number of rows (no N+1 queries).

Every SQL statement a request sends is counted (SQLAlchemy's ``before_cursor_execute``). Each list is
requested once with the fixtures' few rows and again after many more rows of every kind were added:
the count must not grow, and must stay within the budget. A first request is made beforehand: it reads
the site row (once per process) and writes the application password's daily "last used" stamp.

Booknetic lists cost the user with their application passwords and their tenant (the site's tenant, when
the URL names theirs: no second lookup), then the count and the page with everything it shows; a staff
user adds the lookup of their own staff records. TeamBooking calls cost the site's tenant, the token and
the token's usage counter (a write per successful call, as the plugin counts them) around the operation.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import event, select

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import Service
from wpcompat.extensions import db

from .booking_support import epoch, make_customer, make_location, make_service, make_staff
from .booknetic_support import AURORA, SPLIT_DAY, call, frozen_clock, salon  # noqa: F401
from .teambooking_support import booked_id, shop, tb_get  # noqa: F401

LIST_BUDGET = 4
BOOKNETIC_LISTS = [
    "/appointments?limit=20", "/appointments?limit=20&search=a&orderBy=customer_name", "/customers",
    "/customers?search=e", "/staffs", "/services", "/services/categories", "/services/extras", "/locations",
    "/notifications", "/dashboard/upcoming-appointments", "/appointments/statuses",
]
# TeamBooking: 3 fixed statements (tenant, token, usage counter) + the operation's own.
TEAMBOOKING_LISTS = {
    "get_reservations": ({}, LIST_BUDGET),
    "get_services": ({}, LIST_BUDGET + 1),  # + the tenant owner, whose e-mail each service resource shows
    # + the service, its staff and their first locations (two plain-row reads: cheaper than one ORM eager load
    # of thousands of objects) and the busy periods of the whole window.
    "get_slots": ({"service_id": "swedish-massage", "from": "2030-01-07", "to": "2030-03-07"}, LIST_BUDGET + 3),
}


@contextmanager
def counting(app) -> Iterator[list[str]]:
    """The statements sent to the database inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _statements(app, request) -> int:
    with counting(app) as statements:
        response = request()
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(statements)


def _add_rows(app, tenant_id: int, n: int = 12) -> None:
    """Many more rows of every kind: staff, locations, services, customers and their appointments."""
    with app.app_context(), tenancy.tenant(tenant_id):
        services = list(db.session.execute(select(Service).order_by(Service.id)).scalars())
        services.append(make_service(tenant_id, "Extra class", slug="extra-class", capacity=3))
        for i in range(n):
            location = make_location(tenant_id, f"Room {i}")
            staff = make_staff(tenant_id, f"Staff{i} Member", services=services, locations=[location],
                               timesheet=SPLIT_DAY)
            customer = make_customer(tenant_id, f"Extra{i}", "Customer", email=f"extra{i}@example.test")
            for day in range(3):
                appointments.book(
                    service=services[(i + day) % len(services)], staff=staff, customer=customer, location=location,
                    starts_at=epoch(f"2030-01-{8 + day:02d}T09:00:00+01:00"), status="approved",
                    check_availability=False, notify=True, source="test")
        db.session.commit()


def _booknetic_counts(app, client, member) -> dict[str, int]:
    return {path: _statements(app, lambda p=path: call(client, "GET", f"{AURORA}{p}", member))
            for path in BOOKNETIC_LISTS}


def test_booknetic_lists_cost_the_same_few_statements_at_any_size(app, client, world, salon):
    call(client, "GET", f"{AURORA}/appointments", world.aurora_admin)  # site row, daily password stamp
    few = _booknetic_counts(app, client, world.aurora_admin)
    _add_rows(app, salon.aurora_id)
    many = _booknetic_counts(app, client, world.aurora_admin)
    assert many == few
    assert {path: n for path, n in many.items() if n > LIST_BUDGET} == {}
    # user (with tenant and passwords), count, page
    assert many["/appointments?limit=20"] == many["/customers"] == 3


def test_a_listed_page_holds_its_rows(app, client, world, salon):
    _add_rows(app, salon.aurora_id)
    response = call(client, "GET", f"{AURORA}/appointments", world.aurora_admin, query={"limit": 20})
    rows = response.get_json()["data"]
    assert len(rows) == 20 and response.get_json()["meta"]["total"] == "38"
    assert all(row["customer_first_name"] and row["staff_name"] and row["service_name"] for row in rows)


def test_staff_lists_add_only_the_lookup_of_their_staff_records(app, client, world, salon):
    # A staff user sees their own rows: one more statement finds their staff records.
    call(client, "GET", f"{AURORA}/appointments", world.aurora_staff)
    few = _booknetic_counts(app, client, world.aurora_staff)
    _add_rows(app, salon.aurora_id)
    many = _booknetic_counts(app, client, world.aurora_staff)
    assert many == few
    assert {path: n for path, n in many.items() if n > LIST_BUDGET} == {}
    assert many["/appointments?limit=20"] == 4


def test_wordpress_index_reads_nothing_once_warm(app, client, world, salon):
    client.get("/wp-json/")
    assert _statements(app, lambda: client.get("/wp-json/")) == 0


@pytest.mark.parametrize("operation", sorted(TEAMBOOKING_LISTS))
def test_teambooking_lists_cost_the_same_few_statements_at_any_size(app, client, world, shop, operation):
    params, budget = TEAMBOOKING_LISTS[operation]
    booked_id(client, shop)
    few = _statements(app, lambda: tb_get(client, operation, shop.read, **params))
    _add_rows(app, shop.aurora_id)
    many = _statements(app, lambda: tb_get(client, operation, shop.read, **params))
    assert many == few <= budget
