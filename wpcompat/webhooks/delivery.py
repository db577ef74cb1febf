"""Delivering the outbox: claim due deliveries, send each signed, log the attempt, schedule the next.

At least once: a delivery is claimed by moving its ``next_attempt_at`` past the time its sending can take (a
lease) and committing, *then* sent with no transaction open; the attempt's outcome is written afterwards. A
worker killed between the two leaves the lease to expire, and the delivery is sent again. Two workers never
send one attempt at once: the claim is an ``UPDATE … WHERE status = 'pending' AND next_attempt_at <= now``
that only one of them can win (PostgreSQL: over rows read ``FOR UPDATE SKIP LOCKED``, so workers take
different rows instead of waiting; SQLite: the single writer serialises the claims).

An answer 2xx is delivered. Anything else — another status (a redirect too: none is followed), a timeout, a
refused or unreachable target — is a failed attempt, retried on the schedule (:mod:`.schedule`); after the
last one the delivery has failed. An endpoint whose attempts have all failed for ``WEBHOOK_DISABLE_AFTER``
(5 days) is disabled, says why in its record, and its pending deliveries fail.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from ..changes.actor import WEBHOOK_WORKER, Actor, acting_as
from ..extensions import db
from ..platform.models import utcnow
from ..tenancy import all_tenants
from .models import DELIVERED, FAILED, PENDING, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .outbox import rfc3339
from .schedule import parse_schedule
from .secrets import signing_secret
from .sending import Outcome, send
from .signing import signed_headers

log = logging.getLogger(__name__)

BATCH = 10  # deliveries claimed at once
LEASE_MARGIN = timedelta(seconds=30)
MAINTENANCE_EVERY = 60.0  # seconds


def _purge_idempotency_keys() -> None:
    from ..idempotency import purge_expired  # the worker is the one long-running process that can

    purge_expired()


#: Run every minute by :func:`run`.
MAINTENANCE: list[Callable[[], None]] = [_purge_idempotency_keys]


def claim_due(now: datetime, lease: timedelta, limit: int = BATCH, first_delay: timedelta = timedelta(0)) -> list[int]:
    """Claim up to ``limit`` due deliveries (their ids) until ``now + lease``, committed.

    A delivery not yet attempted (new, or redelivered) is due ``first_delay`` (the schedule's first entry)
    after its ``next_attempt_at``; a retry at it.
    """
    with all_tenants():
        # A disabled endpoint's deliveries wait: nothing is sent to it until it is re-enabled.
        due = (select(WebhookDelivery.id)
               .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
               .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now,
                      or_(WebhookDelivery.attempts > 0, WebhookDelivery.next_attempt_at <= now - first_delay),
                      WebhookEndpoint.enabled.is_(True))
               .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit))
        if db.session.get_bind().dialect.name == "postgresql":  # lock the deliveries, not their endpoints
            due = due.with_for_update(of=WebhookDelivery, skip_locked=True)
        ids = list(db.session.scalars(due))
        claimed: list[int] = []
        if ids:
            claimed = list(db.session.scalars(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_(ids), WebhookDelivery.status == PENDING,
                       WebhookDelivery.next_attempt_at <= now)
                .values(next_attempt_at=now + lease).returning(WebhookDelivery.id)
                .execution_options(synchronize_session=False)))
        db.session.commit()
    return sorted(claimed)


def _prepare(delivery_id: int, at: datetime) -> tuple[str, dict[str, str], str] | None:
    # What to send, read and let go of before the request: (url, headers, body).
    with all_tenants():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.status != PENDING or not delivery.endpoint.enabled:
            db.session.rollback()
            return None
        endpoint, event = delivery.endpoint, delivery.event
        prepared = (endpoint.url, signed_headers(signing_secret(endpoint), event.uid, event.payload, at),
                    event.payload)
        db.session.rollback()
    return prepared


def _disable(endpoint: WebhookEndpoint, now: datetime) -> None:
    days = current_app.config["WEBHOOK_DISABLE_AFTER"] / 86400
    endpoint.enabled = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = (f"Disabled after every attempt failed for {days:g} days "
                                f"(failing since {rfc3339(endpoint.failing_since)}).")
    db.session.execute(update(WebhookDelivery)
                       .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == PENDING)
                       .values(status=FAILED, next_attempt_at=None).execution_options(synchronize_session=False))


def record(delivery_id: int, outcome: Outcome, now: datetime) -> None:
    """Log the attempt and move the delivery (and its endpoint) on; committed."""
    delays = parse_schedule(current_app.config["WEBHOOK_RETRY_SCHEDULE"])
    disable_after = timedelta(seconds=current_app.config["WEBHOOK_DISABLE_AFTER"])
    with all_tenants():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        if delivery is None:  # its endpoint was deleted meanwhile
            db.session.rollback()
            return
        endpoint = delivery.endpoint
        db.session.add(WebhookAttempt(tenant_id=delivery.tenant_id, delivery_id=delivery.id, attempted_at=outcome.at,
                                      status_code=outcome.status_code, response_body=outcome.answer,
                                      duration_ms=outcome.duration_ms, error=outcome.error))
        delivery.attempts += 1
        if outcome.delivered:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DELIVERED, now, None
            endpoint.failing_since = None
        else:
            if delivery.attempts < len(delays):
                delivery.next_attempt_at = now + delays[delivery.attempts]
            else:
                delivery.status, delivery.next_attempt_at = FAILED, None
            if endpoint.failing_since is None:
                endpoint.failing_since = outcome.at
            if endpoint.enabled and now - endpoint.failing_since >= disable_after:
                _disable(endpoint, now)
        db.session.commit()


def deliver_due(now: datetime | None = None, limit: int = BATCH, clock: Callable[[], datetime] = utcnow) -> int:
    """Send every claimed due delivery once; the number of attempts made. ``now``: when to claim as of."""
    config = current_app.config
    timeout = float(config["WEBHOOK_TIMEOUT"])
    allow_private = bool(config["WEBHOOK_ALLOW_PRIVATE"])
    lease = timedelta(seconds=timeout) * limit + LEASE_MARGIN
    first_delay = parse_schedule(config["WEBHOOK_RETRY_SCHEDULE"])[0]
    sent = 0
    with acting_as(Actor(WEBHOOK_WORKER)):  # what the worker changes itself (a disabling) is the worker's
        for delivery_id in claim_due(now or clock(), lease, limit, first_delay):
            at = clock()
            prepared = _prepare(delivery_id, at)
            if prepared is None:
                continue
            url, headers, body = prepared
            outcome = send(url, headers, body, timeout=timeout, allow_private=allow_private, at=at)
            record(delivery_id, outcome, clock())
            sent += 1
    return sent


def run(app: Flask, stop: threading.Event, poll_interval: float = 1.0,
        parent_alive: Callable[[], bool] = lambda: True) -> None:
    """Deliver until ``stop`` is set (or ``parent_alive()`` turns False); maintenance every minute."""
    with app.app_context():
        parse_schedule(app.config["WEBHOOK_RETRY_SCHEDULE"])  # a bad schedule stops the worker at once
        last_maintenance = float("-inf")
        while not stop.is_set() and parent_alive():
            sent = 0
            try:
                sent = deliver_due()
                if time.monotonic() - last_maintenance >= MAINTENANCE_EVERY:
                    last_maintenance = time.monotonic()
                    for task in MAINTENANCE:
                        task()
            except Exception:  # a database hiccup must not end delivery: log, back off, go on
                log.exception("webhook delivery failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
            if not sent:
                stop.wait(poll_interval)
