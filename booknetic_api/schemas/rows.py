"""Raw-row outputs: what Booknetic returns straight from MySQL through ``wpdb`` (``ARRAY_A``).

Every column is a JSON string (``"id":"1"``, ``"paid_amount":"0.00"``, ``"is_active":"1"``) or null,
in the column order of the golden captures (booknetic-rest.md §3; NOTES.md: that order is the captured
install's). Values the plugin adds itself keep their PHP types (``statusObject``, ``quantity``).
``tenant_id`` is null, as on the captured single-site install: the tenant is the credentials' own and
its internal id is nobody's business.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from wpcompat.booking.statuses import STATUSES
from wpcompat import sites

UPLOADS = "/wp-content/uploads/booknetic"


class Raw(fields.Field):
    """A column as MySQL hands it to PHP: a string (decimals with their 2 places), or null."""

    def __init__(self, attribute: str | None = None, **kwargs: Any) -> None:
        super().__init__(attribute=attribute, dump_default=None, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return str(value)


def Null() -> fields.Constant:  # noqa: N802 - reads like the field types around it
    """A column that is always NULL here (add-on columns we do not have, ``tenant_id``)."""
    return fields.Constant(None)


def asset_url(path: str) -> str:
    """A file of the WordPress install (plugins, uploads): it lives at the main site, whichever tenant
    URL the request used (WordPress's ``plugins_url``/``wp_upload_dir`` are site-wide)."""
    return f"{sites.site_url(None)}{path}"


def upload_url(kind: str, file_name: str | None) -> str | None:
    """Booknetic's ``Helper::profileImage``: the uploaded file's URL, or the stored value when empty."""
    return asset_url(f"{UPLOADS}/{kind}/{file_name}") if file_name else file_name


def status_object(slug: str) -> Any:
    """The status definition, or ``[]`` (PHP's empty array) for a status Booknetic does not know."""
    known = STATUSES.get(slug)
    return known.as_dict() if known else []


def total_price(appointment) -> str | None:
    """``SUM(price * negative_or_positive)`` of the price lines: a 2-decimal string, NULL without lines."""
    return f"{appointment.total_price:.2f}" if appointment.prices else None


class AppointmentColumns(Schema):
    """The ``appointments`` table's columns."""

    id = Raw()
    location_id = Raw()
    service_id = Raw()
    staff_id = Raw()
    customer_id = Raw()
    status = Raw()
    starts_at = Raw()
    ends_at = Raw()
    busy_from = Raw()
    busy_to = Raw()
    weight = Raw()
    payment_id = Raw()
    recurring_id = Raw()
    payment_method = Raw()
    payment_status = Raw()
    paid_amount = Raw()
    note = Raw()
    locale = Raw()
    client_timezone = Raw()
    created_at = Raw()
    tenant_id = Null()


class AppointmentListRow(AppointmentColumns):
    """A row of ``GET /appointments`` (AppointmentRepository's joined SELECT; images as URLs)."""

    customer_first_name = Raw("customer.first_name")
    customer_last_name = Raw("customer.last_name")
    customer_email = Raw("customer.email")
    customer_profile_image = fields.Function(lambda a: upload_url("customers", a.customer.profile_image))
    customer_phone_number = Raw("customer.phone_number")
    staff_name = Raw("staff.name")
    staff_profile_image = fields.Function(lambda a: upload_url("staff", a.staff.profile_image))
    location_name = Raw("location.name")
    service_name = Raw("service.name")
    total_price = fields.Function(total_price)
    statusObject = fields.Function(lambda a: status_object(a.status))  # noqa: N815 - Booknetic's key


class AppointmentInfo(AppointmentColumns):
    """``info`` of ``GET /appointments/{id}`` (raw image file names here, as Booknetic sends them)."""

    customer_first_name = Raw("customer.first_name")
    customer_last_name = Raw("customer.last_name")
    customer_phone_number = Raw("customer.phone_number")
    customer_email = Raw("customer.email")
    customer_profile_image = Raw("customer.profile_image")
    location_name = Raw("location.name")
    service_name = Raw("service.name")
    staff_name = Raw("staff.name")
    staff_profile_image = Raw("staff.profile_image")
    staff_email = Raw("staff.email")
    staff_phone_number = Raw("staff.phone_number")
    statusObject = fields.Function(lambda a: status_object(a.status))  # noqa: N815


class AppointmentExtraRow(Schema):
    id = Raw()
    appointment_id = Raw()
    extra_id = Raw()
    quantity = Raw()
    price = Raw()
    duration = Raw()
    service_extras_name = Raw("extra.name")
    service_extras_image = Raw("extra.image")


class StaffRow(Schema):
    """A ``staff`` row (``locations`` is Booknetic's comma-separated id list)."""

    id = Raw()
    name = Raw()
    user_id = Raw()
    email = Raw()
    phone_number = Raw()
    about = Raw()
    profile_image = Raw()
    locations = fields.Function(lambda s: ",".join(str(location.id) for location in s.locations))
    google_access_token = Null()
    is_active = Raw()
    tenant_id = Null()
    profession = Raw()


class CategoryRow(Schema):
    """A ``service_categories`` row plus the parent's name under both of Booknetic's aliases."""

    id = Raw()
    name = Raw()
    parent_id = fields.Function(lambda c: str(c.parent_id or 0))
    tenant_id = Null()
    parent_category_name = fields.Function(lambda c: c.parent.name if c.parent else None)
    parent = fields.Function(lambda c: str(c.parent_id or 0))
    parent_name = fields.Function(lambda c: c.parent.name if c.parent else None)


class ExtraRow(Schema):
    """A ``service_extras`` row plus ``quantity`` (an int: the plugin adds it)."""

    id = Raw()
    service_id = Raw()
    name = Raw()
    image = Raw()
    price = Raw()
    duration = Raw()
    max_quantity = Raw()
    min_quantity = Raw()
    is_active = Raw()
    hide_duration = fields.Constant("0")
    hide_price = fields.Constant("0")
    notes = Raw()
    category_id = Null()
    tenant_id = Null()
