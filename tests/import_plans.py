"""Hand-made import plans for the writer's tests: what the readers hand the writer, without a WordPress.

:func:`spa_plan` is one Booknetic-like tenant with kept ids, rows WordPress had no id for (``NewId``), a
child category listed before its parent, an application password hashed by real PHP as WordPress 6.8
does (``$generic$``) and a TeamBooking token with usage counters.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from wpcompat.platform.models import MODULES, Role
from wpcompat.wordpress_import.plan import (ApplicationPasswordImport, ImportPlan, NewId, PlanImport, SiteImport,
                                            TenantImport, TokenImport, UserImport)

from .booking_support import epoch
from .wordpress_support import php

ADMIN_PASSWORD = "AbCd EfGh IjKl MnOp QrSt UvWx"
TOKEN = "Tb7kQ2mZp9XvL4nR8sW1yC6dF3gH5jK0"
MONDAY_10 = epoch("2030-01-07T10:00:00+01:00")
WEEKDAYS = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def site() -> SiteImport:
    return SiteImport(name="Aurora Spa", url="https://aurora.example", timezone="Europe/Vienna")


def user(user_id: int, login: str, role: Role, passwords: list[ApplicationPasswordImport] = ()) -> UserImport:
    return UserImport(id=user_id, login=login, email=f"{login}@aurora.example", display_name=login.title(),
                      registered_at=datetime(2024, 1, 15, 9, 30), role=role, application_passwords=list(passwords))


def app_password(password: str, uuid: str, hash_kind: str = "generic") -> ApplicationPasswordImport:
    [hashed] = php([f"{hash_kind}_hash", password.replace(" ", "")])
    return ApplicationPasswordImport(uuid=uuid, app_id="", name="Zapier", password_hash=hashed, created=1700000000,
                                     last_used=None, last_ip=None)


def appointment(appointment_id, staff, customer, starts_at: int = MONDAY_10, **columns) -> dict:
    return {"id": appointment_id, "location_id": 3, "service_id": 7, "staff_id": staff, "customer_id": customer,
            "status": "approved", "starts_at": starts_at, "ends_at": starts_at + 3600,
            "busy_from": starts_at, "busy_to": starts_at + 3600, "weight": 1, "payment_status": "not_paid",
            "paid_amount": Decimal("0"), "created_at": starts_at - 86400, **columns}


def spa_tenant(slug: str = "aurora", admin_password: str = ADMIN_PASSWORD, token: str = TOKEN,
               ids: int = 0, user_ids: int = 0) -> TenantImport:
    """One tenant; ``ids``/``user_ids`` shift every kept row/user id (another tenant's plan without clashes)."""
    bas, elodie = NewId("staff", "coworker 2"), NewId("customers", "elodie@aurora.example")
    u = user_ids
    tenant = TenantImport(slug=slug, name="Aurora Spa", timezone="Europe/Vienna", currency="EUR",
                          plan=PlanImport("booknetic", "Booknetic", list(MODULES)), source="booknetic")
    tenant.users = [user(1 + u, f"{slug}-admin", Role.TENANT_OWNER, [app_password(admin_password, f"{u:08d}-0000-4000-8000-000000000001")]),
                    user(5 + u, f"{slug}-anna", Role.STAFF), user(9 + u, f"{slug}-sam", Role.CUSTOMER)]
    tenant.rows.update({
        "business_hours": [{"timesheet": WEEKDAYS, "days_off": ["2030-12-25"]}],
        "locations": [{"id": 3 + ids, "name": "Canal House"}],
        "service_categories": [{"id": 4 + ids, "name": "Yoga", "parent_id": 2 + ids},
                               {"id": 2 + ids, "name": "Wellness"}],
        "services": [{"id": 7 + ids, "slug": "massage", "name": "Massage", "category_id": 2 + ids, "duration": 60,
                      "price": Decimal("50.00")}],
        "service_extras": [{"id": 11 + ids, "service_id": 7 + ids, "name": "Hot stones", "price": Decimal("10.00"),
                            "duration": 15}],
        "staff": [{"id": 6 + ids, "user_id": 5 + u, "name": "Anna Berg", "email": f"{slug}-anna@aurora.example",
                   "timesheet": WEEKDAYS},
                  {"id": bas, "name": "Bas Visser", "email": "bas@aurora.example", "timesheet": WEEKDAYS}],
        "staff_services": [{"staff_id": 6 + ids, "service_id": 7 + ids}, {"staff_id": bas, "service_id": 7 + ids}],
        "staff_locations": [{"staff_id": 6 + ids, "location_id": 3 + ids}],
        "customers": [{"id": 12 + ids, "user_id": 9 + u, "first_name": "Sam", "last_name": "Lee",
                       "email": f"{slug}-sam@aurora.example"},
                      {"id": elodie, "first_name": "Élodie", "last_name": "Durand", "email": "elodie@aurora.example"}],
        "appointments": [appointment(120 + ids, 6 + ids, 12 + ids, location_id=3 + ids, service_id=7 + ids),
                         appointment(121 + ids, bas, elodie, MONDAY_10 + 7200, location_id=3 + ids,
                                     service_id=7 + ids, status="pending")],
        "appointment_extras": [{"id": 30 + ids, "appointment_id": 120 + ids, "extra_id": 11 + ids, "quantity": 1,
                                "price": Decimal("10.00"), "duration": 15}],
        "appointment_prices": [{"id": 40 + ids, "appointment_id": 120 + ids, "unique_key": "service_price",
                                "price": Decimal("50.00")},
                               {"appointment_id": 121 + ids, "unique_key": "service_price",
                                "price": Decimal("50.00")}],
        "notifications": [{"id": 50 + ids, "user_id": 1 + u, "title": "New appointment", "message": "Sam booked"}],
    })
    tenant.teambooking_tokens = [TokenImport(token, write=True, usages={"get_reservations": 5})]
    return tenant


def spa_plan(*tenants: TenantImport) -> ImportPlan:
    return ImportPlan(site=site(), tenants=list(tenants) or [spa_tenant()])
