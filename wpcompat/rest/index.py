"""The discovery documents: the root index ``/``, namespace indexes ``/<ns>`` and route descriptions.

Mirrors ``WP_REST_Server::get_index``, ``get_namespace_index`` and ``get_data_for_route(s)``
(WordPress 6.8 key order). Site values come from :mod:`wpcompat.access.sites` for the site the URL addresses.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flask import current_app

from ..access import request_tenant, sites
from .args import index_args
from .errors import RestError
from .registry import Handler, Route, route_table
from .response import RestResponse, field_included

if TYPE_CHECKING:
    from .request import RestRequest

HELP_URL = "https://developer.wordpress.org/rest-api/"
_NAMED_GROUP = re.compile(r"\(\?P<(\w+?)>.*?\)")
_UTC_NAMES = ("UTC", "Etc/UTC", "GMT", "Etc/GMT")


def site_root() -> str:
    """The public URL of the site this request's URL addresses (no trailing slash)."""
    return sites.slug_site_url(sites.url_slug())  # the slug is enough: no tenant lookup for a URL


def rest_url(path: str = "/") -> str:
    """``rest_url()``: the pretty-permalink API URL of ``path`` on the addressed site."""
    return f"{site_root()}/wp-json/{path.lstrip('/')}"


def route_data(route: Route, context: str = "view") -> dict[str, Any] | None:
    """``get_data_for_route``: namespace, methods, endpoints (methods, args), schema in ``help``, ``_links``."""
    data: dict[str, Any] = {"namespace": route.namespace, "methods": [], "endpoints": []}
    if route.schema is not None and context == "help":
        data["schema"] = route.schema()
    variable = "{" in _NAMED_GROUP.sub(r"{\1}", route.pattern)
    for handler in route.handlers:
        if not handler.show_in_index:
            continue
        data["methods"].extend(handler.methods)
        data["endpoints"].append({"methods": list(handler.methods), "args": index_args(handler.args)})
        if not variable:
            data["_links"] = {"self": [{"href": rest_url(route.pattern)}]}
    return data if data["methods"] else None


def routes_data(routes: list[Route], context: str = "view") -> dict[str, Any]:
    """``get_data_for_routes``: route regex -> route data, hidden routes left out."""
    shown = {}
    for route in routes:
        data = route_data(route, context)
        if data is not None:
            shown[route.pattern] = data
    return shown


_INDEX_CACHE = "wpcompat.rest.index_routes"
_INDEX_CACHE_SIZE = 1024


def _indexed_routes(namespace: str | None, context: str) -> dict[str, Any]:
    """:func:`routes_data` of every route (``namespace`` None) or of one namespace, for the addressed site.

    The same for every request to the same site (the route table is complete at start-up), so made
    once per site URL and kept. Shared between requests: read only (``_fields`` and ``_envelope`` copy).
    """
    help_context = context == "help"  # the only context that changes route data (it adds schemas)
    key = (site_root(), namespace, help_context)
    cache = current_app.extensions.setdefault(_INDEX_CACHE, {})
    found = cache.get(key)
    if found is None:
        table = route_table()
        routes = list(table.routes.values()) if namespace is None else table.in_namespace(namespace)
        found = routes_data(routes, "help" if help_context else "view")
        if len(cache) < _INDEX_CACHE_SIZE:
            cache[key] = found
    return found


def _timezone_fields(timezone: str) -> tuple[str | float, str]:
    """(gmt_offset, timezone_string) as WordPress stores them for a site timezone.

    A default (UTC) install has ``gmt_offset`` "0" and an empty ``timezone_string``; a named zone
    reports its current offset in hours as a number (``wp_timezone_override_offset``).
    """
    if timezone in _UTC_NAMES:
        return "0", ""
    offset = datetime.now(ZoneInfo(timezone)).utcoffset()
    return round(offset.total_seconds() / 3600, 2) if offset else 0.0, timezone


def get_index(request: RestRequest) -> RestResponse:
    """The root index (GET ``/wp-json/``)."""
    settings = sites.settings()
    tenant = request_tenant.url_tenant()
    gmt_offset, timezone_string = _timezone_fields(tenant.timezone if tenant else settings.timezone)
    root = site_root()
    table = route_table()
    response = RestResponse({
        "name": tenant.name if tenant else settings.name,
        "description": "" if tenant else settings.description,
        "url": root,
        "home": root,
        "gmt_offset": gmt_offset,
        "timezone_string": timezone_string,
        "page_for_posts": 0,
        "page_on_front": 0,
        "show_on_front": "posts",
        "namespaces": list(table.namespaces),
        "authentication": {"application-passwords": {"endpoints": {
            "authorization": f"{root}/wp-admin/authorize-application.php"}}},
        "routes": _indexed_routes(None, request.get_param("context") or "view"),
    })
    fields = request.requested_fields() or ["_links"]
    if request.has_param("_embed"):
        fields.append("_embedded")
    if field_included("_links", fields) or field_included("_embedded", fields):
        response.add_link("help", HELP_URL)
    if field_included("_links", fields) or field_included("_embedded", fields) or field_included(
            "site_logo", fields):
        response.data["site_logo"] = 0
    if any(field_included(name, fields) for name in ("_links", "_embedded", "site_icon", "site_icon_url")):
        response.data["site_icon"] = 0
        response.data["site_icon_url"] = ""
    return response


def get_namespace_index(request: RestRequest) -> RestResponse:
    """A namespace's index (GET ``/wp-json/<ns>``); the namespace comes from the ``namespace`` param."""
    namespace = request.get_param("namespace")
    table = route_table()
    if not isinstance(namespace, str) or namespace not in table.namespaces:
        raise RestError("rest_invalid_namespace", "The specified namespace could not be found.", 404)
    response = RestResponse({
        "namespace": namespace,
        "routes": _indexed_routes(namespace, request.get_param("context") or "view"),
    })
    response.add_link("up", rest_url("/"))
    return response


def namespace_index_handler(namespace: str) -> Handler:
    """The handler WordPress registers for ``/<namespace>`` with the namespace's first route."""
    return Handler(methods=("GET",), callback=get_namespace_index,
                   args={"namespace": {"default": namespace}, "context": {"default": "view"}})


def root_route() -> Route:
    """The ``/`` route (namespace ``""``), registered before every other route."""
    return Route("/", "", [Handler(methods=("GET",), callback=get_index, args={"context": {"default": "view"}})])
