"""The booking domain's tables: catalogue, staff, customers, appointments, notifications.

Every row belongs to one tenant (:class:`~wpcompat.tenancy.TenantScoped`). Columns follow Booknetic's
schema where Booknetic has one (times as Unix seconds, money as decimals), so both plugin adapters
are mappings of the same rows. Appointment times are UTC epoch seconds; local times exist only at
the edges, in the tenant's timezone.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from ..collation import search_key, sort_key
from ..extensions import db
from ..platform.models import NEVER_REUSE_IDS, utcnow
from ..tenancy import TenantScoped

Money = Numeric(12, 2)
#: A collation key (:mod:`wpcompat.collation`): compared by code point, so PostgreSQL's is ``COLLATE "C"``
#: whatever the cluster's locale.
CollationKey = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


class _Values:
    """An INSERT's values as attributes (None for a column not given), for a key derived in SQL Core."""

    def __init__(self, values: dict) -> None:
        self._values = values

    def __getattr__(self, name: str) -> object:
        return self._values.get(name)


def collation_key(key_of: Callable[[Any], str]) -> Mapped[str]:
    """A column holding ``key_of(row)``, a key of the row's text: set by every ORM insert and update
    (:func:`fill_keys`), and by a Core INSERT that does not give it (the bench's bulk rows)."""
    return mapped_column(CollationKey, default=lambda context: key_of(_Values(context.get_current_parameters())),
                         server_default=text("''"), info={"key_of": key_of})


def _searched_name(customer: object) -> str:
    return f"{customer.first_name or ''} {customer.last_name or ''}"  # Booknetic's CONCAT(first, ' ', last)


def _name_search(row: object) -> str:
    return search_key(row.name)


def _name_sort(row: object) -> str:
    return sort_key(row.name)


staff_services = Table(
    "staff_services",
    db.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)

staff_locations = Table(
    "staff_locations",
    db.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
)


class Location(TenantScoped, db.Model):
    __tablename__ = "locations"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(String(500))
    phone_number: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(255))
    latitude: Mapped[str | None] = mapped_column(String(32))
    longitude: Mapped[str | None] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    search_name: Mapped[str] = collation_key(_name_search)


class ServiceCategory(TenantScoped, db.Model):
    __tablename__ = "service_categories"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("service_categories.id"))

    parent: Mapped[ServiceCategory | None] = relationship(remote_side=[id])


class Service(TenantScoped, db.Model):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(255))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("service_categories.id"))
    duration: Mapped[int] = mapped_column(Integer)  # minutes
    price: Mapped[Decimal] = mapped_column(Money)
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # seats per slot (Booknetic max_capacity)
    buffer_before: Mapped[int] = mapped_column(Integer, default=0)  # minutes
    buffer_after: Mapped[int] = mapped_column(Integer, default=0)
    timeslot_length: Mapped[int] = mapped_column(Integer, default=0)  # 0 = the tenant's default step
    color: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    approval: Mapped[str] = mapped_column(String(16), default="none")  # none | admin | staff
    payment: Mapped[str] = mapped_column(String(16), default="later")  # later | immediately | discretional
    search_name: Mapped[str] = collation_key(_name_search)
    sort_name: Mapped[str] = collation_key(_name_sort)

    category: Mapped[ServiceCategory | None] = relationship()
    extras: Mapped[list[ServiceExtra]] = relationship(back_populates="service", order_by="ServiceExtra.id")
    staff: Mapped[list[Staff]] = relationship(secondary=staff_services, back_populates="services")


class ServiceExtra(TenantScoped, db.Model):
    __tablename__ = "service_extras"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    price: Mapped[Decimal] = mapped_column(Money)
    duration: Mapped[int] = mapped_column(Integer, default=0)  # minutes added to the appointment
    min_quantity: Mapped[int] = mapped_column(Integer, default=0)
    max_quantity: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    image: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="extras")


class Staff(TenantScoped, db.Model):
    __tablename__ = "staff"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(255))
    phone_number: Mapped[str | None] = mapped_column(String(64))
    about: Mapped[str | None] = mapped_column(Text)
    profession: Mapped[str | None] = mapped_column(String(255))
    profile_image: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}; a missing or empty day is a day off.
    timesheet: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON, default=dict)
    days_off: Mapped[list[str]] = mapped_column(JSON, default=list)  # ["2030-12-25", ...]
    # Dated exceptions to the week (Booknetic's special days): {"2030-12-24": [["09:00", "13:00"]]}; a day
    # listed here has these intervals instead of its weekday's (a day off still wins).
    special_days: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON, default=dict)
    search_name: Mapped[str] = collation_key(_name_search)
    sort_name: Mapped[str] = collation_key(_name_sort)

    services: Mapped[list[Service]] = relationship(
        secondary=staff_services, back_populates="staff", order_by="Service.id"
    )
    locations: Mapped[list[Location]] = relationship(secondary=staff_locations, order_by="Location.id")


class BusinessHours(TenantScoped, db.Model):
    """The company's business hours: Booknetic's ``timesheet`` row with neither staff nor service (and its
    company holidays), at most one per tenant. Booknetic's calendar falls back to them for a staff id it
    cannot find (``available-times``); without a row there are none, and no times to offer."""

    __tablename__ = "business_hours"
    __table_args__ = (UniqueConstraint("tenant_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    # As Staff.timesheet: {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}; a missing or empty day is off.
    timesheet: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON, default=dict)
    days_off: Mapped[list[str]] = mapped_column(JSON, default=list)  # company holidays, ["2030-12-25", ...]


class Customer(TenantScoped, db.Model):
    __tablename__ = "customers"
    # Lists page by id within a tenant, or in the order of a name, e-mail or phone; bookings find a
    # customer by e-mail.
    __table_args__ = (Index("ix_customers_tenant_email", "tenant_id", "email"),
                      Index("ix_customers_tenant_id_desc", "tenant_id", "id"),
                      *(Index(f"ix_customers_tenant_sort_{name}", "tenant_id", f"sort_{name}", "id")
                        for name in ("first_name", "last_name", "email", "phone_number")),
                      NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_name: Mapped[str] = mapped_column(String(255), default="")
    last_name: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    phone_number: Mapped[str | None] = mapped_column(String(64))
    birthdate: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)
    profile_image: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Searched as Booknetic searches: "first last", e-mail, phone; ordered by each and by the trimmed name.
    search_name: Mapped[str] = collation_key(lambda row: search_key(_searched_name(row)))
    search_email: Mapped[str] = collation_key(lambda row: search_key(row.email))
    search_phone_number: Mapped[str] = collation_key(lambda row: search_key(row.phone_number))
    sort_first_name: Mapped[str] = collation_key(lambda row: sort_key(row.first_name))
    sort_last_name: Mapped[str] = collation_key(lambda row: sort_key(row.last_name))
    sort_email: Mapped[str] = collation_key(lambda row: sort_key(row.email))
    sort_phone_number: Mapped[str] = collation_key(lambda row: sort_key(row.phone_number))
    sort_name: Mapped[str] = collation_key(lambda row: sort_key(_searched_name(row).strip(" ")))  # TRIM(...)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Appointment(TenantScoped, db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_tenant_id_desc", "tenant_id", "id"),
        # Lists ordered by start, the dashboard's upcoming appointments, TeamBooking's future reservations.
        Index("ix_appointments_tenant_starts_at", "tenant_id", "starts_at"),
        Index("ix_appointments_staff_busy", "staff_id", "busy_from", "busy_to"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    # Unix seconds: 64-bit, as a 32-bit INTEGER (PostgreSQL's) ends in January 2038.
    starts_at: Mapped[int] = mapped_column(BigInteger)  # Unix seconds
    ends_at: Mapped[int] = mapped_column(BigInteger)
    busy_from: Mapped[int] = mapped_column(BigInteger)  # starts_at - buffer_before
    busy_to: Mapped[int] = mapped_column(BigInteger)  # ends_at + buffer_after
    weight: Mapped[int] = mapped_column(Integer, default=1)  # seats taken
    payment_id: Mapped[str | None] = mapped_column(String(32))
    recurring_id: Mapped[str | None] = mapped_column(String(32))
    payment_method: Mapped[str] = mapped_column(String(32), default="local")
    payment_status: Mapped[str] = mapped_column(String(16), default="not_paid")
    # TeamBooking's "pending": the booking awaits its online payment (wpcompat.booking.statuses). A bit of
    # its own, not a payment status: the plugin stores status and "paid" apart, so a paid booking can be
    # pending and a pending one paid.
    awaiting_payment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paid_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    note: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(16), default="en_US")
    client_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[int] = mapped_column(BigInteger)  # Unix seconds
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    # What the TeamBooking reservation token is derived from (teambooking_ajax.resources.reservation_token):
    # random for every new appointment, however it is written, so no two reservations share a token and
    # a deleted one's never comes back. The token itself is never stored.
    token_seed: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: secrets.token_hex(16))
    # A reservation imported from TeamBooking keeps the token the WordPress site gave it (links in e-mails
    # already sent carry it): stored sealed (wpcompat.platform.sealed), shown instead of the derived one.
    sealed_token: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship()
    staff: Mapped[Staff] = relationship()
    customer: Mapped[Customer] = relationship()
    location: Mapped[Location | None] = relationship()
    extras: Mapped[list[AppointmentExtra]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", order_by="AppointmentExtra.id"
    )
    prices: Mapped[list[AppointmentPrice]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", order_by="AppointmentPrice.id"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", order_by="StatusChange.id"
    )

    @property
    def total_price(self) -> Decimal:
        return sum((line.signed_price for line in self.prices), Decimal("0"))


class AppointmentExtra(TenantScoped, db.Model):
    __tablename__ = "appointment_extras"
    # Rows of an appointment are read inside its tenant (tenant_id = ? AND appointment_id = ?): without
    # this index SQLite may pick the tenant_id index and scan every row of the tenant. Same below.
    __table_args__ = (Index("ix_appointment_extras_tenant_appointment", "tenant_id", "appointment_id"),
                      NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    extra_id: Mapped[int] = mapped_column(ForeignKey("service_extras.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    price: Mapped[Decimal] = mapped_column(Money)  # unit price at booking time
    duration: Mapped[int] = mapped_column(Integer, default=0)  # minutes per unit at booking time

    appointment: Mapped[Appointment] = relationship(back_populates="extras")
    extra: Mapped[ServiceExtra] = relationship()


class StaffAppointmentCount(TenantScoped, db.Model):
    """How many appointments a staff member has, kept by the database itself.

    Triggers on ``appointments`` (migration 0004: every insert, delete and change of staff member, on
    SQLite and PostgreSQL alike) keep it exact whoever writes the rows, so the total of a list narrowed
    only by staff member sums a few of these rows instead of counting a tenant's appointments one by one.
    Nothing in the application writes it.
    """

    __tablename__ = "staff_appointment_counts"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    appointments: Mapped[int] = mapped_column(Integer)


class AppointmentPrice(TenantScoped, db.Model):
    """One price line (Booknetic ``appointment_prices``): service_price, service_extra, discount, ..."""

    __tablename__ = "appointment_prices"
    __table_args__ = (Index("ix_appointment_prices_tenant_appointment", "tenant_id", "appointment_id"),
                      NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    unique_key: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal] = mapped_column(Money)  # absolute value
    negative_or_positive: Mapped[int] = mapped_column(Integer, default=1)  # +1 adds, -1 subtracts

    appointment: Mapped[Appointment] = relationship(back_populates="prices")

    @property
    def signed_price(self) -> Decimal:
        return self.price * self.negative_or_positive


class StatusChange(TenantScoped, db.Model):
    """Audit trail: every status transition of an appointment, who made it, through which API."""

    __tablename__ = "appointment_status_changes"
    __table_args__ = (Index("ix_appointment_status_changes_tenant_appointment", "tenant_id", "appointment_id"),
                      NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(32))  # booknetic | teambooking | cli | site-file
    reason: Mapped[str | None] = mapped_column(Text)

    appointment: Mapped[Appointment] = relationship(back_populates="status_changes")


class Notification(TenantScoped, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_tenant_user", "tenant_id", "user_id", "id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64), default="in_app_notification")
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    action_type: Mapped[str] = mapped_column(String(32), default="detail")
    action_data: Mapped[str | None] = mapped_column(Text)  # a JSON string, as Booknetic stores it
    read_at: Mapped[datetime | None] = mapped_column(DateTime)  # UTC
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # UTC



#: The models with collation keys (Booknetic's MySQL searches and orders their text by
#: ``utf8mb4_unicode_ci``, :mod:`wpcompat.collation`): per model, each key's attribute and derivation.
KEYS: dict[type, tuple[tuple[str, Callable[[Any], str]], ...]] = {
    model: tuple((model.__mapper__.get_property_by_column(column).key, column.info["key_of"])
                 for column in model.__table__.columns if "key_of" in column.info)
    for model in (Location, Service, Staff, Customer)
}


def fill_keys(row: object) -> None:
    """Set ``row``'s collation keys from its text (an unchanged key is not written again)."""
    for attribute, key_of in KEYS[type(row)]:
        setattr(row, attribute, key_of(row))


def _fill_keys(mapper, connection, row) -> None:
    fill_keys(row)


# Every ORM insert and update of these rows keeps the keys right, whoever writes (both adapters, the CLI,
# the site-file loader). No code updates their text with Core statements.
for _model in KEYS:
    event.listen(_model, "before_insert", _fill_keys)
    event.listen(_model, "before_update", _fill_keys)
