"""In-app notifications (Booknetic's ``notifications`` table) for tenant owners and staff.

Booknetic creates them through workflows (the "In-app notification" action); we create the two a
fresh install is configured for: a new booking and a status change. Recipients are the tenant's
owners and the user linked to the appointment's staff member. ``action_data`` is a JSON *string*,
as Booknetic stores it (golden capture 25: ``{"url":"appointments.info","id":1}``).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable

from sqlalchemy import bindparam, delete, func, insert, select, update

from ..extensions import db
from ..platform.models import Role, User, utcnow
from ..tenancy import select_rows
from . import clock
from .errors import InvalidBooking, NotFound
from .lookup import is_row_id
from .models import Appointment, Notification
from .statuses import booknetic_status

IN_APP = "in_app_notification"


def action_data(url: str, target_id: int) -> str:
    """Booknetic's action_data string, compact like PHP's json_encode: ``{"url":"...","id":N}``."""
    return json.dumps({"url": url, "id": target_id}, separators=(",", ":"))


def create_notification(user_id: int, title: str, message: str, *, url: str | None = None,
                        target_id: int | None = None, read_at: datetime | None = None,
                        created_at: datetime | None = None) -> Notification:
    """Add one in-app notification for ``user_id`` in the active tenant (flushed, not committed)."""
    notification = Notification(
        user_id=user_id, type=IN_APP, title=title, message=message, action_type="detail",
        action_data=action_data(url, target_id) if url is not None and target_id is not None else None,
        read_at=read_at, created_at=created_at or utcnow(),
    )
    db.session.add(notification)
    db.session.flush()
    return notification


#: The tenant's owners, built once (a hot read of ids, not objects: :func:`~wpcompat.tenancy.select_rows`).
_OWNER_IDS = (select(User.id).where(User.tenant_id == bindparam("tenant"), User.role == Role.TENANT_OWNER.value)
              .order_by(User.id))


def appointment_recipients(appointment: Appointment) -> list[int]:
    """User ids to tell about ``appointment``: the tenant's owners, then the staff member's user."""
    recipients = list(select_rows(_OWNER_IDS, {"tenant": appointment.tenant_id}).scalars())
    staff_user = appointment.staff.user_id
    if staff_user is not None and staff_user not in recipients:
        recipients.append(staff_user)
    return recipients


def _when(appointment: Appointment) -> str:
    return clock.format_local(appointment.starts_at, clock.tenant_zone(appointment.tenant_id))


def _notify_all(recipients: Iterable[int], title: str, message: str, appointment: Appointment) -> int:
    # One executemany INSERT of plain rows (the appointment's tenant, which is the active one), not a flush
    # of one object per recipient: the same rows in the same order, and nothing reads them back in this
    # request. Returns how many were created.
    data = action_data("appointments.info", appointment.id)
    rows = [{"user_id": user_id, "type": IN_APP, "title": title, "message": message, "action_type": "detail",
             "action_data": data, "read_at": None, "created_at": utcnow(), "tenant_id": appointment.tenant_id}
            for user_id in recipients]
    if rows:
        db.session.execute(insert(Notification), rows)
    return len(rows)


def notify_booked(appointment: Appointment) -> int:
    """"New appointment" / "John Doe booked Haircut on 2026-12-01 10:00" (the golden seed's wording)."""
    message = f"{appointment.customer.full_name} booked {appointment.service.name} on {_when(appointment)}"
    return _notify_all(appointment_recipients(appointment), "New appointment", message, appointment)


def notify_status_changed(appointment: Appointment) -> int:
    """"Appointment status changed" / "John Doe's Haircut on 2026-12-01 10:00 is now Approved"."""
    title = booknetic_status(appointment.status).title
    message = (f"{appointment.customer.full_name}'s {appointment.service.name} on {_when(appointment)} "
               f"is now {title}")
    return _notify_all(appointment_recipients(appointment), "Appointment status changed", message, appointment)


def _mine(user: User):
    return (Notification.user_id == user.id, Notification.type == IN_APP)


def list_notifications(user: User, page: int = 1, rows: int = 10) -> tuple[list[Notification], int]:
    """One page of ``user``'s notifications, newest first (``id DESC``), and the total count."""
    page, rows = max(page, 1), max(rows, 0)
    total = db.session.execute(select(func.count(Notification.id)).where(*_mine(user))).scalar_one()
    query = select(Notification).where(*_mine(user)).order_by(Notification.id.desc())
    query = query.offset((page - 1) * rows).limit(rows)
    return list(db.session.execute(query).scalars()), total


def mark_as_read(user: User, notification_id: int) -> Notification:
    """Mark one unread notification read; mirrors Booknetic: already read counts as not found."""
    if notification_id <= 0:
        raise InvalidBooking("Invalid notification ID", field="notification_id")
    notification = db.session.execute(
        select(Notification).where(*_mine(user), Notification.id == notification_id, Notification.read_at.is_(None))
    ).scalar_one_or_none() if is_row_id(notification_id) else None
    if notification is None:
        raise NotFound("Notification not found", field="notification_id")
    notification.read_at = utcnow()
    db.session.flush()
    return notification


def mark_all_as_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    result = db.session.execute(
        update(Notification).where(*_mine(user), Notification.read_at.is_(None)).values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def clear(user: User) -> int:
    """Delete all of ``user``'s notifications; returns how many were deleted."""
    result = db.session.execute(
        delete(Notification).where(*_mine(user)).execution_options(synchronize_session="fetch")
    )
    return result.rowcount
