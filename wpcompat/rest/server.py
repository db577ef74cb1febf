"""``WP_REST_Server::serve_request`` and ``dispatch``: one REST request from Flask request to Flask response.

Order (WordPress's): fixed headers -> ``_jsonp`` refusal -> request built -> method override (``_method``
in the query, else ``X-HTTP-Method-Override``) -> CORS expose/allow headers -> authentication (before
routing) -> OPTIONS / route match / JSON body / required args / validation / sanitization / permission /
callback -> ``Allow`` header and ``_fields`` -> ``_envelope`` -> status and headers -> no-cache headers
-> CORS -> HEAD without body -> ``_links`` and JSON encoding.

One transaction per call, committed in one place: :func:`serve`, once the final answer is built, when
the callback returned a non-error response (and the answer is no 5xx); a failing callback's writes are
rolled back at once. Callbacks (and the services they call) only add and flush. A write sent with an
``Idempotency-Key`` (:mod:`wpcompat.idempotency.rest`) claims its key just before the callback runs; its
callback runs in a SAVEPOINT, and its answer is stored in the claimed row before that same commit.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Response, request
from werkzeug.datastructures import Headers

from .. import ratelimits
from ..access import auth, request_tenant, sites
from ..changes import actor
from ..database.bounds import UnstorableValue
from ..extensions import db
from ..idempotency import keys as idempotency_keys
from ..idempotency import rest as idempotency
from ..idempotency.store import Claim
from ..php.json import PhpJsonError, php_json_dumps
from .errors import RestError, forbidden, no_route, site_suspended, too_many_requests, unstorable_value
from .index import rest_url, route_data
from .params import has_valid_params, sanitize_params
from .registry import Handler, Route, route_table
from .request import RestRequest
from .response import RestResponse, envelope, filter_fields, response_to_data

EXPOSE_HEADERS = "X-WP-Total, X-WP-TotalPages, Link"
RATELIMIT_EXPOSE_HEADERS = ", X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
ALLOW_HEADERS = "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type"
# wp_get_nocache_headers() as WordPress 6.1 sends them (see the golden captures); Last-Modified is never sent.
NOCACHE_HEADERS = (("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"),
                   ("Cache-Control", "no-cache, must-revalidate, max-age=0"))
JSON_CONTENT_TYPE = "application/json; charset=UTF-8"
_HTTP_ORIGIN = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def _exposed_headers() -> str:
    # WordPress's list, and the rate-limit headers when there are any (rest_exposed_cors_headers).
    return EXPOSE_HEADERS + RATELIMIT_EXPOSE_HEADERS if ratelimits.enabled() else EXPOSE_HEADERS


def base_headers() -> Headers:
    """The headers ``serve_request`` sends first, on every REST response."""
    return Headers([
        ("X-Robots-Tag", "noindex"),
        ("Link", f'<{rest_url("/")}>; rel="https://api.w.org/"'),
        ("X-Content-Type-Options", "nosniff"),
    ])


def _cors_headers(headers: Headers) -> None:
    # rest_send_cors_headers(): echo the Origin; otherwise anonymous GETs still vary on it.
    origin = request.headers.get("Origin")
    if origin:
        allowed = origin if origin == "null" or _HTTP_ORIGIN.fullmatch(origin) else ""
        headers.add("Access-Control-Allow-Origin", allowed)
        headers.add("Access-Control-Allow-Methods", "OPTIONS, GET, POST, PUT, PATCH, DELETE")
        headers.add("Access-Control-Allow-Credentials", "true")
        headers.add("Vary", "Origin")
    elif request.method == "GET" and auth.current_user() is None:
        headers.add("Vary", "Origin")


def _json_response(data: Any, status: int, headers: Headers, content_type: str = JSON_CONTENT_TYPE) -> Response:
    body = "" if data is None else php_json_dumps(data)
    return Response(body, status=status, headers=headers, content_type=content_type)


def error_response(error: RestError) -> Response:
    """A REST error answered outside dispatch (unknown site, HTTP errors, crashes): fixed headers only."""
    headers = base_headers()
    headers.add("Access-Control-Expose-Headers", EXPOSE_HEADERS)
    headers.add("Access-Control-Allow-Headers", ALLOW_HEADERS)
    if auth.current_user() is not None:
        headers.extend(NOCACHE_HEADERS)
    _cors_headers(headers)
    return _json_response(error.to_data(), error.status, headers)


class _Transaction:
    """The call's one transaction: what the callback wrote is kept or undone, then :meth:`end` commits once."""

    def __init__(self) -> None:
        self.claim: Claim | None = None  # the Idempotency-Key this call holds
        self.keep = False  # the callback succeeded: its writes are committed with the answer

    def undo(self) -> None:
        """Roll back the callback's writes (a claimed key stays claimed: the refusal is stored)."""
        self.keep = False
        if self.claim is not None:
            self.claim.undo_work()
        else:
            db.session.rollback()

    def end(self, response: Response, status: int) -> Response:
        """Commit, after the answer is final; ``status`` is the answer's own (``_envelope`` sends 200)."""
        failed = status >= 500 or response.status_code >= 500
        if self.claim is not None:
            if idempotency_keys.is_storable(status) and not failed:
                self.claim.record(response.status_code, list(response.headers.items()), response.get_data())
                _commit_keeping_state()
            else:
                db.session.rollback()  # 5xx and 429 are not stored: the claim goes too, a retry runs again
        elif self.keep:
            if failed:
                db.session.rollback()
            else:
                _commit_keeping_state()
        return response


def serve(route: str, query: dict) -> Response:
    """Serve the REST ``route`` (already untrailing-slashed) for the current Flask request, whose query
    string is ``query`` (parsed as PHP's ``$_GET``)."""
    headers = base_headers()
    idempotency.hold_body()
    rest_request = RestRequest.from_http(request, route, query)
    if "_jsonp" in rest_request.query_params:
        # JSONP is disabled (as the rest_jsonp_enabled filter allows): it would expose authenticated
        # data cross-origin. WordPress answers before anything else, with the JavaScript content type.
        body = {"code": "rest_callback_disabled", "message": "JSONP support is disabled on this site."}
        return _json_response(body, 400, headers, "application/javascript; charset=UTF-8")
    override_header = _override_method(rest_request)
    headers.add("Access-Control-Expose-Headers", _exposed_headers())
    headers.add("Access-Control-Allow-Headers", ALLOW_HEADERS)

    transaction = _Transaction()
    credentials = auth.basic_credentials(request.environ)
    blocked = credentials is not None and ratelimits.login_blocked(credentials.login)
    try:
        if blocked:  # too many failed logins from here: not even checked
            raise _Limited(blocked)
        auth.authenticate_request()
    except _Limited as limited:
        result = RestResponse.from_error(too_many_requests(route, ratelimits.message(limited.verdict)))
    except auth.AuthError as error:
        failures = ratelimits.login_failed(credentials.login) if credentials is not None else None
        if failures is not None and not failures.allowed:
            result = RestResponse.from_error(too_many_requests(route, ratelimits.message(failures)))
        else:
            result = RestResponse.from_error(RestError(error.code, error.message, error.status))
    except sites.SiteSuspended:
        result = RestResponse.from_error(site_suspended(route))
    except UnstorableValue:
        transaction.undo()
        result = RestResponse.from_error(unstorable_value())
    else:
        rest_request.identify(auth.current_user(), auth.current_app_password())
        _note_actor(rest_request)
        verdict = None if auth.is_operator() else ratelimits.check(actor.current_actor().credential_scope,
                                                                   request_tenant.get_current_tenant())
        try:
            if verdict is not None and not verdict.allowed:
                result = RestResponse.from_error(too_many_requests(route, ratelimits.message(verdict)))
            else:
                result = dispatch(rest_request, transaction)
        except UnstorableValue:  # the database boundary's net (wpcompat.database.bounds)
            transaction.undo()
            result = RestResponse.from_error(unstorable_value())
        except idempotency.Replay as replay:
            replay.response.headers.extend(ratelimits.headers())
            return replay.response
    _send_allow_header(result, rest_request)
    filter_fields(result, rest_request.get_param("_fields"))
    status = result.status
    if "_envelope" in rest_request.query_params:
        result = envelope(result)

    for name, value in result.headers.items():
        # A callback's Link headers (pagination) are extra lines next to the API discovery link.
        (headers.add if name.lower() == "link" else headers.set)(name, value)
    if auth.current_user() is not None or (override_header and 400 <= result.status < 500):
        headers.extend(NOCACHE_HEADERS)
    headers.extend(ratelimits.headers())
    _cors_headers(headers)
    if rest_request.method == "HEAD":
        return transaction.end(Response(b"", status=result.status, headers=headers, content_type=JSON_CONTENT_TYPE),
                               status)
    data = response_to_data(result)
    if result.status == 204:
        data = None
    try:
        return transaction.end(_json_response(data, result.status, headers), status)
    except PhpJsonError as error:
        failure = RestError("rest_encode_error", str(error), 500)
        return transaction.end(_json_response(failure.to_data(), 500, headers), 500)


class _Limited(Exception):
    def __init__(self, verdict: ratelimits.Verdict) -> None:
        self.verdict = verdict


def _note_actor(rest_request: RestRequest) -> None:
    # The surface is the route's namespace: booknetic/v1 -> "booknetic", wp/v2 -> "wordpress", wpcompat/v1 -> "wpcompat".
    namespace = rest_request.route.lstrip("/").split("/", 1)[0]
    surface = {"booknetic": actor.BOOKNETIC, "wp": actor.WORDPRESS, "wpcompat": actor.WPCOMPAT}.get(namespace, "rest")
    user, password = rest_request.user, rest_request.app_password
    if user is not None and auth.is_operator():
        actor.note_request_actor(actor.CLI, user_id=user.id)
    elif user is None or password is None:
        actor.note_request_actor(surface)
    else:
        actor.note_request_actor(surface, credential_kind=actor.APPLICATION_PASSWORD, credential_id=password.uuid,
                                 user_id=user.id)


def _override_method(rest_request: RestRequest) -> bool:
    """Apply ``_method`` (query) or ``X-HTTP-Method-Override``; True when the header was used."""
    method = rest_request.query_params.get("_method")
    if method is not None:
        if isinstance(method, str):  # _method[]=x would be a PHP TypeError; it is simply ignored here
            rest_request.method = method.upper()
        return False
    header = request.headers.get("X-HTTP-Method-Override")
    if header is not None:
        rest_request.method = header.upper()
        return True
    return False


def dispatch(rest_request: RestRequest, transaction: _Transaction) -> RestResponse:
    """Route ``rest_request`` to its handler and run it (``WP_REST_Server::dispatch``); what the callback
    wrote is left for ``transaction`` to commit."""
    if rest_request.method == "OPTIONS":
        return _options(rest_request)
    for route in route_table().candidates(rest_request.route):
        url_params = route.match(rest_request.route)
        if url_params is None:
            continue
        for handler in route.handlers:
            if handler.accepts(rest_request.method):
                return _respond(rest_request, route, handler, url_params, transaction)
    return RestResponse.from_error(no_route())


def _attach(rest_request: RestRequest, route: Route, handler: Handler, url_params: dict[str, str]) -> None:
    rest_request.set_url_params(url_params)
    rest_request.attributes = handler
    rest_request.matched_route = route.pattern
    rest_request.set_default_params({
        name: arg["default"] for name, arg in handler.args.items()
        if isinstance(arg, dict) and arg.get("default") is not None
    })


_SAFE_METHODS = ("GET", "HEAD")


def _check_permission(handler: Handler, rest_request: RestRequest) -> Any:
    # A GET changes nothing, so the Allow header reuses the answer the dispatch got for the same handler.
    checked = rest_request.permission_checks
    if id(handler) in checked:
        return checked[id(handler)]
    try:
        result = handler.permission(rest_request)
    except RestError as error:
        result = error
    if rest_request.method in _SAFE_METHODS:
        checked[id(handler)] = result
    return result


def _respond(rest_request: RestRequest, route: Route, handler: Handler, url_params: dict[str, str],
             transaction: _Transaction) -> RestResponse:
    _attach(rest_request, route, handler, url_params)
    error = has_valid_params(rest_request) or sanitize_params(rest_request)
    if error is None and handler.permission is not None:
        allowed = _check_permission(handler, rest_request)
        if isinstance(allowed, RestError):
            error = allowed
        elif allowed is False or allowed is None:
            error = forbidden(authenticated=rest_request.user is not None)
    if error is not None:
        response = RestResponse.from_error(error)
    else:
        try:
            transaction.claim = idempotency.claim(rest_request)
        except idempotency.Refusal as refusal:
            response = refusal.response
        else:
            response = _run(handler, rest_request, transaction)
    response.matched_route = route.pattern
    return response


def _run(handler: Handler, rest_request: RestRequest, transaction: _Transaction) -> RestResponse:
    try:
        response = RestResponse.ensure(handler.callback(rest_request))
    except RestError as raised:
        response = RestResponse.from_error(raised)
    # One transaction per call: kept when the callback succeeded, never half-written on an error.
    if response.is_error:
        transaction.undo()
    else:
        transaction.keep = True
    return response


def _commit_keeping_state() -> None:
    # The response is already built; nothing should reload the user and tenant after it (the access
    # log, after-request hooks): expiring everything would cost a statement each.
    session = db.session()
    previous, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = previous


def _options(rest_request: RestRequest) -> RestResponse:
    # rest_handle_options_request(): the first route matching the path (any method), no permission checks.
    for route in route_table().routes.values():
        url_params = route.match(rest_request.route)
        if url_params is None:
            continue
        if route.handlers:
            _attach(rest_request, route, route.handlers[-1], url_params)
        response = RestResponse(route_data(route, "help"))
        response.matched_route = route.pattern
        return response
    return RestResponse([])


def _send_allow_header(response: RestResponse, rest_request: RestRequest) -> None:
    # rest_send_allow_header(): methods of the matched route whose permission check returns exactly True.
    route = route_table().routes.get(response.matched_route) if response.matched_route else None
    if route is None:
        return
    allowed: dict[str, bool] = {}
    for handler in route.handlers:
        for method in handler.methods:
            allowed[method] = handler.permission is None or _check_permission(handler, rest_request) is True
    methods = [method for method, ok in allowed.items() if ok]
    if methods:
        response.header("Allow", ", ".join(methods))
