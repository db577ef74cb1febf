"""Tenant scoping, enforced by the data layer itself.

Every model that holds a tenant's data inherits :class:`TenantScoped`. Two session listeners make the
rule impossible to forget:

* ``do_orm_execute`` adds ``tenant_id = <current tenant>`` to every ORM SELECT, UPDATE and DELETE that
  touches a tenant-scoped entity (including joined and aliased ones), and **fails closed** with
  :class:`TenantNotSet` when no tenant is active;
* ``before_flush`` stamps new rows with the current tenant and refuses rows of another tenant.

The one escape hatch is :func:`all_tenants` (grep for it): platform-level code such as the site loader
and credential lookups that must search across tenants before a tenant is known.

Hot reads that want rows rather than objects (list pages, counts) go through :func:`select_rows`: the
same criteria, applied to a statement built once, executed on the session's connection without the
ORM's per-execution work.

The active tenant lives in ``Session.info`` so the same rules hold for web requests, the CLI and tests.
Which tenant a web request is for is decided elsewhere (:mod:`wpcompat.access.request_tenant`, the one caller of
:func:`activate`); the CLI and tests name theirs with :func:`tenant`.
"""
from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any, Iterator

from sqlalchemy import ColumnElement, CursorResult, Executable, ForeignKey, Table, bindparam, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.sql.util import find_tables

from .extensions import db

_TENANT_KEY = "wpcompat.tenant_id"
_ALL_TENANTS_KEY = "wpcompat.all_tenants"
_TENANT_PARAM = "wpcompat_tenant_id"
_KNOWN_KEY = "wpcompat.known_tenants"


class TenantNotSet(RuntimeError):
    """A tenant-scoped query ran with no tenant active: a bug, never a reason to show all rows."""


class TenantMismatch(RuntimeError):
    """A flush tried to write a row that belongs to a tenant other than the active one."""


class TenantScoped:
    """Mixin for rows that belong to exactly one tenant."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True, nullable=False)


def activate(tenant_id: int | None, session: Session | None = None, *, known: object | None = None) -> None:
    """Make ``tenant_id`` the tenant whose rows the session sees and writes (None: no tenant).

    ``known``: what the caller has already read of the tenant, kept for the session (:func:`remember`).
    """
    session = session or db.session
    session.info[_TENANT_KEY] = tenant_id
    if tenant_id is not None and known is not None:
        remember(tenant_id, known, session)


def active_tenant_id(session: Session | None = None) -> int | None:
    return (session or db.session).info.get(_TENANT_KEY)


def remember(tenant_id: int, known: object, session: Session | None = None) -> None:
    """Keep what was read of ``tenant_id`` (its settings) for the session, i.e. for one request."""
    (session or db.session).info.setdefault(_KNOWN_KEY, {})[tenant_id] = known


def remembered(tenant_id: int, session: Session | None = None) -> object | None:
    """What :func:`remember` kept of ``tenant_id`` in this session, or None."""
    return (session or db.session).info.get(_KNOWN_KEY, {}).get(tenant_id)


@contextmanager
def tenant(tenant_id: int, session: Session | None = None) -> Iterator[None]:
    """Run a block as ``tenant_id``, restoring the previous tenant afterwards."""
    session = session or db.session
    previous = session.info.get(_TENANT_KEY)
    session.info[_TENANT_KEY] = tenant_id
    try:
        yield
    finally:
        session.info[_TENANT_KEY] = previous


@contextmanager
def all_tenants(session: Session | None = None) -> Iterator[None]:
    """ESCAPE HATCH: lift the tenant guard for platform-level code (loaders, credential lookups)."""
    session = session or db.session
    previous = session.info.get(_ALL_TENANTS_KEY, False)
    session.info[_ALL_TENANTS_KEY] = True
    try:
        yield
    finally:
        session.info[_ALL_TENANTS_KEY] = previous


def _touches_scoped_entity(state: ORMExecuteState) -> bool:
    if any(issubclass(mapper.class_, TenantScoped) for mapper in state.all_mappers):
        return True
    # all_mappers misses entities named only in select_from()/join(): look at the tables too.
    scoped = _scoped_tables()
    return any(table in scoped for table in find_tables(state.statement, include_joins=True, include_aliases=True))


def select_rows(statement: Executable, params: Mapping[str, Any] | None = None,
                session: Session | None = None) -> CursorResult:
    """Execute a column SELECT as the active tenant, on the session's connection (its transaction): rows only.

    The tenant criteria are the guard's own option, added once per statement object and kept (with
    SQLAlchemy's compiled form) for the next call: build hot statements once, with bound parameters
    for what varies. It fails closed as the guard does (:class:`TenantNotSet` when the statement reads a
    tenant's rows and no tenant is active) and is lifted by :func:`all_tenants` alone. It covers what
    the guard covers: mapped entities, including joined, aliased and correlated ones.
    """
    session = session or db.session
    guarded, scoped = _guarded(statement)
    if not scoped or session.info.get(_ALL_TENANTS_KEY):
        return session.connection().execute(statement, params)
    tenant_id = session.info.get(_TENANT_KEY)
    if tenant_id is None:
        raise TenantNotSet("tenant-scoped query with no active tenant")
    return session.connection().execute(guarded, {**(params or {}), _TENANT_PARAM: tenant_id})


def guard_criterion(column) -> ColumnElement[bool]:
    """``column = <active tenant>`` as the guard's own bound parameter, which the guard supplies: for rows a
    statement joins eagerly (``joinedload(rel.and_(...))``), which the guard's loader criteria do not reach."""
    return column == bindparam(_TENANT_PARAM)


@lru_cache(maxsize=512)
def _guarded(statement: Executable) -> tuple[Executable, bool]:
    # Keyed by identity (the cache holds the statement, so the key cannot be reused by another one).
    tables = find_tables(statement, include_joins=True, include_aliases=True)
    scoped = _scoped_tables()
    if not any(table in scoped or getattr(table, "element", None) in scoped for table in tables):
        return statement, False
    return statement.options(_TENANT_CRITERIA), True


@cache
def _scoped_tables() -> frozenset[Table]:
    # Models are all imported by create_app before the first query, so this is computed once, complete.
    return frozenset(m.local_table for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped))


@event.listens_for(Session, "do_orm_execute")
def _add_tenant_criteria(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.session.info.get(_ALL_TENANTS_KEY) or state.execution_options.get("all_tenants"):
        return
    if state.is_column_load:
        # Refreshing attributes of an object already in the session, admitted by a scoped query.
        return
    tenant_id = state.session.info.get(_TENANT_KEY)
    if tenant_id is None:
        if _touches_scoped_entity(state):
            raise TenantNotSet("tenant-scoped query with no active tenant")
        return
    state.statement = state.statement.options(_TENANT_CRITERIA)
    params = state.parameters
    if isinstance(params, list):  # executemany (bulk UPDATE by primary key)
        state.parameters = [{**row, _TENANT_PARAM: tenant_id} for row in params]
    else:
        state.parameters = {**(params or {}), _TENANT_PARAM: tenant_id}


# One option for every tenant, the id a bound parameter: SQLAlchemy analyses the lambda once and caches
# the criteria with the compiled statement (a lambda closing over the id was re-run on every query,
# costing more than the queries it guards). Lazy loads are not handed the criteria: they are queries
# of their own, which this listener guards (and supplies the parameter for) like any other.
_TENANT_CRITERIA = with_loader_criteria(
    # A literal name: SQLAlchemy's lambda analysis would treat a global as a value to track.
    TenantScoped, lambda cls: cls.tenant_id == bindparam("wpcompat_tenant_id"), include_aliases=True,
    propagate_to_loaders=False)


@event.listens_for(Session, "before_flush")
def _stamp_and_check_tenant(session: Session, flush_context, instances) -> None:
    if session.info.get(_ALL_TENANTS_KEY):
        return
    tenant_id = session.info.get(_TENANT_KEY)
    # session.new builds a new set on every access: read it once (asking it per object was quadratic).
    new = session.new
    for obj in [*new, *session.dirty, *session.deleted]:
        if not isinstance(obj, TenantScoped):
            continue
        if tenant_id is None:
            raise TenantNotSet(f"writing {type(obj).__name__} with no active tenant")
        if obj.tenant_id is None and obj in new:
            obj.tenant_id = tenant_id
        elif obj.tenant_id != tenant_id:
            raise TenantMismatch(f"{type(obj).__name__} belongs to tenant {obj.tenant_id}, not {tenant_id}")
