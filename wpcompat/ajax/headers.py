"""The headers admin-ajax.php sends, in WordPress 6.1's order, and how a handler's headers join them.

Order as captured from WordPress 6.1 behind Apache (specs/golden/teambooking-2.5.7): origin headers,
``X-Robots-Tag``, then (after the action check) ``X-Content-Type-Options``, the no-cache pair,
``admin_init``'s ``Referrer-Policy`` and ``X-Frame-Options``; a handler's own headers follow;
``Content-Length`` and ``Content-Type`` come last (Apache emits them after the PHP headers).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from werkzeug.datastructures import Headers
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

from ..access import sites
from ..platform.models import Tenant

HeaderList = list[tuple[str, str]]

DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8"  # header( 'Content-Type: text/html; charset=' . blog_charset )
ROBOTS = [("X-Robots-Tag", "noindex")]
NOSNIFF = [("X-Content-Type-Options", "nosniff")]
# wp_get_nocache_headers() as of WordPress 6.1 (6.8 adds "no-store, private"); the golden captures agree.
NOCACHE = [("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"), ("Cache-Control", "no-cache, must-revalidate, max-age=0")]
# admin_init: wp_admin_headers() then send_frame_options_header().
ADMIN_INIT = [("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "SAMEORIGIN")]

_LAST = ("content-length", "content-type")


def allowed_origins(tenant: Tenant | None) -> set[str]:
    """get_allowed_http_origins(): http:// and https:// with the host of the site's admin and home URLs.

    WordPress drops the port ("@todo Preserve port?"), so a site on :8080 does not allow its own
    ``http://host:8080`` origin; mirrored.
    """
    host = urlsplit(sites.site_url(tenant)).hostname or ""
    return {f"http://{host}", f"https://{host}"}


def origin_headers(tenant: Tenant | None) -> HeaderList:
    """send_origin_headers(): echo an allowed ``Origin`` back with credentials allowed."""
    origin = request.headers.get("Origin", "")
    if origin and origin in allowed_origins(tenant):
        return [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
    return []


def merge_headers(sent: HeaderList, response_headers: Headers) -> HeaderList:
    """Add a handler's headers to those admin-ajax already sent.

    A name already sent is replaced in place (PHP ``header()`` replacing, Apache ``apr_table_set``);
    other names, repeated ones such as ``Set-Cookie`` included, are appended.
    """
    merged = list(sent)
    sent_names = {name.lower(): i for i, (name, _) in enumerate(sent)}
    for name, value in response_headers.items():
        key = name.lower()
        if key in _LAST:
            continue
        if key in sent_names:
            merged[sent_names[key]] = (name, value)
        else:
            merged.append((name, value))
    return merged


def build_response(headers: HeaderList, status: int, body: bytes | str,
                   content_type: str = DEFAULT_CONTENT_TYPE) -> Response:
    """The final response: ``headers`` in order, then Content-Length and Content-Type, Apache's reason phrase."""
    response = Response()
    response.headers = Headers(headers)
    if request.method == "HEAD":
        # PHP sends no body to HEAD and Apache then sends no Content-Length (golden capture 24).
        response.automatically_set_content_length = False
    response.set_data(body)
    response.headers["Content-Type"] = content_type
    response.status = f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown')}"
    return response
