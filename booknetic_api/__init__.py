"""booknetic_api: Booknetic's REST API (``/wp-json/booknetic/v1``) over wpcompat's tenant-scoped booking domain.

A thin adapter: marshmallow schemas speak Booknetic's wire shapes (booknetic_api.schemas), views parse
-> call a :mod:`wpcompat.booking` service -> render. Every rule (slots, statuses, customers, payments,
dashboard figures) lives in the domain; who may call what lives in
:mod:`wpcompat.platform.capabilities`. Resource modules are imported in the order of Booknetic's route
index, so the index and each route's ``Allow`` header list them as Booknetic does.
"""
from __future__ import annotations

from flask import Flask

from . import login  # noqa: F401  (each import declares its routes on the namespace)
from . import customers  # noqa: F401
from . import appointments  # noqa: F401
from . import locations  # noqa: F401
from . import catalogue  # noqa: F401
from . import payments  # noqa: F401
from . import notifications  # noqa: F401
from . import dashboard  # noqa: F401
from .namespace import api


def init_app(app: Flask) -> None:
    """Register every ``booknetic/v1`` route on the app's REST server."""
    api.init_app(app)
