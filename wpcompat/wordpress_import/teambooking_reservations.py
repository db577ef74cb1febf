"""TeamBooking's ``{prefix}teambooking_reservations`` rows, read as ``Database\\Reservations::getInstance`` reads them.

Each row becomes a :class:`Reservation`: the values a wpcompat appointment needs, checked, with the
plugin's defaults applied where its getters apply them:

* ``status`` empty or NULL is ``confirmed`` (``getStatus``); ``tickets`` NULL is 1 (``getTickets``);
* ``start``/``end`` are Unix seconds (UTC); a row without them is of an unscheduled service;
* ``created`` is the site's local time (``current_time('mysql')``), ``created_utc`` Unix seconds (the
  "creation instant" the API answers as ``creationDateTime``): ``created_utc`` when set, else ``created``
  read in the site's time zone;
* ``form_fields`` (and ``discounts``, ``payment_details``, ``files``) are ``base64_encode(gzdeflate(
  serialize(...)))``; form fields are ``TeamBooking_ReservationFormField`` objects whose values the plugin
  stored HTML-entity-encoded; the customer is the ``first_name``, ``second_name``, ``email`` and ``phone``
  fields (``getCustomerEmail`` and friends);
* the amount per ticket is ``price_discounted`` when a discount applies (``discounts`` not empty), else
  ``price``, plus the form fields' ``price_increment``\\s (``getPriceIncremented``).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .core import local_to_epoch, mysql_datetime
from .findings import Findings, Unmappable
from .php_values import PhpObject, as_list, inflate

TABLE = "teambooking_reservations"
#: The form fields a wpcompat customer holds (``second_name`` is the last name).
CUSTOMER_FIELDS = ("first_name", "second_name", "email", "phone")
STATUSES = ("confirmed", "pending", "waiting_approval", "cancelled", "done")
_MAX_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC, wpcompat's last storable instant


@dataclass
class Reservation:
    id: int
    service: str  # the service's slug (service_id)
    coworker: int  # WordPress user id
    start: int
    end: int
    status: str  # TeamBooking's, one of STATUSES
    paid: bool
    price: Decimal  # unit list price
    price_discounted: Decimal | None  # unit price after discounts, when a discount applies
    increments: Decimal  # Σ form-field price increments, per ticket
    tickets: int
    token: str | None
    created_at: int  # Unix seconds
    created_is_local: bool  # read from `created` (site-local), no created_utc
    customer_user_id: int | None
    email: str
    first_name: str
    last_name: str
    phone: str | None
    timezone: str | None
    location: str | None
    cancellation_reason: str | None
    gateway: str | None
    currency: str | None
    unimported: list[str] = field(default_factory=list)  # columns holding data wpcompat does not keep
    other_fields: list[str] = field(default_factory=list)  # form fields besides the customer's own

    @property
    def unit_amount(self) -> Decimal:
        return (self.price_discounted if self.price_discounted is not None else self.price) + self.increments


def read_reservations(source, zone: str, findings: Findings) -> list[Reservation]:
    """Every readable reservation in id order; a problem for each row that cannot be one."""
    reservations = []
    for row in source.rows(TABLE, order_by="id"):
        try:
            reservations.append(_reservation(row, zone))
        except Unmappable as error:
            findings.add(error)
    return reservations


def _reservation(row: dict[str, Any], zone: str) -> Reservation:
    rid = int(row["id"])

    def refuse(column: str, why: str) -> Unmappable:
        return Unmappable(TABLE, rid, column, why)

    status = row["status"] or "confirmed"
    if status not in STATUSES:
        raise refuse("status", f"status {status!r} is none of TeamBooking's {', '.join(STATUSES)}")
    start, end = _int(row["start"]), _int(row["end"])
    if start is None or end is None:
        raise refuse("start", "no start or end: a reservation of an unscheduled service, which wpcompat cannot hold")
    if not 0 <= start <= end <= _MAX_EPOCH:
        raise refuse("end", f"start {start} and end {end} are not an interval of Unix times")
    tickets = _int(row["tickets"])
    tickets = 1 if tickets is None else tickets
    if tickets < 1:
        raise refuse("tickets", f"{tickets} tickets: a booking takes at least one seat")
    price = _money(row["price"]) or Decimal(0)
    discounts = inflate(row["discounts"], TABLE, rid, "discounts")
    # getPriceIncremented(): with a discount the discounted price (getPriceDiscounted()'s FALSE, 0, if unset)
    discounted = (_money(row["price_discounted"]) or Decimal(0)) if discounts else None
    fields = _form_fields(inflate(row["form_fields"], TABLE, rid, "form_fields"), rid)
    increments = sum((_money(f.get("price_increment")) or Decimal(0) for f in fields.values()), Decimal(0))
    created_utc = _int(row["created_utc"])
    created_is_local = not created_utc
    if created_utc:
        created_at = created_utc
    else:
        created = mysql_datetime(row["created"], table=TABLE, row_id=rid, column="created")
        created_at = local_to_epoch(created, zone) if created is not None else start
    customer_user_id = _int(row["customer_id"]) or None
    unimported = [column for column in ("payment_details", "files")
                  if inflate(row[column], TABLE, rid, column)]
    return Reservation(
        id=rid, service=row["service_id"], coworker=_int(row["coworker_id"]) or 0, start=start, end=end,
        status=status, paid=bool(_int(row["paid"])), price=price, price_discounted=discounted,
        increments=increments, tickets=tickets, token=row["token"] or None, created_at=created_at,
        created_is_local=created_is_local, customer_user_id=customer_user_id,
        email=_field(fields, "email").strip(), first_name=_field(fields, "first_name"),
        last_name=_field(fields, "second_name"), phone=_field(fields, "phone") or None,
        timezone=row["customer_timezone"] or None, location=(row["service_location"] or "").strip() or None,
        cancellation_reason=row["canc_reason"] or None, gateway=row["payment_gateway"] or None,
        currency=row["currency_code"] or None, unimported=unimported,
        other_fields=[name for name in fields if name not in CUSTOMER_FIELDS])


def _form_fields(value: Any, rid: int) -> dict[str, dict[str, Any]]:
    """The form fields by name (``getCustomerEmail`` takes the last of a repeated name; so do we)."""
    if not isinstance(value, (dict, list)):
        return {}  # getInstance() keeps no form fields unless the column is an array
    fields = {}
    for item in as_list(value, TABLE, rid, "form_fields"):
        if not isinstance(item, PhpObject) or not isinstance(item.get("name"), str):
            raise Unmappable(TABLE, rid, "form_fields", "a form field that is not a TeamBooking_ReservationFormField")
        fields[item.get("name")] = item.members
    return fields


def _field(fields: dict[str, dict[str, Any]], name: str) -> str:
    value = fields.get(name, {}).get("value")
    return html.unescape(str(value)) if value is not None and not isinstance(value, (dict, list)) else ""


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def _money(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    amount = Decimal(str(value))
    return amount if amount.is_finite() else None
