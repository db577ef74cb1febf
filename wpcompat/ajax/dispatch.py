"""``/wp-admin/admin-ajax.php`` for the main site and every tenant site: WordPress 6.1's flow, step by step.

1. origin headers; an ``OPTIONS`` request ends there (200 if the origin is allowed, else 403, empty body);
2. ``X-Robots-Tag``; ``action`` from ``$_REQUEST`` — ``empty()`` or not scalar: ``wp_die('0', 400)``;
3. nosniff, no-cache and ``admin_init`` headers; no hook for this audience: ``wp_die('0', 400)``;
4. the hook's handlers run; one returning a Response has exited, otherwise admin-ajax ends with
   ``wp_die('0')``: status 200 and a ``0`` after whatever the handlers echoed.

Errors in this URL family: an unknown tenant site is a 404 with body ``0``, as is every HTTP error
(``wp_die('0', status)``: also an unknown method or a request over a limit, via ``wpcompat.url_families``);
an unexpected exception is logged (secrets redacted) and answered as WordPress's fatal-error handler does in admin-ajax (500, its fixed HTML sentence).
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, request
from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException, RequestTimeout
from werkzeug.wrappers import Response

from ..access import request_tenant, sites
from ..database.bounds import UnstorableValue
from ..extensions import db
from ..server.redaction import redact
from .headers import (ADMIN_INIT, DEFAULT_CONTENT_TYPE, NOCACHE, NOSNIFF, ROBOTS, HeaderList, build_response,
                      merge_headers, origin_headers)
from .registry import ajax_error_answer, ajax_handlers
from .request import load_ajax_request

AJAX_RULE = "/wp-admin/admin-ajax.php"
# Apache hands PHP any method; these are the ones a client can meaningfully send.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# WP_Fatal_Error_Handler's message in WordPress 6.1 (golden capture 01, 178 bytes).
FATAL_ERROR_BODY = ('<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/'
                    'support/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>')

bp = Blueprint("ajax", __name__)


def _sent(headers: HeaderList) -> HeaderList:
    # Remember what "PHP has sent" so far, for the error handlers below.
    g.ajax_headers = headers
    return headers


def _die(status: int, body: str) -> Response:
    """wp_die() in admin-ajax once headers are out: no-cache headers (replacing), status, body."""
    return build_response(merge_headers(g.get("ajax_headers", ROBOTS), Headers(NOCACHE)), status, body)


def _is_valid_action(action: object) -> bool:
    # Mirrors `empty( $_REQUEST['action'] ) || ! is_scalar( ... )`: "" and "0" are empty in PHP.
    return isinstance(action, str) and action not in ("", "0")


def _exited(sent: HeaderList, response: Response) -> Response:
    content_type = response.headers.get("Content-Type", DEFAULT_CONTENT_TYPE)
    return build_response(merge_headers(sent, response.headers), response.status_code, response.get_data(),
                          content_type)


def admin_ajax() -> Response:
    """Dispatch one admin-ajax call to the ``wp_ajax_*`` / ``wp_ajax_nopriv_*`` handlers of its action."""
    request_tenant.get_current_tenant()  # settled (and the guard activated) before any handler runs
    sent = _sent(origin_headers(request_tenant.url_tenant()))
    if request.method == "OPTIONS":
        return build_response(sent, 200 if sent else 403, "")
    sent = _sent(sent + ROBOTS)
    call = load_ajax_request()
    action = call.request.get("action")
    if not _is_valid_action(action):
        return _die(400, "0")
    sent = _sent(sent + NOSNIFF + NOCACHE + ADMIN_INIT)
    handlers = ajax_handlers(current_app, action, logged_in=call.user is not None)
    if not handlers:
        return _die(400, "0")
    echoed: list[str] = []
    for handler in handlers:
        result = handler(call)
        if isinstance(result, Response):
            return _exited(sent, result)
        if result is not None:
            echoed.append(result)
    return _die(200, "".join(echoed) + "0")


@bp.errorhandler(sites.UnknownSite)
def _unknown_site(error: sites.UnknownSite) -> Response:
    # Not WordPress (a multisite would redirect to signup): the admin-ajax family's "nothing here".
    return _die(404, "0")


@bp.errorhandler(HTTPException)
def die_for(error: HTTPException) -> Response:
    """An HTTP error (raised by a handler, the request machinery or a request limit): wp_die('0', code),
    or the action's own answer when its plugin registered one. The action is read from the query only:
    a body refused by a limit is never read."""
    answer = ajax_error_answer(current_app, request.args.get("action"))
    if answer is not None:
        return _exited(g.get("ajax_headers", ROBOTS), answer(error))
    return _die(error.code or 500, "0")


@bp.errorhandler(TimeoutError)
def _client_too_slow(error: TimeoutError) -> Response:
    # The client stopped sending its body (the server's per-read timeout): 408, not a fatal error.
    return die_for(RequestTimeout())


def fatal_error_response() -> Response:
    """WordPress's fatal-error handler in admin-ajax: 500 and its fixed sentence."""
    return _die(500, FATAL_ERROR_BODY)


@bp.errorhandler(UnstorableValue)
def _unstorable(error: UnstorableValue) -> Response:
    # Input no column can hold, escaped every check of its action's: refused, nothing written.
    db.session.rollback()
    return _die(400, "0")


@bp.errorhandler(Exception)
def _fatal_error(error: Exception) -> Response:
    current_app.logger.exception("admin-ajax %s failed", redact(request.full_path))
    return fatal_error_response()


sites.add_site_rules(bp, AJAX_RULE, endpoint="admin_ajax", view_func=admin_ajax, methods=METHODS,
                     provide_automatic_options=False)
