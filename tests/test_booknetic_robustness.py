"""Hostile input on every Booknetic route: never a 500, always JSON, and a refused write leaves no trace.

The walk reads the route table, so new routes are covered; the payloads are the classic breakers: wrong
JSON types, nulls, huge and negative numbers, over-long and unstorable strings, PHP array syntax in forms,
huge ids in the path.
"""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, AppointmentExtra, AppointmentPrice, Customer, Location, Notification
from wpcompat.extensions import db
from wpcompat.rest import route_table

from .booknetic_support import AURORA, call, frozen_clock, salon  # noqa: F401

FIELDS = ["id", "ids", "status", "limit", "skip", "search", "customer_id", "service_id", "staff_id", "location_id",
          "date", "time", "starts_at", "extras", "weight", "note", "first_name", "last_name", "email", "phone",
          "birthday", "gender", "name", "address", "latitude", "paid_amount", "prices", "notification_id", "page",
          "rows_count", "period", "start", "end", "interval", "service", "staff", "location", "service_extras", "q",
          "run_workflows", "orderByField", "orderDirection", "startsAt", "endsAt", "deviceInfo", "category",
          "appointment_id"]
VALUES = [None, True, -1, 0, 10**30, -10**30, 1e308, "1e400", "-5", "", "x" * 100_000, "\ud800", "\x00",
          [], [1, "a"], {}, {"0": {"extra_id": "x"}}, "2030-02-30", "99:99", "NaN", [[[[[[]]]]]], "9" * 5000]
SEGMENT = re.compile(r"\(\?P<\w+>[^)]*\)")


def endpoints(app):
    for route in route_table(app).in_namespace("booknetic/v1"):
        tail = route.pattern[len("/booknetic/v1"):]
        for handler in route.handlers:
            for method in handler.methods:
                yield method, tail


def state(app, tenant_id: int) -> tuple:
    with app.app_context(), tenancy.tenant(tenant_id):
        return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (Appointment, AppointmentExtra, AppointmentPrice, Customer, Location, Notification))


def _check(response, where) -> None:
    assert response.status_code != 500, (where, response.get_data()[:300])
    assert response.mimetype == "application/json", where
    json.loads(response.get_data())


@pytest.mark.parametrize("value", VALUES, ids=lambda v: repr(v)[:20])
def test_every_field_with_a_hostile_value_on_every_route(app, client, world, salon, value):
    theirs = state(app, salon.borealis_id)
    for method, tail in endpoints(app):
        path = SEGMENT.sub(str(salon.sam_massage), tail)
        before = state(app, salon.aurora_id)
        response = call(client, method, AURORA + path, world.aurora_admin, json_body={name: value for name in FIELDS})
        _check(response, (method, path, "json"))
        if response.status_code >= 400:
            assert state(app, salon.aurora_id) == before, (method, path)
    assert state(app, salon.borealis_id) == theirs


@pytest.mark.parametrize("body", ["[1,2]", '"text"', "12", "null", "{", '{"a":' * 600 + "1" + "}" * 600])
def test_non_object_and_broken_json_bodies(app, client, world, salon, body):
    for method, tail in endpoints(app):
        path = SEGMENT.sub(str(salon.sam_massage), tail)
        response = client.open(AURORA + path, method=method, data=body, content_type="application/json",
                               headers=world.aurora_admin.auth)
        _check(response, (method, path, body[:10]))


@pytest.mark.parametrize("query", ["limit[]=1&skip[a]=2&search[]=x", "limit=-1&skip=-1", "limit=1e400&skip=9" * 3,
                                   "startsAt=%ED%A0%80&search=%00", "service_extras=" + "[" * 5000])
def test_hostile_query_strings(app, client, world, salon, query):
    for method, tail in endpoints(app):
        if method != "GET":
            continue
        path = SEGMENT.sub(str(salon.sam_massage), tail)
        _check(client.get(f"{AURORA}{path}?{query}", headers=world.aurora_admin.auth), (path, query))


def test_huge_ids_in_the_path(app, client, world, salon):
    before = state(app, salon.aurora_id)
    for method, tail in endpoints(app):
        if not SEGMENT.search(tail):
            continue
        for value in ("0", "99999999999999999999999999", "9223372036854775808", "9223372036854775807"):
            path = SEGMENT.sub(value, tail)
            response = call(client, method, AURORA + path, world.aurora_admin, json_body={"name": "x", "status": "paid"})
            _check(response, (method, path))
            assert response.status_code in (400, 404), (method, path, response.get_data())
    assert state(app, salon.aurora_id) == before


def test_form_bodies_with_php_array_syntax(app, client, world, salon):
    form = "&".join(f"{name}[]=1&{name}[x][y]=2" for name in FIELDS)
    for method, tail in endpoints(app):
        path = SEGMENT.sub(str(salon.eva_yoga), tail)
        response = call(client, method, AURORA + path, world.aurora_admin, form=form)
        _check(response, (method, path))
