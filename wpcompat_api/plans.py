"""``/wpcompat/v1/plans`` at the main site: the platform owner's plans (modules and rate limits).
Rules: :mod:`wpcompat.platform.plans`."""
from __future__ import annotations

from typing import Any

from wpcompat.platform import plans
from wpcompat.platform.models import MODULES, Plan

from .collections import Collection
from .namespace import platform_owner
from .resources import ALL_CONTEXTS, ItemSchema

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


def _values(plan: Plan) -> dict[str, Any]:
    return {"id": plan.id, "slug": plan.slug, "name": plan.name, "modules": list(plan.modules),
            "rate_limits": plan.rate_limits}


collection = Collection(
    route="/plans", schema=SCHEMA, label="plan", plural="Plans", values=_values,
    read=platform_owner, write=platform_owner,
    find=lambda request, plan_id: plans.get(plan_id),
    page=lambda request, page, per_page: plans.list_page(page, per_page),
    create=lambda request, **given: plans.create(**given),
    update=lambda request, plan, **given: plans.update(plan, **given),
    delete=lambda request, plan: plans.delete_plan(plan),
    conflict_code="rest_plan_in_use",
).register()
