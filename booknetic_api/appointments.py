"""Appointments: list, detail, create, update, delete, change-status, statuses, available times.

Wire shapes follow Booknetic 5.1.2 (booknetic-rest.md §4.2-4.8, captures 01-09, 31, 36): list rows and
``info`` are raw rows (strings), ``meta`` is ``{"total": "<string>", "limit", "skip"}``, statuses are an
object keyed by slug, and the mutations answer ``[]``. Where Booknetic is silent about a missing
appointment (delete, change-status) we answer its ``400 Appointment not found``, so that a typo'd (or
another tenant's) id is never a silent success. Routes are declared in the order of Booknetic's index.
"""
from __future__ import annotations

from datetime import date

from wpcompat.booking import appointment_list, appointments, availability, clock, lookup
from wpcompat.booking.appointment_list import AppointmentFilters
from wpcompat.booking.errors import NotFound
from wpcompat.booking.statuses import STATUSES, booknetic_status
from wpcompat.booking.visibility import visible_staff
from wpcompat.php.dates import read_ymd
from wpcompat.php.json import PhpJsonError, json_decode
from wpcompat.php.limits import PHP_INT_MAX
from wpcompat.rest import RestRequest

from .appointment_writes import create_appointment, update_appointment
from .errors import booknetic_error, booknetic_errors
from .namespace import ID, api, path_id
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.appointments import AppointmentListQuery, AvailableTimesQuery, ChangeStatusBody, StatusesQuery
from .schemas.fields import parse_day
from .schemas.rows import APPOINTMENT_LIST_ROW, AppointmentExtraRow, AppointmentInfo

#: More of one extra than this cannot fit in a day anyway; larger quantities are read as this.
MAX_EXTRA_QUANTITY = 1000


def _day(text: str | None, name: str) -> date | None:
    try:
        return parse_day(text)
    except ValueError:
        raise booknetic_error(f"{name} must be a date (Y-m-d)") from None


@api.route("/appointments", methods="GET", permission=allow("appointments", "appointments"))
@booknetic_errors()
def list_appointments(request: RestRequest):
    query = load_params(AppointmentListQuery, request)
    if query["skip"] < 0 or query["limit"] < 0:
        raise booknetic_error(f"{'Skip' if query['skip'] < 0 else 'Limit'} must not be negative")
    filters = AppointmentFilters(
        search=query["search"], order_by=query["order_by"], descending=query["order_direction"] == "DESC",
        starts_on_or_before=_day(query["starts_at"], "startsAt"), ends_by=_day(query["ends_at"], "endsAt"),
        service_id=query["service_id"], customer_id=query["customer_id"], staff_id=query["staff_id"],
        status=query["status"])
    rows, total = appointment_list.list_appointments(viewer(request), filters, query["skip"], query["limit"],
                                                     columns=APPOINTMENT_LIST_ROW.columns)
    # Captures 01-03: total is a string, then limit and skip as ints, in this order.
    return {"data": APPOINTMENT_LIST_ROW.dump(rows),
            "meta": {"total": str(total), "limit": query["limit"], "skip": query["skip"]}}


api.route("/appointments", methods="POST", permission=allow("appointments", "appointments_add"))(create_appointment)


@api.route(rf"/appointments/{ID}", permission=allow("appointments", "appointments"))
@booknetic_errors()
def get_appointment(request: RestRequest):
    appointment = appointment_list.visible_appointment(viewer(request), path_id(request))
    # No online payment gateway is installed, so there is never a payment link to offer (capture 04).
    return {"data": {"info": AppointmentInfo().dump(appointment),
                     "extras": AppointmentExtraRow(many=True).dump(appointment.extras),
                     "paymentGateways": []}}


api.route(rf"/appointments/{ID}", methods="PUT",
          permission=allow("appointments", "appointments_edit"))(update_appointment)


@api.route(rf"/appointments/{ID}", methods="DELETE", permission=allow("appointments", "appointments_delete"))
@booknetic_errors()
def delete_appointment(request: RestRequest):
    appointment = appointment_list.visible_appointment(viewer(request), path_id(request))
    appointments.delete(appointment)
    return []


@api.route(rf"/appointments/{ID}/change-status", methods="PUT",
           permission=allow("appointments", "appointments_change_status"))
@booknetic_errors()
def change_status(request: RestRequest):
    body = load_params(ChangeStatusBody, request)
    booknetic_status(body["status"])  # Booknetic validates the status before it looks for the appointment
    appointment = appointment_list.visible_appointment(viewer(request), path_id(request))
    # run_workflows: 0 switches workflows (our in-app notifications) off; any other value means 1.
    # A cancelled booking approved again must find its time still free (a clash is a 400 naming it).
    appointments.change(appointment, appointments.Change(status=body["status"]), source="booknetic",
                        user_id=request.user.id, run_workflows=body["run_workflows"] != 0)
    return []


@api.route("/appointments/statuses", permission=allow("appointments"))
def list_statuses(request: RestRequest):
    search = load_params(StatusesQuery, request)["search"].lower()
    return {"data": {slug: status.as_dict() for slug, status in STATUSES.items() if search in status.title.lower()}}


@api.route("/appointments/available-times", permission=allow("appointments"))
@booknetic_errors()
def available_times(request: RestRequest):
    query = load_params(AvailableTimesQuery, request)
    day = _available_day(query["date"])
    try:
        service = lookup.get_service(query["service"])
        location = lookup.get_location(query["location"]) if query["location"] else None
    except NotFound:
        return {"data": []}  # nothing to offer for a service or location the caller cannot see
    if query["staff"] <= 0:
        return {"data": []}  # Booknetic's "any staff" calendar, which we do not offer
    try:
        staff = visible_staff(viewer(request), query["staff"])
    except NotFound:
        staff = None  # an id Booknetic cannot find: the company's business hours, with nobody's bookings
    slots = availability.available_times(service, staff, day, location=location, extras=_extras(query),
                                         exclude_appointment_id=query["id"] if query["id"] > 0 else None,
                                         cut_at_now=False)  # Booknetic's back end lists gone times too
    return {"data": [
        # Captures 07/36: max_capacity is a string; weight is int 0 when free, the booked weight as a string.
        {"id": slot.label, "text": slot.label, "max_capacity": str(slot.capacity),
         "weight": str(slot.booked) if slot.booked else 0}
        for slot in slots if query["q"] in slot.label]}


def _available_day(text: str) -> date:
    """``date`` as Booknetic's ``new DateTime($date)`` reads the forms clients send: ``Y-m-d`` with or without
    leading zeros (``2026-1-5``); empty is the tenant's today. Anything else is a 400, not DateTime's guess."""
    try:
        return clock.bounded_day(read_ymd(text)) if text.strip() else clock.today(clock.tenant_zone())
    except ValueError:
        raise booknetic_error("date must be a date (Y-m-d)") from None


def _extras(query: dict) -> list:
    """``service_extras``: a JSON string ``[{"extra": id, "quantity": n}]``; unknown extras count for nothing."""
    try:
        items = json_decode(query["service_extras"])
    except PhpJsonError:
        return []
    chosen = []
    for item in items if isinstance(items, list) else []:
        extra_id = item.get("extra") if isinstance(item, dict) else None
        quantity = item.get("quantity", 1) if isinstance(item, dict) else None
        if not (_positive_int(extra_id) and _positive_int(quantity)):
            continue
        try:
            chosen.append((lookup.get_extra(extra_id), min(quantity, MAX_EXTRA_QUANTITY)))
        except NotFound:
            continue
    return chosen


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= PHP_INT_MAX
