"""In-app notifications over HTTP: list, mark one or all read, clear — per user, per tenant."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import notifications
from wpcompat.booking.models import Notification
from wpcompat.extensions import db

from .booknetic_support import AURORA, BOREALIS, body, call, error, frozen_clock, salon  # noqa: F401

LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
KEYS = ["id", "user_id", "type", "title", "message", "action_type", "action_data", "read_at", "user_login",
        "created_at"]


@pytest.fixture
def inbox(app, salon):
    """Three notifications of aurora's owner, one of Anna's, one of borealis's owner."""
    with app.app_context():
        with tenancy.tenant(salon.aurora_id):
            ids = [notifications.create_notification(salon.owner_user_id, f"Note {n}", f"Message {n}",
                                                     url="appointments.info", target_id=salon.sam_massage,
                                                     created_at=datetime(2030, 1, 6, 11, n)).id for n in range(3)]
            anna = notifications.create_notification(salon.anna_user_id, "For Anna", "Hi", created_at=datetime(2030, 1, 6))
        with tenancy.tenant(salon.borealis_id):
            theirs = notifications.create_notification(_borealis_owner(), "Borealis note", "x")
        db.session.commit()
        return {"owner": ids, "anna": anna.id, "borealis": theirs.id}


def _borealis_owner() -> int:
    from wpcompat.platform.models import User
    return db.session.execute(select(User.id).where(User.login == "borealis-admin")).scalar_one()


def test_list_shape_order_and_local_times(client, world, salon, inbox):
    response = call(client, "GET", f"{AURORA}/notifications", world.aurora_admin)
    assert response.headers["Allow"] == "GET"
    data = body(response)
    assert list(data) == ["notifications", "count"] and data["count"] == 3
    newest = data["notifications"][0]
    assert list(newest) == KEYS
    assert newest == {"id": inbox["owner"][2], "user_id": salon.owner_user_id, "type": "in_app_notification",
                      "title": "Note 2", "message": "Message 2", "action_type": "detail",
                      "action_data": '{"url":"appointments.info","id":%d}' % salon.sam_massage, "read_at": None,
                      "user_login": "aurora-admin", "created_at": "2030-01-06 12:02:00"}  # Amsterdam is UTC+1
    assert b'"action_data":"{\\"url\\":\\"appointments.info\\",\\"id\\":' in response.get_data()
    page = body(call(client, "GET", f"{AURORA}/notifications", world.aurora_admin, query={"page": 2, "rows_count": 2}))
    assert ([n["id"] for n in page["notifications"]], page["count"]) == ([inbox["owner"][0]], 3)


@pytest.mark.parametrize("query, message", [({"page": 0}, "page must be greater than 0"),
                                            ({"rows_count": "0"}, "rows_count must be greater than 0")])
def test_list_bad_paging_is_400(client, world, salon, inbox, query, message):
    response = call(client, "GET", f"{AURORA}/notifications", world.aurora_admin, query=query)
    assert (response.status_code, body(response)) == (400, error(message))


def test_each_user_sees_only_their_own(client, world, salon, inbox):
    anna = body(call(client, "GET", f"{AURORA}/notifications", world.aurora_staff))
    assert ([n["id"] for n in anna["notifications"]], anna["count"]) == ([inbox["anna"]], 1)
    assert anna["notifications"][0]["action_data"] is None
    theirs = body(call(client, "GET", f"{BOREALIS}/notifications", world.borealis_admin))
    assert [n["id"] for n in theirs["notifications"]] == [inbox["borealis"]]


def test_mark_as_read(client, world, salon, inbox):
    target = inbox["owner"][1]
    response = call(client, "POST", f"{AURORA}/notifications/mark-as-read", world.aurora_admin,
                    json_body={"notification_id": target})
    assert (response.status_code, response.get_data()) == (200, b"[]")
    listed = body(call(client, "GET", f"{AURORA}/notifications", world.aurora_admin))["notifications"]
    assert LOCAL_TIME.fullmatch(next(n for n in listed if n["id"] == target)["read_at"])
    again = call(client, "POST", f"{AURORA}/notifications/mark-as-read", world.aurora_admin,
                 form=f"notification_id={target}")
    assert (again.status_code, body(again)) == (400, error("Notification not found"))


@pytest.mark.parametrize("payload, message", [({}, "Invalid notification ID"),
                                              ({"notification_id": "-4"}, "Invalid notification ID"),
                                              ({"notification_id": "abc"}, "Invalid notification ID"),
                                              ({"notification_id": "ANNA"}, "Notification not found"),
                                              ({"notification_id": "BOREALIS"}, "Notification not found"),
                                              ({"notification_id": 10**30}, "Notification not found")])
def test_mark_as_read_refusals(app, client, world, salon, inbox, payload, message):
    payload = {k: {"ANNA": inbox["anna"], "BOREALIS": inbox["borealis"]}.get(v, v) for k, v in payload.items()}
    response = call(client, "POST", f"{AURORA}/notifications/mark-as-read", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (400, error(message))
    with app.app_context(), tenancy.all_tenants():
        assert db.session.execute(select(Notification.id).where(Notification.read_at.is_not(None))).first() is None


def test_mark_all_and_clear_touch_only_the_callers(app, client, world, salon, inbox):
    response = call(client, "POST", f"{AURORA}/notifications/mark-all-as-read", world.aurora_admin)
    assert (response.status_code, response.get_data()) == (200, b"[]")
    listed = body(call(client, "GET", f"{AURORA}/notifications", world.aurora_admin))["notifications"]
    assert all(LOCAL_TIME.fullmatch(n["read_at"]) for n in listed)
    assert body(call(client, "GET", f"{AURORA}/notifications", world.aurora_staff))["notifications"][0]["read_at"] is None
    cleared = call(client, "DELETE", f"{AURORA}/notifications/clear", world.aurora_admin)
    assert (cleared.status_code, cleared.get_data()) == (200, b"[]")
    assert body(call(client, "GET", f"{AURORA}/notifications", world.aurora_admin)) == {"notifications": [], "count": 0}
    assert body(call(client, "GET", f"{AURORA}/notifications", world.aurora_staff))["count"] == 1
    assert body(call(client, "GET", f"{BOREALIS}/notifications", world.borealis_admin))["count"] == 1
