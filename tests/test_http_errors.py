"""HTTP errors no view answers (unroutable paths, unknown methods, request and body limits) in the URL
family's own format: WordPress REST JSON, admin-ajax ``0``, plain text elsewhere; HEAD without a body."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Customer
from wpcompat.config import DEFAULTS
from wpcompat.extensions import db

from .booknetic_support import AURORA, call, frozen_clock, salon  # noqa: F401  (fixtures)
from .wire_headers import plugin_headers

NO_ROUTE = {"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
            "data": {"status": 404}}
AJAX = "/aurora/wp-admin/admin-ajax.php"
AJAX_ERROR_HEADERS = [("X-Robots-Tag", "noindex"), ("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"),
                      ("Cache-Control", "no-cache, must-revalidate, max-age=0"), ("Content-Length", "1"),
                      ("Content-Type", "text/html; charset=UTF-8")]


def rest_headers(tenant: str = "/aurora", vary: bool = True) -> list[tuple[str, str]]:
    return ([("X-Robots-Tag", "noindex"), ("Link", f'<http://wp.test{tenant}/wp-json/>; rel="https://api.w.org/"'),
             ("X-Content-Type-Options", "nosniff"),
             ("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"),
             ("Access-Control-Allow-Headers",
              "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type")]
            + ([("Vary", "Origin")] if vary else []) + [("Content-Type", "application/json; charset=UTF-8")])


def answer(response) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, [h for h in plugin_headers(response) if h[0] != "Content-Length"], response.data


def rest_error(code: str, message: str, status: int) -> bytes:
    return json.dumps({"code": code, "message": message, "data": {"status": status}},
                      separators=(",", ":")).encode()


# --- unroutable paths and unknown methods ----------------------------------------------------------


def test_a_newline_in_a_rest_path_is_an_unknown_route(client, world):
    response = client.get("/aurora/wp-json/booknetic/v1/appo%0aintments")
    assert answer(response) == answer(client.get("/aurora/wp-json/booknetic/v1/nope"))
    assert (response.status_code, response.json) == (404, NO_ROUTE)
    assert response.headers["Link"] == '<http://wp.test/aurora/wp-json/>; rel="https://api.w.org/"'


@pytest.mark.parametrize("path", ["/aurora/wp-json/", "/aurora/wp-json/booknetic/v1/appointments",
                                  "/aurora/?rest_route=/booknetic/v1/appointments", "/wp-json/wp/v2/users/me"])
def test_an_unknown_method_on_rest_is_rest_no_route(client, world, path):
    response = client.open(path, method="PROPFIND")
    tenant = "/aurora" if path.startswith("/aurora") else ""
    assert answer(response) == (404, rest_headers(tenant, vary=False), json.dumps(NO_ROUTE, separators=(",", ":")).encode())


def test_an_unknown_method_under_an_unknown_tenant_names_the_main_site(client, world):
    response = client.open("/nowhere/wp-json/", method="PROPFIND")
    assert answer(response)[:2] == (404, rest_headers("", vary=False))
    assert response.json == NO_ROUTE


def test_an_unknown_method_on_admin_ajax_is_a_zero(client, world):
    response = client.open(AJAX + "?action=other", method="PROPFIND")
    assert (response.status_code, response.headers.get("Allow"), response.data) == (405, None, b"0")
    assert plugin_headers(response) == AJAX_ERROR_HEADERS


def test_an_unknown_method_on_teambooking_is_its_forbidden_envelope(client, world):
    # As TeamBooking answers any method it does not serve (HEAD, PUT): its initial 403 envelope.
    response = client.open(AJAX + "?action=teambooking_rest_api&operation=get_services", method="PROPFIND")
    assert (response.status_code, response.headers["Content-Type"], response.data) == (
        403, "application/json", b'{"header":"403 Forbidden","code":403}')


def test_other_unroutable_urls_answer_plain_text(client, world):
    response = client.get("/aurora/some/page")
    assert (response.status_code, plugin_headers(response), response.data) == (
        404, [("Content-Type", "text/plain; charset=UTF-8"), ("Content-Length", "14")], b"404 Not Found\n")
    response = client.open("/", method="PROPFIND")
    assert (response.status_code, response.data) == (405, b"405 Method Not Allowed\n")
    assert response.headers["Content-Type"] == "text/plain; charset=UTF-8"


# --- request line and header limits ---------------------------------------------------------------


def test_the_request_limits_default_to_apaches():
    assert (DEFAULTS["LIMIT_REQUEST_LINE"], DEFAULTS["LIMIT_REQUEST_FIELD_SIZE"],
            DEFAULTS["LIMIT_REQUEST_FIELDS"]) == (8190, 8190, 100)
    assert DEFAULTS["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024


def _line_of(length: int, path: str) -> str:
    # "GET " + target + " HTTP/1.1" is `length` bytes long.
    return path + "?x=" + "a" * (length - len("GET  HTTP/1.1") - len(path) - 3)


def test_a_request_line_over_8190_bytes_is_414_in_rest_json(client, world):
    path = "/aurora/wp-json/"
    assert client.get(_line_of(8190, path)).status_code == 200
    response = client.get(_line_of(8191, path))
    assert answer(response) == (414, rest_headers(), rest_error(
        "request_uri_too_long", "The length of the requested URL exceeds the capacity limit for this server. "
        "The request cannot be processed.", 414))


def test_a_request_line_over_the_limit_on_admin_ajax_and_elsewhere(client, world):
    response = client.get(_line_of(8191, AJAX))
    assert (response.status_code, plugin_headers(response), response.data) == (414, AJAX_ERROR_HEADERS, b"0")
    response = client.get(_line_of(8191, "/aurora/other"))
    assert (response.status_code, response.data) == (414, b"414 Request URI Too Long\n")


def test_a_header_field_over_8190_bytes_is_431(client, world):
    fits = {"X-Pad": "v" * (8190 - len("X-Pad: "))}
    assert client.get("/aurora/wp-json/", headers=fits).status_code == 200
    response = client.get("/aurora/wp-json/", headers={"X-Pad": "v" * (8191 - len("X-Pad: "))})
    assert answer(response) == (431, rest_headers(), rest_error(
        "request_header_fields_too_large", "One or more header fields exceeds the maximum size.", 431))
    response = client.get(AJAX, headers={"X-Pad": "v" * 9000})
    assert (response.status_code, response.data) == (431, b"0")


def test_more_than_100_header_fields_is_431(client, world):
    # The test client sends Host and User-Agent: 98 more make 100.
    assert client.get("/aurora/wp-json/", headers={f"X-F{i}": "1" for i in range(98)}).status_code == 200
    response = client.get("/aurora/wp-json/", headers={f"X-F{i}": "1" for i in range(99)})
    assert (response.status_code, response.json["code"]) == (431, "request_header_fields_too_large")


def test_the_limits_are_settings(app, client, world):
    app.config["LIMIT_REQUEST_LINE"] = 100
    assert client.get(_line_of(101, "/aurora/wp-json/")).status_code == 414
    assert client.get(_line_of(100, "/aurora/wp-json/")).status_code == 200


# --- the body limit -------------------------------------------------------------------------------


def _customers(app, tenant_id: int) -> int:
    with app.app_context(), tenancy.tenant(tenant_id):
        return db.session.scalar(select(func.count()).select_from(Customer))


TOO_LARGE = rest_error("request_entity_too_large",
                       "The data value transmitted exceeds the capacity limit.", 413)


def test_a_rest_body_over_the_limit_is_413_json_and_nothing_is_written(app, client, world, salon):
    app.config["MAX_CONTENT_LENGTH"] = 200
    before = _customers(app, salon.aurora_id)
    customer = {"first_name": "Big", "last_name": "Body", "email": "big@example.com", "note": ""}
    fits = dict(customer, note="n" * (200 - len(json.dumps(dict(customer, note="")))))
    too_big = dict(customer, note=fits["note"] + "n")
    response = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body=too_big)
    assert (response.status_code, response.data) == (413, TOO_LARGE)
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert _customers(app, salon.aurora_id) == before
    response = call(client, "POST", f"{AURORA}/customers", world.aurora_admin, json_body=fits)
    assert response.status_code == 200
    assert _customers(app, salon.aurora_id) == before + 1


def test_a_chunked_rest_body_over_the_limit_is_413(app, client, world, salon):
    app.config["MAX_CONTENT_LENGTH"] = 100
    before = _customers(app, salon.aurora_id)
    payload = json.dumps({"first_name": "Chunk", "last_name": "Ed", "email": "c@example.com", "note": "n" * 100})
    response = client.post(f"{AURORA}/customers", input_stream=io.BytesIO(payload.encode()),
                           headers={**world.aurora_admin.auth, "Content-Type": "application/json",
                                    "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert (response.status_code, response.data) == (413, TOO_LARGE)
    assert _customers(app, salon.aurora_id) == before


def test_a_declared_length_over_the_default_limit_is_refused_unread(client, world):
    declared = {"CONTENT_LENGTH": str(8 * 1024 * 1024 + 1)}
    response = client.post(f"{AURORA}/customers", data=b"", environ_overrides=declared)
    assert (response.status_code, response.data) == (413, TOO_LARGE)
    response = client.post(AJAX, data=b"", environ_overrides=declared)
    assert (response.status_code, response.data) == (413, b"0")


TEAMBOOKING = AJAX + "?action=teambooking_rest_api&operation=do_reservation"


def _envelope(code: int, header: str, reason: str) -> bytes:
    return json.dumps({"header": f"{code} {header}", "code": code, "reason": reason}, separators=(",", ":")).encode()


def test_teambooking_answers_the_request_limits_in_its_envelope(client, world):
    # The action is known from the query, so its plugin's envelope answers; the body is never read.
    declared = {"CONTENT_LENGTH": str(8 * 1024 * 1024 + 1)}
    response = client.post(TEAMBOOKING, data=b"", environ_overrides=declared)
    assert (response.status_code, response.headers["Content-Type"], response.data) == (
        413, "application/json", _envelope(413, "Request Entity Too Large", "request too large"))
    assert response.headers["X-Robots-Tag"] == "noindex"
    long_line = TEAMBOOKING + "&x=" + "a" * (8191 - len("GET  HTTP/1.1") - len(TEAMBOOKING) - 3)
    response = client.get(long_line)
    assert (response.status_code, response.data) == (414, _envelope(414, "Request-URI Too Long", "request line too long"))
    response = client.get(TEAMBOOKING, headers={"X-Pad": "v" * 9000})
    assert (response.status_code, response.data) == (
        431, _envelope(431, "Request Header Fields Too Large", "request headers too large"))
    # Any other action keeps admin-ajax's own answer.
    response = client.post(AJAX + "?action=other", data=b"", environ_overrides=declared)
    assert (response.status_code, response.data) == (413, b"0")


def test_a_double_slash_in_a_rest_path_is_a_route_not_a_redirect(client, world):
    # WordPress reads "/wp-json//x" as the route "//x": no such route (werkzeug would redirect to "/x").
    response = client.get("/aurora/wp-json//booknetic/v1/services")
    assert (response.status_code, response.json) == (404, NO_ROUTE)


# --- HEAD -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [
    ("GET", "/aurora/wp-json/booknetic/v1/appo%0aintments"), ("GET", "/aurora/some/page"),
    ("GET", AJAX), ("GET", AJAX + "?action=teambooking_rest_api"), ("GET", "/nowhere/wp-json/"),
    ("GET", "/aurora/wp-json/booknetic/v1/appointments"), ("GET", "/aurora/")])
def test_head_has_the_gets_status_and_headers_and_no_body(client, world, method, path):
    get, head = client.get(path), client.head(path)
    assert get.data != b""
    assert (head.status_code, head.data) == (get.status_code, b"")
    drop = {"Content-Length", "Vary"}  # WordPress sends Vary: Origin to anonymous GETs only
    assert [h for h in plugin_headers(head) if h[0] not in drop] == [h for h in plugin_headers(get) if h[0] not in drop]


# --- a body that stops arriving -------------------------------------------------------------------


class _StalledBody(io.RawIOBase):
    """A request body whose client stopped sending: each read times out, as the server's socket does."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise TimeoutError("timed out")


@pytest.mark.parametrize("chunked,status,code", [(False, 400, "bad_request"), (True, 408, "request_timeout")])
def test_a_body_that_stops_arriving_is_a_4xx_in_the_family_format(client, world, chunked, status, code):
    # A declared length read by werkzeug: its ClientDisconnected (400); a chunked body read by
    # wpcompat.request_limits: 408.
    headers = {**world.aurora_admin.auth, "Content-Type": "application/json"}
    environ = {"wsgi.input": _StalledBody()}
    if chunked:
        headers["Transfer-Encoding"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = "50"
    response = client.post(f"{AURORA}/customers", headers=headers, environ_overrides=environ)
    assert (response.status_code, response.json["code"]) == (status, code)
    response = client.post(AJAX + "?action=other", headers=headers, environ_overrides=environ)
    assert (response.status_code, response.data) == (status, b"0")
    response = client.post(TEAMBOOKING, headers=headers, environ_overrides=environ)
    assert (response.status_code, response.headers["Content-Type"]) == (status, "application/json")
    assert response.json["code"] == status


def test_a_bad_host_under_an_impossible_slug_names_the_main_site(client, world):
    # werkzeug refuses the Host before routing; the slug is still only ever taken through the slug rule.
    response = client.get("/a%00/wp-json/", headers={"Host": "x" * 300})
    assert (response.status_code, response.json["code"]) == (400, "bad_request")
    assert response.headers["Link"] == '<http://wp.test/wp-json/>; rel="https://api.w.org/"'
