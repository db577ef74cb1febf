"""Hostile REST requests, one per draw, for a target, and the request value every generator makes.

A :class:`FuzzRequest` is what both runners send (Flask's test client in the suite, ``http.client`` in
bench/fuzz.py) and what a failure is reported as (:meth:`FuzzRequest.curl`). Most draws keep the request
plausible (the home tenant, valid credentials, the route's own method) so the fuzz reaches the handlers;
the rest change one thing at a time. TeamBooking calls are :mod:`.teambooking`'s, admin-ajax actions and
hostile tenant slugs / Host headers :mod:`.sites`'.
"""
from __future__ import annotations

import base64
import json
import re
import shlex
from dataclasses import dataclass
from urllib.parse import quote

from . import values
from .draws import Draw
from .targets import RestTarget, TeamBookingTarget, path_groups

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
AJAX = "/wp-admin/admin-ajax.php"
TB_ACTION = "teambooking_rest_api"
META_ARGS = ("_fields", "_envelope", "_jsonp", "_method", "context", "page", "per_page", "_embed", "rest_route")


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


def pairs(draw: Draw, name: str, value: str, *, in_url: bool = True) -> list[str]:
    """``name=value``, sometimes in PHP's array syntax (``name[]=``, ``name[k]=``). In a URL a value over
    1,000 characters is mostly cut to 1,000: gunicorn answers a request line over 4,094 bytes itself
    (414), before the app, and that one finding would hide the rest."""
    if in_url and len(value) > 1000 and not draw.chance(0.05):
        value = value[:1000]
    key = encode(name)
    if draw.chance(0.03):
        key += draw.choice(("%5B%5D", "%5Bk%5D", "%5B0%5D%5B1%5D"))
    return [f"{key}={encode(value)}"]


def auth_header(draw: Draw, credentials: Credentials, hostile: float = 0.25) -> list[tuple[str, str]]:
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
    headers = auth_header(draw, credentials, hostile=0.25 if odd_http else 0.08)
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
            query += pairs(draw, arg.name, value)
        for _ in range(draw.integer(1, 2) if draw.chance(0.25) else 0):
            query += pairs(draw, draw.choice(meta), values.text(draw))
    body = b""
    if in_body:
        shape = draw.choice(("json", "json", "form", "invalid", "wrong-type", "empty"))
        if shape in ("json", "wrong-type"):
            body = _json_body(draw, args)
            headers.append(("Content-Type", JSON if shape == "json" else draw.choice(("text/plain", FORM, "x/y"))))
        elif shape == "form":
            form_fields: list[str] = []
            for arg, value in _arg_values(draw, args):
                form_fields += pairs(draw, arg.name, value, in_url=False)
            body = "&".join(form_fields).encode()
            headers.append(("Content-Type", FORM))
        elif shape == "invalid":
            body = draw.choice((b"{", b"[1,", b'{"a":NaN}', b"\xff\xfe", b'{"a":"\\ud800"}', b"nul\x00l",
                                b"[" * 600 + b"]" * 600, b'{"a":1e999}', b'"x"'))
            headers.append(("Content-Type", JSON))
        else:
            headers.append(("Content-Type", JSON))
    return FuzzRequest("rest", target.label, method, path, "&".join(query), tuple(headers), body)
