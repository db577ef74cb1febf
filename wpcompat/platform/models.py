"""The platform: the site, plans, tenants, WordPress users and their credentials.

Users are global (as in a WordPress multisite network): logins and emails are unique across the
platform, and a user belongs to at most one tenant. The platform owner is the administrator with no
tenant. Credentials are stored only as hashes (see :mod:`wpcompat.platform.secrets`).
"""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import TenantScoped

#: Booknetic/WordPress plan modules a plan may grant.
MODULES = ("appointments", "customers", "locations", "services", "staff", "payments", "dashboard", "notifications")


#: ``__table_args__`` of every table with a surrogate ``id``: an id once issued is never issued again. Clients
#: hold ids (Booknetic and WordPress ids, TeamBooking reservation ids, token ids in the CLI) and rows name
#: other rows by id, so a reused id would hand a deleted row's links, audit trail or orphans to a new one.
#: PostgreSQL's sequences never go back; SQLite does without ``AUTOINCREMENT`` (max(id) + 1 after a delete).
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Role(str, enum.Enum):
    ADMINISTRATOR = "administrator"  # the platform owner
    TENANT_OWNER = "tenant_owner"
    STAFF = "staff"
    CUSTOMER = "customer"


class Site(db.Model):
    """The one WordPress site everything hangs off (a single row)."""

    __tablename__ = "site"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    tenant_urls: Mapped[str] = mapped_column(String(16), default="directory")


class Plan(db.Model):
    __tablename__ = "plans"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Flask-Limiter limit strings for the plan's tenants, {"authenticated": "600/minute", "anonymous": ...};
    # a missing kind (or None) falls back to the platform's default (wpcompat.ratelimits).
    rate_limits: Mapped[dict[str, str] | None] = mapped_column(JSON)

    def grants(self, module: str) -> bool:
        return module in self.modules


class Tenant(db.Model):
    __tablename__ = "tenants"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    # Booknetic's default_appointment_status: what a booking of a service needing no approval becomes.
    default_status: Mapped[str] = mapped_column(String(32), default="approved", server_default="approved")
    # Set while the platform owner has suspended the tenant: its URLs and credentials answer 403 everywhere.
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(lazy="joined")


class User(db.Model):
    """A WordPress user (``wp_users`` plus the role and Booknetic capabilities kept in usermeta)."""

    __tablename__ = "users"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(250), default="")
    role: Mapped[str] = mapped_column(String(20))  # a Role value
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    # Only the platform owner logs in with a password (to nothing but the CLI); hashed by werkzeug.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Booknetic capability names granted to a staff user; None = Booknetic's default staff rule.
    capabilities: Mapped[list[str] | None] = mapped_column(JSON)
    registered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    tenant: Mapped[Tenant | None] = relationship(lazy="joined")
    application_passwords: Mapped[list[ApplicationPassword]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApplicationPassword.id"
    )

    @property
    def is_platform_owner(self) -> bool:
        return self.role == Role.ADMINISTRATOR and self.tenant_id is None


class ApplicationPassword(db.Model):
    """One WordPress application password (a record of the ``_application_passwords`` usermeta)."""

    __tablename__ = "application_passwords"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    app_id: Mapped[str] = mapped_column(String(36), default="")
    name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[int] = mapped_column(BigInteger)  # Unix seconds, as WordPress stores it (64-bit: past 2038)
    last_used: Mapped[int | None] = mapped_column(BigInteger)
    last_ip: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship(back_populates="application_passwords")


class TeamBookingToken(TenantScoped, db.Model):
    """A TeamBooking API ``auth_token``: read-only or write, for one tenant, stored as a hash."""

    __tablename__ = "teambooking_tokens"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so that an operator can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(8))
    write: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    # Read-only: the counters are written only by accounts.count_token_use's atomic upsert.
    uses: Mapped[list[TeamBookingTokenUse]] = relationship(viewonly=True, order_by="TeamBookingTokenUse.operation")

    @property
    def usage(self) -> dict[str, int]:
        """Successful calls per operation, e.g. ``{"get_reservations": 12}`` (the plugin's ``usages``)."""
        return {use.operation: use.calls for use in self.uses}


class TeamBookingTokenUse(db.Model):
    """How many successful calls of one operation a token made: one row per (token, operation).

    A row of its own, counted by the database (``calls = calls + 1``), so concurrent calls never lose a
    count as a read-add-write of a JSON value did. Part of its token (as an application password is of
    its user): found through the token, which belongs to one tenant.
    """

    __tablename__ = "teambooking_token_uses"

    token_id: Mapped[int] = mapped_column(ForeignKey("teambooking_tokens.id", ondelete="CASCADE"), primary_key=True)
    operation: Mapped[str] = mapped_column(String(64), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)
