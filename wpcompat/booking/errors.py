"""Domain errors of the booking layer.

Every booking rule raises one of these; each plugin adapter maps them to its own wire format
(Booknetic: ``{"code": 400, "message": ...}``; TeamBooking: ``{"header": "409 Conflict", ...}``).
None of them is ever a 500: a :class:`BookingError` is always the caller's input meeting a rule.
"""
from __future__ import annotations


class BookingError(Exception):
    """A booking rule refused the request. ``field`` names the offending input when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(BookingError):
    """A referenced row does not exist in the active tenant (another tenant's row looks the same)."""


class InvalidBooking(BookingError):
    """Input that can never be valid (bad status, weight, extra, amount): a 400/422 for adapters.

    ``errors`` maps field name to message, ready for a 422 ``data.errors`` body.
    """

    def __init__(self, message: str, field: str | None = None, errors: dict[str, str] | None = None) -> None:
        super().__init__(message, field)
        self.errors = dict(errors) if errors is not None else ({field: message} if field else {})


class InvalidPayment(InvalidBooking):
    """Payment data refused by :func:`~wpcompat.booking.payments.update_payment`.

    Booknetic answers these with an empty message (a bug in its exception text); the adapter may
    reproduce that, the domain keeps a readable message.
    """


class SlotUnavailable(BookingError):
    """The requested time cannot be booked: outside working hours, day off, overlap, full, past..."""


class SlotFull(SlotUnavailable):
    """Every seat of the slot is taken (a full group session, or a booked one-seat slot).

    A :class:`SlotUnavailable` like any other; adapters that word "full" differently from "taken by
    something else" (TeamBooking's "The event is full") can tell the two apart.
    """


class Conflict(BookingError):
    """The change would break what depends on the row (bookings a timesheet change would strand, a
    service still booked, ...). ``data`` says what, for the adapter's answer (e.g. appointment ids)."""

    #: What kind of conflict: "in_use" (rows depend on it) or "stranded" (bookings would fall outside the hours).
    def __init__(self, message: str, field: str | None = None, data: dict | None = None, kind: str = "in_use") -> None:
        super().__init__(message, field)
        self.data = dict(data or {})
        self.kind = kind
