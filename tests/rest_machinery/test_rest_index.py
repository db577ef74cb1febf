"""The API root index, namespace indexes and the front-page discovery that clients start from."""
from __future__ import annotations

import json

from wpcompat.rest import register_rest_route

from ..rest_support import NOCACHE, assert_rest_headers, body, golden

BOOKNETIC_ROUTES = json.loads(golden("29").body)["routes"]


def _register_golden_booknetic_routes(app) -> None:
    # Booknetic declares no args: every handler is (methods, callback, permission) only.
    for pattern, route in BOOKNETIC_ROUTES.items():
        if pattern == "/booknetic/v1":
            continue  # the namespace index registers itself
        handlers = [{"methods": endpoint["methods"], "callback": lambda request: [],
                     "permission_callback": lambda request: request.user is not None}
                    for endpoint in route["endpoints"]]
        register_rest_route(app, "booknetic/v1", pattern.removeprefix("/booknetic/v1"), handlers)


def test_root_index_keys_and_site_values(api, client):
    response = client.get("/wp-json/")
    assert response.status_code == 200
    assert_rest_headers(response)
    assert response.headers["Allow"] == "GET"
    data = body(response)
    assert list(data) == ["name", "description", "url", "home", "gmt_offset", "timezone_string", "page_for_posts",
                          "page_on_front", "show_on_front", "namespaces", "authentication", "routes", "site_logo",
                          "site_icon", "site_icon_url", "_links"]
    assert data["name"] == "Test Platform"
    assert data["description"] == "Just another WordPress site"
    assert data["url"] == data["home"] == "http://wp.test"
    assert (data["gmt_offset"], data["timezone_string"]) == ("0", "")
    assert (data["page_for_posts"], data["page_on_front"], data["show_on_front"]) == (0, 0, "posts")
    assert data["namespaces"] == ["wp/v2", "wpcompat/v1", "wpcompat-test/v1"]
    assert data["authentication"] == {"application-passwords": {"endpoints": {
        "authorization": "http://wp.test/wp-admin/authorize-application.php"}}}
    assert (data["site_logo"], data["site_icon"], data["site_icon_url"]) == (0, 0, "")
    assert data["_links"] == {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]}
    assert data["routes"]["/"] == {"namespace": "", "methods": ["GET"], "endpoints": [
        {"methods": ["GET"], "args": {"context": {"default": "view", "required": False}}}],
        "_links": {"self": [{"href": "http://wp.test/wp-json/"}]}}
    assert b'"url":"http:\\/\\/wp.test"' in response.get_data()


def test_root_index_is_the_same_at_the_rest_route_form(api, client):
    assert client.get("/?rest_route=/").get_data() == client.get("/wp-json/").get_data()
    assert client.get("/wp-json").get_data() == client.get("/wp-json/").get_data()


def test_tenant_index_describes_the_tenant_site(api, client, world):
    response = client.get("/aurora/wp-json/", headers=world.aurora_admin.auth)
    assert_rest_headers(response, link="http://wp.test/aurora/wp-json/")
    for name, value in NOCACHE.items():
        assert response.headers[name] == value
    data = body(response)
    assert data["name"] == "Aurora Wellness"
    assert data["url"] == "http://wp.test/aurora"
    assert data["timezone_string"] == "Europe/Amsterdam"
    assert data["gmt_offset"] in (1, 2)  # CET or CEST, as a number
    assert data["routes"]["/wp/v2/users/me"]["_links"] == {
        "self": [{"href": "http://wp.test/aurora/wp-json/wp/v2/users/me"}]}


def test_index_fields_name_drops_links_and_logo(api, client):
    assert client.get("/wp-json/?_fields=name").get_data() == b'{"name":"Test Platform"}'
    assert body(client.get("/wp-json/?_fields=name,site_icon_url")) == {"name": "Test Platform", "site_icon_url": ""}


def test_hidden_routes_are_not_indexed_but_served(api, client):
    assert "/wpcompat-test/v1/hidden" not in body(client.get("/wp-json/"))["routes"]
    assert client.get("/wp-json/wpcompat-test/v1/hidden").get_data() == b'"hidden"'


def test_args_show_only_schema_keywords_and_required(api, client):
    typed = body(client.get("/wp-json/wpcompat-test/v1"))["routes"]["/wpcompat-test/v1/typed"]
    args = typed["endpoints"][0]["args"]
    assert args["count"] == {"type": "integer", "minimum": 1, "maximum": 10, "required": True}
    assert args["page"] == {"type": "integer", "default": "1", "description": "Page.", "required": False}
    checked = body(client.get("/wp-json/wpcompat-test/v1"))["routes"]["/wpcompat-test/v1/checked"]
    assert checked["endpoints"][0]["args"] == {"odd": {"required": False}, "word": {"required": False},
                                               "upper": {"required": False}}


def test_namespace_index(api, client):
    response = client.get("/wp-json/wpcompat-test/v1")
    data = body(response)
    assert list(data) == ["namespace", "routes", "_links"]
    assert data["namespace"] == "wpcompat-test/v1"
    assert all(route["namespace"] == "wpcompat-test/v1" for route in data["routes"].values())
    assert data["_links"] == {"up": [{"href": "http://wp.test/wp-json/"}]}
    assert list(data["routes"])[0] == "/wpcompat-test/v1"


def test_namespace_param_can_pick_another_namespace(api, client):
    assert body(client.get("/wp-json/wpcompat-test/v1?namespace=wp/v2"))["namespace"] == "wp/v2"
    response = client.get("/wp-json/wpcompat-test/v1?namespace=nope")
    assert response.status_code == 404
    assert response.get_data() == \
        b'{"code":"rest_invalid_namespace","message":"The specified namespace could not be found.","data":{"status":404}}'


def test_booknetic_route_descriptions_match_the_golden_index(api, client, world):
    """Golden 29: registering Booknetic's routes gives WordPress's exact route descriptions."""
    _register_golden_booknetic_routes(api)
    raw = golden("29").body.replace(b"127.0.0.1:8080", b"wp.test")
    expected_routes = raw[raw.index(b'"routes":'):raw.index(b',"site_logo"')]
    ours = client.get("/wp-json/booknetic/v1", headers=world.aurora_admin.auth).get_data()
    assert ours[ours.index(b'"routes":'):ours.index(b',"_links":{"up"')] == expected_routes
    root = client.get("/wp-json/", headers=world.aurora_admin.auth).get_data()
    assert root.startswith(b'{"name":"Test Platform","description":"Just another WordPress site","url":"http:\\/\\/'
                           b'wp.test","home":"http:\\/\\/wp.test","gmt_offset":"0","timezone_string":"",')
    assert raw[raw.index(b'"authentication":'):raw.index(b',"routes":')] in root


def test_front_page_advertises_the_api(api, client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert response.headers["Link"] == '<http://wp.test/wp-json/>; rel="https://api.w.org/"'
    assert b'<link rel="https://api.w.org/" href="http://wp.test/wp-json/" />' in response.get_data()
    head = client.head("/")
    assert head.headers["Link"] == response.headers["Link"]
    assert head.get_data() == b""


def test_tenant_front_page_advertises_its_api(api, client):
    for url in ("/aurora/", "/aurora/index.php"):
        response = client.get(url)
        assert response.headers["Link"] == '<http://wp.test/aurora/wp-json/>; rel="https://api.w.org/"'
        assert b"<title>Aurora Wellness</title>" in response.get_data()
    assert client.head("/aurora/").headers["Link"] == '<http://wp.test/aurora/wp-json/>; rel="https://api.w.org/"'
