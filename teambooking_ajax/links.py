"""The customer and coworker e-mail link operations: ``pay``, ``ics``, ``cancel``, ``approve``, ``decline``.

TeamBooking 2.5.7 builds them into its e-mails (teambooking-ajax.md §13) and answers them with HTML pages
rendered through the site's theme. Their parameters are checked first, by the plugin's
``scopeReservation``: ``id`` and ``checksum`` missing is ``400 incomplete request`` (the dispatcher's
required-parameter check, :mod:`.api`); ``approve``/``decline`` read ``ctoken`` without checking it is
there. The pages themselves are not served: with both parameters sent, every link answers the initial
``{"header":"403 Forbidden","code":403}``, as ``test`` does.
"""
from __future__ import annotations

from .context import Call
from .envelope import FORBIDDEN, Envelope

LINK_OPERATIONS = ("pay", "ics", "cancel", "approve", "decline")


def link_page(call: Call) -> Envelope:
    """A link whose ``id`` and ``checksum`` were sent: not served, the initial 403."""
    return FORBIDDEN
