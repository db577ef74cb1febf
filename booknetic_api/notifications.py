"""In-app notifications of the caller: list, mark one or all read, clear.

``GET /notifications?page=&rows_count=`` is ``{"notifications": [...], "count": N}`` (captures 25/37);
the mutations answer ``[]``; marking an unknown or already-read notification is Booknetic's
``400 Notification not found``, an id ≤ 0 ``400 Invalid notification ID``. Notifications belong to one
user of one tenant (Booknetic 5.2 scoping). Rules: :mod:`wpcompat.booking.notifications`.
"""
from __future__ import annotations

from wpcompat.booking import clock, notifications
from wpcompat.booking.appointment_list import MAX_PAGE
from wpcompat.rest import RestRequest

from .errors import booknetic_error, booknetic_errors
from .namespace import api
from .permissions import allow
from .schemas import load_params
from .schemas.notifications import MarkAsReadBody, NotificationOut, NotificationsQuery


@api.route("/notifications", permission=allow("notifications"))
def list_notifications(request: RestRequest):
    query = load_params(NotificationsQuery, request)
    if query["page"] < 1 or query["rows_count"] < 1:
        raise booknetic_error(f"{'page' if query['page'] < 1 else 'rows_count'} must be greater than 0")
    rows, total = notifications.list_notifications(request.user, min(query["page"], MAX_PAGE),
                                                   min(query["rows_count"], MAX_PAGE))
    schema = NotificationOut(clock.tenant_zone(), request.user.login, many=True)
    return {"notifications": schema.dump(rows), "count": total}


@api.route("/notifications/mark-as-read", methods="POST", permission=allow("notifications"))
@booknetic_errors()
def mark_as_read(request: RestRequest):
    notifications.mark_as_read(request.user, load_params(MarkAsReadBody, request)["notification_id"])
    return []


@api.route("/notifications/mark-all-as-read", methods="POST", permission=allow("notifications"))
def mark_all_as_read(request: RestRequest):
    notifications.mark_all_as_read(request.user)
    return []


@api.route("/notifications/clear", methods="DELETE", permission=allow("notifications"))
def clear(request: RestRequest):
    notifications.clear(request.user)
    return []
