"""The catalogue over HTTP: /staffs, /services, /services/categories, /services/extras."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking.models import Staff
from wpcompat.extensions import db

from .booknetic_support import AURORA, body, call, frozen_clock, salon  # noqa: F401

STAFF_KEYS = ["id", "name", "user_id", "email", "phone_number", "about", "profile_image", "locations",
              "google_access_token", "is_active", "tenant_id", "profession"]


def test_staffs_are_raw_rows(client, world, salon):
    response = call(client, "GET", f"{AURORA}/staffs", world.aurora_admin)
    assert response.headers["Allow"] == "GET"
    anna, bas = body(response)["data"]
    assert list(anna) == STAFF_KEYS
    assert anna == {"id": str(salon.anna_staff), "name": "Anna de Vries", "user_id": str(salon.anna_user_id),
                    "email": "anna@example.com", "phone_number": "+31 6 1", "about": None, "profile_image": None,
                    "locations": str(salon.canal), "google_access_token": None, "is_active": "1", "tenant_id": None,
                    "profession": "Therapist"}
    assert (bas["user_id"], bas["locations"]) == (None, str(salon.park))


@pytest.mark.parametrize("query, names", [
    ({"search": "bas"}, ["Bas Visser"]),
    ({"location": "CANAL"}, ["Anna de Vries"]),
    ({"service": "MASSAGE"}, ["Anna de Vries"]),
    ({"service": "YOGA"}, ["Anna de Vries", "Bas Visser"]),
    ({"location": "abc"}, ["Anna de Vries", "Bas Visser"]),
])
def test_staffs_filters(client, world, salon, query, names):
    query = {k: {"CANAL": salon.canal, "MASSAGE": salon.massage, "YOGA": salon.yoga}.get(v, v) for k, v in query.items()}
    data = body(call(client, "GET", f"{AURORA}/staffs", world.aurora_admin, query=query))["data"]
    assert [row["name"] for row in data] == names


def test_staff_users_see_only_their_own_staff_record(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/staffs", world.aurora_staff))["data"]
    assert [row["id"] for row in data] == [str(salon.anna_staff)]


def test_staff_route_without_the_s_is_rest_no_route(client, world, salon):
    response = call(client, "GET", f"{AURORA}/staff", world.aurora_admin)
    assert response.status_code == 404 and body(response)["code"] == "rest_no_route"


def test_services_are_select_options_with_booknetic_types(app, client, world, salon):
    response = call(client, "GET", f"{AURORA}/services", world.aurora_admin)
    assert response.get_data() == (
        b'{"data":[{"id":%d,"text":"Swedish massage","repeatable":0,"repeat_type":"","repeat_frequency":"0",'
        b'"full_period_type":"","full_period_value":0,"max_capacity":1,"date_based":false},'
        b'{"id":%d,"text":"Flow yoga","repeatable":0,"repeat_type":"","repeat_frequency":"0",'
        b'"full_period_type":"","full_period_value":0,"max_capacity":8,"date_based":false}]}' % (salon.massage, salon.yoga))
    by_category = body(call(client, "GET", f"{AURORA}/services", world.aurora_admin,
                            query={"category": salon.yoga_category}))["data"]
    assert [s["id"] for s in by_category] == [salon.yoga]
    searched = body(call(client, "GET", f"{AURORA}/services", world.aurora_admin, query={"q": "swed", "category": 0}))
    assert [s["id"] for s in searched["data"]] == [salon.massage]


def test_services_without_an_active_staff_member_are_not_listed(app, client, world, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        for member in db.session.execute(select(Staff)).scalars():
            if member.id == salon.anna_staff:
                member.is_active = False
        db.session.commit()
    data = body(call(client, "GET", f"{AURORA}/services", world.aurora_admin))["data"]
    assert [s["id"] for s in data] == [salon.yoga]
    # Anna sees only the services of her own (now inactive) staff record.
    assert body(call(client, "GET", f"{AURORA}/services", world.aurora_staff))["data"] == []


def test_categories_are_raw_rows_with_the_parent_name(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/services/categories", world.aurora_admin))["data"]
    assert data == [
        {"id": str(salon.massage_category), "name": "Massage", "parent_id": "0", "tenant_id": None,
         "parent_category_name": None, "parent": "0", "parent_name": None},
        {"id": str(salon.yoga_category), "name": "Yoga", "parent_id": str(salon.massage_category), "tenant_id": None,
         "parent_category_name": "Massage", "parent": str(salon.massage_category), "parent_name": "Massage"}]


def test_extras_are_raw_rows_with_quantity_0_or_the_booked_string(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/services/extras", world.aurora_admin))["data"]
    assert data == [{"id": str(salon.stones), "service_id": str(salon.massage), "name": "Hot stones", "image": None,
                     "price": "10.00", "duration": "15", "max_quantity": "2", "min_quantity": "0", "is_active": "1",
                     "hide_duration": "0", "hide_price": "0", "notes": None, "category_id": None, "tenant_id": None,
                     "quantity": 0}]
    # On the appointment, quantity is the appointment_extras column: a string, the other fields unchanged.
    booked = call(client, "GET", f"{AURORA}/services/extras", world.aurora_admin,
                  query={"appointment_id": salon.sam_massage})
    assert booked.get_data().decode() == (
        '{"data":[{"id":"%d","service_id":"%d","name":"Hot stones","image":null,"price":"10.00","duration":"15",'
        '"max_quantity":"2","min_quantity":"0","is_active":"1","hide_duration":"0","hide_price":"0","notes":null,'
        '"category_id":null,"tenant_id":null,"quantity":"1"}]}' % (salon.stones, salon.massage))
    # Another tenant's appointment shows no quantities (it does not exist here).
    foreign = body(call(client, "GET", f"{AURORA}/services/extras", world.aurora_admin,
                        query={"appointment_id": salon.borealis_appointment}))["data"]
    assert foreign[0]["quantity"] == 0 and len(foreign) == 1
