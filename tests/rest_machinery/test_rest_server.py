"""The REST server over HTTP: URL forms, routing, methods, HEAD/OPTIONS, global params, headers, errors."""
from __future__ import annotations

import logging

import pytest

from ..rest_support import (
    FORBIDDEN_401, NO_ROUTE, NOCACHE, assert_rest_headers, body, golden,
)

NS = "/wp-json/wpcompat-test/v1"


@pytest.mark.parametrize("url", [
    f"{NS}/echo",
    f"{NS}/echo/",
    "/wp-json/WPCOMPAT-TEST/V1/ECHO",
    "/index.php/wp-json/wpcompat-test/v1/echo",
    "/?rest_route=/wpcompat-test/v1/echo",
    "/?rest_route=/wpcompat-test/v1/echo/",
    "/index.php?rest_route=/wpcompat-test/v1/echo",
    "/wp-json/anything?rest_route=/wpcompat-test/v1/echo",  # the query var wins over the path
])
def test_every_url_form_reaches_the_route(api, client, url):
    response = client.get(url)
    assert response.status_code == 200
    if "rest_route" not in url:
        assert response.get_data() == b'{"method":"GET","params":[]}'
    assert body(response)["method"] == "GET"
    assert_rest_headers(response)
    assert response.headers["Allow"] == "GET, POST, PUT, PATCH, DELETE"


@pytest.mark.parametrize("url", ["/aurora/wp-json/wpcompat-test/v1/echo", "/aurora/?rest_route=/wpcompat-test/v1/echo",
                                 "/aurora/index.php?rest_route=/wpcompat-test/v1/echo",
                                 "/aurora/index.php/wp-json/wpcompat-test/v1/echo"])
def test_tenant_sites_serve_the_same_routes_with_their_own_api_root(api, client, world, url):
    response = client.get(url, headers=world.aurora_admin.auth)
    assert response.status_code == 200
    assert body(response)["method"] == "GET"
    assert_rest_headers(response, link="http://wp.test/aurora/wp-json/")


def test_unknown_route_is_rest_no_route_without_allow(api, client):
    response = client.get(f"{NS}/nope")
    assert response.status_code == 404
    assert response.get_data() == NO_ROUTE
    assert "Allow" not in response.headers
    assert response.headers["Vary"] == "Origin"  # anonymous GET (golden 27)
    assert_rest_headers(response)


def test_no_route_matches_the_golden_capture(api, client, world):
    expected = golden("18")
    response = client.get(f"{NS}/items/abc", headers=world.aurora_admin.auth)
    assert response.status_code == expected.status == 404
    assert response.get_data() == expected.body
    for name in ("X-Robots-Tag", "X-Content-Type-Options", "Access-Control-Expose-Headers",
                 "Access-Control-Allow-Headers", "Expires", "Cache-Control", "Content-Type"):
        assert response.headers[name] == expected.headers[name]
    assert "Allow" not in response.headers and "Allow" not in expected.headers


def test_wrong_method_is_rest_no_route_not_405(api, client):
    response = client.post(f"{NS}/items/5")
    assert response.status_code == 404
    assert response.get_data() == NO_ROUTE
    assert "Allow" not in response.headers


def test_a_later_route_serves_a_method_the_first_matching_route_lacks(api, client):
    assert body(client.get(f"{NS}/shadow/abc")) == {"route": "first", "slug": "abc"}
    assert body(client.post(f"{NS}/shadow/abc")) == {"route": "second", "word": "abc"}


def test_head_is_served_by_get_without_a_body(api, client):
    response = client.head(f"{NS}/items/5")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert response.headers["Allow"] == "GET"
    assert_rest_headers(response)


def test_an_explicit_head_handler_registered_first_wins(api, client):
    assert client.head(f"{NS}/head-first").headers["X-Handler"] == "head"
    assert client.get(f"{NS}/head-first").headers["X-Handler"] == "get"


def test_options_describes_the_route_without_permission_checks(api, client):
    response = client.options(f"{NS}/forbidden")
    assert response.status_code == 200
    assert response.get_data() == (
        b'{"namespace":"wpcompat-test\\/v1","methods":["GET","POST"],"endpoints":[{"methods":["GET","POST"],'
        b'"args":[]}],"_links":{"self":[{"href":"http:\\/\\/wp.test\\/wp-json\\/wpcompat-test\\/v1\\/forbidden"}]}}'
    )
    assert "Allow" not in response.headers  # every permission check fails


def test_options_allow_lists_permitted_methods(api, client, world):
    assert client.options(f"{NS}/items/5").headers["Allow"] == "GET"
    response = client.options(f"{NS}/items/5", headers=world.aurora_admin.auth)
    assert response.headers["Allow"] == "GET, PUT"
    assert body(response) == {"namespace": "wpcompat-test/v1", "methods": ["GET", "PUT"], "endpoints": [
        {"methods": ["GET"], "args": []}, {"methods": ["PUT"], "args": []}]}  # variable route: no _links


def test_options_without_a_matching_route_is_an_empty_list(api, client):
    response = client.options(f"{NS}/nope")
    assert response.status_code == 200
    assert response.get_data() == b"[]"
    assert "Allow" not in response.headers


def test_options_body_matches_the_golden_capture(api, client, world):
    """Golden 30: a route with a GET and a POST handler and no args."""
    from wpcompat.rest import register_rest_route

    register_rest_route(api, "booknetic/v1", "appointments/", [
        {"methods": "GET", "callback": lambda request: [], "permission_callback": lambda request: True},
        {"methods": "POST", "callback": lambda request: [], "permission_callback": lambda request: True},
    ])
    expected = golden("30")
    response = client.options("/wp-json/booknetic/v1/appointments", headers=world.aurora_admin.auth)
    assert response.status_code == expected.status
    assert response.get_data() == expected.body.replace(b"127.0.0.1:8080", b"wp.test")
    assert response.headers["Allow"] == expected.headers["Allow"] == "GET, POST"
    for name in ("Expires", "Cache-Control", "Content-Type"):
        assert response.headers[name] == expected.headers[name]


def test_query_method_override(api, client):
    assert body(client.post(f"{NS}/echo?_method=put"))["method"] == "PUT"
    response = client.get(f"{NS}/items/5?_method=PUT")
    assert response.status_code == 401
    assert response.get_data() == FORBIDDEN_401
    assert response.headers["Allow"] == "GET"
    assert "Expires" not in response.headers  # _method is not the override header


def test_header_method_override_and_its_no_cache_rule(api, client):
    assert body(client.post(f"{NS}/echo", headers={"X-HTTP-Method-Override": "delete"}))["method"] == "DELETE"
    ok = client.post(f"{NS}/echo", headers={"X-HTTP-Method-Override": "PATCH"})
    assert "Expires" not in ok.headers
    failed = client.post(f"{NS}/items/5", headers={"X-HTTP-Method-Override": "PUT"})
    assert failed.status_code == 401
    for name, value in NOCACHE.items():
        assert failed.headers[name] == value


def test_query_method_override_wins_over_the_header(api, client):
    response = client.post(f"{NS}/echo?_method=PATCH", headers={"X-HTTP-Method-Override": "DELETE"})
    assert body(response)["method"] == "PATCH"


def test_editable_handler_accepts_post_put_patch(api, client):
    for method in ("post", "put", "patch"):
        assert body(getattr(client, method)(f"{NS}/editable")) == method.upper()
    assert client.get(f"{NS}/editable").status_code == 404


def test_envelope_wraps_status_headers_and_links(api, client):
    response = client.post(f"{NS}/created?_envelope")
    assert response.status_code == 200
    assert "Location" not in response.headers and "Allow" not in response.headers
    assert response.get_data() == (
        b'{"body":{"id":7,"_links":{"self":[{"href":"http:\\/\\/wp.test\\/wp-json\\/wpcompat-test\\/v1\\/items'
        b'\\/7"}],"wp:items":[{"embeddable":true,"href":"http:\\/\\/wp.test\\/x"}],"curies":[{"name":"wp","href":'
        b'"https:\\/\\/api.w.org\\/{rel}","templated":true}]}},"status":201,"headers":{"Location":"http:\\/\\/wp.test'
        b'\\/wp-json\\/wpcompat-test\\/v1\\/items\\/7","Allow":"POST"}}'
    )


def test_envelope_of_an_error_has_empty_headers_as_a_list(api, client):
    response = client.get(f"{NS}/nope?_envelope=1")
    assert response.status_code == 200
    assert response.get_data() == b'{"body":' + NO_ROUTE + b',"status":404,"headers":[]}'


def test_created_response_status_location_and_links(api, client):
    response = client.post(f"{NS}/created")
    assert response.status_code == 201
    assert response.headers["Location"] == "http://wp.test/wp-json/wpcompat-test/v1/items/7"
    assert body(response)["_links"]["wp:items"] == [{"embeddable": True, "href": "http://wp.test/x"}]


@pytest.mark.parametrize("query, expected", [
    ("_fields=a.c.d,f", b'{"a":{"c":{"d":2}},"f":"x\\/y"}'),
    ("_fields[]=g&_fields[]=a.b", b'{"a":{"b":1},"g":"\\u00e9"}'),
    ("_fields=a,a.b,f", b'{"a":{"b":1,"c":{"d":2,"e":3}}}'),  # WordPress stops at a child of a chosen parent
    ("_fields=price", b'{"price":40}'),
    ("_fields=", b'{"a":{"b":1,"c":{"d":2,"e":3}},"f":"x\\/y","g":"\\u00e9","price":40}'),
])
def test_fields_selects_dotted_paths(api, client, query, expected):
    assert client.get(f"{NS}/data?{query}").get_data() == expected


def test_fields_applies_per_item_and_never_to_errors(api, client):
    assert client.get(f"{NS}/list?_fields=b").get_data() == b'[{"b":2},{"b":4}]'
    assert client.get(f"{NS}/error?_fields=code").get_data() == \
        b'{"code":400,"message":"Appointment not found","data":{"status":400}}'


def test_integer_error_code_as_booknetic_sends_it(api, client):
    response = client.get(f"{NS}/error")
    assert response.status_code == 400
    assert response.headers["Allow"] == "GET"


def test_permission_false_is_rest_forbidden_401_or_403(api, client, world):
    anonymous = client.get(f"{NS}/private")
    assert anonymous.status_code == 401
    assert anonymous.get_data() == FORBIDDEN_401
    assert "Allow" not in anonymous.headers
    signed_in = client.get(f"{NS}/forbidden", headers=world.aurora_staff.auth)
    assert signed_in.status_code == 403
    assert signed_in.get_data() == FORBIDDEN_401.replace(b"401", b"403")
    assert body(client.get(f"{NS}/private", headers=world.aurora_staff.auth)) == {"login": "anna"}


def test_permission_returning_an_error_uses_its_status(api, client):
    response = client.get(f"{NS}/teapot")
    assert response.status_code == 418
    assert response.get_data() == b'{"code":"custom_denied","message":"No.","data":{"status":418,"why":"tea"}}'


def test_allow_lists_only_permitted_methods(api, client, world):
    assert client.get(f"{NS}/items/5").headers["Allow"] == "GET"
    assert client.get(f"{NS}/items/5", headers=world.aurora_admin.auth).headers["Allow"] == "GET, PUT"
    assert client.get(f"{NS}/items/5", headers=world.aurora_staff.auth).headers["Allow"] == "GET"


def test_unexpected_exception_is_a_logged_500_without_details(api, client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get(f"{NS}/crash")
    assert response.status_code == 500
    assert response.get_data() == (b'{"code":"internal_server_error","message":"There has been a critical error on'
                                   b' this website.","data":{"status":500}}')
    assert_rest_headers(response)
    assert "boom: secret detail" in caplog.text


def test_unencodable_body_is_rest_encode_error(api, client):
    response = client.get(f"{NS}/nan")
    assert response.status_code == 500
    assert response.get_data() == \
        b'{"code":"rest_encode_error","message":"Inf and NaN cannot be JSON encoded","data":{"status":500}}'


def test_null_empty_and_204_bodies(api, client):
    nothing = client.get(f"{NS}/nothing")
    assert (nothing.status_code, nothing.get_data()) == (200, b"")
    assert client.get(f"{NS}/empty").get_data() == b"[]"
    no_content = client.delete(f"{NS}/no-content")
    assert (no_content.status_code, no_content.get_data()) == (204, b"")


def test_cors_headers_echo_the_origin(api, client, world):
    response = client.get(f"{NS}/echo", headers={"Origin": "https://app.example", **world.aurora_admin.auth})
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert response.headers["Access-Control-Allow-Methods"] == "OPTIONS, GET, POST, PUT, PATCH, DELETE"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Vary"] == "Origin"
    assert client.get(f"{NS}/echo", headers={"Origin": "null"}).headers["Access-Control-Allow-Origin"] == "null"


def test_vary_origin_only_for_anonymous_gets_without_origin(api, client, world):
    assert "Vary" not in client.post(f"{NS}/echo").headers
    assert "Vary" not in client.get(f"{NS}/echo", headers=world.aurora_admin.auth).headers
    assert "Access-Control-Allow-Origin" not in client.get(f"{NS}/echo").headers


def test_no_cache_headers_only_when_authenticated(api, client, world):
    anonymous = client.get(f"{NS}/echo")
    assert "Expires" not in anonymous.headers and "Cache-Control" not in anonymous.headers
    signed_in = client.get(f"{NS}/echo", headers=world.aurora_admin.auth)
    for name, value in NOCACHE.items():
        assert signed_in.headers[name] == value
    assert "Last-Modified" not in signed_in.headers


def test_jsonp_is_refused(api, client):
    response = client.get(f"{NS}/echo?_jsonp=cb")
    assert response.status_code == 400
    assert response.get_data() == b'{"code":"rest_callback_disabled","message":"JSONP support is disabled on this site."}'
    assert response.headers["Content-Type"] == "application/javascript; charset=UTF-8"


def test_unknown_tenant_slug_is_rest_no_route(api, client, world):
    for url in ("/nowhere/wp-json/wpcompat-test/v1/echo", "/nowhere/?rest_route=/", "/nowhere/wp-json/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_data() == NO_ROUTE
        assert_rest_headers(response)
    page = client.get("/nowhere/")  # not a REST request: a plain-text 404 (wpcompat.url_families)
    assert (page.status_code, page.headers["Content-Type"], page.data) == (
        404, "text/plain; charset=UTF-8", b"404 Not Found\n")


def test_rest_route_must_be_a_string(api, client):
    response = client.get("/?rest_route[]=/wpcompat-test/v1/echo")
    assert response.status_code == 400
    assert response.get_data() == \
        b'{"code":"rest_path_invalid_type","message":"The REST route parameter must be a string.","data":{"status":400}}'


def test_successful_callbacks_commit_and_failed_ones_roll_back(api, client, world):
    url = "/aurora/wp-json/wpcompat-test/v1"
    auth = world.aurora_admin.auth
    assert body(client.post(f"{url}/write", data={"name": "Canal House"}, headers=auth)) == {"count": 1}
    failed = client.post(f"{url}/write-fail", data={"name": "Half"}, headers=auth)
    assert failed.status_code == 409
    assert body(client.post(f"{url}/write", data={"name": "Harbour"}, headers=auth)) == {"count": 2}
