"""What an ``Idempotency-Key`` request is: the key's shape, the request's fingerprint, what is kept of an answer."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

HEADER = "Idempotency-Key"
#: TeamBooking's POST operations also take the key as a form field (scripts that post forms).
FORM_FIELD = "idempotency_key"
#: Sent on every replayed answer.
REPLAYED_HEADER = "Idempotent-Replayed"
#: The (effective) methods a key applies to; GET, HEAD and OPTIONS change nothing and ignore it.
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Seconds a client is told to wait when the key's first request cannot be seen yet.
RETRY_AFTER = "1"

_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII: no space, no control character
# Headers of one delivery, not of the answer: the replay gets its own (and its own rate-limit state).
_PER_REQUEST = frozenset({"x-request-id", "date", "server", "retry-after", "content-length"})


def is_valid_key(value: object) -> bool:
    """1 to 255 visible ASCII characters (0x21-0x7E)."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """SHA-256 hex of the effective method, path, raw query string and raw body (each length-prefixed,
    so no two different requests run together into the same bytes)."""
    digest = hashlib.sha256()
    for part in (method.encode("ascii", "replace"), path.encode("utf-8", "surrogateescape"), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def is_storable(status: int) -> bool:
    """Answers that are kept and replayed: 2xx, 3xx and 4xx except 429. A 5xx or 429 may go another way
    next time, so a retry runs again."""
    return status < 500 and status != 429


def stored_headers(headers: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The answer's own headers, in order, without those of the one delivery (request id, date, server,
    rate limits, Retry-After, Content-Length)."""
    return [[name, value] for name, value in headers
            if name.lower() not in _PER_REQUEST and not name.lower().startswith("x-ratelimit-")]
