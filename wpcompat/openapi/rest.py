"""OpenAPI paths of a REST namespace, read off the route table: one operation per route and method.

A route's regex becomes a path template (``(?P<id>[\\d]+)`` -> ``{id}``); its handler's args (WordPress's
JSON-schema dialect) become query parameters for reads and a JSON/form body for writes; the route's item
schema (``api.schema``) describes its answers. A namespace may add what its args do not say (Booknetic's
routes read their parameters with marshmallow schemas): ``extra(route, method)`` returns more of the
operation (``parameters``, ``requestBody``, ``responses``) to merge in.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wpcompat.rest.registry import Route

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
#: Keys of WordPress's arg dialect that are JSON Schema as OpenAPI 3.1 reads it.
_SCHEMA_KEYS = ("type", "enum", "items", "properties", "additionalProperties", "minimum", "maximum", "minLength",
                "maxLength", "minItems", "maxItems", "pattern", "format", "default", "description", "oneOf", "anyOf")
_BODY_METHODS = ("POST", "PUT", "PATCH")


def path_template(pattern: str) -> str:
    return _GROUP.sub(lambda match: "{" + match.group(1) + "}", pattern)


def json_schema(arg: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one WordPress arg or property (callbacks, contexts and flags dropped)."""
    schema = {key: arg[key] for key in _SCHEMA_KEYS if key in arg}
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            schema[key] = json_schema(schema[key])
    if isinstance(schema.get("properties"), dict):
        schema["properties"] = {name: json_schema(prop) for name, prop in schema["properties"].items()}
    if schema.get("format") in ("uri", "date-time", "date", "email") and "string" not in _types(schema):
        schema.pop("format")
    return schema


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return kind if isinstance(kind, list) else [kind]


def item_schema(route: Route) -> dict[str, Any] | None:
    """The route's item schema (from OPTIONS' ``schema``) as JSON Schema, if it has one."""
    if route.schema is None:
        return None
    described = route.schema()
    properties = {name: json_schema(prop) for name, prop in described.get("properties", {}).items()}
    return {"type": "object", "title": described.get("title"), "properties": properties}


def _parameters(route: Route, args: dict[str, dict[str, Any]], method: str) -> list[dict[str, Any]]:
    path_names = _GROUP.findall(route.pattern)
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}} for name in path_names]
    if method not in _BODY_METHODS:
        for name, arg in args.items():
            if name in path_names or not isinstance(arg, dict):
                continue
            parameter = {"name": name, "in": "query", "schema": json_schema(arg)}
            if method == "DELETE" and name == "force":
                # Nothing here has a trash: only force=true deletes (false is WordPress's 501 refusal).
                parameter["schema"] = {"type": "boolean", "const": True, "description": arg.get("description", "")}
                parameter["required"] = True
            if arg.get("required"):
                parameter["required"] = True
            if arg.get("description"):
                parameter["description"] = arg["description"]
            parameters.append(parameter)
    return parameters


def _body(route: Route, args: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    path_names = set(_GROUP.findall(route.pattern))
    properties = {name: json_schema(arg) for name, arg in args.items() if name not in path_names and isinstance(arg, dict)}
    if not properties:
        return None
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [name for name, arg in args.items() if isinstance(arg, dict) and arg.get("required")]
    if required:
        schema["required"] = required
    return {"content": {"application/json": {"schema": schema},
                        "application/x-www-form-urlencoded": {"schema": schema}}}


def operation_id(route: Route, method: str) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "_", path_template(route.pattern)).strip("_")
    return f"{method.lower()}_{words}"


def paths(routes: list[Route], responses: Callable[[Route, str], dict[str, Any]],
          extra: Callable[[Route, str], dict[str, Any]] | None = None, security: list | None = None,
          tag: str | None = None) -> dict[str, dict[str, Any]]:
    """The ``paths`` object of ``routes`` (the namespace index itself included)."""
    found: dict[str, dict[str, Any]] = {}
    for route in sorted(routes, key=lambda route: route.pattern):
        item = found.setdefault(path_template(route.pattern), {})
        for handler in route.handlers:
            for method in handler.methods:
                if method in ("HEAD",) or method.lower() in item:
                    continue
                operation: dict[str, Any] = {"operationId": operation_id(route, method),
                                             "parameters": _parameters(route, handler.args, method),
                                             "responses": responses(route, method)}
                if tag:
                    operation["tags"] = [tag]
                if method in _BODY_METHODS:
                    body = _body(route, handler.args)
                    if body:
                        operation["requestBody"] = body
                if handler.permission is not None and security is not None:
                    operation["security"] = security
                more = extra(route, method) if extra else {}
                if "parameters" in more:
                    known = {(p["name"], p["in"]) for p in operation["parameters"]}
                    operation["parameters"] += [p for p in more.pop("parameters") if (p["name"], p["in"]) not in known]
                operation.update(more)
                if not operation["parameters"]:
                    del operation["parameters"]
                item[method.lower()] = operation
    return found
