"""Hostile admin-ajax actions, and hostile tenant slugs / Host headers in front of every URL family."""
from __future__ import annotations

from . import values
from .draws import Draw
from .requests import AJAX, FORM, TB_ACTION, Credentials, FuzzRequest, auth_header, encode, pairs

HOSTILE_SLUGS = ("nosuch", "AURORA", "a%0d", "a%0a", "a%00", "n%20ope", "%C3%A9", "x" * 300, "a%0d%0aX-Evil:%201",
                 "%FF", "..", "a.b", "%25")
HOSTS = ("127.0.0.1", "wp.test", "evil.test", "", "a b", "[::1]", "x" * 300, "wp.test:99999", "wp.test:abc")

def ajax_request(draw: Draw, actions: tuple[str, ...], credentials: Credentials) -> FuzzRequest:
    """admin-ajax with a registered, unknown, empty or array action, by GET or POST."""
    action = draw.choice(("nosuch", "", "0", "heartbeat", "a\x00b", "x" * 300) + actions)
    fields = pairs(draw, "action", action) if not draw.chance(0.1) else []
    for _ in range(draw.integer(0, 3)):
        fields += pairs(draw, draw.choice(("_wpnonce", "data", "id", "operation")), values.text(draw))
    headers = auth_header(draw, credentials) if draw.chance(0.3) else []
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
    headers = auth_header(draw, credentials) if draw.chance(0.5) else []
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
