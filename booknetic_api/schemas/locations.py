"""Locations on the wire: the 5.1 select list and Booknetic 5.2's REST-style location (DTO, 422 bodies)."""
from __future__ import annotations

from marshmallow import Schema, fields

from .fields import Integer, LenientStr, Text
from .rows import upload_url


class LocationListQuery(Schema):
    search = LenientStr("")


class LocationOut(Schema):
    """``GET /locations/{id}``'s ``data`` (LocationResponse): ints and a bool, image as a URL."""

    id = fields.Integer()
    name = fields.String()
    image = fields.Function(lambda loc: upload_url("locations", loc.image) or None)
    # allow_none: null columns are sent as null (and the OpenAPI description says so).
    address = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)
    latitude = fields.String(allow_none=True)
    longitude = fields.String(allow_none=True)
    is_active = fields.Boolean()
    # Location categories are not kept here: every location is in none (0).
    category_id = fields.Constant(0)


def _optional(**kwargs) -> Text:
    return Text(load_default=None, allow_none=True, **kwargs)


class LocationUpdateBody(Schema):
    """Every field optional; ``category_id``, ``address_components`` and ``translations`` are accepted
    (so Booknetic clients keep working) but not stored."""

    name = _optional(blank=False)
    address = _optional()
    phone = _optional()
    note = _optional()
    latitude = _optional(max_length=32)
    longitude = _optional(max_length=32)
    category_id = Integer(load_default=None, allow_none=True, minimum=0)
    address_components = fields.Raw(load_default=None)
    translations = fields.Raw(load_default=None)


class LocationCreateBody(LocationUpdateBody):
    name = Text(required=True, blank=False)
