"""``wpcompat audit``: a tenant's audit trail, newest first (docs/audit.md)."""
from __future__ import annotations

import json
from datetime import datetime

import click
from flask.cli import with_appcontext

from ..changes import audit
from .output import emit, fail, json_option, table
from .platform import existing_tenant


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    from wpcompat_api.audit import parse_since  # noqa: PLC0415  (the API's one reading of RFC 3339)

    try:
        return parse_since(value)
    except ValueError:
        raise click.BadParameter("an RFC 3339 time, e.g. 2030-01-07T09:00:00Z") from None


@click.command("audit")
@click.option("--tenant", "tenant_slug", required=True, metavar="SLUG", help="The tenant whose trail to show.")
@click.option("--entity", type=click.Choice(audit.ENTITY_TYPES), help="Only records of this entity type.")
@click.option("--id", "entity_id", type=click.IntRange(min=1), help="Only records of the entity with this id.")
@click.option("--since", callback=_since, metavar="TIME", help="Only records at or after TIME (RFC 3339, UTC).")
@click.option("--limit", type=click.IntRange(1, audit.MAX_LIMIT), default=audit.DEFAULT_LIMIT, show_default=True,
              help="How many records (the newest).")
@click.option("--cursor", help="Continue after a previous page (its next_cursor).")
@json_option
@with_appcontext
def audit_command(tenant_slug: str, entity: str | None, entity_id: int | None, since: datetime | None, limit: int,
                  cursor: str | None, as_json: bool) -> None:
    """Who changed what in a tenant, newest first: time, actor, action, entity and changed fields."""
    tenant = existing_tenant(tenant_slug)
    try:
        page = audit.audit_trail(tenant.id, entity=entity, entity_id=entity_id, since=since, limit=limit,
                                 cursor=cursor)
    except ValueError as exc:
        raise fail(f"--cursor: {exc}") from None
    records = [audit.record_json(record, tenant.slug) for record in page.records]
    emit({"records": records, "next_cursor": page.next_cursor}, as_json, lambda: _text(records, page.next_cursor))


def _text(records: list[dict], next_cursor: str | None) -> str:
    rows = [(r["id"], r["time"], _actor(r["actor"]), r["action"], f'{r["entity"]} {r["entity_id"]}',
             _fields(r["changes"]), r["request_id"]) for r in records]
    text = table(("ID", "TIME", "ACTOR", "ACTION", "ENTITY", "CHANGES", "REQUEST"), rows)
    if next_cursor is not None:
        text += f"\n(more: --cursor {next_cursor})"
    return text


def _actor(actor: dict) -> str:
    who = actor["surface"]
    if actor["credential_kind"] is not None:
        who += f' {actor["credential_kind"]}:{actor["credential_id"]}'
    if actor["user_id"] is not None:
        who += f' user {actor["user_id"]}'
    return who


def _fields(changes: dict) -> str:
    """``status: "pending" -> "approved"``, one field after another (long values shortened)."""
    parts = []
    for name, (old, new) in changes.items():
        parts.append(f"{name}: {_short(old)} -> {_short(new)}")
    return "; ".join(parts)


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
