"""Customers on the wire: the list query, the legacy and REST-style bodies, and the Customer DTO.

The DTO (booknetic-rest.md §4.10, captures 10/11/38) has real ints; a NULL ``notes`` is ``""`` while a
NULL phone, birthdate or gender stays null; ``user_id`` is 0 when no WordPress user is linked;
``profile_image`` is an absolute URL, falling back to the plugin's ``no-photo.png``.
"""
from __future__ import annotations

from marshmallow import Schema, fields

from wpcompat.booking.customer_list import ORDER_FIELDS
from wpcompat.booking.customers import GENDERS, birthdate_text
from .fields import Choice, Email, LenientChoice, LenientEmail, LenientInt, LenientStr, LocalDate, Text
from .rows import asset_url, upload_url

NO_PHOTO = "/wp-content/plugins/booknetic/app/Backend/Customers/assets/images/no-photo.png"


def profile_image(customer) -> str:
    return upload_url("customers", customer.profile_image) or asset_url(NO_PHOTO)


class CustomerOut(Schema):
    id = fields.Integer()
    first_name = fields.String()
    last_name = fields.String()
    phone_number = fields.String(allow_none=True)  # allow_none: the OpenAPI description says null is sent
    email = fields.String()
    birthdate = fields.Function(lambda c: birthdate_text(c.birthdate))  # the zero date is "0000-00-00"
    notes = fields.Function(lambda c: c.notes or "")
    gender = fields.String(allow_none=True)
    user_id = fields.Function(lambda c: c.user_id or 0)
    profile_image = fields.Function(profile_image)


class CustomerListQuery(Schema):
    """``GET /customers``: Booknetic's typed reads (``limit`` below 1 is refused by the domain)."""

    skip = LenientInt(0)
    limit = LenientInt(12)
    search = LenientStr("")
    order_by = LenientChoice(ORDER_FIELDS, None, data_key="orderByField")
    order_direction = LenientChoice(("ASC", "DESC"), "DESC", data_key="orderDirection")


class LegacyCustomerBody(Schema):
    """``POST /customer/create`` and ``/customer/edit``: Booknetic 5.1's reads (wrong types are defaults)."""

    id = LenientInt(0)
    first_name = LenientStr("")
    last_name = LenientStr("")
    email = LenientEmail("")
    phone = LenientStr("")
    birthday = LenientStr("")
    gender = LenientChoice(GENDERS, "")
    note = LenientStr("")


class CustomerBody(Schema):
    """``POST /customers`` and ``PUT /customers/{id}``: every field checked, failures are 422 errors."""

    first_name = Text(required=True, blank=False)
    last_name = Text(load_default="")
    email = Email(required=True)
    phone = Text(load_default="")
    birthday = LocalDate(load_default=None)
    gender = Choice(GENDERS + ("",), load_default="")
    note = Text(load_default="")


class LegacyDeleteBody(Schema):
    """``POST /customer/delete``: ``ids`` (array of ints; anything else is an empty selection)."""

    ids = fields.Raw(load_default=None)
