"""``POST /webhooks/{id}/test``, ``GET /webhooks/{id}/deliveries`` and ``…/redeliver``, and what deleting a
webhook takes with it — over HTTP, with the worker's rows (attempts, states) written by the test."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.platform.models import utcnow
from wpcompat.webhooks import outbox
from wpcompat.webhooks.models import DELIVERED, FAILED, PENDING

from .webhooks_support import (
    AURORA, AURORA_URL, BOREALIS, HOOK, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent, add_attempt,
    body, change_row, create, rows,
)

DELIVERY_FIELDS = ["id", "event_id", "event_type", "status", "attempts", "next_attempt_at", "created_at",
                   "delivered_at", "attempt_log"]
INVALID_DELIVERY = (b'{"code":"rest_webhook_delivery_invalid_id","message":"Invalid webhook delivery ID.",'
                    b'"data":{"status":404}}')


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc).replace(tzinfo=None)


def _test(client, member, webhook_id: int, base=AURORA):
    response = client.post(f"{base}/{webhook_id}/test", headers=member.auth)
    assert response.status_code == 202, response.get_data()
    return body(response)


def test_test_queues_a_webhook_test_event_for_that_webhook_only(app, client, world):
    mine = create(client, world.aurora_admin, events=["*"])
    other = create(client, world.aurora_admin, events=["*"])
    before = utcnow()
    delivery = _test(client, world.aurora_admin, mine["id"])
    assert list(delivery) == DELIVERY_FIELDS
    assert {k: delivery[k] for k in ("event_type", "status", "attempts", "delivered_at", "attempt_log")} == {
        "event_type": "webhook.test", "status": "pending", "attempts": 0, "delivered_at": None, "attempt_log": []}
    assert delivery["event_id"].startswith("msg_")
    assert before <= _moment(delivery["next_attempt_at"]) <= utcnow()  # due now
    [event] = rows(app, WebhookEvent)
    assert (event.uid, event.type, event.tenant_id) == (delivery["event_id"], "webhook.test", world.aurora.id)
    sent = json.loads(event.payload)
    assert list(sent) == ["type", "timestamp", "data"] and sent["type"] == "webhook.test"
    assert sent["data"] == {"tenant": "aurora", "source": "wpcompat", "webhook": {"id": mine["id"], "url": HOOK}}
    assert [(d.id, d.endpoint_id) for d in rows(app, WebhookDelivery)] == [(delivery["id"], mine["id"])]
    assert body(client.get(f"{AURORA}/{other['id']}/deliveries", headers=world.aurora_admin.auth)) == []


def test_a_disabled_webhook_refuses_tests_and_redeliveries(app, client, world):
    created = create(client, world.aurora_admin)
    delivery = _test(client, world.aurora_admin, created["id"])
    change_row(app, WebhookEndpoint, created["id"], enabled=False, disabled_at=utcnow(), disabled_reason="failing")
    disabled = {"code": "rest_webhook_disabled", "message": "This webhook is disabled: re-enable it (enabled: true) "
                                                            "first.", "data": {"status": 409}}
    for url in (f"{AURORA}/{created['id']}/test", f"{AURORA}/{created['id']}/deliveries/{delivery['id']}/redeliver"):
        response = client.post(url, headers=world.aurora_admin.auth)
        assert (response.status_code, body(response)) == (409, disabled)
    assert len(rows(app, WebhookDelivery)) == 1
    client.patch(f"{AURORA}/{created['id']}", json={"enabled": True}, headers=world.aurora_admin.auth)
    assert _test(client, world.aurora_admin, created["id"])["status"] == "pending"


def test_deliveries_list_newest_first_with_their_attempts(app, client, world):
    webhook_id = create(client, world.aurora_admin)["id"]
    first, second, third = (_test(client, world.aurora_admin, webhook_id) for _ in range(3))
    tried = datetime(2030, 1, 6, 12, 0, 0)
    add_attempt(app, first["id"], tried, 500, "Internal Server Error", 31)
    add_attempt(app, first["id"], tried + timedelta(seconds=5), None, "", 10000, "timed out after 10 s")
    change_row(app, WebhookDelivery, first["id"], status=FAILED, attempts=2, next_attempt_at=None)
    add_attempt(app, second["id"], tried, 204, "", 12)
    change_row(app, WebhookDelivery, second["id"], status=DELIVERED, attempts=1, next_attempt_at=None,
               delivered_at=tried)

    response = client.get(f"{AURORA}/{webhook_id}/deliveries", headers=world.aurora_admin.auth)
    assert response.status_code == 200
    listed = body(response)
    assert [d["id"] for d in listed] == [third["id"], second["id"], first["id"]]
    assert listed[0] == third
    assert {k: listed[1][k] for k in ("status", "attempts", "next_attempt_at", "delivered_at")} == {
        "status": "delivered", "attempts": 1, "next_attempt_at": None, "delivered_at": "2030-01-06T12:00:00Z"}
    assert listed[2]["attempt_log"] == [
        {"attempted_at": "2030-01-06T12:00:00Z", "status_code": 500, "response_body": "Internal Server Error",
         "duration_ms": 31, "error": None},
        {"attempted_at": "2030-01-06T12:00:05Z", "status_code": None, "response_body": "", "duration_ms": 10000,
         "error": "timed out after 10 s"}]
    assert (listed[2]["status"], listed[2]["attempts"]) == ("failed", 2)

    page = client.get(f"{AURORA}/{webhook_id}/deliveries?per_page=1&page=2", headers=world.aurora_admin.auth)
    assert [d["id"] for d in body(page)] == [second["id"]]
    assert (page.headers["X-WP-Total"], page.headers["X-WP-TotalPages"]) == ("3", "3")
    deliveries_url = f"{AURORA_URL}/{webhook_id}/deliveries"
    assert page.headers.getlist("Link")[1:] == [f'<{deliveries_url}?per_page=1&page=1>; rel="prev", '
                                                f'<{deliveries_url}?per_page=1&page=3>; rel="next"']
    bad = client.get(f"{AURORA}/{webhook_id}/deliveries?per_page=500", headers=world.aurora_admin.auth)
    assert (bad.status_code, body(bad)["data"]["params"]) == (
        400, {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"})


def test_redeliver_starts_the_schedule_again_and_keeps_the_log(app, client, world):
    webhook_id = create(client, world.aurora_admin)["id"]
    delivery = _test(client, world.aurora_admin, webhook_id)
    tried = datetime(2030, 1, 6, 12, 0, 0)
    for n in range(3):
        add_attempt(app, delivery["id"], tried + timedelta(minutes=n), 503, "busy", 5)
    change_row(app, WebhookDelivery, delivery["id"], status=FAILED, attempts=3, next_attempt_at=None)

    before = utcnow()
    url = f"{AURORA}/{webhook_id}/deliveries/{delivery['id']}/redeliver"
    response = client.post(url, headers=world.aurora_admin.auth)
    assert response.status_code == 202
    again = body(response)
    assert list(again) == DELIVERY_FIELDS
    assert (again["id"], again["event_id"], again["status"], again["attempts"]) == (
        delivery["id"], delivery["event_id"], "pending", 0)
    assert before <= _moment(again["next_attempt_at"]) <= utcnow()
    assert [a["attempted_at"] for a in again["attempt_log"]] == [
        "2030-01-06T12:00:00Z", "2030-01-06T12:01:00Z", "2030-01-06T12:02:00Z"]
    [row] = rows(app, WebhookDelivery)
    assert (row.status, row.attempts, row.delivered_at) == (PENDING, 0, None)
    # A delivered one may be sent again too; a retry of the same request answers the same state.
    change_row(app, WebhookDelivery, delivery["id"], status=DELIVERED, attempts=4, delivered_at=tried,
               next_attempt_at=None)
    twice = [body(client.post(url, headers=world.aurora_admin.auth)) for _ in range(2)]
    assert [(d["status"], d["attempts"], d["delivered_at"]) for d in twice] == [("pending", 0, None)] * 2


def test_a_delivery_of_another_webhook_or_tenant_answers_as_missing(app, client, world):
    mine, sibling = (create(client, world.aurora_admin)["id"] for _ in range(2))
    theirs = create(client, world.borealis_admin, base=BOREALIS)["id"]
    sibling_delivery = _test(client, world.aurora_admin, sibling)["id"]
    their_delivery = _test(client, world.borealis_admin, theirs, base=BOREALIS)["id"]
    for delivery_id in (sibling_delivery, their_delivery, 424242, 99999999999999999999):
        response = client.post(f"{AURORA}/{mine}/deliveries/{delivery_id}/redeliver", headers=world.aurora_admin.auth)
        assert (response.status_code, response.get_data()) == (404, INVALID_DELIVERY), delivery_id
    assert body(client.get(f"{BOREALIS}/{theirs}/deliveries", headers=world.borealis_admin.auth))[0]["id"] == \
        their_delivery


def _emit(app, tenant_id: int, endpoint_ids: list[int]) -> None:
    """An appointment event written to the outbox for these endpoints, as a change would write it."""
    with app.app_context(), tenancy.tenant(tenant_id):
        targets = [db.session.get(WebhookEndpoint, endpoint_id) for endpoint_id in endpoint_ids]
        outbox.emit(db.session, tenant_id, [outbox.Event("appointment.created", utcnow(), {"tenant": "aurora"})],
                    endpoints=targets)
        db.session.commit()


def test_deleting_a_webhook_takes_its_deliveries_and_attempts(app, client, world):
    doomed = create(client, world.aurora_admin, events=["*"])["id"]
    kept = create(client, world.aurora_admin, events=["*"])["id"]
    theirs = create(client, world.borealis_admin, base=BOREALIS)["id"]
    test_delivery = _test(client, world.aurora_admin, doomed)["id"]
    add_attempt(app, test_delivery, datetime(2030, 1, 6), 500, "no")
    _emit(app, world.aurora.id, [doomed, kept])  # one event, a delivery for each
    their_delivery = _test(client, world.borealis_admin, theirs, base=BOREALIS)["id"]
    add_attempt(app, their_delivery, datetime(2030, 1, 6), 500, "no")

    response = client.delete(f"{AURORA}/{doomed}?force=1", headers=world.aurora_admin.auth)
    assert response.status_code == 200 and body(response)["deleted"] is True
    assert [d.endpoint_id for d in rows(app, WebhookDelivery)] == [kept, theirs]
    assert [a.delivery_id for a in rows(app, WebhookAttempt)] == [their_delivery]
    # The shared event stays for the webhook that still has it; the test event went with its only delivery.
    assert [e.type for e in rows(app, WebhookEvent)] == ["appointment.created", "webhook.test"]
    assert [e.id for e in rows(app, WebhookEndpoint)] == [kept, theirs]
    assert len(body(client.get(f"{AURORA}/{kept}/deliveries", headers=world.aurora_admin.auth))) == 1
