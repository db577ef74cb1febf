"""The tenant guard in the data layer: queries fail closed, writes are stamped and checked."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Location
from wpcompat.extensions import db


def _seed_locations(world):
    with tenancy.tenant(world.aurora.id):
        db.session.add(Location(name="Canal House"))
        db.session.commit()
    with tenancy.tenant(world.borealis.id):
        db.session.add(Location(name="Harbour"))
        db.session.commit()


def test_query_without_tenant_fails_closed(app, world):
    with app.app_context():
        _seed_locations(world)
        with pytest.raises(tenancy.TenantNotSet):
            db.session.execute(select(Location)).all()
        with pytest.raises(tenancy.TenantNotSet):
            db.session.execute(select(func.count()).select_from(Location)).scalar()


def test_queries_see_only_the_active_tenant(app, world):
    with app.app_context():
        _seed_locations(world)
        with tenancy.tenant(world.aurora.id):
            assert [loc.name for loc in db.session.execute(select(Location)).scalars()] == ["Canal House"]
            assert db.session.execute(select(func.count()).select_from(Location)).scalar() == 1


def test_new_rows_are_stamped_and_foreign_rows_refused(app, world):
    with app.app_context():
        with tenancy.tenant(world.aurora.id):
            loc = Location(name="Stamped")
            db.session.add(loc)
            db.session.commit()
            assert loc.tenant_id == world.aurora.id
            db.session.add(Location(name="Smuggled", tenant_id=world.borealis.id))
            with pytest.raises(tenancy.TenantMismatch):
                db.session.flush()
            db.session.rollback()


def test_all_tenants_is_the_only_way_across(app, world):
    with app.app_context():
        _seed_locations(world)
        with tenancy.all_tenants():
            assert db.session.execute(select(func.count()).select_from(Location)).scalar() == 2
