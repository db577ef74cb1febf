"""Stored answers of requests sent with an ``Idempotency-Key``."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.models import utcnow


class IdempotentRequest(db.Model):
    """The first request made with a key, for one credential: what it was (fingerprint) and what it got.

    Keyed by ``(scope, key)``: the scope is the credential (``Actor.credential_scope``), so two clients can
    never see each other's answers. Written in the transaction of the request's own write.
    """

    __tablename__ = "idempotent_requests"

    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 hex of method, path, query and body
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[list] = mapped_column(JSON, default=list)  # [[name, value], ...] of the surface's answer
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
