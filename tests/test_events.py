"""Webhook events written to the outbox by the change capture, from every surface, over HTTP.

A tenant with a subscribed endpoint gets one event row (and one pending delivery per subscribed endpoint) per
event of a committed change, in that transaction; a tenant without one gets none, and a refused change none.
Bodies are docs/webhook-events.md's. The salon (booknetic_support): Sam's Monday massage with Anna
(``sam_massage``: 09:00Z, 60 min + hot stones 15 min, EUR 50 + 10, approved); Eva's yoga with Bas (pending).
"""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.webhooks.models import PENDING, WebhookEndpoint, WebhookEvent
from wpcompat.webhooks.secrets import new_secret, seal_secret

from .booknetic_support import AURORA, MONDAY_10, body, call, frozen_clock, salon  # noqa: F401

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")


def subscribe(app, tenant_id: int, events: list[str] | None = None, enabled: bool = True) -> int:
    with app.app_context(), tenancy.tenant(tenant_id):
        endpoint = WebhookEndpoint(url="https://hooks.example.com/in", events=events or ["*"], enabled=enabled,
                                   sealed_secret=seal_secret(new_secret()))
        db.session.add(endpoint)
        db.session.commit()
        return endpoint.id


def written(app) -> list[dict]:
    """Every outbox event: its tenant, type, body (timestamp checked, then dropped) and deliveries."""
    with app.app_context(), tenancy.all_tenants():
        events = []
        for event in db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)):
            payload = json.loads(event.payload)
            assert TIMESTAMP.fullmatch(payload.pop("timestamp")) and payload["type"] == event.type
            assert event.uid.startswith("msg_")
            assert all(d.status == PENDING and d.attempts == 0 for d in event.deliveries)
            events.append({"tenant_id": event.tenant_id, "body": payload,
                           "endpoints": sorted(d.endpoint_id for d in event.deliveries)})
        return events


def sam_massage(salon, **changes) -> dict:
    """The appointment object of Sam's massage as seeded, with ``changes``."""
    return {"id": salon.sam_massage, "service_id": salon.massage, "staff_id": salon.anna_staff,
            "customer_id": salon.sam, "location_id": salon.canal, "starts_at": "2030-01-07T09:00:00Z",
            "ends_at": "2030-01-07T10:15:00Z", "status": "approved", "payment_status": "not_paid", "seats": 1,
            "extras": [{"id": salon.stones, "quantity": 1}],
            "prices": [{"key": "service_price", "amount": "50.00"}, {"key": "service_extra", "amount": "10.00"}],
            "total": "60.00", "paid_amount": "0.00", "currency": "EUR", "created_at": "2030-01-06T11:00:00Z",
            **changes}


def test_no_subscribed_endpoint_no_event(app, client, world, salon):
    subscribe(app, salon.aurora_id, enabled=False)
    subscribe(app, salon.borealis_id)  # another tenant's endpoint hears nothing of Aurora
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}/change-status", world.aurora_admin,
                    json_body={"status": "canceled"})
    assert response.status_code == 200
    assert written(app) == []


def test_a_booking_emits_appointment_created_with_the_object(app, client, world, salon):
    endpoint = subscribe(app, salon.aurora_id)
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff, "date": "2030-01-07",
        "time": "14:00", "extras": [{"extra_id": salon.stones, "quantity": 2}]})
    new_id = body(response)["id"]
    assert written(app) == [{"tenant_id": salon.aurora_id, "endpoints": [endpoint], "body": {
        "type": "appointment.created", "data": {"tenant": "aurora", "source": "booknetic", "appointment": {
            "id": new_id, "service_id": salon.massage, "staff_id": salon.anna_staff, "customer_id": salon.lee,
            "location_id": salon.canal, "starts_at": "2030-01-07T13:00:00Z", "ends_at": "2030-01-07T14:30:00Z",
            "status": "approved", "payment_status": "not_paid", "seats": 1,
            "extras": [{"id": salon.stones, "quantity": 2}],
            "prices": [{"key": "service_price", "amount": "50.00"}, {"key": "service_extra", "amount": "20.00"}],
            "total": "70.00", "paid_amount": "0.00", "currency": "EUR", "created_at": "2030-01-06T12:00:00Z"}}}}]


def test_a_move_status_and_payment_change_in_one_request_emit_one_event_each(app, client, world, salon):
    subscribe(app, salon.aurora_id)
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin,
                    json_body={"date": "2030-01-08", "time": "14:00", "extras": [], "status": "pending",
                               "note": "moved"})
    assert response.status_code == 200
    moved = sam_massage(salon, starts_at="2030-01-08T13:00:00Z", ends_at="2030-01-08T14:00:00Z", extras=[],
                        status="pending", prices=[{"key": "service_price", "amount": "50.00"}], total="50.00")
    events = [event["body"] for event in written(app)]
    assert events == [
        {"type": "appointment.updated", "data": {"tenant": "aurora", "source": "booknetic", "appointment": moved,
         "previous": {"starts_at": "2030-01-07T09:00:00Z", "ends_at": "2030-01-07T10:15:00Z",
                      "extras": [{"id": salon.stones, "quantity": 1}]}}},
        {"type": "appointment.status_changed", "data": {"tenant": "aurora", "source": "booknetic",
         "appointment": moved, "previous": {"status": "approved"}}},
        {"type": "payment.updated", "data": {"tenant": "aurora", "source": "booknetic", "payment": {
            "appointment_id": salon.sam_massage, "status": "not_paid", "paid_amount": "0.00", "total": "50.00",
            "currency": "EUR", "prices": [{"key": "service_price", "amount": "50.00"}]},
         "previous": {"total": "60.00", "prices": [{"key": "service_price", "amount": "50.00"},
                                                   {"key": "service_extra", "amount": "10.00"}]}}},
    ]


def test_a_note_alone_emits_nothing(app, client, world, salon):
    subscribe(app, salon.aurora_id)
    call(client, "PUT", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin, json_body={"note": "hi"})
    assert written(app) == []


def test_payment_and_deletion(app, client, world, salon):
    subscribe(app, salon.aurora_id)
    paid = call(client, "PUT", f"{AURORA}/payments/{salon.sam_massage}", world.aurora_admin,
                json_body={"status": "paid", "paid_amount": 60})
    assert paid.status_code == 200
    assert call(client, "DELETE", f"{AURORA}/appointments/{salon.sam_massage}", world.aurora_admin).status_code == 200
    assert [event["body"] for event in written(app)] == [
        {"type": "payment.updated", "data": {"tenant": "aurora", "source": "booknetic", "payment": {
            "appointment_id": salon.sam_massage, "status": "paid", "paid_amount": "60.00", "total": "60.00",
            "currency": "EUR", "prices": sam_massage(salon)["prices"]},
         "previous": {"status": "not_paid", "paid_amount": "0.00"}}},
        {"type": "appointment.deleted", "data": {"tenant": "aurora", "source": "booknetic",
         "appointment": sam_massage(salon, payment_status="paid", paid_amount="60.00")}},
    ]


def test_customer_events_and_subscriptions_per_type(app, client, world, salon):
    everything = subscribe(app, salon.aurora_id)
    customers_only = subscribe(app, salon.aurora_id, ["customer.created", "customer.deleted"])
    created = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body={
        "first_name": "Quinn", "last_name": "Ray", "email": "quinn@example.com", "gender": "female",
        "birthday": "1990-02-03"})
    customer_id = body(created)["customer_id"]
    call(client, "PUT", f"{AURORA}/customers/{customer_id}", world.aurora_admin, json_body={
        "first_name": "Quin", "last_name": "Ray", "email": "quinn@example.com", "gender": "female",
        "birthday": "1990-02-03"})
    call(client, "DELETE", f"{AURORA}/customers/{customer_id}", world.aurora_admin)
    quinn = {"id": customer_id, "first_name": "Quinn", "last_name": "Ray", "email": "quinn@example.com",
             "phone": None, "gender": "female", "birthdate": "1990-02-03"}
    quin = {**quinn, "first_name": "Quin"}
    source = {"tenant": "aurora", "source": "booknetic"}
    events = written(app)
    assert [(event["body"]["type"], event["endpoints"]) for event in events] == [
        ("customer.created", [everything, customers_only]), ("customer.updated", [everything]),
        ("customer.deleted", [everything, customers_only])]
    phone = events[0]["body"]["data"]["customer"]["phone"]
    assert phone in (None, "")
    quinn["phone"] = quin["phone"] = phone
    assert [event["body"]["data"] for event in events] == [
        {**source, "customer": quinn}, {**source, "customer": quin, "previous": {"first_name": "Quinn"}},
        {**source, "customer": quin}]


def test_a_refused_change_emits_nothing(app, client, world, salon):
    subscribe(app, salon.aurora_id)
    response = call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}", world.aurora_admin,
                    json_body={"staff_id": salon.anna_staff, "location_id": salon.canal,
                               "starts_at": MONDAY_10, "status": "approved"})
    assert response.status_code == 422
    assert written(app) == []
