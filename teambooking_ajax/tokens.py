"""TeamBooking ``auth_token`` checks: whether a token is valid at this URL, and whether it may write.

Mirrors ``TeamBookingSettings::isTokenValid``: an unknown token is ``403 invalid token``, a read-only one
on a write operation ``403 read-only token``. Tokens live in the platform's accounts (hashed, revocable
with immediate effect); each belongs to one tenant, and is valid where any credential of that tenant is
(:func:`wpcompat.access.request_tenant.credential_valid_here`): at another tenant's URL it is simply unknown; at
the main site's URL it selects its own tenant, which the request then works on.
"""
from __future__ import annotations

import re

from wpcompat.access import request_tenant
from wpcompat.platform import accounts
from wpcompat.platform.models import TeamBookingToken
from wpcompat.platform.secrets import TOKEN_LENGTH

from .envelope import invalid_token, read_only_token

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9]{%d}" % TOKEN_LENGTH)


def authenticate(value: object, *, write: bool) -> TeamBookingToken:
    """Check the (filtered) ``auth_token`` for this URL's site; the request then acts for its tenant."""
    if not isinstance(value, str) or not _TOKEN_SHAPE.fullmatch(value):
        raise invalid_token()
    record = accounts.find_token(value)
    if record is None or not request_tenant.credential_valid_here(record.tenant_id):
        raise invalid_token()
    if write and not record.write:
        raise read_only_token()
    request_tenant.act_for_credential(record.tenant_id)
    return record


def count_use(token: TeamBookingToken, operation: str) -> None:
    """One more successful call of ``operation`` (the plugin's per-token ``usages`` counter)."""
    accounts.count_token_use(token, operation)
