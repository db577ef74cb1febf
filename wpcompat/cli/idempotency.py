"""``wpcompat idempotency purge``: delete the stored answers of Idempotency-Keys past their retention.

The webhook worker's minute maintenance purges them too (:func:`wpcompat.idempotency.purge_expired`);
this is for a cron job where no worker runs, or to see how many went.
"""
from __future__ import annotations

from flask.cli import AppGroup

from ..idempotency import purge_expired
from .output import emit, json_option


idempotency_group = AppGroup("idempotency", help="Stored answers of requests sent with an Idempotency-Key.")


@idempotency_group.command("purge")
@json_option
def purge_command(as_json: bool) -> None:
    """Delete the answers whose retention (WPCOMPAT_IDEMPOTENCY_TTL) has passed."""
    purged = purge_expired()
    emit({"purged": purged}, as_json, f"Purged {purged} expired idempotency key{'s' if purged != 1 else ''}.")
