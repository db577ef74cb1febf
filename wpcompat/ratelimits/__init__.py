"""Rate limits on the REST API and TeamBooking's admin-ajax API (Flask-Limiter's storage and strategy).

Three limits, each a Flask-Limiter limit string (``600/minute``), fixed windows:

* **authenticated** calls, per credential (an application password, a TeamBooking token): the tenant's plan
  (``plans.rate_limits.authenticated``), else ``RATELIMIT_AUTHENTICATED``;
* **anonymous** calls, per client IP (behind ``TRUSTED_PROXIES``, the forwarded one): the plan of the URL's
  tenant (``anonymous``), else ``RATELIMIT_ANONYMOUS``;
* **failed logins**, per IP and login (per IP for TeamBooking tokens): ``RATELIMIT_FAILED_LOGINS``. While it is
  exhausted, credentials from that IP for that login are not even checked (a guessing run learns nothing).

The surfaces call :func:`check` (or the failed-login pair) once they know who is calling, answer 429 in their
own format when it says so, and add :func:`headers` to every answer: ``X-RateLimit-Limit``,
``X-RateLimit-Remaining``, ``X-RateLimit-Reset`` (seconds until the window resets) and, on a 429,
``Retry-After``. Counters live in the storage of ``RATELIMIT_STORAGE_URI``: by default one SQLite file in the
instance folder that every worker of one ``serve`` shares (:mod:`.sqlite_storage`); ``redis://`` for several
machines. ``RATELIMIT_ENABLED`` false turns it all off (no headers either).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from limits import parse_many

from . import sqlite_storage  # noqa: F401  (registers the wpcompat+sqlite:// storage)

_EXTENSION = "wpcompat.ratelimits"
_VERDICT = "wpcompat_ratelimit"


@dataclass(frozen=True)
class Verdict:
    """One limit's state after this request: over it or not, and what the headers say."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window resets


def init_app(app: Flask) -> None:
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = f"wpcompat+sqlite:///{Path(app.instance_path) / 'ratelimits.sqlite3'}"
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    # The surfaces decide when to check (after authentication), so nothing is checked before each request.
    limiter = Limiter(key_func=lambda: "", headers_enabled=False)  # no default limits: it checks nothing itself
    limiter.init_app(app)
    app.extensions[_EXTENSION] = limiter
    for name in ("RATELIMIT_AUTHENTICATED", "RATELIMIT_ANONYMOUS", "RATELIMIT_FAILED_LOGINS"):
        parse_many(app.config[name])  # a bad limit string stops the app at start, not on a request


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED"))


def _limiter() -> Limiter:
    return current_app.extensions[_EXTENSION]


def _client() -> str:
    return request.remote_addr or "-"


@lru_cache(maxsize=256)
def _limit_item(limit_string: str):
    """The limit a string sets: the longest window of a list (parsed once per string, not per request)."""
    return max(parse_many(limit_string), key=lambda item: item.get_expiry())


def _hit(limit_string: str, key: str, *, count: bool = True) -> Verdict | None:
    """The limit's verdict after counting (or, ``count`` false, testing) this call; None when the counters
    cannot be reached: a limit never fails a request (fail open, logged), it only refuses one over it."""
    limiter = _limiter()
    strategy = limiter.limiter
    item = _limit_item(limit_string)
    try:
        allowed = strategy.hit(item, key) if count else strategy.test(item, key)
        reset_at, remaining = strategy.get_window_stats(item, key)
    except Exception as error:  # noqa: BLE001 - whatever the storage raises (sqlite3, redis, ...)
        if not isinstance(error, limiter.storage.base_exceptions):
            raise
        current_app.logger.warning("rate-limit counters unavailable (%s): call not counted", error)
        return None
    return Verdict(allowed, item.amount, remaining, max(0, math.ceil(reset_at - time.time())))


def _plan_limit(tenant, kind: str) -> str:
    limits = getattr(tenant, "rate_limits", None) or {}
    return limits.get(kind) or current_app.config[f"RATELIMIT_{kind.upper()}"]


def check(credential: str | None, tenant) -> Verdict | None:
    """Count this call against its credential's limit (``credential``: e.g. ``application_password:<uuid>``)
    or, anonymous, its IP's; remembered for :func:`headers`. None when limits are off."""
    if not enabled():
        return None
    kind = "authenticated" if credential else "anonymous"
    verdict = _hit(_plan_limit(tenant, kind), f"{kind}/{credential or _client()}")
    setattr(g, _VERDICT, verdict)
    return verdict


def login_blocked(login: str) -> Verdict | None:
    """The failed-login limit of this IP and ``login`` if it is exhausted (then answer 429 unchecked)."""
    if not enabled():
        return None
    verdict = _hit(current_app.config["RATELIMIT_FAILED_LOGINS"], f"failed/{_client()}/{login}", count=False)
    if verdict is None or verdict.allowed:
        return None
    verdict = Verdict(False, verdict.limit, 0, verdict.reset)
    setattr(g, _VERDICT, verdict)
    return verdict


def login_failed(login: str) -> Verdict | None:
    """Count one failed login of this IP and ``login``; remembered for :func:`headers`."""
    if not enabled():
        return None
    verdict = _hit(current_app.config["RATELIMIT_FAILED_LOGINS"], f"failed/{_client()}/{login}")
    setattr(g, _VERDICT, verdict)
    return verdict


def headers() -> list[tuple[str, str]]:
    """The headers of this request's limit (none when limits are off or nothing was counted)."""
    verdict: Verdict | None = g.get(_VERDICT)
    if verdict is None:
        return []
    sent = [("X-RateLimit-Limit", str(verdict.limit)), ("X-RateLimit-Remaining", str(verdict.remaining)),
            ("X-RateLimit-Reset", str(verdict.reset))]
    if not verdict.allowed:
        sent.append(("Retry-After", str(max(1, verdict.reset))))
    return sent


def message(verdict: Verdict) -> str:
    return f"Too many requests. Try again in {max(1, verdict.reset)} seconds."
