"""Webhook endpoints, the outbox of events, and every delivery attempt.

An event row and one delivery row per subscribed endpoint are written in the transaction of the change
(:mod:`wpcompat.webhooks.outbox`): a rolled-back change emits nothing, a committed one is never lost. The
delivery worker (:mod:`wpcompat.webhooks.delivery`) claims due deliveries, sends them, and logs each
attempt.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.models import NEVER_REUSE_IDS, utcnow
from ..tenancy import TenantScoped

PENDING = "pending"  # waiting for its next attempt (next_attempt_at)
DELIVERED = "delivered"  # an attempt got a 2xx
FAILED = "failed"  # every scheduled attempt failed, or its endpoint was disabled


class WebhookEndpoint(TenantScoped, db.Model):
    __tablename__ = "webhook_endpoints"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    events: Mapped[list[str]] = mapped_column(JSON, default=list)  # event types, or ["*"]
    # The signing secret ("whsec_" + base64), sealed (wpcompat.platform.sealed): it must be read back to sign.
    sealed_secret: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    # Start of the current run of failed attempts (None after a success): 5 days of it disable the endpoint.
    failing_since: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class WebhookEvent(TenantScoped, db.Model):
    __tablename__ = "webhook_events"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)  # "msg_…": the webhook-id header, on every retry
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body that is signed and sent
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    deliveries: Mapped[list[WebhookDelivery]] = relationship(back_populates="event", cascade="all, delete-orphan")


class WebhookDelivery(TenantScoped, db.Model):
    """One event for one endpoint: its state and when it is next tried."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
                      Index("ix_webhook_deliveries_endpoint_id_id", "endpoint_id", "id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # attempts made so far
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)  # None unless pending
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)

    event: Mapped[WebhookEvent] = relationship(back_populates="deliveries")
    endpoint: Mapped[WebhookEndpoint] = relationship()
    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", order_by="WebhookAttempt.id")


class WebhookAttempt(TenantScoped, db.Model):
    """One HTTP attempt of a delivery: when, the answer's status and first 1 kB, how long, what failed."""

    __tablename__ = "webhook_attempts"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: no HTTP answer (see error)
    response_body: Mapped[str] = mapped_column(String(1024), default="")  # the first 1 kB, decoded leniently
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500))  # timeout, refused target, connection error, ...

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempt_log")
