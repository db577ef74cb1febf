"""Locations over HTTP: the 5.1 select list and the REST-style get/create/update/delete."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking.models import Location
from wpcompat.extensions import db

from .booknetic_support import (AURORA, BOREALIS, body, call, error, frozen_clock, salon,  # noqa: F401
                                validation)

DTO_KEYS = ["id", "name", "image", "address", "phone_number", "notes", "latitude", "longitude", "is_active",
            "category_id"]


def stored(app, tenant_id: int) -> list[tuple]:
    with app.app_context(), tenancy.tenant(tenant_id):
        return list(db.session.execute(select(Location.id, Location.name, Location.address, Location.phone_number,
                                              Location.notes).order_by(Location.id)))


def test_list_is_select_options_with_escaped_names(app, client, world, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        db.session.add(Location(name='Tom & "Jerry\'s" <Studio>'))
        db.session.add(Location(name="Closed", is_active=False))
        db.session.commit()
    response = call(client, "GET", f"{AURORA}/locations", world.aurora_admin)
    assert response.headers["Allow"] == "GET, POST"
    data = body(response)["data"]
    assert data[:2] == [{"id": salon.canal, "text": "Canal House"}, {"id": salon.park, "text": "Park Pavilion"}]
    assert data[2]["text"] == "Tom &amp; &quot;Jerry&#039;s&quot; &lt;Studio&gt;" and len(data) == 3
    assert body(call(client, "GET", f"{AURORA}/locations", world.aurora_admin, query={"search": "park"}))["data"] == [
        {"id": salon.park, "text": "Park Pavilion"}]


def test_staff_list_only_their_own_locations(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/locations", world.aurora_staff))["data"]
    assert data == [{"id": salon.canal, "text": "Canal House"}]
    response = call(client, "GET", f"{AURORA}/locations/{salon.park}", world.aurora_staff)
    assert (response.status_code, body(response)) == (400, error(f"Location not found with ID: {salon.park}"))


def test_get_is_the_location_dto(client, world, salon):
    response = call(client, "GET", f"{AURORA}/locations/{salon.canal}", world.aurora_admin)
    assert response.headers["Allow"] == "GET, PUT, DELETE"
    data = body(response)["data"]
    assert list(data) == DTO_KEYS
    assert data == {"id": salon.canal, "name": "Canal House", "image": None, "address": "Keizersgracht 1",
                    "phone_number": None, "notes": None, "latitude": None, "longitude": None, "is_active": True,
                    "category_id": 0}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_missing_and_foreign_ids_are_the_same_400(app, client, world, salon, method):
    foreign = call(client, method, f"{AURORA}/locations/{salon.borealis_location}", world.aurora_admin,
                   json_body={"name": "Hijacked"})
    assert (foreign.status_code, body(foreign)) == (400, error(f"Location not found with ID: {salon.borealis_location}"))
    zero = call(client, method, f"{AURORA}/locations/0", world.aurora_admin, json_body={"name": "x"})
    assert (zero.status_code, body(zero)) == (400, error("Invalid location ID!"))
    assert stored(app, salon.borealis_id)[0][1] == "Borealis Clinic"


def test_create_and_update(app, client, world, salon):
    response = call(client, "POST", f"{AURORA}/locations", world.aurora_admin, json_body={
        "name": "Harbour", "address": "Pier 3", "phone": "+31 20", "note": "Upstairs", "latitude": "52.37",
        "longitude": "4.89", "category_id": 3, "translations": {"nl": "Haven"}})
    assert response.status_code == 200
    new_id = body(response)["id"]
    assert stored(app, salon.aurora_id)[-1] == (new_id, "Harbour", "Pier 3", "+31 20", "Upstairs")
    updated = call(client, "PUT", f"{AURORA}/locations/{new_id}", world.aurora_admin, form="address=Pier+4")
    assert (updated.status_code, body(updated)) == (200, {"id": new_id})
    assert stored(app, salon.aurora_id)[-1] == (new_id, "Harbour", "Pier 4", "+31 20", "Upstairs")
    dto = body(call(client, "GET", f"{AURORA}/locations/{new_id}", world.aurora_admin))["data"]
    assert (dto["latitude"], dto["longitude"]) == ("52.37", "4.89")


@pytest.mark.parametrize("payload, errors", [
    ({}, {"name": "name is required"}),
    ({"name": "   "}, {"name": "name is required"}),
    ({"name": 7, "address": ["x"]}, {"name": "name must be a string", "address": "address must be a string"}),
    ({"name": "x" * 256}, {"name": "name must be at most 255 characters"}),
    ({"name": "ok", "latitude": "1" * 33}, {"latitude": "latitude must be at most 32 characters"}),
    ({"name": "ok", "category_id": "three"}, {"category_id": "category_id must be a number"}),
])
def test_create_validation_is_422(app, client, world, salon, payload, errors):
    response = call(client, "POST", f"{AURORA}/locations", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (422, validation(errors))
    assert len(stored(app, salon.aurora_id)) == 2


def test_update_validation_is_422_and_changes_nothing(app, client, world, salon):
    before = stored(app, salon.aurora_id)
    response = call(client, "PUT", f"{AURORA}/locations/{salon.canal}", world.aurora_admin,
                    json_body={"name": "", "address": "New"})
    assert (response.status_code, body(response)) == (422, validation({"name": "name is required"}))
    assert stored(app, salon.aurora_id) == before


def test_delete_is_refused_while_in_use(app, client, world, salon):
    staffed = call(client, "DELETE", f"{AURORA}/locations/{salon.canal}", world.aurora_admin)
    assert body(staffed) == error("There are some staff members currently using this location. Please remove them first!")
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        from wpcompat.booking.models import Staff
        for member in db.session.execute(select(Staff)).scalars():
            member.locations = []
        db.session.commit()
    booked = call(client, "DELETE", f"{AURORA}/locations/{salon.canal}", world.aurora_admin)
    assert body(booked) == error("This location has some appointments scheduled. Please remove them first!")
    free = body(call(client, "POST", f"{AURORA}/locations", world.aurora_admin, json_body={"name": "Spare"}))["id"]
    deleted = call(client, "DELETE", f"{AURORA}/locations/{free}", world.aurora_admin)
    assert (deleted.status_code, deleted.get_data()) == (200, b"[]")
    assert [row[0] for row in stored(app, salon.aurora_id)] == [salon.canal, salon.park]


def test_staff_cannot_manage_locations(client, world, salon):
    for method, path in [("POST", "/locations"), ("PUT", f"/locations/{salon.canal}"),
                         ("DELETE", f"/locations/{salon.canal}")]:
        response = call(client, method, AURORA + path, world.aurora_staff, json_body={"name": "x"})
        assert (response.status_code, body(response)) == (400, error("Permission denied!")), (method, path)


def test_a_plan_without_locations_refuses_every_location_route(client, world, salon):
    # The demo's "starter" plan lacks locations; here borealis gets such a plan.
    from .booknetic_support import set_plan
    from .factories import ALL_MODULES
    set_plan(client.application, salon.borealis_id, [m for m in ALL_MODULES if m != "locations"])
    for method, path in [("GET", "/locations"), ("POST", "/locations"), ("GET", f"/locations/{salon.borealis_location}"),
                         ("PUT", f"/locations/{salon.borealis_location}"),
                         ("DELETE", f"/locations/{salon.borealis_location}")]:
        response = call(client, method, BOREALIS + path, world.borealis_admin, json_body={"name": "x"})
        assert (response.status_code, body(response)) == (403, error(
            "Your plan does not include the locations module.", 403)), (method, path)
