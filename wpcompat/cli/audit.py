"""``wpcompat audit``: a tenant's audit trail."""
from __future__ import annotations

import click


@click.command("audit")
def audit_command() -> None:
    """A tenant's audit trail (placeholder replaced by the audit work)."""
    raise click.ClickException("not built yet")
