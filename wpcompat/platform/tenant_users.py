"""A tenant's own WordPress users: its staff logins (with their Booknetic capabilities) and its owners.

Users are platform rows (logins and e-mails unique across the platform, as in a multisite network), so every
function here narrows to the active tenant itself: another tenant's user is a missing one. A staff login may
be linked to one staff record (``staff``: what it sees of appointments and customers). Credentials are not
managed here but with WordPress's own application-password routes. Functions add and flush; the caller commits.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..booking.errors import Conflict, InvalidBooking, NotFound
from ..booking.lookup import page_of
from ..booking.models import Staff
from ..extensions import db
from ..formatting import is_email
from ..tenancy import active_tenant_id
from . import accounts
from .capabilities import PARENT, TREE
from .models import Role, User
from .names import is_login

ROLES = (Role.STAFF.value, Role.TENANT_OWNER.value)
CAPABILITIES = tuple(sorted({*TREE, *PARENT}))


def _mine():
    return User.tenant_id == active_tenant_id()


def get_user(user_id: int) -> User:
    user = db.session.execute(select(User).where(User.id == user_id, _mine())).scalar_one_or_none()
    if user is None:
        raise NotFound("User not found", field="id")
    return user


def list_users(page: int, per_page: int) -> tuple[list[User], int]:
    return page_of(User, page, per_page, _mine())


def staff_of(user: User) -> int | None:
    return db.session.execute(select(Staff.id).where(Staff.user_id == user.id).order_by(Staff.id).limit(1)).scalar()


def _problems(values: dict[str, Any], user: User | None) -> dict[str, str]:
    problems = {}
    if "login" in values and not (isinstance(values["login"], str) and is_login(values["login"])):
        problems["login"] = "A login is 1-60 letters, digits, spaces or _ . - @."
    elif "login" in values and accounts.find_user(values["login"]):
        problems["login"] = "This login is taken."
    if "email" in values:
        email = values["email"]
        if not (isinstance(email, str) and is_email(email) and len(email) <= 100):
            problems["email"] = "Not an e-mail address."
        elif (other := accounts.find_user(email)) is not None and other is not user:
            problems["email"] = "This e-mail address is taken."
    if "display_name" in values and not (isinstance(values["display_name"], str) and len(values["display_name"]) <= 250):
        problems["display_name"] = "A display name is at most 250 characters."
    role = values.get("role", user.role if user else Role.STAFF.value)
    if role not in ROLES:
        problems["role"] = "A role is staff or tenant_owner."
    capabilities = values.get("capabilities")
    if capabilities is not None:
        if role != Role.STAFF.value:
            problems["capabilities"] = "Capabilities are for staff users (owners have every one)."
        elif not isinstance(capabilities, list) or set(capabilities) - set(CAPABILITIES):
            problems["capabilities"] = "Unknown capability: one of " + ", ".join(CAPABILITIES) + "."
    staff_id = values.get("staff")
    if staff_id is not None:
        staff = db.session.execute(select(Staff).where(Staff.id == staff_id)).scalar_one_or_none() \
            if isinstance(staff_id, int) else None
        if staff is None:
            problems["staff"] = "No staff member has this id."
        elif staff.user_id is not None and (user is None or staff.user_id != user.id):
            problems["staff"] = "That staff member has another login."
    return problems


def _link(user: User, staff_id: int | None) -> None:
    for staff in db.session.execute(select(Staff).where(Staff.user_id == user.id)).scalars():
        staff.user_id = None
    if staff_id is not None:
        db.session.execute(select(Staff).where(Staff.id == staff_id)).scalar_one().user_id = user.id


def create_user(**values: Any) -> User:
    """A staff login (default) or another owner of the active tenant."""
    missing = {name: f"{name} is required." for name in ("login", "email") if values.get(name) is None}
    problems = missing or _problems(values, None)
    if problems:
        raise InvalidBooking("Invalid user", errors=problems)
    tenant = accounts.find_tenant_by_id(active_tenant_id())
    role = values.get("role", Role.STAFF.value)
    user = accounts.create_user(values["login"], values["email"], Role(role), tenant=tenant,
                                display_name=values.get("display_name"),
                                capabilities=list(dict.fromkeys(values["capabilities"]))
                                if values.get("capabilities") is not None else None)
    if values.get("staff") is not None:
        _link(user, values["staff"])
    db.session.flush()
    return user


def update_user(user: User, **values: Any) -> User:
    """Change e-mail, display name, role, capabilities (null: Booknetic's default staff rule) or the linked staff."""
    values.pop("login", None)  # a WordPress login never changes
    problems = _problems(values, user)
    if problems:
        raise InvalidBooking("Invalid user", errors=problems)
    for name in ("email", "display_name", "role"):
        if name in values:
            setattr(user, name, values[name])
    if "capabilities" in values:
        user.capabilities = list(dict.fromkeys(values["capabilities"])) if values["capabilities"] is not None else None
    if user.role != Role.STAFF.value:
        user.capabilities = None
    if "staff" in values:
        _link(user, values["staff"])
    db.session.flush()
    return user


def delete_user(user: User, acting_user_id: int | None) -> None:
    """Delete a login (its application passwords with it; its staff record stays, unlinked)."""
    if user.id == acting_user_id:
        raise Conflict("You cannot delete the user you are signed in as.")
    db.session.delete(user)
    db.session.flush()
