"""``wpcompat webhook worker``: deliver webhooks as a process of its own (what ``serve`` does by default)."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from ..webhooks import delivery
from ..webhooks.schedule import BadSchedule, parse_schedule


@click.command("worker")
@click.option("--poll-interval", default=1.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Seconds between looks for due deliveries when there were none.")
@with_appcontext
def worker_command(poll_interval: float) -> None:
    """Deliver due webhooks until SIGTERM or Ctrl-C (several workers, on several machines, may run at once)."""
    try:
        parse_schedule(current_app.config["WEBHOOK_RETRY_SCHEDULE"])
    except BadSchedule as error:
        raise click.ClickException(str(error)) from None
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("Delivering webhooks (SIGTERM or Ctrl-C stops).", err=True)
    delivery.run(current_app._get_current_object(), stop, poll_interval)
