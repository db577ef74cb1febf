"""What an endpoint and a delivery look like to their owner: the REST answers and ``wpcompat webhook --json``.

Times are RFC 3339 UTC (or null). The signing secret is never part of an endpoint's shape: only the create
answers add it, once.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import WebhookDelivery, WebhookEndpoint
from .outbox import rfc3339


def moment(value: datetime | None) -> str | None:
    return rfc3339(value) if value is not None else None


def endpoint_values(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id, "url": endpoint.url, "description": endpoint.description, "events": list(endpoint.events),
        "enabled": endpoint.enabled, "disabled_at": moment(endpoint.disabled_at),
        "disabled_reason": endpoint.disabled_reason, "failing_since": moment(endpoint.failing_since),
        "created_at": moment(endpoint.created_at), "updated_at": moment(endpoint.updated_at),
    }


def delivery_values(delivery: WebhookDelivery) -> dict[str, Any]:
    """A delivery with its attempt log (oldest attempt first)."""
    return {
        "id": delivery.id, "event_id": delivery.event.uid, "event_type": delivery.event.type,
        "status": delivery.status, "attempts": delivery.attempts, "next_attempt_at": moment(delivery.next_attempt_at),
        "created_at": moment(delivery.created_at), "delivered_at": moment(delivery.delivered_at),
        "attempt_log": [{"attempted_at": moment(attempt.attempted_at), "status_code": attempt.status_code,
                         "response_body": attempt.response_body, "duration_ms": attempt.duration_ms,
                         "error": attempt.error} for attempt in delivery.attempt_log],
    }
