"""``/wpcompat/v1/staff``: a tenant's staff members, what and where they serve, their weekly hours with
breaks, days off and special days. Rules: :mod:`wpcompat.booking.staff_admin` and :mod:`wpcompat.booking.hours`
(a change that would strand booked appointments: 409 ``wpcompat_bookings_stranded``, or made with
``allow_stranded=true`` and reported as ``stranded_appointments``)."""
from __future__ import annotations

from typing import Any

from wpcompat.booking import hours, staff_admin
from wpcompat.booking.models import Staff
from wpcompat.booking.schedule import WEEKDAYS
from wpcompat.php.json import PhpObject
from wpcompat.rest import rest_url

from .collections import Collection
from .namespace import owner_or_staff_with, tenant_owner
from .resources import ALL_CONTEXTS, VIEW_EDIT, ItemSchema

_HHMM = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"}
_PAIR = {"type": "array", "items": _HHMM, "minItems": 2, "maxItems": 2}
DAY = {"type": ["object", "null"], "description": "Working hours of a day, or null for a day off.",
       "properties": {"start": _HHMM, "end": _HHMM, "breaks": {"type": "array", "items": _PAIR}}}


def _text(description: str, size: int, nullable: bool = True, **more: Any) -> dict[str, Any]:
    kind = ["string", "null"] if nullable else "string"
    return {"description": description, "type": kind, "maxLength": size, "context": VIEW_EDIT, **more}


SCHEMA = ItemSchema("staff", {
    "id": {"description": "Unique identifier for the staff member.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "name": {**_text("Full name.", 255, nullable=False), "minLength": 1, "required": True, "context": ALL_CONTEXTS},
    "email": {**_text("E-mail address.", 255, nullable=False), "required": True},
    "phone_number": _text("Phone number.", 64),
    "profession": _text("Profession.", 255),
    "about": _text("About the staff member.", 5000),
    "is_active": {"description": "Whether the staff member takes bookings.", "type": "boolean",
                  "context": ALL_CONTEXTS},
    "services": {"description": "Ids of the services the staff member provides.", "type": "array",
                 "items": {"type": "integer"}, "context": VIEW_EDIT},
    "locations": {"description": "Ids of the locations the staff member works at.", "type": "array",
                  "items": {"type": "integer"}, "context": VIEW_EDIT},
    "timesheet": {"description": "Weekly hours, mon..sun (a missing or null day is a day off).", "type": "object",
                  "properties": {name: DAY for name in WEEKDAYS}, "additionalProperties": False,
                  "context": VIEW_EDIT},
    "days_off": {"description": "Dates off (YYYY-MM-DD): they win over hours and special days.", "type": "array",
                 "items": {"type": "string", "format": "date"}, "context": VIEW_EDIT},
    "special_days": {"description": "Dated hours instead of the weekday's: {\"2030-12-24\": day or null}.",
                     "type": "object", "additionalProperties": DAY, "context": VIEW_EDIT},
    "user": {"description": "Id of the staff login (see /users) linked to the staff member, or null.",
             "type": ["integer", "null"], "context": VIEW_EDIT},
})
ALLOW_STRANDED = {"allow_stranded": {
    "type": "boolean", "default": False,
    "description": "Make a change even though it leaves booked appointments outside the hours or services "
                   "offered (they are listed in stranded_appointments and left as they are)."}}


def staff_values(staff: Staff) -> dict[str, Any]:
    return {"id": staff.id, "name": staff.name, "email": staff.email, "phone_number": staff.phone_number,
            "profession": staff.profession, "about": staff.about, "is_active": staff.is_active,
            "services": [service.id for service in staff.services],
            "locations": [location.id for location in staff.locations],
            "timesheet": hours.api_week(staff.timesheet), "days_off": sorted(staff.days_off or []),
            # An object even when empty (PHP's json_encode would print an empty array as []).
            "special_days": PhpObject(hours.api_special_days(staff.special_days)), "user": staff.user_id}


def _links(staff: Staff) -> dict[str, str]:
    return {"user": rest_url(f"wpcompat/v1/users/{staff.user_id}")} if staff.user_id else {}


def _update(request, staff: Staff, allow_stranded: bool = False, **given: Any):
    staff, stranded = staff_admin.update_staff(staff, allow_stranded=bool(allow_stranded), **given)
    return (staff, {"stranded_appointments": stranded}) if allow_stranded else staff


collection = Collection(
    route="/staff", schema=SCHEMA, label="staff", plural="Staff members", values=staff_values, links=_links,
    read=owner_or_staff_with("staff"), write=tenant_owner,
    find=lambda request, staff_id: staff_admin.get_staff(staff_id),
    page=lambda request, page, per_page: staff_admin.list_staff(page, per_page),
    create=lambda request, allow_stranded=False, **given: staff_admin.create_staff(**given),
    update=_update, delete=lambda request, staff: staff_admin.delete_staff(staff),
    conflict_code="rest_staff_in_use", extra_args=ALLOW_STRANDED,
).register()
