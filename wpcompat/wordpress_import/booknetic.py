"""Booknetic 5.1 and Booknetic SaaS (``{prefix}bkntc_*``) read into :class:`~.plan.TenantImport` s.

* **Plain Booknetic** (no ``bkntc_tenants`` table): one tenant, slug ``--tenant``, named and zoned as the
  site, currency from the ``bkntc_currency`` option (Booknetic's default USD). Every row is its (without the
  SaaS add-on Booknetic filters nothing by ``tenant_id``). Its plan grants every module.
* **Booknetic SaaS**: one tenant per ``bkntc_tenants`` row (:mod:`.booknetic_saas`), each with the rows of
  its ``tenant_id``; ``service_staff``, ``appointment_extras`` and ``appointment_prices`` (no tenant_id in
  Booknetic) follow their service or appointment. Rows of no tenant (NULL, or a deleted tenant's id) are notes.
* **Users** (:mod:`.booknetic_users`): administrators own the plain tenant, or (SaaS) are the platform
  owner (:func:`saas_owner`, for the orchestrator's ``ImportPlan.owner``); a SaaS tenant's ``user_id`` owns
  it; staff users are staff, customers' users customers.
* **Rows** (:mod:`.booknetic_rows`), ids kept; **working hours** (:mod:`.booknetic_schedules`).
* **Options that shape answers** and that we do not model are notes (:data:`NOTED_OPTIONS`).
"""
from __future__ import annotations

from datetime import date

from ..platform.models import MODULES, Role
from ..platform.names import is_tenant_slug
from .booknetic_rows import CHILD_TABLES, TABLES, TENANT_TABLES, Scope, tenant_rows
from .booknetic_saas import currency, effective_plan_id, plan_import, tenant_options, tenant_zone
from .booknetic_users import UserAssignment, administrators, saas_owner
from .core import WpUser
from .findings import Findings, Unmappable
from .plan import PlanImport, SiteImport, TenantImport

__all__ = ["present", "read", "saas_owner"]

#: The plan of a plain Booknetic tenant: Booknetic without the SaaS add-on has every module.
PLAIN_PLAN = PlanImport(slug="booknetic", name="Booknetic", modules=list(MODULES))

#: Booknetic options that change its answers and that we do not model -> when they matter (value -> why).
NOTED_OPTIONS = {
    "time_format": "times are shown in Booknetic's default format",
    "date_format": "dates are read and shown as Y-m-d, Booknetic's default",
    "time_priority": "the staff member's hours win over a service's, Booknetic's default",
    "slot_length_as_service_duration": "slots step by the service's time slot length",
    "allow_admins_to_book_outside_working_hours": "bookings stay within working hours",
}
#: Values of those options that are Booknetic's defaults (no note).
_OPTION_DEFAULTS = {"time_format": ("", "H:i"), "date_format": ("", "Y-m-d"), "time_priority": ("", "staff"),
                    "slot_length_as_service_duration": ("", "off", "0"),
                    "allow_admins_to_book_outside_working_hours": ("", "off", "0")}
_STATUS_OPTIONS = ("", "approved", "pending")

#: Booknetic's tables the import does not read: a note with their row count when they hold rows.
UNREAD_TABLES = {
    "bkntc_customer_categories": "customer categories are not modelled",
    "bkntc_service_extra_categories": "extra categories are not modelled",
    "bkntc_location_categories": "location categories are not modelled",
    "bkntc_workflows": "workflows (e-mails, SMS, webhooks on events) are not modelled",
    "bkntc_workflow_actions": "workflows are not modelled",
    "bkntc_workflow_logs": "workflows are not modelled",
    "bkntc_core_staff_busy_slots": "busy time from external calendars is not modelled",
    "bkntc_data": "Booknetic's side data of rows is not modelled",
    "bkntc_translations": "translations are not modelled",
    "bkntc_appearance": "booking-panel styles are not modelled",
    "bkntc_cart": "unfinished front-end bookings are not carried",
    "bkntc_tenant_billing": "SaaS billing history is not modelled",
    "bkntc_tenant_custom_data": "SaaS sign-up fields are not modelled",
    "bkntc_tenant_form_inputs": "SaaS sign-up fields are not modelled",
    "bkntc_tenant_form_input_choices": "SaaS sign-up fields are not modelled",
    "bkntc_notifications_saas": "SaaS notices are not modelled",
}


def present(source) -> bool:
    """Whether the database holds Booknetic's tables."""
    return source.has_table("bkntc_appointments")


def read(source, site: SiteImport, users: dict[int, WpUser], tenant_slug: str | None,
         findings: Findings) -> list[TenantImport]:
    """The tenant(s) of the site's Booknetic data (see the module docstring); problems and notes in ``findings``."""
    tables = _load(source, findings)
    for name, why in UNREAD_TABLES.items():
        rows = source.count(name) if source.has_table(name) else 0
        if rows:
            findings.note(name, None, None, f"{rows} row{'s' if rows != 1 else ''}: {why}, not imported")
    options = source.options_like("bkntc_%")
    if source.has_table("bkntc_tenants"):
        return _saas(source, site, users, tables, options, findings)
    return _plain(site, users, tenant_slug, tables, options, findings)


def _load(source, findings: Findings) -> dict[str, list[dict]]:
    tables = {}
    for name in TABLES:
        if source.has_table(name):
            tables[name] = list(source.rows(name))
        else:
            findings.note(name, None, None, "no such table: nothing read")
            tables[name] = []
    return tables


def _plain(site: SiteImport, users: dict[int, WpUser], tenant_slug: str | None, tables: dict[str, list[dict]],
           options: dict[str, str], findings: Findings) -> list[TenantImport]:
    if tenant_slug is None or not is_tenant_slug(tenant_slug):
        findings.problem("bkntc_tenants", None, None, "plain Booknetic (no SaaS add-on) goes into one tenant: name "
                                                      "it with --tenant SLUG (lower-case letters, digits, dashes)"
                         if tenant_slug is None else f"{tenant_slug!r} is not a tenant slug")
        return []
    own = tenant_options(options, None)
    _note_options(own, "bkntc_", findings)
    try:
        code = currency(own.get("currency"), "bkntc_currency")
    except Unmappable as error:
        findings.add(error)
        code = "USD"
    assignment = UserAssignment(users)
    for admin in administrators(users):
        assignment.claim(admin.id, 0, Role.TENANT_OWNER)
    scope = Scope(0, _with_children(tables, _children_by_parent(tables, findings)), site.timezone, own)
    scope.claim_users(assignment, findings)
    assignment.note_unclaimed(findings)
    rows = tenant_rows(scope, assignment, {0: tenant_slug}, findings)
    return [TenantImport(slug=tenant_slug, name=site.name, timezone=site.timezone, currency=code, plan=PLAIN_PLAN,
                         source="booknetic", users=assignment.tenant_users(0, findings), rows=rows)]


def _saas(source, site: SiteImport, users: dict[int, WpUser], tables: dict[str, list[dict]],
          options: dict[str, str], findings: Findings) -> list[TenantImport]:
    plans = {int(row["id"]): row for row in source.rows("bkntc_plans")} if source.has_table("bkntc_plans") else {}
    plan_imports: dict[int, PlanImport] = {}
    taken: set[str] = set()
    for plan_id, row in sorted(plans.items()):
        try:
            plan_imports[plan_id] = plan_import(row, taken, findings)
        except Unmappable as error:
            findings.add(error)
    assignment = UserAssignment(users)
    admins = administrators(users)
    if admins:
        assignment.claim(admins[0].id, -1, Role.ADMINISTRATOR)
    for admin in admins[1:]:
        findings.note("users", admin.id, None, f"administrator {admin.login!r}: the platform has one owner "
                                               f"({admins[0].login!r}); not imported")
    tenants = sorted(source.rows("bkntc_tenants"), key=lambda row: row["id"])
    known = {int(row["id"]) for row in tenants}
    _note_tenantless(tables, known, findings)
    by_tenant: dict[int | None, dict[str, list[dict]]] = {}
    for name in TENANT_TABLES:
        for row in tables[name]:
            by_tenant.setdefault(_tenant_of(row), {}).setdefault(name, []).append(row)
    children = _children_by_parent(tables, findings)
    prepared = []
    for index, row in enumerate(tenants):
        tenant_id = int(row["id"])
        own = tenant_options(options, tenant_id)
        scoped = {name: by_tenant.get(tenant_id, {}).get(name, []) for name in TENANT_TABLES}
        scope = Scope(index, _with_children(scoped, children), tenant_zone(own.get("timezone"), site.timezone,
                                                                           tenant_id, findings), own)
        owner = int(row["user_id"]) if row.get("user_id") else None
        if owner in users:
            assignment.claim(owner, index, Role.TENANT_OWNER)
        else:
            findings.note("bkntc_tenants", tenant_id, "user_id", f"owner user #{row.get('user_id')} does not exist: "
                                                                 "the tenant is imported without an owner")
        scope.claim_users(assignment, findings)
        prepared.append((row, scope, own))
    assignment.note_unclaimed(findings)
    names = {index: row.get("domain") for index, (row, _, _) in enumerate(prepared)}
    imports = []
    for row, scope, own in prepared:
        tenant_id = int(row["id"])
        slug = row.get("domain") or ""
        if not is_tenant_slug(slug):
            findings.problem("bkntc_tenants", tenant_id, "domain", f"{slug!r} is not a tenant slug (lower-case "
                                                                   "letters, digits and dashes)")
            continue
        owner = int(row["user_id"]) if row.get("user_id") else None
        if owner in users and not assignment.keeps(owner, scope.index):
            findings.note("bkntc_tenants", tenant_id, "user_id",
                          assignment.lost_why(owner, names, "the tenant is imported without an owner"))
        plan_id = effective_plan_id(row, plans, date.today(), findings)
        if plan_id not in plan_imports:
            if plan_id not in plans:
                findings.problem("bkntc_tenants", tenant_id, "plan_id",
                                 f"plan #{plan_id} does not exist" if plan_id is not None
                                 else "no plan, and no plan is the default (is_default)")
            continue
        _note_options(own, f"bkntc_t{tenant_id}_", findings)
        try:
            code = currency(own.get("currency"), f"bkntc_t{tenant_id}_currency")
        except Unmappable as error:
            findings.add(error)
            continue
        rows = tenant_rows(scope, assignment, names, findings)
        imports.append(TenantImport(
            slug=slug, name=own.get("company_name") or row.get("full_name") or slug, timezone=scope.timezone,
            currency=code, plan=plan_imports[plan_id], source="booknetic-saas",
            users=assignment.tenant_users(scope.index, findings), rows=rows, wordpress_tenant_id=tenant_id))
    return imports


def _tenant_of(row: dict) -> int | None:
    value = row.get("tenant_id")
    return int(value) if value not in (None, "", 0, "0") else None


def _note_tenantless(tables: dict[str, list[dict]], known: set[int], findings: Findings) -> None:
    for name in TENANT_TABLES:
        for row in tables[name]:
            tenant_id = _tenant_of(row)
            if tenant_id is None:
                findings.note(name, row["id"], "tenant_id", "no tenant (the SaaS platform's own row): not imported")
            elif tenant_id not in known:
                findings.note(name, row["id"], "tenant_id", f"tenant #{tenant_id} does not exist: not imported")


def _children_by_parent(tables: dict[str, list[dict]], findings: Findings) -> dict[str, dict[int, list[dict]]]:
    """The rows of each CHILD_TABLES table by their parent's id; a row of no existing parent is a note."""
    grouped: dict[str, dict[int, list[dict]]] = {}
    for child, (column, parent) in CHILD_TABLES.items():
        parents = {int(row["id"]) for row in tables[parent]}
        grouped[child] = {}
        for row in tables[child]:
            parent_id = int(row[column]) if str(row.get(column) or "").isdigit() else None
            if parent_id in parents:
                grouped[child].setdefault(parent_id, []).append(row)
            else:
                findings.note(child, row["id"], column, f"{parent.removeprefix('bkntc_').rstrip('s')} "
                                                        f"#{row.get(column)} does not exist: not imported")
    return grouped


def _with_children(scoped: dict[str, list[dict]], children: dict[str, dict[int, list[dict]]]) -> dict[str, list[dict]]:
    """``scoped``'s tables plus the child rows of its parents."""
    tables = dict(scoped)
    for child, (_, parent) in CHILD_TABLES.items():
        tables[child] = [row for parent_row in scoped[parent] for row in children[child].get(int(parent_row["id"]), [])]
    return tables


def _note_options(own: dict[str, str], prefix: str, findings: Findings) -> None:
    for name, why in NOTED_OPTIONS.items():
        value = own.get(name)
        if value is not None and value not in _OPTION_DEFAULTS[name]:
            findings.note("options", prefix + name, "option_value", f"{value!r} is not modelled: {why}")
    status = own.get("default_appointment_status")
    if status is not None and status not in _STATUS_OPTIONS:
        findings.note("options", prefix + "default_appointment_status", "option_value",
                      f"{status!r}: new bookings are approved, or pending where the service needs approval")
