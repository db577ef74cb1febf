"""What every ``wpcompat/v1`` resource shares: its item schema, the args derived from it, its items in a
context, and the domain's refusals answered as WordPress's controllers answer them.

As ``WP_REST_Controller``: ``get_item_schema()`` is the one description of a resource; the create/update
args are its writable properties (``required`` only when creating, as ``get_endpoint_args_for_item_schema``),
an item is shown with the properties of the request's ``context``, and OPTIONS shows the schema.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from wpcompat.booking.errors import Conflict, InvalidBooking, NotFound
from wpcompat.core_routes.users import context_param
from wpcompat.rest import RestError, RestRequest, RestResponse, validate_request_arg
from wpcompat.rest.response import field_included

CONTEXTS = ["view", "edit", "embed"]
ALL_CONTEXTS = CONTEXTS
VIEW_EDIT = ["view", "edit"]
#: A read-only GMT time (RFC 3339) or null.
TIME = {"type": ["string", "null"], "format": "date-time", "context": VIEW_EDIT, "readonly": True}
#: Keys of a property that are the schema's own business (not shown by OPTIONS).
_PRIVATE = ("required", "validate_callback", "sanitize_callback")
_ARG_KEYS = ("description", "type", "items", "minItems", "maxItems", "maxLength", "minLength", "minimum",
             "maximum", "enum", "format", "pattern", "properties", "additionalProperties", "default")


class ItemSchema:
    """A resource's item schema: ``properties`` in WordPress's JSON-schema dialect (``context``,
    ``readonly``, ``required`` meaning "required when creating", an optional ``validate_callback``)."""

    def __init__(self, title: str, properties: dict[str, dict[str, Any]]) -> None:
        self.title = title
        self.properties = properties

    def public(self) -> dict[str, Any]:
        """The schema OPTIONS shows (and OpenAPI reads)."""
        properties = {name: {key: value for key, value in prop.items() if key not in _PRIVATE}
                      for name, prop in self.properties.items()}
        return {"$schema": "http://json-schema.org/draft-04/schema#", "title": self.title, "type": "object",
                "properties": properties}

    def args(self, creating: bool) -> dict[str, dict[str, Any]]:
        """The create (``creating``) or update args: every writable property."""
        args = {}
        for name, prop in self.properties.items():
            if prop.get("readonly"):
                continue
            arg: dict[str, Any] = {"validate_callback": prop.get("validate_callback", validate_request_arg)}
            if "sanitize_callback" in prop:
                arg["sanitize_callback"] = prop["sanitize_callback"]
            if creating and prop.get("required"):
                arg["required"] = True
            arg.update({key: prop[key] for key in _ARG_KEYS if key in prop and not (key == "default" and not creating)})
            args[name] = arg
        return args

    def given(self, request: RestRequest, creating: bool = False) -> dict[str, Any]:
        """The writable properties the request sent; null counts only where the property may be null."""
        given = {}
        for name in self.args(creating):
            value = request.get_param(name)
            if value is not None:
                given[name] = value
            elif request.has_param(name) and "null" in _types(self.properties[name]):
                given[name] = None
        return given

    def shown(self, values: dict[str, Any], request: RestRequest) -> dict[str, Any]:
        """``values`` limited to the properties of the request's context (``view`` by default)."""
        context = request.get_param("context") or "view"
        return {key: value for key, value in values.items()
                if key not in self.properties or context in self.properties[key].get("context", ALL_CONTEXTS)}


def _types(prop: dict[str, Any]) -> list[str]:
    kind = prop.get("type", [])
    return kind if isinstance(kind, list) else [kind]


def context_arg() -> dict[str, dict[str, Any]]:
    return {"context": context_param(CONTEXTS)}


def item_response(values: dict[str, Any], schema: ItemSchema, request: RestRequest,
                  links: dict[str, str]) -> RestResponse:
    """One item as a controller's ``prepare_item_for_response``: its context's fields and ``_links``
    (each ``rel: href``; only when ``_fields`` asks for them or does not filter)."""
    response = RestResponse(schema.shown(values, request))
    wanted = request.requested_fields()
    if field_included("_links", wanted) or field_included("_embedded", wanted):
        for rel, href in links.items():
            response.add_link(rel, href)
    return response


def created(response: RestResponse, location: str) -> RestResponse:
    """A create's answer: ``201`` with ``Location``."""
    response.status = 201
    response.header("Location", location)
    return response


def invalid_params(errors: dict[str, str]) -> RestError:
    """``rest_invalid_param`` naming each bad field, as ``WP_REST_Request::has_valid_params`` does."""
    details = {name: {"code": "rest_invalid_param", "message": message, "data": None}
               for name, message in errors.items()}
    return RestError("rest_invalid_param", f"Invalid parameter(s): {', '.join(errors)}", 400,
                     params=dict(errors), details=details)


def trash_not_supported(what: str) -> RestError:
    """``DELETE`` without ``force=true``: nothing here has a trash (WordPress's 501)."""
    return RestError("rest_trash_not_supported", f"{what} do not support trashing. Set 'force' to true to delete.",
                     501)


#: ``DELETE``'s one arg.
FORCE_ARG = {"force": {"type": "boolean", "default": False,
                       "description": "Required to be true, as this resource does not support trashing."}}


@contextmanager
def domain_refusals(not_found: RestError | Callable[[], RestError] | None = None,
                    conflict_code: str = "rest_conflict") -> Iterator[None]:
    """Answer the domain's refusals in WordPress's terms: :class:`InvalidBooking` -> 400
    ``rest_invalid_param`` (per field), :class:`NotFound` -> ``not_found`` (the resource's own 404),
    :class:`Conflict` -> 409 ``conflict_code`` (``wpcompat_bookings_stranded`` for bookings a change would
    strand) with the conflict's data."""
    try:
        yield
    except InvalidBooking as error:
        raise invalid_params(error.errors or {error.field or "_": error.message}) from None
    except NotFound as error:
        if not_found is None:
            raise RestError("rest_invalid_param", error.message, 400) from None
        raise (not_found() if callable(not_found) else not_found) from None
    except Conflict as error:
        code = "wpcompat_bookings_stranded" if error.kind == "stranded" else conflict_code
        raise RestError(code, error.message, 409, **error.data) from None
