"""The outbox: an event, and a delivery for each endpoint subscribed to it, written in the caller's transaction.

Nothing is sent here. The rows are added to the session of the change; when its transaction commits, the
delivery worker finds them (:mod:`wpcompat.webhooks.delivery`); when it rolls back, they never existed.
Events are written only for tenants with an enabled endpoint subscribed to the type.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tenancy import all_tenants
from .models import PENDING, WebhookDelivery, WebhookEndpoint, WebhookEvent

#: Every event type a change emits; an endpoint subscribes to some of them, or to ``*`` (all).
EVENT_TYPES = (
    "appointment.created", "appointment.updated", "appointment.status_changed", "appointment.deleted",
    "customer.created", "customer.updated", "customer.deleted", "payment.updated",
)
ALL = "*"
#: Sent by ``POST /webhooks/{id}/test`` (and ``wpcompat webhook test``) to that endpoint only.
TEST_EVENT = "webhook.test"


@dataclass(frozen=True)
class Event:
    type: str
    occurred_at: datetime  # UTC, naive
    data: dict[str, Any]  # {"tenant", "source", <object>, "previous"?}


def rfc3339(moment: datetime) -> str:
    """``2026-12-03T10:15:00.123456Z``: UTC, microseconds when there are any."""
    text = moment.replace(tzinfo=timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


def new_uid() -> str:
    """A ``webhook-id``: ``msg_`` and 26 random characters."""
    return "msg_" + secrets.token_hex(13)


def body_of(event: Event) -> str:
    """The JSON body sent (and signed): ``{"type", "timestamp", "data"}``."""
    return orjson.dumps({"type": event.type, "timestamp": rfc3339(event.occurred_at), "data": event.data}).decode()


def subscribed(endpoint: WebhookEndpoint, event_type: str) -> bool:
    return endpoint.enabled and (ALL in endpoint.events or event_type in endpoint.events)


def tenant_endpoints(session: Session, tenant_id: int) -> list[WebhookEndpoint]:
    """The tenant's enabled endpoints (one query; callers emitting several events reuse the list)."""
    with all_tenants(session):
        return list(session.scalars(select(WebhookEndpoint).where(
            WebhookEndpoint.tenant_id == tenant_id, WebhookEndpoint.enabled.is_(True)).order_by(WebhookEndpoint.id)))


def emit(session: Session, tenant_id: int, events: Iterable[Event],
         endpoints: list[WebhookEndpoint] | None = None) -> list[WebhookEvent]:
    """Add each event with a pending delivery per subscribed endpoint to ``session`` (flushed with it).

    ``endpoints`` defaults to the tenant's enabled ones (:func:`tenant_endpoints`); the test route passes one.
    """
    if endpoints is None:
        endpoints = tenant_endpoints(session, tenant_id)
    written = []
    for event in events:
        targets = [endpoint for endpoint in endpoints if subscribed(endpoint, event.type) or event.type == TEST_EVENT]
        if not targets:
            continue
        row = WebhookEvent(tenant_id=tenant_id, uid=new_uid(), type=event.type, payload=body_of(event),
                           created_at=event.occurred_at)
        row.deliveries = [WebhookDelivery(tenant_id=tenant_id, endpoint_id=endpoint.id, status=PENDING,
                                          attempts=0, next_attempt_at=event.occurred_at) for endpoint in targets]
        session.add(row)
        written.append(row)
    return written
