"""What wpcompat's database says about a plan before anything is written: the problems that refuse it.

Ids are kept from WordPress and ids are global in our tables (one sequence per table for every tenant),
so a kept id another tenant already uses cannot be written; nor can a login, e-mail, application
password uuid or token another tenant's user already holds. Rows of the plan's own tenants do not
collide: a tenant that holds data is either refused (no ``--replace``) or emptied before the writes.
A plan row must refer only to rows of its own tenant in the plan (isolation, and no dangling id).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

from sqlalchemy import exists, func, or_, select

from ..extensions import db
from ..platform import secrets
from ..platform.models import ApplicationPassword, TeamBookingToken, Tenant, User
from ..platform.names import is_tenant_slug
from ..tenancy import TenantScoped, all_tenants
from .findings import Finding
from .plan import ROW_TABLES, ImportPlan, NewId, TenantImport, UserImport
from .tables import MODELS, attribute_names, references

_CHUNK = 500  # ids per IN (...) list, well within every database's bound-parameter limit


def existing_tenants(plan: ImportPlan) -> dict[str, Tenant]:
    """The plan's tenants that already exist here, by slug."""
    slugs = [t.slug for t in plan.tenants]
    return {t.slug: t for t in db.session.execute(select(Tenant).where(Tenant.slug.in_(slugs))).scalars()}


def holds_data(tenant_id: int) -> bool:
    """Does the tenant have any row: booking rows, tokens, users?"""
    with all_tenants():
        tables = [m.local_table for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)]
        tables.append(User.__table__)
        return any(db.session.execute(select(exists().where(table.c.tenant_id == tenant_id))).scalar()
                   for table in tables)


def existing_owner(owner: UserImport | None) -> User | None:
    """The platform owner already here that is the plan's owner (same id and login): kept, not written again."""
    if owner is None:
        return None
    user = db.session.execute(select(User).where(User.id == owner.id)).scalar_one_or_none()
    if user is not None and user.login == owner.login and user.is_platform_owner:
        return user
    return None


def find_problems(plan: ImportPlan, replace: bool) -> list[Finding]:
    """Every reason the database gives to refuse ``plan``; reads only."""
    tenants = existing_tenants(plan)
    problems = []
    for t in plan.tenants:
        if not is_tenant_slug(t.slug):
            problems.append(Finding("tenants", t.slug, "slug", "not a tenant slug (lower-case letters, digits, dashes)"))
        elif t.slug in tenants and not replace and holds_data(tenants[t.slug].id):
            problems.append(Finding("tenants", t.slug, None, f"the tenant {t.slug!r} already holds data: "
                                    "import with --replace to replace its data (and nothing else)"))
    ours = {tenant.id for tenant in tenants.values()}
    with all_tenants():
        problems += _columns(plan)
        problems += _references(plan)
        problems += _kept_ids(plan, ours)
        problems += _users(plan, ours)
        problems += _tokens(plan, ours)
    return problems


def _chunks(values: Iterable) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _label(row_id: object) -> int | str | None:
    return row_id.label if isinstance(row_id, NewId) else row_id


def _columns(plan: ImportPlan) -> list[Finding]:
    problems = []
    for t in plan.tenants:
        for name in ROW_TABLES:
            allowed = attribute_names(name)
            for row in t.rows.get(name, ()):
                for key in sorted(set(row) - allowed):
                    problems.append(Finding(name, _label(row.get("id")), key, f"{name} has no column {key!r}"))
    return problems


def _references(plan: ImportPlan) -> list[Finding]:
    """Each row's references must name a row of the same tenant in the plan (kept id or NewId)."""
    owner = {plan.owner.id} if plan.owner else set()
    problems = []
    for t in plan.tenants:
        ids = {name: {row["id"] if isinstance(row.get("id"), int) else id(row["id"])
                      for row in t.rows.get(name, ()) if row.get("id") is not None} for name in MODELS}
        ids["users"] = {user.id for user in t.users} | owner
        for name in ROW_TABLES:
            for column, target in references(name).items():
                for row in t.rows.get(name, ()):
                    value = row.get(column)
                    if value is None:
                        continue
                    key = id(value) if isinstance(value, NewId) else value
                    if key not in ids[target]:
                        problems.append(Finding(name, _label(row.get("id")), column,
                                                f"refers to {target} {_label(value)}, not imported into {t.slug!r}"))
    return problems


def _kept_ids(plan: ImportPlan, ours: set[int]) -> list[Finding]:
    problems = []
    for name, model in MODELS.items():
        owners: dict[int, str] = {}
        for t in plan.tenants:
            for row in t.rows.get(name, ()):
                row_id = row.get("id")
                if isinstance(row_id, int):
                    if row_id < 1:
                        problems.append(Finding(name, row_id, "id", "an id is a positive number"))
                    elif row_id in owners:
                        where = (f"twice in {t.slug!r}" if owners[row_id] == t.slug
                                 else f"in both {owners[row_id]!r} and {t.slug!r}")
                        problems.append(Finding(name, row_id, "id", f"id {row_id} is {where}: ids are kept, "
                                                "and one id is one row"))
                    owners.setdefault(row_id, t.slug)
        for chunk in _chunks(owners):
            taken = db.session.execute(select(model.id, Tenant.slug).join(Tenant, Tenant.id == model.tenant_id)
                                       .where(model.id.in_(chunk), model.tenant_id.not_in(ours)))
            for row_id, slug in taken:
                problems.append(Finding(name, row_id, "id", f"id {row_id} is already used by tenant {slug!r} here "
                                        f"(ids are kept from WordPress and unique across tenants)"))
    return problems


def _users(plan: ImportPlan, ours: set[int]) -> list[Finding]:
    """Ids, logins and e-mails: once in the plan, and not held here by anyone outside the plan's tenants."""
    users = [user for t in plan.tenants for user in t.users]
    kept_owner = existing_owner(plan.owner)
    if plan.owner is not None and kept_owner is None:
        users.append(plan.owner)
    problems = []
    seen: dict[tuple[str, object], UserImport] = {}
    for user in users:
        for what, value in (("id", user.id), ("login", user.login), ("email", user.email.lower())):
            if seen.setdefault((what, value), user) is not user:
                problems.append(Finding("users", user.id, what, f"{what} {value!r} is two imported users' "
                                        "(a user belongs to one tenant)"))
    outside = or_(User.tenant_id.is_(None), User.tenant_id.not_in(ours))
    if kept_owner is not None:
        outside = outside & (User.id != kept_owner.id)
    for chunk in _chunks(users):
        by_id = {u.id: u for u in chunk}
        clash = db.session.execute(select(User.id, User.login, User.email).where(outside, or_(
            User.id.in_(by_id), User.login.in_([u.login for u in chunk]),
            func.lower(User.email).in_([u.email.lower() for u in chunk]))))
        for user_id, login, email in clash:
            for user in chunk:
                for what, mine, theirs in (("id", user.id, user_id), ("login", user.login, login),
                                           ("email", user.email.lower(), email.lower())):
                    if mine == theirs:
                        problems.append(Finding("users", user.id, what, f"{what} {mine!r} is already a user of "
                                                "another tenant or of the platform here"))
    problems += _uuids(users, ours, kept_owner)
    return problems


def _uuids(users: list[UserImport], ours: set[int], kept_owner: User | None) -> list[Finding]:
    problems = []
    uuids = defaultdict(list)
    for user in users:
        for record in user.application_passwords:
            uuids[record.uuid].append(user.id)
    problems += [Finding("usermeta", ids[0], "_application_passwords", f"application password uuid {uuid} twice")
                 for uuid, ids in uuids.items() if len(ids) > 1]
    mine = select(User.id).where(User.tenant_id.in_(ours))
    for chunk in _chunks(uuids):
        query = select(ApplicationPassword.uuid).where(ApplicationPassword.uuid.in_(chunk),
                                                       ApplicationPassword.user_id.not_in(mine))
        if kept_owner is not None:
            query = query.where(ApplicationPassword.user_id != kept_owner.id)
        for (uuid,) in db.session.execute(query):
            problems.append(Finding("usermeta", uuids[uuid][0], "_application_passwords",
                                    f"application password uuid {uuid} is already another user's here"))
    return problems


def _tokens(plan: ImportPlan, ours: set[int]) -> list[Finding]:
    digests: dict[str, TenantImport] = {}
    problems = []
    for t in plan.tenants:
        for token in t.teambooking_tokens:
            digest = secrets.hash_token(token.token)
            if digest in digests:
                problems.append(Finding("options", "team_booking", "tokens", f"a token ({token.token[:6]}...) is "
                                        f"in {digests[digest].slug!r} and {t.slug!r}"))
            digests.setdefault(digest, t)
    for chunk in _chunks(digests):
        taken = db.session.execute(select(TeamBookingToken.prefix).where(
            TeamBookingToken.token_hash.in_(chunk), TeamBookingToken.tenant_id.not_in(ours)))
        for (prefix,) in taken:
            problems.append(Finding("options", "team_booking", "tokens",
                                    f"the token {prefix}... is already another tenant's here"))
    return problems

