"""TeamBooking's writes leave the same audit rows and events as Booknetic's: do_reservation, edit, cancel and
delete over admin-ajax, attributed to the write token (teambooking_support's ``shop``: Anna's one-seat massage,
Monday 10:00 Amsterdam = 09:00Z, EUR 50, confirmed at once)."""
from __future__ import annotations

from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.changes.models import AuditRecord
from wpcompat.extensions import db
from wpcompat.platform.models import TeamBookingToken
from wpcompat.platform.secrets import hash_token

from .teambooking_support import booked_id, shop, tb_post  # noqa: F401
from .test_events import subscribe, written

TEN = "2030-01-07T10:00:00+01:00"


def trail(app, after: int = 0) -> list[AuditRecord]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditRecord).where(AuditRecord.id > after).order_by(AuditRecord.id)))
        db.session.expunge_all()
        return rows


def last_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(AuditRecord.id))) or 0


def token_id(app, token: str) -> str:
    with app.app_context(), tenancy.all_tenants():
        return str(db.session.scalar(select(TeamBookingToken.id).where(TeamBookingToken.token_hash == hash_token(token))))


def test_a_reservation_and_its_changes_are_audited_and_emitted(app, client, shop):
    endpoint = subscribe(app, shop.aurora_id)
    before = last_id(app)
    rid = booked_id(client, shop, "swedish-massage", TEN)
    edited = tb_post(client, "edit_reservation", shop.write, reservation={"type": "reservation", "id": rid,
                                                                          "status": "waiting_approval"})
    cancelled = tb_post(client, "cancel_reservation", shop.write, id=str(rid), reason="ill")
    deleted = tb_post(client, "delete_reservation", shop.write, id=str(rid))
    assert [r.status_code for r in (edited, cancelled, deleted)] == [200, 200, 200]
    rows = trail(app, before)
    assert [(r.action, r.entity_type) for r in rows] == [
        ("created", "customer"), ("created", "appointment"), ("updated", "appointment"), ("updated", "appointment"),
        ("deleted", "appointment")]
    write_token = token_id(app, shop.write)
    for row in rows:
        assert (row.tenant_id, row.surface, row.credential_kind, row.credential_id, row.user_id, row.client_ip) == (
            shop.aurora_id, "teambooking", "teambooking_token", write_token, None, "127.0.0.1")
        assert row.request_id and len(row.request_id) >= 16
    assert rows[2].changes == {"status": ["approved", "pending"]}
    assert rows[3].changes == {"status": ["pending", "canceled"], "cancellation_reason": [None, "ill"]}
    events = written(app)
    assert [(e["body"]["type"], e["endpoints"]) for e in events] == [
        ("customer.created", [endpoint]), ("appointment.created", [endpoint]),
        ("appointment.status_changed", [endpoint]), ("appointment.status_changed", [endpoint]),
        ("appointment.deleted", [endpoint])]
    created = events[1]["body"]["data"]
    assert (created["tenant"], created["source"]) == ("aurora", "teambooking")
    appointment = created["appointment"]
    assert (appointment["id"], appointment["service_id"], appointment["staff_id"], appointment["starts_at"],
            appointment["ends_at"], appointment["status"], appointment["total"], appointment["currency"]) == (
        rid, shop.massage_id, shop.anna_staff_id, "2030-01-07T09:00:00Z", "2030-01-07T10:00:00Z", "approved",
        "50.00", "EUR")
    assert events[0]["body"]["data"]["customer"]["email"] == "dana@example.com"
    assert appointment["customer_id"] == events[0]["body"]["data"]["customer"]["id"]
    assert [e["body"]["data"]["previous"] for e in events[2:4]] == [{"status": "approved"}, {"status": "pending"}]
    assert events[4]["body"]["data"]["appointment"]["status"] == "canceled"


def test_a_refused_reservation_writes_neither(app, client, shop):
    subscribe(app, shop.aurora_id)
    booked_id(client, shop, "swedish-massage", TEN)
    before, events = last_id(app), len(written(app))
    clash = tb_post(client, "edit_reservation", shop.write, reservation={"type": "reservation", "id": 999999,
                                                                         "status": "cancelled"})
    assert clash.status_code == 404
    assert trail(app, before) == [] and len(written(app)) == events
