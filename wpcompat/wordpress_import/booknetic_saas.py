"""Booknetic SaaS: its tenants (``bkntc_tenants``) and plans (``bkntc_plans``) as our tenants and plans.

* A SaaS tenant becomes a tenant whose slug is its ``domain`` (its booking-page name), named after its
  ``company_name`` option (else the tenant's ``full_name``, else the domain), in its ``timezone`` option
  (else the site's), with its ``currency`` option (else Booknetic's default, USD). A tenant's options are
  ``bkntc_t<tenant id>_<name>`` (Helper::getOption).
* A plan's ``permissions`` JSON (``{"capabilities": {"<capability>": "on"|"off"}, "limits": {...}}``)
  grants a module of ours when the capability of the same name is present and not ``"off"``, as Booknetic's
  tenant capability check reads it. In-app notifications are no plan capability in Booknetic (every tenant
  has them): every plan grants ``notifications``. Other capabilities and the limits are notes.
* A tenant past its ``expires_in`` date runs on the plan flagged ``expire_plan`` (Booknetic's
  Permission::getPlan); the import gives it that plan, with a note. A tenant with no plan gets the plan
  flagged ``is_default`` (a new tenant's), with a note.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..platform.models import MODULES
from .booknetic_schedules import read_json
from .booknetic_values import slug as slug_of
from .findings import Findings, Unmappable
from .plan import PlanImport

#: Modules every tenant has whatever its plan (Booknetic gates none of them by plan).
ALWAYS = ("notifications",)
#: Capabilities that decide nothing of ours beyond the modules, so no note names them.
_SILENT = frozenset({"calendar", "receive_appointments"})


def plan_import(row: dict, taken: set[str], findings: Findings) -> PlanImport:
    """Our plan for a ``bkntc_plans`` row (slug from its name, ``-<id>`` added if another plan has it)."""
    table, row_id = "bkntc_plans", row["id"]
    permissions = read_json(row.get("permissions") or "{}", table, row_id, "permissions")
    capabilities = permissions.get("capabilities", {}) if isinstance(permissions, dict) else None
    if not isinstance(capabilities, dict):
        raise Unmappable(table, row_id, "permissions", "no capabilities map in the permissions JSON")
    modules = [m for m in MODULES if m in ALWAYS or capabilities.get(m) not in (None, "off")]
    other = sorted(c for c, value in capabilities.items() if c not in MODULES and c not in _SILENT and value != "off")
    if other:
        findings.note(table, row_id, "permissions", f"capabilities without a module of ours: {', '.join(other)}")
    limits = permissions.get("limits") or {}
    capped = sorted(f"{name} {value}" for name, value in limits.items() if str(value) != "-1") \
        if isinstance(limits, dict) else []
    if capped:
        findings.note(table, row_id, "permissions", f"limits not enforced: {', '.join(capped)}")
    slug = slug_of(row.get("name") or "", f"plan-{row_id}", 56)
    if slug in taken:
        slug = f"{slug}-{row_id}"
    taken.add(slug)
    return PlanImport(slug=slug, name=row.get("name") or slug, modules=modules)


def effective_plan_id(tenant: dict, plans: dict[int, dict], today: date, findings: Findings) -> int | None:
    """The plan the tenant runs on: its ``plan_id`` (none: the ``is_default`` plan, the one a new tenant gets),
    or the ``expire_plan`` one once ``expires_in`` is past."""
    plan_id = int(tenant["plan_id"]) if tenant.get("plan_id") else None
    if plan_id is None:
        default = _flagged(plans, "is_default")
        if default is not None:
            findings.note("bkntc_tenants", tenant["id"], "plan_id", f"no plan: imported on the default plan #{default}")
            plan_id = default
    expires = tenant.get("expires_in")
    if isinstance(expires, date) and expires < today:
        expired = _flagged(plans, "expire_plan")
        if expired is not None and expired != plan_id:
            findings.note("bkntc_tenants", tenant["id"], "expires_in",
                          f"expired on {expires.isoformat()}: imported on the expiry plan #{expired} (as Booknetic "
                          f"runs it), not plan #{plan_id}")
            return expired
    return plan_id


def _flagged(plans: dict[int, dict], column: str) -> int | None:
    """The first plan (by id) with ``column`` set."""
    return next((plan_id for plan_id, row in sorted(plans.items()) if str(row.get(column)) == "1"), None)


def tenant_options(options: dict[str, str], tenant_id: int | None) -> dict[str, str]:
    """Booknetic's options of one tenant (None: a plain install), by their name without the prefix."""
    prefix = f"bkntc_t{tenant_id}_" if tenant_id is not None else "bkntc_"
    found = {}
    for name, value in options.items():
        if name.startswith(prefix):
            rest = name[len(prefix):]
            if tenant_id is None and re.match(r"t\d+_", rest):
                continue  # a SaaS tenant's, left behind
            found[rest] = value
    return found


def tenant_zone(option: str | None, site_zone: str, tenant_id: int, findings: Findings) -> str:
    if not option:
        return site_zone
    try:
        ZoneInfo(option)
        return option
    except (ZoneInfoNotFoundError, ValueError):
        findings.note("options", f"bkntc_t{tenant_id}_timezone", "option_value",
                      f"{option!r} is not a time zone name: the site's ({site_zone}) is used")
        return site_zone


def currency(value: Any, option_name: str) -> str:
    code = (value or "USD").strip()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise Unmappable("options", option_name, "option_value", f"currency {code!r} is not an ISO 4217 code")
    return code
