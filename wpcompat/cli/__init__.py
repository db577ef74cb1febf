"""The ``wpcompat`` command: a Flask CLI over ``create_app``, so ``wpcompat routes`` and ``shell`` work too.

Commands: ``db`` (Flask-Migrate: ``db upgrade`` and friends), ``load``, ``serve``, ``plan``, ``tenant``, ``user``, ``app-password``,
``teambooking-token``, ``import wordpress``, ``webhook``, ``audit``, ``idempotency``, ``api`` (any REST
route, as the operator: the management API's resources). Each has ``--json`` output for scripts (``serve`` excepted); errors go to stderr
with exit status 1. Secrets are printed only by the command that creates them.
"""
from __future__ import annotations

import click
from flask.cli import FlaskGroup
from flask_migrate.cli import db as db_group

from .. import create_app
from .api import api_command
from .credentials import app_password_group, token_group
from .audit import audit_command
from .idempotency import idempotency_group
from .importing import import_group
from .platform import plan_group, tenant_group, user_group
from .site import load_command, serve_command
from .webhooks import webhook_group


@click.group(cls=FlaskGroup, create_app=create_app, load_dotenv=False)
def cli() -> None:
    """wpcompat: WordPress booking-plugin APIs (Booknetic REST, TeamBooking) on one multi-tenant service.

    Configuration comes from WPCOMPAT_* environment variables (e.g. WPCOMPAT_DATABASE_URL) and
    instance/config.py.
    """


for command in (db_group, load_command, serve_command, plan_group, tenant_group, user_group,
                app_password_group, token_group, import_group, webhook_group, audit_command,
                idempotency_group, api_command):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point (``wpcompat``)."""
    cli(prog_name="wpcompat")
