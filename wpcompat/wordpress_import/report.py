"""What an import did, or would do: per tenant, per table, how many rows; every finding; text and JSON."""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Findings
from .plan import ROW_TABLES, ImportPlan, TenantImport

def tenant_counts(tenant: TenantImport) -> dict[str, int]:
    """Rows of each kind the tenant's import writes: users and credentials, then ROW_TABLES in order."""
    counts = {"users": len(tenant.users),
              "application_passwords": sum(len(u.application_passwords) for u in tenant.users),
              "teambooking_tokens": len(tenant.teambooking_tokens)}
    counts.update({name: len(tenant.rows.get(name, ())) for name in ROW_TABLES})
    return counts


@dataclass
class TenantReport:
    slug: str
    name: str
    source: str
    plan: str
    counts: dict[str, int]
    id: int | None = None  # set once written


@dataclass
class ImportReport:
    dry_run: bool
    tenants: list[TenantReport]
    findings: Findings
    owner: str | None = None  # the SaaS owner's login
    imported: bool = False  # written and committed

    @classmethod
    def of(cls, plan: ImportPlan, dry_run: bool) -> ImportReport:
        return cls(dry_run, [TenantReport(t.slug, t.name, t.source, t.plan.slug, tenant_counts(t))
                             for t in plan.tenants], plan.findings, plan.owner.login if plan.owner else None)

    @property
    def refused(self) -> bool:
        return bool(self.findings.problems)

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "imported": self.imported, "owner": self.owner,
                "tenants": [{"slug": t.slug, "id": t.id, "name": t.name, "source": t.source, "plan": t.plan,
                             "counts": t.counts} for t in self.tenants],
                **self.findings.as_dict()}

    def as_text(self) -> str:
        problems = f"{len(self.findings.problems)} problem(s), below"
        if self.imported:
            lines = ["Imported (one transaction, committed):"]
        elif self.dry_run:
            lines = ["Dry run: nothing was written. The import would "
                     + (f"refuse ({problems}); it would write:" if self.refused else "write:")]
        else:
            lines = [f"Not imported ({problems}): nothing was written. It would write:"]
        if self.owner:
            lines.append(f"  platform owner: {self.owner}")
        if not self.tenants:
            lines.append("  no tenant")
        for t in self.tenants:
            counts = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in t.counts.items() if n) or "nothing"
            written = f"id {t.id}, " if t.id is not None else ""
            lines.append(f"  tenant {t.slug} ({written}{t.source}, plan {t.plan}): {counts}")
        if self.findings.problems:
            lines.append("Problems (each refuses the import):")
            lines += [f"  {finding}" for finding in self.findings.problems]
        if self.findings.notes:
            lines.append("Not imported, on purpose:")
            lines += [f"  {finding}" for finding in self.findings.notes]
        return "\n".join(lines)

