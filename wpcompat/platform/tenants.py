"""The platform owner's tenants: create one with its owner, rename it, move it to another plan, suspend,
resume and delete it. One set of rules for the ``wpcompat/v1/tenants`` routes and the ``tenant`` commands.

Refusals are :class:`~wpcompat.booking.errors.InvalidBooking` naming each bad field (``errors``), so every
caller can say which input was wrong. Functions add and flush; the caller commits.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, select

from ..booking.errors import InvalidBooking
from ..booking.lookup import get_row, page_of
from ..booking.settings import setting_problems
from ..extensions import db
from ..idempotency.models import IdempotentRequest
from ..tenancy import all_tenants
from . import accounts
from .models import ApplicationPassword, Plan, Role, TeamBookingToken, Tenant, User, utcnow
from .names import RESERVED_SLUGS, TENANT_SLUG, is_login

ACTIVE, SUSPENDED = "active", "suspended"
STATES = (ACTIVE, SUSPENDED)


def status_of(tenant: Tenant) -> str:
    return SUSPENDED if tenant.suspended_at is not None else ACTIVE


def get(tenant_id: int) -> Tenant:
    return get_row(Tenant, tenant_id, "Tenant")


def list_page(page: int, per_page: int) -> tuple[list[Tenant], int]:
    return page_of(Tenant, page, per_page)


def owner_of(tenant: Tenant) -> User | None:
    """The tenant's first owner (the one created with it)."""
    return db.session.execute(select(User).where(User.tenant_id == tenant.id, User.role == Role.TENANT_OWNER.value)
                              .order_by(User.id).limit(1)).scalar_one_or_none()


def _plan(slug: Any) -> Plan | None:
    return accounts.find_plan(slug) if isinstance(slug, str) else None


def _problems(values: dict[str, Any], tenant: Tenant | None) -> dict[str, str]:
    problems = {}
    if "slug" in values:
        slug = values["slug"]
        if not isinstance(slug, str) or TENANT_SLUG.fullmatch(slug) is None or slug in RESERVED_SLUGS:
            problems["slug"] = "A tenant slug is 1-64 lower-case letters, digits and inner dashes, not a WordPress name."
        elif accounts.find_tenant(slug) not in (None, tenant):
            problems["slug"] = "A tenant with this slug exists."
    if "name" in values and not (isinstance(values["name"], str) and values["name"].strip()):
        problems["name"] = "A tenant needs a name."
    if "plan" in values and _plan(values["plan"]) is None:
        problems["plan"] = "No plan has this slug."
    problems.update(setting_problems(values))
    if "timezone" in values and "timezone" not in problems and tenant is not None \
            and values["timezone"] != tenant.timezone:
        # A new zone moves every wall-clock hour: only the tenant's /settings, which checks the bookings it
        # would strand, changes it.
        problems["timezone"] = "Change a tenant's time zone in its /settings (it checks stranded bookings)."
    if "status" in values and values["status"] not in STATES:
        problems["status"] = "A tenant is active or suspended."
    return problems


def _owner_problems(owner: Any) -> dict[str, str]:
    if not isinstance(owner, dict):
        return {"owner": "The owner is an object with login and email."}
    login, email = owner.get("login"), owner.get("email")
    if not isinstance(login, str) or not is_login(login):
        return {"owner": "The owner's login is 1-60 letters, digits, spaces or _ . - @."}
    if not isinstance(email, str) or "@" not in email:
        return {"owner": "The owner needs an e-mail address."}
    if accounts.find_user(login) or accounts.find_user(email):
        return {"owner": "A user with this login or e-mail address exists."}
    return {}


def create(slug: str, name: str, plan: str, owner: dict, timezone: str = "UTC", currency: str = "USD",
           default_status: str = "approved") -> tuple[Tenant, User]:
    """A new tenant with its first owner (who signs in once given an application password)."""
    values = {"slug": slug, "name": name, "plan": plan, "timezone": timezone, "currency": currency,
              "default_status": default_status}
    problems = {**_problems(values, None), **_owner_problems(owner)}
    if problems:
        raise InvalidBooking("Invalid tenant", errors=problems)
    tenant = accounts.create_tenant(slug, name.strip(), _plan(plan), timezone, currency)
    tenant.default_status = default_status
    user = accounts.create_user(owner["login"], owner["email"], Role.TENANT_OWNER, tenant=tenant,
                                display_name=owner.get("display_name") or None)
    return tenant, user


def update(tenant: Tenant, **values: Any) -> Tenant:
    """Rename (``slug``, ``name``), move to another ``plan``, change ``timezone``/``currency``/``default_status``,
    suspend or resume (``status``). A suspended tenant is shut out at its next request."""
    problems = _problems(values, tenant)
    if problems:
        raise InvalidBooking("Invalid tenant", errors=problems)
    for field in ("slug", "timezone", "currency", "default_status"):
        if field in values:
            setattr(tenant, field, values[field])
    if "name" in values:
        tenant.name = values["name"].strip()
    if "plan" in values:
        tenant.plan = _plan(values["plan"])
    if "status" in values:
        if values["status"] == SUSPENDED and tenant.suspended_at is None:
            tenant.suspended_at = utcnow()
        elif values["status"] == ACTIVE:
            tenant.suspended_at = None
    db.session.flush()
    return tenant


def _owned_condition(table: Table, tenant_id: int, seen: dict[str, object]):
    """Rows of ``table`` the tenant owns: its ``tenant_id``, or a foreign key to a row it owns (a child
    table without a tenant column: a token's uses, an appointment's extras, staff links)."""
    if table.name in seen:
        return seen[table.name]
    condition = None
    if "tenant_id" in table.c:
        condition = table.c.tenant_id == tenant_id
    else:
        for key in table.foreign_keys:
            parent = key.column.table
            if parent.name == Tenant.__tablename__:
                continue
            parent_condition = _owned_condition(parent, tenant_id, seen)
            if parent_condition is not None:
                owned = key.parent.in_(select(key.column).where(parent_condition))
                condition = owned if condition is None else condition | owned
    seen[table.name] = condition
    return condition


def delete_tenant(tenant: Tenant) -> None:
    """Delete the tenant and everything it owns: users and their application passwords, tokens and their
    counts, bookings and catalogue, audit records, webhooks, the Idempotency-Key answers of its credentials.

    Statement by statement, children first (SQLite does not enforce foreign keys here, so nothing relies on
    ``ON DELETE CASCADE``), in plain SQL: the audit trail records no per-row deletes of a tenant that goes.
    """
    tenant_id = tenant.id
    with all_tenants():
        scopes = [f"application_password:{uuid}" for uuid in db.session.scalars(
            select(ApplicationPassword.uuid).join(User, ApplicationPassword.user_id == User.id)
            .where(User.tenant_id == tenant_id))]
        scopes += [f"teambooking_token:{token_id}" for token_id in db.session.scalars(
            select(TeamBookingToken.id).where(TeamBookingToken.tenant_id == tenant_id))]
        if scopes:
            db.session.execute(delete(IdempotentRequest.__table__).where(IdempotentRequest.scope.in_(scopes)))
        seen: dict[str, object] = {}
        for table in reversed(db.metadata.sorted_tables):
            if table.name == Tenant.__tablename__:
                continue
            condition = _owned_condition(table, tenant_id, seen)
            if condition is not None:
                db.session.execute(delete(table).where(condition))
        db.session.execute(delete(Tenant.__table__).where(Tenant.__table__.c.id == tenant_id))
    if tenant in db.session:
        db.session.expunge(tenant)  # its row is gone: nothing may flush it again
