"""``/wpcompat/v1/tenants`` at the main site: the platform owner's tenants (create with an owner, rename,
change plan, suspend/resume, delete). Rules: :mod:`wpcompat.platform.tenants`.

The owner created with a tenant has no credential yet: the platform owner gives them one with WordPress's own
``POST /wp-json/wp/v2/users/{owner}/application-passwords`` (linked as ``owner-application-passwords``).
"""
from __future__ import annotations

from typing import Any

from wpcompat.access.sites import slug_site_url
from wpcompat.booking.errors import InvalidBooking
from wpcompat.booking.statuses import STATUSES
from wpcompat.platform import tenants
from wpcompat.platform.models import Tenant
from wpcompat.rest import rest_url
from wpcompat.webhooks.outbox import rfc3339

from .collections import Collection
from .namespace import platform_owner
from .resources import ALL_CONTEXTS, TIME, VIEW_EDIT, ItemSchema

BASE = "/tenants"

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


def _values(tenant: Tenant) -> dict[str, Any]:
    owner = tenants.owner_of(tenant)
    return {"id": tenant.id, "slug": tenant.slug, "name": tenant.name, "plan": tenant.plan.slug,
            "timezone": tenant.timezone, "currency": tenant.currency, "default_status": tenant.default_status,
            "status": tenants.status_of(tenant), "owner": owner.id if owner else None,
            "url": slug_site_url(tenant.slug) + "/", "created_at": rfc3339(tenant.created_at),
            "suspended_at": rfc3339(tenant.suspended_at) if tenant.suspended_at else None}


def _links(tenant: Tenant) -> dict[str, str]:
    owner = tenants.owner_of(tenant)
    if owner is None:
        return {}
    return {"owner": rest_url(f"wp/v2/users/{owner.id}"),
            "owner-application-passwords": rest_url(f"wp/v2/users/{owner.id}/application-passwords")}


def _create(request, status: str | None = None, **given: Any) -> Tenant:
    tenant, _ = tenants.create(**given)
    if status == tenants.SUSPENDED:  # created suspended: set up before anyone may use it
        tenants.update(tenant, status=status)
    return tenant


def _update(request, tenant: Tenant, owner: Any = None, **given: Any) -> Tenant:
    if owner is not None:
        raise InvalidBooking("Invalid tenant", errors={
            "owner": "The owner is set when the tenant is created; manage users with /wpcompat/v1/users at its site."})
    return tenants.update(tenant, **given)


collection = Collection(
    route=BASE, schema=SCHEMA, label="tenant", plural="Tenants", values=_values, links=_links,
    read=platform_owner, write=platform_owner,
    find=lambda request, tenant_id: tenants.get(tenant_id),
    page=lambda request, page, per_page: tenants.list_page(page, per_page),
    create=_create, update=_update, delete=lambda request, tenant: tenants.delete_tenant(tenant),
).register()
