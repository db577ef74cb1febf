"""Load a validated site file into the database, in one transaction.

The platform part lives here (site, plans, owner, tenants, users, credentials); each tenant's booking
rows are built by :mod:`wpcompat.sitefile.tenant_rows`. Everything is validated by the schema first;
the only errors expected while building are the ones the database alone can know about (a login that
already exists, a plan defined by an earlier file), and each is reported at its JSON path.
"""
from __future__ import annotations

import json
import secrets as std_secrets
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Iterator

from marshmallow import ValidationError
from sqlalchemy import select

from ..changes import capture
from ..changes.actor import SITE_FILE, Actor, acting_as
from ..extensions import db
from ..platform import accounts
from ..platform.models import Plan, Role, Site, Tenant, User, utcnow
from .errors import ROOT, SiteFileError
from .references import Path, dotted
from .schema import SiteFileSchema
from .tenant_rows import build_tenant_rows


#: What a load counts, in the order reports list them.
COUNT_KINDS = ("plans", "tenants", "users", "application_passwords", "teambooking_tokens", "locations",
               "service_categories", "services", "service_extras", "staff", "customers", "appointments",
               "notifications")


@dataclass
class GeneratedSecret:
    """A secret the file left out, generated while loading; shown once, stored only as a hash."""

    kind: str  # "owner_password" | "application_password" | "teambooking_token"
    path: str  # where the file would have given it
    subject: str  # the user's login, or the tenant's slug for a token
    label: str  # the application name, "write"/"read" for a token, "owner" for the owner's password
    secret: str


@dataclass
class LoadReport:
    """What a load created: row counts by kind, and the secrets generated for it."""

    counts: Counter = field(default_factory=Counter)
    secrets: list[GeneratedSecret] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"counts": {kind: self.counts[kind] for kind in COUNT_KINDS},
                "generated_secrets": [asdict(s) for s in self.secrets]}


def read_site_file(path: str) -> dict:
    """Parse a site file; invalid JSON (including a key repeated in one object) is a SiteFileError."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as exc:
        raise SiteFileError(ROOT, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except _RepeatedKey as exc:
        raise SiteFileError(ROOT, f"the key {exc.args[0]!r} appears twice in one object") from None
    except UnicodeDecodeError:
        raise SiteFileError(ROOT, "not UTF-8 text") from None


def demo_site() -> dict:
    """The demo platform shipped inside the package (``wpcompat/data/demo-site.json``)."""
    return json.loads(resources.files("wpcompat").joinpath("data/demo-site.json").read_text(encoding="utf-8"))


def load_site(data: dict) -> LoadReport:
    """Validate ``data`` as a site file and create its rows, committing only if all of it loads.

    Raises :class:`SiteFileError` naming the JSON path of the problem (every problem the schema
    finds, listed in ``problems``); the session is then rolled back, so nothing of the file is written.
    """
    try:
        parsed = SiteFileSchema().load(data)
    except ValidationError as exc:
        raise SiteFileError.from_validation(exc) from None
    try:
        # One audit row per tenant loaded, not one per row (wpcompat.changes.capture.suppressed).
        with capture.suppressed(capture.LOADED), acting_as(Actor(SITE_FILE)):
            report = _Builder().build(parsed)
            db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


class _RepeatedKey(ValueError):
    pass


def _refuse_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    # json.load would silently keep the last of two equal keys: a typo-shaped hole in the file.
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKey(key)
        result[key] = value
    return result


@contextmanager
def _at(path: Path) -> Iterator[None]:
    """Report an account service's refusal at ``path`` in the file."""
    try:
        yield
    except accounts.AccountError as exc:
        raise SiteFileError.at(path, str(exc)) from None


class _Builder:
    def __init__(self) -> None:
        self.report = LoadReport()

    def build(self, data: dict) -> LoadReport:
        self._site(data.get("site"))
        plans = {plan["slug"]: self._plan(i, plan) for i, plan in enumerate(data["plans"])}
        if "owner" in data:
            self._owner(data["owner"])
        for t, tenant in enumerate(data["tenants"]):
            self._tenant(("tenants", t), tenant, plans)
        return self.report

    def _generated(self, kind: str, path: Path, subject: str, label: str, secret: str) -> None:
        self.report.secrets.append(GeneratedSecret(kind, dotted(path), subject, label, secret))

    def _site(self, site: dict | None) -> None:
        existing = db.session.execute(select(Site.id).limit(1)).first()
        if site is None:
            if existing is None:
                raise SiteFileError.at(("site",), "required: this database has no site yet")
            return
        if existing is not None:
            raise SiteFileError.at(("site",), 'this database already has a site (leave "site" out to add to it)')
        db.session.add(Site(**{"description": "", **site}))
        db.session.flush()

    def _plan(self, i: int, plan: dict) -> Plan:
        with _at(("plans", i, "slug")):
            created = accounts.create_plan(plan["slug"], plan["name"], plan["modules"])
            created.rate_limits = plan.get("rate_limits")
        self.report.counts["plans"] += 1
        return created

    def _unused(self, path: Path, login: str, email: str) -> None:
        if accounts.find_user(login):
            raise SiteFileError.at((*path, "login"), f"a user with login {login!r} exists")
        if accounts.find_user(email):
            raise SiteFileError.at((*path, "email"), f"a user with email {email!r} exists")

    def _owner(self, owner: dict) -> None:
        self._unused(("owner",), owner["login"], owner["email"])
        password = owner.get("password")
        if password is None:
            password = std_secrets.token_urlsafe(18)
            self._generated("owner_password", ("owner", "password"), owner["login"], "owner", password)
        with _at(("owner",)):
            user = accounts.create_user(owner["login"], owner["email"], Role.ADMINISTRATOR,
                                        display_name=owner.get("display_name"), password=password)
        self.report.counts["users"] += 1
        self._app_passwords(("owner",), user, owner["application_passwords"])

    def _tenant(self, path: Path, data: dict, plans: dict[str, Plan]) -> None:
        plan = plans.get(data["plan"]) or accounts.find_plan(data["plan"])
        if plan is None:
            raise SiteFileError.at((*path, "plan"), f"no plan with slug {data['plan']!r} in the file or the database")
        with _at((*path, "slug")):
            tenant = accounts.create_tenant(data["slug"], data["name"], plan, data["timezone"], data["currency"])
        tenant.default_status = data["default_status"]
        if data["suspended"]:
            tenant.suspended_at = utcnow()
        self.report.counts["tenants"] += 1
        users = {user["login"]: self._user((*path, "users", u), tenant, user) for u, user in enumerate(data["users"])}
        for k, token in enumerate(data["teambooking_tokens"]):
            self._token((*path, "teambooking_tokens", k), tenant, token)
        build_tenant_rows(tenant, data, users, path, self.report.counts)

    def _user(self, path: Path, tenant: Tenant, data: dict) -> User:
        self._unused(path, data["login"], data["email"])
        with _at(path):
            user = accounts.create_user(data["login"], data["email"], Role(data["role"]), tenant=tenant,
                                        display_name=data.get("display_name"), capabilities=data.get("capabilities"))
        self.report.counts["users"] += 1
        self._app_passwords(path, user, data["application_passwords"])
        return user

    def _app_passwords(self, path: Path, user: User, passwords: list[dict]) -> None:
        for a, app in enumerate(passwords):
            app_path = (*path, "application_passwords", a)
            with _at(app_path):
                _, plaintext = accounts.create_application_password(
                    user, app["name"], app_id=str(app.get("app_id", "")), password=app.get("password"))
            if "password" not in app:
                self._generated("application_password", (*app_path, "password"), user.login, app["name"], plaintext)
            self.report.counts["application_passwords"] += 1

    def _token(self, path: Path, tenant: Tenant, data: dict) -> None:
        with _at((*path, "token")):
            _, plaintext = accounts.create_token(tenant, write=data["write"], token=data.get("token"))
        if "token" not in data:
            label = "write" if data["write"] else "read"
            self._generated("teambooking_token", (*path, "token"), tenant.slug, label, plaintext)
        self.report.counts["teambooking_tokens"] += 1
