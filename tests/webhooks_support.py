"""Helpers for the webhook management tests: the tenant's API URL and reading rows behind the API."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

AURORA = "/aurora/wp-json/wpcompat/v1/webhooks"
BOREALIS = "/borealis/wp-json/wpcompat/v1/webhooks"
AURORA_URL = "http://wp.test" + AURORA
HOOK = "https://hooks.example.com/wpcompat"


def body(response) -> object:
    return json.loads(response.get_data())


def create(client, member, base=AURORA, **fields):
    """POST a webhook (JSON); its body (asserting 201)."""
    payload = {"url": HOOK, "events": ["appointment.created"], **fields}
    response = client.post(base, json=payload, headers=member.auth)
    assert response.status_code == 201, response.get_data()
    return body(response)


def rows(app, model, *where):
    """Detached rows of ``model`` across tenants, in id order."""
    with app.app_context(), tenancy.all_tenants():
        found = list(db.session.scalars(select(model).where(*where).order_by(model.id)))
        db.session.expunge_all()
        return found


def change_row(app, model, row_id: int, **values) -> None:
    """Set columns of one row directly (what the delivery worker would have written)."""
    with app.app_context(), tenancy.all_tenants():
        row = db.session.scalars(select(model).where(model.id == row_id)).one()
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


def add_attempt(app, delivery_id: int, when: datetime, status_code: int | None, response_body: str = "",
                duration_ms: int = 0, error: str | None = None) -> None:
    with app.app_context(), tenancy.all_tenants():
        delivery = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)).one()
        db.session.add(WebhookAttempt(tenant_id=delivery.tenant_id, delivery_id=delivery_id, attempted_at=when,
                                      status_code=status_code, response_body=response_body,
                                      duration_ms=duration_ms, error=error))
        db.session.commit()


__all__ = ["AURORA", "AURORA_URL", "BOREALIS", "HOOK", "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint",
           "WebhookEvent", "add_attempt", "body", "change_row", "create", "rows"]
