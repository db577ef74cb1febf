"""``/wpcompat/v1/plans`` at the main site: the platform owner's plans (modules and rate limits).
Rules: :mod:`wpcompat.platform.plans`."""
from __future__ import annotations

from typing import Any

from wpcompat.php.casts import php_intval
from wpcompat.platform import plans
from wpcompat.platform.models import MODULES, Plan
from wpcompat.rest import CREATABLE, DELETABLE, EDITABLE, READABLE, RestError, RestRequest, RestResponse, rest_url
from wpcompat.rest.response import response_to_data

from .namespace import ID, api, platform_owner
from .pagination import page_params, page_of, paginated
from .resources import (ALL_CONTEXTS, FORCE_ARG, ItemSchema, context_arg, created, domain_refusals, item_response,
                        trash_not_supported)

BASE = "/plans"
ITEM = BASE + "/" + ID
_LIMIT = {"type": "string", "description": "A Flask-Limiter limit string such as 600/minute."}

SCHEMA = ItemSchema("plan", {
    "id": {"description": "Unique identifier for the plan.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "slug": {"description": "The plan's slug.", "type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
             "required": True, "context": ALL_CONTEXTS},
    "name": {"description": "The plan's name.", "type": "string", "minLength": 1, "maxLength": 200,
             "required": True, "context": ALL_CONTEXTS},
    "modules": {"description": "The Booknetic modules the plan grants.", "type": "array",
                "items": {"type": "string", "enum": list(MODULES)}, "required": True, "context": ALL_CONTEXTS},
    "rate_limits": {"description": "Request limits of the plan's tenants (null or a missing kind: the "
                                   "platform's defaults).", "type": ["object", "null"],
                    "properties": {"authenticated": _LIMIT, "anonymous": _LIMIT}, "additionalProperties": False,
                    "context": ALL_CONTEXTS},
})


def _item_url(plan_id: int) -> str:
    return rest_url(f"wpcompat/v1/plans/{plan_id}")


def _values(plan: Plan) -> dict[str, Any]:
    return {"id": plan.id, "slug": plan.slug, "name": plan.name, "modules": list(plan.modules),
            "rate_limits": plan.rate_limits}


def prepare_item(plan: Plan, request: RestRequest) -> RestResponse:
    return item_response(_values(plan), SCHEMA, request,
                         {"self": _item_url(plan.id), "collection": rest_url("wpcompat/v1/plans")})


def _not_found() -> RestError:
    return RestError("rest_plan_invalid_id", "Invalid plan ID.", 404)


def _plan(request: RestRequest) -> Plan:
    with domain_refusals(_not_found):
        return plans.get(php_intval(request.get_param("id")))


@api.route(BASE, methods=READABLE, args={**context_arg(), **page_params()}, permission=platform_owner)
def get_items(request: RestRequest) -> RestResponse:
    rows, total = plans.list_page(*page_of(request))
    return paginated([response_to_data(prepare_item(row, request)) for row in rows], total, request,
                     "wpcompat/v1/plans")


@api.route(BASE, methods=CREATABLE, args=SCHEMA.args(creating=True), permission=platform_owner)
def create_item(request: RestRequest) -> RestResponse:
    with domain_refusals():
        plan = plans.create(**SCHEMA.given(request, creating=True))
    request.set_param("context", "edit")
    return created(prepare_item(plan, request), _item_url(plan.id))


@api.route(ITEM, methods=READABLE, args=context_arg(), permission=platform_owner)
def get_item(request: RestRequest) -> RestResponse:
    return prepare_item(_plan(request), request)


@api.route(ITEM, methods=EDITABLE, args=SCHEMA.args(creating=False), permission=platform_owner)
def update_item(request: RestRequest) -> RestResponse:
    plan = _plan(request)
    with domain_refusals():
        plans.update(plan, **SCHEMA.given(request))
    request.set_param("context", "edit")
    return prepare_item(plan, request)


@api.route(ITEM, methods=DELETABLE, args=FORCE_ARG, permission=platform_owner)
def delete_item(request: RestRequest) -> dict:
    plan = _plan(request)
    if not request.get_param("force"):
        raise trash_not_supported("Plans")
    request.set_param("context", "edit")
    previous = response_to_data(prepare_item(plan, request))
    with domain_refusals(conflict_code="rest_plan_in_use"):
        plans.delete_plan(plan)
    return {"deleted": True, "previous": previous}


for _route in (BASE, ITEM):
    api.schema(_route, SCHEMA.public)
