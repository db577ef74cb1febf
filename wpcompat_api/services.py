"""``/wpcompat/v1/services`` and ``/services/{id}/extras``: a tenant's services and their extras.
Rules: :mod:`wpcompat.booking.catalogue_admin`. Owners write; staff whom Booknetic lets see services read."""
from __future__ import annotations

from typing import Any

from wpcompat.booking import catalogue_admin as catalogue
from wpcompat.booking.errors import NotFound
from wpcompat.booking.models import Service, ServiceExtra
from wpcompat.rest import RestRequest, rest_url

from .collections import Collection
from .namespace import owner_or_staff_with, tenant_owner
from .resources import ALL_CONTEXTS, VIEW_EDIT, ItemSchema

_MONEY = {"type": ["string", "number"], "description": "An amount ≥ 0 with at most two decimals; shown as \"25.00\"."}


def _int(description: str, minimum: int, **more: Any) -> dict[str, Any]:
    return {"description": description, "type": "integer", "minimum": minimum, "context": ALL_CONTEXTS, **more}


EXTRA_SCHEMA = ItemSchema("service-extra", {
    "id": {"description": "Unique identifier for the extra.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "name": {"description": "The extra's name.", "type": "string", "minLength": 1, "maxLength": 255,
             "required": True, "context": ALL_CONTEXTS},
    "price": {**_MONEY, "required": True, "context": ALL_CONTEXTS},
    "duration": _int("Minutes the extra adds to the appointment, per unit.", 0),
    "min_quantity": _int("The fewest units a booking takes.", 0),
    "max_quantity": _int("The most units a booking takes.", 1),
    "is_active": {"description": "Whether the extra can be booked.", "type": "boolean", "context": ALL_CONTEXTS},
    "notes": {"description": "Notes.", "type": ["string", "null"], "maxLength": 5000, "context": VIEW_EDIT},
})

SERVICE_SCHEMA = ItemSchema("service", {
    "id": {"description": "Unique identifier for the service.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "slug": {"description": "Unique in the tenant; TeamBooking's service id. Made from the name when absent.",
             "type": "string", "pattern": "^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$", "context": ALL_CONTEXTS},
    "name": {"description": "The service's name.", "type": "string", "minLength": 1, "maxLength": 255,
             "required": True, "context": ALL_CONTEXTS},
    "category": {"description": "The service category's id, or null.", "type": ["integer", "null"],
                 "context": ALL_CONTEXTS},
    "duration": _int("Minutes.", 1, required=True),
    "price": {**_MONEY, "required": True, "context": ALL_CONTEXTS},
    "capacity": _int("Seats per slot (1: one booking at a time).", 1),
    "buffer_before": _int("Minutes kept free before each appointment.", 0),
    "buffer_after": _int("Minutes kept free after each appointment.", 0),
    "timeslot_length": _int("Minutes between slot starts (0: the tenant's default).", 0),
    "color": {"description": "#rrggbb", "type": ["string", "null"], "pattern": "^#[0-9A-Fa-f]{6}$",
              "context": VIEW_EDIT},
    "description": {"description": "Description.", "type": ["string", "null"], "maxLength": 5000,
                    "context": VIEW_EDIT},
    "is_active": {"description": "Whether the service can be booked.", "type": "boolean", "context": ALL_CONTEXTS},
    "approval": {"description": "Who approves a booking (none: it gets the tenant's default status).",
                 "type": "string", "enum": list(catalogue.APPROVALS), "context": VIEW_EDIT},
    "payment": {"description": "When the customer pays.", "type": "string", "enum": list(catalogue.PAYMENTS),
                "context": VIEW_EDIT},
    "extras": {"description": "The service's extras (managed at /services/{id}/extras).", "type": "array",
               "items": {"type": "object", "properties": EXTRA_SCHEMA.public()["properties"]},
               "context": VIEW_EDIT, "readonly": True},
    "staff": {"description": "Ids of the staff members who provide the service (set on each staff member).",
              "type": "array", "items": {"type": "integer"}, "context": VIEW_EDIT, "readonly": True},
})


def extra_values(extra: ServiceExtra) -> dict[str, Any]:
    return {"id": extra.id, "name": extra.name, "price": f"{extra.price:.2f}", "duration": extra.duration,
            "min_quantity": extra.min_quantity, "max_quantity": extra.max_quantity, "is_active": extra.is_active,
            "notes": extra.notes}


def service_values(service: Service) -> dict[str, Any]:
    return {"id": service.id, "slug": service.slug, "name": service.name, "category": service.category_id,
            "duration": service.duration, "price": f"{service.price:.2f}", "capacity": service.capacity,
            "buffer_before": service.buffer_before, "buffer_after": service.buffer_after,
            "timeslot_length": service.timeslot_length, "color": service.color, "description": service.description,
            "is_active": service.is_active, "approval": service.approval, "payment": service.payment,
            "extras": [extra_values(extra) for extra in service.extras],
            "staff": sorted(member.id for member in service.staff)}


def _service_links(service: Service) -> dict[str, str]:
    links = {"extras": rest_url(f"wpcompat/v1/services/{service.id}/extras")}
    if service.category_id is not None:
        links["category"] = rest_url(f"wpcompat/v1/service-categories/{service.category_id}")
    return links


services = Collection(
    route="/services", schema=SERVICE_SCHEMA, label="service", plural="Services", values=service_values,
    links=_service_links, read=owner_or_staff_with("services"), write=tenant_owner,
    find=lambda request, service_id: catalogue.get_service(service_id),
    page=lambda request, page, per_page: catalogue.list_services(page, per_page),
    create=lambda request, **given: catalogue.create_service(**given),
    update=lambda request, service, **given: catalogue.update_service(service, **given),
    delete=lambda request, service: catalogue.delete_service(service),
    conflict_code="rest_service_in_use",
).register()


def _parent(request: RestRequest) -> Service:
    """The service in the path; missing (or another tenant's): the services' own 404, not the extras'."""
    from wpcompat.php.casts import php_intval

    try:
        return catalogue.get_service(php_intval(request.get_param("service_id")))
    except NotFound:
        raise services.not_found() from None


def _extras_page(request: RestRequest, page: int, per_page: int) -> tuple[list[ServiceExtra], int]:
    extras = _parent(request).extras
    return extras[(page - 1) * per_page: page * per_page], len(extras)


extras = Collection(
    route=r"/services/(?P<service_id>[\d]+)/extras", schema=EXTRA_SCHEMA, label="service extra",
    plural="Service extras", values=extra_values, read=owner_or_staff_with("services"), write=tenant_owner,
    links=lambda extra: {"up": rest_url(f"wpcompat/v1/services/{extra.service_id}")},
    find=lambda request, extra_id: catalogue.get_extra(_parent(request), extra_id),
    page=_extras_page,
    create=lambda request, **given: catalogue.create_extra(_parent(request), **given),
    update=lambda request, extra, **given: catalogue.update_extra(extra, **given),
    delete=lambda request, extra: catalogue.delete_extra(extra),
    conflict_code="rest_service_extra_in_use",
).register()
