from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from wpcompat import create_app
from wpcompat.booking import clock
from wpcompat.extensions import db

from .booking_support import epoch
from .booknetic_support import build_salon
from .database_support import TestDatabases
from .factories import World, WorldSeed, load_world, make_world
from .teambooking_support import build_shop

# Servers the tests start (wpcompat serve, the CLI) read the environment: thousands of requests from
# 127.0.0.1 would meet the rate limits. The rate-limit tests turn them on for their own servers.
os.environ.setdefault("WPCOMPAT_RATELIMIT_ENABLED", "false")

SEED_CLOCK = epoch("2030-01-06T12:00:00")  # the booking clock the salon and the shop are written at


def _world() -> dict[str, Any]:
    return {"world": WorldSeed.of(make_world())}


def _world_and(name: str, build: Callable[[World], Any]) -> Callable[[], dict[str, Any]]:
    def seed() -> dict[str, Any]:
        world = make_world()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clock, "now_epoch", lambda: SEED_CLOCK)
            return {"world": WorldSeed.of(world), name: build(world)}
    return seed


#: The seeded templates, built once per session (per xdist worker), most specific first: a test's database
#: is a clone of the first one whose fixture it uses (each of these includes the world).
SEEDS: dict[str, Callable[[], dict[str, Any]]] = {
    "salon": _world_and("salon", build_salon),  # booknetic_support
    "shop": _world_and("shop", build_shop),  # teambooking_support
    "world": _world,
}


@dataclass(frozen=True)
class Seeded:
    """A seeded template and the fixture values it was written with (ids and secrets, no live rows)."""

    template: str
    values: dict[str, Any]


def _build_seed(seed: Callable[[], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    def build(url: str) -> dict[str, Any]:
        app = create_app({"TESTING": True, "SECRET_KEY": "seed", "DATABASE_URL": url})
        with app.app_context():
            values = seed()
            db.session.commit()
            db.engine.dispose()
        return values
    return build


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory) -> TestDatabases:
    """SQLite files, or PostgreSQL databases when WPCOMPAT_TEST_DATABASE_URL names a server (database_support)."""
    databases = TestDatabases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture
def fresh_database(test_databases):
    """``fresh_database(schema=True, template=None) -> URL``: a new database for this test, dropped after it."""
    yield test_databases.make
    test_databases.drop()


@pytest.fixture
def seeded_database(request, test_databases) -> Seeded | None:
    """The seeded template this test's database is cloned from (SEEDS), or None when it uses no seed."""
    wanted = [name for name in SEEDS if name in request.fixturenames]
    if not wanted:
        return None
    if len(wanted) > 1 and wanted[1] != "world":
        pytest.fail(f"no seeded template holds both {wanted[0]!r} and {wanted[1]!r}: add one to SEEDS")
    template, values = test_databases.seeded(wanted[0], _build_seed(SEEDS[wanted[0]]))
    return Seeded(template, values)


@pytest.fixture
def database_url(fresh_database, seeded_database) -> str:
    """The URL of this test's database (migrated schema; the rows of its seed fixtures, if any); subprocesses
    may connect to it."""
    return fresh_database(template=seeded_database.template if seeded_database else None)


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
def world(app, seeded_database) -> World:
    """Two tenants (aurora, borealis) with owners, a staff user, app passwords and TeamBooking tokens.

    The rows are already in this test's database (a clone of a seeded template); these are them read back,
    detached, so that ids, logins and the plaintext secrets stay readable after the context closes."""
    with app.app_context():
        return load_world(seeded_database.values["world"])
