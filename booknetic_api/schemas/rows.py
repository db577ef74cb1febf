"""Raw-row outputs: what Booknetic returns straight from MySQL through ``wpdb`` (``ARRAY_A``).

Every column is a JSON string (``"id":"1"``, ``"paid_amount":"0.00"``, ``"is_active":"1"``) or null,
in the column order of the golden captures (booknetic-rest.md §3; NOTES.md: that order is the captured
install's). Values the plugin adds itself keep their PHP types (``statusObject``, ``quantity``).
``tenant_id`` is null, as on the captured single-site install: the tenant is the credentials' own and
its internal id is nobody's business.

List pages are read as column rows and shown by a :class:`RowFormat` (no ORM objects, no schema per
field: the list is every integration's hot path); single rows go through the marshmallow schemas.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields
from sqlalchemy import ColumnElement, Integer, Numeric, String, cast, null
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from wpcompat.access import sites
from wpcompat.booking.appointment_list import total_price
from wpcompat.booking.models import Appointment, Customer, Location, Service, Staff
from wpcompat.booking.statuses import STATUSES
from wpcompat.php.json import JsonRows

UPLOADS = "/wp-content/uploads/booknetic"


def raw(value: Any) -> str | None:
    """A column as MySQL hands it to PHP: a string (decimals with their 2 places), or null."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


class Raw(fields.Field):
    """A :func:`raw` column of an object."""

    def __init__(self, attribute: str | None = None, **kwargs: Any) -> None:
        super().__init__(attribute=attribute, dump_default=None, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return raw(value)


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


# Made once: every list row shows one (the dicts are only ever read: encoded, or copied by _fields).
_STATUS_OBJECTS = {slug: status.as_dict() for slug, status in STATUSES.items()}


def status_object(slug: str) -> Any:
    """The status definition, or ``[]`` (PHP's empty array) for a status Booknetic does not know."""
    known = _STATUS_OBJECTS.get(slug)
    return known if known is not None else []


class decimal_text(FunctionElement):  # noqa: N801 - a SQL function, named as SQL functions are
    """A decimal as MySQL hands it to PHP, made by the database: text with its scale (``"50.00"``), or NULL."""

    type = String()
    inherit_cache = True


@compiles(decimal_text)
def _decimal_text(element: decimal_text, compiler, **kw) -> str:
    # PostgreSQL (and the SQL standard): a NUMERIC(p, s) value, and sums and products of them with
    # integers, print their s places when cast to text.
    return f"CAST({compiler.process(element.clauses, **kw)} AS VARCHAR)"


@compiles(decimal_text, "sqlite")
def _decimal_text_sqlite(element: decimal_text, compiler, **kw) -> str:
    # SQLite keeps decimals as REAL; printf formats them as SQLAlchemy's Numeric does ("%.2f"). It would
    # print NULL as "0.00", hence the CASE, which evaluates the value twice: wrap columns and aggregates,
    # never a subquery.
    (column,) = element.clauses.clauses
    value = compiler.process(column, **kw)
    return f"CASE WHEN {value} IS NULL THEN NULL ELSE printf('%.{column.type.scale or 0}f', {value}) END"


@dataclass(frozen=True)
class RowField:
    """One key of a :class:`RowFormat`: the column it shows (None: always NULL here) and how.

    Without ``show``: text columns as they are, integers and decimals made strings by the database (as
    MySQL hands them to PHP), anything else (booleans) by :func:`raw`.
    """

    key: str
    column: ColumnElement | None = None
    show: Callable[[Any], Any] | None = None


class RowFormat:
    """A raw-row output read straight from a column select: its keys, in wire order, and their columns.

    ``columns`` is what to select (one per key, in order); :meth:`dump` turns the selected rows into the
    wire rows, calling Python only for the few values the database cannot format.
    """

    def __init__(self, *row_fields: RowField) -> None:
        self.keys = tuple(f.key for f in row_fields)
        self.columns = tuple(_selected(f) for f in row_fields)
        self._shows = tuple((f.key, show) for f in row_fields if (show := _show(f)) is not None)

    def dump(self, rows: Iterable[Any]) -> JsonRows:
        keys, shows, page = self.keys, self._shows, JsonRows()
        for values in rows:
            row = dict(zip(keys, values))
            for key, show in shows:
                row[key] = show(row[key])
            page.append(row)
        return page


def _selected(field: RowField) -> ColumnElement:
    if field.column is None:
        return null()
    if field.show is None and isinstance(field.column.type, Integer):
        return cast(field.column, String)
    if field.show is None and isinstance(field.column.type, Numeric):
        return decimal_text(field.column)
    return field.column


def _show(field: RowField) -> Callable[[Any], Any] | None:
    if field.show is not None or field.column is None:
        return field.show
    return None if isinstance(field.column.type, (Integer, Numeric, String)) else raw


#: The ``appointments`` table's columns, in the order of the captures (``tenant_id`` follows, NULL).
APPOINTMENT_COLUMNS = ("id", "location_id", "service_id", "staff_id", "customer_id", "status", "starts_at",
                       "ends_at", "busy_from", "busy_to", "weight", "payment_id", "recurring_id", "payment_method",
                       "payment_status", "paid_amount", "note", "locale", "client_timezone", "created_at")

AppointmentColumns = Schema.from_dict({**{name: Raw() for name in APPOINTMENT_COLUMNS}, "tenant_id": Null()},
                                      name="AppointmentColumns")

#: A row of ``GET /appointments`` (AppointmentRepository's joined SELECT; images as URLs).
APPOINTMENT_LIST_ROW = RowFormat(
    *(RowField(name, getattr(Appointment, name)) for name in APPOINTMENT_COLUMNS),
    RowField("tenant_id"),
    RowField("customer_first_name", Customer.first_name),
    RowField("customer_last_name", Customer.last_name),
    RowField("customer_email", Customer.email),
    RowField("customer_profile_image", Customer.profile_image, lambda name: upload_url("customers", name)),
    RowField("customer_phone_number", Customer.phone_number),
    RowField("staff_name", Staff.name),
    RowField("staff_profile_image", Staff.profile_image, lambda name: upload_url("staff", name)),
    RowField("location_name", Location.name),
    RowField("service_name", Service.name),
    RowField("total_price", total_price(shown=decimal_text)),
    RowField("statusObject", Appointment.status, status_object),
)


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
    """A ``service_extras`` row (the route adds ``quantity``: int 0, or the booked column's string)."""

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
