"""``/wpcompat/v1/service-categories`` and ``/wpcompat/v1/locations`` as a client sees them: exact bodies, the
tree rule of categories, a location's text cleared by null, and deletes refused while anything uses the row
(naming it), through the same rows Booknetic's routes read."""
from __future__ import annotations

from .booknetic_support import body, call, frozen_clock, salon  # noqa: F401 (fixtures)

API = "/aurora/wp-json/wpcompat/v1"
URL = f"http://wp.test{API}"
BOOKNETIC = "/aurora/wp-json/booknetic/v1"


def _category(category_id: int, name: str, parent: int | None) -> dict:
    links = {"self": [{"href": f"{URL}/service-categories/{category_id}"}],
             "collection": [{"href": f"{URL}/service-categories"}]}
    if parent is not None:
        links["up"] = [{"href": f"{URL}/service-categories/{parent}"}]
    return {"id": category_id, "name": name, "parent": parent, "_links": links}


def test_categories_list_create_and_nest(client, world, salon):
    listed = call(client, "GET", f"{API}/service-categories", world.aurora_admin)
    assert (listed.status_code, listed.headers["X-WP-Total"], listed.headers["X-WP-TotalPages"]) == (200, "2", "1")
    assert body(listed) == [_category(salon.massage_category, "Massage", None),
                            _category(salon.yoga_category, "Yoga", salon.massage_category)]
    made = call(client, "POST", f"{API}/service-categories", world.aurora_admin,
                json_body={"name": "Hot yoga", "parent": salon.yoga_category})
    assert made.status_code == 201
    category = body(made)
    assert made.headers["Location"] == f"{URL}/service-categories/{category['id']}"
    assert category == _category(category["id"], "Hot yoga", salon.yoga_category)
    # Booknetic's own category list reads the same rows.
    assert "Hot yoga" in call(client, "GET", f"{BOOKNETIC}/services/categories", world.aurora_admin).get_data(as_text=True)


def test_a_category_cannot_be_inside_itself(client, world, salon):
    made = body(call(client, "POST", f"{API}/service-categories", world.aurora_admin,
                     json_body={"name": "Hot yoga", "parent": salon.yoga_category}))
    for parent in (salon.massage_category, made["id"]):  # itself, or its own grandchild
        answer = call(client, "PATCH", f"{API}/service-categories/{salon.massage_category}", world.aurora_admin,
                      json_body={"parent": parent})
        assert (answer.status_code, body(answer)["data"]["params"]) == (400, {
            "parent": "A category cannot be inside itself."})
    moved = call(client, "PATCH", f"{API}/service-categories/{salon.yoga_category}", world.aurora_admin,
                 json_body={"parent": None, "name": "Yoga & more"})
    assert body(moved) == _category(salon.yoga_category, "Yoga & more", None)
    assert body(call(client, "POST", f"{API}/service-categories", world.aurora_admin, json_body={"name": ""})) == {
        "code": "rest_invalid_param", "message": "Invalid parameter(s): name",
        "data": {"status": 400, "params": {"name": "name must be at least 1 character long."},
                 "details": {"name": {"code": "rest_too_short", "message": "name must be at least 1 character long.",
                                      "data": None}}}}


def test_a_category_in_use_is_refused_naming_its_services_and_children(client, world, salon):
    answer = call(client, "DELETE", f"{API}/service-categories/{salon.massage_category}", world.aurora_admin,
                  query={"force": "true"})
    assert (answer.status_code, body(answer)) == (409, {
        "code": "rest_service_category_in_use",
        "message": "The category is not empty: move its services and sub-categories first.",
        "data": {"status": 409, "services": [salon.massage], "categories": [salon.yoga_category]}})
    call(client, "PATCH", f"{API}/services/{salon.yoga}", world.aurora_admin, json_body={"category": None})
    emptied = call(client, "DELETE", f"{API}/service-categories/{salon.yoga_category}", world.aurora_admin,
                   query={"force": "true"})
    assert (emptied.status_code, body(emptied)) == (200, {
        "deleted": True, "previous": _category(salon.yoga_category, "Yoga", salon.massage_category)})
    assert call(client, "GET", f"{API}/service-categories/{salon.yoga_category}", world.aurora_admin).get_data() == (
        b'{"code":"rest_service_category_invalid_id","message":"Invalid service category ID.","data":{"status":404}}')


def _location(location_id: int, name: str, **fields) -> dict:
    return {"id": location_id, "name": name, "address": None, "phone": None, "notes": None, "latitude": None,
            "longitude": None, "is_active": True, **fields,
            "_links": {"self": [{"href": f"{URL}/locations/{location_id}"}],
                       "collection": [{"href": f"{URL}/locations"}]}}


def test_locations_active_or_not_and_null_clears_a_field(client, world, salon):
    listed = call(client, "GET", f"{API}/locations", world.aurora_admin)
    assert listed.headers["X-WP-Total"] == "2"
    assert body(listed) == [_location(salon.canal, "Canal House", address="Keizersgracht 1"),
                            _location(salon.park, "Park Pavilion")]
    made = call(client, "POST", f"{API}/locations", world.aurora_admin, json_body={
        "name": "Roof Terrace", "address": "Dam 1", "phone": "+31 20 1", "latitude": "52.37", "longitude": "4.89"})
    assert made.status_code == 201
    location = body(made)
    assert made.headers["Location"] == f"{URL}/locations/{location['id']}"
    assert location == _location(location["id"], "Roof Terrace", address="Dam 1", phone="+31 20 1",
                                 latitude="52.37", longitude="4.89")
    cleared = call(client, "PATCH", f"{API}/locations/{location['id']}", world.aurora_admin,
                   json_body={"latitude": None, "longitude": None, "is_active": False, "notes": "Summer only"})
    assert body(cleared) == _location(location["id"], "Roof Terrace", address="Dam 1", phone="+31 20 1",
                                      notes="Summer only", is_active=False)
    # Inactive, it is still listed here, but no longer in Booknetic's select list.
    assert call(client, "GET", f"{API}/locations", world.aurora_admin).headers["X-WP-Total"] == "3"
    names = [row["text"] for row in body(call(client, "GET", f"{BOOKNETIC}/locations", world.aurora_admin))["data"]]
    assert "Roof Terrace" not in names and "Canal House" in names


def test_location_fields_are_checked(client, world, salon):
    blank = call(client, "POST", f"{API}/locations", world.aurora_admin, json_body={"name": "   "})
    assert (blank.status_code, body(blank)["data"]["params"]) == (400, {"name": "name is required"})
    long = call(client, "POST", f"{API}/locations", world.aurora_admin, json_body={"name": "X", "phone": "1" * 65})
    assert body(long)["data"]["params"] == {"phone": "phone must be at most 64 characters long."}
    missing = call(client, "POST", f"{API}/locations", world.aurora_admin, json_body={})
    assert (missing.status_code, body(missing)["code"]) == (400, "rest_missing_callback_param")
    assert call(client, "GET", f"{API}/locations", world.aurora_admin).headers["X-WP-Total"] == "2"


def test_a_location_in_use_is_refused_naming_staff_and_appointments(client, world, salon):
    answer = call(client, "DELETE", f"{API}/locations/{salon.canal}", world.aurora_admin, query={"force": "true"})
    assert (answer.status_code, body(answer)) == (409, {
        "code": "rest_location_in_use",
        "message": "The location is used by staff or appointments: deactivate it (is_active false) instead.",
        "data": {"status": 409, "staff": [salon.anna_staff], "appointments": [salon.sam_massage]}})
    # Booknetic's own delete keeps its own refusal.
    booknetic = call(client, "DELETE", f"{BOOKNETIC}/locations/{salon.canal}", world.aurora_admin)
    assert body(booknetic)["message"] == "There are some staff members currently using this location. Please remove them first!"


def test_an_unused_location_is_deleted(client, world, salon):
    made = body(call(client, "POST", f"{API}/locations", world.aurora_admin, json_body={"name": "Pop-up"}))
    assert call(client, "DELETE", f"{API}/locations/{made['id']}", world.aurora_admin).status_code == 501
    deleted = call(client, "DELETE", f"{API}/locations/{made['id']}", world.aurora_admin, query={"force": "true"})
    assert (deleted.status_code, body(deleted)) == (200, {"deleted": True, "previous": made})
    assert call(client, "GET", f"{API}/locations/{made['id']}", world.aurora_admin).get_data() == (
        b'{"code":"rest_location_invalid_id","message":"Invalid location ID.","data":{"status":404}}')
