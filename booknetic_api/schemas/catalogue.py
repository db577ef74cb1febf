"""The catalogue's select lists: services (a 5.1 DTO with real ints), and the queries of the raw-row lists."""
from __future__ import annotations

from marshmallow import Schema, fields

from .fields import LenientInt, LenientStr
from .options import htmlspecialchars

#: Services of a day or longer are "date based" in Booknetic (no time of day is chosen).
DAY_MINUTES = 1440


class ServiceOption(Schema):
    """A row of ``GET /services`` (captures 19b/19c). Recurring services are not offered here, so the
    recurrence fields carry Booknetic's values for a non-recurring service (NULL types print as "")."""

    id = fields.Integer()
    text = fields.Function(lambda s: htmlspecialchars(s.name))
    repeatable = fields.Constant(0)
    repeat_type = fields.Constant("")
    repeat_frequency = fields.Constant("0")
    full_period_type = fields.Constant("")
    full_period_value = fields.Constant(0)
    max_capacity = fields.Integer(attribute="capacity")
    date_based = fields.Function(lambda s: s.duration >= DAY_MINUTES)


class ServicesQuery(Schema):
    q = LenientStr("")
    category = LenientInt(0)


class ExtrasQuery(Schema):
    appointment_id = LenientInt(0)


class StaffQuery(Schema):
    search = LenientStr("")
    location = LenientInt(0)
    service = LenientInt(0)
