"""WordPress's REST API machinery: routes registered the way ``register_rest_route`` does, served byte for byte.

Public API (what plugin adapters use)
-------------------------------------

Registering routes::

    from wpcompat.rest import RestNamespace, RestError, RestResponse, READABLE, EDITABLE

    api = RestNamespace("booknetic/v1")

    @api.route("/appointments", methods="GET", permission=can_read, args={"limit": {"type": "integer"}})
    def list_appointments(request): ...            # -> data, RestResponse, or raise RestError

    @api.route("/appointments", methods="POST", permission=can_read)
    def create_appointment(request): ...           # same route: a second handler, in order

    api.init_app(app)                              # also registers the namespace index /booknetic/v1

* ``RestNamespace(namespace)``; ``.route(route_regex, methods="GET" | "GET, POST" | [..], permission=None,
  args=None, show_in_index=True)``; ``.schema(route_regex, callable)``; ``.init_app(app)``.
  ``permission=None`` means public. Route regexes are PCRE-compatible Python regexes with named groups
  (``(?P<id>\\d+)``), matched anchored, case-insensitively, ASCII ``\\d``/``\\w``.
* ``register_rest_route(app, namespace, route, handlers, *, schema=None, override=False)``: the array form;
  each handler dict has ``methods``, ``callback``, ``permission_callback`` (or ``permission``), ``args``,
  ``show_in_index``, ``validate_callback`` (route-level).
* Method constants ``READABLE``, ``CREATABLE``, ``EDITABLE``, ``DELETABLE``, ``ALLMETHODS``.

Callbacks and permission callbacks receive a :class:`RestRequest`: ``.method`` (after ``_method`` /
``X-HTTP-Method-Override``), ``.route``, ``.get_param(name)`` / ``request[name]``, ``.has_param``,
``.set_param``, ``.params`` (merged: JSON > form body > query > URL > defaults), ``.url_params``,
``.query_params``, ``.body_params``, ``.json_params``, ``.headers`` (names lower-case, ``-`` -> ``_``),
``.get_header(name)``, ``.user`` (the authenticated :class:`~wpcompat.platform.identity.Account` or None),
``.tenant`` (:data:`wpcompat.access.request_tenant.current_tenant`, a :class:`~wpcompat.platform.identity.TenantInfo`
or None), ``.app_password``, ``.requested_fields()`` (``_fields`` or None).

A callback returns JSON-able data (dict/list/str/number/None; ``Decimal`` prints like PHP's float; an
empty dict prints ``[]`` like an empty PHP array, :class:`wpcompat.php.json.PhpObject` prints ``{}``),
a :class:`RestResponse` ``(data, status=200, headers=None)`` with ``.header()`` and ``.add_link()``, or
raises/returns :class:`RestError` ``(code, message, status, **extra_data)`` -> ``{"code", "message",
"data": {"status", **extra}}`` (``code`` may be an int). A permission callback returns True (allowed),
False/None (``rest_forbidden``: 401 anonymous, 403 authenticated) or raises/returns a RestError.

Args use WordPress's schema subset (see :mod:`wpcompat.rest.args`); ``validate_request_arg``,
``sanitize_request_arg`` and ``parse_request_arg`` are the WordPress default callbacks.

``rest_url(path)`` gives the API URL of ``path`` on the site the request addresses (main or tenant).

Identity and data scope: before routing, every REST request is authenticated (:mod:`wpcompat.access.auth`)
and the tenant it works on is settled and activated (:mod:`wpcompat.access.request_tenant`: the user's tenant,
else the URL's tenant; none for the platform owner), so callbacks query tenant-scoped models without
naming the tenant.
The server owns the transaction: it commits after a callback that returns a non-error response and
rolls back after one that returns or raises an error, so callbacks and services only add and flush.

Behaviour chosen where WordPress has options (documented once, here)
--------------------------------------------------------------------
* ``_jsonp`` is refused with 400 ``rest_callback_disabled`` (WordPress's answer when JSONP is switched
  off): JSONP would hand authenticated data to any cross-origin page.
* No-cache headers (authenticated requests, and 4xx after ``X-HTTP-Method-Override``) use WordPress
  6.1's values as captured: ``Expires: Wed, 11 Jan 1984 05:00:00 GMT`` and
  ``Cache-Control: no-cache, must-revalidate, max-age=0``.
* An unknown tenant slug answers 404 ``rest_no_route``; a werkzeug HTTP error answers in the WP error
  shape with a code made from its name (e.g. ``request_entity_too_large``); any other exception is
  logged and answered 500 ``internal_server_error`` "There has been a critical error on this website.".
* The index advertises no active-theme link (there are no themes); ``/batch/v1`` is not served.
* A tenant site's index uses the tenant's name, an empty tagline and the tenant's timezone
  (``gmt_offset`` a number of hours, ``timezone_string`` the zone); a UTC site reports ``"0"`` and ``""``.
"""
from __future__ import annotations

from flask import Flask

from .errors import RestError
from .index import namespace_index_handler, rest_url, root_route
from .params import parse_request_arg, sanitize_request_arg, validate_request_arg
from .registry import (
    ALLMETHODS, CREATABLE, DELETABLE, EDITABLE, READABLE, RestNamespace, RouteTable, install_route_table,
    register_rest_route, route_table,
)
from .request import RestRequest
from .response import RestResponse
from .views import blueprint

__all__ = [
    "ALLMETHODS", "CREATABLE", "DELETABLE", "EDITABLE", "READABLE", "RestError", "RestNamespace", "RestRequest",
    "RestResponse", "init_app", "parse_request_arg", "register_rest_route", "rest_url", "route_table",
    "sanitize_request_arg", "validate_request_arg",
]


def init_app(app: Flask) -> None:
    """Create the app's route table (with the ``/`` index route) and mount the REST URLs."""
    table = RouteTable(namespace_index=namespace_index_handler)
    table.routes["/"] = root_route()
    install_route_table(app, table)
    app.register_blueprint(blueprint)
