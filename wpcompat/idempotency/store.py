"""Claiming a key for a request, keeping its answer, finding the answer again: :class:`IdempotentRequest` rows.

The claim is the first write of the request's transaction: the row is inserted (placeholder answer) and
flushed before the operation runs. A second request with the same key then waits on that row (PostgreSQL:
on the primary key, until the first transaction ends; SQLite: on the database's write lock) and gets an
IntegrityError once the first commits: it rolls back and reads the first one's answer. The answer is written
into the row in the same transaction as the operation's own writes, so a committed row always holds one.

The operation runs inside a SAVEPOINT: a refusal undoes its writes but keeps the claim, so the refusal is
stored with no window in which a twin could run. Bodies are sealed (:mod:`wpcompat.platform.sealed`): an
answer may show a secret only once (a new application password, a webhook's signing secret).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import SessionTransaction

from ..extensions import db
from ..platform import sealed
from ..platform.models import utcnow
from .keys import stored_headers
from .models import IdempotentRequest

_CLAIM_ATTEMPTS = 3
_UNFINISHED = 0  # the placeholder status of a claimed row; never committed


class KeyReused(Exception):
    """The key was used before, by this credential, for another request (method, path, query or body)."""


class KeyInUse(Exception):
    """The key's row could not be claimed nor its answer read (it keeps appearing and vanishing)."""


@dataclass(frozen=True)
class StoredAnswer:
    """The answer the key's first request got."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


class Claim:
    """This request holds the key: the operation runs inside :attr:`savepoint`; :meth:`record` stores the answer."""

    def __init__(self, row: IdempotentRequest, savepoint: SessionTransaction) -> None:
        self.row = row
        self.savepoint = savepoint

    def undo_work(self) -> None:
        """Roll back what the operation wrote, keeping the claim (its refusal is then stored)."""
        if self.savepoint.is_active:
            self.savepoint.rollback()

    def keep_work(self) -> None:
        if self.savepoint.is_active:
            self.savepoint.commit()  # RELEASE SAVEPOINT: the writes join the request's transaction

    def record(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        """Write the answer into the claimed row; the caller's commit makes it (and the writes) visible."""
        self.keep_work()
        self.row.status = status
        self.row.headers = stored_headers(headers)
        self.row.body = _seal(body)


def _seal(body: bytes) -> bytes:
    # sealed.seal takes text; latin-1 maps every byte to one character and back, so any body round-trips.
    return sealed.seal(body.decode("latin-1")).encode("ascii")


def _unseal(body: bytes) -> bytes:
    return sealed.unseal(body.decode("ascii")).encode("latin-1")


def current_time() -> datetime:
    """The clock rows are stamped and expired with (naive UTC, as the other tables); tests move it."""
    return utcnow()


def claim(scope: str, key: str, fingerprint: str) -> Claim | StoredAnswer:
    """Claim ``key`` for this request (a :class:`Claim`), or the first request's :class:`StoredAnswer`.

    Raises :class:`KeyReused` when the key's stored request has another fingerprint. An expired row counts
    as absent: it is deleted and the key claimed afresh. Must be the first write of the transaction: a
    failed claim rolls the session back.
    """
    session = db.session
    for _ in range(_CLAIM_ATTEMPTS):
        stamp = current_time()
        row = IdempotentRequest(scope=scope, key=key, fingerprint=fingerprint, status=_UNFINISHED, headers=[],
                                body=b"", created_at=stamp,
                                expires_at=stamp + timedelta(seconds=current_app.config["IDEMPOTENCY_TTL"]))
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()  # the key's row exists, committed: the first request has finished
        else:
            return Claim(row, session.begin_nested())
        found = session.get(IdempotentRequest, (scope, key))
        if found is None:
            continue  # purged or expired by another request since: try again
        answer = _answer_of(found, fingerprint, current_time())
        if answer is not None:
            return answer
        # Expired (or unreadable): gone, then claimed afresh in this same transaction.
        # Only the row seen: a twin may have replaced it with its own fresh claim meanwhile.
        session.execute(delete(IdempotentRequest).where(
            IdempotentRequest.scope == scope, IdempotentRequest.key == key,
            IdempotentRequest.expires_at == found.expires_at).execution_options(synchronize_session=False))
        session.expunge(found)
    raise KeyInUse(key)


def _answer_of(row: IdempotentRequest, fingerprint: str, at: datetime) -> StoredAnswer | None:
    """The row's answer for a request of ``fingerprint``; None when the row no longer counts."""
    if row.expires_at <= at:
        return None
    if row.fingerprint != fingerprint:
        raise KeyReused(row.key)
    if row.status == _UNFINISHED:
        raise KeyInUse(row.key)  # never committed so; kept as the safe answer should it ever be seen
    try:
        body = _unseal(row.body)
    except sealed.SealBroken:
        return None  # sealed under another SECRET_KEY: forgotten, as other sealed values are
    return StoredAnswer(row.status, [(name, value) for name, value in row.headers], body)


def purge_expired(now: datetime | None = None) -> int:
    """Delete the rows whose retention has passed (``expires_at <= now``) and commit; how many went."""
    at = now if now is not None else current_time()
    result = db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.expires_at <= at))
    db.session.commit()
    return result.rowcount
