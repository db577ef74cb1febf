"""``wpcompat api``: the operator's client of the REST API, in the manner of WP-CLI's ``wp rest``.

It sends one request through the real REST server, in process (a WSGI call: no network, no credential),
acting as the tenant's first owner (``--tenant``) or as the platform owner at the main site, so the CLI
covers every resource of the management API with the API's own rules, answers and audit trail (surface
``cli``). The identity travels in a WSGI environ key no HTTP client can set (:data:`wpcompat.access.auth.
OPERATOR_ENVIRON`). Prints the JSON answer; exit status 1 when it is an error (HTTP status >= 400).
"""
from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..access.auth import OPERATOR_ENVIRON
from ..access.sites import slug_site_url
from ..extensions import db
from ..platform.models import Role, Tenant, User
from .output import fail

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _acting_login(tenant_slug: str | None) -> str:
    if tenant_slug is None:
        query = select(User.login).where(User.role == Role.ADMINISTRATOR.value, User.tenant_id.is_(None))
    else:
        if db.session.execute(select(Tenant.id).where(Tenant.slug == tenant_slug)).first() is None:
            raise fail(f"no tenant with slug {tenant_slug!r}")
        query = select(User.login).join(Tenant, User.tenant_id == Tenant.id).where(
            Tenant.slug == tenant_slug, User.role == Role.TENANT_OWNER.value)
    login = db.session.execute(query.order_by(User.id).limit(1)).scalar()
    if login is None:
        raise fail("no platform owner to act as" if tenant_slug is None else f"{tenant_slug} has no owner to act as")
    return login


def _fields(pairs: tuple[str, ...]) -> dict[str, object]:
    """``name=value`` pairs; a value that parses as JSON (``true``, ``3``, ``[1,2]``) is taken as that."""
    fields: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise fail(f"a field is name=value, not {pair!r}")
        try:
            fields[name] = json.loads(value)
        except ValueError:
            fields[name] = value
    return fields


@click.command("api")
@click.option("--tenant", "tenant_slug", help="Act as this tenant's owner at its site (default: the platform owner).")
@click.argument("method", type=click.Choice(METHODS, case_sensitive=False))
@click.argument("path")
@click.option("--data", help="The request body as JSON.")
@click.option("-f", "--field", "pairs", multiple=True, help="A parameter, name=value (repeat); query for GET.")
@with_appcontext
def api_command(tenant_slug: str | None, method: str, path: str, data: str | None, pairs: tuple[str, ...]) -> None:
    """Call the REST API: METHOD PATH, e.g. `wpcompat api --tenant aurora GET wpcompat/v1/services`."""
    method = method.upper()
    try:
        body = json.loads(data) if data else {}
    except ValueError as error:
        raise fail(f"--data is not JSON: {error}") from None
    fields = _fields(pairs)
    login = _acting_login(tenant_slug)
    db.session.remove()  # the request below opens its own session
    url = f"{slug_site_url(tenant_slug)}/wp-json/{path.lstrip('/')}"
    client = current_app.test_client()
    options = {"query_string": fields} if method in ("GET", "DELETE") else {"json": {**body, **fields}}
    if method in ("GET", "DELETE") and body:
        options["json"] = body
    answer = client.open(url, method=method, environ_base={OPERATOR_ENVIRON: login, "REMOTE_ADDR": "127.0.0.1"},
                         **options)
    text = answer.get_data(as_text=True)
    try:
        click.echo(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
    except ValueError:
        click.echo(text)
    if answer.status_code >= 400:
        sys.exit(1)
