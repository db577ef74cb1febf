"""The route table: ``register_rest_route`` and the decorator form, :class:`RestNamespace`.

Mirrors ``WP_REST_Server::register_route``/``get_routes``/``match_request_to_handler``: routes are
regexes keyed by ``/<namespace>/<route>``, kept in registration order (the first matching route wins);
registering the same route string again appends its handlers; the first route of a namespace also
registers the namespace index ``/<namespace>``; matching is anchored and case-insensitive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from flask import Flask, current_app

if TYPE_CHECKING:
    from .request import RestRequest

# WP_REST_Server's method constants.
READABLE = "GET"
CREATABLE = "POST"
EDITABLE = "POST, PUT, PATCH"
DELETABLE = "DELETE"
ALLMETHODS = "GET, POST, PUT, PATCH, DELETE"

_EXTENSION_KEY = "wpcompat.rest"
_HANDLER_KEYS = {"methods", "callback", "permission_callback", "permission", "args", "show_in_index",
                 "validate_callback"}

Callback = Callable[["RestRequest"], Any]


@dataclass
class Handler:
    """One endpoint of a route: the methods it answers and what runs for them."""

    methods: tuple[str, ...]
    callback: Callback
    permission: Callback | None = None  # None: public (no permission_callback)
    args: dict[str, dict[str, Any]] = field(default_factory=dict)
    show_in_index: bool = True
    validate: Callback | None = None  # route-level validate_callback

    def accepts(self, method: str) -> bool:
        # HEAD falls back to GET when this handler has no explicit HEAD (per handler, as WordPress does).
        if method == "HEAD" and "HEAD" not in self.methods:
            method = "GET"
        return method in self.methods


@dataclass
class Route:
    """A registered route regex (``/ns/...``) and its handlers in registration order."""

    pattern: str
    namespace: str
    handlers: list[Handler]
    schema: Callable[[], dict] | None = None
    regex: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        # PCRE without /u: \d and \w are ASCII; '@^route$@i' in WordPress.
        self.regex = re.compile(f"^{self.pattern}$", re.IGNORECASE | re.ASCII)

    def match(self, path: str) -> dict[str, str] | None:
        """The named groups of a match (PHP's ``$matches`` without numeric keys), or None."""
        found = self.regex.match(path)
        if found is None:
            return None
        groups = found.groupdict()
        # preg_match drops trailing unset groups and reports inner unset ones as "".
        names = [name for name, value in groups.items() if value is not None]
        last = max((found.re.groupindex[name] for name in names), default=0)
        return {name: value or "" for name, value in groups.items()
                if value is not None or found.re.groupindex[name] < last}


class RouteTable:
    """Every REST route of an app, in registration order, and the namespaces they belong to."""

    def __init__(self, namespace_index: Callable[[str], Handler]) -> None:
        self.routes: dict[str, Route] = {}
        self.namespaces: dict[str, list[str]] = {}
        # Builds the handler of the auto-registered ``/<namespace>`` index route.
        self._namespace_index = namespace_index

    def register(self, namespace: str, pattern: str, handlers: list[Handler],
                 schema: Callable[[], dict] | None = None, override: bool = False) -> None:
        if namespace not in self.namespaces:
            self.namespaces[namespace] = []
            self.register(namespace, f"/{namespace}", [self._namespace_index(namespace)])
        if pattern not in self.namespaces[namespace]:
            self.namespaces[namespace].append(pattern)
        existing = self.routes.get(pattern)
        if existing is None or override:
            self.routes[pattern] = Route(pattern, namespace, list(handlers), schema)
        else:
            existing.handlers.extend(handlers)
            existing.namespace = namespace
            existing.schema = schema or existing.schema

    def candidates(self, path: str) -> Iterable[Route]:
        """Routes to try for ``path``: those of namespaces the path starts with, else all of them.

        Mirrors ``match_request_to_handler``'s case-sensitive namespace prefix test
        (``str_starts_with(trailingslashit(ltrim($path, '/')), $namespace)``).
        """
        probe = path.lstrip("/").rstrip("/") + "/"
        prefixed = [ns for ns in self.namespaces if probe.startswith(ns)]
        if not prefixed:
            return list(self.routes.values())
        return [route for route in self.routes.values() if route.namespace in prefixed]

    def in_namespace(self, namespace: str) -> list[Route]:
        return [route for route in self.routes.values() if route.namespace == namespace]


def install_route_table(app: Flask, table: RouteTable) -> None:
    app.extensions[_EXTENSION_KEY] = table


def route_table(app: Flask | None = None) -> RouteTable:
    """The app's route table (installed by ``wpcompat.rest.init_app``)."""
    app = app or current_app
    try:
        return app.extensions[_EXTENSION_KEY]
    except KeyError:
        raise RuntimeError("wpcompat.rest.init_app(app) must run before REST routes are registered") from None


def parse_methods(methods: str | Iterable[str]) -> tuple[str, ...]:
    """``"GET, POST"`` or a list -> ``("GET", "POST")`` (upper-cased, trimmed, as ``get_routes``)."""
    items = methods.split(",") if isinstance(methods, str) else list(methods)
    return tuple(dict.fromkeys(m.strip().upper() for m in items if m.strip()))


def handler_from_dict(spec: dict[str, Any]) -> Handler:
    """A :class:`Handler` from WordPress's array form (``methods``, ``callback``, ``permission_callback``...)."""
    unknown = set(spec) - _HANDLER_KEYS
    if unknown:
        raise TypeError(f"unknown REST handler option(s): {', '.join(sorted(unknown))}")
    callback = spec.get("callback")
    if not callable(callback):
        raise TypeError("a REST handler needs a callable 'callback'")
    permission = spec.get("permission_callback", spec.get("permission"))
    if permission is not None and not callable(permission):
        raise TypeError("'permission_callback' must be callable or None")
    return Handler(
        methods=parse_methods(spec.get("methods", READABLE)),
        callback=callback,
        permission=permission,
        args=dict(spec.get("args") or {}),
        show_in_index=bool(spec.get("show_in_index", True)),
        validate=spec.get("validate_callback"),
    )


def register_rest_route(app: Flask, namespace: str, route: str, handlers: list[dict[str, Any]], *,
                        schema: Callable[[], dict] | None = None, override: bool = False) -> None:
    """``register_rest_route($namespace, $route, [handler, ...])`` on ``app``.

    The stored route is ``/<namespace>/<route>`` with slashes trimmed (``appointments/`` and
    ``/appointments`` are the same route). ``schema`` returns the route's item schema (shown by OPTIONS).
    """
    clean = namespace.strip("/")
    if not clean:
        raise ValueError("a REST route needs a namespace")
    pattern = f"/{clean}/{route.strip('/')}"
    route_table(app).register(clean, pattern, [handler_from_dict(h) for h in handlers], schema, override)


class RestNamespace:
    """Routes of one namespace, declared with decorators and registered by :meth:`init_app`.

    ``@ns.route(regex, methods=..., permission=..., args=..., show_in_index=...)`` on several functions
    with the same ``regex`` adds their handlers to that route in order, like one ``register_rest_route``
    call with a list of endpoints.
    """

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace.strip("/")
        self._routes: dict[str, list[dict[str, Any]]] = {}
        self._schemas: dict[str, Callable[[], dict]] = {}

    def route(self, route_regex: str, methods: str | list[str] = READABLE, permission: Callback | None = None,
              args: dict[str, dict[str, Any]] | None = None, show_in_index: bool = True) -> Callable:
        """Decorator adding the function as a handler of ``route_regex``."""
        def decorator(callback: Callback) -> Callback:
            self._routes.setdefault(route_regex, []).append({
                "methods": methods, "callback": callback, "permission_callback": permission,
                "args": args or {}, "show_in_index": show_in_index,
            })
            return callback
        return decorator

    def schema(self, route_regex: str, schema: Callable[[], dict]) -> None:
        """Give ``route_regex`` an item schema (the ``schema`` route option)."""
        self._schemas[route_regex] = schema

    def init_app(self, app: Flask) -> None:
        """Register every declared route on ``app``'s REST server."""
        for route, handlers in self._routes.items():
            register_rest_route(app, self.namespace, route, handlers, schema=self._schemas.get(route))
