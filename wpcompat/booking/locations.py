"""A tenant's locations: the select list, one location, create, edit and the delete refusals.

Mirrors Booknetic (booknetic-rest.md §4.11): the list holds active locations the caller sees (staff:
those of their staff records); an id ≤ 0 is "Invalid location ID!" and a missing one (or another
tenant's) "Location not found with ID: N"; a location is not deleted while a staff member works there
or an appointment uses it. An edit changes only the fields it gives. Functions flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import exists, func, select

from ..extensions import db
from .errors import Conflict, InvalidBooking, NotFound
from .lookup import is_row_id
from .models import Appointment, Location, staff_locations
from .search import contains
from .visibility import Visibility, locations_clause

IN_USE_BY_STAFF = "There are some staff members currently using this location. Please remove them first!"
HAS_APPOINTMENTS = "This location has some appointments scheduled. Please remove them first!"
INVALID_ID = "Invalid location ID!"
IN_USE = "The location is used by staff or appointments: deactivate it (is_active false) instead."
#: How many ids a refusal names.
NAMED = 50

#: Input field -> (column, size) (models.Location; notes is unbounded text).
_COLUMNS = {"name": ("name", 255), "address": ("address", 500), "phone": ("phone_number", 64),
            "note": ("notes", None), "latitude": ("latitude", 32), "longitude": ("longitude", 32),
            "is_active": ("is_active", None)}


@dataclass(frozen=True)
class LocationInput:
    """Location fields; None = not given (a create leaves the column empty, an edit keeps it)."""

    name: str | None = None
    address: str | None = None
    phone: str | None = None
    note: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    is_active: bool | None = None  # the management API's (Booknetic's routes never send it)
    cleared: frozenset[str] = frozenset()  # text fields set to NULL (the management API's null)


def list_locations(vis: Visibility, search: str = "") -> list[Location]:
    """Active locations ``vis`` sees whose name contains ``search``, oldest first."""
    query = select(Location).where(Location.is_active.is_(True), locations_clause(vis))
    if search:
        query = query.where(contains(search, Location.search_name))
    return list(db.session.execute(query.order_by(Location.id)).scalars())


def visible_location(vis: Visibility, location_id: int) -> Location:
    """The location ``location_id`` if ``vis`` sees it; InvalidBooking for an id ≤ 0, else NotFound."""
    if location_id <= 0:
        raise InvalidBooking(INVALID_ID, field="id")
    location = None
    if is_row_id(location_id):
        location = db.session.execute(
            select(Location).where(Location.id == location_id, locations_clause(vis))).scalar_one_or_none()
    if location is None:
        raise NotFound(f"Location not found with ID: {location_id}", field="id")
    return location


def _given(data: LocationInput) -> dict[str, str]:
    """The given fields as ``{column: value}``, each checked (InvalidBooking naming the field)."""
    given = {_COLUMNS[name][0]: None for name in data.cleared}
    for item in fields(data):
        if item.name == "cleared":
            continue
        value = getattr(data, item.name)
        if value is None:
            continue
        column, size = _COLUMNS[item.name]
        if size is not None and len(value) > size:
            raise InvalidBooking(f"{item.name} must be at most {size} characters", field=item.name)
        if item.name == "name" and not value.strip():
            raise InvalidBooking("name is required", field="name")
        given[column] = value
    return given


def create_location(data: LocationInput) -> Location:
    """A new active location (``name`` required)."""
    if data.name is None:
        raise InvalidBooking("name is required", field="name")
    location = Location(**{"is_active": True, **_given(data)})
    db.session.add(location)
    db.session.flush()
    return location


def update_location(location: Location, data: LocationInput) -> Location:
    """Change the fields ``data`` gives; everything is checked before the row changes."""
    for column, value in _given(data).items():
        setattr(location, column, value)
    db.session.flush()
    return location


def list_all(page: int, per_page: int) -> tuple[list[Location], int]:
    """Every location of the tenant, active or not, oldest first (the management API's list)."""
    total = db.session.execute(select(func.count(Location.id))).scalar_one()
    rows = db.session.execute(select(Location).order_by(Location.id).offset((page - 1) * per_page).limit(per_page))
    return list(rows.scalars()), total


def delete_location(location: Location) -> None:
    """Delete ``location`` unless a staff member works there or an appointment uses it."""
    if db.session.execute(select(exists().where(staff_locations.c.location_id == location.id))).scalar():
        raise InvalidBooking(IN_USE_BY_STAFF, field="id")
    if db.session.execute(select(exists().where(Appointment.location_id == location.id))).scalar():
        raise InvalidBooking(HAS_APPOINTMENTS, field="id")
    db.session.delete(location)
    db.session.flush()


def delete_unused_location(location: Location) -> None:
    """The management API's delete: refused with :class:`Conflict` naming the staff who work there and the
    appointments held there (at most :data:`NAMED` of each); Booknetic's route keeps its own wording."""
    staff = list(db.session.execute(select(staff_locations.c.staff_id).where(
        staff_locations.c.location_id == location.id).order_by(staff_locations.c.staff_id).limit(NAMED)).scalars())
    booked = list(db.session.execute(select(Appointment.id).where(Appointment.location_id == location.id)
                                     .order_by(Appointment.id).limit(NAMED)).scalars())
    if staff or booked:
        raise Conflict(IN_USE, data={"staff": staff, "appointments": booked})
    delete_location(location)
