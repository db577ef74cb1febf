"""The import from start to end: read the WordPress database into a plan, then write it or (a dry run) only
check it, and say what was (or would be) imported.

Reading never writes (:class:`~.source.WordPressSource` is one read-only snapshot). Writing is one
transaction, the app session's: committed only when the whole plan is written, rolled back otherwise.
"""
from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Callable, Sequence

from ..changes import capture
from ..changes.actor import IMPORT, Actor, acting_as
from ..extensions import db
from . import booknetic, core, teambooking, writer
from .findings import Findings, Unmappable
from .merge import merge
from .plan import ImportPlan, TenantImport, UserImport
from .report import ImportReport, tenant_counts
from .source import WordPressSource

PLUGINS = ("booknetic", "teambooking")
_PRESENT = {"booknetic": booknetic.present, "teambooking": teambooking.present}
_TABLES = {"booknetic": "bkntc_appointments", "teambooking": "teambooking_reservations"}

#: ``progress(rows to write)``: a context manager giving the writer's per-table callback (a progress bar).
ProgressFactory = Callable[[int], AbstractContextManager[writer.Progress | None]]


def import_wordpress(url: str, *, prefix: str = "wp_", tenant_slug: str | None = None,
                     plugins: Sequence[str] = PLUGINS, dry_run: bool = False, replace: bool = False,
                     progress: ProgressFactory | None = None, emit_events: bool = False) -> ImportReport:
    """Read the WordPress database at ``url`` and import it (or, ``dry_run``, only check it).

    Raises :class:`~.source.SourceError` when the database cannot be read (nothing is written then).
    ``emit_events``: announce the imported customers and appointments to the tenant's webhooks.
    """
    with WordPressSource(url, prefix) as source:
        plan = read_plan(source, tenant_slug, plugins)
    return execute(plan, dry_run=dry_run, replace=replace, progress=progress, emit_events=emit_events)


def read_plan(source: WordPressSource, tenant_slug: str | None, plugins: Sequence[str]) -> ImportPlan:
    """WordPress core and each chosen plugin found in the database, as one plan."""
    findings = Findings()
    site = core.read_site(source, findings)
    users = core.read_users(source, findings)
    found = [name for name in plugins if _PRESENT[name](source)]
    missing = [name for name in plugins if name not in found]
    if not found:
        tables = " or ".join(f"{source.prefix}{_TABLES[name]}" for name in missing)
        findings.problem(_TABLES[missing[0]], None, None, f"no table {tables} in this database: nothing to "
                         "import (another database, or another --prefix?)")
    else:
        for name in missing:
            findings.note(_TABLES[name], None, None, f"{name} was not found in this database (no table "
                          f"{source.prefix}{_TABLES[name]}): nothing of it to import")
    tenants: list[TenantImport] = []
    if "booknetic" in found:
        tenants = booknetic.read(source, site, users, tenant_slug, findings)
    if "teambooking" in found:
        if tenant_slug is None:
            findings.problem("teambooking_reservations", None, None,
                             "TeamBooking's data goes into one tenant: name it with --tenant SLUG")
        else:
            tenants = _with_teambooking(tenants, teambooking.read(source, site, users, tenant_slug, findings),
                                        findings)
    return ImportPlan(site=site, tenants=tenants, owner=_saas_owner(tenants, users, findings), findings=findings)


def _with_teambooking(tenants: list[TenantImport], tb: TenantImport, findings: Findings) -> list[TenantImport]:
    """TeamBooking's tenant merged into Booknetic's of the same slug, or beside the others."""
    for i, tenant in enumerate(tenants):
        if tenant.slug == tb.slug:
            return [*tenants[:i], merge(tenant, tb, findings), *tenants[i + 1:]]
    return [*tenants, tb]


def _saas_owner(tenants: list[TenantImport], users: dict[int, core.WpUser], findings: Findings) -> UserImport | None:
    """With Booknetic SaaS: the platform owner, in no tenant (Booknetic's reader says who)."""
    if not any(tenant.source.startswith("booknetic-saas") for tenant in tenants):
        return None
    try:
        return booknetic.saas_owner(users)
    except Unmappable as error:  # a user wpcompat cannot hold (no e-mail, a shared one...)
        findings.add(error)
        return None


def execute(plan: ImportPlan, *, dry_run: bool = False, replace: bool = False,
            progress: ProgressFactory | None = None, emit_events: bool = False) -> ImportReport:
    """Check ``plan`` (dry run), or write and commit it; a refused or failed write leaves nothing."""
    report = ImportReport.of(plan, dry_run)
    if dry_run:
        writer.check(plan, replace)
        return report
    rows = sum(n for t in plan.tenants for name, n in tenant_counts(t).items() if name in t.rows)
    try:
        # One audit row per tenant imported; events only when asked (wpcompat.changes.capture.suppressed).
        with capture.suppressed(capture.IMPORTED, emit_created=emit_events), acting_as(Actor(IMPORT)):
            with progress(rows) if progress else nullcontext() as on_table:
                ids = writer.apply(plan, replace=replace, on_table=on_table)
            db.session.commit()
    except writer.ImportRefused:
        db.session.rollback()
        return report
    except BaseException:
        db.session.rollback()
        raise
    for tenant in report.tenants:
        tenant.id = ids[tenant.slug]
    report.imported = True
    return report
