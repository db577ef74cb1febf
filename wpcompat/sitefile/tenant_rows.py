"""A tenant's booking rows from its validated part of a site file.

Catalogue, staff and customers are plain rows; appointments go through the booking domain's
:func:`~wpcompat.booking.appointments.book`, so their times, price lines and audit row
are computed exactly as for an API booking. Everything runs as the tenant (the tenant guard stamps
each row), and refs resolve in this tenant's dictionaries only.
"""
from __future__ import annotations

from collections import Counter

from ..booking import appointments, notifications
from ..booking.errors import BookingError
from ..booking.models import (AppointmentPrice, BusinessHours, Customer, Location, Service, ServiceCategory, ServiceExtra,
                              Staff)
from ..extensions import db
from ..platform.models import Tenant, User, utcnow
from ..tenancy import tenant as tenant_scope
from .errors import SiteFileError
from .fields import to_epoch
from .references import Path

_COLUMN_NAMES = {"phone": "phone_number"}  # file key -> column, where they differ
# Domain error fields -> where the value is in an appointment of the file.
_APPOINTMENT_KEYS = {"payment_status": ("payment", "status"), "paid_amount": ("payment", "paid_amount")}


def build_tenant_rows(tenant: Tenant, data: dict, users: dict[str, User], path: Path, counts: Counter) -> None:
    """Create the business hours, locations, catalogue, staff, customers, appointments and notifications of one tenant."""
    with tenant_scope(tenant.id):
        if "business_hours" in data:
            hours = data["business_hours"]
            db.session.add(BusinessHours(timesheet=hours["timesheet"],
                                         days_off=[day.isoformat() for day in hours["days_off"]]))
        locations = {item["ref"]: _add(Location(**_columns(item)), counts, "locations")
                     for item in data["locations"]}
        categories = _categories(data["service_categories"], counts)
        services, extras = _services(data["services"], categories, counts)
        staff = {item["ref"]: _staff(item, users, services, locations, counts) for item in data["staff"]}
        customers = {item["ref"]: _add(Customer(**_columns(item)), counts, "customers")
                     for item in data["customers"]}
        # The domain compares tenant ids and reads row ids: every row needs them before booking.
        db.session.flush()
        booked = {}
        for i, item in enumerate(data["appointments"]):
            try:
                booked[item["ref"]] = appointments.book(
                    service=services[item["service"]], staff=staff[item["staff"]],
                    customer=customers[item["customer"]], location=locations.get(item.get("location")),
                    starts_at=to_epoch(item["starts_at"], tenant.timezone), status=item["status"],
                    weight=item["weight"], note=item.get("note"),
                    extras=[(extras[item["service"], line["extra"]], line["quantity"]) for line in item["extras"]],
                    payment_status=item["payment"]["status"], paid_amount=item["payment"]["paid_amount"],
                    payment_method=item["payment"]["method"],
                    # Seed data may lie in the past or overlap on purpose; its notifications are in the file.
                    check_availability=False, source="site-file", notify=False,
                )
            except BookingError as exc:
                raise SiteFileError.at((*path, "appointments", i, *_key_of(exc.field, item)), str(exc)) from None
            if item.get("discount"):
                booked[item["ref"]].prices.append(
                    AppointmentPrice(unique_key="discount", price=item["discount"], negative_or_positive=-1))
            counts["appointments"] += 1
        for item in data["notifications"]:
            _notification(item, users, booked, customers)
            counts["notifications"] += 1


def _notification(item: dict, users: dict[str, User], booked: dict, customers: dict[str, Customer]) -> None:
    url = target = None
    if "appointment" in item:
        url, target = "appointments.info", booked[item["appointment"]].id
    elif "customer" in item:
        url, target = "customers.info", customers[item["customer"]].id
    notifications.create_notification(users[item["user"]].id, item["title"], item["message"], url=url,
                                      target_id=target, read_at=utcnow() if item["read"] else None)


def _key_of(field: str | None, item: dict) -> tuple[str, ...]:
    """Where in the file's appointment the value a domain error names is (the appointment if unsure)."""
    if field in _APPOINTMENT_KEYS:
        return _APPOINTMENT_KEYS[field]
    return (field,) if field in item else ()


def _columns(item: dict) -> dict:
    """The row's columns: the item without its ref, file keys renamed to column names."""
    return {_COLUMN_NAMES.get(key, key): value for key, value in item.items() if key != "ref"}


def _add(row, counts: Counter, kind: str):
    db.session.add(row)
    counts[kind] += 1
    return row


def _categories(items: list[dict], counts: Counter) -> dict[str, ServiceCategory]:
    categories = {item["ref"]: _add(ServiceCategory(name=item["name"]), counts, "service_categories")
                  for item in items}
    # Parents may be defined after their children, so link them once all exist.
    for item in items:
        if "parent" in item:
            categories[item["ref"]].parent = categories[item["parent"]]
    return categories


def _services(items: list[dict], categories: dict[str, ServiceCategory], counts: Counter
              ) -> tuple[dict[str, Service], dict[tuple[str, str], ServiceExtra]]:
    services, extras = {}, {}
    for item in items:
        columns = {k: v for k, v in _columns(item).items() if k not in ("category", "extras")}
        service = _add(Service(category=categories.get(item.get("category")), **columns), counts, "services")
        services[item["ref"]] = service
        for extra in item["extras"]:
            extras[item["ref"], extra["ref"]] = _add(ServiceExtra(service=service, **_columns(extra)),
                                                     counts, "service_extras")
    return services, extras


def _staff(item: dict, users: dict[str, User], services: dict[str, Service], locations: dict[str, Location],
           counts: Counter) -> Staff:
    columns = {k: v for k, v in _columns(item).items()
               if k not in ("user", "services", "locations", "days_off", "special_days")}
    member = Staff(
        **columns,
        user_id=users[item["user"]].id if "user" in item else None,
        days_off=[day.isoformat() for day in item["days_off"]],
        special_days={day.isoformat(): intervals for day, intervals in sorted(item["special_days"].items())},
        services=[services[ref] for ref in item["services"]],
        locations=[locations[ref] for ref in item["locations"]],
    )
    return _add(member, counts, "staff")
