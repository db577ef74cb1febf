"""Ids and TeamBooking reservation tokens are never handed out twice, on every surface and both databases.

SQLite reuses ``max(id) + 1`` after the row with the largest id is deleted unless a table is
``AUTOINCREMENT``: each test deletes the newest row, then creates another, and the new id must be past
every id ever issued. A reservation's ``token`` is derived from a random seed of its own, so a deleted
reservation's token never comes back and no two reservations share one.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from sqlalchemy import Integer, inspect, text

from wpcompat.extensions import db

from .booknetic_support import AURORA, body, call, frozen_clock, salon  # noqa: F401
from .teambooking_support import assert_ok, booked_id, get_reservation, shop, tb_get, tb_post  # noqa: F401

MONDAY_10 = "2030-01-07T10:00:00+01:00"


def _id_tables():
    """Every table whose primary key is one integer ``id`` (a surrogate id that someone may hold)."""
    return [table for table in db.metadata.sorted_tables
            if [c.name for c in table.primary_key.columns] == ["id"] and isinstance(table.c.id.type, Integer)]


def test_every_table_with_an_id_never_reuses_ids(app):
    tables = _id_tables()
    assert len(tables) == 23  # 17, business_hours (0008), audit_records and the four webhook tables (0010)
    assert [t.name for t in tables if t.dialect_options["sqlite"]["autoincrement"] is not True] == []
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":  # the migrated database, not only the models
            ddl = dict(connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
            assert [t.name for t in tables if "AUTOINCREMENT" not in ddl[t.name]] == []
        else:  # PostgreSQL: each id is drawn from a sequence, which never goes back
            columns = {t.name: next(c for c in inspect(connection).get_columns(t.name) if c["name"] == "id")
                       for t in tables}
            assert [name for name, c in columns.items() if "nextval" not in str(c["default"])] == []


def _book_on_booknetic(client, world, salon, time: str) -> int:
    response = call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
        "date": "2030-01-07", "time": time})
    assert response.status_code == 200, response.get_data(as_text=True)
    return body(response)["id"]


def test_booknetic_appointment_ids_are_never_reused(client, world, salon):
    issued = {salon.sam_massage, salon.eva_yoga, salon.borealis_appointment}
    for _ in range(3):
        new = _book_on_booknetic(client, world, salon, "14:00")
        assert new > max(issued)
        issued.add(new)
        deleted = call(client, "DELETE", f"{AURORA}/appointments/{new}", world.aurora_admin)
        assert deleted.status_code == 200, deleted.get_data(as_text=True)
    assert _book_on_booknetic(client, world, salon, "14:00") > max(issued)
    gone = call(client, "GET", f"{AURORA}/appointments/{max(issued)}", world.aurora_admin)
    assert gone.status_code == 400  # a deleted id names nothing, and nothing new took it


def _create_customer(client, world, path: str, email: str) -> int:
    created = call(client, "POST", f"{AURORA}{path}", world.aurora_admin,
                   json_body={"first_name": "New", "last_name": "Customer", "email": email})
    assert created.status_code == 200, created.get_data(as_text=True)
    return body(created)["customer_id"]


def test_booknetic_customer_ids_are_never_reused(client, world, salon):
    issued = {salon.sam, salon.eva, salon.lee}
    # The REST routes and the 5.1 routes (/customer/create, /customer/delete), each deleting the newest.
    for n, (create, delete) in enumerate([("/customers", lambda cid: ("DELETE", f"/customers/{cid}", None)),
                                          ("/customer/create", lambda cid: ("POST", "/customer/delete", {"ids": [cid]})),
                                          ("/customers", lambda cid: ("POST", "/customer/delete", {"ids": [cid]}))]):
        new = _create_customer(client, world, create, f"new{n}@example.com")
        assert new > max(issued)
        issued.add(new)
        method, path, payload = delete(new)
        deleted = call(client, method, f"{AURORA}{path}", world.aurora_admin, json_body=payload)
        assert (deleted.status_code, deleted.get_data()) == (200, b"[]")
    assert _create_customer(client, world, "/customers", "last@example.com") > max(issued)


def _tokens(client, shop) -> list[str]:
    return [r["token"] for r in assert_ok(tb_get(client, "get_reservations", shop.read))]


def test_teambooking_reservation_ids_and_tokens_are_never_reused(client, shop):
    issued: dict[int, str] = {}
    for _ in range(3):
        rid = booked_id(client, shop, start=MONDAY_10)
        token = get_reservation(client, shop.read, rid)["token"]
        assert re.fullmatch(r"[0-9a-f]{32}", token)  # the wire format is unchanged
        assert rid > max(issued, default=0) and token not in issued.values()
        issued[rid] = token
        assert tb_post(client, "delete_reservation", shop.write, id=str(rid)).status_code == 200
        assert token not in _tokens(client, shop)
    rid = booked_id(client, shop, start=MONDAY_10)
    assert rid > max(issued) and get_reservation(client, shop.read, rid)["token"] not in issued.values()


def test_two_reservations_never_share_a_token(client, shop):
    for hour in ("09", "10", "11", "13", "14"):
        booked_id(client, shop, start=f"2030-01-07T{hour}:00:00+01:00")
    tokens = _tokens(client, shop)
    assert len(tokens) == 5 and len(set(tokens)) == 5
    again = _tokens(client, shop)
    assert again == tokens  # stable: a client may keep it


def legacy_token(secret_key: str, tenant_id: int, appointment_id: int) -> str:
    """The token of an appointment made before migration 0005 (derived from its tenant and id)."""
    message = f"teambooking-reservation:{tenant_id}:{appointment_id}".encode()
    return hmac.digest(secret_key.encode(), message, hashlib.sha256).hex()[:32]
