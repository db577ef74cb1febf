"""``/wpcompat/v1/webhooks``: create (the secret once, stored sealed), validation, get, update, delete, list pages,
and who may call it — over HTTP, as a client sees it."""
from __future__ import annotations

import base64
import re

import pytest

from wpcompat import create_app
from wpcompat.platform.models import Role, utcnow
from wpcompat.webhooks import secrets

from .booknetic_support import add_member
from .rest_support import FORBIDDEN_401, assert_rest_headers
from .webhooks_support import (
    AURORA, AURORA_URL, BOREALIS, HOOK, WebhookEndpoint, body, change_row, create, rows,
)

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")
FIELDS = ["id", "url", "description", "events", "enabled", "disabled_at", "disabled_reason", "failing_since",
          "created_at", "updated_at"]
INVALID_ID = b'{"code":"rest_webhook_invalid_id","message":"Invalid webhook ID.","data":{"status":404}}'
NO_TRASH = (b'{"code":"rest_trash_not_supported","message":"Webhooks do not support trashing. Set \'force\' to true '
            b'to delete.","data":{"status":501}}')
FORBIDDEN_403 = b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":403}}'


def _links(webhook_id: int) -> dict:
    item = f"{AURORA_URL}/{webhook_id}"
    return {"self": [{"href": item}], "collection": [{"href": AURORA_URL}],
            "deliveries": [{"href": f"{item}/deliveries"}]}


def test_create_answers_201_with_location_and_the_secret_once(app, client, world):
    response = client.post(AURORA, json={"url": HOOK, "events": ["appointment.created", "customer.deleted"],
                                         "description": "CRM sync"}, headers=world.aurora_admin.auth)
    assert response.status_code == 201
    assert_rest_headers(response, link="http://wp.test/aurora/wp-json/")
    created = body(response)
    assert list(created) == [*FIELDS, "secret", "_links"]
    webhook_id = created["id"]
    assert response.headers["Location"] == f"{AURORA_URL}/{webhook_id}"
    assert {k: created[k] for k in ("url", "description", "events", "enabled", "disabled_at", "disabled_reason",
                                    "failing_since")} == {
        "url": HOOK, "description": "CRM sync", "events": ["appointment.created", "customer.deleted"],
        "enabled": True, "disabled_at": None, "disabled_reason": None, "failing_since": None}
    assert STAMP.fullmatch(created["created_at"]) and created["updated_at"] == created["created_at"]
    assert created["_links"] == _links(webhook_id)
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:], validate=True)) == 24

    shown = client.get(f"{AURORA}/{webhook_id}", headers=world.aurora_admin.auth)
    listed = client.get(AURORA, headers=world.aurora_admin.auth)
    for answer in (shown, listed):
        assert answer.status_code == 200 and secret.encode() not in answer.get_data()
    assert body(shown) == {k: v for k, v in created.items() if k != "secret"}
    assert body(listed) == [body(shown)]

    [row] = rows(app, WebhookEndpoint)
    assert secret not in row.sealed_secret and secret[6:] not in row.sealed_secret
    with app.app_context():
        assert secrets.signing_secret(row) == secret  # sealed, so it can be read back to sign


def test_each_create_has_its_own_secret(client, world):
    first, second = create(client, world.aurora_admin), create(client, world.aurora_admin)
    assert first["secret"] != second["secret"] and second["id"] == first["id"] + 1


def test_create_from_a_form_body(client, world):
    response = client.post(AURORA, data={"url": HOOK, "events[]": ["customer.created", "payment.updated"],
                                         "enabled": "false"}, headers=world.aurora_admin.auth)
    assert response.status_code == 201
    created = body(response)
    assert (created["events"], created["enabled"]) == (["customer.created", "payment.updated"], False)
    assert created["disabled_reason"] == "Disabled by the tenant owner." and STAMP.fullmatch(created["disabled_at"])
    # A comma list works too; duplicates are dropped, order kept; "*" stands for every type on its own.
    listed = client.post(AURORA, data={"url": HOOK, "events": "payment.updated,customer.created,payment.updated"},
                         headers=world.aurora_admin.auth)
    assert body(listed)["events"] == ["payment.updated", "customer.created"]
    star = client.post(AURORA, data={"url": HOOK, "events": "customer.created,*"}, headers=world.aurora_admin.auth)
    assert (body(star)["events"], body(star)["enabled"]) == (["*"], True)


def _refusal(client, world, payload: dict) -> dict:
    response = client.post(AURORA, json=payload, headers=world.aurora_admin.auth)
    assert response.status_code == 400, response.get_data()
    return body(response)


def _invalid(field: str, code: str, message: str, data: dict | None = None) -> dict:
    return {"code": "rest_invalid_param", "message": f"Invalid parameter(s): {field}",
            "data": {"status": 400, "params": {field: message},
                     "details": {field: {"code": code, "message": message, "data": data}}}}


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://hooks.example.com/x", "The URL must be an http or https URL with a host."),
    ("http://10.0.0.7/hook", None),
    ("http://127.0.0.1:9/hook", None),
    ("http://[::1]/hook", None),
    ("http://169.254.169.254/latest/meta-data", None),
])
def test_bad_and_private_urls_are_refused(client, world, url, message):
    refused = _refusal(client, world, {"url": url, "events": ["*"]})
    assert refused["message"] == "Invalid parameter(s): url"
    assert refused["data"]["details"]["url"]["code"] == "rest_invalid_url"
    if message is not None:
        assert refused == _invalid("url", "rest_invalid_url", message)
    assert body(client.get(AURORA, headers=world.aurora_admin.auth)) == []


def test_other_fields_are_checked_as_wordpress_checks_args(client, world):
    assert _refusal(client, world, {"url": "https://x.example/" + "a" * 2000, "events": ["*"]}) == _invalid(
        "url", "rest_too_long", "url must be at most 2,000 characters long.")
    assert _refusal(client, world, {"url": HOOK, "events": []}) == _invalid(
        "events", "rest_too_few_items", "events must contain at least 1 item.")
    unknown = _refusal(client, world, {"url": HOOK, "events": ["customer.created", "booking.made"]})
    assert unknown["data"]["params"] == {"events": "events[1] is not one of appointment.created, appointment.updated, "
                                                   "appointment.status_changed, appointment.deleted, customer.created, "
                                                   "customer.updated, customer.deleted, payment.updated, and *."}
    assert _refusal(client, world, {"url": HOOK, "events": ["*"], "description": "d" * 501}) == _invalid(
        "description", "rest_too_long", "description must be at most 500 characters long.")
    both = _refusal(client, world, {"url": "nope", "events": "", "enabled": "maybe"})
    assert list(both["data"]["params"]) == ["url", "events", "enabled"]
    assert both["data"]["params"]["enabled"] == "enabled is not of type boolean."
    missing = _refusal(client, world, {"description": "no url"})
    assert missing == {"code": "rest_missing_callback_param", "message": "Missing parameter(s): url, events",
                       "data": {"status": 400, "params": ["url", "events"]}}
    assert body(client.get(AURORA, headers=world.aurora_admin.auth)) == []


def test_private_targets_are_allowed_with_the_setting(database_url, world):
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
                      "WEBHOOK_ALLOW_PRIVATE": True})
    client = app.test_client()
    created = create(client, world.aurora_admin, url="http://127.0.0.1:8099/hook")
    assert created["url"] == "http://127.0.0.1:8099/hook"
    # The scheme rule holds whatever the setting.
    response = client.post(AURORA, json={"url": "file:///etc/passwd", "events": ["*"]}, headers=world.aurora_admin.auth)
    assert response.status_code == 400


def test_update_changes_only_the_fields_given(app, client, world):
    created = create(client, world.aurora_admin, description="first")
    url = f"{AURORA}/{created['id']}"
    response = client.patch(url, json={"description": "second"}, headers=world.aurora_admin.auth)
    assert response.status_code == 200
    updated = body(response)
    assert list(updated) == [*FIELDS, "_links"]
    assert {k: updated[k] for k in ("url", "events", "description")} == {
        "url": HOOK, "events": ["appointment.created"], "description": "second"}
    put = body(client.put(url, json={"events": ["customer.created", "customer.created", "customer.updated"],
                                     "url": "https://other.example.org/in"}, headers=world.aurora_admin.auth))
    assert (put["events"], put["url"], put["description"]) == (
        ["customer.created", "customer.updated"], "https://other.example.org/in", "second")
    form = body(client.post(url, data={"description": "third"}, headers=world.aurora_admin.auth))
    assert form["description"] == "third" and form["events"] == put["events"]
    # A refused update changes nothing.
    refused = client.patch(url, json={"url": "http://192.168.1.1/", "description": "lost"},
                           headers=world.aurora_admin.auth)
    assert refused.status_code == 400 and list(body(refused)["data"]["params"]) == ["url"]
    assert body(client.get(url, headers=world.aurora_admin.auth))["description"] == "third"
    [row] = rows(app, WebhookEndpoint)
    assert row.description == "third" and row.updated_at >= row.created_at


def test_enabled_true_re_enables_a_disabled_webhook(app, client, world):
    created = create(client, world.aurora_admin)
    url = f"{AURORA}/{created['id']}"
    then = utcnow()
    change_row(app, WebhookEndpoint, created["id"], enabled=False, disabled_at=then, failing_since=then,
               disabled_reason="Every delivery failed for 5 days.")
    disabled = body(client.get(url, headers=world.aurora_admin.auth))
    assert (disabled["enabled"], disabled["disabled_reason"]) == (False, "Every delivery failed for 5 days.")
    assert STAMP.fullmatch(disabled["disabled_at"]) and disabled["failing_since"] == disabled["disabled_at"]
    enabled = body(client.patch(url, json={"enabled": True}, headers=world.aurora_admin.auth))
    assert {k: enabled[k] for k in ("enabled", "disabled_at", "disabled_reason", "failing_since")} == {
        "enabled": True, "disabled_at": None, "disabled_reason": None, "failing_since": None}
    [row] = rows(app, WebhookEndpoint)
    assert (row.enabled, row.disabled_at, row.disabled_reason, row.failing_since) == (True, None, None, None)
    off = body(client.patch(url, data={"enabled": "0"}, headers=world.aurora_admin.auth))
    assert (off["enabled"], off["disabled_reason"]) == (False, "Disabled by the tenant owner.")


def test_delete_needs_force_then_answers_the_previous_object(client, world):
    created = create(client, world.aurora_admin)
    url = f"{AURORA}/{created['id']}"
    refused = client.delete(url, headers=world.aurora_admin.auth)
    assert (refused.status_code, refused.get_data()) == (501, NO_TRASH)
    assert client.get(url, headers=world.aurora_admin.auth).status_code == 200
    deleted = client.delete(url + "?force=true", headers=world.aurora_admin.auth)
    assert deleted.status_code == 200
    assert body(deleted) == {"deleted": True, "previous": {k: v for k, v in created.items() if k != "secret"}}
    # Repeating the request finds nothing: a retried delete cannot delete something else.
    for again in (client.get(url, headers=world.aurora_admin.auth),
                  client.delete(url + "?force=true", headers=world.aurora_admin.auth)):
        assert (again.status_code, again.get_data()) == (404, INVALID_ID)
    assert body(client.get(AURORA, headers=world.aurora_admin.auth)) == []


def test_list_pages_as_wordpress_does(client, world):
    made = [create(client, world.aurora_admin, description=f"hook {n}")["id"] for n in range(3)]
    first = client.get(AURORA + "?per_page=2", headers=world.aurora_admin.auth)
    assert [item["id"] for item in body(first)] == made[:2]  # oldest first
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("3", "2")
    assert first.headers.getlist("Link")[1:] == [f'<{AURORA_URL}?per_page=2&page=2>; rel="next"']
    second = client.get(AURORA + "?per_page=2&page=2&context=embed", headers=world.aurora_admin.auth)
    assert [list(item) for item in body(second)] == [["id", "url", "description", "events", "enabled", "_links"]]
    assert second.headers.getlist("Link")[1:] == [f'<{AURORA_URL}?per_page=2&page=1&context=embed>; rel="prev"']
    past = client.get(AURORA + "?page=3&per_page=2", headers=world.aurora_admin.auth)
    assert body(past) == [] and past.headers["X-WP-Total"] == "3"
    assert past.headers.getlist("Link")[1:] == [f'<{AURORA_URL}?page=2&per_page=2>; rel="prev"']
    middle = client.get(AURORA + "?per_page=1&page=2", headers=world.aurora_admin.auth)
    assert middle.headers.getlist("Link")[1:] == [
        f'<{AURORA_URL}?per_page=1&page=1>; rel="prev", <{AURORA_URL}?per_page=1&page=3>; rel="next"']
    assert body(client.get(AURORA + "?_fields=id", headers=world.aurora_admin.auth)) == [{"id": i} for i in made]
    # The other tenant's list is its own.
    assert body(client.get(BOREALIS, headers=world.borealis_admin.auth)) == []


@pytest.mark.parametrize(("query", "param", "code", "message"), [
    ("page=0", "page", "rest_out_of_bounds", "page must be greater than or equal to 1"),
    ("per_page=101", "per_page", "rest_out_of_bounds", "per_page must be between 1 (inclusive) and 100 (inclusive)"),
    ("per_page=0", "per_page", "rest_out_of_bounds", "per_page must be between 1 (inclusive) and 100 (inclusive)"),
    ("page=two", "page", "rest_invalid_type", "page is not of type integer."),
    ("context=full", "context", "rest_not_in_enum", "context is not one of view, edit, and embed."),
])
def test_bad_page_arguments(client, world, query, param, code, message):
    response = client.get(f"{AURORA}?{query}", headers=world.aurora_admin.auth)
    assert response.status_code == 400
    data = {"param": param} if code == "rest_invalid_type" else None  # WordPress names the param there
    assert body(response) == _invalid(param, code, message, data)


def test_another_tenants_webhook_answers_as_a_missing_one(client, world):
    theirs = create(client, world.borealis_admin, base=BOREALIS)["id"]
    mine = create(client, world.aurora_admin)["id"]
    missing = mine + 1000
    for webhook_id in (theirs, missing, 99999999999999999999):
        for method, suffix, payload in (("GET", "", None), ("PATCH", "", {"description": "x"}),
                                        ("DELETE", "?force=true", None), ("POST", "/test", None),
                                        ("GET", "/deliveries", None), ("POST", "/deliveries/1/redeliver", None)):
            response = client.open(f"{AURORA}/{webhook_id}{suffix}", method=method, json=payload,
                                   headers=world.aurora_admin.auth)
            assert (response.status_code, response.get_data()) == (404, INVALID_ID), (method, suffix, webhook_id)
    # Still there for its owner, untouched.
    assert body(client.get(f"{BOREALIS}/{theirs}", headers=world.borealis_admin.auth))["description"] == ""


ROUTES = [("GET", ""), ("POST", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("PUT", "/{id}"),
          ("DELETE", "/{id}?force=true"), ("POST", "/{id}/test"), ("GET", "/{id}/deliveries"),
          ("POST", "/{id}/deliveries/1/redeliver")]


def test_only_the_tenant_owner_may_manage_webhooks(app, client, world):
    webhook_id = create(client, world.aurora_admin)["id"]
    customer = add_member(app, world.aurora.id, "client-user", Role.CUSTOMER)
    payload = {"url": HOOK, "events": ["*"]}
    for method, path in ROUTES:
        url = AURORA + path.format(id=webhook_id)
        for member in (world.aurora_staff, customer):
            response = client.open(url, method=method, json=payload, headers=member.auth)
            assert (response.status_code, response.get_data()) == (403, FORBIDDEN_403), (method, path, member)
        anonymous = client.open(url, method=method, json=payload)
        assert (anonymous.status_code, anonymous.get_data()) == (401, FORBIDDEN_401), (method, path)
    assert [row.id for row in rows(app, WebhookEndpoint)] == [webhook_id]


def test_options_shows_the_schema(client, world):
    response = client.options(AURORA)
    assert response.status_code == 200
    data = body(response)
    assert data["schema"]["title"] == "webhook" and "secret" in data["schema"]["properties"]
    create_args = next(e["args"] for e in data["endpoints"] if e["methods"] == ["POST"])
    assert (create_args["url"]["required"], create_args["events"]["required"]) == (True, True)
    assert create_args["events"]["items"]["enum"][-1] == "*"
