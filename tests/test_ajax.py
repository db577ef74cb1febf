"""admin-ajax.php over HTTP: WordPress 6.1's status codes, header sets and bodies (wordpress-wire.md §3 and
the TeamBooking golden captures), with throwaway actions registered here."""
from __future__ import annotations

import io
import logging

import pytest
from werkzeug.wrappers import Response

from wpcompat import tenancy
from wpcompat.ajax import (ajax_exit, register_ajax_action, wp_die, wp_send_json, wp_send_json_error,
                           wp_send_json_success, wp_slash)
from wpcompat.ajax.dispatch import FATAL_ERROR_BODY

from .wire_headers import plugin_headers

AJAX = "/wp-admin/admin-ajax.php"

ROBOTS = [("X-Robots-Tag", "noindex")]
NOCACHE = [("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"), ("Cache-Control", "no-cache, must-revalidate, max-age=0")]
FULL = ROBOTS + [("X-Content-Type-Options", "nosniff")] + NOCACHE + [
    ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "SAMEORIGIN")]
HTML = "text/html; charset=UTF-8"


def tail(body: bytes, content_type: str = HTML) -> list[tuple[str, str]]:
    return [("Content-Length", str(len(body))), ("Content-Type", content_type)]


def headers(response) -> list[tuple[str, str]]:
    return plugin_headers(response)


def show_params(call):
    return wp_send_json({"get": call.get, "post": call.post, "request": call.request})


def show_site(call):
    return wp_send_json({"tenant": call.tenant.slug if call.tenant else None,
                         "active": tenancy.active_tenant_id()})


def explode(call):
    raise RuntimeError("handler bug")


@pytest.fixture
def app(app):
    register_ajax_action(app, "both", lambda call: wp_send_json_success("both"), logged_in=True, anonymous=True)
    register_ajax_action(app, "nopriv_only", lambda call: wp_send_json_success("anon"), logged_in=False,
                         anonymous=True)
    register_ajax_action(app, "priv_only", lambda call: wp_send_json_success("priv"))
    register_ajax_action(app, "params", show_params, anonymous=True)
    register_ajax_action(app, "site", show_site, anonymous=True)
    register_ajax_action(app, "silent", lambda call: None, anonymous=True)
    register_ajax_action(app, "echo", lambda call: "hello", anonymous=True)
    register_ajax_action(app, "explode", explode, anonymous=True)
    register_ajax_action(app, "raw", lambda call: wp_send_json({"raw": call.raw_body.decode(),
                                                                "files": sorted(call.files)}), anonymous=True)
    return app


# --- the action check -----------------------------------------------------------------------------


def test_missing_action_is_400_zero_with_the_short_header_set(client):
    # Golden capture 26: no nosniff, no Referrer-Policy, no X-Frame-Options yet.
    response = client.get(AJAX + "?operation=get_reservations")
    assert response.status == "400 Bad Request"
    assert response.data == b"0"
    assert headers(response) == ROBOTS + NOCACHE + tail(b"0")


@pytest.mark.parametrize("query", ["action=", "action=0", "action[]=both", "action[x]=both", "action"])
def test_empty_or_non_scalar_action_is_400_zero(client, query):
    response = client.get(f"{AJAX}?{query}")
    assert (response.status_code, response.data) == (400, b"0")
    assert headers(response) == ROBOTS + NOCACHE + tail(b"0")


def test_unknown_action_is_400_zero_after_admin_init_headers(client):
    response = client.get(AJAX + "?action=nobody_registered_this")
    assert (response.status_code, response.data) == (400, b"0")
    assert headers(response) == FULL + tail(b"0")


def test_logged_in_only_action_is_unknown_to_anonymous_callers(client):
    response = client.post(AJAX, data={"action": "priv_only"})
    assert (response.status_code, response.data) == (400, b"0")


def test_basic_auth_is_ignored_on_admin_ajax(client, world):
    response = client.get(AJAX + "?action=priv_only", headers=world.aurora_admin.auth)
    assert (response.status_code, response.data) == (400, b"0")


@pytest.mark.parametrize("action", ["both", "nopriv_only"])
def test_anonymous_actions_run(client, action):
    response = client.get(f"{AJAX}?action={action}")
    assert response.status_code == 200
    assert response.json["success"] is True


def test_registering_for_no_audience_is_refused(app):
    with pytest.raises(ValueError):
        register_ajax_action(app, "nobody", lambda call: None, logged_in=False, anonymous=False)


# --- where action and parameters come from ------------------------------------------------------


def test_form_action_wins_over_query_action(client):
    response = client.post(AJAX + "?action=silent", data={"action": "params"})
    assert response.json["request"]["action"] == "params"
    assert response.json["get"] == {"action": "silent"}


def test_action_in_query_with_form_body(client):
    response = client.post(AJAX + "?action=params&x=from-query", data={"x": "from-form", "y": "1"})
    assert response.json == {"get": {"action": "params", "x": "from-query"},
                             "post": {"x": "from-form", "y": "1"},
                             "request": {"action": "params", "x": "from-form", "y": "1"}}


def test_php_nesting_reaches_the_handler(client):
    response = client.post(AJAX + "?action=params&a[b][c]=1&l[]=x&l[]=y&m[]=x&m[5]=y&m[]=z",
                           data="n[k][]=1&n[k][]=2&dup=1&dup=2&a.b=dot", content_type="application/x-www-form-urlencoded")
    assert response.json["get"] == {"action": "params", "a": {"b": {"c": "1"}}, "l": ["x", "y"],
                                    "m": {"0": "x", "5": "y", "6": "z"}}
    assert response.json["post"] == {"n": {"k": ["1", "2"]}, "dup": "2", "a_b": "dot"}
    # PHP array shapes survive into wp_send_json's JSON exactly.
    assert b'"m":{"0":"x","5":"y","6":"z"}' in response.data


def test_request_is_a_shallow_merge_post_wins(client):
    response = client.post(AJAX + "?action=params&a[y]=2&k=g", data="a[x]=1&k=p",
                           content_type="application/x-www-form-urlencoded")
    assert response.json["request"] == {"action": "params", "a": {"x": "1"}, "k": "p"}


def test_values_are_unslashed(client):
    value = "it's \"x\"\\y"
    response = client.post(AJAX, data={"action": "params", "q": value})
    assert response.json["post"]["q"] == value
    assert wp_slash({"q": value, "l": [value]}) == {"q": "it\\'s \\\"x\\\"\\\\y", "l": ["it\\'s \\\"x\\\"\\\\y"]}


def test_invalid_utf8_becomes_replacement_characters(client):
    response = client.post(AJAX, data=b"action=params&q=a%FFb", content_type="application/x-www-form-urlencoded")
    assert response.json["post"]["q"] == "a\ufffdb"
    assert b'"q":"a\\ufffdb"' in response.data


def test_json_body_is_never_in_post(client):
    response = client.post(AJAX + "?action=raw", json={"action": "params"})
    assert response.json == {"raw": '{"action": "params"}', "files": []}


def test_json_body_without_query_action_is_400(client):
    response = client.post(AJAX, json={"action": "params"})
    assert (response.status_code, response.data) == (400, b"0")


def test_put_bodies_do_not_fill_post(client):
    response = client.put(AJAX + "?action=params", data={"action": "silent", "x": "1"})
    assert response.json == {"get": {"action": "params"}, "post": [], "request": {"action": "params"}}


def test_php_content_type_rules(client):
    # PHP cuts the media type at ';', ',' or ' ' and ignores case.
    response = client.post(AJAX, data=b"action=params&x=1",
                           headers={"Content-Type": "Application/X-WWW-Form-URLencoded,foo"})
    assert response.json["post"] == {"action": "params", "x": "1"}
    response = client.post(AJAX + "?action=params", data=b"x=1", content_type="text/plain")
    assert response.json["post"] == []


def test_multipart_fields_keep_body_order_and_files_stay_out_of_post(client):
    data = {"action": "params", "a[]": "1", "a[x]": "2", "upload": (io.BytesIO(b"bytes"), "f.txt")}
    response = client.post(AJAX, data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.json["post"] == {"action": "params", "a": {"0": "1", "x": "2"}}


def test_multipart_raw_body_is_empty_and_files_are_exposed(client):
    data = {"action": "raw", "upload": (io.BytesIO(b"bytes"), "f.txt")}
    response = client.post(AJAX, data=data, content_type="multipart/form-data")
    assert response.json == {"raw": "", "files": ["upload"]}


def test_body_over_the_limit_is_refused_413_and_the_handler_never_runs(app, client):
    # One limit for every surface (wpcompat.request_limits): admin-ajax answers wp_die('0', 413).
    app.config["MAX_CONTENT_LENGTH"] = 100
    big = "action=params&pad=" + "x" * 200
    response = client.post(AJAX, data=big, content_type="application/x-www-form-urlencoded")
    assert (response.status_code, response.data) == (413, b"0")
    response = client.post(AJAX + "?action=raw", data=big, content_type="application/x-www-form-urlencoded")
    assert (response.status_code, response.data) == (413, b"0")
    exactly = "action=params&pad=" + "x" * 82
    response = client.post(AJAX, data=exactly, content_type="application/x-www-form-urlencoded")
    assert response.json["post"] == {"action": "params", "pad": "x" * 82}


def test_broken_multipart_body_is_an_empty_post(client):
    response = client.post(AJAX + "?action=params", data=b"--nope\r\ngarbage",
                           headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert response.status_code == 200
    assert response.json["post"] == []


# --- tenants --------------------------------------------------------------------------------------


def test_main_site_has_no_tenant(client, world):
    response = client.get(AJAX + "?action=site")
    assert response.json == {"tenant": None, "active": None}


def test_tenant_url_activates_the_tenant(client, world):
    response = client.get("/aurora" + AJAX + "?action=site")
    assert response.json == {"tenant": "aurora", "active": world.aurora.id}
    response = client.post("/borealis" + AJAX, data={"action": "site"})
    assert response.json == {"tenant": "borealis", "active": world.borealis.id}


def test_unknown_tenant_is_404_zero(client, world):
    response = client.get("/nope" + AJAX + "?action=site")
    assert response.status == "404 Not Found"
    assert response.data == b"0"
    assert headers(response) == ROBOTS + NOCACHE + tail(b"0")


# --- handler results ------------------------------------------------------------------------------


def test_handler_returning_nothing_gets_the_trailing_zero(client):
    response = client.get(AJAX + "?action=silent")
    assert response.status == "200 OK"
    assert headers(response) == FULL + tail(b"0")
    assert response.data == b"0"


def test_echoed_text_gets_the_trailing_zero(client):
    response = client.get(AJAX + "?action=echo")
    assert (response.status_code, response.data) == (200, b"hello0")


def test_handlers_on_one_hook_run_in_order_until_one_exits(app, client):
    register_ajax_action(app, "chain", lambda call: "a", anonymous=True)
    register_ajax_action(app, "chain", lambda call: "b", anonymous=True)
    response = client.get(AJAX + "?action=chain")
    assert response.data == b"ab0"
    register_ajax_action(app, "chain", lambda call: wp_die("stop", 409), anonymous=True)
    register_ajax_action(app, "chain", lambda call: "never", anonymous=True)
    response = client.get(AJAX + "?action=chain")
    assert (response.status_code, response.data) == (409, b"stop")


def test_wp_send_json_body_and_headers(app, client):
    register_ajax_action(app, "json", lambda call: wp_send_json({"url": "a/b", "name": "Zoë", "n": 2.0, "l": []}),
                         anonymous=True)
    response = client.get(AJAX + "?action=json")
    body = b'{"url":"a\\/b","name":"Zo\\u00eb","n":2,"l":[]}'
    assert response.status_code == 200
    assert response.data == body
    assert headers(response) == FULL + tail(body, "application/json; charset=UTF-8")


@pytest.mark.parametrize(("handler", "status", "body"), [
    (lambda call: wp_send_json_success(), 200, b'{"success":true}'),
    (lambda call: wp_send_json_success({"id": 5}), 200, b'{"success":true,"data":{"id":5}}'),
    (lambda call: wp_send_json_success([1], 201), 201, b'{"success":true,"data":[1]}'),
    (lambda call: wp_send_json_error(), 200, b'{"success":false}'),
    (lambda call: wp_send_json_error("nope", 403), 403, b'{"success":false,"data":"nope"}'),
    (lambda call: wp_send_json(None, 404), 404, b"null"),
    (lambda call: wp_send_json(float("nan")), 200, b""),
])
def test_json_helpers(app, client, handler, status, body):
    register_ajax_action(app, "helper", handler, anonymous=True)
    response = client.get(AJAX + "?action=helper")
    assert (response.status_code, response.data) == (status, body)
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"


@pytest.mark.parametrize(("message", "status", "body"), [
    (-1, 403, b"-1"), ("done", 200, b"done"), (True, 200, b"1"), (False, 200, b""), (None, 200, b"0"),
    ([1, 2], 500, b"0"), (1.0, 200, b"1"),
])
def test_wp_die(app, client, message, status, body):
    register_ajax_action(app, "die", lambda call: wp_die(message, status), anonymous=True)
    response = client.get(AJAX + "?action=die")
    assert (response.status_code, response.data) == (status, body)
    assert headers(response) == FULL + tail(body)


def test_plugin_response_keeps_admin_ajax_headers_like_teambooking(app, client):
    # Golden capture 11: the plugin replaces Content-Type (no charset) and sets the status itself.
    body = '{"header":"403 Forbidden","code":403}'
    register_ajax_action(app, "tb", lambda call: ajax_exit(body, 403, "application/json"), anonymous=True)
    response = client.get(AJAX + "?action=tb&operation=list_everything")
    assert response.status == "403 Forbidden"
    assert headers(response) == FULL + tail(body.encode(), "application/json")


def test_handler_headers_follow_admin_ajax_headers_and_replace_in_place(app, client):
    def handler(call):
        response = ajax_exit("ok", headers=[("X-Frame-Options", "DENY"), ("Set-Cookie", "a=1"),
                                            ("Set-Cookie", "b=2")])
        return response
    register_ajax_action(app, "cookies", handler, anonymous=True)
    response = client.get(AJAX + "?action=cookies")
    expected = FULL[:-1] + [("X-Frame-Options", "DENY"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    assert headers(response) == expected + tail(b"ok")


def test_plain_werkzeug_response_from_a_handler(app, client):
    register_ajax_action(app, "plain", lambda call: Response("<b>x</b>", 202, content_type="text/html"),
                         anonymous=True)
    response = client.get(AJAX + "?action=plain")
    assert (response.status_code, response.data) == (202, b"<b>x</b>")
    assert headers(response) == FULL + tail(b"<b>x</b>", "text/html")


def test_head_has_no_body_and_no_content_length(client):
    # Golden capture 24.
    response = client.head(AJAX + "?action=silent")
    assert response.status_code == 200
    assert response.data == b""
    assert headers(response) == FULL + [("Content-Type", HTML)]


def test_unexpected_exception_is_a_logged_wordpress_fatal(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get(AJAX + "?action=explode")
    body = FATAL_ERROR_BODY.encode()
    assert len(body) == 178  # golden capture 01
    assert response.status == "500 Internal Server Error"
    assert response.data == body
    assert headers(response) == FULL + tail(body)
    assert "handler bug" in caplog.text
    assert b"Traceback" not in response.data


def test_http_error_raised_by_a_handler_is_wp_die_zero(app, client):
    from werkzeug.exceptions import Forbidden

    def forbid(call):
        raise Forbidden()
    register_ajax_action(app, "forbid", forbid, anonymous=True)
    response = client.get(AJAX + "?action=forbid")
    assert (response.status_code, response.data) == (403, b"0")
    assert headers(response) == FULL + tail(b"0")


# --- CORS (send_origin_headers) -------------------------------------------------------------------

CORS = [("Access-Control-Allow-Credentials", "true")]


@pytest.mark.parametrize("origin", ["http://wp.test", "https://wp.test"])
def test_options_from_an_allowed_origin_is_an_empty_200(client, world, origin):
    response = client.options(AJAX, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.data == b""
    assert headers(response) == [("Access-Control-Allow-Origin", origin)] + CORS + tail(b"")


@pytest.mark.parametrize("origin", [None, "http://evil.test", "http://wp.test:8080", "null", "http://WP.test"])
def test_options_from_another_origin_is_an_empty_403(client, world, origin):
    response = client.options(AJAX + "?action=both", headers={"Origin": origin} if origin else {})
    assert response.status == "403 Forbidden"
    assert response.data == b""
    assert headers(response) == tail(b"")


def test_tenant_site_allows_the_site_host(client, world):
    response = client.options("/aurora" + AJAX, headers={"Origin": "http://wp.test"})
    assert response.status_code == 200


def test_allowed_origin_headers_come_first_on_normal_calls(client, world):
    response = client.get(AJAX + "?action=silent", headers={"Origin": "https://wp.test"})
    assert headers(response) == [("Access-Control-Allow-Origin", "https://wp.test")] + CORS + FULL + tail(b"0")
    response = client.get(AJAX + "?action=silent", headers={"Origin": "http://evil.test"})
    assert headers(response) == FULL + tail(b"0")


def test_streamed_body_over_the_limit_is_refused_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    chunked = {"Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked"}
    terminated = {"wsgi.input_terminated": True}
    response = client.post(AJAX + "?action=raw", input_stream=io.BytesIO(b"x=" + b"y" * 300), headers=chunked,
                           environ_overrides=terminated)
    assert (response.status_code, response.data) == (413, b"0")
    response = client.post(AJAX + "?action=raw", input_stream=io.BytesIO(b"x=y"), headers=chunked,
                           environ_overrides=terminated)
    assert response.json == {"raw": "x=y", "files": []}


def test_multipart_with_too_many_parts_is_an_empty_post(client):
    data = {"action": "params", **{f"v{i}": "1" for i in range(1021)}}
    response = client.post(AJAX + "?action=params", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.json["post"] == []


def test_multipart_keeps_1000_vars(client):
    data = {"action": "params", **{f"v{i}": "1" for i in range(1005)}}
    response = client.post(AJAX, data=data, content_type="multipart/form-data")
    post = response.json["post"]
    assert len(post) == 1000
    assert "v998" in post and "v999" not in post
