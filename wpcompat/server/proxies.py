"""Running behind reverse proxies (a TLS terminator, a load balancer): werkzeug's ProxyFix, off by default.

With ``TRUSTED_PROXIES = n`` (``WPCOMPAT_TRUSTED_PROXIES``, ``wpcompat serve --trusted-proxies n``) the
last ``n`` values of ``X-Forwarded-For``/``-Proto``/``-Host``/``-Port``/``-Prefix`` are believed, so the
client address, ``request.scheme`` and ``request.host`` (and with them every URL derived from the request
when ``SITE_URL`` is not fixed: Link headers, the index's ``url``/``home``) are the public ones. Never
set it when clients reach the server directly: they could then claim any host or scheme.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Trust ``app.config["TRUSTED_PROXIES"]`` proxies (0: none)."""
    trust_proxies(app, app.config["TRUSTED_PROXIES"])


def trust_proxies(app: Flask, count: int) -> None:
    """Trust the forwarding headers of ``count`` proxies (0: none), replacing an earlier setting."""
    inner = app.wsgi_app.app if isinstance(app.wsgi_app, ProxyFix) else app.wsgi_app
    app.config["TRUSTED_PROXIES"] = count
    app.wsgi_app = ProxyFix(inner, x_for=count, x_proto=count, x_host=count, x_port=count,
                            x_prefix=count) if count else inner
