from __future__ import annotations

import pytest

from wpcompat import create_app, tenancy
from wpcompat.extensions import db

from .factories import World, make_world


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
    })
    with app.app_context():
        db.create_all()
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app) -> World:
    """Two tenants (aurora, borealis) with owners, a staff user, app passwords and TeamBooking tokens."""
    with app.app_context():
        world = make_world()
        # Keep the objects readable after the context closes (ids, logins, plaintext secrets).
        with tenancy.all_tenants():
            for obj in list(db.session.identity_map.values()):
                db.session.refresh(obj)
        db.session.expunge_all()
    return world
