"""Helpers for the REST tests: golden captures, JSON decoding, and the headers every REST response has."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .shared_files import BOOKNETIC_CAPTURES

GOLDEN = BOOKNETIC_CAPTURES

ALWAYS = {
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link",
    "Access-Control-Allow-Headers": "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
    "Content-Type": "application/json; charset=UTF-8",
}
NOCACHE = {"Expires": "Wed, 11 Jan 1984 05:00:00 GMT", "Cache-Control": "no-cache, must-revalidate, max-age=0"}
NO_ROUTE = b'{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}'
FORBIDDEN_401 = b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":401}}'
INVALID_USERNAME = (b'{"code":"invalid_username","message":"<strong>Error:<\\/strong> Unknown username. Check again'
                    b' or try your email address.","data":{"status":401}}')
INCORRECT_PASSWORD = (b'{"code":"incorrect_password","message":"The provided password is an invalid application'
                      b' password.","data":{"status":401}}')


@dataclass
class Golden:
    status: int
    headers: dict[str, str]
    body: bytes


def golden(name: str) -> Golden:
    """A capture: request, blank line, status line + headers, blank line, raw body."""
    raw = next(GOLDEN.glob(f"{name}*.txt")).read_bytes()
    _request, response = raw.split(b"\n\n", 1)
    head, body = response.split(b"\n\n", 1)
    lines = head.decode().splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return Golden(int(lines[0].split()[1]), headers, body)


def core_app(database_url: str):
    """An app with WordPress core only (no plugin adapters), for tests of the REST machinery itself."""
    from wpcompat import create_app

    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "PLUGINS": [],
    })


def body(response) -> object:
    return json.loads(response.get_data())


def assert_rest_headers(response, *, link: str = "http://wp.test/wp-json/") -> None:
    """The fixed headers of every REST response (and never WWW-Authenticate)."""
    for name, value in ALWAYS.items():
        assert response.headers[name] == value, name
    assert response.headers.getlist("Link")[0] == f'<{link}>; rel="https://api.w.org/"'
    assert "WWW-Authenticate" not in response.headers


# --- A throwaway namespace that exercises the machinery (test code only; registered per app by fixtures)

def make_test_namespace():
    """``wpcompat-test/v1``: one route per behaviour the REST tests need."""
    from decimal import Decimal

    from sqlalchemy import func, select

    from wpcompat.booking.models import Location
    from wpcompat.extensions import db
    from wpcompat.rest import ALLMETHODS, EDITABLE, RestError, RestNamespace, RestResponse

    ns = RestNamespace("wpcompat-test/v1")

    def is_owner(request):
        return request.user is not None and request.user.role == "tenant_owner"

    @ns.route("/echo", methods=ALLMETHODS)
    def echo(request):
        return {"method": request.method, "params": request.params}

    @ns.route(r"/items/(?P<id>\d+)")
    def get_item(request):
        return {"id": request["id"], "url": request.url_params}

    @ns.route(r"/items/(?P<id>\d+)", methods="PUT", permission=is_owner)
    def put_item(request):
        return []

    @ns.route(r"/prio/(?P<id>\d+)", methods=ALLMETHODS)
    def prio(request):
        return {"id": request.get_param("id")}

    @ns.route("/private", permission=lambda request: request.user is not None)
    def private(request):
        return {"login": request.user.login}

    @ns.route("/forbidden", methods=["GET", "POST"], permission=lambda request: False)
    def forbidden(request):
        raise AssertionError("never called")

    @ns.route("/teapot", permission=lambda request: RestError("custom_denied", "No.", 418, why="tea"))
    def teapot(request):
        raise AssertionError("never called")

    @ns.route("/error")
    def error(request):
        raise RestError(400, "Appointment not found", 400)

    @ns.route("/crash")
    def crash(request):
        raise RuntimeError("boom: secret detail")

    @ns.route("/nan")
    def nan(request):
        return {"x": float("nan")}

    @ns.route("/data")
    def data(request):
        return {"a": {"b": 1, "c": {"d": 2, "e": 3}}, "f": "x/y", "g": "é", "price": Decimal("40.00")}

    @ns.route("/list")
    def listing(request):
        return [{"a": 1, "b": 2}, {"a": 3, "b": 4}]

    @ns.route("/created", methods="POST")
    def created(request):
        response = RestResponse({"id": 7}, 201, {"Location": "http://wp.test/wp-json/wpcompat-test/v1/items/7"})
        response.add_link("self", "http://wp.test/wp-json/wpcompat-test/v1/items/7")
        response.add_link("https://api.w.org/items", "http://wp.test/x", embeddable=True)
        return response

    @ns.route("/nothing")
    def nothing(request):
        return None

    @ns.route("/empty")
    def empty(request):
        return {}

    @ns.route("/no-content", methods="DELETE")
    def no_content(request):
        return RestResponse({"ignored": True}, 204)

    @ns.route("/head-first", methods="HEAD")
    def head_first(request):
        return RestResponse({"from": "head"}, headers={"X-Handler": "head"})

    @ns.route("/head-first", methods="GET")
    def head_first_get(request):
        return RestResponse({"from": "get"}, headers={"X-Handler": "get"})

    @ns.route("/hidden", show_in_index=False)
    def hidden(request):
        return "hidden"

    @ns.route(r"/shadow/(?P<slug>[a-z]+)")
    def shadow_get(request):
        return {"route": "first", "slug": request["slug"]}

    @ns.route(r"/shadow/(?P<word>\w+)", methods="POST")
    def shadow_post(request):
        return {"route": "second", "word": request["word"]}

    @ns.route("/typed", args={
        "count": {"type": "integer", "required": True, "minimum": 1, "maximum": 10},
        "flag": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "email": {"type": "string", "format": "email"},
        "uid": {"type": "string", "format": "uuid"},
        "when": {"type": "string", "format": "date-time"},
        "name": {"type": "string", "minLength": 2, "maxLength": 5},
        "tags": {"type": "array", "items": {"type": "integer"}},
        "page": {"type": "integer", "default": "1", "description": "Page."},
    }, permission=lambda request: False)
    def typed(request):
        raise AssertionError("the permission check refuses")

    @ns.route("/typed-open", args={
        "count": {"type": "integer", "required": True},
        "flag": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "integer"}},
        "ratio": {"type": "number"},
        "page": {"type": "integer", "default": "1"},
        "label": {"type": "string"},
    })
    def typed_open(request):
        return request.params

    @ns.route("/checked", args={
        "odd": {"validate_callback": lambda value, request, param: int(value) % 2 == 1},
        "word": {"validate_callback": lambda value, request, param: RestError("too_wordy", "Too wordy.", 400)},
        "upper": {"sanitize_callback": lambda value, request, param: value.upper()},
    })
    def checked(request):
        return {"upper": request["upper"]}

    @ns.route("/write", methods="POST")
    def write(request):
        db.session.add(Location(name=request["name"]))
        db.session.flush()
        return {"count": db.session.execute(select(func.count()).select_from(Location)).scalar()}

    @ns.route("/write-fail", methods="POST")
    def write_fail(request):
        db.session.add(Location(name=request["name"]))
        db.session.flush()
        raise RestError("rest_failed", "Failed after writing.", 409)

    @ns.route("/whoami")
    def whoami(request):
        from wpcompat import tenancy

        return {"user": request.user.login if request.user else None,
                "tenant": request.tenant.slug if request.tenant else None,
                "active_tenant_id": tenancy.active_tenant_id(),
                "app_password": request.app_password.uuid if request.app_password else None}

    @ns.route("/editable", methods=EDITABLE)
    def editable(request):
        return request.method

    return ns
