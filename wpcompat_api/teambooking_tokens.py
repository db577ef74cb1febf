"""``/wpcompat/v1/teambooking-tokens``: a tenant's TeamBooking API ``auth_token``s. Create one (``write``:
read-only or write) and its token is in that answer only (stored as a hash); list them by prefix with their
use per operation; ``DELETE ?force=true`` revokes one: it stops working at once and stays listed, revoked."""
from __future__ import annotations

from typing import Any

from wpcompat.access.request_tenant import get_current_tenant
from wpcompat.booking.lookup import get_row, page_of
from wpcompat.extensions import db
from wpcompat.php.json import PhpObject
from wpcompat.platform import accounts
from wpcompat.platform.models import TeamBookingToken, utcnow
from wpcompat.webhooks.outbox import rfc3339

from .collections import Collection
from .namespace import tenant_owner
from .resources import ALL_CONTEXTS, TIME, ItemSchema

SCHEMA = ItemSchema("teambooking-token", {
    "id": {"description": "Unique identifier for the token.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "prefix": {"description": "The token's first characters, to tell tokens apart.", "type": "string",
               "context": ALL_CONTEXTS, "readonly": True},
    "write": {"description": "Whether the token may write (book, change, cancel); else read-only.",
              "type": "boolean", "default": False, "context": ALL_CONTEXTS},
    "created_at": {"description": "When the token was created (GMT).", **TIME},
    "revoked_at": {"description": "When the token was revoked (GMT), or null while it works.", **TIME},
    "usage": {"description": "Successful calls per operation.", "type": "object",
              "additionalProperties": {"type": "integer"}, "context": ["view", "edit"], "readonly": True},
    "token": {"description": "The auth_token. Only shown when the token is created.", "type": "string",
              "context": ["edit"], "readonly": True},
})


def token_values(record: TeamBookingToken) -> dict[str, Any]:
    values = {"id": record.id, "prefix": record.prefix, "write": record.write,
              "created_at": rfc3339(record.created_at),
              "revoked_at": rfc3339(record.revoked_at) if record.revoked_at else None,
              "usage": PhpObject(record.usage)}
    secret = getattr(record, "shown_once", None)
    if secret is not None:
        values["token"] = secret
    return values


def _create(request, write: bool = False) -> TeamBookingToken:
    record, token = accounts.create_token(get_current_tenant(), bool(write))
    record.shown_once = token  # not a column: this answer's only
    return record


def _revoke(request, record: TeamBookingToken) -> None:
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        db.session.flush()


collection = Collection(
    route="/teambooking-tokens", schema=SCHEMA, label="teambooking token", plural="TeamBooking tokens",
    values=token_values, read=tenant_owner, write=tenant_owner,
    find=lambda request, token_id: get_row(TeamBookingToken, token_id, "Token"),
    page=lambda request, page, per_page: page_of(TeamBookingToken, page, per_page), create=_create,
    delete=_revoke,
).register()
