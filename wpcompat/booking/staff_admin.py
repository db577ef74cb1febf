"""Changing a tenant's staff: who they are, what and where they serve, and when (the management API and CLI).

Hours come in the API's day shape (:mod:`.hours`) and are stored as intervals. Every change that could move
an appointment outside what is offered is checked (:func:`.hours.stranded_appointments`): refused with
:class:`~.errors.Conflict`, or made and reported with ``allow_stranded``. A staff member with appointments is
never deleted (deactivate them instead). The next booking through either plugin sees the change (the same
rows). Functions add and flush; the caller commits.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..formatting import is_email
from ..platform.models import Role, User
from ..tenancy import active_tenant_id
from . import clock, hours
from .errors import Conflict, InvalidBooking
from .lookup import get_row, is_row_id, page_of
from .models import Appointment, Location, Service, Staff

_TEXT = {"name": (255, True), "email": (255, True), "phone_number": (64, False), "profession": (255, False),
         "about": (5000, False)}
FIELDS = (*_TEXT, "is_active", "services", "locations", "timesheet", "days_off", "special_days", "user")
#: The fields whose change can strand appointments.
_SCHEDULE = ("is_active", "services", "locations", "timesheet", "days_off", "special_days")


def get_staff(staff_id: int) -> Staff:
    return get_row(Staff, staff_id, "Staff")


def list_staff(page: int, per_page: int) -> tuple[list[Staff], int]:
    return page_of(Staff, page, per_page)


def _rows(model, ids: Any, field: str, problems: dict[str, str]) -> list:
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        problems[field] = f"{field} is a list of ids."
        return []
    wanted = sorted(set(ids))
    found = list(db.session.execute(select(model).where(model.id.in_([i for i in wanted if is_row_id(i)]))
                                    .order_by(model.id)).scalars())
    missing = sorted(set(wanted) - {row.id for row in found})
    if missing:
        problems[field] = f"No {field[:-1]} with id {', '.join(map(str, missing))}."
    return found


def _user(user_id: Any, staff: Staff | None, problems: dict[str, str]) -> User | None:
    if user_id is None:
        return None
    user = None
    if isinstance(user_id, int) and is_row_id(user_id):
        # Users are platform rows: only a staff login of this tenant may be linked.
        user = db.session.execute(select(User).where(User.id == user_id, User.role == Role.STAFF.value,
                                                     User.tenant_id == active_tenant_id())).scalar_one_or_none()
    if user is None:
        problems["user"] = "No staff login of this site has this id."
    elif db.session.execute(select(Staff.id).where(Staff.user_id == user.id,
                                                   Staff.id != (staff.id if staff else -1))).first():
        problems["user"] = "That login belongs to another staff member."
    return user


def _changes(values: dict[str, Any], staff: Staff | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The columns and links ``values`` set, and the problems found (every field is checked)."""
    problems: dict[str, str] = {}
    changes: dict[str, Any] = {}
    for name, (size, required) in _TEXT.items():
        if name not in values:
            continue
        value = values[name]
        if value is None and not required:
            changes[name] = None
        elif not isinstance(value, str) or len(value) > size or (required and not value.strip()):
            problems[name] = f"{name} is {'1' if required else '0'}-{size} characters."
        elif name == "email" and not is_email(value):
            problems[name] = "Not an e-mail address."
        else:
            changes[name] = value
    if "is_active" in values:
        if isinstance(values["is_active"], bool):
            changes["is_active"] = values["is_active"]
        else:
            problems["is_active"] = "is_active is true or false."
    if "services" in values:
        changes["services"] = _rows(Service, values["services"], "services", problems)
    if "locations" in values:
        changes["locations"] = _rows(Location, values["locations"], "locations", problems)
    for name, convert in (("timesheet", hours.week_intervals), ("days_off", hours.dates),
                          ("special_days", hours.special_days_intervals)):
        if name in values:
            try:
                changes[name] = convert(values[name])
            except hours.HoursError as error:
                problems[name] = str(error).capitalize() + "."
    if "user" in values:
        changes["user_id"] = getattr(_user(values["user"], staff, problems), "id", None)
    return changes, problems


def create_staff(**values: Any) -> Staff:
    """A new staff member (``name`` and ``email`` required); no hours unless given (then bookable)."""
    missing = {name: f"{name} is required." for name in ("name", "email") if values.get(name) is None}
    changes, problems = _changes(values, None)
    if missing or problems:
        raise InvalidBooking("Invalid staff member", errors={**problems, **missing})
    staff = Staff(is_active=True, timesheet={}, days_off=[], special_days={})
    for name, value in changes.items():
        setattr(staff, name, value)
    db.session.add(staff)
    db.session.flush()
    return staff


def update_staff(staff: Staff, allow_stranded: bool = False, **values: Any) -> tuple[Staff, list[int]]:
    """Change the given fields; returns the staff member and the appointments the change strands (only
    with ``allow_stranded``: without it such a change is refused with :class:`Conflict`). Appointments
    already outside what the staff member offered before the change are not counted again."""
    changes, problems = _changes(values, staff)
    if problems:
        raise InvalidBooking("Invalid staff member", errors=problems)
    rescheduling = any(name in changes for name in _SCHEDULE)
    # Only what this change strands counts: bookings an earlier allowed change stranded stay reported there.
    before = set(hours.stranded_appointments(staff, clock.tenant_zone())) if rescheduling else set()
    for name, value in changes.items():
        setattr(staff, name, value)
    stranded: list[int] = []
    if rescheduling:
        db.session.flush()
        after = hours.stranded_appointments(staff, clock.tenant_zone())
        stranded = hours.check_stranding([i for i in after if i not in before], allow_stranded)
    db.session.flush()
    return staff, stranded


def delete_staff(staff: Staff) -> None:
    """Delete a staff member with no appointments (else :class:`Conflict`: deactivate them instead)."""
    booked = list(db.session.execute(select(Appointment.id).where(Appointment.staff_id == staff.id)
                                     .order_by(Appointment.id).limit(50)).scalars())
    if booked:
        raise Conflict("The staff member has appointments: deactivate them (is_active false) instead.",
                       data={"appointments": booked})
    db.session.delete(staff)
    db.session.flush()
