"""Secrets out of log lines: one rule, applied to the access log, gunicorn's error log and the app's log.

The rule: in any ``name=value`` pair of a URL query, form-encoded text or a message (after ``?``, ``&``,
``;`` or whitespace, or at the start of the text), the value is replaced by :data:`MARK` when the name, percent-decoded
and lower-cased, contains one of :data:`SECRET_WORDS`. That covers TeamBooking's ``auth_token``,
``checksum`` and ``ctoken``, every ``password``/``pass``/``pwd`` field, WordPress's ``_wpnonce``,
``api_key``-style names and anything ``secret``; a few harmless names (``monkey``) are redacted too,
which costs nothing. Credentials sent as headers (``Authorization``, ``Cookie``) are never logged at
all (:data:`SECRET_HEADERS`).
"""
from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

MARK = "[redacted]"
SECRET_WORDS = ("token", "pass", "pwd", "secret", "key", "auth", "checksum", "nonce", "signature", "session")
#: Request/response headers whose values never reach a log line (lower-case names).
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-wp-nonce"})

# A pair's name starts after a separator or whitespace (or at the text's start); the value runs to the next
# separator, whitespace or quote. Names with "=" or spaces cannot be recognised, nor need to be.
_PAIR = re.compile(r"(?P<lead>^|[?&;\s])(?P<name>[^=&;?#\s\"']+)=(?P<value>[^&;#\s\"']*)")


def is_secret_name(name: str) -> bool:
    """Whether a parameter called ``name`` (as sent: percent-encoded, PHP brackets) carries a secret."""
    plain = unquote_plus(name).lower()
    return any(word in plain for word in SECRET_WORDS)


def redact(text: str) -> str:
    """``text`` (a URL, a query string, a request line, a log message) with every secret value masked."""
    if "=" not in text:
        return text
    return _PAIR.sub(_mask, text)


def _mask(match: re.Match) -> str:
    if not is_secret_name(match["name"]) or not match["value"]:
        return match[0]
    return f"{match['lead']}{match['name']}={MARK}"


class RedactingFilter(logging.Filter):
    """A log filter: the record's message (arguments merged in) and traceback text, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
