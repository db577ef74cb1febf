"""``--replace``: delete one tenant's data (every tenant-scoped row, its users and their application
passwords, its TeamBooking tokens and their counters) and nothing of any other tenant.

Explicit deletes, children first, rather than the foreign keys' ``ON DELETE CASCADE``: SQLite enforces
no foreign keys here, and the tenant row itself stays (its slug, and the URLs that name it).
"""
from __future__ import annotations

from sqlalchemy import delete, select

from ..booking.models import Staff, staff_locations, staff_services
from ..extensions import db
from ..platform.models import ApplicationPassword, TeamBookingToken, TeamBookingTokenUse, User
from ..tenancy import all_tenants


#: What outlives a replace: the audit trail, and the webhooks (endpoints, and events already committed).
_KEPT = frozenset({"audit_records", "webhook_endpoints", "webhook_events", "webhook_deliveries", "webhook_attempts"})


def purge_tenant(tenant_id: int) -> None:
    """Delete everything of tenant ``tenant_id`` but the tenant row; the caller owns the transaction."""
    staff = select(Staff.id).where(Staff.tenant_id == tenant_id)
    users = select(User.id).where(User.tenant_id == tenant_id)
    tokens = select(TeamBookingToken.id).where(TeamBookingToken.tenant_id == tenant_id)
    with all_tenants():
        for statement in (
            delete(staff_services).where(staff_services.c.staff_id.in_(staff)),
            delete(staff_locations).where(staff_locations.c.staff_id.in_(staff)),
            delete(TeamBookingTokenUse).where(TeamBookingTokenUse.token_id.in_(tokens)),
            delete(ApplicationPassword).where(ApplicationPassword.user_id.in_(users)),
        ):
            db.session.execute(statement)
        # Children before parents; users last of all, as rows of the tenant name them.
        for table in reversed(db.metadata.sorted_tables):
            if "tenant_id" in table.columns and table is not User.__table__ and table.name not in _KEPT:
                db.session.execute(delete(table).where(table.c.tenant_id == tenant_id))
        # An ORM delete: loaded User objects of the tenant leave the session with their rows.
        db.session.execute(delete(User).where(User.tenant_id == tenant_id))
