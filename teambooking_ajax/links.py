"""The customer and coworker e-mail link operations: ``pay``, ``ics``, ``cancel``, ``approve``, ``decline``.

TeamBooking 2.5.7 builds them into its e-mails (teambooking-ajax.md §13) and answers them with HTML pages
rendered through the site's theme. Each first scopes its reservation as the plugin's ``scopeReservation``
does:

1. ``id`` and ``checksum`` missing: ``400 incomplete request`` (the dispatcher's required-parameter
   check, :mod:`.api`; ``approve``/``decline`` read ``ctoken`` without checking it is there);
2. no reservation with that ``id`` here: ``404 Reservation not found``;
3. ``checksum`` is not the reservation's ``token`` (exact, case-sensitive): ``403 checksum fail``.

``cancel``, ``approve`` and ``decline`` with ``show_confirm`` render those errors as an HTML page, and
the pages themselves are not served: those, and every link that passes the checks, answer the initial
``{"header":"403 Forbidden","code":403}``, as ``test`` does.
"""
from __future__ import annotations

import hmac

from wpcompat.access.request_tenant import current_tenant
from wpcompat.php.filters import validate_boolean

from .context import Call, appointment_from_param
from .envelope import FORBIDDEN, Envelope, Refusal, not_found
from .resources import reservation_token

LINK_OPERATIONS = ("pay", "ics", "cancel", "approve", "decline")
#: The links whose errors the plugin renders as a page when ``show_confirm`` is on.
_ERROR_PAGES = ("cancel", "approve", "decline")


def _check_reservation(call: Call) -> None:
    """The plugin's ``scopeReservation`` past its parameter check: 404, or 403 ``checksum fail``."""
    if not current_tenant:  # the main site holds no reservations of its own
        raise not_found("Reservation not found")
    appointment = appointment_from_param(call.params["id"], "Reservation not found")
    checksum = call.params["checksum"]
    token = reservation_token(appointment.token_seed, appointment.sealed_token)
    if not isinstance(checksum, str) or not hmac.compare_digest(checksum.encode(), token.encode()):
        raise Refusal(403, "checksum fail")


def link_page(call: Call) -> Envelope:
    """A link whose ``id`` and ``checksum`` were sent: its reservation checked, then (no page) the initial 403."""
    try:
        _check_reservation(call)
    except Refusal:
        show_confirm = validate_boolean(call.ajax.request.get("show_confirm"), default=False)
        if show_confirm and call.params["operation"] in _ERROR_PAGES:
            return FORBIDDEN  # an error page, not served
        raise
    return FORBIDDEN
