"""The site file's schema: the platform (site, plans, owner), tenants, their users and credentials.

``SiteFileSchema().load(data)`` validates a whole file and returns plain dicts the loader builds rows
from. Unknown keys are refused (marshmallow's default), so a typo is an error rather than a silently
missing value. Errors come back nested by JSON path; :func:`~wpcompat.sitefile.errors.flatten` turns
them into ``tenants[1].services[0].duration: ...`` lines.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..booking.statuses import STATUSES
from ..platform import plans, secrets
from ..platform.names import RESERVED_SLUGS, TENANT_SLUG, is_login
from ..platform.models import MODULES
from . import references
from .booking_schema import (
    AppointmentSchema,
    BusinessHoursSchema,
    CustomerSchema,
    LocationSchema,
    NotificationSchema,
    ServiceCategorySchema,
    ServiceSchema,
    StaffSchema,
)
from .fields import Bool, Timezone, one_of, pattern, text, unique_list

LOGIN_ERROR = "a login is 1-60 letters, digits, spaces or _ . - @"
CAPABILITY = r"[a-z][a-z0-9_]*\Z"


def _login(value: str) -> None:
    if not is_login(value):
        raise ValidationError(LOGIN_ERROR)


class SiteSchema(Schema):
    name = text(max_length=200)
    description = text(required=False, max_length=500)
    url = fields.Url(required=True, require_tld=False, schemes={"http", "https"})
    timezone = Timezone(required=True)
    tenant_urls = one_of(("directory", "subdomain"))


def _limit(value: str) -> None:
    problem = plans.limit_problem(value)
    if problem:
        raise ValidationError(problem)


class RateLimitsSchema(Schema):
    """A plan's request limits (wpcompat.ratelimits): Flask-Limiter strings; a missing kind keeps the default."""

    authenticated = fields.String(validate=_limit)
    anonymous = fields.String(validate=_limit)


class PlanSchema(Schema):
    slug = pattern(r"^[a-z0-9][a-z0-9_-]{0,63}$", "a plan slug is lower-case letters, digits, '_' and '-'")
    name = text(max_length=200)
    modules = unique_list(one_of(MODULES), required=True)
    rate_limits = fields.Nested(RateLimitsSchema)


def _app_password(value: str) -> None:
    if len(secrets.normalize_app_password(value)) != secrets.APP_PASSWORD_LENGTH:
        raise ValidationError("an application password has 24 letters and digits (spaces are ignored)")


class ApplicationPasswordSchema(Schema):
    name = text()
    password = fields.String(validate=_app_password)
    app_id = fields.UUID()


class TeamBookingTokenSchema(Schema):
    token = pattern(rf"^[A-Za-z0-9]{{{secrets.TOKEN_LENGTH}}}$",
                    f"a TeamBooking token is {secrets.TOKEN_LENGTH} letters and digits", required=False)
    write = Bool(required=True)


class OwnerSchema(Schema):
    login = fields.String(required=True, validate=_login)
    email = fields.Email(required=True)
    password = fields.String(validate=validate.Length(min=8, error="a password has at least {min} characters"))
    display_name = text(required=False, max_length=250)
    # For the REST API (the owner's password signs in to the CLI only).
    application_passwords = fields.List(fields.Nested(ApplicationPasswordSchema), load_default=list)


class UserSchema(Schema):
    login = fields.String(required=True, validate=_login)
    email = fields.Email(required=True)
    role = one_of(("tenant_owner", "staff"))
    display_name = text(required=False, max_length=250)
    # Booknetic capability names granted to a staff user.
    capabilities = unique_list(pattern(CAPABILITY, "a capability is a lower-case Booknetic name"))
    application_passwords = fields.List(fields.Nested(ApplicationPasswordSchema), load_default=list)

    @validates_schema
    def _capabilities_for_staff(self, data: dict, **kwargs) -> None:
        if "capabilities" in data and data["role"] != "staff":
            raise ValidationError("capabilities are for staff users only", "capabilities")


def _tenant_slug(value: str) -> None:
    if TENANT_SLUG.fullmatch(value) is None:
        raise ValidationError("a tenant slug is lower-case letters, digits and dashes")
    if value in RESERVED_SLUGS:
        raise ValidationError(f"{value!r} is reserved by WordPress")


class TenantSchema(Schema):
    slug = fields.String(required=True, validate=_tenant_slug)
    name = text(max_length=200)
    plan = text(max_length=64)
    timezone = Timezone(required=True)
    currency = pattern(r"^[A-Z]{3}$", "a currency is an ISO 4217 code such as EUR")
    default_status = one_of(tuple(STATUSES), required=False, load_default="approved")
    suspended = Bool(load_default=False)
    business_hours = fields.Nested(BusinessHoursSchema)
    users = fields.List(fields.Nested(UserSchema), load_default=list)
    teambooking_tokens = fields.List(fields.Nested(TeamBookingTokenSchema), load_default=list)
    locations = fields.List(fields.Nested(LocationSchema), load_default=list)
    service_categories = fields.List(fields.Nested(ServiceCategorySchema), load_default=list)
    services = fields.List(fields.Nested(ServiceSchema), load_default=list)
    staff = fields.List(fields.Nested(StaffSchema), load_default=list)
    customers = fields.List(fields.Nested(CustomerSchema), load_default=list)
    appointments = fields.List(fields.Nested(AppointmentSchema), load_default=list)
    notifications = fields.List(fields.Nested(NotificationSchema), load_default=list)


class SiteFileSchema(Schema):
    # Optional so that a later file can add tenants to a platform an earlier file created.
    site = fields.Nested(SiteSchema)
    plans = fields.List(fields.Nested(PlanSchema), load_default=list)
    owner = fields.Nested(OwnerSchema)
    tenants = fields.List(fields.Nested(TenantSchema), load_default=list)

    @validates_schema
    def _references(self, data: dict, **kwargs) -> None:
        # Runs only once every object is valid on its own (marshmallow skips it after field errors).
        errors = references.check(data)
        if errors:
            raise ValidationError(errors)
