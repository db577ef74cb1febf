"""The REST server's ``Idempotency-Key`` hook (booknetic/v1, wp/v2, wpcompat/v1 alike).

:func:`claim` runs just before a write's callback, once the route, its arguments and its permission have
passed: answers refused before the operation runs (authentication, no route, invalid parameters,
permission) changed nothing and are not stored. Errors are in the namespace's own format: Booknetic's
integer codes, WordPress's ``rest_*`` codes elsewhere.
"""
from __future__ import annotations

from flask import Response, request
from werkzeug.datastructures import Headers

from ..changes.actor import current_actor
from ..rest.errors import RestError
from ..rest.request import RestRequest
from ..rest.response import RestResponse
from . import keys, store

INVALID_KEY = "The Idempotency-Key header must be sent once, as 1 to 255 visible ASCII characters."
KEY_REUSED = ("This Idempotency-Key was already used for a different request (method, path, query or body);"
              " send a new key with a new request.")
KEY_IN_USE = "The request first sent with this Idempotency-Key is still being processed; retry shortly."


class Replay(Exception):
    """The key's first answer, to send as it is."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


class Refusal(Exception):
    """The key cannot be used for this request (400, 422 or 409); nothing ran, nothing is stored."""

    def __init__(self, response: RestResponse) -> None:
        super().__init__(response.status)
        self.response = response


def hold_body() -> None:
    """Keep a keyed request's body bytes before the form parser consumes them (multipart), for the fingerprint."""
    if keys.HEADER in request.headers:
        request.get_data(cache=True)


def claim(rest_request: RestRequest) -> store.Claim | None:
    """Claim the request's key (None: no key, a safe method, or anonymous). Raises :class:`Replay` with the
    first request's answer, or :class:`Refusal`."""
    if rest_request.method not in keys.METHODS:
        return None
    sent = request.headers.getlist(keys.HEADER)
    scope = current_actor().credential_scope
    if not sent or scope is None:  # anonymous writes are refused (401/403) or public: nothing to tie a key to
        return None
    booknetic = rest_request.route.lstrip("/").startswith("booknetic/")
    if len(sent) > 1 or not keys.is_valid_key(sent[0]):
        raise Refusal(_error(booknetic, 400, "rest_invalid_idempotency_key", INVALID_KEY))
    fingerprint = keys.fingerprint(rest_request.method, request.path, request.query_string,
                                   request.get_data(cache=True))
    try:
        outcome = store.claim(scope, sent[0], fingerprint)
    except store.KeyReused:
        raise Refusal(_error(booknetic, 422, "rest_idempotency_key_mismatch", KEY_REUSED)) from None
    except store.KeyInUse:
        refusal = _error(booknetic, 409, "rest_idempotency_key_in_use", KEY_IN_USE)
        refusal.header("Retry-After", keys.RETRY_AFTER)
        raise Refusal(refusal) from None
    if isinstance(outcome, store.StoredAnswer):
        raise Replay(replay_response(outcome))
    return outcome


def _error(booknetic: bool, status: int, code: str, message: str) -> RestResponse:
    # Booknetic's envelope carries the HTTP status as an integer code (booknetic_api/errors.py).
    return RestResponse.from_error(RestError(status if booknetic else code, message, status))


def replay_response(answer: store.StoredAnswer) -> Response:
    """The stored answer again, marked as a replay (the new request's X-Request-Id is added after)."""
    response = Response(answer.body, status=answer.status, headers=Headers(answer.headers))
    response.headers.add(keys.REPLAYED_HEADER, "true")
    return response
