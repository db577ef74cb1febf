"""Where REST params come from (priority, PHP bracket syntax, JSON) and how args are checked."""
from __future__ import annotations

import json

import pytest

from wpcompat.rest import RestError, register_rest_route

from ..rest_support import body

NS = "/wp-json/wpcompat-test/v1"
JSON = "application/json"


def test_url_param_is_a_param(api, client):
    assert body(client.get(f"{NS}/items/42")) == {"id": "42", "url": {"id": "42"}}


def test_priority_json_over_form_over_query_over_url(api, client):
    url = f"{NS}/prio/1"
    assert body(client.get(url)) == {"id": "1"}
    assert body(client.get(url + "?id=2")) == {"id": "2"}
    assert body(client.post(url + "?id=2", data={"id": "3"})) == {"id": "3"}
    assert body(client.post(url + "?id=2", data=json.dumps({"id": 4}), content_type=JSON)) == {"id": 4}
    assert body(client.post(url + "?id=2", data=json.dumps({"id": None}), content_type=JSON)) == {"id": "2"}


def test_get_requests_never_read_a_form_body(api, client):
    response = client.get(f"{NS}/prio/1?id=2", data="id=3", content_type="application/x-www-form-urlencoded")
    assert body(response) == {"id": "2"}


def test_put_patch_delete_urlencoded_bodies_are_parsed(api, client):
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"{NS}/prio/1", data="id=5", content_type="application/x-www-form-urlencoded")
        assert body(response) == {"id": "5"}, method
    no_type = client.put(f"{NS}/prio/1", data="id=6")
    assert body(no_type) == {"id": "6"}  # a missing content type is treated as urlencoded


def test_put_multipart_body_is_ignored_as_in_wordpress(api, client):
    response = client.put(f"{NS}/prio/1", data={"id": "7"}, content_type="multipart/form-data")
    assert body(response) == {"id": "1"}


def test_json_media_types(api, client):
    for content_type in ("application/json; charset=utf-8", "application/vnd.api+json", "APPLICATION/JSON"):
        response = client.post(f"{NS}/prio/1", data='{"id": "j"}', content_type=content_type)
        assert body(response) == {"id": "j"}, content_type
    text = client.post(f"{NS}/prio/1", data='{"id": "j"}', content_type="text/plain")
    assert body(text) == {"id": "1"}


def test_php_bracket_syntax_in_query_strings(api, client):
    response = client.get(f"{NS}/echo?a[b][c]=1&l[]=x&l[]=y&x.y=z&q=a+b%20c&n=1&n=2")
    assert body(response)["params"] == {"a": {"b": {"c": "1"}}, "l": ["x", "y"], "x_y": "z", "q": "a b c", "n": "2"}


def test_php_bracket_syntax_in_form_bodies(api, client):
    urlencoded = client.post(f"{NS}/echo", data="f[k]=v&m[]=1&m[]=2", content_type="application/x-www-form-urlencoded")
    assert body(urlencoded)["params"] == {"f": {"k": "v"}, "m": ["1", "2"]}
    multipart = client.post(f"{NS}/echo", data={"m[]": ["1", "2"], "f[k]": "v"}, content_type="multipart/form-data")
    assert body(multipart)["params"] == {"m": ["1", "2"], "f": {"k": "v"}}


def test_backslashes_and_quotes_survive(api, client):
    response = client.post(f"{NS}/echo?q=it's%20%22x%22%5Cy", data=json.dumps({"j": "a\\b"}), content_type=JSON)
    assert body(response)["params"] == {"q": "it's \"x\"\\y", "j": "a\\b"}


def test_merged_params_put_higher_priority_values_over_lower(api, client):
    response = client.post(f"{NS}/echo?a=query&b=query", data={"a": "form"})
    assert body(response)["params"] == {"a": "form", "b": "query"}


@pytest.mark.parametrize("payload, code, message", [
    (b"{bad", 4, "Syntax error"),
    (b"   ", 4, "Syntax error"),
    (b'{"x": NaN}', 4, "Syntax error"),
    (b'{"x": "\x01"}', 3, "Control character error, possibly incorrectly encoded"),
    (b'{"x": "\xff"}', 5, "Malformed UTF-8 characters, possibly incorrectly encoded"),
])
def test_invalid_json_body_is_rejected_when_a_route_matched(api, client, payload, code, message):
    response = client.post(f"{NS}/echo", data=payload, content_type=JSON)
    assert response.status_code == 400
    assert body(response) == {"code": "rest_invalid_json", "message": "Invalid JSON body passed.",
                              "data": {"status": 400, "json_error_code": code, "json_error_message": message}}
    assert response.headers["Allow"] == "GET, POST, PUT, PATCH, DELETE"


def test_invalid_json_exact_bytes_and_unmatched_routes(api, client):
    response = client.post(f"{NS}/echo", data=b"{bad", content_type=JSON)
    assert response.get_data() == (b'{"code":"rest_invalid_json","message":"Invalid JSON body passed.","data":'
                                   b'{"status":400,"json_error_code":4,"json_error_message":"Syntax error"}}')
    assert client.post(f"{NS}/nope", data=b"{bad", content_type=JSON).status_code == 404
    assert client.post(f"{NS}/echo", data=b"0", content_type=JSON).status_code == 200  # PHP empty("0")


def test_missing_required_param(api, client):
    response = client.get(f"{NS}/typed")
    assert response.status_code == 400
    assert response.get_data() == (b'{"code":"rest_missing_callback_param","message":"Missing parameter(s): count",'
                                   b'"data":{"status":400,"params":["count"]}}')


def test_invalid_params_are_reported_before_the_permission_check(api, client):
    response = client.get(f"{NS}/typed?count=abc&kind=c")
    assert response.status_code == 400  # not the 401 the permission callback would give
    assert body(response) == {
        "code": "rest_invalid_param", "message": "Invalid parameter(s): count, kind",
        "data": {"status": 400,
                 "params": {"count": "count is not of type integer.", "kind": "kind is not one of a and b."},
                 "details": {"count": {"code": "rest_invalid_type", "message": "count is not of type integer.",
                                       "data": {"param": "count"}},
                             "kind": {"code": "rest_not_in_enum", "message": "kind is not one of a and b.",
                                      "data": None}}},
    }


@pytest.mark.parametrize("query, param, message", [
    ("count=11", "count", "count must be between 1 (inclusive) and 10 (inclusive)"),
    ("count=2.5", "count", "count is not of type integer."),
    ("count=1&flag=maybe", "flag", "flag is not of type boolean."),
    ("count=1&email=not-an-email", "email", "Invalid email address."),
    ("count=1&uid=A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "uid", "uid is not a valid UUID."),
    ("count=1&when=2024-13-01T00:00:00", "when", "Invalid date."),
    ("count=1&name=a", "name", "name must be at least 2 characters long."),
    ("count=1&name=abcdef", "name", "name must be at most 5 characters long."),
    ("count=1&tags[]=1&tags[]=x", "tags", "tags[1] is not of type integer."),
])
def test_schema_validation_messages(api, client, query, param, message):
    response = client.get(f"{NS}/typed?{query}")
    assert response.status_code == 400
    assert body(response)["data"]["params"] == {param: message}


def test_valid_params_pass_to_the_permission_check(api, client):
    response = client.get(f"{NS}/typed?count=5&flag=false&kind=a&email=a@b.co&uid=a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
                          "&when=2024-01-02T03:04:05Z&name=abc&tags=1,2")
    assert response.status_code == 401  # the permission callback refuses everyone


def test_sanitized_values_and_defaults(api, client):
    response = client.get(f"{NS}/typed-open?count=05&flag=false&tags[]=1&tags[]=2&ratio=2&label=5")
    assert response.get_data() == (b'{"page":1,"count":5,"flag":false,"tags":[1,2],"ratio":2,"label":"5"}')
    comma_list = client.get(f"{NS}/typed-open?count=3&tags=4,5&flag=1")
    assert comma_list.get_data() == b'{"page":1,"count":3,"tags":[4,5],"flag":true}'
    overridden = client.get(f"{NS}/typed-open?count=1&page=3")
    assert body(overridden) == {"page": 3, "count": 1}


def test_explicit_validate_and_sanitize_callbacks(api, client):
    odd = client.get(f"{NS}/checked?odd=2&word=x")
    assert body(odd)["data"]["params"] == {"odd": "Invalid parameter.", "word": "Too wordy."}
    assert body(odd)["data"]["details"] == {"word": {"code": "too_wordy", "message": "Too wordy.",
                                                      "data": {"status": 400}}}
    assert body(client.get(f"{NS}/checked?odd=3&upper=abc")) == {"upper": "ABC"}


def test_route_level_validate_callback(api, client):
    register_rest_route(api, "wpcompat-test/v1", "/whole", [
        {"methods": "GET", "callback": lambda request: "ok", "validate_callback": lambda request: False},
    ])
    register_rest_route(api, "wpcompat-test/v1", "/whole-error", [
        {"methods": "GET", "callback": lambda request: "ok",
         "validate_callback": lambda request: RestError("rest_bad_combo", "Bad combination.", 422)},
    ])
    assert client.get(f"{NS}/whole").get_data() == \
        b'{"code":"rest_invalid_params","message":"Invalid parameters.","data":{"status":400}}'
    assert client.get(f"{NS}/whole-error").status_code == 422


def test_registration_rejects_bad_handlers(api):
    with pytest.raises(TypeError):
        register_rest_route(api, "wpcompat-test/v1", "/bad", [{"methods": "GET", "callback": "not callable"}])
    with pytest.raises(TypeError):
        register_rest_route(api, "wpcompat-test/v1", "/bad", [{"callback": print, "permision_callback": print}])
    with pytest.raises(ValueError):
        register_rest_route(api, "/", "/bad", [{"callback": print}])
