"""Appointment requests: the 5.1 routes' typed reads and the REST-style create/update bodies.

Create/update bodies (Booknetic ships these routes as stubs; ours are real): ``customer_id``,
``service_id``, ``staff_id``, ``location_id``, ``date`` (Y-m-d) with ``time`` (HH:MM) in the tenant's
timezone or ``starts_at`` (Unix seconds), ``extras`` (``[{"extra_id", "quantity"}]``), ``status``,
``note``, ``weight``. A null member is the same as an absent one.
"""
from __future__ import annotations

from marshmallow import Schema, fields

from wpcompat.booking.appointment_list import ORDER_FIELDS
from wpcompat.booking.statuses import STATUSES

from .fields import NAME, Choice, Integer, LenientChoice, LenientInt, LenientStr, LocalDate, LocalTime, Text


class AppointmentListQuery(Schema):
    skip = LenientInt(0)
    limit = LenientInt(12)
    search = LenientStr("")
    order_by = LenientChoice(ORDER_FIELDS, None, data_key="orderByField")
    order_direction = LenientChoice(("ASC", "DESC"), "DESC", data_key="orderDirection")
    starts_at = LenientStr(None, data_key="startsAt")
    ends_at = LenientStr(None, data_key="endsAt")
    service_id = LenientInt(0, data_key="serviceId")
    customer_id = LenientInt(0, data_key="customerId")
    staff_id = LenientInt(0, data_key="staffId")
    status = LenientStr(None)


class ChangeStatusBody(Schema):
    status = LenientStr("")
    run_workflows = LenientInt(1)


class StatusesQuery(Schema):
    search = LenientStr("")


class AvailableTimesQuery(Schema):
    id = LenientInt(-1)
    q = LenientStr("")
    date = LenientStr("")
    location = LenientInt(0)
    service = LenientInt(0)
    staff = LenientInt(0)
    service_extras = LenientStr("[]")


def _optional(field_class, **kwargs):
    return field_class(load_default=None, allow_none=True, **kwargs)


class ExtraLine(Schema):
    error_messages = {"type": f"{NAME} must be an object"}

    extra_id = Integer(required=True, minimum=1)
    quantity = Integer(load_default=1, minimum=1)


class AppointmentUpdateBody(Schema):
    customer_id = _optional(Integer, minimum=1)
    service_id = _optional(Integer, minimum=1)
    staff_id = _optional(Integer, minimum=1)
    location_id = _optional(Integer, minimum=1)
    date = _optional(LocalDate)
    time = _optional(LocalTime)
    starts_at = _optional(Integer, minimum=0)
    extras = fields.List(
        fields.Nested(ExtraLine),
        load_default=None, allow_none=True, error_messages={"invalid": f"{NAME} must be an array"})
    status = _optional(Choice, choices=tuple(STATUSES))
    note = _optional(Text)
    weight = _optional(Integer, minimum=1)


class AppointmentCreateBody(AppointmentUpdateBody):
    customer_id = Integer(required=True, minimum=1)
    service_id = Integer(required=True, minimum=1)
    staff_id = Integer(required=True, minimum=1)
