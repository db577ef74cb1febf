"""``wpcompat webhook``: manage a tenant's webhook endpoints and run the delivery worker."""
from __future__ import annotations

import click


@click.group("webhook")
def webhook_group() -> None:
    """A tenant's webhook endpoints, their deliveries, and the delivery worker."""
