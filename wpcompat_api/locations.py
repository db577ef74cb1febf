"""``/wpcompat/v1/locations``: a tenant's locations, active or not. Rules: :mod:`wpcompat.booking.locations`
(the same functions Booknetic's location routes write through)."""
from __future__ import annotations

from typing import Any

from wpcompat.booking import locations
from wpcompat.booking.errors import NotFound
from wpcompat.booking.models import Location
from wpcompat.booking.visibility import EVERYTHING

from .collections import Collection
from .namespace import owner_or_staff_with, tenant_owner
from .resources import ALL_CONTEXTS, VIEW_EDIT, ItemSchema


def _text(description: str, size: int, **more: Any) -> dict[str, Any]:
    return {"description": description, "type": ["string", "null"], "maxLength": size, "context": VIEW_EDIT, **more}


SCHEMA = ItemSchema("location", {
    "id": {"description": "Unique identifier for the location.", "type": "integer", "context": ALL_CONTEXTS,
           "readonly": True},
    "name": {"description": "The location's name.", "type": "string", "minLength": 1, "maxLength": 255,
             "required": True, "context": ALL_CONTEXTS},
    "address": _text("Street address.", 500),
    "phone": _text("Phone number.", 64),
    "notes": _text("Notes.", 5000),
    "latitude": _text("Latitude.", 32),
    "longitude": _text("Longitude.", 32),
    "is_active": {"description": "Whether bookings can be made here.", "type": "boolean", "context": ALL_CONTEXTS},
})
#: API field -> LocationInput field.
_INPUT = {"name": "name", "address": "address", "phone": "phone", "notes": "note", "latitude": "latitude",
          "longitude": "longitude", "is_active": "is_active"}


def location_values(location: Location) -> dict[str, Any]:
    return {"id": location.id, "name": location.name, "address": location.address, "phone": location.phone_number,
            "notes": location.notes, "latitude": location.latitude, "longitude": location.longitude,
            "is_active": location.is_active}


def _input(given: dict[str, Any]) -> locations.LocationInput:
    # null clears a text field (the domain's "not given" is None, so the cleared ones are named apart).
    return locations.LocationInput(**{_INPUT[name]: value for name, value in given.items() if value is not None},
                                   cleared=frozenset(_INPUT[name] for name, value in given.items() if value is None))


def _find(request, location_id: int) -> Location:
    if location_id <= 0:
        raise NotFound("Location not found", field="id")  # Booknetic's "Invalid location ID!" is its own wording
    return locations.visible_location(EVERYTHING, location_id)


collection = Collection(
    route="/locations", schema=SCHEMA, label="location", plural="Locations", values=location_values,
    read=owner_or_staff_with("locations"), write=tenant_owner, find=_find,
    page=lambda request, page, per_page: locations.list_all(page, per_page),
    create=lambda request, **given: locations.create_location(_input(given)),
    update=lambda request, location, **given: locations.update_location(location, _input(given)),
    delete=lambda request, location: locations.delete_unused_location(location), conflict_code="rest_location_in_use",
).register()
