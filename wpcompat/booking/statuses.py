"""Appointment statuses: Booknetic's definitions and THE mapping to TeamBooking's statuses.

Booknetic 5.1.2 ships four statuses (booknetic-rest.md §6; golden capture 06 gives the order):
``pending``, ``approved``, ``canceled``, ``rejected``. "Busy" statuses block the slot.
We store Booknetic slugs; TeamBooking statuses are a view over them.

Booknetic -> TeamBooking (:func:`to_teambooking`):

* ``approved``  -> ``confirmed``         booked and accepted.
* ``pending``   -> ``waiting_approval``  awaiting a decision; both block the slot.
* ``pending`` with ``payment_status == "pending"`` -> ``pending``: TeamBooking's "pending" means
  *awaiting payment* (an online payment was started), which Booknetic records in the payment status,
  not in the appointment status. Passing the payment status keeps that round trip lossless.
* ``canceled``  -> ``cancelled``.
* ``rejected``  -> ``cancelled``         TeamBooking has no "declined" status: a declined request is
  stored as cancelled there (its ``decline`` link does exactly that).

TeamBooking -> Booknetic (:func:`from_teambooking`):

* ``confirmed`` and ``""`` -> ``approved``  TeamBooking reports an empty stored status as confirmed.
* ``waiting_approval`` -> ``pending``.
* ``pending`` -> ``pending``; :func:`implied_payment_status` says the payment status is ``pending``.
* ``cancelled`` -> ``canceled``.
* ``done`` -> ``approved``  Booknetic has no "completed" status; a done reservation is an accepted
  one whose time has passed. This is the one lossy direction (done -> approved -> confirmed).
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


def to_teambooking(status: str, payment_status: str | None = None) -> str:
    """The TeamBooking status for a stored Booknetic status (and payment status, see module doc)."""
    booknetic_status(status)
    if status == "pending" and payment_status == "pending":
        return "pending"
    return _TO_TEAMBOOKING[status]


def from_teambooking(tb_status: str) -> str:
    """The Booknetic status to store for a TeamBooking status; unknown values are an InvalidBooking."""
    try:
        return _FROM_TEAMBOOKING[tb_status]
    except (KeyError, TypeError):
        raise InvalidBooking(f"Unknown TeamBooking status {tb_status!r}", field="status") from None


def implied_payment_status(tb_status: str) -> str | None:
    """The payment status a TeamBooking status implies: ``pending`` (awaiting payment) or None."""
    return "pending" if tb_status == "pending" else None


def from_teambooking_edit(tb_status: str, payment_status: str) -> tuple[str, str]:
    """``(status, payment_status)`` that read back as TeamBooking's ``tb_status``, from ``payment_status``.

    TeamBooking's ``pending`` (awaiting payment) is Booknetic ``pending`` with payment status ``pending``;
    any other TeamBooking status drops that awaiting-payment mark, or ``waiting_approval`` would still
    read back as ``pending``.
    """
    if implied_payment_status(tb_status) == "pending":
        return from_teambooking(tb_status), "pending"
    return from_teambooking(tb_status), "not_paid" if payment_status == "pending" else payment_status
