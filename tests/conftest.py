from __future__ import annotations

import pytest

from wpcompat import create_app, tenancy
from wpcompat.extensions import db

from .database_support import TestDatabases
from .factories import World, make_world


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory) -> TestDatabases:
    """SQLite files, or PostgreSQL databases when WPCOMPAT_TEST_DATABASE_URL names a server (database_support)."""
    databases = TestDatabases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture
def fresh_database(test_databases):
    """``fresh_database(schema=True) -> URL``: a new database for this test, dropped after it."""
    yield test_databases.make
    test_databases.drop()


@pytest.fixture
def database_url(fresh_database) -> str:
    """The URL of this test's database (migrated schema, no rows); subprocesses may connect to it."""
    return fresh_database()


@pytest.fixture
def app(database_url):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
    })


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
