"""``X-Request-Id`` on every answer, whatever the URL family: the client's when sane, else a fresh one."""
from __future__ import annotations

import re

import pytest

from .booknetic_support import AURORA  # noqa: F401  (fixture)

GENERATED = re.compile(r"[0-9a-f]{32}")
TB = "/aurora/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services"

# One request of each URL family and kind of answer: REST (200, 401, rest_no_route), admin-ajax "0",
# TeamBooking's envelope, a plain-text 404, OPTIONS and HEAD.
REQUESTS = [
    ("GET", "/aurora/wp-json/", {}, 200),
    ("GET", "/aurora/wp-json/booknetic/v1/appointments", {"Authorization": "Basic YTpi"}, 401),
    ("GET", "/aurora/wp-json/nope/v9", {}, 404),
    ("POST", "/wp-admin/admin-ajax.php?action=nope", {}, 400),
    ("GET", TB, {}, 400),
    ("GET", "/no/such/page", {}, 404),
    ("OPTIONS", "/aurora/wp-json/", {}, 200),
    ("HEAD", "/aurora/wp-json/", {}, 200),
]


@pytest.mark.parametrize("method, path, headers, status", REQUESTS)
def test_every_answer_carries_a_fresh_request_id(client, world, method, path, headers, status):
    first = client.open(path, method=method, headers=headers)
    second = client.open(path, method=method, headers=headers)
    assert first.status_code == second.status_code == status
    assert GENERATED.fullmatch(first.headers["X-Request-Id"])
    assert GENERATED.fullmatch(second.headers["X-Request-Id"])
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert first.headers.getlist("X-Request-Id") == [first.headers["X-Request-Id"]]


def test_a_refused_body_carries_one_too(app, client, world):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = client.post("/aurora/wp-json/booknetic/v1/customers", data="x" * 11)
    assert response.status_code == 413
    assert GENERATED.fullmatch(response.headers["X-Request-Id"])


@pytest.mark.parametrize("sent", ["7b0f6c1e-3a5d-4e2b-9c1a-2f8e4d6b0a13", "a", "req:42/retry=2@edge~x+y_z.w-v",
                                  "x" * 200])
def test_a_sane_request_id_is_echoed(client, world, sent):
    for path in ("/aurora/wp-json/", TB, "/no/such/page"):
        assert client.get(path, headers={"X-Request-Id": sent}).headers["X-Request-Id"] == sent


@pytest.mark.parametrize("sent", ["", " ", "x" * 201, 'a"b', "a b", "a,b", "a;b", "é", "a\tb", "<script>"])
def test_an_unusable_request_id_is_replaced_by_a_fresh_one(client, world, sent):
    answered = client.get("/aurora/wp-json/", headers={"X-Request-Id": sent}).headers["X-Request-Id"]
    assert GENERATED.fullmatch(answered)
