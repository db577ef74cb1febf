"""Configuration: safe defaults, then ``instance/config.py``, then ``WPCOMPAT_*`` environment variables.

Every setting has a default that works on a newcomer's machine (SQLite under ``instance/``); the
secret key is generated into the instance folder on first run rather than hard-coded.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Flask

ENV_PREFIX = "WPCOMPAT_"

#: Settings, their defaults and how an environment string is turned into a value.
DEFAULTS: dict[str, object] = {
    # SQLAlchemy URL; None means "SQLite file in the instance folder".
    "DATABASE_URL": None,
    # Public base URL of the main site (overrides the site file's ``site.url``); None = taken from the request.
    "SITE_URL": None,
    # "directory" (/<slug>/wp-json/...) or "subdomain" (<slug>.<site host>); None = the site file's choice.
    "TENANT_URLS": None,
    # Plugin adapters loaded by create_app, in order (each module exposes init_app(app)).
    "PLUGINS": ["booknetic_api", "teambooking_ajax"],
    # Days of slots TeamBooking's get_slots returns when the caller gives no window.
    "SLOT_WINDOW_DAYS": 30,
    # Reverse proxies in front whose X-Forwarded-* headers are trusted (werkzeug's ProxyFix); 0 = none.
    "TRUSTED_PROXIES": 0,
    # Longest string accepted in any field before it is refused as over-long.
    "MAX_FIELD_LENGTH": 255,
    # Largest request body in bytes, REST and admin-ajax alike (413); PHP's post_max_size (8M). Flask's own setting.
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # Apache's request-head limits (wpcompat.request_limits): 414 / 431 in the URL family's format.
    "LIMIT_REQUEST_LINE": 8190,
    "LIMIT_REQUEST_FIELD_SIZE": 8190,
    "LIMIT_REQUEST_FIELDS": 100,
    # How long an Idempotency-Key's stored answer is replayed (wpcompat.idempotency), seconds.
    "IDEMPOTENCY_TTL": 24 * 3600,
    # Webhook delivery (wpcompat.webhooks.delivery): the delay before the first attempt, then before each
    # retry after a failed attempt (Svix's schedule; durations such as 5s, 5m, 2h), the request timeout in
    # seconds, and whether private, loopback and link-local targets may be called.
    "WEBHOOK_RETRY_SCHEDULE": ["0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"],
    "WEBHOOK_TIMEOUT": 10,
    "WEBHOOK_ALLOW_PRIVATE": False,
    # An endpoint whose attempts have all failed for this long (seconds; 5 days) is disabled.
    "WEBHOOK_DISABLE_AFTER": 5 * 24 * 3600,
    # Rate limits (wpcompat.ratelimits), Flask-Limiter limit strings: per credential, per client IP, and
    # failed logins per IP and login. A plan's own limits win over the first two. Off for apps built from a
    # test config unless it turns them on.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_AUTHENTICATED": "600/minute",
    "RATELIMIT_ANONYMOUS": "120/minute",
    "RATELIMIT_FAILED_LOGINS": "10 per 15 minutes",
    # Where the counters live: None = one SQLite file in the instance folder, shared by the workers of one
    # serve; redis://host:6379 to share them between machines.
    "RATELIMIT_STORAGE_URI": None,
}


def _from_env(name: str, default: object) -> object:
    raw = os.environ.get(ENV_PREFIX + name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill ``app.config`` from defaults, the instance file, the environment and ``test_config``."""
    for name, default in DEFAULTS.items():
        if app.config.get(name) is None:  # Flask predefines some (MAX_CONTENT_LENGTH: None)
            app.config[name] = default
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in DEFAULTS:
            app.config[name] = _from_env(name, app.config[name])
        secret = os.environ.get(ENV_PREFIX + "SECRET_KEY")
        if secret:
            app.config["SECRET_KEY"] = secret
    else:
        app.config["RATELIMIT_ENABLED"] = False  # a test turns them on itself
        app.config.update(test_config)

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    url = app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'wpcompat.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    # PHP's json_encode keeps insertion order; so must we.
    app.json.sort_keys = False


def _instance_secret(instance: Path) -> str:
    """Read the instance's secret key, creating it (owner-readable only) on first run."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def describe() -> str:
    """A JSON table of the settings and their defaults, for ``wpcompat config``."""
    return json.dumps({ENV_PREFIX + k: v for k, v in DEFAULTS.items()}, indent=2)
