"""Platform services: plans, tenants, users, application passwords and TeamBooking tokens.

Plain functions over the session, shared by the site-file loader, the CLI and the REST routes.
They add and flush; the caller owns the transaction (commit or roll back). Secrets are returned in
plaintext exactly once, by the function that creates them, and stored only as hashes.
"""
from __future__ import annotations

import re
import time
import uuid as uuid_lib
from datetime import datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..tenancy import all_tenants, tenant as tenant_scope
from . import secrets
from .names import is_login, is_tenant_slug
from .identity import Account, PasswordInfo, TenantInfo
from .models import (MODULES, ApplicationPassword, Plan, Role, TeamBookingToken, TeamBookingTokenUse, Tenant, User,
                     utcnow)

#: First path segments that belong to WordPress, so no tenant may take them as its slug.
# WordPress's sanitize_user(strict) alphabet.


class AccountError(ValueError):
    """A platform object could not be created or changed; the message says why."""


def create_plan(slug: str, name: str, modules: list[str]) -> Plan:
    unknown = sorted(set(modules) - set(MODULES))
    if unknown:
        raise AccountError(f"unknown module(s): {', '.join(unknown)}")
    if db.session.execute(select(Plan.id).where(Plan.slug == slug)).first():
        raise AccountError(f"a plan with slug {slug!r} exists")
    plan = Plan(slug=slug, name=name, modules=list(modules))
    db.session.add(plan)
    db.session.flush()
    return plan


def create_tenant(slug: str, name: str, plan: Plan, timezone: str = "UTC", currency: str = "USD") -> Tenant:
    if not is_tenant_slug(slug):
        raise AccountError(f"invalid tenant slug {slug!r} (lower-case letters, digits and dashes)")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise AccountError(f"unknown timezone {timezone!r}") from None
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise AccountError(f"invalid currency {currency!r} (an ISO 4217 code such as EUR)")
    if find_tenant(slug):
        raise AccountError(f"a tenant with slug {slug!r} exists")
    tenant = Tenant(slug=slug, name=name, plan=plan, timezone=timezone, currency=currency)
    db.session.add(tenant)
    db.session.flush()
    return tenant


def find_tenant(slug: str) -> Tenant | None:
    return db.session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()


def create_user(
    login: str,
    email: str,
    role: Role,
    tenant: Tenant | None = None,
    display_name: str | None = None,
    password: str | None = None,
    capabilities: list[str] | None = None,
) -> User:
    role = Role(role)
    if not is_login(login):
        raise AccountError(f"invalid login {login!r}")
    if "@" not in email:
        raise AccountError(f"invalid email {email!r}")
    if (role == Role.ADMINISTRATOR) != (tenant is None):
        raise AccountError("the platform owner has no tenant; every other user belongs to one")
    if capabilities is not None and role != Role.STAFF:
        raise AccountError("capabilities are for staff users only")
    if find_user(login) or find_user(email):
        raise AccountError(f"a user with login {login!r} or email {email!r} exists")
    user = User(
        login=login,
        email=email,
        role=role.value,
        tenant=tenant,
        display_name=display_name or login,
        password_hash=generate_password_hash(password) if password else None,
        capabilities=capabilities,
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user(login_or_email: str) -> User | None:
    """By login, then by email when it looks like one (as ``wp_authenticate_application_password``).

    The ORM user, for code that changes users; authentication reads :func:`identity.account` instead.
    """
    user = db.session.execute(select(User).where(User.login == login_or_email)).scalar_one_or_none()
    if user is None and "@" in login_or_email:
        user = db.session.execute(
            select(User).where(func.lower(User.email) == login_or_email.lower())).scalar_one_or_none()
    return user


def create_application_password(
    user: User, name: str, app_id: str = "", password: str | None = None
) -> tuple[ApplicationPassword, str]:
    """Create an application password; returns the record and the plaintext in chunked form."""
    name = name.strip()
    if not name:
        raise AccountError("An application name is required to create an application password.")
    if password is not None:
        raw = secrets.normalize_app_password(password)
        if len(raw) != secrets.APP_PASSWORD_LENGTH:
            raise AccountError("an application password has 24 letters and digits (spaces are ignored)")
    else:
        raw = secrets.generate_app_password()
    record = ApplicationPassword(
        user=user,
        uuid=str(uuid_lib.uuid4()),
        app_id=app_id,
        name=name,
        password_hash=secrets.hash_app_password(raw),
        created=int(time.time()),
    )
    db.session.add(record)
    db.session.flush()
    return record, secrets.chunk_app_password(raw)


def verify_application_password(user: User | Account, password: str) -> ApplicationPassword | PasswordInfo | None:
    """The record of ``user``'s (an ORM user's, or an authenticating account's) that ``password`` matches.

    Every record is checked, each in constant time, so the time taken does not tell which one matched.
    """
    records = user.passwords if isinstance(user, Account) else user.application_passwords
    match = None
    for record in records:
        if secrets.check_app_password(password, record.password_hash) and match is None:
            match = record
    return match


def record_use(record: ApplicationPassword | PasswordInfo, ip: str | None, now: int | None = None) -> bool:
    """Record a use, at most once a day (WordPress skips the write while ``last_used`` is < 24 h old).

    Returns whether anything was written (so a caller commits only then).
    """
    now = int(time.time()) if now is None else now
    if record.last_used is not None and now - record.last_used <= 86400:
        return False
    db.session.execute(update(ApplicationPassword).where(ApplicationPassword.id == record.id)
                       .values(last_used=now, last_ip=ip))
    return True


def find_application_password(user: User, uuid: str) -> ApplicationPassword | None:
    return next((r for r in user.application_passwords if r.uuid == uuid), None)


def create_token(tenant: Tenant, write: bool, token: str | None = None) -> tuple[TeamBookingToken, str]:
    """Create a TeamBooking token for ``tenant``; returns the record and the plaintext token."""
    token = token if token is not None else secrets.generate_token()
    if not re.fullmatch(r"[A-Za-z0-9]{%d}" % secrets.TOKEN_LENGTH, token):
        raise AccountError(f"a TeamBooking token has {secrets.TOKEN_LENGTH} letters and digits")
    digest = secrets.hash_token(token)
    with all_tenants():
        if db.session.execute(select(TeamBookingToken.id).where(TeamBookingToken.token_hash == digest)).first():
            raise AccountError("that TeamBooking token is in use")
    with tenant_scope(tenant.id):
        record = TeamBookingToken(token_hash=digest, prefix=token[:6], write=write)
        db.session.add(record)
        db.session.flush()
    return record, token


def find_token(token: str) -> TeamBookingToken | None:
    """The live (not revoked) token record for a presented token, in any tenant."""
    with all_tenants():
        return db.session.execute(
            select(TeamBookingToken).where(
                TeamBookingToken.token_hash == secrets.hash_token(token), TeamBookingToken.revoked_at.is_(None)
            )
        ).scalar_one_or_none()


def list_tokens(tenant: Tenant) -> list[TeamBookingToken]:
    with tenant_scope(tenant.id):
        return list(db.session.execute(select(TeamBookingToken).order_by(TeamBookingToken.id)
                                       .options(selectinload(TeamBookingToken.uses))).scalars())


def revoke_token(tenant: Tenant, token_id_or_prefix: str) -> TeamBookingToken:
    """Revoke a token by id or prefix; it stops working on the next request."""
    with tenant_scope(tenant.id):
        query = select(TeamBookingToken).where(
            TeamBookingToken.revoked_at.is_(None),
            or_(
                TeamBookingToken.id == (int(token_id_or_prefix) if token_id_or_prefix.isdigit() else -1),
                TeamBookingToken.prefix == token_id_or_prefix,
            ),
        )
        matches = list(db.session.execute(query).scalars())
        if len(matches) != 1:
            raise AccountError(f"no single live token matches {token_id_or_prefix!r}")
        matches[0].revoked_at = utcnow()
        db.session.flush()
        return matches[0]


_UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def count_token_use(record: TeamBookingToken, operation: str) -> None:
    """One more call of ``operation`` by ``record``, counted by the database in one statement: concurrent
    calls each add one (a read, add and write back lost counts under load)."""
    insert = _UPSERTS[db.session.get_bind().dialect.name]
    uses = TeamBookingTokenUse.__table__
    db.session.execute(
        insert(uses).values(token_id=record.id, operation=operation, calls=1)
        .on_conflict_do_update(index_elements=[uses.c.token_id, uses.c.operation], set_={"calls": uses.c.calls + 1}))


def format_timestamp(value: int | None) -> str | None:
    """WordPress's REST date format for app-password times: GMT ``YYYY-MM-DDTHH:MM:SS``, no offset."""
    if value is None:
        return None
    return datetime.fromtimestamp(value, dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


# --- Look-ups and revocation for the command line (added with wpcompat.cli) ---


def find_plan(slug: str) -> Plan | None:
    return db.session.execute(select(Plan).where(Plan.slug == slug)).scalar_one_or_none()


def list_plans() -> list[Plan]:
    return list(db.session.execute(select(Plan).order_by(Plan.id)).scalars())


def list_tenants() -> list[Tenant]:
    return list(db.session.execute(select(Tenant).order_by(Tenant.id)).scalars())


def list_users(tenant: Tenant | TenantInfo | None = None) -> list[User]:
    """Every user in id order, or only ``tenant``'s users."""
    query = select(User).order_by(User.id)
    if tenant is not None:
        query = query.where(User.tenant_id == tenant.id)
    return list(db.session.execute(query).scalars())


def revoke_application_password(user: User, uuid: str) -> ApplicationPassword:
    """Delete one of ``user``'s application passwords, as WordPress's revoke does; it stops working at once."""
    record = find_application_password(user, uuid)
    if record is None:
        raise AccountError(f"{user.login} has no application password {uuid!r}")
    # Out of the collection too, so a check later in this transaction no longer sees it.
    user.application_passwords.remove(record)  # the delete-orphan cascade deletes the row
    db.session.flush()
    return record


# --- Application-password management for the wp/v2 REST routes (added with wpcompat.core_routes) ---


def find_user_by_id(user_id: int) -> User | None:
    """A user by id, looked up with a query (never the identity map)."""
    return db.session.execute(select(User).where(User.id == user_id)).scalar_one_or_none()


def rename_application_password(record: ApplicationPassword, name: str) -> bool:
    """Give ``record`` a new name; False (nothing changed) when ``name`` is empty or the same."""
    if not name or name == record.name:
        return False
    record.name = name
    db.session.flush()
    return True


def delete_all_application_passwords(user: User) -> int:
    """Delete every application password of ``user``; returns how many there were."""
    count = len(user.application_passwords)
    user.application_passwords.clear()  # delete-orphan cascade removes the rows
    db.session.flush()
    return count


def find_tenant_by_id(tenant_id: int) -> Tenant | None:
    return db.session.execute(select(Tenant).where(Tenant.id == tenant_id)).scalar_one_or_none()
