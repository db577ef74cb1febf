"""wpcompat_api: the platform's own REST namespace, ``/wp-json/wpcompat/v1``, in WordPress REST conventions.

Routes (each module declares its own on :data:`.namespace.api`): webhooks (:mod:`.webhooks`) and the audit
trail (:mod:`.audit`), for a tenant's owner at the tenant's URL. Errors are WordPress's (``rest_*`` codes);
rules live in the domain (:mod:`wpcompat.webhooks`, :mod:`wpcompat.changes`).
"""
from __future__ import annotations

from flask import Flask

from .namespace import api


def init_app(app: Flask) -> None:
    """Register every ``wpcompat/v1`` route on the app's REST server."""
    from . import (audit, locations, openapi, plans, service_categories, services, settings, staff,  # noqa: F401
                   teambooking_tokens, tenants, users, webhooks)  # (each import declares its routes)
    api.init_app(app)
    from wpcompat.openapi import page
    app.register_blueprint(page.blueprint)
