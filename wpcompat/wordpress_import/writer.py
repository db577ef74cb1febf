"""Apply an :class:`~.plan.ImportPlan` to wpcompat's database, in the caller's transaction (it flushes,
the caller commits or rolls back).

Nothing is written while there is a problem: the readers' (``plan.findings``) and the database's
(:func:`.collisions.find_problems`: data in the way, ids or credentials of other tenants, references
outside the plan). Then, in this order: the site when the database has none; the plans (an existing
plan of the same slug and modules is reused); the SaaS owner; each tenant created, or emptied with
``replace``; per tenant its users (application-password hashes verbatim, so every WordPress
application password keeps working), its TeamBooking tokens (stored hashed, their usage counters as
rows) and its rows table by table (:data:`~.plan.ROW_TABLES`), as ORM objects so the models' listeners
fill the collation keys and the database's triggers count each staff member's appointments.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import cast, func, insert, select, text
from sqlalchemy.dialects.postgresql import REGCLASS

from ..extensions import db
from ..platform import accounts, secrets
from ..platform.models import ApplicationPassword, Plan, Site, TeamBookingToken, TeamBookingTokenUse, Tenant, User
from ..tenancy import tenant as tenant_scope
from .collisions import existing_owner, existing_tenants, find_problems
from .findings import Finding
from .plan import (ROW_TABLES, ImportPlan, NewId, PlanImport, SiteImport, TenantImport, TokenImport,
                   UserImport)
from .purge import purge_tenant
from .tables import LINKS, MODELS

#: Rows added between flushes: a flush's cost grows faster than its size (the tenant guard looks at every
#: new object against all the others), so a big table is written in batches.
BATCH = 500
#: ``on_table(tenant slug, table, rows)``: called after each table of a tenant is written (progress).
Progress = Callable[[str, str, int], None]


class ImportRefused(Exception):
    """The plan has problems; nothing was written."""

    def __init__(self, problems: list[Finding]) -> None:
        super().__init__(f"{len(problems)} problem(s): nothing was imported")
        self.problems = list(problems)


def check(plan: ImportPlan, replace: bool = False) -> None:
    """Add the database's problems with ``plan`` to ``plan.findings`` (a dry run's check); reads only."""
    plan.findings.problems.extend(find_problems(plan, replace))


def apply(plan: ImportPlan, replace: bool = False, on_table: Progress | None = None) -> dict[str, int]:
    """Write ``plan`` (see the module docstring); returns each tenant's id by slug.

    Raises :class:`ImportRefused` before the first write when the plan or the database has a problem.
    """
    check(plan, replace)
    if plan.findings.problems:
        raise ImportRefused(plan.findings.problems)
    _site(plan)
    plans: dict[tuple[str, tuple[str, ...]], Plan] = {}
    if plan.owner is not None and existing_owner(plan.owner) is None:
        _add_user(plan.owner, tenant_id=None)
    found = existing_tenants(plan)
    tenants = {t.slug: _tenant(t, found.get(t.slug), _plan(t.plan, plans), replace) for t in plan.tenants}
    _reserve_kept_ids(plan)
    for t in plan.tenants:
        tenant = tenants[t.slug]
        for user in t.users:
            _add_user(user, tenant.id)
        db.session.flush()
        with tenant_scope(tenant.id):
            _add_tokens(t.teambooking_tokens)
            _RowWriter(t.slug, on_table).write(t.rows)
    db.session.flush()
    return {slug: tenant.id for slug, tenant in tenants.items()}


def _site(plan: ImportPlan) -> None:
    site: SiteImport = plan.site
    if db.session.execute(select(Site.id).limit(1)).first() is not None:
        plan.findings.note("options", "home", None, "this wpcompat database has its site already: kept as it is")
        return
    db.session.add(Site(name=site.name, url=site.url, timezone=site.timezone, description=""))
    db.session.flush()


def _plan(wanted: PlanImport, made: dict[tuple[str, tuple[str, ...]], Plan]) -> Plan:
    """An existing plan of the slug and modules, else a new one (slug ``<slug>-2``... if the slug is taken)."""
    key = (wanted.slug, tuple(sorted(wanted.modules)))
    if key not in made:
        slug, n = wanted.slug, 1
        while (found := accounts.find_plan(slug)) is not None and sorted(found.modules) != list(key[1]):
            n += 1
            slug = f"{wanted.slug}-{n}"
        made[key] = found or accounts.create_plan(slug, wanted.name, wanted.modules)
    return made[key]


def _tenant(wanted: TenantImport, existing: Tenant | None, plan: Plan, replace: bool) -> Tenant:
    if existing is None:
        return accounts.create_tenant(wanted.slug, wanted.name, plan, wanted.timezone, wanted.currency)
    if replace:
        purge_tenant(existing.id)
    # An existing tenant (emptied, or empty) takes the WordPress site's settings as a new one would.
    existing.name, existing.plan, existing.timezone, existing.currency = (
        wanted.name, plan, wanted.timezone, wanted.currency)
    db.session.flush()
    return existing


def _add_user(user: UserImport, tenant_id: int | None) -> None:
    db.session.add(User(
        id=user.id, login=user.login, email=user.email, display_name=user.display_name, role=user.role.value,
        tenant_id=tenant_id, capabilities=user.capabilities, registered_at=user.registered_at,
        # The hash as WordPress stored it ($generic$ or $P$): never rehashed, so the password still works.
        application_passwords=[ApplicationPassword(
            uuid=record.uuid, app_id=record.app_id, name=record.name, password_hash=record.password_hash,
            created=record.created, last_used=record.last_used, last_ip=record.last_ip)
            for record in user.application_passwords]))


def _add_tokens(tokens: list[TokenImport]) -> None:
    for token in tokens:
        record = TeamBookingToken(token_hash=secrets.hash_token(token.token), prefix=token.token[:6],
                                  write=token.write)
        db.session.add(record)
        db.session.flush()
        if token.usages:
            db.session.execute(insert(TeamBookingTokenUse.__table__), [
                {"token_id": record.id, "operation": operation, "calls": calls}
                for operation, calls in token.usages.items()])


def _kept_ids(plan: ImportPlan) -> dict[str, int]:
    """The largest kept id of each table the plan writes ids into."""
    top: dict[str, int] = {}
    users = [u for t in plan.tenants for u in t.users] + ([plan.owner] if plan.owner else [])
    if users:
        top[User.__tablename__] = max(u.id for u in users)
    for name in MODELS:
        ids = [row["id"] for t in plan.tenants for row in t.rows.get(name, ()) if isinstance(row.get("id"), int)]
        if ids:
            top[MODELS[name].__tablename__] = max(ids)
    return top


def _reserve_kept_ids(plan: ImportPlan) -> None:
    """Move each table's id counter past the plan's kept ids before any row is written: a row that gets
    its id from the database (a NewId) never takes a kept id a later row needs, nor does any later row."""
    dialect = db.session.get_bind().dialect.name
    for table, top in _kept_ids(plan).items():
        _RESERVE[dialect](table, top)


def _reserve_postgresql(table: str, top: int) -> None:
    # A sequence never goes back: the larger of where it is and the largest kept id.
    sequence = func.pg_get_serial_sequence(table, "id")
    db.session.execute(select(func.setval(sequence, func.greatest(
        func.coalesce(func.pg_sequence_last_value(cast(sequence, REGCLASS)), 0), top))))


def _reserve_sqlite(table: str, top: int) -> None:
    # AUTOINCREMENT tables issue max(largest id, sqlite_sequence.seq) + 1; the row exists after a first insert.
    db.session.execute(text("INSERT INTO sqlite_sequence (name, seq) SELECT :name, 0 WHERE NOT EXISTS "
                            "(SELECT 1 FROM sqlite_sequence WHERE name = :name)"), {"name": table})
    db.session.execute(text("UPDATE sqlite_sequence SET seq = MAX(seq, :top) WHERE name = :name"),
                       {"name": table, "top": top})


_RESERVE = {"postgresql": _reserve_postgresql, "sqlite": _reserve_sqlite}


class _RowWriter:
    """One tenant's rows, table by table; a NewId becomes the id the database gave its row."""

    def __init__(self, slug: str, on_table: Progress | None) -> None:
        self.slug, self.on_table = slug, on_table
        self.given: dict[int, int] = {}  # id(NewId) -> database id
        self.pending: list[tuple[NewId, object]] = []

    def write(self, rows: dict[str, list[dict]]) -> None:
        for name in ROW_TABLES:
            items = rows.get(name) or []
            if name in LINKS:
                if items:
                    db.session.execute(insert(LINKS[name]), [self._values(row) for row in items])
            else:
                for n, row in enumerate(_parents_first(items) if name == "service_categories" else items, 1):
                    self._add(MODELS[name], row)
                    if n % BATCH == 0:
                        self._flush()
                self._flush()
            if self.on_table is not None:
                self.on_table(self.slug, name, len(items))

    def _add(self, model: type, row: dict) -> None:
        values = self._values({k: v for k, v in row.items() if k not in ("id", "teambooking_token")})
        obj = model(**values)
        if isinstance(row.get("id"), int):
            obj.id = row["id"]
        elif isinstance(row.get("id"), NewId):
            self.pending.append((row["id"], obj))
        if row.get("teambooking_token"):
            _keep_reservation_token(obj, row["teambooking_token"])
        db.session.add(obj)

    def _values(self, row: dict) -> dict:
        return {key: self._resolved(value) for key, value in row.items()}

    def _resolved(self, value: object) -> object:
        if not isinstance(value, NewId):
            return value
        if id(value) not in self.given:
            self._flush()  # its row was added earlier (the plan's order), not yet written
        return self.given[id(value)]

    def _flush(self) -> None:
        db.session.flush()
        self.given.update({id(new): obj.id for new, obj in self.pending})
        self.pending.clear()


def _parents_first(rows: list[dict]) -> list[dict]:
    """Categories ordered so that a parent is written before its children (the foreign key is checked
    per statement); a cycle, which WordPress cannot show either, keeps the plan's order."""
    ids = {_key(row.get("id")) for row in rows}
    done: set = set()
    ordered: list[dict] = []
    waiting = list(rows)
    while waiting:
        ready = [row for row in waiting if row.get("parent_id") is None or _key(row["parent_id"]) in done
                 or _key(row["parent_id"]) not in ids]
        if not ready:
            ready = waiting
        ordered += ready
        done |= {_key(row.get("id")) for row in ready}
        written = {id(row) for row in ready}
        waiting = [row for row in waiting if id(row) not in written]
    return ordered


def _key(value: object) -> object:
    return ("new", id(value)) if isinstance(value, NewId) else value


def _keep_reservation_token(appointment: object, token: str) -> None:
    """The TeamBooking reservation's own token, stored sealed: links sent by WordPress keep working."""
    raise NotImplementedError("sealed reservation tokens arrive with wpcompat.platform.sealed")
