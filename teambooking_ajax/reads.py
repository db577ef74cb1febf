"""The GET operations: get_reservations, get_reservation, get_services, get_slots.

Each reads its parameters, asks the shared data layer and renders TeamBooking resources (lists as
:class:`JsonRows`: the resources are plain JSON, so a page of thousands is encoded in one C call); the
dispatcher (:mod:`.api`) has already checked the parameters' presence and the token.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from flask import current_app

from wpcompat.booking import clock, lookup, reservations
from wpcompat.booking.availability import slot_grid
from wpcompat.booking.errors import NotFound
from wpcompat.php.casts import php_intval
from wpcompat.php.json import JsonRows
from wpcompat.platform import accounts
from wpcompat.platform.models import Role
from wpcompat.access.request_tenant import current_tenant

from .context import Call, appointment_from_param
from .envelope import Envelope, invalid_resource, not_found, ok
from .resources import reservation_resource, service_resource, slot_list

#: The longest window get_slots computes at once (our from/to extension), so a request stays cheap.
MAX_WINDOW_DAYS = 366
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIRST_DAY, _LAST_DAY = date(1970, 1, 2), date(9999, 12, 30)  # the slot search looks one day either side


def get_reservations(call: Call) -> Envelope:
    """All reservations in id order; ``coworker``, ``service_id`` and ``show_past`` filter them."""
    coworker, service_id = call.params["coworker"], call.params["service_id"]
    if coworker is False or service_id is False:
        return ok([])  # a filter sent as an array matches nothing (PHP's filter gave false)
    rows = reservations.find_reservations(
        service_slug=service_id,
        coworker_user_id=php_intval(coworker) if coworker is not None else None,
        not_before=None if call.params.show_past else clock.now_epoch(),
    )
    currency = current_tenant.currency
    return ok(JsonRows(reservation_resource(row, currency) for row in rows))


def get_reservation(call: Call) -> Envelope:
    """One reservation by ``id``; unknown (or another tenant's): 404 "Record not found"."""
    appointment = appointment_from_param(call.params["id"])
    return ok(reservation_resource(reservations.reservation_row(appointment), current_tenant.currency))


def _admin_email(call: Call) -> str:
    # The plugin notifies the site's admin e-mail; a tenant's site is administered by its owner.
    owners = [u for u in accounts.list_users(current_tenant) if u.role == Role.TENANT_OWNER.value]
    return owners[0].email if owners else ""


def get_services(call: Call) -> Envelope:
    """Every service of the tenant, oldest first, inactive ones included."""
    admin_email = _admin_email(call)
    return ok(JsonRows(service_resource(service, admin_email) for service in reservations.list_services()))


def _day(value: str | bool | None) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise invalid_resource()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise invalid_resource() from None
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise invalid_resource()
    return day


def slot_window(call: Call, today: date) -> tuple[date, date]:
    """Local days to search: ``from``..``to`` (Y-m-d), by default SLOT_WINDOW_DAYS days from today.

    The plugin has no window (it reads every future calendar event); ours is bounded. ``to`` before
    ``from`` or a window over MAX_WINDOW_DAYS is ``400 invalid resource``; days before today add nothing.
    """
    first, last = _day(call.params["from"]), _day(call.params["to"])
    first = first or today
    last = last or first + timedelta(days=max(current_app.config["SLOT_WINDOW_DAYS"], 1) - 1)
    if last < first or (last - first).days >= MAX_WINDOW_DAYS:
        raise invalid_resource()
    return max(first, today), last


def get_slots(call: Call) -> Envelope:
    """Future slots of ``service_id`` with every staff member offering it; sold-out ones flagged, not hidden."""
    service_id = call.params["service_id"]
    try:
        service = lookup.get_service_by_slug(service_id) if isinstance(service_id, str) else None
    except NotFound:
        service = None
    if service is None:
        raise not_found("Service not found")
    zone = clock.tenant_zone()
    first, last = slot_window(call, clock.local_date(clock.now_epoch(), zone))
    if last < first:
        return ok([])
    runs, rows = slot_grid([service], first, last, include_sold_out=True)
    return ok(slot_list(runs, rows, zone))
