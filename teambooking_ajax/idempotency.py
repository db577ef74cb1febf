"""``Idempotency-Key`` for TeamBooking's POST operations (do/edit/cancel/delete_reservation).

The key comes as the ``Idempotency-Key`` header or the form field ``idempotency_key`` (both, and different:
400). It is claimed after the token check (the token is the scope) and before the operation runs; its
refusals are envelopes whose HTTP status is their code, as the plugin sends every answer.
"""
from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

from wpcompat.ajax import AjaxRequest, ajax_exit
from wpcompat.changes.actor import current_actor
from wpcompat.idempotency import keys, store
from wpcompat.php.json import php_json_dumps

from .envelope import CONTENT_TYPE, Envelope

INVALID_KEY = "invalid idempotency key"
KEY_REUSED = "idempotency key already used for another request"
KEY_IN_USE = "idempotency key in use"


class Answered(Exception):
    """The call is answered without running the operation: a replay or a refusal of the key."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def claim(call: AjaxRequest) -> store.Claim | None:
    """Claim the call's key (None when it sends none). Raises :class:`Answered`."""
    header = request.headers.getlist(keys.HEADER)
    field = call.post.get(keys.FORM_FIELD)
    scope = current_actor().credential_scope
    if (not header and field is None) or scope is None:
        return None
    key = header[0] if header else field
    if len(header) > 1 or (header and field is not None and field != key) or not keys.is_valid_key(key):
        raise Answered(_refusal(400, INVALID_KEY))
    fingerprint = keys.fingerprint(call.method, request.path, request.query_string, call.body)
    try:
        outcome = store.claim(scope, key, fingerprint)
    except store.KeyReused:
        raise Answered(_refusal(422, KEY_REUSED)) from None
    except store.KeyInUse:
        raise Answered(_refusal(409, KEY_IN_USE, [("Retry-After", keys.RETRY_AFTER)])) from None
    if isinstance(outcome, store.StoredAnswer):
        raise Answered(replay_response(outcome))
    return outcome


def _refusal(code: int, reason: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return ajax_exit(php_json_dumps(Envelope(code, reason).as_dict()), code, CONTENT_TYPE, headers or [])


def replay_response(answer: store.StoredAnswer) -> Response:
    """The stored answer again, marked as a replay (admin-ajax's own headers are put in front as always)."""
    content_type = CONTENT_TYPE
    headers = []
    for name, value in answer.headers:
        if name.lower() == "content-type":
            content_type = value
        else:
            headers.append((name, value))
    return ajax_exit(answer.body, answer.status, content_type, [*headers, (keys.REPLAYED_HEADER, "true")])
