"""``wpcompat plan|tenant|user``: the platform's plans, tenants and WordPress users."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from ..platform import accounts, plans, tenants
from ..platform.models import MODULES, Plan, Role, Tenant, User
from .output import emit, fail, json_option, refusals, table

plan_group = AppGroup("plan", help="Plans: which Booknetic modules a tenant gets.")
tenant_group = AppGroup("tenant", help="Tenants: one booking business each, with its own site.")
user_group = AppGroup("user", help="WordPress users: the platform owner, tenant owners and staff.")


def plan_json(plan: Plan) -> dict:
    return {"id": plan.id, "slug": plan.slug, "name": plan.name, "modules": list(plan.modules),
            "rate_limits": plan.rate_limits}


def tenant_json(tenant: Tenant) -> dict:
    return {"id": tenant.id, "slug": tenant.slug, "name": tenant.name, "plan": tenant.plan.slug,
            "timezone": tenant.timezone, "currency": tenant.currency, "status": tenants.status_of(tenant),
            "created_at": tenant.created_at.isoformat(timespec="seconds")}


def user_json(user: User) -> dict:
    return {"id": user.id, "login": user.login, "email": user.email, "display_name": user.display_name,
            "role": user.role, "tenant": user.tenant.slug if user.tenant else None,
            "capabilities": user.capabilities, "registered_at": user.registered_at.isoformat(timespec="seconds")}


def existing_tenant(slug: str) -> Tenant:
    tenant = accounts.find_tenant(slug)
    if tenant is None:
        raise fail(f"no tenant with slug {slug!r}")
    return tenant


@plan_group.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name.")
@click.option("--module", "modules", multiple=True, type=click.Choice(MODULES),
              help="A module the plan grants (repeat); default: all of them.")
@click.option("--rate-limit", "rate_limits", multiple=True, metavar="KIND=LIMIT",
              help="A Flask-Limiter limit per kind, authenticated or anonymous (repeat); default: the platform's.")
@json_option
def create_plan(slug: str, name: str, modules: tuple[str, ...], rate_limits: tuple[str, ...], as_json: bool) -> None:
    """Create a plan."""
    with refusals():
        plan = plans.create(slug, name, list(modules or MODULES), _rate_limits(rate_limits) or None)
        db.session.commit()
    emit(plan_json(plan), as_json, f"Created plan {plan.slug} ({', '.join(plan.modules)}).")


def existing_plan(slug: str) -> Plan:
    plan = accounts.find_plan(slug)
    if plan is None:
        raise fail(f"no plan with slug {slug!r}")
    return plan


def _rate_limits(values: tuple[str, ...]) -> dict[str, str]:
    limits = {}
    for value in values:
        kind, sep, limit = value.partition("=")
        if not sep:
            raise fail(f"--rate-limit takes KIND=LIMIT (e.g. authenticated=600/minute), not {value!r}")
        limits[kind.strip()] = limit.strip()
    return limits


@plan_group.command("update")
@click.argument("slug")
@click.option("--slug", "new_slug", help="A new slug.")
@click.option("--name", help="A new display name.")
@click.option("--module", "modules", multiple=True, type=click.Choice(MODULES),
              help="The modules the plan grants from now on (repeat; replaces the list).")
@click.option("--rate-limit", "rate_limits", multiple=True, metavar="KIND=LIMIT",
              help="A Flask-Limiter limit per kind, authenticated or anonymous (repeat; replaces the set).")
@click.option("--default-rate-limits", is_flag=True, help="Back to the platform's default rate limits.")
@json_option
def update_plan(slug: str, new_slug: str | None, name: str | None, modules: tuple[str, ...],
                rate_limits: tuple[str, ...], default_rate_limits: bool, as_json: bool) -> None:
    """Change a plan's slug, name, modules or rate limits (its tenants have them on their next request)."""
    plan = existing_plan(slug)
    changes: dict = {key: value for key, value in (("slug", new_slug), ("name", name),
                                                   ("modules", list(modules) if modules else None)) if value}
    if default_rate_limits:
        changes["rate_limits"] = None
    elif rate_limits:
        changes["rate_limits"] = _rate_limits(rate_limits)
    with refusals():
        plans.update(plan, **changes)
        db.session.commit()
    emit(plan_json(plan), as_json, f"Updated plan {plan.slug}.")


@plan_group.command("delete")
@click.argument("slug")
@json_option
def delete_plan(slug: str, as_json: bool) -> None:
    """Delete a plan no tenant uses."""
    plan = existing_plan(slug)
    shown = plan_json(plan)
    with refusals():
        plans.delete_plan(plan)
        db.session.commit()
    emit(shown, as_json, f"Deleted plan {slug}.")


@plan_group.command("list")
@json_option
def list_plans(as_json: bool) -> None:
    """List the plans."""
    plans = accounts.list_plans()
    emit([plan_json(p) for p in plans], as_json,
         lambda: table(("ID", "SLUG", "NAME", "MODULES"), ((p.id, p.slug, p.name, ",".join(p.modules)) for p in plans)))


@tenant_group.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name.")
@click.option("--plan", "plan_slug", required=True, help="Slug of an existing plan.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA timezone of the business.")
@click.option("--currency", default="USD", show_default=True, help="ISO 4217 currency code.")
@json_option
def create_tenant(slug: str, name: str, plan_slug: str, timezone: str, currency: str, as_json: bool) -> None:
    """Create a tenant (its site is /SLUG/ or SLUG.<host>, by the site's tenant_urls)."""
    plan = accounts.find_plan(plan_slug)
    if plan is None:
        raise fail(f"no plan with slug {plan_slug!r}")
    with refusals():
        tenant = accounts.create_tenant(slug, name, plan, timezone, currency)
        db.session.commit()
    emit(tenant_json(tenant), as_json, f"Created tenant {tenant.slug} (id {tenant.id}, plan {plan.slug}).")


@tenant_group.command("list")
@json_option
def list_tenants(as_json: bool) -> None:
    """List the tenants."""
    tenants = accounts.list_tenants()
    emit([tenant_json(t) for t in tenants], as_json, lambda: table(
        ("ID", "SLUG", "NAME", "PLAN", "TIMEZONE", "CURRENCY"),
        ((t.id, t.slug, t.name, t.plan.slug, t.timezone, t.currency) for t in tenants)))


def _change_tenant(slug: str, as_json: bool, done: str, **changes) -> None:
    tenant = existing_tenant(slug)
    with refusals():
        tenants.update(tenant, **changes)
        db.session.commit()
    emit(tenant_json(tenant), as_json, done.format(slug=slug, tenant=tenant))


@tenant_group.command("rename")
@click.argument("slug")
@click.argument("name")
@json_option
def rename_tenant(slug: str, name: str, as_json: bool) -> None:
    """Give a tenant a new display name (its slug, and so its URLs, stay; `wpcompat api` changes the slug)."""
    _change_tenant(slug, as_json, "Renamed tenant {slug} to {tenant.name}.", name=name)


@tenant_group.command("set-plan")
@click.argument("slug")
@click.argument("plan_slug")
@json_option
def set_tenant_plan(slug: str, plan_slug: str, as_json: bool) -> None:
    """Move a tenant to another plan (its modules and limits hold at its next request)."""
    _change_tenant(slug, as_json, "Tenant {slug} is on plan {tenant.plan.slug}.", plan=plan_slug)


@tenant_group.command("suspend")
@click.argument("slug")
@json_option
def suspend_tenant(slug: str, as_json: bool) -> None:
    """Suspend a tenant: its URLs, logins and tokens answer 403 on every surface."""
    _change_tenant(slug, as_json, "Suspended tenant {slug}.", status=tenants.SUSPENDED)


@tenant_group.command("resume")
@click.argument("slug")
@json_option
def resume_tenant(slug: str, as_json: bool) -> None:
    """Lift a tenant's suspension."""
    _change_tenant(slug, as_json, "Resumed tenant {slug}.", status=tenants.ACTIVE)


@tenant_group.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Confirm: the tenant and everything it owns are deleted.")
@json_option
def delete_tenant(slug: str, yes: bool, as_json: bool) -> None:
    """Delete a tenant with its users, credentials, bookings, catalogue, audit trail and webhooks."""
    tenant = existing_tenant(slug)
    if not yes:
        raise fail(f"deleting {slug} deletes everything it owns: repeat with --yes")
    shown = tenant_json(tenant)
    tenants.delete_tenant(tenant)
    db.session.commit()
    emit(shown, as_json, f"Deleted tenant {slug} and everything it owned.")


@user_group.command("create")
@click.argument("login")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role if r != Role.CUSTOMER]),
              help="administrator is the platform owner (no tenant).")
@click.option("--tenant", "tenant_slug", help="Slug of the user's tenant (every role but administrator).")
@click.option("--display-name")
@click.option("--capability", "capabilities", multiple=True,
              help="A Booknetic capability granted to a staff user (repeat).")
@json_option
def create_user(login: str, email: str, role: str, tenant_slug: str | None, display_name: str | None,
                capabilities: tuple[str, ...], as_json: bool) -> None:
    """Create a user; give it an application password with `wpcompat app-password create`."""
    tenant = existing_tenant(tenant_slug) if tenant_slug else None
    with refusals():
        user = accounts.create_user(login, email, Role(role), tenant=tenant, display_name=display_name,
                                    capabilities=list(capabilities) or None)
        db.session.commit()
    where = f" of {tenant.slug}" if tenant else ""
    emit(user_json(user), as_json, f"Created {user.role} {user.login}{where} (id {user.id}).")


@user_group.command("list")
@click.option("--tenant", "tenant_slug", help="Only this tenant's users.")
@json_option
def list_users(tenant_slug: str | None, as_json: bool) -> None:
    """List users (all, or one tenant's)."""
    users = accounts.list_users(existing_tenant(tenant_slug) if tenant_slug else None)
    emit([user_json(u) for u in users], as_json, lambda: table(
        ("ID", "LOGIN", "EMAIL", "ROLE", "TENANT"),
        ((u.id, u.login, u.email, u.role, u.tenant.slug if u.tenant else "-") for u in users)))
