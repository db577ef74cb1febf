"""``/wpcompat/v1/settings``: the tenant's time zone, currency, the status of a new booking that needs no
approval, and the company's business hours — one object, as WordPress's ``/wp/v2/settings``: ``GET`` reads
it, ``POST|PUT|PATCH`` change the fields sent and answer the whole object. The owner only. Rules:
:mod:`wpcompat.booking.settings` (a new time zone that would strand booked appointments: 409
``wpcompat_bookings_stranded``, or made with ``allow_stranded=true`` and reported as ``stranded_appointments``)."""
from __future__ import annotations

from typing import Any

from wpcompat.booking import hours, settings
from wpcompat.booking.schedule import WEEKDAYS
from wpcompat.booking.statuses import STATUSES
from wpcompat.rest import EDITABLE, READABLE, RestRequest, RestResponse, rest_url

from .namespace import api, tenant_owner
from .resources import VIEW_EDIT, ItemSchema, context_arg, domain_refusals, item_response
from .staff import ALLOW_STRANDED, DAY

ROUTE = "/settings"
SCHEMA = ItemSchema("settings", {
    "timezone": {"description": "The site's IANA time zone: working hours are wall-clock times in it.",
                 "type": "string", "maxLength": 64, "context": VIEW_EDIT},
    "currency": {"description": "ISO 4217 code of the site's prices.", "type": "string", "pattern": "^[A-Z]{3}$",
                 "context": VIEW_EDIT},
    "default_status": {"description": "Status of a new booking of a service that needs no approval.",
                       "type": "string", "enum": list(STATUSES), "context": VIEW_EDIT},
    "business_hours": {"description": "The company's weekly hours and holidays (Booknetic's calendar falls back "
                                      "to them), or null for none.",
                       "type": ["object", "null"], "context": VIEW_EDIT, "additionalProperties": False,
                       "properties": {
                           "timesheet": {"type": "object", "properties": {name: DAY for name in WEEKDAYS},
                                         "additionalProperties": False},
                           "days_off": {"type": "array", "items": {"type": "string", "format": "date"}}}},
})


def settings_values(current: settings.Settings) -> dict[str, Any]:
    row = current.business_hours
    business = None if row is None else {"timesheet": hours.api_week(row.timesheet),
                                         "days_off": sorted(row.days_off or [])}
    return {"timezone": current.timezone, "currency": current.currency, "default_status": current.default_status,
            "business_hours": business}


def _respond(request: RestRequest, current: settings.Settings) -> RestResponse:
    return item_response(settings_values(current), SCHEMA, request, {"self": rest_url("wpcompat/v1" + ROUTE)})


@api.route(ROUTE, methods=READABLE, args=context_arg(), permission=tenant_owner)
def get_settings(request: RestRequest) -> RestResponse:
    return _respond(request, settings.get_settings())


@api.route(ROUTE, methods=EDITABLE, args={**SCHEMA.args(creating=False), **ALLOW_STRANDED}, permission=tenant_owner)
def update_settings(request: RestRequest) -> RestResponse:
    allow_stranded = bool(request.get_param("allow_stranded"))
    with domain_refusals():
        current, stranded = settings.update_settings(allow_stranded=allow_stranded, **SCHEMA.given(request))
    request.set_param("context", "edit")
    response = _respond(request, current)
    if allow_stranded:
        response.data["stranded_appointments"] = stranded
    return response


api.schema(ROUTE, SCHEMA.public)
