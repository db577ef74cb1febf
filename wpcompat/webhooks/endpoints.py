"""Managing a tenant's webhook endpoints: the rules the REST routes and the CLI share.

Every function works on the active tenant (the tenant guard scopes each query), so another tenant's
endpoint or delivery is :class:`~wpcompat.booking.errors.NotFound`, exactly as a missing one. Functions add
and flush; the caller commits (the REST server after the callback, the CLI explicitly).

Orders: endpoints are listed oldest first (by id: pages stay stable while endpoints are added), deliveries
newest first (what an owner looking for a failure wants first).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import aliased, selectinload

from ..booking.errors import BookingError, InvalidBooking, NotFound
from ..changes.actor import current_actor
from ..database.bounds import is_row_id
from ..extensions import db
from ..platform.models import Tenant, utcnow
from . import outbox, secrets, targets
from .models import PENDING, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

MAX_URL = 2000
MAX_DESCRIPTION = 500
#: What ``events`` may hold: every event type, or ``*`` for all of them.
SUBSCRIBABLE = (*outbox.EVENT_TYPES, outbox.ALL)
DISABLED_BY_OWNER = "Disabled by the tenant owner."


class InvalidWebhook(InvalidBooking):
    """An endpoint's input refused; ``errors`` maps each field to its problem."""


class WebhookDisabled(BookingError):
    """The endpoint is disabled: nothing is sent to it until it is re-enabled."""


# --- validation (also used by the REST args, so a bad field is named before anything runs)

def url_problem(url: Any) -> str | None:
    """Why ``url`` cannot be an endpoint's URL, or None (http/https, public unless WEBHOOK_ALLOW_PRIVATE)."""
    if not isinstance(url, str) or not url:
        return "The URL is required."
    if len(url) > MAX_URL:
        return f"The URL must be at most {MAX_URL} characters long."
    return targets.check_url(url, bool(current_app.config["WEBHOOK_ALLOW_PRIVATE"]))


def events_problem(events: Any) -> str | None:
    """Why ``events`` cannot be a subscription (a non-empty list of event types or ``*``), or None."""
    if not isinstance(events, (list, tuple)) or not events:
        return "At least one event type is required."
    unknown = [event for event in events if event not in SUBSCRIBABLE]
    if unknown:
        return f"Unknown event type {unknown[0]!r}: use one of {', '.join(SUBSCRIBABLE)}."
    return None


def description_problem(description: Any) -> str | None:
    if not isinstance(description, str):
        return "The description must be a string."
    if len(description) > MAX_DESCRIPTION:
        return f"The description must be at most {MAX_DESCRIPTION} characters long."
    return None


def normalized_events(events: Iterable[str]) -> list[str]:
    """Duplicates dropped, order kept; ``*`` alone when it is there (it already means every type)."""
    unique = list(dict.fromkeys(events))
    return [outbox.ALL] if outbox.ALL in unique else unique


def _check(**fields: Any) -> None:
    checks = {"url": url_problem, "events": events_problem, "description": description_problem}
    errors = {name: problem for name, value in fields.items() if (problem := checks[name](value))}
    if errors:
        raise InvalidWebhook(next(iter(errors.values())), errors=errors)


# --- endpoints

def create(url: str, events: Iterable[str], description: str = "",
           enabled: bool = True) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret: the only time the secret is returned in plain text."""
    events = list(events)
    _check(url=url, events=events, description=description)
    secret = secrets.new_secret()
    now = utcnow()
    endpoint = WebhookEndpoint(url=url, events=normalized_events(events), description=description,
                               enabled=bool(enabled), sealed_secret=secrets.seal_secret(secret),
                               created_at=now, updated_at=now)
    if not endpoint.enabled:
        _disable(endpoint)
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def get(endpoint_id: Any) -> WebhookEndpoint:
    """The active tenant's endpoint ``endpoint_id``; NotFound for a missing or another tenant's id."""
    endpoint = None
    if is_row_id(endpoint_id):
        endpoint = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)).one_or_none()
    if endpoint is None:
        raise NotFound("Invalid webhook ID.", "id")
    return endpoint


def list_page(page: int = 1, per_page: int = 10) -> tuple[list[WebhookEndpoint], int]:
    """One page of the tenant's endpoints (oldest first) and how many there are in all."""
    total = db.session.scalar(select(func.count(WebhookEndpoint.id))) or 0
    rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)
                              .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def list_all() -> list[WebhookEndpoint]:
    """Every endpoint of the tenant, oldest first."""
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


_UNSET: Any = object()


def update(endpoint: WebhookEndpoint, *, url: str = _UNSET, events: Iterable[str] = _UNSET,
           description: str = _UNSET, enabled: bool = _UNSET) -> WebhookEndpoint:
    """Change the fields given; ``enabled=True`` re-enables a disabled endpoint (its failure record cleared)."""
    given = {name: value for name, value in
             (("url", url), ("events", events), ("description", description)) if value is not _UNSET}
    if "events" in given:
        given["events"] = list(given["events"])
    _check(**given)
    if "events" in given:
        given["events"] = normalized_events(given["events"])
    for name, value in given.items():
        setattr(endpoint, name, value)
    if enabled is not _UNSET:
        if enabled and not endpoint.enabled:
            endpoint.enabled = True
            endpoint.disabled_at = endpoint.disabled_reason = endpoint.failing_since = None
        elif not enabled and endpoint.enabled:
            _disable(endpoint)
    endpoint.updated_at = utcnow()
    db.session.flush()
    return endpoint


def _disable(endpoint: WebhookEndpoint) -> None:
    endpoint.enabled = False
    endpoint.disabled_at = utcnow()
    endpoint.disabled_reason = DISABLED_BY_OWNER


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint, its deliveries and their attempts, and the events no other endpoint still has."""
    mine = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    other = aliased(WebhookDelivery)
    only_mine = (select(WebhookDelivery.event_id).where(WebhookDelivery.endpoint_id == endpoint.id)
                 .where(~select(other.id).where(other.event_id == WebhookDelivery.event_id,
                                                other.endpoint_id != endpoint.id).exists()))
    bulk = {"synchronize_session": False}
    db.session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(mine)), execution_options=bulk)
    # SQLite does not enforce the foreign keys' ON DELETE CASCADE: every table is cleared explicitly.
    events = list(db.session.scalars(only_mine))
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id),
                       execution_options=bulk)
    for chunk in range(0, len(events), 500):
        db.session.execute(delete(WebhookEvent).where(WebhookEvent.id.in_(events[chunk:chunk + 500])),
                           execution_options=bulk)
    db.session.delete(endpoint)
    db.session.flush()


def send_test(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a ``webhook.test`` event for this endpoint only; the pending delivery it got."""
    _require_enabled(endpoint)
    tenant = db.session.get(Tenant, endpoint.tenant_id)
    data = {"tenant": tenant.slug, "source": current_actor().surface,
            "webhook": {"id": endpoint.id, "url": endpoint.url}}
    [event] = outbox.emit(db.session, endpoint.tenant_id, [outbox.Event(outbox.TEST_EVENT, utcnow(), data)],
                          endpoints=[endpoint])
    db.session.flush()
    return event.deliveries[0]


def _require_enabled(endpoint: WebhookEndpoint) -> None:
    if not endpoint.enabled:
        raise WebhookDisabled("This webhook is disabled: re-enable it (enabled: true) first.", "enabled")


# --- deliveries

def deliveries(endpoint: WebhookEndpoint, page: int = 1, per_page: int = 10) -> tuple[list[WebhookDelivery], int]:
    """One page of the endpoint's deliveries, newest first, with their events and attempts loaded."""
    where = WebhookDelivery.endpoint_id == endpoint.id
    total = db.session.scalar(select(func.count(WebhookDelivery.id)).where(where)) or 0
    rows = db.session.scalars(select(WebhookDelivery).where(where).order_by(WebhookDelivery.id.desc())
                              .options(selectinload(WebhookDelivery.event), selectinload(WebhookDelivery.attempt_log))
                              .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def get_delivery(endpoint: WebhookEndpoint, delivery_id: Any) -> WebhookDelivery:
    """The endpoint's delivery ``delivery_id``; NotFound when it is missing or another endpoint's."""
    delivery = None
    if is_row_id(delivery_id):
        delivery = db.session.scalars(select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint.id)).one_or_none()
    if delivery is None:
        raise NotFound("Invalid webhook delivery ID.", "delivery_id")
    return delivery


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the delivery again from the start of the schedule: pending, no attempts, due now.

    The attempt log is kept (it is the history); the event, and so its ``webhook-id``, stays the same.
    """
    _require_enabled(delivery.endpoint)
    delivery.status = PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.delivered_at = None
    db.session.flush()
    return delivery
