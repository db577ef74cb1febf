"""Which family a URL belongs to (REST, admin-ajax, the site's pages), and an HTTP error in its format.

Errors that reach no view (no rule matches the path, or the method; a request refused by
``wpcompat.request_limits`` before routing) are answered here, app-wide, as that family answers errors:

- REST (``/wp-json…``, ``/index.php/wp-json…``, ``/?rest_route=…``, each also under ``/<tenant>``):
  WordPress's JSON error; an unknown path or method is ``rest_no_route`` (404), exactly as the REST server
  answers any unknown route (``rest.views.rest_error_for``);
- admin-ajax (``/wp-admin/admin-ajax.php``): the status with body ``0``, as ``wp_die('0', status)``;
- anything else: the status and its reason phrase as plain text.

The family is read from the path itself (not the matched rule), so it is known when routing failed.
Errors raised inside a family's views are answered by that family's own handlers, which use the same
functions (``rest.views``, ``ajax.dispatch``).
"""
from __future__ import annotations

import re

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestTimeout

from .extensions import db

REST, ADMIN_AJAX, SITE = "rest", "admin-ajax", "site"

_TENANT = r"(?:/(?P<tenant>[^/]+))?"
_REST_PATH = re.compile(_TENANT + r"(?:/index\.php)?/wp-json(?:/.*)?", re.DOTALL)
_SITE_ROOT = re.compile(_TENANT + r"(?:/|/index\.php)?", re.DOTALL)
_ADMIN_AJAX_PATH = re.compile(_TENANT + r"/wp-admin/admin-ajax\.php", re.DOTALL)


def family() -> str:
    """The URL family of the current request: :data:`REST`, :data:`ADMIN_AJAX` or :data:`SITE`."""
    path = request.path
    if _REST_PATH.fullmatch(path) or (_SITE_ROOT.fullmatch(path) and "rest_route" in request.args):
        return REST
    if _ADMIN_AJAX_PATH.fullmatch(path):
        return ADMIN_AJAX
    return SITE


def plain_error(error: HTTPException) -> Response:
    """A site page's error: the status line's code and reason as plain text (no HTML page)."""
    code = error.code or 500
    return Response(f"{code} {error.name}\n", status=code, content_type="text/plain; charset=UTF-8",
                    headers=_kept_headers(error))


def _kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    # An HTTP error's own headers worth keeping (405's Allow, 401's WWW-Authenticate), not its HTML type.
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def error_answer(error: HTTPException) -> Response:
    """``error`` answered in the current request's URL family's format."""
    kind = family()
    if kind == REST:
        from .rest import server, views
        _settle_unrouted_tenant()
        return server.error_response(views.rest_error_for(error, routed=request.url_rule is not None))
    if kind == ADMIN_AJAX:
        from .ajax import dispatch
        return dispatch.die_for(error)
    return plain_error(error)


def _settle_unrouted_tenant() -> None:
    """No rule matched, so the site layer never read the URL's tenant slug: read it from the path, so
    the error's ``Link`` names that tenant's API as for any unknown route (an unknown slug: the main site)."""
    from .access import request_tenant, sites
    if request.url_rule is not None or "url_slug" in g:
        return
    match = _REST_PATH.fullmatch(request.path) or _SITE_ROOT.fullmatch(request.path)
    try:
        sites.settle_url_slug(match["tenant"] if match else None)
        request_tenant.url_tenant()
    except sites.UnknownSite:
        sites.forget_url_slug()  # the answer's URLs are the main site's


def _crash(error: Exception) -> Response:
    # An exception outside every view (a before_request hook on an unrouted URL): logged, answered 500.
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    kind = family()
    if kind == REST:
        from .rest import server
        from .rest.errors import critical_error
        return server.error_response(critical_error())
    if kind == ADMIN_AJAX:
        from .ajax import dispatch
        return dispatch.fatal_error_response()
    return plain_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Answer app-level HTTP errors and crashes in the URL family's format."""
    app.register_error_handler(HTTPException, error_answer)
    # A body that stopped arriving (the server's per-read timeout) is the client's fault: 408.
    app.register_error_handler(TimeoutError, lambda error: error_answer(RequestTimeout()))
    app.register_error_handler(Exception, _crash)
