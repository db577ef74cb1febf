"""The change capture: every transaction's changes become audit rows and outbox events, in that transaction.

The domain writes through the ORM session, whoever calls it (Booknetic, TeamBooking, the management API, the
CLI), so the capture watches the session, as the tenant guard does, and no adapter writes an audit row or an
event itself. Three listeners:

* ``after_flush`` notes, per tracked entity (:data:`TRACKED`), what the flush created, changed (each field's
  value before the transaction: the first old value wins) or deleted (its last state), in a per-transaction
  journal in ``Session.info``. Appointment extras and price lines are part of their appointment (its
  ``extras`` and ``prices``); status-change rows are history, not entities.
* ``before_commit`` flushes what is pending, then turns the journal into one :class:`~.models.AuditRecord` per
  changed entity and the webhook events (:mod:`wpcompat.webhooks.outbox`; one endpoint query per tenant that
  has an event to emit), added to the session: the commit's own flush writes them, or nothing at all.
* rollbacks and the end of a commit drop the journal (a savepoint's rollback drops what it had noted).

Per entity and transaction the changes coalesce: created then changed is one creation (its final state);
changed twice is one update (first old value, last new one); created then deleted is nothing; a field set to
the value it had is no change. A transaction that changed nothing tracked costs no query at all.

Never recorded: derived columns (``sort_*``, ``search_*``, ``busy_*``), bookkeeping (an application
password's ``last_used``/``last_ip``) and secrets (hashes, sealed values, ``token_seed``): a changed secret
appears as ``"<column>": [null, null]`` in an update, and not at all in a creation or deletion.

Bulk loaders (the site file, the WordPress import) run inside :func:`suppressed`: one ``loaded``/``imported``
audit row per tenant instead of a row per imported row, and events only when asked (``emit_created``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, Iterable, Iterator

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import InstanceState, Session, selectinload
from sqlalchemy.orm.base import NO_VALUE

from ..booking.models import (Appointment, AppointmentExtra, AppointmentPrice, BusinessHours, Customer, Location,
                              Service, ServiceCategory, ServiceExtra, Staff)
from ..booking.payments import tenant_currency
from ..platform.identity import tenant_info
from ..platform.models import ApplicationPassword, Tenant, TeamBookingToken, User, utcnow
from ..tenancy import TenantScoped, all_tenants, select_rows
from ..tenancy import tenant as tenant_scope
from ..webhooks import outbox
from ..webhooks.models import WebhookEndpoint
from . import representations as rep
from .actor import current_actor
from .models import AuditRecord

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
#: Actions of the one summary row a bulk load writes per tenant (entity ``tenant``).
LOADED, IMPORTED = "loaded", "imported"

_JOURNAL = "wpcompat.changes.journal"
_SAVEPOINTS = "wpcompat.changes.savepoints"
_SUPPRESSED = "wpcompat.changes.suppressed"

_SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "token_seed"})
_DERIVED_PREFIXES = ("sort_", "search_", "busy_", "sealed_")


@dataclass(frozen=True)
class Tracked:
    """How one model is recorded: its entity name, the columns recorded, and id-list relationships."""

    entity_type: str
    ignored: frozenset[str] = frozenset()  # bookkeeping columns: never recorded, their change is no change
    collections: tuple[str, ...] = ()  # many-to-many relationships recorded as sorted id lists


TRACKED: dict[type, Tracked] = {
    Appointment: Tracked("appointment"),
    Customer: Tracked("customer"),
    Service: Tracked("service"),
    ServiceCategory: Tracked("service_category"),
    ServiceExtra: Tracked("service_extra"),
    Staff: Tracked("staff", collections=("services", "locations")),
    BusinessHours: Tracked("business_hours"),
    Location: Tracked("location"),
    TeamBookingToken: Tracked("teambooking_token"),
    ApplicationPassword: Tracked("application_password", ignored=frozenset({"last_used", "last_ip"})),
    User: Tracked("user"),
    # The delivery worker's bookkeeping is no change; a disabling (enabled, disabled_*) is.
    WebhookEndpoint: Tracked("webhook_endpoint", ignored=frozenset({"failing_since", "updated_at"})),
}
#: Rows that are part of an appointment: their changes are the appointment's ``extras`` / ``prices``.
_ROLLUPS = {AppointmentExtra: "extras", AppointmentPrice: "prices"}


@cache
def _columns(model: type) -> tuple[tuple[str, ...], frozenset[str]]:
    """``(recorded column attributes, secret ones)`` of a tracked model."""
    spec = TRACKED[model]
    recorded, secret = [], set()
    for prop in inspect(model).column_attrs:
        key = prop.key
        if key == "id" or (key == "tenant_id" and issubclass(model, TenantScoped)) or key in spec.ignored:
            continue
        if key in _SECRET_COLUMNS or key.startswith("sealed_"):
            secret.add(key)
        elif not key.startswith(_DERIVED_PREFIXES):
            recorded.append(key)
    return tuple(recorded), frozenset(secret)


@cache
def _money_columns(model: type) -> frozenset[str]:
    return frozenset(prop.key for prop in inspect(model).column_attrs
                     if getattr(prop.columns[0].type, "scale", None) == 2)


@dataclass
class _Entry:
    """One entity's changes in the transaction so far."""

    model: type
    entity_id: int
    tenant_id: int | None
    action: str
    obj: object | None  # the live row (None once deleted)
    old: dict[str, Any] = field(default_factory=dict)  # field -> its value before the transaction
    secrets_changed: set[str] = field(default_factory=set)
    last: dict[str, Any] | None = None  # a deleted row's last values


@dataclass
class _Suppression:
    """A bulk load in progress: counts of created rows per tenant, and (when asked) what to announce."""

    action: str
    emit_created: bool
    created: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    announced: dict[int, list[tuple[type, int]]] = field(default_factory=lambda: defaultdict(list))


# --- the listeners -------------------------------------------------------------------------------------------


@event.listens_for(Session, "before_flush")
def _load_deleted_rows(session: Session, flush_context, instances) -> None:
    # A deleted row's values are read after its DELETE ran: load any expired ones while the row exists.
    if session.info.get(_SUPPRESSED) is not None:
        return
    for obj in session.deleted:
        if type(obj) in TRACKED:
            state = inspect(obj)
            if state.expired_attributes:
                session.refresh(obj)
            if type(obj) is Appointment:
                obj.extras, obj.prices  # noqa: B018  (loaded: the deletion's snapshot reads them)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context) -> None:
    suppression = session.info.get(_SUPPRESSED)
    if suppression is not None:
        _note_bulk(session, flush_context, suppression)
        return
    journal = None
    children: list[tuple[InstanceState, bool]] = []
    for state, (isdelete, listonly) in flush_context.states.items():
        if listonly:
            continue
        model = state.class_
        if model in _ROLLUPS:
            children.append((state, isdelete))
            continue
        if model not in TRACKED:
            continue
        if journal is None:
            journal = session.info.setdefault(_JOURNAL, {})
        _note_entity(session, journal, state, isdelete)
    for state, isdelete in children:
        if journal is None:
            journal = session.info.setdefault(_JOURNAL, {})
        _note_rollup(session, journal, flush_context, state)


@event.listens_for(Session, "before_commit")
def _write_changes(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction's commit writes everything
    session.flush()
    suppression = session.info.get(_SUPPRESSED)
    if suppression is not None:
        _write_bulk(session, suppression)
        return
    journal = session.info.pop(_JOURNAL, None)
    if journal:
        with all_tenants(session):  # the rows are the journal's own (a lazy load must not need a tenant)
            _write(session, journal)


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    session.info.pop(_JOURNAL, None)
    session.info.pop(_SAVEPOINTS, None)


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction) -> None:
    if transaction.nested:
        journal = session.info.get(_JOURNAL, {})
        session.info.setdefault(_SAVEPOINTS, {})[id(transaction)] = {
            key: _copy(entry) for key, entry in journal.items()}


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.nested:
        saved = session.info.get(_SAVEPOINTS, {}).pop(id(previous_transaction), None)
        if saved is not None:
            session.info[_JOURNAL] = saved
        return
    if previous_transaction.parent is None:
        session.info.pop(_JOURNAL, None)
        session.info.pop(_SAVEPOINTS, None)
        suppression = session.info.get(_SUPPRESSED)
        if suppression is not None:
            suppression.created.clear()
            suppression.announced.clear()


def _copy(entry: _Entry) -> _Entry:
    return _Entry(entry.model, entry.entity_id, entry.tenant_id, entry.action, entry.obj, dict(entry.old),
                  set(entry.secrets_changed), dict(entry.last) if entry.last is not None else None)


# --- noting a flush ------------------------------------------------------------------------------------------


def _note_entity(session: Session, journal: dict, state: InstanceState, isdelete: bool) -> None:
    model, obj = state.class_, state.obj()
    key = (model, state.dict.get("id"))
    entry = journal.get(key)
    if isdelete:
        if entry is not None and entry.action == CREATED:
            del journal[key]  # created and deleted in one transaction: nothing happened
            return
        last = _current_values(obj, model, state)
        if entry is None:
            entry = journal[key] = _Entry(model, key[1], _tenant_of(session, obj, state), DELETED, None)
        else:
            entry.action, entry.obj = DELETED, None
        entry.old = {**_old_values(state, model), **entry.old}
        entry.last = last
        return
    if state.key is None:  # new in this flush (its identity is set after after_flush)
        journal[key] = _Entry(model, key[1], _tenant_of(session, obj, state), CREATED, obj)
        return
    if entry is None:
        entry = journal[key] = _Entry(model, key[1], _tenant_of(session, obj, state), UPDATED, obj)
    if entry.action == CREATED:
        return
    for name, value in _old_values(state, model).items():
        entry.old.setdefault(name, value)
    _, secret = _columns(model)
    entry.secrets_changed.update(name for name in state.committed_state if name in secret)


def _note_rollup(session: Session, journal: dict, flush_context, state: InstanceState) -> None:
    """An extra or price line changed: its appointment's ``extras`` / ``prices`` changed."""
    appointment = _parent_appointment(session, state)
    if appointment is None:
        return
    parent = inspect(appointment)
    key = (Appointment, appointment.id)
    entry = journal.get(key)
    if entry is not None and entry.action in (CREATED, DELETED):
        return
    if entry is None:
        if parent.key is None or parent.deleted or flush_context.states.get(parent, (False,))[0]:
            return
        entry = journal[key] = _Entry(Appointment, appointment.id, appointment.tenant_id, UPDATED, appointment)
    collection = _ROLLUPS[state.class_]
    if collection not in entry.old:
        entry.old[collection] = _old_lines(parent, collection, flush_context)


def _parent_appointment(session: Session, state: InstanceState) -> Appointment | None:
    parent = state.dict.get("appointment")
    if parent is None:
        parent = state.committed_state.get("appointment")  # removed from its collection
    if isinstance(parent, Appointment):
        return parent
    appointment_id = state.dict.get("appointment_id") or state.committed_state.get("appointment_id")
    if not isinstance(appointment_id, int):
        return None
    return session.identity_map.get(inspect(Appointment).identity_key_from_primary_key([appointment_id]))


def _old_values(state: InstanceState, model: type) -> dict[str, Any]:
    """The values before this flush of the recorded fields it changed."""
    recorded, _ = _columns(model)
    changed = state.committed_state
    old: dict[str, Any] = {}
    for name in recorded:
        if name in changed:
            previous = changed[name]
            old[name] = None if previous is NO_VALUE else previous
    for name in TRACKED[model].collections:
        if name in changed:
            history = state.attrs[name].history
            old[name] = sorted(row.id for row in (*history.unchanged, *history.deleted))
    if model is Appointment:
        for name in ("extras", "prices"):
            if name in changed:
                old[name] = _old_lines(state, name, None)
    return old


def _old_lines(parent: InstanceState, collection: str, flush_context) -> tuple:
    """An appointment's extras or price lines as they were before this flush."""
    history = parent.attrs[collection].history
    if history.unchanged or history.deleted or history.added:
        rows = [*history.unchanged, *history.deleted]
    else:  # the collection was not loaded: rows changed on their own
        rows = [row for row in getattr(parent.obj(), collection) if inspect(row).key is not None]
        if flush_context is not None:
            rows += [s.obj() for s, (isdelete, _) in flush_context.states.items()
                     if isdelete and s.class_ is AppointmentExtra and collection == "extras"
                     and s.dict.get("appointment_id") == parent.dict.get("id")]
    rows.sort(key=lambda row: row.id or 0)
    return tuple(_line(row, before=True) for row in rows)


def _line(row: AppointmentExtra | AppointmentPrice, *, before: bool) -> tuple:
    state = inspect(row)

    def value(name: str) -> Any:
        if before and name in state.committed_state and state.committed_state[name] is not NO_VALUE:
            return state.committed_state[name]
        return getattr(row, name)

    if isinstance(row, AppointmentExtra):
        return value("extra_id"), value("quantity")
    return value("unique_key"), value("price") * value("negative_or_positive")


def _current_values(obj: object, model: type, state: InstanceState | None = None,
                    names: Iterable[str] | None = None) -> dict[str, Any]:
    """The recorded fields of ``obj`` (all, or ``names``) as they are now (a deleted row: as it was), raw."""
    recorded, _ = _columns(model)
    collections = TRACKED[model].collections
    values = {}
    for name in (names if names is not None else (*recorded, *collections, *_appointment_lines(model))):
        if name in collections:
            values[name] = sorted(row.id for row in getattr(obj, name))
        elif name in ("extras", "prices") and model is Appointment:
            values[name] = tuple(_line(row, before=False) for row in getattr(obj, name))
        else:
            values[name] = getattr(obj, name)
    return values


def _appointment_lines(model: type) -> tuple[str, ...]:
    return ("extras", "prices") if model is Appointment else ()


def _tenant_of(session: Session, obj: object, state: InstanceState) -> int | None:
    if isinstance(obj, TenantScoped):
        return obj.tenant_id
    if isinstance(obj, User):
        return obj.tenant_id
    if isinstance(obj, ApplicationPassword):
        user = state.dict.get("user") or state.committed_state.get("user")
        if not isinstance(user, User):
            user_id = state.dict.get("user_id") or state.committed_state.get("user_id")
            user = session.get(User, user_id) if user_id is not None else None
        return user.tenant_id if user is not None else None
    return None


# --- writing at commit ---------------------------------------------------------------------------------------


@dataclass
class _Change:
    """A journal entry made final: what the audit row says and what the events are built from."""

    entry: _Entry
    before: dict[str, Any]  # raw values before (changed fields; every field of a deletion)
    after: dict[str, Any]  # raw values after (changed fields; every field of a creation)


def _write(session: Session, journal: dict) -> None:
    actor = current_actor()
    now = utcnow()
    announced: dict[int, list[_Change]] = defaultdict(list)
    for entry in journal.values():
        change = _finish(entry)
        if change is None:
            continue
        session.add(_audit_row(change, actor, now))
        if entry.tenant_id is not None and entry.model in (Appointment, Customer):
            announced[entry.tenant_id].append(change)
    for tenant_id, changes in announced.items():
        endpoints = _subscriptions(session, tenant_id)  # the one query per tenant
        if endpoints:  # else no object is built (an appointment's would read its extras and prices)
            events = [event for change in changes for event in _events(change, actor.surface, now)]
            _emit(session, tenant_id, events, endpoints)


@dataclass(frozen=True, slots=True)
class _Subscription:
    """What :func:`outbox.emit` reads of an endpoint (its id and event types), read as a plain row."""

    id: int
    events: list[str]
    enabled: bool = True


_SUBSCRIPTIONS = (select(WebhookEndpoint.id, WebhookEndpoint.events)
                  .where(WebhookEndpoint.tenant_id == bindparam("tenant_id"), WebhookEndpoint.enabled.is_(True))
                  .order_by(WebhookEndpoint.id))


def _subscriptions(session: Session, tenant_id: int) -> list[_Subscription]:
    # A prebuilt column query (tenancy.select_rows) rather than outbox.tenant_endpoints' ORM load: it runs on
    # every commit that changes an appointment or a customer, most often to find no endpoint (~4x cheaper).
    with all_tenants(session):
        rows = select_rows(_SUBSCRIPTIONS, {"tenant_id": tenant_id}, session).all()
    return [_Subscription(endpoint_id, list(events or ())) for endpoint_id, events in rows]


def _emit(session: Session, tenant_id: int, events: list[outbox.Event],
          endpoints: list | None = None) -> None:
    # Flushed here, as the tenant: the commit may run with another tenant active, or none (the CLI, the import),
    # and the tenant guard refuses to write a tenant's rows then.
    with tenant_scope(tenant_id, session):
        if outbox.emit(session, tenant_id, events, endpoints):
            session.flush()


def _finish(entry: _Entry) -> _Change | None:
    if entry.action == CREATED:
        after = _current_values(entry.obj, entry.model)
        return _Change(entry, {}, after)
    if entry.action == DELETED:
        return _Change(entry, {**entry.last, **entry.old}, {})
    current = _current_values(entry.obj, entry.model, names=entry.old)  # only these: no needless lazy load
    before = {name: old for name, old in entry.old.items() if _differs(old, current[name])}
    if not before and not entry.secrets_changed:
        return None
    return _Change(entry, before, {name: current[name] for name in before})


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(old) != Decimal(new)
        except (TypeError, ValueError, ArithmeticError):
            return True
    return old != new


def _audit_row(change: _Change, actor, now: datetime) -> AuditRecord:
    entry = change.entry
    currency = tenant_currency(entry.tenant_id) if entry.tenant_id is not None else "USD"
    money = _money_columns(entry.model)
    names = change.after.keys() if entry.action == CREATED else change.before.keys()
    changes = {name: [_plain(name, change.before.get(name), money, currency),
                      _plain(name, change.after.get(name), money, currency)] for name in names}
    for name in sorted(entry.secrets_changed if entry.action == UPDATED else ()):
        changes[name] = [None, None]
    return AuditRecord(occurred_at=now, tenant_id=entry.tenant_id, surface=actor.surface,
                       credential_kind=actor.credential_kind, credential_id=actor.credential_id,
                       user_id=actor.user_id, action=entry.action, entity_type=TRACKED[entry.model].entity_type,
                       entity_id=entry.entity_id, changes=changes, request_id=actor.request_id,
                       client_ip=actor.client_ip)


def _plain(name: str, value: Any, money: frozenset[str], currency: str) -> Any:
    """A raw value as JSON: money with the tenant's decimals, times RFC 3339, extras and prices as objects."""
    if value is None:
        return None
    if name in money:
        return rep.money(value, currency)
    if name == "extras" and isinstance(value, tuple):
        return rep.extras_list(value)
    if name == "prices" and isinstance(value, tuple):
        return rep.prices_list(value, currency)
    if isinstance(value, datetime):
        return outbox.rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _events(change: _Change, source: str, now: datetime) -> list[outbox.Event]:
    entry = change.entry
    tenant = tenant_info(entry.tenant_id)
    slug = tenant.slug if tenant is not None else None

    def event_of(kind: str, name: str, obj: dict, previous: dict | None = None) -> outbox.Event:
        data = {"tenant": slug, "source": source, name: obj}
        if previous is not None:
            data["previous"] = previous
        return outbox.Event(kind, now, data)

    if entry.model is Customer:
        values = {**change.before, **change.after} if entry.action != UPDATED else _current_values(
            entry.obj, Customer)
        obj = rep.customer_object({"id": entry.entity_id, **values})
        if entry.action != UPDATED:
            return [event_of(f"customer.{entry.action}", "customer", obj)]
        before = rep.customer_object({"id": entry.entity_id, **{**values, **change.before}})
        previous = {name: before[name] for name in rep.CUSTOMER_FIELDS if before[name] != obj[name]}
        return [event_of("customer.updated", "customer", obj, previous)] if previous else []

    currency = tenant_currency(entry.tenant_id)
    if entry.action == CREATED:
        return [event_of("appointment.created", "appointment",
                         rep.appointment_object(_state(entry.entity_id, change.after), currency))]
    if entry.action == DELETED:
        return [event_of("appointment.deleted", "appointment",
                         rep.appointment_object(_state(entry.entity_id, change.before), currency))]
    now_values = _current_values(entry.obj, Appointment)
    after = _state(entry.entity_id, now_values)
    before = _state(entry.entity_id, {**now_values, **change.before})
    obj = rep.appointment_object(after, currency)
    old = rep.appointment_object(before, currency)
    events = []
    moved = {name: old[name] for name in rep.MOVED_FIELDS if old[name] != obj[name]}
    if moved:
        events.append(event_of("appointment.updated", "appointment", obj, moved))
    if old["status"] != obj["status"]:
        events.append(event_of("appointment.status_changed", "appointment", obj, {"status": old["status"]}))
    payment, old_payment = rep.payment_object(after, currency), rep.payment_object(before, currency)
    paid = {name: old_payment[name] for name in rep.PAYMENT_FIELDS if old_payment[name] != payment[name]}
    if paid:
        events.append(event_of("payment.updated", "payment", payment, paid))
    return events


def _state(appointment_id: int, values: dict[str, Any]) -> rep.AppointmentState:
    return rep.AppointmentState(
        id=appointment_id, service_id=values["service_id"], staff_id=values["staff_id"],
        customer_id=values["customer_id"], location_id=values["location_id"], starts_at=values["starts_at"],
        ends_at=values["ends_at"], status=values["status"], payment_status=values["payment_status"],
        weight=values["weight"], paid_amount=values["paid_amount"], created_at=values["created_at"],
        extras=tuple(values["extras"]), prices=tuple(values["prices"]))


# --- bulk loads ----------------------------------------------------------------------------------------------


@contextmanager
def suppressed(action: str, *, emit_created: bool = False, session: Session | None = None) -> Iterator[None]:
    """Inside the block, a bulk load: no audit row or event per row, but at commit one audit row per tenant
    (``action``: :data:`LOADED` or :data:`IMPORTED`, entity ``tenant``, ``changes`` = rows created per entity
    type as ``[null, count]``), and with ``emit_created`` the ``customer.created`` and ``appointment.created``
    events of the rows created, for tenants with subscribed endpoints. Wrap the loader's commit too."""
    from ..extensions import db  # noqa: PLC0415  (the app's session unless one is named)

    session = session or db.session()
    previous = session.info.get(_SUPPRESSED)
    session.info[_SUPPRESSED] = _Suppression(action, emit_created)
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(_SUPPRESSED, None)
        else:
            session.info[_SUPPRESSED] = previous


def _note_bulk(session: Session, flush_context, suppression: _Suppression) -> None:
    for state, (isdelete, listonly) in flush_context.states.items():
        if listonly or isdelete or state.key is not None:
            continue
        model, obj = state.class_, state.obj()
        if model is Tenant:
            suppression.created[obj.id]  # noqa: B018  (a tenant with no rows yet still gets its row)
            continue
        if model not in TRACKED:
            continue
        tenant_id = _tenant_of(session, obj, state)
        if tenant_id is None:
            continue
        suppression.created[tenant_id][TRACKED[model].entity_type] += 1
        if suppression.emit_created and model in (Customer, Appointment):
            suppression.announced[tenant_id].append((model, obj.id))


def _write_bulk(session: Session, suppression: _Suppression) -> None:
    actor = current_actor()
    now = utcnow()
    for tenant_id, counts in suppression.created.items():
        session.add(AuditRecord(
            occurred_at=now, tenant_id=tenant_id, surface=actor.surface, credential_kind=actor.credential_kind,
            credential_id=actor.credential_id, user_id=actor.user_id, action=suppression.action,
            entity_type="tenant", entity_id=tenant_id,
            changes={name: [None, counts[name]] for name in sorted(counts)}, request_id=actor.request_id,
            client_ip=actor.client_ip))
    for tenant_id, rows in suppression.announced.items():
        endpoints = _subscriptions(session, tenant_id)
        if endpoints:
            _emit(session, tenant_id, _created_events(session, tenant_id, rows, actor.surface, now), endpoints)
    suppression.created.clear()
    suppression.announced.clear()


def _created_events(session: Session, tenant_id: int, rows: list[tuple[type, int]], source: str,
                    now: datetime) -> list[outbox.Event]:
    """``customer.created`` and ``appointment.created`` of imported rows, read back in two queries."""
    slug = tenant_info(tenant_id).slug
    currency = tenant_currency(tenant_id)
    customer_ids = sorted(row_id for model, row_id in rows if model is Customer)
    appointment_ids = sorted(row_id for model, row_id in rows if model is Appointment)
    events = []
    with all_tenants(session):
        for chunk in _chunks(customer_ids):
            for customer in session.scalars(select(Customer).where(Customer.id.in_(chunk)).order_by(Customer.id)):
                events.append(outbox.Event("customer.created", now, {
                    "tenant": slug, "source": source,
                    "customer": rep.customer_object({"id": customer.id, **_current_values(customer, Customer)})}))
        for chunk in _chunks(appointment_ids):
            query = (select(Appointment).where(Appointment.id.in_(chunk)).order_by(Appointment.id)
                     .options(selectinload(Appointment.extras), selectinload(Appointment.prices)))
            for appointment in session.scalars(query):
                state = _state(appointment.id, _current_values(appointment, Appointment))
                events.append(outbox.Event("appointment.created", now, {
                    "tenant": slug, "source": source, "appointment": rep.appointment_object(state, currency)}))
    return events


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
