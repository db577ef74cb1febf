"""Plans: which Booknetic modules a tenant gets and how many requests it may make. One set of rules for the
``wpcompat/v1/plans`` routes, the ``plan`` commands and the site file.
"""
from __future__ import annotations

import re
from typing import Any

import limits
from sqlalchemy import select

from ..booking.errors import Conflict, InvalidBooking
from ..booking.lookup import get_row, page_of
from ..extensions import db
from . import accounts
from .models import MODULES, Plan, Tenant

#: The kinds of limit a plan may set (wpcompat.ratelimits): calls with a credential, calls without.
LIMIT_KINDS = ("authenticated", "anonymous")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def limit_problem(value: Any) -> str | None:
    """Why ``value`` is not a Flask-Limiter limit string (``"600/minute"``, ``"10/second;1000/day"``), or None."""
    if not isinstance(value, str) or not value.strip():
        return "A limit is a string such as 600/minute."
    try:
        limits.parse_many(value)
    except ValueError:
        return f"{value!r} is not a limit such as 600/minute."
    return None


def rate_limit_problems(rate_limits: Any) -> dict[str, str]:
    if rate_limits is None:
        return {}
    if not isinstance(rate_limits, dict):
        return {"rate_limits": "Rate limits are an object: {\"authenticated\": \"600/minute\", \"anonymous\": ...}."}
    problems = {}
    for kind, value in rate_limits.items():
        problem = f"Unknown kind {kind!r} (authenticated, anonymous)." if kind not in LIMIT_KINDS \
            else limit_problem(value)
        if problem:
            problems[f"rate_limits[{kind}]"] = problem
    return problems


def get(plan_id: int) -> Plan:
    return get_row(Plan, plan_id, "Plan")


def list_page(page: int, per_page: int) -> tuple[list[Plan], int]:
    return page_of(Plan, page, per_page)


def _problems(values: dict[str, Any], plan: Plan | None) -> dict[str, str]:
    problems = {}
    if "slug" in values:
        slug = values["slug"]
        if not isinstance(slug, str) or _SLUG.fullmatch(slug) is None:
            problems["slug"] = "A plan slug is lower-case letters, digits, '_' and '-'."
        elif accounts.find_plan(slug) not in (None, plan):
            problems["slug"] = "A plan with this slug exists."
    if "name" in values and not (isinstance(values["name"], str) and values["name"].strip()):
        problems["name"] = "A plan needs a name."
    if "modules" in values:
        modules = values["modules"]
        if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
            problems["modules"] = "Modules are a list of module names."
        elif set(modules) - set(MODULES):
            problems["modules"] = f"Unknown module(s): {', '.join(sorted(set(modules) - set(MODULES)))}."
    problems.update(rate_limit_problems(values.get("rate_limits")))
    return problems


def _kept_limits(rate_limits: dict[str, str] | None) -> dict[str, str] | None:
    return {kind: rate_limits[kind] for kind in LIMIT_KINDS if kind in rate_limits} or None if rate_limits else None


def create(slug: str, name: str, modules: list[str], rate_limits: dict[str, str] | None = None) -> Plan:
    problems = _problems({"slug": slug, "name": name, "modules": modules, "rate_limits": rate_limits}, None)
    if problems:
        raise InvalidBooking("Invalid plan", errors=problems)
    plan = accounts.create_plan(slug, name.strip(), list(dict.fromkeys(modules)))
    plan.rate_limits = _kept_limits(rate_limits)
    db.session.flush()
    return plan


def update(plan: Plan, **values: Any) -> Plan:
    """Change a plan; its tenants get the new modules and limits on their next request."""
    problems = _problems(values, plan)
    if problems:
        raise InvalidBooking("Invalid plan", errors=problems)
    if "slug" in values:
        plan.slug = values["slug"]
    if "name" in values:
        plan.name = values["name"].strip()
    if "modules" in values:
        plan.modules = list(dict.fromkeys(values["modules"]))
    if "rate_limits" in values:
        plan.rate_limits = _kept_limits(values["rate_limits"])
    db.session.flush()
    return plan


def delete_plan(plan: Plan) -> None:
    """Delete a plan no tenant is on (a used plan: :class:`Conflict` naming its tenants)."""
    used_by = list(db.session.execute(select(Tenant.slug).where(Tenant.plan_id == plan.id).order_by(Tenant.id))
                   .scalars())
    if used_by:
        raise Conflict("The plan is in use: move its tenants to another plan first.", data={"tenants": used_by})
    db.session.delete(plan)
    db.session.flush()
