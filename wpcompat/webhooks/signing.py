"""Standard Webhooks signatures, made by the ``standardwebhooks`` package that receivers verify with.

``webhook-id`` is the event's id (the same on every retry, so a receiver can drop duplicates),
``webhook-timestamp`` the Unix time of this attempt, ``webhook-signature`` ``v1,`` + base64 of
HMAC-SHA256 over ``"{id}.{timestamp}.{body}"`` keyed with the secret's base64-decoded bytes.
"""
from __future__ import annotations

from datetime import datetime, timezone
from importlib.metadata import version

from standardwebhooks.webhooks import Webhook

USER_AGENT = f"wpcompat-webhooks/{version('wpcompat')}"


def signed_headers(secret: str, msg_id: str, body: str, at: datetime) -> dict[str, str]:
    """The headers of one attempt at ``at`` (UTC, naive or aware)."""
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body),
    }
