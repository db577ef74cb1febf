"""TeamBooking ``auth_token`` checks, per tenant: which tenant a call acts for, and whether it may write.

Mirrors ``TeamBookingSettings::isTokenValid``: an unknown token is ``403 invalid token``, a read-only one
on a write operation ``403 read-only token``. Tokens live in the platform's accounts (hashed, revocable
with immediate effect); each belongs to one tenant. At a tenant's URL a token of another tenant is
simply unknown there; at the main site's URL a token selects its own tenant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wpcompat import tenancy
from wpcompat.platform import accounts, identity
from wpcompat.platform.identity import TenantInfo
from wpcompat.platform.models import TeamBookingToken
from wpcompat.platform.secrets import TOKEN_LENGTH

from .envelope import invalid_token, read_only_token

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9]{%d}" % TOKEN_LENGTH)


@dataclass(frozen=True)
class Grant:
    """A checked token and the tenant it acts for (now the active tenant)."""

    token: TeamBookingToken
    tenant: TenantInfo


def authenticate(value: object, url_tenant: TenantInfo | None, *, write: bool) -> Grant:
    """Check the (filtered) ``auth_token`` for this URL's site; activate the token's tenant."""
    if not isinstance(value, str) or not _TOKEN_SHAPE.fullmatch(value):
        raise invalid_token()
    record = accounts.find_token(value)
    if record is None or (url_tenant is not None and record.tenant_id != url_tenant.id):
        raise invalid_token()
    if write and not record.write:
        raise read_only_token()
    tenant = url_tenant or identity.tenant_by_id(record.tenant_id)
    tenancy.activate(tenant.id, known=tenant)
    return Grant(record, tenant)


def count_use(grant: Grant, operation: str) -> None:
    """One more successful call of ``operation`` (the plugin's per-token ``usages`` counter)."""
    accounts.count_token_use(grant.token, operation)
