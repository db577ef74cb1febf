"""``wpcompat webhook``: manage a tenant's webhook endpoints and run the delivery worker.

The same rules as ``/wp-json/wpcompat/v1/webhooks`` (:mod:`wpcompat.webhooks.endpoints`); changes made here
are attributed to the ``cli`` surface (a test event's ``data.source``).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import AppGroup

from .. import tenancy
from ..booking.errors import BookingError
from ..extensions import db
from ..webhooks import endpoints
from ..webhooks.shapes import delivery_values, endpoint_values
from .output import emit, json_option, table
from .platform import existing_tenant
from .webhook_worker import worker_command

SHOWN_ONCE = "Shown once: store it now. Receivers verify signatures with it (see docs/webhooks.md)."

tenant_option = click.option("--tenant", "tenant_slug", required=True, metavar="SLUG", help="The tenant's slug.")


webhook_group = AppGroup("webhook", help="A tenant's webhook endpoints, their deliveries, and the delivery worker.")


@contextmanager
def as_tenant(slug: str) -> Iterator[None]:
    """Work on tenant ``slug``; a refusal (missing id, bad URL, disabled webhook) is one line on stderr."""
    tenant = existing_tenant(slug)
    try:
        with tenancy.tenant(tenant.id):
            yield
    except endpoints.InvalidWebhook as error:
        db.session.rollback()
        raise click.ClickException("; ".join(f"{field}: {message}" for field, message in error.errors.items())) \
            from None
    except BookingError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None


def _event_types(values: tuple[str, ...]) -> list[str]:
    # --event a --event b, or --event a,b: both are one list, in order.
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _endpoint_text(values: dict) -> str:
    state = "enabled" if values["enabled"] else f"disabled {values['disabled_at']}: {values['disabled_reason']}"
    return f"Webhook {values['id']} -> {values['url']} ({', '.join(values['events'])}; {state})"


@webhook_group.command("add")
@tenant_option
@click.option("--url", required=True, help="Where events are posted (http or https).")
@click.option("--event", "event_types", multiple=True, required=True, metavar="TYPE",
              help=f"An event type to send (repeat, or a comma list); * for all: {', '.join(endpoints.SUBSCRIBABLE)}.")
@click.option("--description", default="", help="What the webhook is for.")
@json_option
def add_webhook(tenant_slug: str, url: str, event_types: tuple[str, ...], description: str, as_json: bool) -> None:
    """Add a webhook to a tenant and print its signing secret, once."""
    with as_tenant(tenant_slug):
        endpoint, secret = endpoints.create(url, _event_types(event_types), description)
        values = endpoint_values(endpoint)
        db.session.commit()
    emit({**values, "secret": secret}, as_json, f"{_endpoint_text(values)}\n\nSigning secret:\n\n    {secret}\n\n"
                                                f"{SHOWN_ONCE}")


@webhook_group.command("list")
@tenant_option
@json_option
def list_webhooks(tenant_slug: str, as_json: bool) -> None:
    """List a tenant's webhooks, oldest first (never their secrets)."""
    with as_tenant(tenant_slug):
        listed = [endpoint_values(endpoint) for endpoint in endpoints.list_all()]
    emit(listed, as_json, lambda: table(
        ("ID", "URL", "EVENTS", "STATE", "DESCRIPTION"),
        ((v["id"], v["url"], ",".join(v["events"]), "enabled" if v["enabled"] else "DISABLED", v["description"])
         for v in listed)))


@webhook_group.command("remove")
@tenant_option
@click.argument("webhook_id", type=int)
@json_option
def remove_webhook(tenant_slug: str, webhook_id: int, as_json: bool) -> None:
    """Delete a webhook with its deliveries and their attempts."""
    with as_tenant(tenant_slug):
        endpoint = endpoints.get(webhook_id)
        values = endpoint_values(endpoint)
        endpoints.delete_endpoint(endpoint)
        db.session.commit()
    emit({"deleted": True, "previous": values}, as_json, f"Removed webhook {values['id']} ({values['url']}).")


@webhook_group.command("test")
@tenant_option
@click.argument("webhook_id", type=int)
@json_option
def test_webhook(tenant_slug: str, webhook_id: int, as_json: bool) -> None:
    """Queue a webhook.test event for one webhook (the worker or the server sends it)."""
    with as_tenant(tenant_slug):
        delivery = endpoints.send_test(endpoints.get(webhook_id))
        db.session.commit()
        values = delivery_values(delivery)
    emit(values, as_json, f"Queued {values['event_type']} {values['event_id']} as delivery {values['id']} "
                          f"to webhook {webhook_id}.")


@webhook_group.command("deliveries")
@tenant_option
@click.argument("webhook_id", type=int)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100), help="How many, newest first.")
@json_option
def list_deliveries(tenant_slug: str, webhook_id: int, limit: int, as_json: bool) -> None:
    """A webhook's deliveries, newest first, with every attempt."""
    with as_tenant(tenant_slug):
        found, total = endpoints.deliveries(endpoints.get(webhook_id), 1, limit)
        listed = [delivery_values(delivery) for delivery in found]
    emit(listed, as_json, lambda: _deliveries_text(listed, total))


def _deliveries_text(listed: list[dict], total: int) -> str:
    lines = [table(("ID", "EVENT", "TYPE", "STATUS", "ATTEMPTS", "NEXT ATTEMPT", "LAST ANSWER"),
                   ((d["id"], d["event_id"], d["event_type"], d["status"], d["attempts"], d["next_attempt_at"] or "-",
                     _last_answer(d)) for d in listed))]
    if total > len(listed):
        lines.append(f"({len(listed)} of {total}; --limit for more)")
    return "\n".join(lines)


def _last_answer(delivery: dict) -> str:
    if not delivery["attempt_log"]:
        return "-"
    last = delivery["attempt_log"][-1]
    return str(last["status_code"]) if last["status_code"] is not None else (last["error"] or "no answer")


@webhook_group.command("redeliver")
@tenant_option
@click.argument("webhook_id", type=int)
@click.argument("delivery_id", type=int)
@json_option
def redeliver(tenant_slug: str, webhook_id: int, delivery_id: int, as_json: bool) -> None:
    """Send a delivery again from the start of the retry schedule (its attempt log is kept)."""
    with as_tenant(tenant_slug):
        delivery = endpoints.redeliver(endpoints.get_delivery(endpoints.get(webhook_id), delivery_id))
        db.session.commit()
        values = delivery_values(delivery)
    emit(values, as_json, f"Delivery {values['id']} ({values['event_id']}) is pending again, due now.")


webhook_group.add_command(worker_command)
