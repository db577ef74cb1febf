"""``wpcompat webhook add|list|remove|test|deliveries|redeliver``: text for people, ``--json`` for scripts, refusals
on stderr with status 1, the secret printed once, and the same rules as the REST routes."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from wpcompat.cli import cli
from wpcompat.webhooks.models import FAILED

from .webhooks_support import (
    AURORA, HOOK, WebhookDelivery, WebhookEndpoint, WebhookEvent, add_attempt, body, change_row, create, rows,
)


@pytest.fixture
def run(app, world):
    """Invoke ``wpcompat webhook ARGS...`` against the test app (with its two-tenant world)."""
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, ["webhook", *args])


def output_json(result) -> object:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_prints_the_secret_once_and_the_api_agrees(app, client, world, run):
    result = run("add", "--tenant", "aurora", "--url", HOOK, "--event", "appointment.created",
                 "--event", "customer.created,customer.updated", "--description", "CRM")
    assert result.exit_code == 0 and result.stderr == ""
    [endpoint] = rows(app, WebhookEndpoint)
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Webhook {endpoint.id} -> {HOOK} (appointment.created, customer.created, customer.updated; "
                        "enabled)")
    secret = lines[4].strip()
    assert lines[2:4] == ["Signing secret:", ""] and secret.startswith("whsec_") and len(secret) == 38
    assert lines[-1].startswith("Shown once:")
    assert secret not in endpoint.sealed_secret
    shown = body(client.get(f"{AURORA}/{endpoint.id}", headers=world.aurora_admin.auth))
    assert (shown["description"], shown["events"]) == ("CRM", ["appointment.created", "customer.created",
                                                               "customer.updated"])
    listing = run("list", "--tenant", "aurora")
    assert secret not in listing.stdout
    assert listing.stdout.splitlines()[1].split() == [str(endpoint.id), HOOK, "appointment.created,customer.created,"
                                                      "customer.updated", "enabled", "CRM"]


def test_add_json(run):
    added = output_json(run("add", "--tenant", "aurora", "--url", HOOK, "--event", "*", "--json"))
    assert list(added) == ["id", "url", "description", "events", "enabled", "disabled_at", "disabled_reason",
                           "failing_since", "created_at", "updated_at", "secret"]
    assert (added["events"], added["enabled"]) == (["*"], True)
    assert output_json(run("list", "--tenant", "aurora", "--json")) == [
        {k: v for k, v in added.items() if k != "secret"}]
    assert output_json(run("list", "--tenant", "borealis", "--json")) == []
    assert run("list", "--tenant", "borealis").stdout == "(none)\n"


@pytest.mark.parametrize(("args", "message"), [
    (("--url", "http://10.1.2.3/x", "--event", "*"), "Error: url: "),
    (("--url", "gopher://example.com/", "--event", "*"), "Error: url: The URL must be an http or https URL"),
    (("--url", HOOK, "--event", "booking.made"), "Error: events: Unknown event type 'booking.made': use one of "),
    (("--url", HOOK, "--event", ","), "Error: events: At least one event type is required.\n"),
    (("--url", HOOK, "--event", "*", "--description", "d" * 501),
     "Error: description: The description must be at most 500 characters long.\n"),
])
def test_add_refusals(app, run, args, message):
    result = run("add", "--tenant", "aurora", *args, "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(message)
    assert rows(app, WebhookEndpoint) == []


def test_unknown_tenant_and_other_tenants_ids(client, world, run):
    theirs = create(client, world.borealis_admin, base="/borealis/wp-json/wpcompat/v1/webhooks")["id"]
    result = run("list", "--tenant", "nowhere")
    assert (result.exit_code, result.stderr) == (1, "Error: no tenant with slug 'nowhere'\n")
    for args in (("remove",), ("test",), ("deliveries",), ("redeliver",)):
        extra = ("1",) if args == ("redeliver",) else ()
        for webhook_id in (str(theirs), "424242"):
            result = run(*args, "--tenant", "aurora", webhook_id, *extra)
            assert (result.exit_code, result.stderr) == (1, "Error: Invalid webhook ID.\n"), args
    assert body(client.get(f"/borealis/wp-json/wpcompat/v1/webhooks/{theirs}", headers=world.borealis_admin.auth))


def test_test_deliveries_and_redeliver(app, run):
    webhook_id = output_json(run("add", "--tenant", "aurora", "--url", HOOK, "--event", "*", "--json"))["id"]
    queued = run("test", "--tenant", "aurora", str(webhook_id))
    assert queued.exit_code == 0
    [delivery] = rows(app, WebhookDelivery)
    [event] = rows(app, WebhookEvent)
    assert queued.stdout == f"Queued webhook.test {event.uid} as delivery {delivery.id} to webhook {webhook_id}.\n"
    assert json.loads(event.payload)["data"] == {"tenant": "aurora", "source": "cli",
                                                 "webhook": {"id": webhook_id, "url": HOOK}}
    second = output_json(run("test", "--tenant", "aurora", str(webhook_id), "--json"))
    assert (second["event_type"], second["status"], second["attempts"]) == ("webhook.test", "pending", 0)

    add_attempt(app, delivery.id, datetime(2030, 1, 6, 12), 500, "oops", 40)
    add_attempt(app, delivery.id, datetime(2030, 1, 6, 12, 0, 5), None, "", 10000, "timed out")
    change_row(app, WebhookDelivery, delivery.id, status=FAILED, attempts=2, next_attempt_at=None)
    listed = output_json(run("deliveries", "--tenant", "aurora", str(webhook_id), "--json"))
    assert [d["id"] for d in listed] == [second["id"], delivery.id]
    assert [a["status_code"] for a in listed[1]["attempt_log"]] == [500, None]
    text = run("deliveries", "--tenant", "aurora", str(webhook_id)).stdout.splitlines()
    assert text[0].split() == ["ID", "EVENT", "TYPE", "STATUS", "ATTEMPTS", "NEXT", "ATTEMPT", "LAST", "ANSWER"]
    assert text[2].split() == [str(delivery.id), event.uid, "webhook.test", "failed", "2", "-", "timed", "out"]
    limited = run("deliveries", "--tenant", "aurora", str(webhook_id), "--limit", "1").stdout
    assert limited.splitlines()[-1] == "(1 of 2; --limit for more)"

    again = run("redeliver", "--tenant", "aurora", str(webhook_id), str(delivery.id))
    assert again.stdout == f"Delivery {delivery.id} ({event.uid}) is pending again, due now.\n"
    [redone] = [d for d in rows(app, WebhookDelivery) if d.id == delivery.id]
    assert (redone.status, redone.attempts) == ("pending", 0) and redone.next_attempt_at is not None
    missing = run("redeliver", "--tenant", "aurora", str(webhook_id), "999")
    assert (missing.exit_code, missing.stderr) == (1, "Error: Invalid webhook delivery ID.\n")

    change_row(app, WebhookEndpoint, webhook_id, enabled=False)
    for args in (("test", str(webhook_id)), ("redeliver", str(webhook_id), str(delivery.id))):
        refused = run(args[0], "--tenant", "aurora", *args[1:])
        assert (refused.exit_code, refused.stderr) == (
            1, "Error: This webhook is disabled: re-enable it (enabled: true) first.\n")


def test_remove(app, run):
    webhook_id = output_json(run("add", "--tenant", "aurora", "--url", HOOK, "--event", "*", "--json"))["id"]
    run("test", "--tenant", "aurora", str(webhook_id))
    removed = output_json(run("remove", "--tenant", "aurora", str(webhook_id), "--json"))
    assert removed["deleted"] is True and removed["previous"]["id"] == webhook_id
    assert (rows(app, WebhookEndpoint), rows(app, WebhookDelivery), rows(app, WebhookEvent)) == ([], [], [])
    again = run("remove", "--tenant", "aurora", str(webhook_id))
    assert (again.exit_code, again.stderr) == (1, "Error: Invalid webhook ID.\n")
    added = output_json(run("add", "--tenant", "aurora", "--url", HOOK, "--event", "*", "--json"))
    assert run("remove", "--tenant", "aurora", str(added["id"])).stdout == f"Removed webhook {added['id']} ({HOOK}).\n"
