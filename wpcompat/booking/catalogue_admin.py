"""Changing a tenant's catalogue: services, their extras, service categories (the management API and CLI).

What Booknetic's admin screens enforce, in one place: a service's slug is unique in its tenant (made from
the name when none is given), durations are whole minutes ≥ 1, prices money ≥ 0 with at most two decimals,
capacity ≥ 1, an extra's minimum never above its maximum. Nothing booked is ever orphaned: a service, extra
or category still used is refused with :class:`~.errors.Conflict` naming what uses it — deactivate it
(``is_active``) instead. Changes apply to the next booking through either plugin (the same rows); existing
appointments keep their times and prices. Functions add and flush; the caller commits.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .errors import Conflict, InvalidBooking, NotFound
from .lookup import get_row, is_row_id, page_of
from .models import Appointment, AppointmentExtra, Service, ServiceCategory, ServiceExtra

APPROVALS = ("none", "admin", "staff")
PAYMENTS = ("later", "immediately", "discretional")
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_PRICE = Decimal("9999999999.99")  # Numeric(12, 2)
#: How many ids a refusal names (the rest are counted).
NAMED = 50


def money(value: Any) -> Decimal | None:
    """``value`` (a number or numeric string) as money ≥ 0 with at most two decimals, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def _whole(value: Any, least: int, most: int = 100_000) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= most


def _text(value: Any, size: int, required: bool) -> bool:
    return isinstance(value, str) and len(value) <= size and (not required or bool(value.strip()))


def slugify(name: str) -> str:
    """A URL slug of ``name`` (accents dropped, runs of other characters a dash), as WordPress's sanitize_title."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:100].strip("-") or "service"


def _unique_slug(base: str, service: Service | None) -> str:
    taken = set(db.session.execute(select(Service.slug).where(Service.slug.like(f"{base}%"))).scalars())
    if service is not None:
        taken.discard(service.slug)
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = base[:100 - len(suffix)] + suffix, n + 1
    return slug


def _category(category_id: Any) -> ServiceCategory | None:
    if not isinstance(category_id, int) or not is_row_id(category_id):
        return None
    return db.session.execute(select(ServiceCategory).where(ServiceCategory.id == category_id)).scalar_one_or_none()


# --- services

_SERVICE_CHECKS = {
    "name": (lambda v: _text(v, 255, True), "A name is 1-255 characters."),
    "duration": (lambda v: _whole(v, 1, 24 * 60 * 7), "A duration is a whole number of minutes, at least 1."),
    "price": (lambda v: money(v) is not None, "A price is an amount ≥ 0 with at most two decimals."),
    "capacity": (lambda v: _whole(v, 1), "Capacity is a whole number, at least 1."),
    "buffer_before": (lambda v: _whole(v, 0, 24 * 60), "A buffer is a whole number of minutes ≥ 0."),
    "buffer_after": (lambda v: _whole(v, 0, 24 * 60), "A buffer is a whole number of minutes ≥ 0."),
    "timeslot_length": (lambda v: _whole(v, 0, 24 * 60), "A slot length is whole minutes ≥ 0 (0: the default)."),
    "color": (lambda v: v is None or (isinstance(v, str) and COLOR.fullmatch(v) is not None), "A color is #rrggbb."),
    "description": (lambda v: v is None or _text(v, 5000, False), "A description is at most 5000 characters."),
    "is_active": (lambda v: isinstance(v, bool), "is_active is true or false."),
    "approval": (lambda v: v in APPROVALS, f"Approval is one of {', '.join(APPROVALS)}."),
    "payment": (lambda v: v in PAYMENTS, f"Payment is one of {', '.join(PAYMENTS)}."),
}
SERVICE_FIELDS = (*_SERVICE_CHECKS, "slug", "category")


def _service_problems(values: dict[str, Any], service: Service | None) -> dict[str, str]:
    problems = {name: message for name, (valid, message) in _SERVICE_CHECKS.items()
                if name in values and not valid(values[name])}
    slug = values.get("slug")
    if slug is not None:
        if not isinstance(slug, str) or SLUG.fullmatch(slug) is None:
            problems["slug"] = "A slug is lower-case letters, digits and inner dashes (at most 100)."
        elif db.session.execute(select(Service.id).where(Service.slug == slug,
                                                         Service.id != (service.id if service else -1))).first():
            problems["slug"] = "Another service has this slug."
    if values.get("category") is not None and _category(values["category"]) is None:
        problems["category"] = "No service category has this id."
    return problems


def get_service(service_id: int) -> Service:
    return get_row(Service, service_id, "Service")


def list_services(page: int, per_page: int) -> tuple[list[Service], int]:
    return page_of(Service, page, per_page)


def _apply_service(service: Service, values: dict[str, Any]) -> None:
    for name in _SERVICE_CHECKS:
        if name in values:
            setattr(service, name, money(values[name]) if name == "price" else values[name])
    if "category" in values:
        service.category_id = values["category"]


def create_service(**values: Any) -> Service:
    """A new service (``name``, ``duration`` and ``price`` required); its slug from the name unless given."""
    missing = {name: f"{name} is required." for name in ("name", "duration", "price") if values.get(name) is None}
    problems = missing or _service_problems(values, None)
    if problems:
        raise InvalidBooking("Invalid service", errors=problems)
    service = Service(slug=values.get("slug") or _unique_slug(slugify(values["name"]), None), capacity=1,
                      buffer_before=0, buffer_after=0, timeslot_length=0, is_active=True)
    _apply_service(service, values)
    try:
        with db.session.begin_nested():  # a concurrent create may take the slug between check and insert
            db.session.add(service)
            db.session.flush()
    except IntegrityError:
        raise InvalidBooking("Invalid service", errors={"slug": "Another service has this slug."}) from None
    return service


def update_service(service: Service, **values: Any) -> Service:
    """Change the given fields; the next booking through either plugin sees them."""
    problems = _service_problems(values, service)
    if problems:
        raise InvalidBooking("Invalid service", errors=problems)
    _apply_service(service, values)
    if values.get("slug"):
        service.slug = values["slug"]
    db.session.flush()
    return service


def _used_by_appointments(column, row_id: int) -> list[int]:
    return list(db.session.execute(select(Appointment.id).where(column == row_id).order_by(Appointment.id)
                                   .limit(NAMED)).scalars())


def delete_service(service: Service) -> None:
    """Delete a service nobody booked (its extras and staff links go with it); a booked one: Conflict."""
    booked = _used_by_appointments(Appointment.service_id, service.id)
    if booked:
        raise Conflict("The service has appointments: deactivate it (is_active false) instead.",
                       data={"appointments": booked})
    for extra in list(service.extras):
        _refuse_used_extra(extra)
        db.session.delete(extra)
    db.session.delete(service)
    db.session.flush()


# --- extras

_EXTRA_CHECKS = {
    "name": (lambda v: _text(v, 255, True), "A name is 1-255 characters."),
    "price": (lambda v: money(v) is not None, "A price is an amount ≥ 0 with at most two decimals."),
    "duration": (lambda v: _whole(v, 0, 24 * 60), "A duration is whole minutes ≥ 0."),
    "min_quantity": (lambda v: _whole(v, 0), "min_quantity is a whole number ≥ 0."),
    "max_quantity": (lambda v: _whole(v, 1), "max_quantity is a whole number ≥ 1."),
    "is_active": (lambda v: isinstance(v, bool), "is_active is true or false."),
    "notes": (lambda v: v is None or _text(v, 5000, False), "Notes are at most 5000 characters."),
}
EXTRA_FIELDS = tuple(_EXTRA_CHECKS)


def get_extra(service: Service, extra_id: int) -> ServiceExtra:
    extra = None
    if is_row_id(extra_id):
        extra = db.session.execute(select(ServiceExtra).where(
            ServiceExtra.id == extra_id, ServiceExtra.service_id == service.id)).scalar_one_or_none()
    if extra is None:
        raise NotFound("Extra not found", field="extra_id")
    return extra


def _extra_problems(values: dict[str, Any], extra: ServiceExtra | None) -> dict[str, str]:
    problems = {name: message for name, (valid, message) in _EXTRA_CHECKS.items()
                if name in values and not valid(values[name])}
    if not problems:
        low = values.get("min_quantity", extra.min_quantity if extra else 0)
        high = values.get("max_quantity", extra.max_quantity if extra else 1)
        if low > high:
            problems["min_quantity"] = "min_quantity may not exceed max_quantity."
    return problems


def _apply_extra(extra: ServiceExtra, values: dict[str, Any]) -> None:
    for name in _EXTRA_CHECKS:
        if name in values:
            setattr(extra, name, money(values[name]) if name == "price" else values[name])


def create_extra(service: Service, **values: Any) -> ServiceExtra:
    missing = {name: f"{name} is required." for name in ("name", "price") if values.get(name) is None}
    problems = missing or _extra_problems(values, None)
    if problems:
        raise InvalidBooking("Invalid extra", errors=problems)
    extra = ServiceExtra(service=service, duration=0, min_quantity=0, max_quantity=1, is_active=True)
    _apply_extra(extra, values)
    db.session.add(extra)
    db.session.flush()
    return extra


def update_extra(extra: ServiceExtra, **values: Any) -> ServiceExtra:
    problems = _extra_problems(values, extra)
    if problems:
        raise InvalidBooking("Invalid extra", errors=problems)
    _apply_extra(extra, values)
    db.session.flush()
    return extra


def _refuse_used_extra(extra: ServiceExtra) -> None:
    booked = list(db.session.execute(select(AppointmentExtra.appointment_id).where(
        AppointmentExtra.extra_id == extra.id).order_by(AppointmentExtra.appointment_id).limit(NAMED)).scalars())
    if booked:
        raise Conflict("The extra is part of appointments: deactivate it (is_active false) instead.",
                       data={"appointments": booked})


def delete_extra(extra: ServiceExtra) -> None:
    _refuse_used_extra(extra)
    db.session.delete(extra)
    db.session.flush()


# --- categories

def get_category(category_id: int) -> ServiceCategory:
    return get_row(ServiceCategory, category_id, "Category")


def list_categories(page: int, per_page: int) -> tuple[list[ServiceCategory], int]:
    return page_of(ServiceCategory, page, per_page)


def _ancestors(category: ServiceCategory) -> set[int]:
    seen, current = set(), category
    while current is not None and current.id not in seen:
        seen.add(current.id)
        current = current.parent
    return seen


def _category_problems(values: dict[str, Any], category: ServiceCategory | None) -> dict[str, str]:
    problems = {}
    if "name" in values and not _text(values["name"], 255, True):
        problems["name"] = "A name is 1-255 characters."
    parent_id = values.get("parent")
    if parent_id is not None:
        parent = _category(parent_id)
        if parent is None:
            problems["parent"] = "No service category has this id."
        elif category is not None and category.id in _ancestors(parent):
            problems["parent"] = "A category cannot be inside itself."
    return problems


def create_category(**values: Any) -> ServiceCategory:
    problems = {"name": "name is required."} if values.get("name") is None else _category_problems(values, None)
    if problems:
        raise InvalidBooking("Invalid category", errors=problems)
    category = ServiceCategory(name=values["name"], parent_id=values.get("parent"))
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: ServiceCategory, **values: Any) -> ServiceCategory:
    problems = _category_problems(values, category)
    if problems:
        raise InvalidBooking("Invalid category", errors=problems)
    if "name" in values:
        category.name = values["name"]
    if "parent" in values:
        category.parent_id = values["parent"]
    db.session.flush()
    return category


def delete_category(category: ServiceCategory) -> None:
    """Delete an empty category (services or sub-categories in it: Conflict)."""
    services = list(db.session.execute(select(Service.id).where(Service.category_id == category.id)
                                       .order_by(Service.id).limit(NAMED)).scalars())
    children = list(db.session.execute(select(ServiceCategory.id).where(ServiceCategory.parent_id == category.id)
                                       .order_by(ServiceCategory.id).limit(NAMED)).scalars())
    if services or children:
        raise Conflict("The category is not empty: move its services and sub-categories first.",
                       data={"services": services, "categories": children})
    db.session.delete(category)
    db.session.flush()
