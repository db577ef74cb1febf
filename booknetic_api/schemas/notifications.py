"""In-app notifications (NotificationResponse, captures 25/37): ints, ``action_data`` as a JSON *string*,
``read_at``/``created_at`` as ``Y-m-d H:i:s`` in the tenant's timezone (null ``read_at`` when unread)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from marshmallow import Schema, fields

from .fields import LenientInt


def local_time(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """A stored UTC time as Booknetic prints it: ``Y-m-d H:i:s`` in the site's (tenant's) timezone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


class NotificationOut(Schema):
    """One notification of the caller (``login``), times in ``zone``."""

    def __init__(self, zone: ZoneInfo, login: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.zone, self.login = zone, login

    id = fields.Integer()
    user_id = fields.Integer()
    type = fields.String()
    title = fields.String()
    message = fields.String()
    action_type = fields.String()
    action_data = fields.String()
    read_at = fields.Method("_read_at")
    user_login = fields.Method("_login")
    created_at = fields.Method("_created_at")

    def _read_at(self, notification) -> str | None:
        return local_time(notification.read_at, self.zone)

    def _login(self, notification) -> str:
        return self.login

    def _created_at(self, notification) -> str | None:
        return local_time(notification.created_at, self.zone)


class NotificationsQuery(Schema):
    page = LenientInt(1)
    rows_count = LenientInt(10)


class MarkAsReadBody(Schema):
    notification_id = LenientInt(0)
