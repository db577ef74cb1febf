"""``/wpcompat/v1/services`` and ``/services/{id}/extras`` as a client sees them: WordPress's conventions (201 +
Location, X-WP-Total, 501 without force, exact bodies), the domain's rules (slugs, money, extras' quantities,
nothing booked deleted), and a service made here booked through Booknetic at once (the same rows)."""
from __future__ import annotations

from decimal import Decimal

from .booknetic_support import appointment_row, body, call, frozen_clock, salon  # noqa: F401 (fixtures)

API = "/aurora/wp-json/wpcompat/v1"
URL = f"http://wp.test{API}"
BOOKNETIC = "/aurora/wp-json/booknetic/v1"


def _links(service_id: int, category: int | None) -> dict:
    links = {"self": [{"href": f"{URL}/services/{service_id}"}], "collection": [{"href": f"{URL}/services"}],
             "extras": [{"href": f"{URL}/services/{service_id}/extras"}]}
    if category is not None:
        links["category"] = [{"href": f"{URL}/service-categories/{category}"}]
    return links


def _invalid(params: dict[str, str], codes: dict[str, str] | None = None) -> dict:
    return {"code": "rest_invalid_param", "message": f"Invalid parameter(s): {', '.join(params)}",
            "data": {"status": 400, "params": params,
                     "details": {name: {"code": (codes or {}).get(name, "rest_invalid_param"), "message": message,
                                        "data": None} for name, message in params.items()}}}


def test_the_list_pages_with_wordpress_headers(client, world, salon):
    first = call(client, "GET", f"{API}/services", world.aurora_admin, query={"per_page": 1})
    assert first.status_code == 200
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("2", "2")
    assert first.headers.getlist("Link")[-1] == f'<{URL}/services?per_page=1&page=2>; rel="next"'
    assert [row["id"] for row in body(first)] == [salon.massage]
    second = call(client, "GET", f"{API}/services", world.aurora_admin, query={"per_page": 1, "page": 2})
    assert [row["id"] for row in body(second)] == [salon.yoga]
    assert second.headers.getlist("Link")[-1] == f'<{URL}/services?per_page=1&page=1>; rel="prev"'


def test_a_service_shows_every_field_its_extras_and_staff(client, world, salon):
    answer = call(client, "GET", f"{API}/services/{salon.massage}", world.aurora_admin, query={"context": "edit"})
    assert answer.status_code == 200
    assert body(answer) == {
        "id": salon.massage, "slug": "swedish-massage", "name": "Swedish massage", "category": salon.massage_category,
        "duration": 60, "price": "50.00", "capacity": 1, "buffer_before": 10, "buffer_after": 15,
        "timeslot_length": 0, "color": None, "description": None, "is_active": True, "approval": "none",
        "payment": "later",
        "extras": [{"id": salon.stones, "name": "Hot stones", "price": "10.00", "duration": 15, "min_quantity": 0,
                    "max_quantity": 2, "is_active": True, "notes": None}],
        "staff": [salon.anna_staff], "_links": _links(salon.massage, salon.massage_category)}
    embed = body(call(client, "GET", f"{API}/services/{salon.massage}", world.aurora_admin, query={"context": "embed"}))
    assert not {"extras", "staff", "color", "approval"} & set(embed)
    fields = call(client, "GET", f"{API}/services", world.aurora_admin, query={"_fields": "id,price"})
    assert body(fields) == [{"id": salon.massage, "price": "50.00"}, {"id": salon.yoga, "price": "20.00"}]


def test_create_answers_201_with_location_and_the_item_in_edit_context(client, world, salon):
    answer = call(client, "POST", f"{API}/services", world.aurora_admin, json_body={
        "name": "Café Crème Facial", "duration": 45, "price": 39.9, "category": salon.massage_category,
        "color": "#aa0000", "approval": "admin"})
    assert answer.status_code == 201
    created = body(answer)
    assert answer.headers["Location"] == f"{URL}/services/{created['id']}"
    assert created == {
        "id": created["id"], "slug": "cafe-creme-facial", "name": "Café Crème Facial",
        "category": salon.massage_category, "duration": 45, "price": "39.90", "capacity": 1, "buffer_before": 0,
        "buffer_after": 0, "timeslot_length": 0, "color": "#aa0000", "description": None, "is_active": True,
        "approval": "admin", "payment": "later", "extras": [], "staff": [],
        "_links": _links(created["id"], salon.massage_category)}
    assert body(call(client, "GET", created["_links"]["self"][0]["href"].replace("http://wp.test", ""),
                     world.aurora_admin, query={"context": "edit"})) == created
    # The same name again gets a slug of its own; a form body works as JSON does.
    again = call(client, "POST", f"{API}/services", world.aurora_admin,
                 form={"name": "Café Crème Facial", "duration": "30", "price": "0", "is_active": "false"})
    assert (again.status_code, body(again)["slug"], body(again)["is_active"]) == (201, "cafe-creme-facial-2", False)
    listed = call(client, "GET", f"{API}/services", world.aurora_admin)
    assert listed.headers["X-WP-Total"] == "4"


def test_bad_fields_are_named(client, world, salon):
    def refused(payload, path=f"{API}/services", method="POST"):
        answer = call(client, method, path, world.aurora_admin, json_body=payload)
        assert answer.status_code == 400, answer.get_data()
        return body(answer)

    base = {"name": "Massage", "duration": 30, "price": "10"}
    assert refused({"duration": 30}) == {"code": "rest_missing_callback_param",
                                         "message": "Missing parameter(s): name, price",
                                         "data": {"status": 400, "params": ["name", "price"]}}
    assert refused({**base, "price": "1.234"}) == _invalid(
        {"price": "A price is an amount ≥ 0 with at most two decimals."})
    assert refused({**base, "price": -1})["data"]["params"] == {
        "price": "A price is an amount ≥ 0 with at most two decimals."}
    assert refused({**base, "duration": 0}) == _invalid(
        {"duration": "duration must be greater than or equal to 1"}, {"duration": "rest_out_of_bounds"})
    assert refused({**base, "capacity": 0})["data"]["params"] == {"capacity": "capacity must be greater than or equal to 1"}
    assert refused({**base, "name": "   "}) == _invalid({"name": "A name is 1-255 characters."})
    assert refused({**base, "slug": "flow-yoga"}) == _invalid({"slug": "Another service has this slug."})
    assert refused({**base, "slug": "Not A Slug"})["data"]["details"]["slug"]["code"] == "rest_invalid_pattern"
    assert refused({**base, "approval": "boss"})["data"]["details"]["approval"]["code"] == "rest_not_in_enum"
    assert refused({**base, "category": 999999}) == _invalid({"category": "No service category has this id."})
    assert refused({"slug": None}, f"{API}/services/{salon.massage}", "PATCH")["data"]["params"] == {
        "slug": "slug is not of type string."}
    assert call(client, "GET", f"{API}/services", world.aurora_admin).headers["X-WP-Total"] == "2"


def test_update_changes_only_what_is_sent_and_null_clears(client, world, salon):
    changed = call(client, "PATCH", f"{API}/services/{salon.massage}", world.aurora_admin, json_body={
        "slug": "swedish", "category": None, "price": "55", "description": "Classic", "capacity": 2})
    assert changed.status_code == 200
    service = body(changed)
    assert {k: service[k] for k in ("slug", "category", "price", "description", "capacity", "duration", "name")} == {
        "slug": "swedish", "category": None, "price": "55.00", "description": "Classic", "capacity": 2,
        "duration": 60, "name": "Swedish massage"}
    assert "category" not in service["_links"]
    cleared = body(call(client, "PUT", f"{API}/services/{salon.massage}", world.aurora_admin,
                        json_body={"description": None}))
    assert (cleared["description"], cleared["slug"]) == (None, "swedish")


def test_a_changed_service_is_what_the_next_booknetic_booking_gets(app, client, world, salon):
    call(client, "PATCH", f"{API}/services/{salon.massage}", world.aurora_admin, json_body={"price": "42.50"})
    booked = call(client, "POST", f"{BOOKNETIC}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.massage, "staff_id": salon.anna_staff,
        "date": "2030-01-07", "time": "14:00"})
    assert booked.status_code == 200, booked.get_data()
    row = appointment_row(app, salon.aurora_id, body(booked)["id"])
    assert row["prices"] == [("service_price", Decimal("42.50"), 1)]
    # The appointment booked before keeps its price.
    assert appointment_row(app, salon.aurora_id, salon.sam_massage)["prices"][0][1] == Decimal("50.00")
    # Deactivated, Booknetic no longer lists it.
    call(client, "PATCH", f"{API}/services/{salon.massage}", world.aurora_admin, json_body={"is_active": False})
    listed = body(call(client, "GET", f"{BOOKNETIC}/services", world.aurora_admin))["data"]
    assert "Swedish massage" not in [row["text"] for row in listed]


def test_a_service_made_here_is_bookable_once_a_staff_member_provides_it(app, client, world, salon):
    made = body(call(client, "POST", f"{API}/services", world.aurora_admin,
                     json_body={"name": "Hot stone massage", "duration": 75, "price": "95.00"}))
    extra = body(call(client, "POST", f"{API}/services/{made['id']}/extras", world.aurora_admin,
                      json_body={"name": "Oil", "price": "5", "max_quantity": 2}))
    booking = {"customer_id": salon.lee, "service_id": made["id"], "staff_id": salon.anna_staff,
               "date": "2030-01-07", "time": "14:00", "extras": [{"extra_id": extra["id"], "quantity": 2}]}
    refused = call(client, "POST", f"{BOOKNETIC}/appointments", world.aurora_admin, json_body=booking)
    assert refused.status_code != 200  # nobody provides it yet
    provides = call(client, "PATCH", f"{API}/staff/{salon.anna_staff}", world.aurora_admin,
                    json_body={"services": [salon.massage, salon.yoga, made["id"]]})
    assert provides.status_code == 200, provides.get_data()
    assert body(call(client, "GET", f"{API}/services/{made['id']}", world.aurora_admin))["staff"] == [salon.anna_staff]
    booked = call(client, "POST", f"{BOOKNETIC}/appointments", world.aurora_admin, json_body=booking)
    assert booked.status_code == 200, booked.get_data()
    row = appointment_row(app, salon.aurora_id, body(booked)["id"])
    assert (row["service_id"], row["extras"]) == (made["id"], [(extra["id"], 2)])
    assert row["prices"] == [("service_price", Decimal("95.00"), 1), ("service_extra", Decimal("10.00"), 1)]
    # Now booked, neither it nor its extra can be deleted: the refusal names the appointment.
    for path, code in ((f"services/{made['id']}", "rest_service_in_use"),
                       (f"services/{made['id']}/extras/{extra['id']}", "rest_service_extra_in_use")):
        answer = call(client, "DELETE", f"{API}/{path}", world.aurora_admin, query={"force": "true"})
        assert answer.status_code == 409
        assert body(answer)["code"] == code and body(answer)["data"]["appointments"] == [body(booked)["id"]]


def test_delete_needs_force_and_answers_the_previous_item(client, world, salon):
    made = body(call(client, "POST", f"{API}/services", world.aurora_admin,
                     json_body={"name": "Trial", "duration": 15, "price": 0}))
    call(client, "POST", f"{API}/services/{made['id']}/extras", world.aurora_admin, json_body={"name": "Tea", "price": 1})
    call(client, "PATCH", f"{API}/staff/{salon.bas_staff}", world.aurora_admin,
         json_body={"services": [salon.yoga, made["id"]]})
    no_trash = call(client, "DELETE", f"{API}/services/{made['id']}", world.aurora_admin)
    assert (no_trash.status_code, no_trash.get_data()) == (501, (
        b'{"code":"rest_trash_not_supported","message":"Services do not support trashing. Set \'force\' to true to'
        b' delete.","data":{"status":501}}'))
    shown = body(call(client, "GET", f"{API}/services/{made['id']}", world.aurora_admin, query={"context": "edit"}))
    deleted = call(client, "DELETE", f"{API}/services/{made['id']}", world.aurora_admin, query={"force": "true"})
    assert (deleted.status_code, body(deleted)) == (200, {"deleted": True, "previous": shown})
    assert call(client, "GET", f"{API}/services/{made['id']}", world.aurora_admin).status_code == 404
    staff = body(call(client, "GET", f"{API}/staff/{salon.bas_staff}", world.aurora_admin))
    assert staff["services"] == [salon.yoga]  # the staff link went with it


def test_a_booked_service_is_refused_naming_its_appointments(client, world, salon):
    answer = call(client, "DELETE", f"{API}/services/{salon.massage}", world.aurora_admin, query={"force": "true"})
    assert (answer.status_code, body(answer)) == (409, {
        "code": "rest_service_in_use",
        "message": "The service has appointments: deactivate it (is_active false) instead.",
        "data": {"status": 409, "appointments": [salon.sam_massage]}})
    assert call(client, "GET", f"{API}/services/{salon.massage}", world.aurora_admin).status_code == 200


def test_extras_are_a_sub_collection(client, world, salon):
    path = f"{API}/services/{salon.yoga}/extras"
    made = call(client, "POST", path, world.aurora_admin,
                json_body={"name": "Mat", "price": "2.5", "duration": 0, "max_quantity": 3, "notes": "Bring back"})
    assert made.status_code == 201
    extra = body(made)
    assert made.headers["Location"] == f"{URL}/services/{salon.yoga}/extras/{extra['id']}"
    assert extra == {"id": extra["id"], "name": "Mat", "price": "2.50", "duration": 0, "min_quantity": 0,
                     "max_quantity": 3, "is_active": True, "notes": "Bring back", "_links": {
                         "self": [{"href": f"{URL}/services/{salon.yoga}/extras/{extra['id']}"}],
                         "collection": [{"href": f"{URL}/services/{salon.yoga}/extras"}],
                         "up": [{"href": f"{URL}/services/{salon.yoga}"}]}}
    listed = call(client, "GET", path, world.aurora_admin)
    assert (listed.headers["X-WP-Total"], [e["id"] for e in body(listed)]) == ("1", [extra["id"]])
    assert [e["id"] for e in body(call(client, "GET", f"{API}/services/{salon.yoga}", world.aurora_admin))["extras"]] == [
        extra["id"]]
    too_many = call(client, "PATCH", f"{path}/{extra['id']}", world.aurora_admin, json_body={"min_quantity": 4})
    assert (too_many.status_code, body(too_many)) == (400, _invalid(
        {"min_quantity": "min_quantity may not exceed max_quantity."}))
    off = body(call(client, "PATCH", f"{path}/{extra['id']}", world.aurora_admin,
                    json_body={"is_active": False, "notes": None}))
    assert (off["is_active"], off["notes"]) == (False, None)
    # An extra is found only under its own service.
    elsewhere = call(client, "GET", f"{API}/services/{salon.massage}/extras/{extra['id']}", world.aurora_admin)
    assert elsewhere.get_data() == (b'{"code":"rest_service_extra_invalid_id","message":"Invalid service extra ID.",'
                                    b'"data":{"status":404}}')
    deleted = call(client, "DELETE", f"{path}/{extra['id']}", world.aurora_admin, query={"force": "true"})
    assert (deleted.status_code, body(deleted)["deleted"], body(deleted)["previous"]["id"]) == (200, True, extra["id"])
    assert call(client, "DELETE", f"{path}/{extra['id']}", world.aurora_admin).status_code == 404


def test_a_booked_extra_is_refused_and_can_be_deactivated(client, world, salon):
    path = f"{API}/services/{salon.massage}/extras/{salon.stones}"
    answer = call(client, "DELETE", path, world.aurora_admin, query={"force": "true"})
    assert (answer.status_code, body(answer)) == (409, {
        "code": "rest_service_extra_in_use",
        "message": "The extra is part of appointments: deactivate it (is_active false) instead.",
        "data": {"status": 409, "appointments": [salon.sam_massage]}})
    assert body(call(client, "PATCH", path, world.aurora_admin, json_body={"is_active": False}))["is_active"] is False


def test_extras_of_a_missing_service_answer_the_services_404(client, world, salon):
    missing = (b'{"code":"rest_service_invalid_id","message":"Invalid service ID.","data":{"status":404}}')
    for method in ("GET", "POST"):
        answer = call(client, method, f"{API}/services/999999/extras", world.aurora_admin,
                      json_body={"name": "X", "price": 1})
        assert (answer.status_code, answer.get_data()) == (404, missing)


def test_teambooking_sees_a_new_service_and_a_changed_slug_at_once(client, world, salon):
    def teambooking_ids() -> list[str]:
        answer = client.get("/aurora/wp-admin/admin-ajax.php", query_string={
            "action": "teambooking_rest_api", "operation": "get_services", "auth_token": world.tokens["aurora-read"]})
        assert answer.status_code == 200, answer.get_data()
        return [service["id"] for service in body(answer)["response"]]

    made = body(call(client, "POST", f"{API}/services", world.aurora_admin,
                     json_body={"name": "Sound bath", "slug": "sound-bath", "duration": 60, "price": "30"}))
    call(client, "PATCH", f"{API}/staff/{salon.bas_staff}", world.aurora_admin,
         json_body={"services": [salon.yoga, made["id"]]})
    assert "sound-bath" in teambooking_ids()
    call(client, "PATCH", f"{API}/services/{made['id']}", world.aurora_admin, json_body={"slug": "gong-bath"})
    ids = teambooking_ids()
    assert "gong-bath" in ids and "sound-bath" not in ids
