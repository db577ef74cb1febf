"""``/wpcompat/v1/webhooks``: a tenant owner's webhook endpoints, their deliveries, tests and redeliveries.

WordPress REST conventions, as ``WP_REST_Application_Passwords_Controller`` writes them: args derived from
the item schema (``required`` only when creating), ``rest_invalid_param`` naming each bad field, contexts,
``_links``, 201 + ``Location`` on create, ``DELETE`` without ``force`` answering 501 ``rest_trash_not_supported``.
JSON and form bodies both work (``events[]=a&events[]=b`` or ``events=a,b``). The rules are the domain's
(:mod:`wpcompat.webhooks.endpoints`); another tenant's id answers exactly as a missing one.
"""
from __future__ import annotations

from typing import Any

from wpcompat.booking.errors import NotFound
from wpcompat.rest import (
    CREATABLE, DELETABLE, EDITABLE, READABLE, RestError, RestRequest, RestResponse, rest_url, validate_request_arg,
)
from wpcompat.rest.response import field_included, response_to_data
from wpcompat.core_routes.users import context_param
from wpcompat.php.casts import php_intval
from wpcompat.webhooks import endpoints
from wpcompat.webhooks.models import WebhookEndpoint
from wpcompat.webhooks.shapes import delivery_values, endpoint_values

from .namespace import ID, api, tenant_owner
from .pagination import page_params, page_of, paginated

BASE = "/webhooks"
ITEM = BASE + "/" + ID
DELIVERIES = ITEM + "/deliveries"
REDELIVER = DELIVERIES + r"/(?P<delivery_id>[\d]+)/redeliver"
CONTEXTS = ["view", "edit", "embed"]
_ALL = CONTEXTS
_VIEW_EDIT = ["view", "edit"]
_TIME = {"type": ["string", "null"], "format": "date-time", "context": _VIEW_EDIT, "readonly": True}


def _check_url(value: Any, request: RestRequest, param: str) -> bool | RestError:
    valid = validate_request_arg(value, request, param)
    if valid is not True:
        return valid
    problem = endpoints.url_problem(value)
    return True if problem is None else RestError("rest_invalid_url", problem)


ITEM_SCHEMA_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {"description": "Unique identifier for the webhook.", "type": "integer", "context": _ALL, "readonly": True},
    "url": {"description": "The URL events are posted to (http or https).", "type": "string", "format": "uri",
            "maxLength": endpoints.MAX_URL, "required": True, "context": _ALL, "validate_callback": _check_url},
    "description": {"description": "What the webhook is for.", "type": "string",
                    "maxLength": endpoints.MAX_DESCRIPTION, "context": _ALL},
    "events": {"description": "The event types sent to the webhook, or \"*\" for all of them.", "type": "array",
               "items": {"type": "string", "enum": list(endpoints.SUBSCRIBABLE)}, "minItems": 1, "required": True,
               "context": _ALL},
    "enabled": {"description": "Whether events are sent; true re-enables a disabled webhook.", "type": "boolean",
                "context": _ALL},
    "disabled_at": {"description": "When the webhook was disabled (GMT).", **_TIME},
    "disabled_reason": {"description": "Why the webhook was disabled.", "type": ["string", "null"],
                        "context": _VIEW_EDIT, "readonly": True},
    "failing_since": {"description": "Start of the current run of failed deliveries (GMT).", **_TIME},
    "created_at": {"description": "When the webhook was created (GMT).", **_TIME},
    "updated_at": {"description": "When the webhook was last changed (GMT).", **_TIME},
    "secret": {"description": "The signing secret. Only shown when the webhook is created.", "type": "string",
               "context": ["edit"], "readonly": True},
}
_ARG_KEYS = ("description", "type", "items", "minItems", "maxLength")


def item_schema() -> dict[str, Any]:
    """The public item schema (shown by OPTIONS)."""
    properties = {name: {key: value for key, value in prop.items() if key not in ("required", "validate_callback")}
                  for name, prop in ITEM_SCHEMA_PROPERTIES.items()}
    return {"$schema": "http://json-schema.org/draft-04/schema#", "title": "webhook", "type": "object",
            "properties": properties}


def _endpoint_args(creating: bool) -> dict[str, dict[str, Any]]:
    # get_endpoint_args_for_item_schema(): writable properties; `required` only when creating.
    args = {}
    for name, prop in ITEM_SCHEMA_PROPERTIES.items():
        if prop.get("readonly"):
            continue
        arg: dict[str, Any] = {"validate_callback": prop.get("validate_callback", validate_request_arg)}
        if creating and prop.get("required"):
            arg["required"] = True
        arg.update({key: prop[key] for key in _ARG_KEYS if key in prop})
        args[name] = arg
    return args


def _item_url(endpoint_id: int) -> str:
    return rest_url(f"wpcompat/v1/webhooks/{endpoint_id}")


def prepare_item(endpoint: WebhookEndpoint, request: RestRequest, secret: str | None = None) -> RestResponse:
    """The endpoint in the request's context (``secret`` only in the create answer), with ``_links``."""
    values = endpoint_values(endpoint)
    if secret is not None:
        values["secret"] = secret
    context = request.get_param("context") or "view"
    response = RestResponse({key: value for key, value in values.items()
                             if context in ITEM_SCHEMA_PROPERTIES[key]["context"]})
    wanted = request.requested_fields()
    if field_included("_links", wanted) or field_included("_embedded", wanted):
        response.add_link("self", _item_url(endpoint.id))
        response.add_link("collection", rest_url("wpcompat/v1/webhooks"))
        response.add_link("deliveries", _item_url(endpoint.id) + "/deliveries")
    return response


def _endpoint(request: RestRequest) -> WebhookEndpoint:
    try:
        return endpoints.get(php_intval(request.get_param("id")))
    except NotFound:
        raise RestError("rest_webhook_invalid_id", "Invalid webhook ID.", 404) from None


def _domain_call(call, *args, **kwargs):
    """Run a domain function, its refusals answered as WordPress would."""
    try:
        return call(*args, **kwargs)
    except endpoints.InvalidWebhook as error:
        details = {name: {"code": "rest_invalid_param", "message": message, "data": None}
                   for name, message in error.errors.items()}
        raise RestError("rest_invalid_param", f"Invalid parameter(s): {', '.join(error.errors)}", 400,
                        params=dict(error.errors), details=details) from None
    except endpoints.WebhookDisabled as error:
        raise RestError("rest_webhook_disabled", error.message, 409) from None


def _given(request: RestRequest) -> dict[str, Any]:
    return {name: request.get_param(name) for name in ("url", "events", "description", "enabled")
            if request.get_param(name) is not None}


_CONTEXT = {"context": context_param(CONTEXTS)}


@api.route(BASE, methods=READABLE, args={**_CONTEXT, **page_params()}, permission=tenant_owner)
def get_items(request: RestRequest) -> RestResponse:
    page, per_page = page_of(request)
    rows, total = endpoints.list_page(page, per_page)
    items = [response_to_data(prepare_item(endpoint, request)) for endpoint in rows]
    return paginated(items, total, request, "wpcompat/v1/webhooks")


@api.route(BASE, methods=CREATABLE, args=_endpoint_args(creating=True), permission=tenant_owner)
def create_item(request: RestRequest) -> RestResponse:
    endpoint, secret = _domain_call(endpoints.create, **_given(request))
    request.set_param("context", "edit")
    response = prepare_item(endpoint, request, secret=secret)
    response.status = 201
    response.header("Location", _item_url(endpoint.id))
    return response


@api.route(ITEM, methods=READABLE, args=_CONTEXT, permission=tenant_owner)
def get_item(request: RestRequest) -> RestResponse:
    return prepare_item(_endpoint(request), request)


@api.route(ITEM, methods=EDITABLE, args=_endpoint_args(creating=False), permission=tenant_owner)
def update_item(request: RestRequest) -> RestResponse:
    endpoint = _domain_call(endpoints.update, _endpoint(request), **_given(request))
    request.set_param("context", "edit")
    return prepare_item(endpoint, request)


@api.route(ITEM, methods=DELETABLE, permission=tenant_owner, args={"force": {
    "type": "boolean", "default": False, "description": "Required to be true, as webhooks do not support trashing."}})
def delete_item(request: RestRequest) -> dict:
    endpoint = _endpoint(request)
    if not request.get_param("force"):
        raise RestError("rest_trash_not_supported", "Webhooks do not support trashing. Set 'force' to true to delete.",
                        501)
    request.set_param("context", "edit")
    previous = response_to_data(prepare_item(endpoint, request))
    endpoints.delete_endpoint(endpoint)
    return {"deleted": True, "previous": previous}


@api.route(ITEM + "/test", methods=CREATABLE, permission=tenant_owner)
def test_item(request: RestRequest) -> RestResponse:
    return RestResponse(delivery_values(_domain_call(endpoints.send_test, _endpoint(request))), 202)


@api.route(DELIVERIES, methods=READABLE, args=page_params(), permission=tenant_owner)
def get_deliveries(request: RestRequest) -> RestResponse:
    endpoint = _endpoint(request)
    page, per_page = page_of(request)
    rows, total = endpoints.deliveries(endpoint, page, per_page)
    return paginated([delivery_values(row) for row in rows], total, request,
                     f"wpcompat/v1/webhooks/{endpoint.id}/deliveries")


@api.route(REDELIVER, methods=CREATABLE, permission=tenant_owner)
def redeliver(request: RestRequest) -> RestResponse:
    endpoint = _endpoint(request)
    try:
        delivery = endpoints.get_delivery(endpoint, php_intval(request.get_param("delivery_id")))
    except NotFound:
        raise RestError("rest_webhook_delivery_invalid_id", "Invalid webhook delivery ID.", 404) from None
    return RestResponse(delivery_values(_domain_call(endpoints.redeliver, delivery)), 202)


for _route in (BASE, ITEM):
    api.schema(_route, item_schema)
