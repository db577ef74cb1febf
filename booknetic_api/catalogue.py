"""The catalogue: ``/staffs``, ``/services``, ``/services/categories``, ``/services/extras``.

All are ``{"data": [...]}`` lists (captures 17, 19b/19c, 20, 21): staff, categories and extras as raw
rows, services as select options. ``GET /services`` without ``category`` lists every service (Booknetic
5.1.2 answers that with a 500, capture 19). The route is ``staffs``: ``/staff`` is ``rest_no_route``.
"""
from __future__ import annotations

from wpcompat.booking import catalogue
from wpcompat.rest import RestRequest

from .namespace import api
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.catalogue import ExtrasQuery, ServiceOption, ServicesQuery, StaffQuery
from .schemas.rows import CategoryRow, ExtraRow, StaffRow, raw


@api.route("/staffs", permission=allow("staff"))
def list_staff(request: RestRequest):
    query = load_params(StaffQuery, request)
    staff = catalogue.list_staff(viewer(request), query["search"], query["location"], query["service"])
    return {"data": StaffRow(many=True).dump(staff)}


@api.route("/services", permission=allow("services"))
def list_services(request: RestRequest):
    query = load_params(ServicesQuery, request)
    services = catalogue.list_services(viewer(request), query["q"], query["category"])
    return {"data": ServiceOption(many=True).dump(services)}


@api.route("/services/categories", permission=allow("services"))
def list_categories(request: RestRequest):
    return {"data": CategoryRow(many=True).dump(catalogue.list_categories())}


@api.route("/services/extras", permission=allow("services"))
def list_extras(request: RestRequest):
    query = load_params(ExtrasQuery, request)
    extras = catalogue.list_extras(viewer(request), query["appointment_id"])
    # Booknetic starts quantity at the int 0 (capture 21) and overwrites it with the appointment_extras
    # column when the extra is on the appointment: then it is a raw MySQL string ("1").
    return {"data": [{**ExtraRow().dump(extra), "quantity": 0 if quantity is None else raw(quantity)}
                     for extra, quantity in extras]}
