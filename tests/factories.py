"""Plain factory functions for tests: each takes the tenant explicitly, none hides a commit."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Plan, Role, Site, Tenant, User

# The platform owner's account password is never checked by a test (only application passwords log in):
# the world stores this cheap hash of it rather than the ~80 ms scrypt hash create_user would make.
OWNER_PASSWORD = "owner-pw"
OWNER_PASSWORD_HASH = generate_password_hash(OWNER_PASSWORD, method="pbkdf2:sha256:1")

ALL_MODULES = ["appointments", "customers", "locations", "services", "staff", "payments", "dashboard", "notifications"]


def basic_auth(login: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@dataclass
class Member:
    user: User
    password: str  # chunked application password, as WordPress shows it once

    @property
    def auth(self) -> dict[str, str]:
        return basic_auth(self.user.login, self.password)


@dataclass
class World:
    """Two tenants on one platform: the minimum a tenancy test needs."""

    plan: Plan
    aurora: Tenant
    borealis: Tenant
    owner: Member
    aurora_admin: Member
    aurora_staff: Member
    borealis_admin: Member
    tokens: dict[str, str] = field(default_factory=dict)


def make_site(url: str = "http://wp.test", tenant_urls: str = "directory") -> Site:
    site = Site(name="Test Platform", description="Just another WordPress site", url=url, timezone="UTC",
                tenant_urls=tenant_urls)
    db.session.add(site)
    db.session.flush()
    return site


def make_member(login: str, role: Role, tenant: Tenant | None, *, password_hash: str | None = None,
                **kwargs) -> Member:
    """A user with an application password; ``password_hash`` is stored as the account password's hash."""
    user = accounts.create_user(login, f"{login}@example.test", role, tenant=tenant, **kwargs)
    if password_hash is not None:
        user.password_hash = password_hash
    _, password = accounts.create_application_password(user, f"{login} app")
    return Member(user, password)


def make_world(site_url: str = "http://wp.test", tenant_urls: str = "directory") -> World:
    make_site(site_url, tenant_urls)
    plan = accounts.create_plan("all", "All modules", ALL_MODULES)
    aurora = accounts.create_tenant("aurora", "Aurora Wellness", plan, "Europe/Amsterdam", "EUR")
    borealis = accounts.create_tenant("borealis", "Borealis Physio", plan, "America/New_York", "USD")
    world = World(
        plan=plan,
        aurora=aurora,
        borealis=borealis,
        owner=make_member("platform-owner", Role.ADMINISTRATOR, None, password_hash=OWNER_PASSWORD_HASH),
        aurora_admin=make_member("aurora-admin", Role.TENANT_OWNER, aurora),
        aurora_staff=make_member("anna", Role.STAFF, aurora),
        borealis_admin=make_member("borealis-admin", Role.TENANT_OWNER, borealis),
    )
    for tenant in (aurora, borealis):
        for write in (True, False):
            _, token = accounts.create_token(tenant, write=write)
            world.tokens[f"{tenant.slug}-{'write' if write else 'read'}"] = token
    db.session.commit()
    return world


MEMBERS = ("owner", "aurora_admin", "aurora_staff", "borealis_admin")


@dataclass(frozen=True)
class WorldSeed:
    """A world in a seeded template, as plain values: row ids and the secrets shown once at creation."""

    plan_id: int
    aurora_id: int
    borealis_id: int
    members: dict[str, tuple[int, str]]  # World field -> (user id, application password)
    tokens: dict[str, str]

    @classmethod
    def of(cls, world: World) -> WorldSeed:
        return cls(world.plan.id, world.aurora.id, world.borealis.id,
                   {name: (getattr(world, name).user.id, getattr(world, name).password) for name in MEMBERS},
                   dict(world.tokens))


def load_world(seed: WorldSeed) -> World:
    """The seeded world read back from this app's database (inside an app context), as detached rows."""
    def row(model, row_id):
        return db.session.execute(select(model).where(model.id == row_id)).scalar_one()

    with tenancy.all_tenants():
        world = World(row(Plan, seed.plan_id), row(Tenant, seed.aurora_id), row(Tenant, seed.borealis_id),
                      **{name: Member(row(User, user_id), password) for name, (user_id, password) in seed.members.items()},
                      tokens=dict(seed.tokens))
    db.session.expunge_all()
    return world
