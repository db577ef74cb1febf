"""The three OpenAPI 3.1 descriptions, built with apispec from the code's own tables and schemas.

* ``booknetic``: every ``booknetic/v1`` route of the route table; its parameters from the marshmallow schemas
  the handlers load them with (:data:`BOOKNETIC_INPUTS`), its known answers from the output schemas (wire
  types as sent: Booknetic's ``meta.total`` is a string), errors in Booknetic's envelope (an integer ``code``)
  or, before the plugin runs (authentication), WordPress's.
* ``teambooking``: ``admin-ajax.php`` with ``action=teambooking_rest_api``, one GET and one POST operation whose
  ``operation`` parameter names the plugin's operation (OpenAPI has one operation per path and method; the
  operation tables of :mod:`teambooking_ajax.api` give the enums), ``reservation``/``slot`` as JSON strings
  (their shapes: :mod:`teambooking_ajax.schemas`), every answer in TeamBooking's envelope.
* ``wpcompat``: every ``wpcompat/v1`` route, from its args and item schema (WordPress's own dialect).

Each is built per request for the request's site (its ``servers`` URL), so a tenant's description names the
tenant's URLs.
"""
from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from booknetic_api.schemas import appointments as bn_appointments
from booknetic_api.schemas import customers as bn_customers
from booknetic_api.schemas import dashboard as bn_dashboard
from booknetic_api.schemas import fields as bn_fields
from booknetic_api.schemas import locations as bn_locations
from booknetic_api.schemas import notifications as bn_notifications
from booknetic_api.schemas import payments as bn_payments
from booknetic_api.schemas import catalogue as bn_catalogue
from teambooking_ajax import api as tb_api
from teambooking_ajax import schemas as tb_schemas
from wpcompat.rest.registry import Route, route_table

from . import rest

VERSION = "1"
BASIC = [{"applicationPassword": []}]
_ANY: dict[str, Any] = {}


def _spec(title: str, description: str, server: str) -> tuple[APISpec, MarshmallowPlugin]:
    plugin = MarshmallowPlugin()
    spec = APISpec(title=title, version=VERSION, openapi_version="3.1.0", plugins=[plugin],
                   info={"description": description}, servers=[{"url": server}])
    for field, kind in ((bn_fields.LenientInt, "integer"), (bn_fields.LenientStr, "string"),
                        (bn_fields.Text, "string"), (bn_fields.Integer, "integer"),
                        (tb_schemas.Text, "string"), (tb_schemas.PhpInt, "integer")):
        plugin.map_to_openapi_type(field, kind, None)
    return spec, plugin


def _schema_ref(spec: APISpec, schema: type[Schema]) -> dict[str, str]:
    name = schema.__name__
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return {"$ref": f"#/components/schemas/{name}"}


WORDPRESS_ERROR = {"type": "object", "required": ["code", "message"], "properties": {
    "code": {"type": "string"}, "message": {"type": "string"},
    "data": {"type": ["object", "null"], "properties": {"status": {"type": "integer"}}}}}
#: Booknetic answers its own refusals with the HTTP status as an integer ``code``; WordPress's layer (sign-in,
#: unknown routes) still answers with string codes on the same URLs.
BOOKNETIC_ERROR = {"type": "object", "required": ["code", "message"], "properties": {
    "code": {"type": ["integer", "string"]}, "message": {"type": "string"},
    "data": {"type": ["object", "null"], "properties": {"status": {"type": "integer"},
                                                        "errors": {"type": "object"}}}}}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# --- booknetic/v1

#: Callback name -> (where its parameters are, the marshmallow schema its handler loads them with).
BOOKNETIC_INPUTS: dict[str, tuple[str, type[Schema]]] = {
    "list_appointments": ("query", bn_appointments.AppointmentListQuery),
    "create_appointment": ("body", bn_appointments.AppointmentCreateBody),
    "update_appointment": ("body", bn_appointments.AppointmentUpdateBody),
    "change_status": ("body", bn_appointments.ChangeStatusBody),
    "list_statuses": ("query", bn_appointments.StatusesQuery),
    "available_times": ("query", bn_appointments.AvailableTimesQuery),
    "list_staff": ("query", bn_catalogue.StaffQuery),
    "list_services": ("query", bn_catalogue.ServicesQuery),
    "list_extras": ("query", bn_catalogue.ExtrasQuery),
    "list_customers": ("query", bn_customers.CustomerListQuery),
    "create_customer": ("body", bn_customers.CustomerBody),
    "update_customer": ("body", bn_customers.CustomerBody),
    "create_customer_legacy": ("body", bn_customers.LegacyCustomerBody),
    "edit_customer_legacy": ("body", bn_customers.LegacyCustomerBody),
    "delete_customers_legacy": ("body", bn_customers.LegacyDeleteBody),
    "stats": ("query", bn_dashboard.PeriodQuery),
    "graph": ("query", bn_dashboard.PeriodQuery),
    "upcoming": ("query", bn_dashboard.PageQuery),
    "list_locations": ("query", bn_locations.LocationListQuery),
    "create_location": ("body", bn_locations.LocationCreateBody),
    "update_location": ("body", bn_locations.LocationUpdateBody),
    "list_notifications": ("query", bn_notifications.NotificationsQuery),
    "mark_as_read": ("body", bn_notifications.MarkAsReadBody),
    "update_payment": ("body", bn_payments.PaymentBody),
}


def _booknetic_answers(spec: APISpec) -> dict[str, dict[str, Any]]:
    """Callback name -> the JSON Schema of its success answer, where an output schema describes it."""
    customer = _schema_ref(spec, bn_customers.CustomerOut)
    return {
        "list_customers": {"type": "object", "properties": {
            "data": {"type": "array", "items": customer},
            "meta": {"type": "object", "properties": {"total": {"type": "string"}, "skip": {"type": "integer"},
                                                      "limit": {"type": "integer"}}}}},
        "customer_info": customer,
        "get_customer": customer,
        "create_customer": {"type": "object", "properties": {"customer_id": {"type": "integer"}}},
        "get_location": {"type": "object", "properties": {"data": _schema_ref(spec, bn_locations.LocationOut)}},
        "list_services": {"type": "object", "properties": {
            "data": {"type": "array", "items": _schema_ref(spec, bn_catalogue.ServiceOption)}}},
    }


def booknetic(server: str) -> dict[str, Any]:
    spec, plugin = _spec("Booknetic REST API (booknetic/v1)", "Booknetic 5.1's REST routes as wpcompat serves "
                         "them: HTTP Basic with a WordPress application password.", server)
    spec.components.security_scheme("applicationPassword", {"type": "http", "scheme": "basic"})
    answers = _booknetic_answers(spec)

    def callback(route: Route, method: str) -> str:
        handler = next(h for h in route.handlers if method in h.methods)
        return handler.callback.__name__

    def responses(route: Route, method: str) -> dict[str, Any]:
        answer = answers.get(callback(route, method), _ANY)
        return {"200": _json(answer, "Success."), "default": _json(BOOKNETIC_ERROR, "An error.")}

    def extra(route: Route, method: str) -> dict[str, Any]:
        found = BOOKNETIC_INPUTS.get(callback(route, method))
        if found is None:
            return {}
        where, schema = found
        if where == "query":
            return {"parameters": plugin.converter.schema2parameters(schema, location="query")}
        ref = _schema_ref(spec, schema)
        return {"requestBody": {"content": {"application/json": {"schema": ref},
                                            "application/x-www-form-urlencoded": {"schema": ref}}}}

    _add_paths(spec, rest.paths(route_table().in_namespace("booknetic/v1"), responses, extra, BASIC, "booknetic"))
    return spec.to_dict()


# --- wpcompat/v1

def _wpcompat_responses(route: Route, method: str) -> dict[str, Any]:
    item = rest.item_schema(route) or _ANY
    # An item route, or a resource of one object without ids (``/settings``, as WordPress's /wp/v2/settings);
    # else a collection (nested ones have other groups).
    is_item = route.pattern.endswith("(?P<id>[\\d]+)") or (item is not _ANY and "id" not in item["properties"])
    if method == "GET":
        ok = _json(item if is_item or item is _ANY else {"type": "array", "items": item}, "Success.")
        if not is_item and item is not _ANY:
            ok["headers"] = {name: {"schema": {"type": "string"}, "description": text} for name, text in (
                ("X-WP-Total", "Items in the collection."), ("X-WP-TotalPages", "Pages of the collection."))}
        return {"200": ok, "default": _json(WORDPRESS_ERROR, "A WordPress REST error.")}
    if method == "DELETE":
        deleted = {"type": "object", "properties": {"deleted": {"type": "boolean"}, "previous": item}}
        return {"200": _json(deleted, "Deleted."), "default": _json(WORDPRESS_ERROR, "A WordPress REST error.")}
    code = "201" if method == "POST" and not is_item and item is not _ANY else "200"
    ok = _json(item, "Created." if code == "201" else "Success.")
    if code == "201":
        ok["headers"] = {"Location": {"schema": {"type": "string", "format": "uri"},
                                      "description": "The created item's URL."}}
    return {code: ok, "default": _json(WORDPRESS_ERROR, "A WordPress REST error.")}


def wpcompat(server: str) -> dict[str, Any]:
    spec, _ = _spec("wpcompat management API (wpcompat/v1)", "The platform's own API in WordPress REST "
                    "conventions: a tenant's catalogue, staff, settings, users, tokens, webhooks and audit trail "
                    "at the tenant's URL; tenants and plans at the main site.", server)
    spec.components.security_scheme("applicationPassword", {"type": "http", "scheme": "basic"})
    _add_paths(spec, rest.paths(route_table().in_namespace("wpcompat/v1"), _wpcompat_responses, None, BASIC,
                                "wpcompat"))
    return spec.to_dict()


# --- TeamBooking

TEAMBOOKING_ENVELOPE = {"type": "object", "required": ["header", "code"], "properties": {
    "header": {"type": "string"}, "code": {"type": "integer"}, "reason": {"type": "string"}, "response": {}}}


def _tb_parameters(method: str) -> dict[str, dict[str, Any]]:
    names: dict[str, None] = {}
    for operation in tb_api.OPERATIONS[method].values():
        names.update(dict.fromkeys(operation.required))
    if method == "GET":
        names.update(dict.fromkeys(("from", "to", "min_get", "max_get")))
    properties = {"action": {"type": "string", "enum": [tb_api.ACTION]},
                  "operation": {"type": "string", "enum": sorted(tb_api.OPERATIONS[method])}}
    for name in names:
        properties[name] = ({"type": "string", "contentMediaType": "application/json",
                             "description": f"The {name} as a JSON string."} if name in ("reservation", "slot")
                            else {"type": "string"})
    return properties


def teambooking(server: str) -> dict[str, Any]:
    spec, plugin = _spec("TeamBooking API (admin-ajax.php)", "TeamBooking 2.5's REST-over-admin-ajax API: "
                         "action=teambooking_rest_api, the operation named by its parameter, auth_token a read "
                         "or write token; every answer in the plugin's envelope with the HTTP status of its code.",
                         server)
    for schema in (tb_schemas.ReservationSchema, tb_schemas.SlotSchema):
        _schema_ref(spec, schema)  # the shapes the reservation and slot JSON strings carry
    answer = {"default": _json(TEAMBOOKING_ENVELOPE, "TeamBooking's envelope.")}
    query = _tb_parameters("GET")
    form = _tb_parameters("POST")
    spec.path("/wp-admin/admin-ajax.php", operations={
        "get": {"operationId": "teambooking_get", "tags": ["teambooking"],
                "parameters": [{"name": name, "in": "query", "schema": schema,
                                "required": name in ("action", "operation")} for name, schema in query.items()],
                "responses": answer},
        "post": {"operationId": "teambooking_post", "tags": ["teambooking"],
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": form, "required": ["action", "operation"]}}}},
                 "responses": answer},
    })
    return spec.to_dict()


def _add_paths(spec: APISpec, paths: dict[str, dict[str, Any]]) -> None:
    for path, operations in paths.items():
        if operations:
            spec.path(path, operations=operations)


DOCUMENTS = {"booknetic": booknetic, "teambooking": teambooking, "wpcompat": wpcompat}
