"""``/wpcompat/v1/service-categories``: a tenant's service categories (nested by ``parent``)."""
from __future__ import annotations

from typing import Any

from wpcompat.booking import catalogue_admin as catalogue
from wpcompat.booking.models import ServiceCategory
from wpcompat.rest import rest_url

from .collections import Collection
from .namespace import owner_or_staff_with, tenant_owner
from .resources import ALL_CONTEXTS, ItemSchema

SCHEMA = ItemSchema("service-category", {
    "id": {"description": "Unique identifier for the category.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "name": {"description": "The category's name.", "type": "string", "minLength": 1, "maxLength": 255,
             "required": True, "context": ALL_CONTEXTS},
    "parent": {"description": "The parent category's id, or null.", "type": ["integer", "null"],
               "context": ALL_CONTEXTS},
})


def category_values(category: ServiceCategory) -> dict[str, Any]:
    return {"id": category.id, "name": category.name, "parent": category.parent_id}


def _links(category: ServiceCategory) -> dict[str, str]:
    return {"up": rest_url(f"wpcompat/v1/service-categories/{category.parent_id}")} if category.parent_id else {}


categories = Collection(
    route="/service-categories", schema=SCHEMA, label="service category", plural="Service categories",
    values=category_values, links=_links, read=owner_or_staff_with("services"), write=tenant_owner,
    find=lambda request, category_id: catalogue.get_category(category_id),
    page=lambda request, page, per_page: catalogue.list_categories(page, per_page),
    create=lambda request, **given: catalogue.create_category(**given),
    update=lambda request, category, **given: catalogue.update_category(category, **given),
    delete=lambda request, category: catalogue.delete_category(category),
    conflict_code="rest_service_category_in_use",
).register()
