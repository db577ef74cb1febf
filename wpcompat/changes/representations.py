"""The objects webhook events carry: an appointment, a customer, a payment, in neutral terms.

Neither plugin's wire shape: ids are integers, times RFC 3339 UTC (``2030-01-07T09:00:00Z``), money strings
with the tenant's decimals (``"50.00"``, ``"1200"`` for JPY), and the names below (``seats`` is Booknetic's
weight, ``phone`` the customer's phone number). docs/webhook-events.md shows each one.

Built from plain values (:class:`AppointmentState`), not from rows, so the capture can describe a row as it
was (a deleted appointment, the values before a change) as well as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from ..booking.payments import currency_decimals, round_money

#: Appointment fields whose change is an ``appointment.updated``, by their name in the object.
MOVED_FIELDS = ("starts_at", "ends_at", "staff_id", "service_id", "location_id", "seats", "extras")
#: Fields whose change is a ``payment.updated``, by their name in the payment object.
PAYMENT_FIELDS = ("status", "paid_amount", "total", "prices")
CUSTOMER_FIELDS = ("first_name", "last_name", "email", "phone", "gender", "birthdate")


def epoch_time(seconds: int | None) -> str | None:
    """Unix seconds as RFC 3339 UTC (``2030-01-07T09:00:00Z``)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def money(amount: Decimal | int | None, currency: str) -> str | None:
    """``"50.00"``: the amount with the currency's decimals (0 for JPY), no symbol."""
    if amount is None:
        return None
    return f"{round_money(Decimal(amount), currency):.{currency_decimals(currency)}f}"


def plain_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class AppointmentState:
    """An appointment's values as the capture read them (columns, extras and price lines)."""

    id: int
    service_id: int
    staff_id: int
    customer_id: int
    location_id: int | None
    starts_at: int
    ends_at: int
    status: str
    payment_status: str
    weight: int
    paid_amount: Decimal
    created_at: int
    extras: tuple[tuple[int, int], ...]  # (service extra id, quantity), in row order
    prices: tuple[tuple[str, Decimal], ...]  # (unique key, signed amount), in row order


def appointment_object(state: AppointmentState, currency: str) -> dict[str, Any]:
    """``{"id", "service_id", "staff_id", "customer_id", "location_id", "starts_at", "ends_at", "status",
    "payment_status", "seats", "extras": [{"id", "quantity"}], "prices": [{"key", "amount"}], "total",
    "paid_amount", "currency", "created_at"}``."""
    return {
        "id": state.id, "service_id": state.service_id, "staff_id": state.staff_id,
        "customer_id": state.customer_id, "location_id": state.location_id,
        "starts_at": epoch_time(state.starts_at), "ends_at": epoch_time(state.ends_at),
        "status": state.status, "payment_status": state.payment_status, "seats": state.weight,
        "extras": extras_list(state.extras), "prices": prices_list(state.prices, currency),
        "total": money(total(state), currency), "paid_amount": money(state.paid_amount, currency),
        "currency": currency, "created_at": epoch_time(state.created_at),
    }


def payment_object(state: AppointmentState, currency: str) -> dict[str, Any]:
    """``{"appointment_id", "status", "paid_amount", "total", "currency", "prices"}``."""
    return {"appointment_id": state.id, "status": state.payment_status,
            "paid_amount": money(state.paid_amount, currency), "total": money(total(state), currency),
            "currency": currency, "prices": prices_list(state.prices, currency)}


def total(state: AppointmentState) -> Decimal:
    return sum((amount for _, amount in state.prices), Decimal(0))


def extras_list(extras: tuple[tuple[int, int], ...]) -> list[dict[str, int]]:
    return [{"id": extra_id, "quantity": quantity} for extra_id, quantity in extras]


def prices_list(prices: tuple[tuple[str, Decimal], ...], currency: str) -> list[dict[str, str]]:
    return [{"key": key, "amount": money(amount, currency)} for key, amount in prices]


def customer_object(values: dict[str, Any]) -> dict[str, Any]:
    """``{"id", "first_name", "last_name", "email", "phone", "gender", "birthdate"}`` from a customer's
    column values (``phone_number``, ``birthdate`` a date)."""
    return {"id": values["id"], "first_name": values.get("first_name"), "last_name": values.get("last_name"),
            "email": values.get("email"), "phone": values.get("phone_number"), "gender": values.get("gender"),
            "birthdate": plain_date(values.get("birthdate"))}
