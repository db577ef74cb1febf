"""``/wpcompat/v1/tenants`` at the main site: the platform owner's tenants (create with an owner, rename,
change plan, suspend/resume, delete). Rules: :mod:`wpcompat.platform.tenants`.

The owner created with a tenant has no credential yet: the platform owner gives them one with WordPress's own
``POST /wp-json/wp/v2/users/{owner}/application-passwords`` (linked as ``owner-application-passwords``).
"""
from __future__ import annotations

from typing import Any

from wpcompat.access.sites import slug_site_url
from wpcompat.booking.statuses import STATUSES
from wpcompat.php.casts import php_intval
from wpcompat.platform import tenants
from wpcompat.platform.models import Tenant
from wpcompat.rest import CREATABLE, DELETABLE, EDITABLE, READABLE, RestError, RestRequest, RestResponse, rest_url
from wpcompat.rest.response import response_to_data
from wpcompat.webhooks.outbox import rfc3339

from .namespace import ID, api, platform_owner
from .pagination import page_params, page_of, paginated
from .resources import (ALL_CONTEXTS, FORCE_ARG, TIME, VIEW_EDIT, ItemSchema, context_arg, created, domain_refusals,
                        item_response, trash_not_supported)

BASE = "/tenants"
ITEM = BASE + "/" + ID

SCHEMA = ItemSchema("tenant", {
    "id": {"description": "Unique identifier for the tenant.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "slug": {"description": "The tenant's site: /slug/ (directory) or slug.<host> (subdomain).", "type": "string",
             "pattern": "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", "required": True, "context": ALL_CONTEXTS},
    "name": {"description": "The business's name.", "type": "string", "minLength": 1, "maxLength": 200,
             "required": True, "context": ALL_CONTEXTS},
    "plan": {"description": "The plan's slug.", "type": "string", "required": True, "context": ALL_CONTEXTS},
    "timezone": {"description": "IANA time zone of the business.", "type": "string", "default": "UTC",
                 "context": VIEW_EDIT},
    "currency": {"description": "ISO 4217 currency code.", "type": "string", "pattern": "^[A-Z]{3}$",
                 "default": "USD", "context": VIEW_EDIT},
    "default_status": {"description": "What a booking of a service needing no approval becomes.", "type": "string",
                       "enum": list(STATUSES), "default": "approved", "context": VIEW_EDIT},
    "status": {"description": "active, or suspended: every surface of the tenant answers 403.", "type": "string",
               "enum": list(tenants.STATES), "context": ALL_CONTEXTS},
    "owner": {"description": "The tenant's first owner: the user id (on create, an object: login, email, "
                             "display_name).", "type": ["integer", "object", "null"], "required": True,
              "properties": {"login": {"type": "string"}, "email": {"type": "string"},
                             "display_name": {"type": "string"}},
              "context": VIEW_EDIT},
    "url": {"description": "The tenant's site URL.", "type": "string", "format": "uri", "context": ALL_CONTEXTS,
            "readonly": True},
    "created_at": {"description": "When the tenant was created (GMT).", **TIME},
    "suspended_at": {"description": "When the tenant was suspended (GMT), or null.", **TIME},
})


def _item_url(tenant_id: int) -> str:
    return rest_url(f"wpcompat/v1/tenants/{tenant_id}")


def _values(tenant: Tenant) -> dict[str, Any]:
    owner = tenants.owner_of(tenant)
    return {"id": tenant.id, "slug": tenant.slug, "name": tenant.name, "plan": tenant.plan.slug,
            "timezone": tenant.timezone, "currency": tenant.currency, "default_status": tenant.default_status,
            "status": tenants.status_of(tenant), "owner": owner.id if owner else None,
            "url": slug_site_url(tenant.slug) + "/", "created_at": rfc3339(tenant.created_at),
            "suspended_at": rfc3339(tenant.suspended_at) if tenant.suspended_at else None}


def prepare_item(tenant: Tenant, request: RestRequest) -> RestResponse:
    values = _values(tenant)
    links = {"self": _item_url(tenant.id), "collection": rest_url("wpcompat/v1/tenants")}
    if values["owner"] is not None:
        links["owner"] = rest_url(f"wp/v2/users/{values['owner']}")
        links["owner-application-passwords"] = rest_url(f"wp/v2/users/{values['owner']}/application-passwords")
    return item_response(values, SCHEMA, request, links)


def _not_found() -> RestError:
    return RestError("rest_tenant_invalid_id", "Invalid tenant ID.", 404)


def _tenant(request: RestRequest) -> Tenant:
    with domain_refusals(_not_found):
        return tenants.get(php_intval(request.get_param("id")))


@api.route(BASE, methods=READABLE, args={**context_arg(), **page_params()}, permission=platform_owner)
def get_items(request: RestRequest) -> RestResponse:
    rows, total = tenants.list_page(*page_of(request))
    return paginated([response_to_data(prepare_item(row, request)) for row in rows], total, request,
                     "wpcompat/v1/tenants")


@api.route(BASE, methods=CREATABLE, args=SCHEMA.args(creating=True), permission=platform_owner)
def create_item(request: RestRequest) -> RestResponse:
    given = SCHEMA.given(request, creating=True)
    given.pop("status", None)
    with domain_refusals():
        tenant, _ = tenants.create(**given)
        if request.get_param("status") == tenants.SUSPENDED:
            tenants.update(tenant, status=tenants.SUSPENDED)
    request.set_param("context", "edit")
    return created(prepare_item(tenant, request), _item_url(tenant.id))


@api.route(ITEM, methods=READABLE, args=context_arg(), permission=platform_owner)
def get_item(request: RestRequest) -> RestResponse:
    return prepare_item(_tenant(request), request)


@api.route(ITEM, methods=EDITABLE, args=SCHEMA.args(creating=False), permission=platform_owner)
def update_item(request: RestRequest) -> RestResponse:
    tenant = _tenant(request)
    given = SCHEMA.given(request)
    if "owner" in given:
        raise RestError("rest_invalid_param", "Invalid parameter(s): owner", 400,
                        params={"owner": "The owner is set when the tenant is created; manage users with "
                                         "/wpcompat/v1/users at the tenant's site."})
    with domain_refusals():
        tenants.update(tenant, **given)
    request.set_param("context", "edit")
    return prepare_item(tenant, request)


@api.route(ITEM, methods=DELETABLE, args=FORCE_ARG, permission=platform_owner)
def delete_item(request: RestRequest) -> dict:
    tenant = _tenant(request)
    if not request.get_param("force"):
        raise trash_not_supported("Tenants")
    request.set_param("context", "edit")
    previous = response_to_data(prepare_item(tenant, request))
    tenants.delete_tenant(tenant)
    return {"deleted": True, "previous": previous}


for _route in (BASE, ITEM):
    api.schema(_route, SCHEMA.public)
