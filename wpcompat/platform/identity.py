"""Who a request acts as and for which tenant, read as plain values in one statement each.

Every REST call authenticates and every tenant URL names a site, so these reads are on every request's
path. They select columns (no ORM objects, no identity map: a joined ORM load of a user with their
tenant, plan and passwords cost more than the rest of a list request) into frozen values that hold
for the request. They carry what requests read (permissions, visibility, URLs, the tenant's zone);
code that changes a user or a password loads the ORM row by id (``accounts.find_user_by_id``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, bindparam, func, select

from .. import tenancy
from .models import ApplicationPassword, Plan, Role, Tenant, User


@dataclass(frozen=True, slots=True)
class TenantInfo:
    """A tenant's site: what requests read of the ``tenants`` row and its plan."""

    id: int
    slug: str
    name: str
    timezone: str
    currency: str
    modules: frozenset[str]
    default_status: str = "approved"
    suspended: bool = False
    # The plan's limit strings by kind ({"authenticated": "600/minute"}), or None: the platform's defaults.
    rate_limits: dict[str, str] | None = None

    def grants(self, module: str) -> bool:
        """Whether the tenant's plan includes ``module``."""
        return module in self.modules


@dataclass(frozen=True, slots=True)
class PasswordInfo:
    """One application password of an :class:`Account` (its hash, never the secret)."""

    id: int
    uuid: str
    password_hash: str
    last_used: int | None


@dataclass(frozen=True, slots=True)
class Account:
    """A user as authentication reads them: the ``users`` row, their tenant and application passwords."""

    id: int
    login: str
    email: str
    display_name: str
    role: str
    tenant_id: int | None
    capabilities: tuple[str, ...] | None
    tenant: TenantInfo | None
    passwords: tuple[PasswordInfo, ...]

    @property
    def is_platform_owner(self) -> bool:
        return self.role == Role.ADMINISTRATOR.value and self.tenant_id is None


_TENANT_COLUMNS = (Tenant.id, Tenant.slug, Tenant.name, Tenant.timezone, Tenant.currency, Plan.modules,
                   Tenant.default_status, Tenant.suspended_at, Plan.rate_limits)
_TENANT_WIDTH = len(_TENANT_COLUMNS)
_TENANT = select(*_TENANT_COLUMNS).join(Plan, Tenant.plan_id == Plan.id)
_TENANT_BY_SLUG = _TENANT.where(Tenant.slug == bindparam("slug"))
_TENANT_BY_ID = _TENANT.where(Tenant.id == bindparam("id"))
# One row per application password (or one with NULL password columns); users and their credentials
# are platform rows, outside the tenant guard.
_ACCOUNT = (
    select(User.id, User.login, User.email, User.display_name, User.role, User.tenant_id, User.capabilities,
           *_TENANT_COLUMNS, ApplicationPassword.id, ApplicationPassword.uuid, ApplicationPassword.password_hash,
           ApplicationPassword.last_used)
    .outerjoin(Tenant, User.tenant_id == Tenant.id).outerjoin(Plan, Tenant.plan_id == Plan.id)
    .outerjoin(ApplicationPassword, ApplicationPassword.user_id == User.id)
    .order_by(ApplicationPassword.id)
)
_ACCOUNT_BY_LOGIN = _ACCOUNT.where(User.login == bindparam("login"))
_ACCOUNT_BY_EMAIL = _ACCOUNT.where(func.lower(User.email) == bindparam("email"))


def _rows(statement, params: dict) -> Sequence[Row]:
    return tenancy.select_rows(statement, params).all()  # platform rows: the guard adds nothing


def _tenant(values: Sequence) -> TenantInfo | None:
    tenant_id, slug, name, timezone, currency, modules, default_status, suspended_at, rate_limits = values
    if tenant_id is None:
        return None
    return TenantInfo(tenant_id, slug, name, timezone, currency, frozenset(modules or ()), default_status,
                      suspended_at is not None, rate_limits)


def tenant_by_slug(slug: str) -> TenantInfo | None:
    """The tenant whose site is ``slug``, or None."""
    rows = _rows(_TENANT_BY_SLUG, {"slug": slug})
    return _tenant(rows[0]) if rows else None


def tenant_by_id(tenant_id: int) -> TenantInfo | None:
    rows = _rows(_TENANT_BY_ID, {"id": tenant_id})
    return _tenant(rows[0]) if rows else None


def tenant_info(tenant_id: int) -> TenantInfo | None:
    """``tenant_id``'s settings, read at most once per session (a request that signed in has them already)."""
    known = tenancy.remembered(tenant_id)
    if not isinstance(known, TenantInfo):
        known = tenant_by_id(tenant_id)
        if known is not None:
            tenancy.remember(tenant_id, known)
    return known


def _account(rows: Sequence[Row]) -> Account | None:
    if not rows:
        return None
    first = rows[0]
    user_id, login, email, display_name, role, tenant_id, capabilities = first[:7]
    end = 7 + _TENANT_WIDTH  # the user's 7 columns, their tenant's, then the password's 4
    passwords = tuple(PasswordInfo(*row[end:end + 4]) for row in rows if row[end] is not None)
    return Account(user_id, login, email, display_name, role, tenant_id,
                   tuple(capabilities) if capabilities is not None else None, _tenant(first[7:end]), passwords)


def account(login_or_email: str) -> Account | None:
    """By login, then by e-mail when it looks like one (as ``wp_authenticate_application_password``)."""
    found = _account(_rows(_ACCOUNT_BY_LOGIN, {"login": login_or_email}))
    if found is None and "@" in login_or_email:
        found = _account(_rows(_ACCOUNT_BY_EMAIL, {"email": login_or_email.lower()}))
    return found
