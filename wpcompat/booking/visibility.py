"""Which of the tenant's rows a user sees: everything (owners) or their own (Booknetic's staff scoping).

Mirrors Booknetic's backend scoping for non-administrators (booknetic-rest.md §8): appointments of the
user's staff records; the staff records linked to the user; customers the user created or who have an
appointment the user sees; locations attached to the user's staff records. The tenant guard already
limits every query to the active tenant; these clauses narrow it further, inside the data layer, so no
adapter has to remember them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, or_, select, true
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..platform.capabilities import sees_everything
from ..platform.models import User
from ..tenancy import guard_criterion
from .errors import NotFound
from .lookup import is_row_id
from .models import Appointment, Customer, Location, Service, Staff, staff_locations


@dataclass(frozen=True)
class Visibility:
    """``staff_ids`` None: every row of the tenant; else only rows tied to those staff records."""

    user_id: int | None
    staff_ids: tuple[int, ...] | None

    @property
    def everything(self) -> bool:
        return self.staff_ids is None


EVERYTHING = Visibility(None, None)


def visibility_for(user: User | None) -> Visibility:
    """What ``user`` sees in the active tenant: everything for owners, their own rows for staff."""
    if sees_everything(user):
        return Visibility(user.id, None)
    if user is None:
        return Visibility(None, ())
    staff_ids = db.session.execute(select(Staff.id).where(Staff.user_id == user.id).order_by(Staff.id)).scalars()
    return Visibility(user.id, tuple(staff_ids))


#: The one "nothing" clause, so that statements built once can be cached by the clauses they use.
NOTHING = false()
_VISIBLE_STAFF_IDS = "visible_staff_ids"


def of_visible_staff(staff_column: ColumnElement[int]) -> ColumnElement[bool]:
    """``staff_column`` is one of the staff records a staff user sees through (bound by
    :func:`appointments_criterion`'s parameters)."""
    return staff_column.in_(bindparam(_VISIBLE_STAFF_IDS, expanding=True))


#: :func:`appointments_criterion`'s clause for a staff user.
APPOINTMENTS_OF_VISIBLE_STAFF = of_visible_staff(Appointment.staff_id)


def appointments_criterion(vis: Visibility) -> tuple[ColumnElement[bool] | None, dict[str, Any]]:
    """The appointments ``vis`` sees, for statements built once: a constant clause (None: every row of the
    tenant) and the parameters it binds."""
    if vis.everything:
        return None, {}
    if not vis.staff_ids:
        return NOTHING, {}
    return APPOINTMENTS_OF_VISIBLE_STAFF, {_VISIBLE_STAFF_IDS: list(vis.staff_ids)}


def appointments_clause(vis: Visibility) -> ColumnElement[bool]:
    """WHERE clause for the appointments ``vis`` sees."""
    if vis.everything:
        return true()
    return Appointment.staff_id.in_(vis.staff_ids) if vis.staff_ids else NOTHING


def customers_clause(vis: Visibility) -> ColumnElement[bool]:
    """Customers ``vis`` created, or who have an appointment ``vis`` sees."""
    if vis.everything:
        return true()
    tied = select(Appointment.customer_id).where(appointments_clause(vis))
    mine = Customer.created_by == vis.user_id if vis.user_id is not None else false()
    return or_(mine, Customer.id.in_(tied))


def staff_clause(vis: Visibility) -> ColumnElement[bool]:
    if vis.everything:
        return true()
    return Staff.id.in_(vis.staff_ids) if vis.staff_ids else false()


def locations_clause(vis: Visibility) -> ColumnElement[bool]:
    """Locations attached to the staff records ``vis`` sees (Booknetic's ``Location::my()``)."""
    if vis.everything:
        return true()
    if not vis.staff_ids:
        return false()
    attached = select(staff_locations.c.location_id).where(staff_locations.c.staff_id.in_(vis.staff_ids))
    return Location.id.in_(attached)


def visible_staff(vis: Visibility, staff_id: int) -> Staff:
    """The staff record ``staff_id`` if ``vis`` sees it (and so may book with it), else NotFound."""
    staff = None
    if is_row_id(staff_id):
        # With the services and locations a booking reads of them (offers(), the default location), in the
        # same statement rather than two lazy loads after it. The joined rows get the tenant guard's own
        # criterion, as the lazy loads they replace did.
        staff = db.session.execute(select(Staff).where(Staff.id == staff_id, staff_clause(vis)).options(
            joinedload(Staff.services.and_(guard_criterion(Service.tenant_id))),
            joinedload(Staff.locations.and_(guard_criterion(Location.tenant_id))),
        )).unique().scalar_one_or_none()
    if staff is None:
        raise NotFound("Staff not found", field="staff_id")
    return staff
