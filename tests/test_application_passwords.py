"""The wp/v2 application-password routes, as WordPress's controller answers them."""
from __future__ import annotations

import json
import re

import pytest

from .factories import basic_auth
from .rest_support import INCORRECT_PASSWORD, assert_rest_headers, body

BASE = "/wp-json/wp/v2/users"
NOT_LOGGED_IN = b'{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}'
INVALID_ID = b'{"code":"rest_user_invalid_id","message":"Invalid user ID.","data":{"status":404}}'
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _items(client, member, user="me"):
    return client.get(f"{BASE}/{user}/application-passwords", headers=member.auth)


def test_list_own_passwords(client, world):
    response = _items(client, world.aurora_staff)
    assert response.status_code == 200
    assert response.headers["Allow"] == "GET, POST, DELETE"
    assert_rest_headers(response)
    [item] = body(response)
    assert list(item) == ["uuid", "app_id", "name", "created", "last_used", "last_ip", "_links"]
    assert UUID.fullmatch(item["uuid"]) and STAMP.fullmatch(item["created"]) and STAMP.fullmatch(item["last_used"])
    assert (item["app_id"], item["name"], item["last_ip"]) == ("", "anna app", "127.0.0.1")
    user_id = world.aurora_staff.user.id
    assert item["_links"] == {"self": [{"href": f"http://wp.test/wp-json/wp/v2/users/{user_id}/application-passwords/"
                                                f"{item['uuid']}"}]}


def test_list_contexts_and_fields(client, world):
    url = f"{BASE}/me/application-passwords"
    embed = body(client.get(url + "?context=embed", headers=world.aurora_staff.auth))
    assert list(embed[0]) == ["uuid", "app_id", "name", "_links"]
    assert list(body(client.get(url + "?_fields=name", headers=world.aurora_staff.auth))[0]) == ["name"]
    bad = client.get(url + "?context=full", headers=world.aurora_staff.auth)
    assert bad.status_code == 400
    assert body(bad)["data"]["params"] == {"context": "context is not one of view, edit, and embed."}


def test_me_when_anonymous(client, world):
    response = client.get(f"{BASE}/me/application-passwords")
    assert (response.status_code, response.get_data()) == (401, NOT_LOGGED_IN)


def test_create_shows_the_password_once_and_it_works(client, world):
    response = client.post(f"{BASE}/me/application-passwords", data={"name": "My phone"},
                           headers=world.aurora_staff.auth)
    assert response.status_code == 201
    created = body(response)
    assert list(created) == ["uuid", "app_id", "name", "created", "last_used", "last_ip", "password", "_links"]
    assert (created["name"], created["app_id"], created["last_used"], created["last_ip"]) == ("My phone", "", None, None)
    assert re.fullmatch(r"([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}", created["password"])
    user_id = world.aurora_staff.user.id
    item_url = f"http://wp.test/wp-json/wp/v2/users/{user_id}/application-passwords/{created['uuid']}"
    assert response.headers["Location"] == item_url
    assert created["_links"] == {"self": [{"href": item_url}]}
    assert b'"last_used":null,"last_ip":null' in response.get_data()

    new_auth = basic_auth("anna", created["password"])
    listed = body(client.get(f"{BASE}/me/application-passwords", headers=new_auth))
    assert [item["name"] for item in listed] == ["anna app", "My phone"]
    assert all("password" not in item for item in listed)


def test_create_with_app_id_and_json_body(client, world):
    app_id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
    response = client.post(f"{BASE}/me/application-passwords", data=json.dumps({"name": "CLI", "app_id": app_id}),
                           content_type="application/json", headers=world.aurora_staff.auth)
    assert response.status_code == 201
    assert body(response)["app_id"] == app_id


@pytest.mark.parametrize("payload, status, code", [
    ({}, 400, "rest_missing_callback_param"),
    ({"name": ""}, 400, "rest_invalid_param"),
    ({"name": "   "}, 400, "rest_invalid_param"),
    ({"name": "ok", "app_id": "not-a-uuid"}, 400, "rest_invalid_param"),
    ({"name": "<script>alert(1)</script>"}, 400, "application_password_empty_name"),
])
def test_create_rejects_bad_input(client, world, payload, status, code):
    response = client.post(f"{BASE}/me/application-passwords", data=payload, headers=world.aurora_staff.auth)
    assert response.status_code == status
    assert body(response)["code"] == code
    listed = body(client.get(f"{BASE}/me/application-passwords", headers=world.aurora_staff.auth))
    assert len(listed) == 1  # nothing half-created


def test_create_error_messages(client, world):
    empty = client.post(f"{BASE}/me/application-passwords", data={"name": "<b></b>"}, headers=world.aurora_staff.auth)
    assert empty.get_data() == (b'{"code":"application_password_empty_name","message":"An application name is required'
                                b' to create an application password.","data":{"status":400}}')
    blank = client.post(f"{BASE}/me/application-passwords", data={"name": "  "}, headers=world.aurora_staff.auth)
    assert body(blank)["data"]["params"] == {"name": "name does not match pattern .*\\S.*."}
    bad_app = client.post(f"{BASE}/me/application-passwords", data={"name": "x", "app_id": "nope"},
                          headers=world.aurora_staff.auth)
    assert body(bad_app)["data"]["details"]["app_id"] == {
        "code": "rest_invalid_uuid", "message": "app_id is not a valid UUID.", "data": None}


def test_duplicate_names_are_allowed(client, world):
    for _ in range(2):
        assert client.post(f"{BASE}/me/application-passwords", data={"name": "anna app"},
                           headers=world.aurora_staff.auth).status_code == 201


def test_get_update_and_delete_one(client, world):
    auth = world.aurora_staff.auth
    [item] = body(client.get(f"{BASE}/me/application-passwords", headers=auth))
    url = f"{BASE}/me/application-passwords/{item['uuid']}"
    got = body(client.get(url, headers=auth))
    assert {k: v for k, v in got.items() if k != "_links"} == {k: v for k, v in item.items() if k != "_links"}

    for method, name in (("put", "Renamed"), ("patch", "Again"), ("post", "Third")):
        updated = getattr(client, method)(url, data={"name": name}, headers=auth)
        assert updated.status_code == 200
        assert body(updated)["name"] == name
        assert "password" not in body(updated)
    unchanged = client.put(url, data={"name": "0"}, headers=auth)
    assert body(unchanged)["name"] == "Third"
    assert client.put(url, data={"name": ""}, headers=auth).status_code == 400

    deleted = client.delete(url, headers=auth)
    assert deleted.status_code == 200
    data = body(deleted)
    assert list(data) == ["deleted", "previous"]
    assert data["deleted"] is True
    assert list(data["previous"]) == ["uuid", "app_id", "name", "created", "last_used", "last_ip"]
    assert data["previous"]["name"] == "Third"
    again = client.get(f"{BASE}/me/application-passwords", headers=auth)
    assert again.get_data() == INCORRECT_PASSWORD  # the only password is gone


def test_unknown_uuid(client, world):
    for method in ("get", "put", "delete"):
        response = getattr(client, method)(f"{BASE}/me/application-passwords/0000-nope", headers=world.aurora_admin.auth)
        assert response.status_code == 404
        assert response.get_data() == (b'{"code":"rest_application_password_not_found","message":"Application password'
                                       b' not found.","data":{"status":404}}')


def test_delete_all(client, world):
    auth = world.aurora_admin.auth
    client.post(f"{BASE}/me/application-passwords", data={"name": "second"}, headers=auth)
    response = client.delete(f"{BASE}/me/application-passwords", headers=auth)
    assert response.get_data() == b'{"deleted":true,"count":2}'
    assert client.get(f"{BASE}/me", headers=auth).get_data() == INCORRECT_PASSWORD


def test_introspect(client, world):
    auth = world.aurora_staff.auth
    [item] = body(client.get(f"{BASE}/me/application-passwords", headers=auth))
    response = client.get(f"{BASE}/me/application-passwords/introspect", headers=auth)
    assert response.status_code == 200
    assert body(response)["uuid"] == item["uuid"]
    other = client.get(f"{BASE}/{world.aurora_staff.user.id}/application-passwords/introspect",
                       headers=world.aurora_admin.auth)
    assert other.status_code == 403
    assert other.get_data() == (b'{"code":"rest_cannot_introspect_app_password_for_non_authenticated_user","message":'
                                b'"The authenticated application password can only be introspected for the current'
                                b' user.","data":{"status":403}}')
    assert client.get(f"{BASE}/me/application-passwords/introspect").get_data() == NOT_LOGGED_IN


def test_tenant_owner_manages_their_tenants_users(client, world):
    staff_id = world.aurora_staff.user.id
    for url in (f"{BASE}/{staff_id}/application-passwords", f"/aurora{BASE}/{staff_id}/application-passwords"):
        response = client.get(url, headers=world.aurora_admin.auth)
        assert response.status_code == 200
        assert [item["name"] for item in body(response)] == ["anna app"]
    created = client.post(f"{BASE}/{staff_id}/application-passwords", data={"name": "for anna"},
                          headers=world.aurora_admin.auth)
    assert created.status_code == 201


def test_staff_cannot_manage_someone_else(client, world):
    admin_id = world.aurora_admin.user.id
    checks = [
        ("get", "", "rest_cannot_list_application_passwords",
         "Sorry, you are not allowed to list application passwords for this user."),
        ("post", "", "rest_cannot_create_application_passwords",
         "Sorry, you are not allowed to create application passwords for this user."),
        ("delete", "", "rest_cannot_delete_application_passwords",
         "Sorry, you are not allowed to delete application passwords for this user."),
        ("get", "/some-uuid", "rest_cannot_read_application_password",
         "Sorry, you are not allowed to read this application password."),
        ("put", "/some-uuid", "rest_cannot_edit_application_password",
         "Sorry, you are not allowed to edit this application password."),
        ("delete", "/some-uuid", "rest_cannot_delete_application_password",
         "Sorry, you are not allowed to delete this application password."),
    ]
    for method, suffix, code, message in checks:
        response = getattr(client, method)(f"{BASE}/{admin_id}/application-passwords{suffix}",
                                           data={"name": "x"}, headers=world.aurora_staff.auth)
        assert response.status_code == 403, code
        assert body(response) == {"code": code, "message": message, "data": {"status": 403}}


def test_anonymous_gets_401_for_a_visible_user(client, world):
    response = client.get(f"/aurora{BASE}/{world.aurora_staff.user.id}/application-passwords")
    assert response.status_code == 401
    assert body(response)["code"] == "rest_cannot_list_application_passwords"


@pytest.mark.parametrize("user_id", ["0", "999999", "ME"])
def test_missing_user_ids(client, world, user_id):
    response = client.get(f"{BASE}/{user_id}/application-passwords", headers=world.aurora_admin.auth)
    assert (response.status_code, response.get_data()) == (404, INVALID_ID)


def test_another_tenants_user_answers_as_a_missing_id(client, world):
    borealis_id = world.borealis_admin.user.id
    for url in (f"{BASE}/{borealis_id}/application-passwords", f"/aurora{BASE}/{borealis_id}/application-passwords",
                f"{BASE}/{borealis_id}/application-passwords/introspect"):
        for method in ("get", "post", "delete"):
            response = client.open(url, method=method.upper(), data={"name": "x"}, headers=world.aurora_admin.auth)
            assert (response.status_code, response.get_data()) == (404, INVALID_ID), (method, url)


def test_platform_owner_manages_anyone_from_the_main_site(client, world):
    response = client.get(f"{BASE}/{world.borealis_admin.user.id}/application-passwords", headers=world.owner.auth)
    assert response.status_code == 200
    assert [item["name"] for item in body(response)] == ["borealis-admin app"]


def test_route_descriptions(client, world):
    routes = body(client.get("/wp-json/wp/v2"))["routes"]
    base = "/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"
    assert list(routes)[-3:] == [base, base + "/introspect", base + "/(?P<uuid>[\\w\\-]+)"]
    create = routes[base]["endpoints"][1]
    assert create["methods"] == ["POST"]
    assert create["args"] == {
        "app_id": {"description": "A UUID provided by the application to uniquely identify it. It is recommended to"
                                  " use an UUID v5 with the URL or DNS namespace.",
                   "type": "string", "format": "uuid", "required": False},
        "name": {"description": "The name of the application password.", "type": "string", "minLength": 1,
                 "pattern": ".*\\S.*", "required": True},
    }
    assert routes[base]["endpoints"][2] == {"methods": ["DELETE"], "args": []}
    assert routes[base + "/(?P<uuid>[\\w\\-]+)"]["methods"] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    options = body(client.options(f"{BASE}/me/application-passwords"))
    assert options["schema"]["title"] == "application-password"
    assert list(options["schema"]["properties"]) == ["uuid", "app_id", "name", "password", "created", "last_used",
                                                     "last_ip"]
