"""Page-numbered collections as WordPress's controllers answer them: ``page``/``per_page`` args and headers.

Mirrors ``WP_REST_Controller::get_collection_params`` (``page`` ≥ 1, ``per_page`` 1–100, default 10, both
``absint``-sanitized) and the headers ``WP_REST_Posts_Controller::get_items`` sends: ``X-WP-Total``,
``X-WP-TotalPages`` and ``Link`` ``rel="prev"``/``rel="next"`` (the request's query with ``page`` replaced).
A page past the last answers an empty list, as the users controller does.
"""
from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from wpcompat.php.casts import php_intval, php_string
from wpcompat.rest import RestRequest, RestResponse, rest_url, validate_request_arg


def _absint(value: Any, request: RestRequest, param: str) -> int:
    return abs(php_intval(value))


def page_params() -> dict[str, dict[str, Any]]:
    return {
        "page": {"description": "Current page of the collection.", "type": "integer", "default": 1,
                 "sanitize_callback": _absint, "validate_callback": validate_request_arg, "minimum": 1},
        "per_page": {"description": "Maximum number of items to be returned in result set.", "type": "integer",
                     "default": 10, "minimum": 1, "maximum": 100, "sanitize_callback": _absint,
                     "validate_callback": validate_request_arg},
    }


def page_of(request: RestRequest) -> tuple[int, int]:
    """The request's ``(page, per_page)``, already validated."""
    return int(request.get_param("page")), int(request.get_param("per_page"))


def _page_url(request: RestRequest, collection: str, page: int) -> str:
    # add_query_arg('page', n, add_query_arg($request->get_query_params(), rest_url($route))): query order kept.
    query = {name: value for name, value in request.query_params.items() if not isinstance(value, (dict, list))}
    query["page"] = page
    return f"{rest_url(collection)}?{urlencode({k: php_string(v) for k, v in query.items()})}"


def paginated(items: list, total: int, request: RestRequest, collection: str) -> RestResponse:
    """``items`` with the total, page count and prev/next links of the request's page of ``collection``."""
    page, per_page = page_of(request)
    pages = math.ceil(total / per_page)
    response = RestResponse(items)
    response.header("X-WP-Total", str(total))
    response.header("X-WP-TotalPages", str(pages))
    if page > 1:
        response.header("Link", f'<{_page_url(request, collection, min(page - 1, pages))}>; rel="prev"', replace=False)
    if pages > page:
        response.header("Link", f'<{_page_url(request, collection, page + 1)}>; rel="next"', replace=False)
    return response
