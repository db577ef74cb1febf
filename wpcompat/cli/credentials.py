"""``wpcompat app-password|teambooking-token``: credentials, shown once and stored only as hashes."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from ..platform import accounts
from ..platform.models import ApplicationPassword, TeamBookingToken, User
from .output import emit, fail, json_option, refusals, table
from .platform import existing_tenant

app_password_group = AppGroup("app-password", help="WordPress application passwords (HTTP Basic for the REST API).")
token_group = AppGroup("teambooking-token", help="TeamBooking API auth tokens of a tenant (read-only or write).")

SHOWN_ONCE = "Shown once: store it now; only its hash is kept."


def app_password_json(user: User, record: ApplicationPassword) -> dict:
    return {"login": user.login, "uuid": record.uuid, "app_id": record.app_id, "name": record.name,
            "created": accounts.format_timestamp(record.created),
            "last_used": accounts.format_timestamp(record.last_used), "last_ip": record.last_ip}


def token_json(tenant_slug: str, record: TeamBookingToken) -> dict:
    return {"id": record.id, "tenant": tenant_slug, "prefix": record.prefix, "write": record.write,
            "created_at": record.created_at.isoformat(timespec="seconds"),
            "revoked_at": record.revoked_at.isoformat(timespec="seconds") if record.revoked_at else None,
            "usage": dict(record.usage or {})}


def existing_user(login: str) -> User:
    user = accounts.find_user(login)
    if user is None:
        raise fail(f"no user with login {login!r}")
    return user


@app_password_group.command("create")
@click.argument("login")
@click.argument("name")
@click.option("--app-id", default="", help="The client application's UUID (WordPress's app_id).")
@json_option
def create_app_password(login: str, name: str, app_id: str, as_json: bool) -> None:
    """Create an application password for LOGIN and print it, once."""
    user = existing_user(login)
    with refusals():
        record, password = accounts.create_application_password(user, name, app_id=app_id)
        db.session.commit()
    emit({**app_password_json(user, record), "password": password}, as_json,
         f"Application password {record.name!r} for {user.login} (uuid {record.uuid}):\n\n"
         f"    {password}\n\n{SHOWN_ONCE}")


@app_password_group.command("list")
@click.argument("login")
@json_option
def list_app_passwords(login: str, as_json: bool) -> None:
    """List LOGIN's application passwords (never the passwords themselves)."""
    user = existing_user(login)
    records = [app_password_json(user, r) for r in user.application_passwords]
    emit(records, as_json, lambda: table(
        ("UUID", "NAME", "CREATED", "LAST USED", "LAST IP"),
        ((r["uuid"], r["name"], r["created"], r["last_used"] or "never", r["last_ip"]) for r in records)))


@app_password_group.command("revoke")
@click.argument("login")
@click.argument("uuid")
@json_option
def revoke_app_password(login: str, uuid: str, as_json: bool) -> None:
    """Revoke (delete) one of LOGIN's application passwords; it stops working at once."""
    user = existing_user(login)
    with refusals():
        record = accounts.revoke_application_password(user, uuid)
        revoked = {**app_password_json(user, record), "revoked": True}
        db.session.commit()
    emit(revoked, as_json, f"Revoked application password {revoked['name']!r} ({revoked['uuid']}) of {user.login}.")


@token_group.command("create")
@click.argument("tenant_slug", metavar="TENANT")
@click.option("--write", is_flag=True, help="Allow bookings and changes (default: read-only).")
@json_option
def create_token(tenant_slug: str, write: bool, as_json: bool) -> None:
    """Create a TeamBooking token for TENANT and print it, once."""
    tenant = existing_tenant(tenant_slug)
    with refusals():
        record, token = accounts.create_token(tenant, write=write)
        db.session.commit()
    kind = "write" if write else "read-only"
    emit({**token_json(tenant.slug, record), "token": token}, as_json,
         f"TeamBooking {kind} token for {tenant.slug} (id {record.id}):\n\n    {token}\n\n{SHOWN_ONCE}")


@token_group.command("list")
@click.argument("tenant_slug", metavar="TENANT")
@json_option
def list_tokens(tenant_slug: str, as_json: bool) -> None:
    """List TENANT's tokens: prefix, access, dates and calls per operation (never the tokens)."""
    tenant = existing_tenant(tenant_slug)
    records = [token_json(tenant.slug, r) for r in accounts.list_tokens(tenant)]
    emit(records, as_json, lambda: table(
        ("ID", "PREFIX", "ACCESS", "CREATED", "REVOKED", "USAGE"),
        ((r["id"], r["prefix"], "write" if r["write"] else "read", r["created_at"], r["revoked_at"] or "-",
          ", ".join(f"{op}={n}" for op, n in sorted(r["usage"].items())) or "-") for r in records)))


@token_group.command("revoke")
@click.argument("tenant_slug", metavar="TENANT")
@click.argument("id_or_prefix")
@json_option
def revoke_token(tenant_slug: str, id_or_prefix: str, as_json: bool) -> None:
    """Revoke one of TENANT's tokens, by id or prefix; it stops working on the next request."""
    tenant = existing_tenant(tenant_slug)
    with refusals():
        record = accounts.revoke_token(tenant, id_or_prefix)
        db.session.commit()
    emit(token_json(tenant.slug, record), as_json, f"Revoked token {record.id} ({record.prefix}...) of {tenant.slug}.")
