"""In-app notifications: listing, marking read (Booknetic's already-read quirk), clearing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import appointments, notifications
from wpcompat.booking.errors import InvalidBooking, NotFound
from wpcompat.extensions import db
from wpcompat.platform.models import User

from .booking_support import make_catalogue


@pytest.fixture
def users(app, world):
    """(aurora-admin, anna) as live rows, each with notifications of three bookings."""
    with app.app_context(), tenancy.tenant(world.aurora.id):
        cat = make_catalogue(world.aurora, staff_user_id=world.aurora_staff.user.id)
        for hour in (1, 2, 3):
            appointments.book(source="test", service=cat.massage, staff=cat.anna, customer=cat.customer,
                                            starts_at=1900000000 + hour * 86400, check_availability=False)
        db.session.commit()
        admin, anna = (db.session.execute(select(User).where(User.id == m.user.id)).scalar_one()
                       for m in (world.aurora_admin, world.aurora_staff))
        yield admin, anna


def test_list_is_newest_first_and_paged(users):
    admin, _ = users
    rows, total = notifications.list_notifications(admin, page=1, rows=2)
    assert total == 3 and [n.id for n in rows] == sorted((n.id for n in rows), reverse=True) and len(rows) == 2
    second, _ = notifications.list_notifications(admin, page=2, rows=2)
    assert len(second) == 1 and second[0].id < rows[-1].id
    assert all(n.user_id == admin.id for n in rows + second)


def test_mark_as_read_once(users):
    admin, anna = users
    newest = notifications.list_notifications(admin)[0][0]
    assert notifications.mark_as_read(admin, newest.id).read_at is not None
    with pytest.raises(NotFound, match="^Notification not found$"):
        notifications.mark_as_read(admin, newest.id)  # already read: not found, as in Booknetic
    with pytest.raises(NotFound):
        notifications.mark_as_read(anna, notifications.list_notifications(admin)[0][1].id)  # someone else's
    with pytest.raises(InvalidBooking, match="^Invalid notification ID$"):
        notifications.mark_as_read(admin, 0)


def test_mark_all_and_clear_touch_only_own_rows(users):
    admin, anna = users
    assert notifications.mark_all_as_read(admin) == 3
    assert notifications.mark_all_as_read(admin) == 0
    assert all(n.read_at is None for n in notifications.list_notifications(anna)[0])
    assert notifications.clear(admin) == 3
    assert notifications.list_notifications(admin) == ([], 0)
    assert notifications.list_notifications(anna)[1] == 3


def test_other_tenant_sees_none(users, world):
    admin, _ = users
    with tenancy.tenant(world.borealis.id):
        assert notifications.list_notifications(admin) == ([], 0)
        with pytest.raises(NotFound):
            notifications.mark_as_read(admin, 1)
