"""A tenant's own settings: time zone, currency, the status of a new booking, and the company's business hours.

The time zone, currency and default status live on the platform's ``tenants`` row (the platform owner sets
them when creating the tenant); the owner changes them here. A new time zone moves every working hour to
other instants, so it is checked like an hours change (:func:`.hours.stranded_appointments` for every staff
member): refused with :class:`~.errors.Conflict`, or made and reported with ``allow_stranded``. Business
hours (:mod:`.business_hours`) are the fallback of Booknetic's calendar only: no booking depends on them.
Functions add and flush; the caller commits.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from .. import tenancy
from ..extensions import db
from ..platform.identity import TenantInfo
from ..platform.models import Tenant
from . import hours
from .errors import InvalidBooking
from .models import BusinessHours, Staff
from .statuses import STATUSES

FIELDS = ("timezone", "currency", "default_status", "business_hours")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Settings:
    timezone: str
    currency: str
    default_status: str
    business_hours: BusinessHours | None  # None: no business hours (Booknetic's fallback offers nothing)


def _tenant() -> Tenant:
    return db.session.execute(select(Tenant).where(Tenant.id == tenancy.active_tenant_id())).scalar_one()


def _business_hours() -> BusinessHours | None:
    return db.session.execute(select(BusinessHours)).scalar_one_or_none()


def get_settings() -> Settings:
    """The active tenant's settings."""
    tenant = _tenant()
    return Settings(tenant.timezone, tenant.currency, tenant.default_status, _business_hours())


def _zone(value: Any) -> ZoneInfo | None:
    try:
        return ZoneInfo(value) if isinstance(value, str) and value else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _business_hours_changes(value: Any, problems: dict[str, str]) -> dict[str, Any] | None:
    """``{"timesheet": stored, "days_off": [...]}`` of the API's business hours (None: remove them)."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"timesheet", "days_off"}:
        problems["business_hours"] = "Business hours are null or {\"timesheet\", \"days_off\"}."
        return None
    try:
        return {"timesheet": hours.week_intervals(value.get("timesheet") or {}),
                "days_off": hours.dates(value.get("days_off") or [])}
    except hours.HoursError as error:
        problems["business_hours"] = str(error).capitalize() + "."
        return None


def setting_problems(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with the given time zone, currency and default status (here and on the main site's
    tenants, which set them when a tenant is created)."""
    problems: dict[str, str] = {}
    if "timezone" in values and _zone(values["timezone"]) is None:
        problems["timezone"] = "Not an IANA time zone."
    if "currency" in values and not (isinstance(values["currency"], str) and _CURRENCY.fullmatch(values["currency"])):
        problems["currency"] = "A currency is an ISO 4217 code such as EUR."
    if "default_status" in values and values["default_status"] not in STATUSES:
        problems["default_status"] = f"A status is one of {', '.join(STATUSES)}."
    return problems


def update_settings(allow_stranded: bool = False, **values: Any) -> tuple[Settings, list[int]]:
    """Change the given settings; returns them and the appointments a new time zone strands (only with
    ``allow_stranded``: without it such a change is refused with :class:`~.errors.Conflict`)."""
    problems = setting_problems(values)
    zone = _zone(values["timezone"]) if "timezone" in values else None
    business = _business_hours_changes(values.get("business_hours"), problems)
    if problems:
        raise InvalidBooking("Invalid settings", errors=problems)

    tenant = _tenant()
    stranded: list[int] = []
    if zone is not None and values["timezone"] != tenant.timezone:
        old_zone, found = ZoneInfo(tenant.timezone or "UTC"), []
        for staff in db.session.execute(select(Staff).order_by(Staff.id)).scalars():
            # Only what the new zone strands: bookings already outside the hours are not the change's doing.
            before = set(hours.stranded_appointments(staff, old_zone))
            found += [i for i in hours.stranded_appointments(staff, zone) if i not in before]
        stranded = hours.check_stranding(found, allow_stranded)
    for name in ("timezone", "currency", "default_status"):
        if name in values:
            setattr(tenant, name, values[name])
    if "business_hours" in values:
        _set_business_hours(business)
    db.session.flush()
    _refresh_known(tenant)
    return get_settings(), stranded


def _set_business_hours(business: dict[str, Any] | None) -> None:
    row = _business_hours()
    if business is None:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = BusinessHours()
        db.session.add(row)
    row.timesheet, row.days_off = business["timesheet"], business["days_off"]


def _refresh_known(tenant: Tenant) -> None:
    # The request read its tenant once (TenantInfo): the rest of it (e.g. the answer) sees the new values.
    known = tenancy.remembered(tenant.id)
    if isinstance(known, TenantInfo):
        tenancy.remember(tenant.id, dataclasses.replace(known, timezone=tenant.timezone, currency=tenant.currency,
                                                        default_status=tenant.default_status))
