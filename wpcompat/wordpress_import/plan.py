"""An import plan: everything read from a WordPress database, in wpcompat's terms, not yet written.

Readers build it; the writer applies it. Rows are plain dicts of wpcompat's columns (the ORM attribute
names of :mod:`wpcompat.booking.models`), without ``tenant_id`` (the writer writes as the tenant). An
``id`` kept from WordPress is an int; a row WordPress has no id for (a TeamBooking coworker's staff row,
a TeamBooking customer) gets a :class:`NewId`, and other rows refer to it by the same object: the writer
gives it the database's next id and writes that into every reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..platform.models import Role
from .findings import Findings

#: The tables of a tenant's rows, in the order they are written (a row only refers to earlier tables).
ROW_TABLES = ("business_hours", "locations", "service_categories", "services", "service_extras", "staff",
              "staff_services", "staff_locations", "customers", "appointments", "appointment_extras",
              "appointment_prices", "notifications")


class NewId:
    """An id the database gives at write time, shared by the row and every reference to it."""

    __slots__ = ("table", "label")

    def __init__(self, table: str, label: str) -> None:
        self.table, self.label = table, label  # label: what it stands for, for reports ("coworker 7")

    def __repr__(self) -> str:
        return f"NewId({self.table!r}, {self.label!r})"


@dataclass
class SiteImport:
    """The WordPress site's options (``siteurl``, ``home``, ``blogname``, time zone, formats)."""

    name: str
    url: str  # home
    timezone: str  # an IANA name, from timezone_string or gmt_offset
    date_format: str = "F j, Y"
    time_format: str = "g:i a"


@dataclass
class ApplicationPasswordImport:
    """One record of usermeta ``_application_passwords``; the hash verbatim ($generic$ or $P$)."""

    uuid: str
    app_id: str
    name: str
    password_hash: str
    created: int
    last_used: int | None
    last_ip: str | None


@dataclass
class UserImport:
    id: int  # kept: WordPress user ids are TeamBooking's coworkerID and Booknetic's staff.user_id
    login: str
    email: str
    display_name: str
    registered_at: datetime  # UTC, naive
    role: Role
    wp_roles: list[str] = field(default_factory=list)  # what WordPress said, for the report
    capabilities: list[str] | None = None  # Booknetic capability names of a staff user; None = default
    application_passwords: list[ApplicationPasswordImport] = field(default_factory=list)


@dataclass
class TokenImport:
    """A TeamBooking API token from the ``team_booking`` option; stored hashed by the writer."""

    token: str
    write: bool
    usages: dict[str, int] = field(default_factory=dict)  # operation -> successful calls


@dataclass
class PlanImport:
    slug: str
    name: str
    modules: list[str]


@dataclass
class TenantImport:
    slug: str
    name: str
    timezone: str
    currency: str
    plan: PlanImport
    source: str  # "booknetic" | "booknetic-saas" | "teambooking" (merged: "booknetic+teambooking")
    users: list[UserImport] = field(default_factory=list)
    #: ROW_TABLES name -> rows. An ``appointments`` row may carry ``teambooking_token``: the reservation's
    #: own token (plaintext), which the writer stores sealed.
    rows: dict[str, list[dict]] = field(default_factory=lambda: {table: [] for table in ROW_TABLES})
    teambooking_tokens: list[TokenImport] = field(default_factory=list)
    wordpress_tenant_id: int | None = None  # the SaaS tenant's id in bkntc_tenants


@dataclass
class ImportPlan:
    site: SiteImport
    tenants: list[TenantImport]
    owner: UserImport | None = None  # SaaS: the WordPress administrator, as the platform owner
    findings: Findings = field(default_factory=Findings)
