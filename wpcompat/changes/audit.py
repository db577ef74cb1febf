"""Reading the audit trail: one query, always by tenant, newest first, paged with an opaque cursor.

The cursor is the id of the last record of a page (as text): the next page is the records older than it,
so paging stays exact while new records are written. The API (:mod:`wpcompat_api.audit`) and the CLI
(:mod:`wpcompat.cli.audit`) both read through :func:`audit_trail` and show :func:`record_json`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..webhooks.outbox import rfc3339
from .capture import TRACKED
from .models import AuditRecord

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
#: What ``entity`` may name: every tracked entity, and ``tenant`` (a bulk load's summary row).
ENTITY_TYPES = tuple(sorted({spec.entity_type for spec in TRACKED.values()} | {"tenant"}))


@dataclass(frozen=True)
class AuditPage:
    records: list[AuditRecord]
    next_cursor: str | None  # None on the last page


def parse_cursor(cursor: str | None) -> int | None:
    """The id a cursor stands for; None for no cursor. Raises ValueError for anything else."""
    if cursor is None or cursor == "":
        return None
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 18:
        raise ValueError("not a cursor of this trail")
    return int(cursor)


def audit_trail(tenant_id: int, *, entity: str | None = None, entity_id: int | None = None,
                since: datetime | None = None, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> AuditPage:
    """``tenant_id``'s records, newest first: of one entity type (and id), at or after ``since`` (naive UTC),
    ``limit`` (1-100) of them after ``cursor``. Raises ValueError for a cursor not made here."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    before = parse_cursor(cursor)
    query = select(AuditRecord).where(AuditRecord.tenant_id == tenant_id)
    if entity is not None:
        query = query.where(AuditRecord.entity_type == entity)
    if entity_id is not None:
        query = query.where(AuditRecord.entity_id == entity_id)
    if since is not None:
        query = query.where(AuditRecord.occurred_at >= since)
    if before is not None:
        query = query.where(AuditRecord.id < before)
    records = list(db.session.scalars(query.order_by(AuditRecord.id.desc()).limit(limit + 1)))
    more = len(records) > limit
    records = records[:limit]
    return AuditPage(records, str(records[-1].id) if more else None)


def record_json(record: AuditRecord, tenant_slug: str) -> dict[str, Any]:
    """``{"id", "time", "tenant", "actor": {...}, "action", "entity", "entity_id", "changes", "request_id",
    "client_ip"}``."""
    return {
        "id": record.id, "time": rfc3339(record.occurred_at), "tenant": tenant_slug,
        "actor": {"surface": record.surface, "credential_kind": record.credential_kind,
                  "credential_id": record.credential_id, "user_id": record.user_id},
        "action": record.action, "entity": record.entity_type, "entity_id": record.entity_id,
        "changes": record.changes, "request_id": record.request_id, "client_ip": record.client_ip,
    }
