"""``WP_REST_Response``: data, status, headers and links, plus the post-dispatch data transforms.

The transforms mirror ``rest_filter_response_fields`` (``_fields``), ``WP_REST_Server::response_to_data``
(``_links`` with CURIE compaction) and ``envelope_response`` (``_envelope``).
"""
from __future__ import annotations

from typing import Any

from .errors import RestError
from ..php.casts import php_string
from .types import parse_list

CURIES = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]


class RestResponse:
    """A REST result: ``data`` (JSON-able), ``status`` and extra ``headers``; ``add_link`` adds ``_links``."""

    def __init__(self, data: Any = None, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.data = data
        self.status = status
        self.headers: dict[str, str] = dict(headers or {})
        self.links: dict[str, list[dict[str, Any]]] = {}
        self.matched_route: str | None = None

    def header(self, name: str, value: str, replace: bool = True) -> None:
        """Set a header; ``replace=False`` appends to an existing value with ``, `` (WP_HTTP_Response)."""
        if not replace and self.headers.get(name):
            value = f"{self.headers[name]}, {value}"
        self.headers[name] = value

    def add_link(self, rel: str, href: str, **attributes: Any) -> None:
        """Add a link; attributes print before ``href`` as WordPress prints them."""
        self.links.setdefault(rel, []).append({**attributes, "href": href})

    @property
    def is_error(self) -> bool:
        return self.status >= 400

    @classmethod
    def from_error(cls, error: RestError) -> RestResponse:
        return cls(error.to_data(), error.status)

    @classmethod
    def ensure(cls, result: Any) -> RestResponse:
        """``rest_ensure_response``: wrap plain data; errors become error responses."""
        if isinstance(result, RestResponse):
            return result
        if isinstance(result, RestError):
            return cls.from_error(result)
        return cls(result)


def compact_links(links: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Links as output: ``https://api.w.org/<name>`` relations become ``wp:<name>`` plus a ``curies`` entry."""
    compacted: dict[str, list[dict[str, Any]]] = {}
    used_curie = False
    for rel, items in links.items():
        prefix = "https://api.w.org/"
        if rel.startswith(prefix) and len(rel) > len(prefix):
            compacted["wp:" + rel[len(prefix):]] = items
            used_curie = True
        else:
            compacted[rel] = items
    if used_curie:
        compacted["curies"] = CURIES
    return compacted


def response_to_data(response: RestResponse) -> Any:
    """The body data with ``_links`` appended (when the response has links)."""
    data = response.data
    if response.links and isinstance(data, dict):
        data = {**data, "_links": compact_links(response.links)}
    return data


def field_included(field: str, fields: list[str] | None) -> bool:
    """``rest_is_field_included``: whether ``field`` is selected (``fields=None``: no ``_fields``, all are)."""
    if fields is None or field in fields:
        return True
    return any(f.startswith(field + ".") or field.startswith(f + ".") for f in fields)


def fields_tree(fields: list[str]) -> dict[str, Any]:
    """The nested field selection of ``_fields`` (``a.b.c``).

    Mirrors a quirk of ``rest_filter_response_fields``: a child selector after its parent was selected
    stops the processing of every later selector (its loop uses ``break 2``).
    """
    tree: dict[str, Any] = {}
    for field in (f.strip() for f in fields):
        parts = field.split(".")
        ref = tree
        stop = False
        for part in parts[:-1]:
            if ref.get(part) is True:
                stop = True
                break
            ref = ref.setdefault(part, {})
        if stop:
            break
        ref[parts[-1]] = True
    return tree


def _intersect(data: Any, tree: dict[str, Any]) -> Any:
    if not isinstance(data, dict):
        return data
    kept = {key: value for key, value in data.items() if str(key) in tree}
    for key, value in kept.items():
        branch = tree[str(key)]
        if isinstance(value, dict) and isinstance(branch, dict):
            kept[key] = _intersect(value, branch)
    return kept


def filter_fields(response: RestResponse, fields_param: Any) -> None:
    """Apply ``_fields`` to a non-error response (per item when the body is a list)."""
    if fields_param is None or response.is_error:
        return
    fields = [php_string(field) for field in parse_list(fields_param)]
    if not fields:
        return
    tree = fields_tree(fields)
    if isinstance(response.data, list):
        response.data = [_intersect(item, tree) for item in response.data]
    else:
        response.data = _intersect(response.data, tree)


def envelope(response: RestResponse) -> RestResponse:
    """``_envelope``: HTTP 200 whose body carries the real body, status and response headers."""
    return RestResponse({
        "body": response_to_data(response),
        "status": response.status,
        "headers": dict(response.headers),  # an empty map prints as [] (a PHP empty array)
    })
