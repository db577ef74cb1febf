"""``GET /wp-json/wpcompat/v1/audit``: the tenant's audit trail, for its owner, newest first, cursor paged.

Query args (WordPress-style validation: a bad one is ``400 rest_invalid_param``): ``entity`` (an entity
type), ``entity_id``, ``since`` (RFC 3339; without an offset, UTC), ``limit`` (1-100, default 50),
``cursor`` (from the ``Link: <…>; rel="next"`` header of the previous page). Another tenant's entity id
answers as a missing one: an empty list. docs/audit.md.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from wpcompat.changes import audit
from wpcompat.rest import READABLE, RestError, RestRequest, RestResponse, sanitize_request_arg, validate_request_arg
from wpcompat.rest.index import rest_url

from .namespace import api, tenant_owner

_CHECKED = {"validate_callback": validate_request_arg, "sanitize_callback": sanitize_request_arg}
ARGS = {
    "entity": {**_CHECKED, "description": "Only records of this entity type.", "type": "string",
               "enum": list(audit.ENTITY_TYPES)},
    "entity_id": {**_CHECKED, "description": "Only records of the entity with this id.", "type": "integer",
                  "minimum": 1},
    "since": {**_CHECKED, "description": "Only records at or after this time (RFC 3339).", "type": "string",
              "format": "date-time"},
    "limit": {**_CHECKED, "description": "Maximum number of records in the page.", "type": "integer",
              "minimum": 1, "maximum": audit.MAX_LIMIT, "default": audit.DEFAULT_LIMIT},
    "cursor": {**_CHECKED, "description": "Where the page starts: the cursor of the previous page's next link.",
               "type": "string", "pattern": r"^[1-9][0-9]{0,17}$"},
}


def parse_since(value: str) -> datetime:
    """An RFC 3339 time (validated by the arg's format) as naive UTC; no offset means UTC."""
    moment = datetime.fromisoformat(value.replace("z", "Z"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


@api.route("/audit", methods=READABLE, args=ARGS, permission=tenant_owner)
def get_audit(request: RestRequest) -> RestResponse:
    since = request.get_param("since")
    try:
        page = audit.audit_trail(
            request.tenant.id, entity=request.get_param("entity"), entity_id=request.get_param("entity_id"),
            since=parse_since(since) if since else None, limit=request.get_param("limit"),
            cursor=request.get_param("cursor"))
    except ValueError as error:
        raise RestError("rest_invalid_param", f"Invalid parameter(s): since ({error})", 400) from None
    slug = request.tenant.slug
    response = RestResponse([audit.record_json(record, slug) for record in page.records])
    if page.next_cursor is not None:
        query = {name: request.get_param(name) for name in ("entity", "entity_id", "since", "limit")
                 if request.has_param(name)}
        query["cursor"] = page.next_cursor
        response.header("Link", f'<{rest_url("wpcompat/v1/audit")}?{urlencode(query)}>; rel="next"')
    return response
