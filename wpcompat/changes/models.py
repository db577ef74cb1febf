"""The audit trail: one row per changed entity per transaction, written in that transaction.

Not :class:`~wpcompat.tenancy.TenantScoped`: a change of the platform itself (a tenant, a plan, the platform
owner's own credentials) belongs to no tenant (``tenant_id`` NULL). Reads go through
:mod:`wpcompat.changes.audit`, which always names the tenant.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.models import NEVER_REUSE_IDS, utcnow


class AuditRecord(db.Model):
    __tablename__ = "audit_records"
    __table_args__ = (Index("ix_audit_records_tenant_entity", "tenant_id", "entity_type", "entity_id", "id"),
                      Index("ix_audit_records_tenant_id_id", "tenant_id", "id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # UTC, microseconds
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    surface: Mapped[str] = mapped_column(String(32))  # an actor surface (wpcompat.changes.actor)
    credential_kind: Mapped[str | None] = mapped_column(String(32))
    credential_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the trail outlives the user
    action: Mapped[str] = mapped_column(String(32))  # "created", "updated", "deleted"
    entity_type: Mapped[str] = mapped_column(String(32))  # "appointment", "customer", "service", ...
    entity_id: Mapped[int] = mapped_column(Integer)
    # {"field": [old, new]}; a creation's olds and a deletion's news are null.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(200))
    client_ip: Mapped[str | None] = mapped_column(String(45))


# The change capture's session listeners, registered with the models (create_app imports them first).
from . import capture  # noqa: E402,F401
