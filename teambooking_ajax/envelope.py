"""TeamBooking's response envelope: ``{"header", "code"[, "reason"][, "response"]}``, sent as the plugin sends it.

Mirrors ``TeamBooking\\API\\REST``: every call starts as ``{"header":"403 Forbidden","code":403}`` and
operations overwrite it; the handler then sends ``Content-Type: application/json`` (no charset), the
HTTP status from ``code`` and PHP's ``json_encode`` of the envelope, and exits (no trailing ``0``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from wpcompat.ajax import ajax_exit
from wpcompat.php.json import php_json_dumps

CONTENT_TYPE = "application/json"
#: The status lines the plugin writes into ``header``; then those of the HTTP errors wpcompat's request
#: limits raise before the plugin runs (PHP's reason phrases), and the 422 of an Idempotency-Key used
#: for another request (teambooking_ajax.idempotency), answered in the same envelope.
HEADERS = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found", 409: "409 Conflict",
           422: "422 Unprocessable Entity", 429: "429 Too Many Requests", 408: "408 Request Timeout", 413: "413 Request Entity Too Large",
           414: "414 Request-URI Too Long",
           431: "431 Request Header Fields Too Large"}
#: Their reasons, in the plugin's short lower-case style.
HTTP_ERROR_REASONS = {400: "bad request", 408: "request timeout", 413: "request too large",
                      414: "request line too long", 431: "request headers too large"}

_NO_RESPONSE = object()


@dataclass(frozen=True)
class Envelope:
    """One answer. ``response`` left out means no ``response`` key (not ``null``)."""

    code: int
    reason: str | None = None
    response: Any = _NO_RESPONSE

    def as_dict(self) -> dict[str, Any]:
        """The envelope's keys in the plugin's order: header, code, reason, response."""
        body: dict[str, Any] = {"header": HEADERS[self.code], "code": self.code}
        if self.reason is not None:
            body["reason"] = self.reason
        if self.response is not _NO_RESPONSE:
            body["response"] = self.response
        return body

    def render(self) -> Response:
        return ajax_exit(php_json_dumps(self.as_dict()), self.code, CONTENT_TYPE)


def ok(response: Any = _NO_RESPONSE) -> Envelope:
    """``200 OK``, with ``response`` when given."""
    return Envelope(200, response=response)


#: The plugin's initial response: unknown operation, wrong method, HEAD/PUT, ``test``.
FORBIDDEN = Envelope(403)


class Refusal(Exception):
    """An operation's error answer; raising it rolls the call's transaction back."""

    def __init__(self, code: int, reason: str | None = None) -> None:
        super().__init__(reason or HEADERS[code])
        self.envelope = Envelope(code, reason)


# The plugin's error catalogue (teambooking-ajax.md §6), as raisable values.
def missing_parameters() -> Refusal:
    return Refusal(400, "missing parameters")


def incomplete_request() -> Refusal:
    return Refusal(400, "incomplete request")


def invalid_resource() -> Refusal:
    return Refusal(400, "invalid resource")


def invalid_token() -> Refusal:
    return Refusal(403, "invalid token")


def too_many_requests() -> Envelope:
    """Over a rate limit (wpcompat.ratelimits; the response carries Retry-After)."""
    return Envelope(429, "too many requests")


def read_only_token() -> Refusal:
    return Refusal(403, "read-only token")


def not_found(reason: str | None = None) -> Refusal:
    return Refusal(404, reason)


def conflict(reason: str) -> Refusal:
    return Refusal(409, reason)


def http_error(error: HTTPException) -> Response:
    """An HTTP error raised around the plugin (a request limit, an unreadable body), in the envelope.
    A method no rule takes reaches the plugin in WordPress, which answers it as any method it does not serve."""
    if error.code == 405:
        return FORBIDDEN.render()
    code = error.code if error.code in HEADERS else 400
    reason = getattr(error, "reason", None) or HTTP_ERROR_REASONS.get(code, HEADERS[code][4:].lower())
    return Envelope(code, reason).render()
