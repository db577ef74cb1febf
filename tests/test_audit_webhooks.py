"""Webhook endpoints are in the audit trail: who made or changed one, never its secret; the worker's disabling."""
from __future__ import annotations

import json

from wpcompat.changes.models import AuditRecord

from .test_webhook_delivery import allow_loopback, deliver, endpoint_with_events  # noqa: F401 - fixture
from .webhook_receiver import receiving
from .webhooks_support import AURORA, HOOK, body, rows


def test_creating_and_changing_a_webhook_is_recorded_without_its_secret(app, client, world):
    created = body(client.post(AURORA, json={"url": HOOK, "events": ["*"]}, headers=world.aurora_admin.auth))
    client.post(f"{AURORA}/{created['id']}", json={"description": "CRM"}, headers=world.aurora_admin.auth)
    records = rows(app, AuditRecord, AuditRecord.entity_type == "webhook_endpoint")
    assert [(r.action, r.entity_id, r.surface, r.credential_kind, r.tenant_id) for r in records] == [
        ("created", created["id"], "wpcompat", "application_password", world.aurora.id),
        ("updated", created["id"], "wpcompat", "application_password", world.aurora.id)]
    assert records[1].changes == {"description": ["", "CRM"]}
    assert created["secret"] not in json.dumps([r.changes for r in records])
    assert "sealed_secret" not in records[0].changes


def test_the_worker_disabling_a_failing_endpoint_is_recorded_as_the_worker(app, world, allow_loopback):  # noqa: F811
    app.config.update(WEBHOOK_DISABLE_AFTER=0)
    with receiving([500]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        deliver(app, 0)
        receiver.wait_for(1)
    (record,) = rows(app, AuditRecord, AuditRecord.entity_type == "webhook_endpoint", AuditRecord.action == "updated")
    assert (record.entity_id, record.surface, record.changes["enabled"]) == (endpoint_id, "webhook-worker", [True, False])
