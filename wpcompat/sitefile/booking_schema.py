"""Schemas of a tenant's booking data in the site file: catalogue, staff, customers, appointments.

Each validates one object on its own; references between objects (``"service": "swedish"``) are
checked per tenant by :mod:`wpcompat.sitefile.references` once every object is valid.
"""
from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validates_schema

from ..booking.payments import PAYMENT_STATUSES
from ..booking.statuses import STATUSES
from .fields import Birthdate, Bool, Int, LocalDateTime, Money, at_least, day_intervals, one_of, pattern, text, unique_list

REF = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
REF_ERROR = "a ref is 1-64 letters, digits, '_', '.' or '-'"


def ref_field(required: bool = True) -> fields.String:
    """A file-local name (its own ``ref``, or a reference to another object's)."""
    return pattern(REF, REF_ERROR, required=required)


def ref_list() -> fields.List:
    return unique_list(ref_field(), load_default=list)


class LocationSchema(Schema):
    ref = ref_field()
    name = text()
    address = text(required=False, max_length=500)
    phone = text(required=False, max_length=64)
    notes = text(required=False, max_length=5000)


class ServiceCategorySchema(Schema):
    ref = ref_field()
    name = text()
    parent = ref_field(required=False)


class ServiceExtraSchema(Schema):
    ref = ref_field()
    name = text()
    price = Money(required=True)
    duration = Int(load_default=0, validate=at_least(0))
    min_quantity = Int(load_default=0, validate=at_least(0))
    max_quantity = Int(load_default=1, validate=at_least(1))

    @validates_schema
    def _quantities(self, data: dict, **kwargs) -> None:
        if data["min_quantity"] > data["max_quantity"]:
            raise ValidationError("may not exceed max_quantity", "min_quantity")


class ServiceSchema(Schema):
    ref = ref_field()
    slug = pattern(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$", "a slug is lower-case letters, digits and dashes")
    name = text()
    category = ref_field(required=False)
    duration = Int(required=True, validate=at_least(1))
    price = Money(required=True)
    capacity = Int(load_default=1, validate=at_least(1))
    buffer_before = Int(load_default=0, validate=at_least(0))
    buffer_after = Int(load_default=0, validate=at_least(0))
    color = pattern(r"^#[0-9A-Fa-f]{6}$", "a color is #rrggbb", required=False)
    description = text(required=False, max_length=5000)
    is_active = Bool(load_default=True)
    approval = one_of(("none", "admin", "staff"), required=False, load_default="none")
    payment = one_of(("later", "immediately", "discretional"), required=False, load_default="later")
    extras = fields.List(fields.Nested(ServiceExtraSchema), load_default=list)


class TimesheetSchema(Schema):
    """A weekly timesheet: ``{"mon": [["09:00", "12:00"], ...], ...}``; a missing or empty day is off."""

    mon = day_intervals()
    tue = day_intervals()
    wed = day_intervals()
    thu = day_intervals()
    fri = day_intervals()
    sat = day_intervals()
    sun = day_intervals()


class BusinessHoursSchema(Schema):
    """The company's business hours (Booknetic's timesheet with neither staff nor service) and holidays."""

    timesheet = fields.Nested(TimesheetSchema, load_default=dict)
    days_off = unique_list(fields.Date(), load_default=list)


class StaffSchema(Schema):
    ref = ref_field()
    user = text(required=False, max_length=60)
    name = text()
    email = fields.Email(required=True)
    phone = text(required=False, max_length=64)
    profession = text(required=False)
    about = text(required=False, max_length=5000)
    services = ref_list()
    locations = ref_list()
    timesheet = fields.Nested(TimesheetSchema, load_default=dict)
    days_off = unique_list(fields.Date(), load_default=list)
    # A date's own intervals instead of its weekday's ([]: closed that day).
    special_days = fields.Dict(keys=fields.Date(), values=day_intervals(), load_default=dict)


class CustomerSchema(Schema):
    ref = ref_field()
    first_name = text()
    last_name = text()
    email = fields.Email(required=True)
    phone = text(required=False, max_length=64)
    birthdate = Birthdate()
    gender = one_of(("male", "female"), required=False)
    notes = text(required=False, max_length=5000)


class AppointmentExtraSchema(Schema):
    extra = ref_field()
    quantity = Int(load_default=1, validate=at_least(1))


class PaymentSchema(Schema):
    status = one_of(PAYMENT_STATUSES)
    paid_amount = Money(required=True)
    method = pattern(r"^[a-z0-9_]{1,32}$", "a payment method is a lower-case name such as local", required=False,
                     load_default="local")


class AppointmentSchema(Schema):
    ref = ref_field()
    service = ref_field()
    staff = ref_field()
    location = ref_field(required=False)
    customer = ref_field()
    starts_at = LocalDateTime(required=True)
    status = one_of(tuple(STATUSES))
    weight = Int(load_default=1, validate=at_least(1))
    extras = fields.List(fields.Nested(AppointmentExtraSchema), load_default=list)
    note = text(required=False, max_length=5000)
    # A discount off the total: a "discount" price line (Booknetic's appointment_prices, subtracted).
    discount = Money()
    payment = fields.Nested(
        PaymentSchema, load_default=lambda: {"status": "not_paid", "paid_amount": Decimal("0"), "method": "local"}
    )


class NotificationSchema(Schema):
    user = text(max_length=60)
    title = text()
    message = text(max_length=5000)
    # Booknetic's action_data points at one record: an appointment or a customer.
    appointment = ref_field(required=False)
    customer = ref_field(required=False)
    read = Bool(required=True)

    @validates_schema
    def _one_target(self, data: dict, **kwargs) -> None:
        if "appointment" in data and "customer" in data:
            raise ValidationError("give an appointment or a customer, not both", "customer")
