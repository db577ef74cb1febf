"""One tenant from both plugins, when Booknetic and TeamBooking ran on one WordPress site.

The same person is one row: a TeamBooking coworker who is a Booknetic staff member (the same WordPress
user) is that staff member, and a TeamBooking customer is the Booknetic customer of the same e-mail
(case-insensitive, as MySQL's ``utf8mb4_unicode_ci`` compares them). The same WordPress user is one
user, with the stronger of the two roles. Everything else is both plugins' rows side by side, which
works only while their kept ids differ: two rows of one table with one id (a Booknetic appointment and
a TeamBooking reservation both #12), or two services of one slug, are problems, and the way out is to
import each plugin into its own tenant.
"""
from __future__ import annotations

from ..platform.models import Role
from .findings import Findings
from .plan import ROW_TABLES, NewId, TenantImport, UserImport
from .tables import MODELS

_RANK = {Role.ADMINISTRATOR: 0, Role.TENANT_OWNER: 1, Role.STAFF: 2, Role.CUSTOMER: 3}
_ONE_TENANT_EACH = ("ids are kept, so both cannot share one tenant: import each plugin into its own tenant "
                    "(--plugins booknetic --tenant A, then --plugins teambooking --tenant B)")


def merge(booknetic: TenantImport, teambooking: TenantImport, findings: Findings) -> TenantImport:
    """``booknetic`` with ``teambooking``'s rows, users and tokens added (see the module docstring)."""
    merged = TenantImport(slug=booknetic.slug, name=booknetic.name, timezone=booknetic.timezone,
                          currency=booknetic.currency, plan=booknetic.plan, source="booknetic+teambooking",
                          wordpress_tenant_id=booknetic.wordpress_tenant_id)
    if teambooking.currency != booknetic.currency:
        findings.note("options", "team_booking", "currency", f"TeamBooking's currency {teambooking.currency} is not "
                      f"Booknetic's: the tenant keeps {booknetic.currency} (one currency per tenant)")
    merged.users = _users(booknetic.users, teambooking.users)
    merged.teambooking_tokens = booknetic.teambooking_tokens + teambooking.teambooking_tokens
    same = _same_people(booknetic, teambooking)
    for name in ROW_TABLES:
        merged.rows[name] = list(booknetic.rows.get(name, ()))
        for row in teambooking.rows.get(name, ()):
            if id(row.get("id")) in same:
                continue
            merged.rows[name].append({key: same.get(id(value), value) if isinstance(value, NewId) else value
                                      for key, value in row.items()})
    _one_business_hours(merged, findings)
    _unique_links(merged)
    _collisions(booknetic, teambooking, findings)
    return merged


def _users(first: list[UserImport], second: list[UserImport]) -> list[UserImport]:
    users: dict[int, UserImport] = {}
    for user in first + second:
        if user.id not in users or _RANK[user.role] < _RANK[users[user.id].role]:
            users[user.id] = user
    return list(users.values())


def _same_people(booknetic: TenantImport, teambooking: TenantImport) -> dict[int, int]:
    """id(TeamBooking NewId) -> the Booknetic id of the same staff member or customer."""
    staff = {row["user_id"]: row["id"] for row in booknetic.rows.get("staff", ()) if row.get("user_id")}
    customers = {row["email"].lower(): row["id"] for row in booknetic.rows.get("customers", ()) if row.get("email")}
    same = {}
    for row in teambooking.rows.get("staff", ()):
        if isinstance(row.get("id"), NewId) and row.get("user_id") in staff:
            same[id(row["id"])] = staff[row["user_id"]]
    for row in teambooking.rows.get("customers", ()):
        if isinstance(row.get("id"), NewId) and (row.get("email") or "").lower() in customers:
            same[id(row["id"])] = customers[row["email"].lower()]
    return same


def _one_business_hours(merged: TenantImport, findings: Findings) -> None:
    # A tenant has one set of company hours; Booknetic's are its calendar's, TeamBooking has none of its own.
    if len(merged.rows["business_hours"]) > 1:
        merged.rows["business_hours"] = merged.rows["business_hours"][:1]
        findings.note("options", "team_booking", None, "the tenant keeps Booknetic's business hours")


def _unique_links(merged: TenantImport) -> None:
    for name in ("staff_services", "staff_locations"):
        seen, kept = set(), []
        for row in merged.rows[name]:
            key = tuple((k, id(v) if isinstance(v, NewId) else v) for k, v in sorted(row.items()))
            if key not in seen:
                seen.add(key)
                kept.append(row)
        merged.rows[name] = kept


def _collisions(booknetic: TenantImport, teambooking: TenantImport, findings: Findings) -> None:
    for name in MODELS:
        ids = {row["id"] for row in booknetic.rows.get(name, ()) if isinstance(row.get("id"), int)}
        for row in teambooking.rows.get(name, ()):
            if isinstance(row.get("id"), int) and row["id"] in ids:
                findings.problem(name, row["id"], "id", f"Booknetic and TeamBooking both have {name} #{row['id']}: "
                                 + _ONE_TENANT_EACH)
    slugs = {row["slug"] for row in booknetic.rows.get("services", ())}
    for row in teambooking.rows.get("services", ()):
        if row["slug"] in slugs:
            findings.problem("services", row.get("id"), "slug", f"Booknetic and TeamBooking both have a service "
                             f"{row['slug']!r}: " + _ONE_TENANT_EACH.replace("ids are kept", "slugs are kept"))

