"""Input resources: the ``reservation`` and ``slot`` JSON strings of do/edit_reservation, decoded and validated.

Decoding is PHP's ``json_decode`` (:func:`wpcompat.php.json.json_decode`: ``NaN``/``Infinity`` refused,
at most 512 levels deep); the plugin wants an object at the top. Validation keeps every check TeamBooking 2.5.7 makes (teambooking-ajax.md §7: ``type``,
``customerUserID``, ``customerTimezone`` from PHP's zone list, ``datetime``, ``payment.amount``,
``tickets``, top-level ``postID`` as ``FILTER_VALIDATE_INT`` ≥ 0; ``form_field`` shape) and adds what our
storage needs: every member we read must have the right JSON type and fit (``MAX_FIELD_LENGTH``), and
strings may hold no NUL or lone surrogate. Members we never read are ignored, as the plugin ignores
them. Any failure is the plugin's ``400 invalid resource``. Absent and ``null`` members are the same
(PHP ``isset``): both load as None.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from wpcompat.ajax import AjaxRequest
from wpcompat.booking.clock import MAX_EPOCH
from wpcompat.database.bounds import is_storable_text
from wpcompat.php.casts import php_string
from wpcompat.php.filters import validate_int
from wpcompat.php.json import PhpJsonError, json_decode

from .envelope import invalid_resource
from .params import raw_resource
from .timezones import is_php_timezone

GATEWAY_MAX = 32  # appointments.payment_method's size


def _storable(value: Any) -> bool:
    """No string (key or value) that a database cannot hold; iterative."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_storable_text(item):
                return False
        elif isinstance(item, (dict, list)):
            stack.extend(list(item.keys()) + list(item.values()) if isinstance(item, dict) else item)
    return True


def decode_object(text: object) -> dict:
    """``json_decode($text)`` that must give an object; anything else is ``400 invalid resource``."""
    if not isinstance(text, str):
        raise invalid_resource()  # absent from the body, or PHP array syntax (reservation[type]=...)
    try:
        value = json_decode(text)
    except PhpJsonError:
        raise invalid_resource() from None
    if not isinstance(value, dict) or not _storable(value):
        raise invalid_resource()
    return value


class PhpInt(fields.Field):
    """``FILTER_VALIDATE_INT`` with ``min_range`` 0 (and an optional maximum)."""

    def __init__(self, *, maximum: int | None = None, **kwargs: Any) -> None:
        if not kwargs.get("required"):
            kwargs.setdefault("load_default", None)
            kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.maximum = maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        number = validate_int(value)
        if number is None or number < 0 or (self.maximum is not None and number > self.maximum):
            raise ValidationError("Not an integer of at least 0.")
        return number


class Text(fields.Field):
    """A JSON string of at most ``max_length`` characters (default: the MAX_FIELD_LENGTH setting)."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        if not kwargs.get("required"):
            kwargs.setdefault("load_default", None)
            kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError("Not a string.")
        if len(value) > (self.max_length or current_app.config["MAX_FIELD_LENGTH"]):
            raise ValidationError("Too long.")
        return value


class FormValue(Text):
    """A form field's value: a string, or a number a PHP client left unquoted (kept as PHP prints it)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = php_string(value)
        return super()._deserialize(value, attr, data, **kwargs)


class Timezone(Text):
    """``in_array($tz, DateTimeZone::listIdentifiers())`` (strictly a string here)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        name = super()._deserialize(value, attr, data, **kwargs)
        if not is_php_timezone(name):
            raise ValidationError("Unknown time zone.")
        return name


class Flag(fields.Field):
    """JSON ``true``/``false`` only: a client that sends 1 or "yes" gets an error rather than a guess."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_none=True, load_default=None, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):  # marshmallow's Boolean would take 1 for True (1 == True)
            raise ValidationError("Not a boolean.")
        return value


def _nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    return fields.Nested(schema, allow_none=True, load_default=None, **kwargs)


class _Resource(Schema):
    class Meta:
        unknown = EXCLUDE  # the plugin ignores members it does not know (and read-only ones)


class ServiceRefSchema(_Resource):
    id = Text()
    location = Text()


class DateTimeSchema(_Resource):
    start = PhpInt(maximum=MAX_EPOCH)
    end = PhpInt(maximum=MAX_EPOCH)


class PaymentSchema(_Resource):
    amount = PhpInt()
    is_paid = Flag(data_key="isPaid")
    gateway = Text(max_length=GATEWAY_MAX)


class FormFieldSchema(_Resource):
    type = Text(required=True, validate=validate.Equal("form_field"))
    name = Text(required=True)
    value = FormValue(required=True)
    price_increment = PhpInt(data_key="priceIncrement")


class EditFormFieldSchema(FormFieldSchema):
    # edit_reservation validates each field with ReservationFormField's rules: priceIncrement required.
    price_increment = PhpInt(data_key="priceIncrement", required=True)


class ReservationSchema(_Resource):
    type = Text(required=True, validate=validate.Equal("reservation"))
    id = fields.Raw(allow_none=True, load_default=None)  # read-only; edit_reservation looks it up itself
    customer_user_id = PhpInt(data_key="customerUserID")
    customer_timezone = Timezone(data_key="customerTimezone")
    service = _nested(ServiceRefSchema)
    datetime = _nested(DateTimeSchema)
    payment = _nested(PaymentSchema)
    status = Text()
    tickets = PhpInt()
    post_id = PhpInt(data_key="postID")  # the plugin validates a top-level postID (not referer.postID)
    form_fields = fields.List(fields.Nested(FormFieldSchema), allow_none=True, load_default=None,
                              data_key="formFields")


class EditReservationSchema(ReservationSchema):
    form_fields = fields.List(fields.Nested(EditFormFieldSchema), allow_none=True, load_default=None,
                              data_key="formFields")


class SlotSchema(_Resource):
    type = Text(required=True, validate=validate.Equal("slot"))
    service_id = Text(data_key="serviceID")
    coworker_id = PhpInt(data_key="coworkerID")
    tickets = PhpInt()
    gcal_event = Text(data_key="gcalEvent")


def _load(schema: Schema, call: AjaxRequest, name: str) -> dict:
    try:
        return schema.load(decode_object(raw_resource(call, name)))
    except ValidationError:
        raise invalid_resource() from None


def load_reservation(call: AjaxRequest, *, edit: bool = False) -> dict:
    """The validated ``reservation`` of the raw body (snake_case keys; absent members are None)."""
    return _load(EditReservationSchema() if edit else ReservationSchema(), call, "reservation")


def load_slot(call: AjaxRequest) -> dict:
    """The validated ``slot`` of the raw body."""
    return _load(SlotSchema(), call, "slot")
