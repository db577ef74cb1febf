"""WordPress core's own ``wp/v2`` routes that API clients rely on: the current user and application passwords.

Registered by ``create_app`` right after the REST machinery, so they come first in the index (as
WordPress core's routes do) and plugin adapters register after them.
"""
from __future__ import annotations

from flask import Flask

from . import application_passwords, users


def init_app(app: Flask) -> None:
    """Register ``/wp/v2/users/me`` and the application-password routes."""
    users.api.init_app(app)
    application_passwords.api.init_app(app)
