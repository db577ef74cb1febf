"""Webhook signing secrets: ``whsec_`` + base64 of 24 random bytes, shown once, stored sealed.

The secret must be read back to sign every delivery, so it is encrypted (:mod:`wpcompat.platform.sealed`),
not hashed; it never appears in a log or a listing.
"""
from __future__ import annotations

import base64
import secrets

from ..platform import sealed
from .models import WebhookEndpoint

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def seal_secret(secret: str) -> str:
    return sealed.seal(secret)


def signing_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's secret in plain text (for signing only)."""
    return sealed.unseal(endpoint.sealed_secret)
