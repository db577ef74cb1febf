"""Appointment statuses: Booknetic's definitions and THE mapping to TeamBooking's statuses.

Booknetic 5.1.2 ships four statuses (booknetic-rest.md §6; golden capture 06 gives the order):
``pending``, ``approved``, ``canceled``, ``rejected``. "Busy" statuses block the slot.
We store Booknetic slugs; TeamBooking statuses are a view over them.

Booknetic -> TeamBooking (:func:`to_teambooking`):

* ``approved``  -> ``confirmed``         booked and accepted.
* ``pending``   -> ``waiting_approval``  awaiting a decision; both block the slot.
* ``pending`` awaiting payment -> ``pending``: TeamBooking's "pending" means *awaiting payment* (an
  online payment was started). Booknetic has no such status; the appointment's ``awaiting_payment``
  bit holds it. It is not read off the payment status: TeamBooking stores status and ``paid`` apart,
  so a paid reservation can be pending (``status: "pending"`` keeps ``isPaid``) and paying a pending
  one keeps it pending (``isPaid: true`` keeps the status), as the plugin's edit does.
* ``canceled``  -> ``cancelled``.
* ``rejected``  -> ``cancelled``         TeamBooking has no "declined" status: a declined request is
  stored as cancelled there (its ``decline`` link does exactly that).

TeamBooking -> Booknetic (:func:`from_teambooking`, and :func:`teambooking_status_edit` with the bit):

* ``confirmed`` and ``""`` -> ``approved``  TeamBooking reports an empty stored status as confirmed.
* ``waiting_approval`` -> ``pending``, not awaiting payment.
* ``pending`` -> ``pending``, awaiting payment.
* ``cancelled`` -> ``canceled``.
* ``done`` -> ``approved``  Booknetic has no "completed" status; a done reservation is an accepted
  one whose time has passed. This is the one lossy direction (done -> approved -> confirmed).

A booking leaves "awaiting payment" whenever its status stops being ``pending``, whichever API changes
it (:func:`awaiting_payment_after`); a new booking awaits payment when it is booked ``pending`` with
payment status ``pending`` (:func:`awaits_payment`, the rule of ``appointments.new_booking_status``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidBooking


@dataclass(frozen=True)
class Status:
    slug: str
    title: str
    color: str
    icon: str
    busy: bool

    def as_dict(self) -> dict[str, object]:
        """Booknetic's status definition object, keys in its order: slug, title, color, icon, busy."""
        return {"slug": self.slug, "title": self.title, "color": self.color, "icon": self.icon, "busy": self.busy}


#: Booknetic's statuses, in the order the statuses endpoint lists them.
STATUSES: dict[str, Status] = {
    s.slug: s
    for s in (
        Status("pending", "Pending", "#fd9b78", "far fa-clock", True),
        Status("approved", "Approved", "#53d56c", "fa fa-check", True),
        Status("canceled", "Canceled", "#fb3e6e", "fa fa-times", False),
        Status("rejected", "Rejected", "#8f9ca7", "fa fa-times", False),
    )
}

BUSY_STATUSES: tuple[str, ...] = tuple(slug for slug, s in STATUSES.items() if s.busy)

#: TeamBooking's reservation statuses (teambooking-ajax.md §11).
TEAMBOOKING_STATUSES: tuple[str, ...] = ("confirmed", "pending", "waiting_approval", "cancelled", "done")

_TO_TEAMBOOKING = {"approved": "confirmed", "pending": "waiting_approval", "canceled": "cancelled",
                   "rejected": "cancelled"}
_FROM_TEAMBOOKING = {"confirmed": "approved", "": "approved", "waiting_approval": "pending",
                     "pending": "pending", "cancelled": "canceled", "done": "approved"}


def booknetic_status(slug: str) -> Status:
    """The definition of a Booknetic status; an unknown slug is Booknetic's "Selected Status not found"."""
    try:
        return STATUSES[slug]
    except (KeyError, TypeError):
        raise InvalidBooking("Selected Status not found", field="status") from None


def is_busy(status: str) -> bool:
    """Whether appointments in ``status`` block their time slot (unknown statuses do not)."""
    known = STATUSES.get(status)
    return bool(known and known.busy)


def to_teambooking(status: str, awaiting_payment: bool = False) -> str:
    """The TeamBooking status for a stored Booknetic status and awaiting-payment bit (see module doc)."""
    booknetic_status(status)
    if status == "pending" and awaiting_payment:
        return "pending"
    return _TO_TEAMBOOKING[status]


def from_teambooking(tb_status: str) -> str:
    """The Booknetic status to store for a TeamBooking status; unknown values are an InvalidBooking."""
    try:
        return _FROM_TEAMBOOKING[tb_status]
    except (KeyError, TypeError):
        raise InvalidBooking(f"Unknown TeamBooking status {tb_status!r}", field="status") from None


def teambooking_status_edit(tb_status: str) -> tuple[str, bool]:
    """``(status, awaiting_payment)`` that read back as TeamBooking's ``tb_status``; the payment is not
    touched (the plugin's edit sets the status alone)."""
    return from_teambooking(tb_status), tb_status == "pending"


def awaits_payment(status: str, payment_status: str) -> bool:
    """Whether a new booking in ``status`` with ``payment_status`` awaits its online payment."""
    return status == "pending" and payment_status == "pending"


def awaiting_payment_after(status: str, awaiting_payment: bool) -> bool:
    """The awaiting-payment bit of a booking now in ``status``: only a ``pending`` booking awaits payment."""
    return awaiting_payment and status == "pending"
