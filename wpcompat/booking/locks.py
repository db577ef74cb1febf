"""Serialising bookings of one staff member.

Two requests booking the same staff member at once must not both pass the availability check.
:func:`lock_staff_schedule` is called by every booking and reschedule *before* it reads the
schedule (``availability.check_bookable`` takes it, and the seat changes of ``reservations``), and
holds until the caller's transaction ends (commit or rollback):

* PostgreSQL (and other databases with row locks): ``SELECT ... FROM staff WHERE id = :id FOR UPDATE``.
  A second transaction blocks on the same row until the first commits, then sees its appointment.
* SQLite has no row locks. A no-op ``UPDATE staff SET id = id WHERE id = :id`` makes the transaction a
  writer at once (pysqlite opens the transaction at the first write, taking SQLite's RESERVED lock), so
  the whole check-then-insert runs as one immediate write transaction; a concurrent writer waits on
  the database lock (the busy timeout, :mod:`wpcompat.database.sqlite`) and then reads the committed schedule.
"""
from __future__ import annotations

from sqlalchemy import select, update

from ..extensions import db
from .models import Staff


def lock_staff_schedule(staff_id: int) -> None:
    """Block other bookings of ``staff_id`` until the current transaction ends."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Staff).where(Staff.id == staff_id).values(id=Staff.id)
            .execution_options(synchronize_session=False)
        )
    else:
        db.session.execute(select(Staff.id).where(Staff.id == staff_id).with_for_update())
