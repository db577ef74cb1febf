"""The URLs of the REST API and of the site front page that advertises it.

``/wp-json/<route>``, ``/index.php/wp-json/<route>``, ``/?rest_route=<route>`` and
``/index.php?rest_route=<route>``, each also under ``/<tenant_slug>`` (directory mode). The site root
without ``rest_route`` is a tiny HTML page whose ``Link`` header and ``<link>`` element point at the
API root, which is what ``WPAPI.discover()`` and other clients look for.

Errors raised before or around the REST server (unknown tenant slug, werkzeug HTTP errors, crashes)
are answered here in the REST error shape when the request is a REST request.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError, RequestTimeout

from ..access import request_tenant, sites
from ..extensions import db
from ..php.forms import parse_str
from ..url_families import plain_error
from . import server
from .errors import RestError, critical_error, no_route
from .index import rest_url

blueprint = Blueprint("rest", __name__)

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_API_ENDPOINT = "rest.api"
_SITE_ROOT_ENDPOINT = "rest.site_root"


def _untrailingslash(route: str) -> str:
    return route.rstrip("/") or "/"


def _query_rest_route(query: dict) -> str | None:
    """``rest_route`` from the (parsed) query string: None when absent or PHP-empty (then it is no REST request)."""
    value = query.get("rest_route")
    if value in (None, "", "0"):
        return None
    if not isinstance(value, str):
        raise RestError("rest_path_invalid_type", "The REST route parameter must be a string.", 400)
    return value


def api(rest_path: str = "") -> Response:
    """``/wp-json/...``: the query's ``rest_route`` wins over the path, as in ``WP::parse_request``."""
    query = parse_str(request.query_string)
    try:
        route = _query_rest_route(query) or "/" + rest_path
    except RestError as error:
        return server.error_response(error)
    return server.serve(_untrailingslash(route), query)


def site_root() -> Response:
    """The front page: a REST request when ``rest_route`` is given, else the discovery page."""
    query = parse_str(request.query_string)
    try:
        route = _query_rest_route(query)
    except RestError as error:
        return server.error_response(error)
    if route is not None:
        return server.serve(_untrailingslash(route), query)
    tenant = request_tenant.get_current_tenant()  # a suspended site's page is a 403 too
    name = tenant.name if tenant else sites.settings().name
    api_root = rest_url("/")
    page = (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{escape(name)}</title>\n"
        f'<link rel="https://api.w.org/" href="{escape(api_root)}" />\n'
        "</head>\n<body></body>\n</html>\n"
    )
    response = Response(page, content_type="text/html; charset=UTF-8")
    response.headers["Link"] = f'<{api_root}>; rel="https://api.w.org/"'
    return response


def _is_rest_request() -> bool:
    if request.endpoint == _API_ENDPOINT:
        return True
    return request.endpoint == _SITE_ROOT_ENDPOINT and "rest_route" in request.args


def rest_error_for(error: HTTPException, *, routed: bool = True) -> RestError:
    """An HTTP error as a REST error: ``rest_no_route`` when no rule took the path or method
    (``routed=False``: WordPress's REST server has no other answer for those), else the error's name
    as code (``request_entity_too_large``, ``request_header_fields_too_large``, ...) and its status."""
    if not routed and error.code in (404, 405):
        return no_route()
    code = (error.name or "http_error").lower().replace(" ", "_")
    return RestError(code, error.description or error.name, error.code)


@blueprint.errorhandler(sites.UnknownSite)
def _unknown_site(error: sites.UnknownSite):
    # A tenant slug that names no site: REST answers as for an unknown route.
    return server.error_response(no_route()) if _is_rest_request() else plain_error(error)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if not _is_rest_request():
        return plain_error(error)
    return server.error_response(rest_error_for(error))


@blueprint.errorhandler(TimeoutError)
def _client_too_slow(error: TimeoutError):
    # The client stopped sending its body (the server's per-read timeout): 408, not a crash.
    return _http_error(RequestTimeout())


@blueprint.errorhandler(Exception)
def _crash(error: Exception):
    # Anything unexpected: logged with its traceback, answered as WordPress's fatal-error handler does.
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return server.error_response(critical_error()) if _is_rest_request() else plain_error(InternalServerError())


def _add_rules() -> None:
    for prefix in ("/wp-json", "/index.php/wp-json"):
        for rule in (prefix, prefix + "/", prefix + "/<path:rest_path>"):
            sites.add_site_rules(blueprint, rule, endpoint="api", view_func=api, methods=METHODS)
    for rule in ("/", "/index.php"):
        sites.add_site_rules(blueprint, rule, endpoint="site_root", view_func=site_root, methods=METHODS)


_add_rules()
