"""Delivering the outbox (in-process worker, real loopback receiver): signatures, retries, disabling, targets."""
from __future__ import annotations

import json
import socket
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.webhooks import delivery, outbox, sending
from wpcompat.webhooks.models import DELIVERED, FAILED, PENDING, WebhookDelivery, WebhookEndpoint
from wpcompat.webhooks.schedule import BadSchedule, parse_schedule
from wpcompat.webhooks.secrets import new_secret, seal_secret
from wpcompat.webhooks.targets import check_url, refused_address

from .webhook_receiver import receiving

T0 = datetime(2030, 1, 7, 9, 0, 0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def endpoint_with_events(app, tenant_id: int, url: str, count: int = 1, when: datetime = T0) -> tuple[str, int]:
    """An endpoint of ``tenant_id`` for ``url`` with ``count`` pending events at ``when``: (its secret, its id)."""
    secret = new_secret()
    with app.app_context(), tenancy.tenant(tenant_id):
        endpoint = WebhookEndpoint(url=url, events=["*"], sealed_secret=seal_secret(secret))
        db.session.add(endpoint)
        db.session.flush()
        events = [outbox.Event("customer.created", when, {"tenant": "aurora", "source": "cli", "customer": {"id": n}})
                  for n in range(1, count + 1)]
        outbox.emit(db.session, tenant_id, events, endpoints=[endpoint])
        db.session.commit()
        return secret, endpoint.id


def deliver(app, seconds: float) -> int:
    with app.app_context():
        return delivery.deliver_due(clock=lambda: at(seconds))


def state(app, endpoint_id: int) -> tuple[WebhookEndpoint, list[WebhookDelivery]]:
    with app.app_context(), tenancy.all_tenants():
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        rows = list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
                                       .order_by(WebhookDelivery.id)))
        for row in rows:
            row.attempt_log  # noqa: B018 - loaded before the session goes
        db.session.expunge_all()
        return endpoint, rows


@pytest.fixture
def allow_loopback(app):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_RETRY_SCHEDULE=["0s", "1s", "1s"])


def test_a_delivery_is_signed_as_standard_webhooks_says_and_logged(app, world, allow_loopback):
    with receiving() as receiver:
        sent_at = datetime.now(timezone.utc)
        secret, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url,
                                                   when=sent_at.replace(tzinfo=None))
        with app.app_context():
            assert delivery.deliver_due() == 1  # the real clock: receivers refuse timestamps 5 minutes off
        (request,) = receiver.wait_for(1)
    payload = Webhook(secret).verify(request.body, request.headers)
    assert payload["type"] == "customer.created" and payload["data"]["customer"] == {"id": 1}
    assert request.headers["webhook-id"].startswith("msg_")
    assert abs(int(request.headers["webhook-timestamp"]) - sent_at.timestamp()) < 5
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"].startswith("wpcompat-webhooks/")
    _, (row,) = state(app, endpoint_id)
    assert (row.status, row.attempts, row.next_attempt_at) == (DELIVERED, 1, None)
    (attempt,) = row.attempt_log
    assert (attempt.status_code, attempt.response_body, attempt.error) == (200, "answer 200", None)
    assert attempt.attempted_at <= row.delivered_at
    assert deliver(app, 10**9) == 0  # delivered once


def test_a_failing_receiver_is_retried_on_the_schedule_then_the_delivery_fails(app, world, allow_loopback):
    with receiving([500]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        assert deliver(app, 0) == 1
        assert deliver(app, 0.5) == 0  # the next attempt is due 1 s after the failed one
        assert deliver(app, 1) == 1
        assert deliver(app, 2) == 1
        assert deliver(app, 100) == 0  # three attempts: the schedule's length
        received = receiver.wait_for(3)
    assert len({request.headers["webhook-id"] for request in received}) == 1  # the same id on every retry
    endpoint, (row,) = state(app, endpoint_id)
    assert (row.status, row.attempts, row.next_attempt_at) == (FAILED, 3, None)
    assert [(a.attempted_at, a.status_code, a.response_body) for a in row.attempt_log] == [
        (at(0), 500, "answer 500"), (at(1), 500, "answer 500"), (at(2), 500, "answer 500")]
    assert endpoint.failing_since == at(0) and endpoint.enabled


def test_the_first_attempt_waits_for_the_schedules_first_entry(app, world, allow_loopback):
    app.config.update(WEBHOOK_RETRY_SCHEDULE=["5s", "1s"])
    with receiving([500]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        assert deliver(app, 4) == 0
        assert deliver(app, 5) == 1
        assert deliver(app, 6) == 1  # a retry is due the entry after its failed attempt, not after the event
        receiver.wait_for(2)
    _, (row,) = state(app, endpoint_id)
    assert [a.attempted_at for a in row.attempt_log] == [at(5), at(6)]


def test_a_success_after_failures_delivers_and_clears_the_failing_mark(app, world, allow_loopback):
    with receiving([503, 200]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        deliver(app, 0)
        assert state(app, endpoint_id)[0].failing_since == at(0)
        deliver(app, 1)
        receiver.wait_for(2)
    endpoint, (row,) = state(app, endpoint_id)
    assert (row.status, row.attempts, endpoint.failing_since) == (DELIVERED, 2, None)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(app, world, allow_loopback):
    with receiving([302]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        deliver(app, 0)
        receiver.wait_for(1)
    _, (row,) = state(app, endpoint_id)
    assert (row.status, row.attempt_log[0].status_code) == (PENDING, 302)


def test_an_endpoint_failing_for_the_whole_window_is_disabled(app, world, allow_loopback):
    app.config.update(WEBHOOK_DISABLE_AFTER=60, WEBHOOK_RETRY_SCHEDULE=["0s", "61s", "1h"])
    with receiving([500]) as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url, count=2)
        assert deliver(app, 0) == 2
        assert deliver(app, 61) == 1  # its failure disables the endpoint: the other delivery fails unsent
        receiver.wait_for(3)
    endpoint, rows = state(app, endpoint_id)
    assert (endpoint.enabled, endpoint.disabled_at) == (False, at(61))
    assert endpoint.disabled_reason == ("Disabled after every attempt failed for 0.000694444 days "
                                        "(failing since 2030-01-07T09:00:00Z).")
    assert [(row.status, row.next_attempt_at) for row in rows] == [(FAILED, None), (FAILED, None)]


def test_a_connection_error_is_a_logged_failed_attempt(app, world, allow_loopback):
    with receiving() as receiver:
        url = receiver.url
    _, endpoint_id = endpoint_with_events(app, world.aurora.id, url)  # nothing listens there any more
    deliver(app, 0)
    _, (row,) = state(app, endpoint_id)
    (attempt,) = row.attempt_log
    assert (row.status, attempt.status_code) == (PENDING, None)
    assert attempt.error.startswith("NewConnectionError") or "refused" in attempt.error.lower()


def test_an_answer_dripping_past_the_timeout_is_cut_off_there(app, world, allow_loopback):
    app.config.update(WEBHOOK_TIMEOUT=1)
    with receiving(drip_for=60) as receiver:  # each read is quick; the answer never ends
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        deliver(app, 0)
    _, (row,) = state(app, endpoint_id)
    (attempt,) = row.attempt_log
    # The status line came, the rest never did: logged as it happened, and a failure.
    assert (row.status, attempt.status_code, attempt.error) == (PENDING, 200,
                                                                 "Timed out: no complete answer within 1 s.")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_targets_are_refused_when_they_connect_unless_allowed(app, world, host):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=False)
    with receiving() as receiver:
        url = receiver.url.replace("127.0.0.1", host)
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, url)
        deliver(app, 0)
        assert receiver.received == []
        _, (row,) = state(app, endpoint_id)
        assert row.attempt_log[0].error.startswith("Target refused: ")
        assert row.attempt_log[0].status_code is None
        app.config.update(WEBHOOK_ALLOW_PRIVATE=True)
        deliver(app, 5)
        receiver.wait_for(1)


def test_a_refused_address_is_never_connected_to(app, world):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=False)
    with receiving() as receiver:
        url = receiver.url  # closed: connecting would fail as a refused connection, not as a refused target
    _, endpoint_id = endpoint_with_events(app, world.aurora.id, url)
    deliver(app, 0)
    _, (row,) = state(app, endpoint_id)
    assert row.attempt_log[0].error == ("Target refused: 127.0.0.1 is a private, loopback, link-local or reserved "
                                        "address.")


def test_a_host_name_is_connected_only_at_its_allowed_addresses(app, world, monkeypatch):
    app.config.update(WEBHOOK_ALLOW_PRIVATE=False)
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_dns(host, port, *args, **kwargs):  # the refused address first, then the allowed one
        if host != "hooks.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
                for address in ("127.0.0.2", "127.0.0.1")]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    monkeypatch.setattr(sending, "refused_address", lambda address: "no" if address == "127.0.0.2" else None)
    with receiving() as receiver, socket.create_server(("127.0.0.2", receiver.port)) as decoy:
        secret, _ = endpoint_with_events(app, world.aurora.id, receiver.url.replace("127.0.0.1", "hooks.rebind.test"),
                                         when=datetime.now(timezone.utc).replace(tzinfo=None))
        with app.app_context():  # the real clock, for verify()
            assert delivery.deliver_due() == 1
        (request,) = receiver.wait_for(1)
        decoy.setblocking(False)
        with pytest.raises(BlockingIOError):
            decoy.accept()  # nothing ever connected to the refused address
    assert request.headers["Host"] == f"hooks.rebind.test:{receiver.port}"
    assert Webhook(secret).verify(request.body, request.headers)["type"] == "customer.created"


def test_a_disabled_endpoints_deliveries_wait_until_it_is_enabled_again(app, world, allow_loopback):
    with receiving() as receiver:
        _, endpoint_id = endpoint_with_events(app, world.aurora.id, receiver.url)
        with app.app_context(), tenancy.all_tenants():
            db.session.get(WebhookEndpoint, endpoint_id).enabled = False
            db.session.commit()
        assert deliver(app, 0) == 0
        assert receiver.received == []
        with app.app_context(), tenancy.all_tenants():
            db.session.get(WebhookEndpoint, endpoint_id).enabled = True
            db.session.commit()
        assert deliver(app, 1) == 1
        receiver.wait_for(1)
    _, (row,) = state(app, endpoint_id)
    assert (row.status, row.attempts) == (DELIVERED, 1)


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_ends(app, world, allow_loopback):
    _, endpoint_id = endpoint_with_events(app, world.aurora.id, "http://127.0.0.1:9/hook", count=3)
    with app.app_context():
        first = delivery.claim_due(at(0), timedelta(seconds=60))
        assert len(first) == 3
        assert delivery.claim_due(at(59), timedelta(seconds=60)) == []
        assert delivery.claim_due(at(60), timedelta(seconds=60)) == first  # a worker died: sent again


def test_two_workers_at_once_never_send_one_delivery_twice(app, world, allow_loopback):
    with receiving() as receiver:
        endpoint_with_events(app, world.aurora.id, receiver.url, count=30)
        barrier = threading.Barrier(2)
        counts: list[int] = []

        def work() -> None:
            with app.app_context():
                barrier.wait()
                sent = 0
                while True:
                    batch = delivery.deliver_due(limit=3, clock=lambda: at(0))
                    if not batch:
                        break
                    sent += batch
                counts.append(sent)
                db.session.remove()

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        received = receiver.wait_for(30)
    assert sum(counts) == 30
    ids = [request.headers["webhook-id"] for request in received]
    assert len(ids) == len(set(ids)) == 30


@pytest.mark.parametrize("url, reason", [
    ("https://hooks.example.com/in", None),
    ("http://93.184.216.34:8080/in", None),
    ("ftp://hooks.example.com/in", "The URL must be an http or https URL with a host."),
    ("https:///in", "The URL must be an http or https URL with a host."),
    ("https://user:pw@hooks.example.com/in", "The URL must not hold a user name or password."),
    ("http://127.0.0.1/in", "127.0.0.1 is a private, loopback, link-local or reserved address."),
    ("http://10.1.2.3/in", "10.1.2.3 is a private, loopback, link-local or reserved address."),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a private, loopback, link-local or reserved address."),
    ("http://[::1]/in", "::1 is a private, loopback, link-local or reserved address."),
    ("http://[::ffff:192.168.0.1]/in", "192.168.0.1 is a private, loopback, link-local or reserved address."),
    ("http://[fe80::1%25eth0]/in", "fe80::1 is a private, loopback, link-local or reserved address."),
    ("http://224.0.0.1/in", "224.0.0.1 is a private, loopback, link-local or reserved address."),
    ("http://0.0.0.0/in", "0.0.0.0 is a private, loopback, link-local or reserved address."),
    ("http://localhost:8080/in", "localhost is a loopback address."),
    ("http://hooks.example.com:99999/in", "The URL must be an http or https URL with a host."),
])
def test_which_urls_may_be_targets(url, reason):
    assert check_url(url, allow_private=False) == reason


def test_private_targets_are_allowed_when_configured():
    assert check_url("http://127.0.0.1:8000/in", allow_private=True) is None
    assert refused_address("8.8.8.8") is None


def test_the_retry_schedule_is_read_and_refused_when_bad():
    assert parse_schedule("0s, 5s,5m,30m,2h,1d,7") == tuple(timedelta(seconds=s) for s in (0, 5, 300, 1800, 7200, 86400, 7))
    with pytest.raises(BadSchedule, match="'soon' is not a duration"):
        parse_schedule(["0s", "soon"])
    with pytest.raises(BadSchedule, match="no attempts"):
        parse_schedule("")


def test_the_worker_stops_at_once_on_a_bad_schedule(app):
    app.config.update(WEBHOOK_RETRY_SCHEDULE=["later"])
    with pytest.raises(BadSchedule):
        delivery.run(app, threading.Event())
