"""Hostile requests, one per draw, for a target: the bytes a client could send, as a plain value.

A :class:`FuzzRequest` is what both runners send (Flask's test client in the suite, ``http.client`` in
bench/fuzz.py) and what a failure is reported as (:meth:`FuzzRequest.curl`). Most draws keep the request
plausible (the home tenant, valid credentials, the route's own method) so the fuzz reaches the handlers;
the rest change one thing at a time.
"""
from __future__ import annotations

import base64
import json
import re
import shlex
from dataclasses import dataclass
from urllib.parse import quote

from wpcompat.booking.availability import format_slot_id

from . import values
from .draws import Draw
from .targets import RestTarget, TeamBookingTarget, path_groups

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
AJAX = "/wp-admin/admin-ajax.php"
TB_ACTION = "teambooking_rest_api"
META_ARGS = ("_fields", "_envelope", "_jsonp", "_method", "context", "page", "per_page", "_embed", "rest_route")
HOSTILE_SLUGS = ("nosuch", "AURORA", "a%0d", "a%0a", "a%00", "n%20ope", "%C3%A9", "x" * 300, "a%0d%0aX-Evil:%201",
                 "%FF", "..", "a.b", "%25")
HOSTS = ("127.0.0.1", "wp.test", "evil.test", "", "a b", "[::1]", "x" * 300, "wp.test:99999", "wp.test:abc")


@dataclass(frozen=True)
class Credentials:
    """Who the fuzz speaks as: tenants, application passwords (home tenant's owner first), TeamBooking tokens
    (home write, home read, then others)."""

    home: str
    other: str
    users: tuple[tuple[str, str], ...]
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class FuzzRequest:
    family: str  # "rest" (WordPress/Booknetic JSON) or "ajax" (admin-ajax: TeamBooking envelope or 0/-1)
    label: str  # the route or operation, for grouping failures
    method: str
    path: str  # percent-encoded
    query: str = ""  # encoded, without "?"
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    @property
    def target(self) -> str:
        return self.path + ("?" + self.query if self.query else "")

    @property
    def effective_method(self) -> str:
        """The method the REST server acts on (``_method`` / ``X-HTTP-Method-Override`` applied)."""
        overrides = [part[8:] for part in self.query.split("&") if part.startswith("_method=")]
        if overrides and self.family == "rest":
            return overrides[-1].upper()  # PHP's parse_str: the last one wins
        override = dict(self.headers).get("X-HTTP-Method-Override")
        return override.upper() if override is not None and self.family == "rest" else self.method

    def has_query(self, name: str) -> bool:
        """``name`` is in the query string, plain or in PHP's array syntax (``name[]=``)."""
        return any(part.split("=", 1)[0].split("%5B", 1)[0] == name for part in self.query.split("&"))

    def curl(self, base: str = "$H") -> str:
        """A shell line reproducing this request against ``base`` (e.g. ``H=http://127.0.0.1:8080``)."""
        parts = ["curl", "-i", "-X", self.method] if self.method != "HEAD" else ["curl", "-I"]
        for name, value in self.headers:
            parts += ["-H", f"{name}: {value}"]
        command = " ".join(shlex.quote(p) for p in parts)
        if self.body:
            command += " --data-binary " + _shell_bytes(self.body)
        return f'{command} "{base}{self.target}"'


def _shell_bytes(data: bytes) -> str:
    if all(32 <= b < 127 and b != 39 for b in data):
        return "'" + data.decode() + "'"
    return "$'" + "".join(chr(b) if 32 <= b < 127 and b not in (39, 92) else f"\\x{b:02x}" for b in data) + "'"


def encode(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _pairs(draw: Draw, name: str, value: str, *, in_url: bool = True) -> list[str]:
    """``name=value``, sometimes in PHP's array syntax (``name[]=``, ``name[k]=``). In a URL a value over
    1,000 characters is mostly cut to 1,000: gunicorn answers a request line over 4,094 bytes itself
    (414), before the app, and that one finding would hide the rest."""
    if in_url and len(value) > 1000 and not draw.chance(0.05):
        value = value[:1000]
    key = encode(name)
    if draw.chance(0.03):
        key += draw.choice(("%5B%5D", "%5Bk%5D", "%5B0%5D%5B1%5D"))
    return [f"{key}={encode(value)}"]


def _auth(draw: Draw, credentials: Credentials, hostile: float = 0.25) -> list[tuple[str, str]]:
    if not draw.chance(hostile):
        login, password = credentials.users[0]
    else:
        login, password = draw.choice(credentials.users + (("nobody", "x"), (credentials.users[0][0], "wrong"),
                                                           ("a\x00b", "pw"), ("", ""), ("\xe9", "\xe9")))
        if draw.chance(0.2):
            return [] if draw.chance(0.5) else [("Authorization", draw.choice(("Basic !!!", "Bearer x", "Basic",
                                                                              "Basic " + "A" * 3000)))]
    token = base64.b64encode(f"{login}:{password}".encode("utf-8", "surrogatepass")).decode()
    return [("Authorization", f"Basic {token}")]


def _rest_path(draw: Draw, pattern: str, odd_http: bool) -> str:
    path, last = "", 0
    for start, end, _name, inner in path_groups(pattern):
        value = values.path_id(draw, inner)
        if not odd_http and not re.fullmatch(inner, value, re.ASCII | re.IGNORECASE):
            value = "1"
        path += pattern[last:start] + value
        last = end
    path += pattern[last:]
    if odd_http and draw.chance(0.05):
        path += draw.choice(("/", "%0a", "/x", "%00", "//"))
    return path


def _arg_value(draw: Draw, arg) -> str:
    if arg.choices and not draw.chance(0.3):
        return draw.choice(arg.choices)
    return values.text(draw, arg.kind if arg.kind in ("int", "date", "time", "text") else "any")


def _chosen_args(draw: Draw, args) -> tuple[list, int]:
    """Some of the args (sometimes all, so that values that need company meet), and which one is hostile."""
    if not args:
        return [], 0
    chosen = list(args) if draw.chance(0.3) else [draw.choice(args) for _ in range(draw.integer(1, 6))]
    return chosen, draw.integer(0, len(chosen) - 1)


def _arg_values(draw: Draw, args) -> list[tuple]:
    """(arg, text) pairs: one hostile value among plain ones (more hostile ones now and then): an edge
    value is only reached when the other args pass their checks."""
    chosen, hostile = _chosen_args(draw, args)
    return [(arg, _arg_value(draw, arg) if index == hostile or draw.chance(0.15) else values.plain(arg.kind, arg.choices))
            for index, arg in enumerate(chosen)]


def _json_body(draw: Draw, args) -> bytes:
    if draw.chance(0.1):
        document = values.json_value(draw)  # not an object at the top
    else:
        chosen, hostile = _chosen_args(draw, args)
        document = {arg.name: values.json_value(draw, arg.kind) if index == hostile or draw.chance(0.15)
                    else values.plain(arg.kind, arg.choices) for index, arg in enumerate(chosen)}
        if draw.chance(0.1):
            document[draw.choice(("id", "name", "x", ""))] = values.json_value(draw)
    return json.dumps(document).encode()


def rest_request(draw: Draw, target: RestTarget, credentials: Credentials, *, odd_http: bool = True) -> FuzzRequest:
    """A request for one REST route and method, at one of the URL forms WordPress answers REST on.

    ``odd_http``: also unknown methods and junk after the route (the HTTP layer's business, shared by every
    route); without it every request reaches the route's handler or its argument checks."""
    route = _rest_path(draw, target.pattern, odd_http)
    slug = credentials.home if not (odd_http and draw.chance(0.3)) else draw.choice((credentials.other, "nosuch", ""))
    site = f"/{slug}" if slug else ""
    form = draw.choice(("path", "path", "path", "rest_route", "index.php"))
    query: list[str] = []
    if form == "path":
        path = f"{site}/wp-json{route}"
    elif form == "index.php":
        path = f"{site}/index.php/wp-json{route}"
    else:
        path, query = f"{site}/", [f"rest_route={route}"]
    method = target.method
    headers = _auth(draw, credentials, hostile=0.25 if odd_http else 0.08)
    if draw.chance(0.1):
        override = draw.choice(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BOGUS", ""))
        if draw.chance(0.5):
            query.append(f"_method={override}")
            method = "POST"
        else:
            headers.append(("X-HTTP-Method-Override", override))
            method = "POST"
    elif draw.chance(0.08):
        method = draw.choice(("HEAD", "OPTIONS", "PATCH", "BOGUS") if odd_http else ("HEAD", "OPTIONS"))
    args = list(target.args)
    in_body = method in ("POST", "PUT", "PATCH") and not draw.chance(0.2)
    if not in_body or draw.chance(0.2):
        meta = [name for name in META_ARGS if form != "rest_route" or name != "rest_route"]
        for arg, value in _arg_values(draw, args):
            query += _pairs(draw, arg.name, value)
        for _ in range(draw.integer(1, 2) if draw.chance(0.25) else 0):
            query += _pairs(draw, draw.choice(meta), values.text(draw))
    body = b""
    if in_body:
        shape = draw.choice(("json", "json", "form", "invalid", "wrong-type", "empty"))
        if shape in ("json", "wrong-type"):
            body = _json_body(draw, args)
            headers.append(("Content-Type", JSON if shape == "json" else draw.choice(("text/plain", FORM, "x/y"))))
        elif shape == "form":
            pairs = []
            for arg, value in _arg_values(draw, args):
                pairs += _pairs(draw, arg.name, value, in_url=False)
            body = "&".join(pairs).encode()
            headers.append(("Content-Type", FORM))
        elif shape == "invalid":
            body = draw.choice((b"{", b"[1,", b'{"a":NaN}', b"\xff\xfe", b'{"a":"\\ud800"}', b"nul\x00l",
                                b"[" * 600 + b"]" * 600, b'{"a":1e999}', b'"x"'))
            headers.append(("Content-Type", JSON))
        else:
            headers.append(("Content-Type", JSON))
    return FuzzRequest("rest", target.label, method, path, "&".join(query), tuple(headers), body)


# --- TeamBooking ---------------------------------------------------------------------------------

SERVICE_SLUGS = ("swedish-massage", "flow-yoga", "deep-tissue", "hot-stones", "intake", "nosuch")
SLOT_STARTS = (1894006800, 1894010400, 1894093200, 0, 2**31, 2**63)  # Mon 2030-01-07 10:00, 11:00 Amsterdam, Tue 10:00, edges


def _reservation(draw: Draw) -> dict:
    return {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Rome", "service": {},
            "tickets": 1, "formFields": [
                {"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
                for name, value in (("first_name", "Dana"), ("second_name", "Kim"), ("email", "dana@example.com"))]}


def _slot(draw: Draw) -> dict:
    slot_id = format_slot_id(draw.integer(1, 4), draw.integer(1, 4), draw.choice(SLOT_STARTS))
    return {"type": "slot", "serviceID": draw.choice(SERVICE_SLUGS), "coworkerID": draw.integer(0, 4),
            "tickets": 1, "start": "2030-01-07T10:00:00+01:00", "end": "2030-01-07T11:00:00+01:00",
            "gcalEvent": slot_id}


def _mutate(draw: Draw, document: dict, depth: int = 0) -> object:
    """The document with a few members changed: a hostile value, a wrong type, removed, or a new member."""
    for _ in range(draw.integer(0, 3)):
        keys = list(document)
        action = draw.choice(("value", "value", "drop", "add", "nested"))
        if action == "drop" and keys:
            document.pop(draw.choice(keys))
        elif action == "add":
            document[draw.choice(("datetime", "payment", "status", "postID", "id", "\x00"))] = values.json_value(draw)
        elif action == "nested" and depth < 2:
            key = draw.choice(("datetime", "payment", "service", "formFields"))
            inner = {"start": "", "end": "", "amount": "", "isPaid": "", "name": "", "value": ""}
            document[key] = _mutate(draw, {k: values.json_value(draw) for k in inner if draw.chance(0.5)}, depth + 1)
        elif keys:
            document[draw.choice(keys)] = values.json_value(draw)
    return document


def _resource_text(draw: Draw, document: dict) -> str:
    text = json.dumps(_mutate(draw, document) if draw.chance(0.6) else document)
    if draw.chance(0.08):
        text = draw.choice((text[: len(text) // 2], "[]", "null", "1", '"x"', text.replace('"', "'"), "{" * 600))
    return text


def _tb_value(draw: Draw, name: str) -> str:
    if name in ("id", "coworker"):
        return values.text(draw, "int")
    if name == "service_id":
        return draw.choice(SERVICE_SLUGS) if not draw.chance(0.3) else values.text(draw)
    if name in ("from", "to"):
        return values.text(draw, "date")
    if name == "show_past":
        return draw.choice(("0", "1", "true", "false", "", "x"))
    if name == "reservation":
        return _resource_text(draw, _reservation(draw))
    if name == "slot":
        return _resource_text(draw, _slot(draw))
    return values.text(draw)


def teambooking_request(draw: Draw, target: TeamBookingTarget, credentials: Credentials,
                        param_names: tuple[str, ...]) -> FuzzRequest:
    """A TeamBooking call: the operation's required params mostly present, tokens valid or not."""
    site = f"/{credentials.home}" if not draw.chance(0.15) else draw.choice(("", f"/{credentials.other}", "/nosuch"))
    method = target.method if not draw.chance(0.08) else draw.choice(("GET", "POST", "HEAD", "PUT", "DELETE"))
    fields: list[str] = [f"action={TB_ACTION}"]
    fields += _pairs(draw, "operation", target.operation) if not draw.chance(0.05) else []
    if not draw.chance(0.1):
        token = credentials.tokens[0 if target.method == "POST" else 1] if not draw.chance(0.3) else draw.choice(
            credentials.tokens + ("", "x" * 32, "nope", "\x00", credentials.tokens[0] + "\n"))
        fields += _pairs(draw, "auth_token", token)
    in_url = method in ("GET", "HEAD") or draw.chance(0.1)
    for name in target.required:
        if name != "auth_token" and not draw.chance(0.08):
            fields += _pairs(draw, name, _tb_value(draw, name), in_url=in_url)
    for _ in range(draw.integer(0, 3)):
        name = draw.choice(param_names)
        fields += _pairs(draw, name, _tb_value(draw, name), in_url=in_url)
    headers: list[tuple[str, str]] = []
    if in_url:
        return FuzzRequest("ajax", target.label, method, site + AJAX, "&".join(fields), tuple(headers))
    split = draw.integer(0, 2) if draw.chance(0.15) else 0  # some fields in the query string
    content_type = FORM if not draw.chance(0.1) else draw.choice((JSON, "text/plain", "multipart/form-data"))
    headers.append(("Content-Type", content_type))
    return FuzzRequest("ajax", target.label, method, site + AJAX, "&".join(fields[:split]), tuple(headers),
                       "&".join(fields[split:]).encode())


# --- admin-ajax, and the tenant slug / Host of every family --------------------------------------


def ajax_request(draw: Draw, actions: tuple[str, ...], credentials: Credentials) -> FuzzRequest:
    """admin-ajax with a registered, unknown, empty or array action, by GET or POST."""
    action = draw.choice(("nosuch", "", "0", "heartbeat", "a\x00b", "x" * 300) + actions)
    fields = _pairs(draw, "action", action) if not draw.chance(0.1) else []
    for _ in range(draw.integer(0, 3)):
        fields += _pairs(draw, draw.choice(("_wpnonce", "data", "id", "operation")), values.text(draw))
    headers = _auth(draw, credentials) if draw.chance(0.3) else []
    method = draw.choice(("GET", "POST", "HEAD", "PUT", "OPTIONS"))
    site = f"/{credentials.home}" if draw.chance(0.7) else ""
    if method == "POST":
        headers.append(("Content-Type", FORM))
        return FuzzRequest("ajax", "admin-ajax", method, site + AJAX, "", tuple(headers), "&".join(fields).encode())
    return FuzzRequest("ajax", "admin-ajax", method, site + AJAX, "&".join(fields), tuple(headers))


def site_request(draw: Draw, credentials: Credentials) -> FuzzRequest:
    """A hostile tenant slug or Host header on the REST index, ``?rest_route=``, _jsonp, TeamBooking and admin-ajax."""
    slug = draw.choice((credentials.home,) + HOSTILE_SLUGS)
    kind = draw.choice(("index", "jsonp", "rest_route", "booknetic", "teambooking", "ajax"))
    headers = _auth(draw, credentials) if draw.chance(0.5) else []
    if draw.chance(0.3):
        headers.append(("Host", draw.choice(HOSTS)))
    family, query, path = "rest", "", f"/{slug}/wp-json/"
    if kind == "jsonp":
        query = f"_jsonp={encode(values.text(draw))}"
    elif kind == "rest_route":
        path, query = f"/{slug}/", f"rest_route={encode(draw.choice(('/', '/wp/v2', '/booknetic/v1/services')))}"
    elif kind == "booknetic":
        path = f"/{slug}/wp-json/booknetic/v1/services"
    elif kind in ("teambooking", "ajax"):
        family, path = "ajax", f"/{slug}{AJAX}"
        query = (f"action={TB_ACTION}&operation=get_services&auth_token={encode(credentials.tokens[1])}"
                 if kind == "teambooking" else f"action={encode(draw.choice(('nosuch', TB_ACTION, '')))}")
    return FuzzRequest(family, f"site:{kind}", draw.choice(("GET", "GET", "POST", "HEAD")), path, query,
                       tuple(headers))
