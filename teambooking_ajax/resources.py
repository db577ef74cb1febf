"""Output resources: appointments, services and slots of the shared data layer in TeamBooking 2.5.7's shapes.

Key order and value types follow the golden captures (specs/golden/teambooking-2.5.7), not the
vendor's older documentation. Types as the plugin emits them, which clients of the real plugin
already cope with: ``id`` and ``coworkerID`` are ints, while ``customerUserID``, ``datetime.start/end``,
``tickets``, ``creationDateTime`` are numeric *strings* (``$wpdb`` returns columns as strings);
``payment.amount`` and ``payments.price`` are PHP floats (``25``, ``12.5``); ``priceIncrement`` is ``0``.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Row

from wpcompat.booking.appointments import default_location
from wpcompat.booking.availability import GridRow, ServiceSlot, SlotRun
from wpcompat.booking.models import Location, Service, Staff
from wpcompat.booking.reservations import per_seat
from wpcompat.booking.schedule import iso_local
from wpcompat.booking.statuses import to_teambooking
from wpcompat.php.json import EncodedJson, JsonRows, php_json_dumps
from wpcompat.platform.sealed import SealBroken, unseal

#: Booknetic's approval setting -> TeamBooking's ``approval.requireFrom``.
REQUIRE_FROM = {"none": "none", "admin": "admin", "staff": "coworker"}
#: do_reservation's ``state`` for each TeamBooking status a new booking can get.
BOOKING_STATES = {"confirmed": "confirmed", "waiting_approval": "awaiting_approval", "pending": "awaiting_payment"}
# The e-mail texts and option values a fresh TeamBooking service carries (golden capture 40).
_ADMIN_MAIL = {"subject": "A new reservation", "body": "You have just got a new reservation!"}
_CUSTOMER_MAIL = {"send": True, "subject": "Your reservation details", "body": "Thanks for your reservation!"}
_REMINDER_MAIL = {"send": False, "subject": "Don&#039;t forget your reservation", "body": "We are getting close!"}


def coworker_id(staff: Staff) -> int:
    """A staff member's WordPress user id; 0 for staff without a user (the plugin's ``(int) null``)."""
    return staff.user_id or 0


def location_label(location: Location | None) -> str | None:
    return location.name if location is not None else None


def service_class(service: Service) -> str:
    """``appointment`` for one seat per slot, ``event`` for group sessions."""
    return "appointment" if service.capacity <= 1 else "event"


def reservation_token(token_seed: str, sealed_token: str | None = None) -> str:
    """The reservation's ``token``: the one TeamBooking gave it when it was imported from WordPress
    (``sealed_token``, stored sealed), else 32 hex digits, an HMAC of its appointment's random
    ``token_seed`` under the app's secret key, so the database holds no usable secret.

    Appointments made before seeds existed have ``"<tenant id>:<appointment id>"`` as theirs (migration
    0005), which gives the token they always had: links already sent keep working.

    A seal that does not open (SECRET_KEY changed since the import) gives the derived token, as a
    changed key changes every derived token: logged, never a failed request.
    """
    if sealed_token is not None:
        try:
            return unseal(sealed_token)
        except SealBroken:
            current_app.logger.warning("an imported reservation token does not open under this SECRET_KEY: "
                                       "answering its derived token")
    message = f"teambooking-reservation:{token_seed}".encode()
    return hmac.digest(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hex()[:32]


def _form_fields(row: Row) -> list[dict[str, Any]]:
    pairs = [("first_name", row.first_name), ("second_name", row.last_name), ("email", row.email)]
    if row.phone_number:
        pairs.append(("phone", row.phone_number))
    return [{"type": "form_field", "name": name, "value": value or "", "priceIncrement": 0} for name, value in pairs]


def reservation_resource(row: Row, currency: str) -> dict[str, Any]:
    """The reservation resource of a reservation row (``reservations.find_reservations``; golden capture
    06's keys and types); ``currency`` is its tenant's."""
    method = row.payment_method
    return {
        "type": "reservation",
        "id": row.id,
        "token": reservation_token(row.token_seed, row.sealed_token),
        "coworkerID": row.coworker_user_id or 0,  # 0 for staff without a user: the plugin's (int) null
        "customerUserID": str(row.customer_user_id or 0),
        "customerTimezone": row.client_timezone,
        "service": {"id": row.service_slug, "location": row.location_name},
        "datetime": {"start": str(row.starts_at), "end": str(row.ends_at)},
        "payment": {
            "amount": per_seat(row.total_price, row.weight, currency),
            "isPaid": row.payment_status == "paid",
            "currency": currency,
            # Booknetic's "local" (pay on site) is no gateway: the plugin's null.
            "gateway": method if method and method != "local" else None,
        },
        "status": to_teambooking(row.status, row.awaiting_payment),
        "tickets": str(row.weight),
        "creationDateTime": str(row.created_at),
        "reminderSent": False,
        "referer": {"postID": None, "postTitle": None},
        "formFields": _form_fields(row),
    }


def service_resource(service: Service, admin_email: str) -> dict[str, Any]:
    """The service resource (golden capture 40's key order; plugin defaults where we model nothing)."""
    resource: dict[str, Any] = {
        "type": "service",
        "id": service.slug,
        "name": service.name,
        "color": service.color or "",
        "description": service.description or "",
        "isActive": bool(service.is_active),
        "notificationEmailAdmin": {"send": True, "address": admin_email, **_ADMIN_MAIL},
        "notificationEmailCustomer": dict(_CUSTOMER_MAIL),
        "cancellationByCustomer": {"allow": "1"},  # the plugin's default, a string
        "payments": {"price": service.price, "required": service.payment},
        "bookable": "everyone",
        "location": {"setting": "inherited", "address": ""},
        "redirectURL": "http://",  # the plugin's empty-URL default
        "class": service_class(service),
        "reminderEmail": dict(_REMINDER_MAIL),
        "approval": {"requireFrom": REQUIRE_FROM.get(service.approval, "admin"), "keepFreeUntilApproval": ""},
    }
    if resource["class"] == "event":
        # No per-customer limit is modelled: a customer may take every seat.
        resource["maxTotalTicketsPerSlot"] = service.capacity
        resource["maxUserTicketsPerSlot"] = service.capacity
    return resource


def rfc3339(epoch: int, zone: ZoneInfo) -> str:
    """``2030-01-07T10:00:00+01:00``: the instant in the tenant's offset."""
    return iso_local(epoch, zone)  # datetime's isoformat, by arithmetic: get_slots prints thousands


def _slot_fields(service: Service, staff_id: int, coworker: int, location: str | None, sold_out: object,
                 tickets: object, start: str, end: str, slot_id: str) -> dict[str, Any]:
    return {
        "type": "slot",
        "serviceID": service.slug,
        "serviceName": service.name,
        "serviceDescription": service.description or "",
        "location": location or "",
        "coworkerID": coworker,
        "isSoldout": sold_out,
        "isAllday": False,
        "tickets": tickets,
        "start": start,
        "end": end,
        "gcalEvent": slot_id,
        "gcalParentEvent": False,
        "gcalID": f"staff-{staff_id}",
    }


def slot_resource(item: ServiceSlot, zone: ZoneInfo) -> dict[str, Any]:
    """The slot resource; ``gcalEvent`` carries the slot identifier that do_reservation echoes back."""
    slot, staff = item.slot, item.staff
    return _slot_fields(item.service, staff.id, coworker_id(staff), location_label(default_location(staff)),
                        slot.sold_out, slot.booked, rfc3339(slot.start, zone),
                        rfc3339(slot.end, zone), item.slot_id)


# Stand-ins for the per-slot values in a run's encoded template (encoded, each is one JSON string).
_MARKS = ("\"@@wpcompat-sold-out@@\"", "\"@@wpcompat-tickets@@\"", "@@wpcompat-start@@", "@@wpcompat-end@@",
          "@@wpcompat-slot-id@@")


def _slot_template(run: SlotRun) -> tuple[str, ...] | None:
    """The run's slot resource as json_encode prints it, cut around the per-slot values: six pieces;
    None if a stand-in does not occur exactly once (a service text that contains one)."""
    staff = run.staff
    encoded = php_json_dumps(_slot_fields(run.service, staff.id, staff.user_id or 0, staff.location_name,
                                          *(mark.strip('"') for mark in _MARKS)))
    pieces = []
    for mark in _MARKS:
        if encoded.count(mark) != 1:
            return None
        piece, encoded = encoded.split(mark)
        pieces.append(piece)
    pieces.append(encoded)
    return tuple(pieces)


def slot_list(runs: list[SlotRun], rows: list[GridRow], zone: ZoneInfo) -> EncodedJson | JsonRows:
    """The slot resources of :func:`~wpcompat.booking.availability.slot_grid`'s rows, already encoded:
    the bytes json_encode prints for :func:`slot_resource` of each, with each run's constant part
    encoded once and only the start, end, identifier, tickets and sold-out flag filled in per slot."""
    templates = [_slot_template(run) for run in runs]
    if None in templates:
        return JsonRows(_slot_resource_of(runs[row[6]], row, zone) for row in rows)
    texts: dict[int, str] = {}  # rfc3339 of each instant; the same ones recur (one slot's end, another's start)
    known = texts.get
    cut = [(*template, run.rule.capacity, run.id_prefix) for template, run in zip(templates, runs)]
    parts = []
    append = parts.append
    for start, _, _, _, end, booked, index in rows:
        p0, p1, p2, p3, p4, p5, capacity, prefix = cut[index]
        first = known(start)
        if first is None:
            first = texts[start] = iso_local(start, zone)
        last = known(end)
        if last is None:
            last = texts[end] = iso_local(end, zone)
        # start/end (ISO 8601) and the id (digits and "-") need no escape; neither do the literals.
        append(f"{p0}{'true' if booked >= capacity else 'false'}{p1}{booked}{p2}{first}{p3}{last}{p4}"
               f"{prefix}{start}{p5}")
    return EncodedJson("[" + ",".join(parts) + "]")


def _slot_resource_of(run: SlotRun, row: GridRow, zone: ZoneInfo) -> dict[str, Any]:
    start, end, booked = row[0], row[4], row[5]
    staff = run.staff
    return _slot_fields(run.service, staff.id, staff.user_id or 0, staff.location_name, booked >= run.rule.capacity,
                        booked, rfc3339(start, zone), rfc3339(end, zone), f"{run.id_prefix}{start}")
