"""Who a change is by: the surface it came through, the credential and user, the request id and client IP.

A web request notes its actor once it knows the credential (:func:`note_request_actor`, called by the REST
server after authentication and by TeamBooking after its token check); the CLI, the site-file loader and
the import name theirs with :func:`acting_as`. :func:`current_actor` is what the audit trail, the webhook
events and idempotency keys read.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from flask import g, has_request_context, request

from ..request_id import current_request_id

#: Surfaces a change can come through.
BOOKNETIC = "booknetic"
TEAMBOOKING = "teambooking"
WORDPRESS = "wordpress"  # wp/v2 (users, application passwords)
WPCOMPAT = "wpcompat"  # the management API, wpcompat/v1
CLI = "cli"
SITE_FILE = "site-file"
IMPORT = "import"
WEBHOOK_WORKER = "webhook-worker"  # what the delivery worker changes itself: disabling a failing endpoint

#: Credential kinds.
APPLICATION_PASSWORD = "application_password"
TEAMBOOKING_TOKEN = "teambooking_token"

_G_KEY = "wpcompat_actor"


@dataclass(frozen=True, slots=True)
class Actor:
    surface: str
    credential_kind: str | None = None
    credential_id: str | None = None  # an application password's uuid, a TeamBooking token's id
    user_id: int | None = None
    request_id: str | None = None
    client_ip: str | None = None

    @property
    def credential_scope(self) -> str | None:
        """``kind:id`` of the credential (what idempotency keys are scoped to), None when anonymous."""
        if self.credential_kind is None or self.credential_id is None:
            return None
        return f"{self.credential_kind}:{self.credential_id}"


_outside_requests: ContextVar[Actor | None] = ContextVar("wpcompat_actor", default=None)


def note_request_actor(surface: str, *, credential_kind: str | None = None, credential_id: str | None = None,
                       user_id: int | None = None) -> Actor:
    """Record the current web request's actor (call once its credential is accepted)."""
    actor = Actor(surface, credential_kind, credential_id, user_id, current_request_id(), request.remote_addr)
    setattr(g, _G_KEY, actor)
    return actor


def current_actor() -> Actor:
    """The actor of the current request (anonymous when none was noted), or of the :func:`acting_as` block."""
    outside = _outside_requests.get()
    if outside is not None:
        return outside
    if has_request_context():
        noted = g.get(_G_KEY)
        if noted is not None:
            return noted
        return Actor("web", request_id=current_request_id(), client_ip=request.remote_addr)
    return Actor(CLI)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute the changes made inside the block to ``actor`` (the CLI, the loader, the import)."""
    token = _outside_requests.set(actor)
    try:
        yield actor
    finally:
        _outside_requests.reset(token)
