"""Customers over HTTP: the 5.1 routes with their 400 messages and the REST-style routes with 422 errors."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Customer
from wpcompat.extensions import db
from wpcompat.platform.models import Role

from .booknetic_support import (AURORA, add_member, body, call, error, frozen_clock, salon,  # noqa: F401
                                validation)

KEYS = ["id", "first_name", "last_name", "phone_number", "email", "birthdate", "notes", "gender", "user_id",
        "profile_image"]
NO_PHOTO = "http://wp.test/wp-content/plugins/booknetic/app/Backend/Customers/assets/images/no-photo.png"
NOT_FOUND = error("Customer not found")


def customers(app, tenant_id: int) -> list[tuple]:
    with app.app_context(), tenancy.tenant(tenant_id):
        return list(db.session.execute(select(Customer.id, Customer.first_name, Customer.email, Customer.notes)
                                       .order_by(Customer.id)))


def test_list_is_typed_dtos_newest_first_with_a_string_total(client, world, salon):
    response = call(client, "GET", f"{AURORA}/customers", world.aurora_admin)
    assert response.status_code == 200 and response.headers["Allow"] == "GET, POST"
    data = body(response)
    assert data["meta"] == {"total": "3", "skip": 0, "limit": 12} and list(data["meta"]) == ["total", "skip", "limit"]
    assert [c["id"] for c in data["data"]] == [salon.lee, salon.eva, salon.sam]
    sam = data["data"][2]
    assert list(sam) == KEYS
    assert sam == {"id": salon.sam, "first_name": "Sam", "last_name": "Jones", "phone_number": "+31 6 2",
                   "email": "sam.jones@example.com", "birthdate": None, "notes": "", "gender": None, "user_id": 0,
                   "profile_image": NO_PHOTO}
    assert b"http:\\/\\/wp.test\\/wp-content" in response.get_data()


@pytest.mark.parametrize("query, names", [
    ({"search": "sam j"}, ["Sam"]),
    ({"search": "bakker@"}, ["Eva"]),
    ({"search": "+31"}, ["Sam"]),
    ({"orderByField": "first_name", "orderDirection": "ASC"}, ["Eva", "Lee", "Sam"]),
    ({"skip": 1, "limit": 1}, ["Eva"]),
    ({"limit": "junk"}, ["Lee", "Eva", "Sam"]),
    ({"limit": "1e30"}, ["Lee", "Eva", "Sam"]),
    ({"search": "Borealis"}, []),
])
def test_list_search_order_and_paging(client, world, salon, query, names):
    data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query=query))["data"]
    assert [c["first_name"] for c in data] == names


@pytest.mark.parametrize("search, names", [
    ("ÉLODIE", ["Élodie"]), ("élodie", ["Élodie"]), ("DUBOIS", ["Élodie"]), ("zoë", ["ZOË"]),
    ("SAM JONES", ["Sam"]), ("sAm", ["Sam"]), ("e", ["ZOË", "Élodie", "Lee", "Eva", "Sam"]),
])
def test_search_ignores_case_the_same_way_for_ascii_and_other_letters(client, world, salon, search, names):
    # MySQL's collations, PostgreSQL's lower() and Python's str.lower (SQLite) agree on these.
    for first, last, email in (("Élodie", "Dubois", "elodie@example.com"), ("ZOË", "NOËL", "zoe@example.com")):
        assert call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin,
                    json_body={"first_name": first, "last_name": last, "email": email}).status_code == 200
    data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": search}))["data"]
    assert [c["first_name"] for c in data] == names


@pytest.mark.parametrize("query, message", [({"limit": 0}, "Limit must be greater than 0"),
                                            ({"limit": -3}, "Limit must be greater than 0"),
                                            ({"skip": -1}, "Skip must not be negative")])
def test_list_bad_paging_is_400(client, world, salon, query, message):
    response = call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query=query)
    assert (response.status_code, body(response)) == (400, error(message))


def test_staff_see_only_the_customers_tied_to_them(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_staff))
    assert ([c["id"] for c in data["data"]], data["meta"]["total"]) == ([salon.sam], "1")
    created = body(call(client, "POST", f"{AURORA}/customer/create", world.aurora_staff,
                        json_body={"first_name": "Walk", "last_name": "In", "email": "walk.in@example.com"}))["customer_id"]
    assert [c["id"] for c in body(call(client, "GET", f"{AURORA}/customers", world.aurora_staff))["data"]] == [
        created, salon.sam]
    for path in (f"/customer/info/{salon.eva}", f"/customers/{salon.eva}"):
        response = call(client, "GET", AURORA + path, world.aurora_staff)
        assert (response.status_code, body(response)) == (400, NOT_FOUND)


@pytest.mark.parametrize("path", ["/customer/info/{id}", "/customers/{id}"])
def test_get_returns_the_dto_without_an_envelope(client, world, salon, path):
    response = call(client, "GET", AURORA + path.format(id=salon.sam), world.aurora_admin)
    assert response.status_code == 200 and list(body(response)) == KEYS and body(response)["id"] == salon.sam
    for missing in (999999, salon.borealis_customer, 0):
        response = call(client, "GET", AURORA + path.format(id=missing), world.aurora_admin)
        assert (response.status_code, body(response)) == (400, NOT_FOUND)


def test_legacy_create_with_json_and_form_bodies(app, client, world, salon):
    json_response = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin, json_body={
        "first_name": "Emily", "last_name": "Stone", "email": "emily@example.com", "phone": "+1 555",
        "gender": "female", "birthday": "1990-07-15", "note": "Via JSON"})
    assert json_response.status_code == 200
    emily = body(json_response)["customer_id"]
    assert json_response.get_data() == b'{"customer_id":%d}' % emily
    form = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin,
                form="first_name=Frank&last_name=Miller&email=frank%40example.com&phone=%2B1+555+1005")
    frank = body(form)["customer_id"]
    info = body(call(client, "GET", f"{AURORA}/customer/info/{emily}", world.aurora_admin))
    assert (info["birthdate"], info["gender"], info["notes"], info["phone_number"]) == (
        "1990-07-15", "female", "Via JSON", "+1 555")
    assert body(call(client, "GET", f"{AURORA}/customer/info/{frank}", world.aurora_admin))["phone_number"] == "+1 555 1005"


@pytest.mark.parametrize("payload, message", [
    ({"first_name": "Bad", "last_name": "Email", "email": "not-an-email"}, "The email field is required!"),
    ({"first_name": "No", "last_name": "Email"}, "The email field is required!"),
    ({"first_name": "Dup", "last_name": "Lee", "email": "SAM.JONES@example.com"},
     "There is another Customer with the same email address!"),
    ({"first_name": "Anna", "last_name": "V", "email": "anna@example.test"},
     'Users with role of "Administrator" or "Staff" cannot be used as customers'),
    ({"first_name": "x" * 256, "last_name": "L", "email": "long@example.com"},
     "first_name must be at most 255 characters"),
    ({"first_name": "Born", "last_name": "B", "email": "born@example.com", "birthday": "15/07/1990"},
     "The birthday is not a valid date (Y-m-d)"),
    ({"first_name": "Born", "last_name": "B", "email": "born@example.com", "birthday": "0999-12-31"},
     "The birthday is not a valid date (Y-m-d)"),
    # Booknetic 5.1.2's name rules (capture-style 400s), before the e-mail ones.
    ({"last_name": "Nofirst", "email": "nofirst@example.com"}, "The first name field is required!"),
    ({"first_name": "  ", "last_name": "Blank", "email": "blank@example.com"}, "The first name field is required!"),
    ({"first_name": "Nolast", "email": "nolast@example.com"}, "The last name field is required!"),
    ({"first_name": "Nolast", "last_name": "\t", "email": "nolast@example.com"}, "The last name field is required!"),
    ({"email": "not-an-email"}, "The first name field is required!"),
    ({"first_name": "Staff", "email": "anna@example.test"},
     'Users with role of "Administrator" or "Staff" cannot be used as customers'),
])
def test_legacy_create_refusals_are_booknetics_400s(app, client, world, salon, payload, message):
    response = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (400, error(message))
    assert len(customers(app, salon.aurora_id)) == 3


def test_another_tenants_user_email_is_an_ordinary_new_customer(client, world, salon):
    response = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin,
                    json_body={"first_name": "B", "last_name": "C", "email": "borealis-admin@example.test"})
    assert response.status_code == 200


def test_legacy_edit_overwrites_the_customer(app, client, world, salon):
    response = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin,
                    json_body={"id": salon.sam, "first_name": "Samuel", "last_name": "J",
                               "email": "sam.jones@example.com"})
    assert (response.status_code, body(response)) == (200, {"customer_id": salon.sam})
    info = body(call(client, "GET", f"{AURORA}/customer/info/{salon.sam}", world.aurora_admin))
    assert (info["first_name"], info["last_name"], info["phone_number"]) == ("Samuel", "J", "")
    taken = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin,
                 json_body={"id": salon.sam, "first_name": "S", "last_name": "J", "email": "eva.bakker@example.com"})
    assert body(taken) == error("There is another Customer with the same email address!")
    for missing in ({"id": salon.borealis_customer}, {"id": 999999}, {}):
        response = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin,
                        json_body={**missing, "first_name": "Hijack", "last_name": "H", "email": "h@example.com"})
        assert (response.status_code, body(response)) == (400, NOT_FOUND)


def test_legacy_create_and_edit_need_both_names_exactly_as_booknetic_answers(app, client, world, salon):
    for route, extra in (("create", {}), ("edit", {"id": salon.sam})):
        for name, field in (("first", "first_name"), ("last", "last_name")):
            email = "sam.jones@example.com" if extra else "n@example.com"
            payload = {"first_name": "A", "last_name": "B", "email": email, **extra, field: ""}
            response = call(client, "POST", f"{AURORA}/customer/{route}", world.aurora_admin, json_body=payload)
            assert response.status_code == 400
            assert response.get_data() == (b'{"code":400,"message":"The %s name field is required!",'
                                           b'"data":{"status":400}}' % name.encode())
    info = body(call(client, "GET", f"{AURORA}/customer/info/{salon.sam}", world.aurora_admin))
    assert (info["first_name"], info["last_name"]) == ("Sam", "Jones")
    assert len(customers(app, salon.aurora_id)) == 3


def test_an_impossible_birthday_is_mysqls_zero_date(app, client, world, salon):
    created = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin, json_body={
        "first_name": "Feb", "last_name": "Thirty", "email": "feb30@example.com", "birthday": "2001-02-30"})
    assert created.status_code == 200
    new_id = body(created)["customer_id"]
    info = call(client, "GET", f"{AURORA}/customer/info/{new_id}", world.aurora_admin)
    assert '"email":"feb30@example.com","birthdate":"0000-00-00","notes":""' in info.get_data().decode()
    listed = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": "feb30"}))
    assert [row["birthdate"] for row in listed["data"]] == ["0000-00-00"]
    assert body(call(client, "GET", f"{AURORA}/customers/{new_id}", world.aurora_admin))["birthdate"] == "0000-00-00"
    # The edit stores it too, and a real day afterwards reads back as itself.
    for birthday, shown in (("2001-13-01", "0000-00-00"), ("2000-02-29", "2000-02-29"), ("", None)):
        edited = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin, json_body={
            "id": salon.sam, "first_name": "Sam", "last_name": "Jones", "email": "sam.jones@example.com",
            "birthday": birthday})
        assert edited.status_code == 200
        assert body(call(client, "GET", f"{AURORA}/customer/info/{salon.sam}",
                         world.aurora_admin))["birthdate"] == shown, birthday


@pytest.mark.parametrize("payload, message", [
    # id 0 is no edit to Booknetic: the body is checked as a new customer's, then no customer is found.
    ({"id": 0, "first_name": "A", "last_name": "B", "email": "not-an-email"}, "The email field is required!"),
    ({"first_name": "A", "last_name": "B"}, "The email field is required!"),
    ({"id": 0, "last_name": "B", "email": "z@example.com"}, "The first name field is required!"),
    ({"id": 0, "first_name": "A", "last_name": "B", "email": "sam.jones@example.com"},
     "There is another Customer with the same email address!"),
    ({"id": 0, "first_name": "A", "last_name": "B", "email": "z@example.com"}, "Customer not found"),
    ({"id": -3, "first_name": "A", "last_name": "B", "email": "z@example.com"}, "Customer not found"),
    # A user's e-mail is checked before the id, whatever the id.
    ({"id": 999999, "first_name": "A", "last_name": "B", "email": "anna@example.test"},
     'Users with role of "Administrator" or "Staff" cannot be used as customers'),
    # A real id that is missing is found missing before the other rules.
    ({"id": 999999, "first_name": "", "last_name": "B", "email": "not-an-email"}, "Customer not found"),
])
def test_legacy_edit_checks_in_booknetics_order(app, client, world, salon, payload, message):
    response = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin, json_body=payload)
    assert (response.status_code, body(response)) == (400, error(message))
    assert len(customers(app, salon.aurora_id)) == 3


def test_legacy_delete(app, client, world, salon):
    assert body(call(client, "POST", f"{AURORA}/customer/delete", world.aurora_admin, json_body={"ids": []})) == error(
        "Please select at least one user!")
    assert body(call(client, "POST", f"{AURORA}/customer/delete", world.aurora_admin, json_body={"ids": "5"})) == error(
        "Please select at least one user!")
    booked = call(client, "POST", f"{AURORA}/customer/delete", world.aurora_admin, form=f"ids[]={salon.lee}&ids[]={salon.sam}")
    assert body(booked) == error("The Customer has been added some Appointments. Firstly remove them!")
    mixed = call(client, "POST", f"{AURORA}/customer/delete", world.aurora_admin,
                 json_body={"ids": [salon.lee, salon.borealis_customer]})
    assert body(mixed) == NOT_FOUND
    assert len(customers(app, salon.aurora_id)) == 3
    done = call(client, "POST", f"{AURORA}/customer/delete", world.aurora_admin, form=f"ids[]={salon.lee}")
    assert (done.status_code, done.get_data()) == (200, b"[]")
    assert [row[0] for row in customers(app, salon.aurora_id)] == [salon.sam, salon.eva]


def test_rest_create_answers_the_id_and_validates_per_field(app, client, world, salon):
    created = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body={
        "first_name": "QA", "last_name": "Customer", "email": "qa@example.com", "phone": "+15555550199",
        "note": "Imported via API"})
    assert (created.status_code, list(body(created))) == (200, ["customer_id"])
    response = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body={
        "first_name": " ", "email": "nope", "gender": "other", "birthday": "1990-02-30", "phone": 5})
    assert (response.status_code, body(response)) == (422, validation({
        "first_name": "first_name is required", "email": "email must be a valid email address",
        "gender": "gender must be one of: male, female, ", "birthday": "birthday format is invalid",
        "phone": "phone must be a string"}))
    duplicate = call(client, "POST", f"{AURORA}/customers", world.aurora_admin,
                     json_body={"first_name": "Again", "email": "qa@example.com"})
    assert body(duplicate) == validation({"email": "There is another Customer with the same email address!"})
    missing = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body={})
    assert body(missing) == validation({"first_name": "first_name is required", "email": "email is required"})
    assert len(customers(app, salon.aurora_id)) == 4


def test_rest_update_and_delete(app, client, world, salon):
    response = call(client, "PUT", f"{AURORA}/customers/{salon.lee}", world.aurora_admin,
                    json_body={"first_name": "Leo", "email": "leo@example.com", "gender": "male"})
    assert (response.status_code, body(response)) == (200, {"customer_id": salon.lee})
    info = body(call(client, "GET", f"{AURORA}/customers/{salon.lee}", world.aurora_admin))
    assert (info["first_name"], info["email"], info["gender"]) == ("Leo", "leo@example.com", "male")
    invalid = call(client, "PUT", f"{AURORA}/customers/{salon.lee}", world.aurora_admin, json_body={"email": 1})
    assert body(invalid) == validation({"first_name": "first_name is required", "email": "email must be a string"})
    for target in (salon.borealis_customer, 999999):
        for method in ("PUT", "DELETE"):
            response = call(client, method, f"{AURORA}/customers/{target}", world.aurora_admin,
                            json_body={"first_name": "Hijack", "email": "h@example.com"})
            assert (response.status_code, body(response)) == (400, NOT_FOUND), (method, target)
    refused = call(client, "DELETE", f"{AURORA}/customers/{salon.sam}", world.aurora_admin)
    assert body(refused) == error("The Customer has been added some Appointments. Firstly remove them!")
    deleted = call(client, "DELETE", f"{AURORA}/customers/{salon.lee}", world.aurora_admin)
    assert (deleted.status_code, deleted.get_data()) == (200, b"[]")
    assert [row[0] for row in customers(app, salon.aurora_id)] == [salon.sam, salon.eva]


def test_customer_capabilities_of_a_restricted_staff_user(app, client, world, salon):
    reader = add_member(app, salon.aurora_id, "reader", Role.STAFF, capabilities=["customers"])
    assert call(client, "GET", f"{AURORA}/customers", reader).status_code == 200
    for method, path, payload in [("POST", "/customers", {"first_name": "A", "email": "a@example.com"}),
                                  ("POST", "/customer/create", {"first_name": "A", "email": "a@example.com"}),
                                  ("POST", "/customer/edit", {"id": salon.lee}),
                                  ("PUT", f"/customers/{salon.lee}", {}),
                                  ("DELETE", f"/customers/{salon.lee}", None),
                                  ("POST", "/customer/delete", {"ids": [salon.lee]})]:
        response = call(client, method, AURORA + path, reader, json_body=payload)
        assert (response.status_code, body(response)) == (400, error("Permission denied!")), (method, path)
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        assert db.session.execute(select(func.count(Customer.id))).scalar_one() == 3
