"""The ``teambooking_rest_api`` admin-ajax handler: TeamBooking 2.5.7's ``REST::handle``, step by step.

1. ``operation`` absent: ``400 missing parameters``;
2. the HTTP method picks the operation table (GET or POST); an operation not in it, or any other
   method (HEAD, PUT, ...): the initial ``{"header":"403 Forbidden","code":403}``;
3. the operation's required parameters (PHP ``isset``), **before** the token: ``400 incomplete request``;
4. the token (:mod:`.tokens`): ``403 invalid token`` / ``403 read-only token``;
5. a POST operation's ``Idempotency-Key`` (:mod:`.idempotency`): claimed, or answered by the first
   call's stored answer, or refused;
6. the operation itself. A success counts one use of the token and commits; a refusal rolls back
   (so a refused booking leaves nothing, and only successful calls are counted, as in the captures).

Also the transaction boundary: operations never commit; :func:`handle` commits once, after the envelope
is rendered, storing a keyed call's answer in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from werkzeug.wrappers import Response

from wpcompat import ratelimits
from wpcompat.access.request_tenant import get_current_tenant
from wpcompat.ajax import AjaxRequest
from wpcompat.changes.actor import TEAMBOOKING, TEAMBOOKING_TOKEN, note_request_actor
from wpcompat.database.bounds import UnstorableValue
from wpcompat.extensions import db
from wpcompat.idempotency.keys import is_storable
from wpcompat.idempotency.store import Claim

from . import idempotency, links, reads, writes
from .context import Call
from .envelope import (FORBIDDEN, Envelope, Refusal, incomplete_request, invalid_resource, invalid_token,
                       missing_parameters, too_many_requests)
from .params import read_params
from .tokens import authenticate, count_use

ACTION = "teambooking_rest_api"


@dataclass(frozen=True)
class Operation:
    run: Callable[[Call], Envelope]
    required: tuple[str, ...]
    write: bool = False
    token: bool = True  # False: an e-mail link, checked by its reservation's checksum, not an auth_token


#: The plugin's operation tables (teambooking-ajax.md §5), required parameters in its order. The HTML
#: customer/coworker link operations (pay, ics, cancel, approve, decline) check their parameters as the
#: plugin's ``scopeReservation`` does (``id``, ``checksum``: ``ctoken`` is not checked for presence), then
#: their reservation and its token (:mod:`.links`); their pages not being served, they answer the initial 403.
_LINK = Operation(links.link_page, ("id", "checksum"), token=False)
OPERATIONS: dict[str, dict[str, Operation]] = {
    "GET": {
        "get_reservations": Operation(reads.get_reservations, ("auth_token",)),
        "get_reservation": Operation(reads.get_reservation, ("auth_token", "id")),
        "get_services": Operation(reads.get_services, ("auth_token",)),
        "get_slots": Operation(reads.get_slots, ("auth_token", "service_id")),
        **{name: _LINK for name in links.LINK_OPERATIONS},
    },
    "POST": {
        "do_reservation": Operation(writes.do_reservation, ("reservation", "slot", "auth_token"), write=True),
        "edit_reservation": Operation(writes.edit_reservation, ("reservation", "auth_token"), write=True),
        "cancel_reservation": Operation(writes.cancel_reservation, ("id", "auth_token"), write=True),
        "delete_reservation": Operation(writes.delete_reservation, ("id", "auth_token"), write=True),
    },
}


@dataclass
class _Outcome:
    answer: Envelope | Response  # a Response: answered by the Idempotency-Key (a replay, or a refusal)
    keep: bool = False  # the operation succeeded: commit its writes
    claim: Claim | None = None


def _answer(call: AjaxRequest) -> _Outcome:
    params = read_params(call)
    name = params["operation"]
    if name is None:
        return _Outcome(missing_parameters().envelope)
    operation = OPERATIONS.get(call.method, {}).get(name) if isinstance(name, str) else None
    if operation is None or not operation.token:
        limited = _over(ratelimits.check(None, get_current_tenant()))
        if limited:
            return _Outcome(limited)
    if operation is None:
        return _Outcome(FORBIDDEN)
    claim = None
    try:
        if not all(params.present(key) for key in operation.required):
            raise incomplete_request()
        if not operation.token:
            return _Outcome(operation.run(Call(call, params)))
        token = _authenticate(params["auth_token"], write=operation.write)
        note_request_actor(TEAMBOOKING, credential_kind=TEAMBOOKING_TOKEN, credential_id=str(token.id))
        limited = _over(ratelimits.check(f"{TEAMBOOKING_TOKEN}:{token.id}", get_current_tenant()))
        if limited:
            return _Outcome(limited)
        if operation.write:
            claim = idempotency.claim(call)
        envelope = operation.run(Call(call, params))
        count_use(token, name)
    except idempotency.Answered as answered:
        return _Outcome(answered.response)
    except Refusal as refusal:
        _undo(claim)
        return _Outcome(refusal.envelope, claim=claim)
    except UnstorableValue:  # input no check caught that no column can hold (wpcompat.database.bounds)
        _undo(claim)
        return _Outcome(invalid_resource().envelope, claim=claim)
    return _Outcome(envelope, keep=True, claim=claim)


#: The failed-login counter of TeamBooking's tokens: per client IP (a token has no login).
_TOKEN_LOGIN = "teambooking auth_token"


def _over(verdict: ratelimits.Verdict | None) -> Envelope | None:
    """The 429 envelope when ``verdict`` is over its limit."""
    if verdict is None or verdict.allowed:
        return None
    return too_many_requests()


def _authenticate(value: object, *, write: bool):
    """The token, with wrong tokens counted per IP: over the limit, 429 without checking the token."""
    if ratelimits.login_blocked(_TOKEN_LOGIN):
        raise Refusal(429, too_many_requests().reason)
    try:
        return authenticate(value, write=write)
    except Refusal as refusal:
        if refusal.envelope.reason == invalid_token().envelope.reason:
            failures = ratelimits.login_failed(_TOKEN_LOGIN)
            if failures is not None and not failures.allowed:
                raise Refusal(429, too_many_requests().reason) from None
        raise


def _undo(claim: Claim | None) -> None:
    # A refusal leaves nothing; a claimed key stays claimed, to store the refusal.
    if claim is not None:
        claim.undo_work()
    else:
        db.session.rollback()


def handle(call: AjaxRequest) -> Response:
    """``wp_ajax_teambooking_rest_api`` / ``wp_ajax_nopriv_teambooking_rest_api``: answer and exit."""
    outcome = _answer(call)
    answer = outcome.answer
    response = answer if isinstance(answer, Response) else answer.render()
    response.headers.extend(ratelimits.headers())
    if outcome.claim is not None:
        if is_storable(response.status_code):
            outcome.claim.record(response.status_code, list(response.headers.items()), response.get_data())
            db.session.commit()
        else:
            db.session.rollback()
    elif outcome.keep:
        db.session.commit()
    return response
