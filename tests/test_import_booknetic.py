"""The Booknetic reader: the tenant imports built from a real MariaDB holding Booknetic's tables.

Plain Booknetic (the salon: every row exactly), Booknetic SaaS (tenants isolated by tenant_id, plans from
their permissions, users claimed once), and each case the reader turns into a note or a problem.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from wpcompat.booking.customers import MYSQL_ZERO_DATE
from wpcompat.platform.models import MODULES, Role
from wpcompat.wordpress_import import booknetic, core
from wpcompat.wordpress_import.findings import Finding, Findings
from wpcompat.wordpress_import.plan import ROW_TABLES
from wpcompat.wordpress_import.source import WordPressSource

from .wordpress_booknetic import Booknetic, booknetic_saas, booknetic_salon, local_epoch, one_day, week
from .wordpress_support import WordPressSite, wordpress_site  # noqa: F401 (the fixture)


def read(site: WordPressSite, tenant_slug: str | None = "aurora-spa"):
    """(tenant imports, findings, SaaS owner or None) as the orchestrator reads them."""
    findings = Findings()
    with WordPressSource(site.url, site.prefix) as source:
        assert booknetic.present(source)
        site_import = core.read_site(source, findings)
        users = core.read_users(source, findings)
        tenants = booknetic.read(source, site_import, users, tenant_slug, findings)
    return tenants, findings, booknetic.saas_owner(users)


def only(tenants):
    assert len(tenants) == 1
    return tenants[0]


def small_site(site: WordPressSite, saas: bool = False) -> Booknetic:
    """WordPress core and Booknetic's tables with location 1, service 1 (60 min, buffers 10/20), staff 1
    (at location 1, giving service 1), customer 1."""
    site.core()
    b = Booknetic(site).tables(saas=saas)
    b.location("Centre")
    b.service("Massage", "60.00", 60, buffer_before=10, buffer_after=20)
    b.staff("Anna", "anna@example.org", locations="1")
    b.service_staff(1, 1)
    b.customer("Sam", "Jansen", "sam@example.org")
    return b


def notes_of(findings: Findings, table: str) -> list[tuple]:
    return [(f.row_id, f.column, f.why) for f in findings.notes if f.table == table]


def problems(findings: Findings) -> list[tuple]:
    return [(f.table, f.row_id, f.column, f.why) for f in findings.problems]


# --- plain Booknetic: the salon, row by row ---

def test_salon_tenant_users_and_findings(wordpress_site):
    salon = booknetic_salon(wordpress_site)
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert (tenant.slug, tenant.name, tenant.timezone, tenant.currency, tenant.source) == (
        "aurora-spa", "Aurora Spa", "Europe/Vienna", "EUR", "booknetic")
    assert (tenant.plan.slug, tenant.plan.modules, tenant.wordpress_tenant_id) == ("booknetic", list(MODULES), None)
    # The administrator owns the tenant, staff users are staff, the customer's user a customer; the editor
    # (no Booknetic role) stays behind. Application passwords come with their hashes verbatim.
    assert [(u.id, u.login, u.role) for u in tenant.users] == [
        (1, "admin", Role.TENANT_OWNER), (2, "anna", Role.STAFF), (3, "ben", Role.STAFF), (4, "sam", Role.CUSTOMER)]
    admin, anna = tenant.users[0], tenant.users[1]
    assert [p.uuid for p in admin.application_passwords] == [salon.admin.app_uuid]
    assert admin.application_passwords[0].password_hash.startswith("$generic$")
    assert anna.application_passwords[0].password_hash.startswith("$P$")
    assert findings.problems == []
    assert findings.notes == [
        Finding("bkntc_timesheet", 3, "service_id", "a timesheet of service #5: per-service working hours are not "
                                                    "modelled (staff and company hours apply)"),
        Finding("bkntc_special_days", 1, None, "special day 2030-01-21 of staff #1 (10:00-14:00): dated exceptions "
                                               "to the week are not modelled"),
    ]
    assert set(tenant.rows) == set(ROW_TABLES)


COMPANY_WEEK = {**{day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
                "sat": [["10:00", "14:00"]]}


def test_salon_catalogue_rows(wordpress_site):
    booknetic_salon(wordpress_site)
    rows = only(read(wordpress_site)[0]).rows
    assert rows["business_hours"] == [{"id": 1, "timesheet": COMPANY_WEEK, "days_off": ["2030-12-25"]}]
    # Location created_at is Vienna time in Booknetic (CET in February): 10:00 there is 09:00 UTC.
    created = datetime(2024, 2, 1, 9, 0)
    assert rows["locations"] == [
        {"id": 1, "name": "Centre", "address": "Ringstraße 1, Wien", "phone_number": "+43 1 234",
         "notes": "Main salon", "image": None, "latitude": "48.2082", "longitude": "16.3738", "is_active": True,
         "created_at": created},
        {"id": 2, "name": "Harbour", "address": None, "phone_number": None, "notes": None, "image": "harbour.jpg",
         "latitude": None, "longitude": None, "is_active": False, "created_at": created},
        # Empty strings stay empty strings (Booknetic's raw rows show them so).
        {"id": 4, "name": "Old town", "address": "", "phone_number": "", "notes": None, "image": None,
         "latitude": None, "longitude": None, "is_active": True, "created_at": created},
    ]
    # parent_id 0 is Booknetic's "no parent".
    assert rows["service_categories"] == [{"id": 1, "name": "Hair", "parent_id": None},
                                          {"id": 2, "name": "Colour", "parent_id": 1},
                                          {"id": 3, "name": "Nails", "parent_id": None}]
    plain = {"buffer_before": 0, "buffer_after": 0, "capacity": 1, "color": None, "description": None, "image": None,
             "is_active": True, "approval": "none", "payment": "later", "timeslot_length": 0}
    assert rows["services"] == [
        {**plain, "id": 1, "slug": "haircut", "name": "Haircut", "category_id": 1, "duration": 45,
         "price": Decimal("30.00"), "buffer_before": 5, "buffer_after": 10, "color": "#53d56c",
         "description": "Wash, cut and style"},
        {**plain, "id": 2, "slug": "colouring", "name": "Colouring", "category_id": 2, "duration": 90,
         "price": Decimal("80.00"), "capacity": 2, "timeslot_length": 30},
        {**plain, "id": 5, "slug": "manicure", "name": "Manicure", "category_id": 3, "duration": 30,
         "price": Decimal("25.00"), "image": "manicure.png"},
    ]
    extra = {"min_quantity": 0, "max_quantity": 1, "is_active": True, "image": None, "notes": None}
    assert rows["service_extras"] == [
        {**extra, "id": 1, "service_id": 1, "name": "Hair wash", "price": Decimal("5.00"), "duration": 10},
        {**extra, "id": 2, "service_id": 2, "name": "Gloss", "price": Decimal("12.50"), "duration": 15,
         "max_quantity": 2},
        {**extra, "id": 3, "service_id": None, "name": "Head massage", "price": Decimal("8.00"), "duration": 10,
         "notes": "Any service"},
    ]


def test_salon_staff_rows(wordpress_site):
    booknetic_salon(wordpress_site)
    rows = only(read(wordpress_site)[0]).rows
    base = {"phone_number": None, "about": None, "profession": None, "profile_image": None, "is_active": True}
    assert rows["staff"] == [
        # Breaks cut the day into intervals; 24:00 stays midnight; the company's holiday is a day off too.
        {**base, "id": 1, "user_id": 2, "name": "Anna de Vries", "email": "anna@aurora.example",
         "phone_number": "+43 660 1", "about": "Ten years with scissors", "profession": "Stylist",
         "timesheet": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]],
                       "tue": [["09:00", "12:00"], ["13:00", "15:00"], ["15:30", "17:00"]],
                       "thu": [["13:00", "24:00"]]},
         "days_off": ["2030-01-14", "2030-12-25"]},
        # No timesheet of his own: Booknetic uses the company's.
        {**base, "id": 2, "user_id": 3, "name": "Ben Okafor", "email": "ben@aurora.example",
         "timesheet": COMPANY_WEEK, "days_off": ["2030-12-25"]},
        {**base, "id": 3, "user_id": None, "name": "Cleo Marsh", "email": "cleo@aurora.example", "is_active": False,
         "timesheet": COMPANY_WEEK, "days_off": ["2030-12-25"]},
    ]
    assert rows["staff_services"] == [{"staff_id": 1, "service_id": 1}, {"staff_id": 1, "service_id": 2},
                                      {"staff_id": 2, "service_id": 2}, {"staff_id": 2, "service_id": 5}]
    # "1,4" and "1"; Cleo's "" is no location.
    assert rows["staff_locations"] == [{"staff_id": 1, "location_id": 1}, {"staff_id": 1, "location_id": 4},
                                       {"staff_id": 2, "location_id": 1}]


def test_salon_customer_rows(wordpress_site):
    booknetic_salon(wordpress_site)
    rows = only(read(wordpress_site)[0]).rows
    base = {"phone_number": None, "notes": None, "profile_image": None, "created_by": None,
            "created_at": datetime(2024, 3, 1, 8, 0)}
    assert rows["customers"] == [
        {**base, "id": 1, "user_id": 4, "first_name": "Sam", "last_name": "Jansen", "email": "sam@aurora.example",
         "phone_number": "+31 6 1", "birthdate": date(1990, 5, 17), "gender": "male", "created_by": 1},
        # 0000-00-00 is MySQL's zero date; the gender "" stays "".
        {**base, "id": 2, "user_id": None, "first_name": "Mia", "last_name": "Novak", "email": "mia@example.org",
         "phone_number": "", "birthdate": MYSQL_ZERO_DATE, "gender": ""},
        # 23:30 Vienna summer time is 21:30 UTC.
        {**base, "id": 3, "user_id": None, "first_name": "Zoë", "last_name": "Brandt", "email": "zoe@example.org",
         "birthdate": None, "gender": None, "notes": "Prefers mornings", "created_by": 1,
         "created_at": datetime(2024, 6, 30, 21, 30)},
    ]


def test_salon_appointment_rows(wordpress_site):
    booknetic_salon(wordpress_site)
    rows = only(read(wordpress_site)[0]).rows
    monday, tuesday = local_epoch("2030-01-07 10:00"), local_epoch("2030-01-08 14:00")
    wednesday, december = local_epoch("2030-01-09 09:00"), local_epoch("2029-12-01 11:00")
    base = {"weight": 1, "payment_id": None, "recurring_id": None, "payment_method": "local",
            "payment_status": "not_paid", "awaiting_payment": False, "paid_amount": Decimal("0.00"), "note": None,
            "locale": "en_US", "client_timezone": "Europe/Vienna"}
    assert rows["appointments"] == [
        {**base, "id": 1, "location_id": 1, "service_id": 1, "staff_id": 1, "customer_id": 1, "status": "approved",
         "starts_at": monday, "ends_at": monday + 55 * 60, "busy_from": monday - 5 * 60,
         "busy_to": monday + 65 * 60, "payment_id": "5f2b1c0e9d8a7b6c5d4e3f2a1b0c9d8e", "note": "First visit",
         "created_at": monday - 86400},
        # Pending with an online payment started: TeamBooking's "pending" (awaiting payment).
        {**base, "id": 2, "location_id": 1, "service_id": 2, "staff_id": 2, "customer_id": 2, "status": "pending",
         "starts_at": tuesday, "ends_at": tuesday + 120 * 60, "busy_from": tuesday, "busy_to": tuesday + 120 * 60,
         "weight": 2, "payment_method": "stripe", "payment_status": "pending", "awaiting_payment": True,
         "locale": "de_DE", "client_timezone": "Europe/London", "created_at": tuesday - 86400},
        {**base, "id": 3, "location_id": None, "service_id": 1, "staff_id": 1, "customer_id": 3, "status": "canceled",
         "starts_at": wednesday, "ends_at": wednesday + 45 * 60, "busy_from": wednesday - 5 * 60,
         "busy_to": wednesday + 55 * 60, "note": "", "created_at": wednesday - 86400},
        {**base, "id": 4, "location_id": 4, "service_id": 5, "staff_id": 2, "customer_id": 1, "status": "rejected",
         "starts_at": december, "ends_at": december + 30 * 60, "busy_from": december, "busy_to": december + 30 * 60,
         "payment_status": "paid", "paid_amount": Decimal("25.00"), "created_at": december - 86400},
    ]
    assert rows["appointment_extras"] == [
        {"id": 1, "appointment_id": 1, "extra_id": 1, "quantity": 1, "price": Decimal("5.00"), "duration": 10},
        {"id": 2, "appointment_id": 2, "extra_id": 2, "quantity": 2, "price": Decimal("12.50"), "duration": 15}]
    assert [(p["id"], p["appointment_id"], p["unique_key"], p["price"], p["negative_or_positive"])
            for p in rows["appointment_prices"]] == [
        (1, 1, "service_price", Decimal("30.00"), 1), (2, 1, "service_extra", Decimal("5.00"), 1),
        (3, 2, "service_price", Decimal("160.00"), 1), (4, 2, "service_extra", Decimal("25.00"), 1),
        (5, 2, "discount", Decimal("18.50"), -1), (6, 3, "service_price", Decimal("30.00"), 1),
        (7, 4, "service_price", Decimal("25.00"), 1)]
    # Local (Vienna) times in Booknetic, UTC here; action_data as PHP encoded it.
    assert rows["notifications"] == [
        {"id": 1, "user_id": 1, "type": "in_app_notification", "title": "New appointment",
         "message": "Sam Jansen booked Haircut", "action_type": "detail",
         "action_data": '{"url":"appointments\\/info","id":1}', "read_at": None,
         "created_at": datetime(2030, 1, 6, 11, 0)},
        {"id": 2, "user_id": 2, "type": "in_app_notification", "title": "Appointment changed",
         "message": "Zoë Brandt: canceled", "action_type": "detail",
         "action_data": '{"url":"appointments\\/info","id":3}', "read_at": datetime(2030, 1, 6, 12, 15),
         "created_at": datetime(2030, 1, 6, 11, 0)},
    ]


def test_plain_booknetic_needs_a_tenant_slug(wordpress_site):
    small_site(wordpress_site)
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert tenants == []
    assert problems(findings) == [("bkntc_tenants", None, None, "plain Booknetic (no SaaS add-on) goes into one "
                                   "tenant: name it with --tenant SLUG (lower-case letters, digits, dashes)")]
    tenants, findings, _ = read(wordpress_site, tenant_slug="Not A Slug")
    assert tenants == [] and problems(findings) == [("bkntc_tenants", None, None, "'Not A Slug' is not a tenant slug")]


# --- Booknetic SaaS ---

def test_saas_tenants_are_isolated_by_tenant_id(wordpress_site):
    platform = booknetic_saas(wordpress_site)
    tenants, findings, owner = read(wordpress_site, tenant_slug=None)
    assert findings.problems == []
    aurora, birch = tenants
    assert [(t.slug, t.name, t.timezone, t.currency, t.source, t.wordpress_tenant_id) for t in tenants] == [
        ("aurora", "Aurora Spa", "Europe/Vienna", "EUR", "booknetic-saas", 1),
        ("birch", "Birch Barbers", "Europe/London", "GBP", "booknetic-saas", 2)]
    # Tenant 1 is on plan 2 (Basic: no locations, no payments), tenant 2 on plan 1 (Pro).
    assert (aurora.plan.slug, aurora.plan.name, aurora.plan.modules) == (
        "basic", "Basic", ["appointments", "customers", "services", "staff", "dashboard", "notifications"])
    assert (birch.plan.slug, birch.plan.modules) == ("pro", list(MODULES))
    ids = {t.slug: {table: [row.get("id") for row in rows] for table, rows in t.rows.items()} for t in tenants}
    assert ids["aurora"] == {
        "business_hours": [1], "locations": [1, 3], "service_categories": [], "services": [2], "service_extras": [],
        "staff": [2], "staff_services": [None], "staff_locations": [None, None], "customers": [1],
        "appointments": [2], "appointment_extras": [], "appointment_prices": [2], "notifications": [1]}
    assert ids["birch"] == {
        "business_hours": [2], "locations": [2], "service_categories": [], "services": [1], "service_extras": [],
        "staff": [1], "staff_services": [None], "staff_locations": [None], "customers": [2],
        "appointments": [1], "appointment_extras": [], "appointment_prices": [1], "notifications": [2]}
    assert aurora.rows["staff_locations"] == [{"staff_id": 2, "location_id": 1}, {"staff_id": 2, "location_id": 3}]
    assert birch.rows["staff_services"] == [{"staff_id": 1, "service_id": 1}]
    assert aurora.rows["business_hours"][0]["timesheet"] == {"mon": [["09:00", "18:00"]]}
    # Each tenant's owner and staff; the administrator is the platform's owner, in no tenant.
    assert [(u.id, u.role) for u in aurora.users] == [(10, Role.TENANT_OWNER), (12, Role.STAFF)]
    assert [(u.id, u.role) for u in birch.users] == [(11, Role.TENANT_OWNER)]
    assert birch.users[0].application_passwords[0].uuid == platform.birch.app_uuid
    assert (owner.id, owner.login, owner.role) == (1, "cloudadmin", Role.ADMINISTRATOR)
    assert owner.application_passwords[0].uuid == platform.owner.app_uuid
    assert notes_of(findings, "bkntc_plans") == [
        (1, "permissions", "capabilities without a module of ours: settings, workflow"),
        (2, "permissions", "capabilities without a module of ours: settings"),
        (2, "permissions", "limits not enforced: services_allowed_max_number 5, staff_allowed_max_number 2")]


def test_saas_rows_of_no_tenant_are_notes(wordpress_site):
    booknetic_saas(wordpress_site)
    Booknetic(wordpress_site).location("Platform template")  # tenant_id NULL: id 4
    Booknetic(wordpress_site, tenant_id=9).customer("Gone", "Tenant", "gone@example.org")  # id 3
    wordpress_site.insert("bkntc_appointment_prices", appointment_id=77, unique_key="service_price", price="1.00",
                          negative_or_positive=1)  # id 3
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert [row["id"] for t in tenants for row in t.rows["locations"]] == [1, 3, 2]
    assert [row["id"] for t in tenants for row in t.rows["customers"]] == [1, 2]
    assert notes_of(findings, "bkntc_locations") == [(4, "tenant_id", "no tenant (the SaaS platform's own row): "
                                                                      "not imported")]
    assert notes_of(findings, "bkntc_customers") == [(3, "tenant_id", "tenant #9 does not exist: not imported")]
    assert notes_of(findings, "bkntc_appointment_prices") == [(3, "appointment_id", "appointment #77 does not "
                                                                                    "exist: not imported")]
    assert findings.problems == []


def test_saas_a_user_belongs_to_one_tenant(wordpress_site):
    booknetic_saas(wordpress_site)
    wordpress_site.user(20, "shared", "shared@example.org", ["booknetic_customer"])
    # User 20 is a customer of both tenants; birch's staff member is linked to the platform's administrator.
    a, b = Booknetic(wordpress_site, 1), Booknetic(wordpress_site, 2)
    a.customer("Shared", "One", "shared@example.org", user_id=20)  # id 3
    b.customer("Shared", "Two", "shared@example.org", user_id=20, created_by=10)  # id 4: aurora's owner made it
    wordpress_site.execute("UPDATE {prefix}bkntc_staff SET user_id = 1 WHERE id = 1")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    aurora, birch = tenants
    assert [(u.id, u.role) for u in aurora.users] == [(10, Role.TENANT_OWNER), (12, Role.STAFF), (20, Role.CUSTOMER)]
    assert [(u.id, u.role) for u in birch.users] == [(11, Role.TENANT_OWNER)]
    assert [(c["id"], c["user_id"], c["created_by"]) for c in birch.rows["customers"]] == [(2, None, None),
                                                                                          (4, None, None)]
    assert birch.rows["staff"][0]["user_id"] is None
    assert notes_of(findings, "bkntc_customers") == [
        (4, "user_id", "user #20 is imported as customer of tenant 'aurora' (a user belongs to one tenant): "
                       "link dropped"),
        (4, "created_by", "creator user #10 is not imported into this tenant: imported without a creator")]
    assert notes_of(findings, "bkntc_staff") == [
        (1, "user_id", "user #1 is the SaaS platform's owner, in no tenant: link dropped")]


def test_saas_tenant_owned_by_another_tenants_owner(wordpress_site):
    booknetic_saas(wordpress_site)
    wordpress_site.execute("UPDATE {prefix}bkntc_tenants SET user_id = 10 WHERE id = 2")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert [[(u.id, u.role) for u in t.users] for t in tenants] == [[(10, Role.TENANT_OWNER), (12, Role.STAFF)], []]
    assert notes_of(findings, "bkntc_tenants") == [
        (2, "user_id", "user #10 is imported as owner of tenant 'aurora' (a user belongs to one tenant): the tenant "
                       "is imported without an owner")]
    # Its notification, for user 10, stays with aurora's owner's tenant only.
    assert [n["id"] for t in tenants for n in t.rows["notifications"]] == [1]


def test_saas_expired_tenant_runs_on_the_expiry_plan(wordpress_site):
    booknetic_saas(wordpress_site)
    wordpress_site.insert("bkntc_plans", name="Expired", expire_plan=1, permissions='{"capabilities":{}}')  # id 3
    wordpress_site.execute("UPDATE {prefix}bkntc_tenants SET expires_in = '2020-01-31' WHERE id = 2")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert [(t.slug, t.plan.slug, t.plan.modules) for t in tenants] == [
        ("aurora", "basic", ["appointments", "customers", "services", "staff", "dashboard", "notifications"]),
        ("birch", "expired", ["notifications"])]
    assert notes_of(findings, "bkntc_tenants") == [
        (2, "expires_in", "expired on 2020-01-31: imported on the expiry plan #3 (as Booknetic runs it), not plan #1")]


def test_saas_tenant_without_a_plan_gets_the_default_plan(wordpress_site):
    booknetic_saas(wordpress_site)
    wordpress_site.execute("UPDATE {prefix}bkntc_tenants SET plan_id = NULL WHERE id = 2")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert [(t.slug, t.plan.slug) for t in tenants] == [("aurora", "basic"), ("birch", "basic")]
    assert notes_of(findings, "bkntc_tenants") == [(2, "plan_id", "no plan: imported on the default plan #2")]
    wordpress_site.execute("UPDATE {prefix}bkntc_plans SET is_default = 0")
    wordpress_site.execute("UPDATE {prefix}bkntc_tenants SET plan_id = 7 WHERE id = 1")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert tenants == []
    assert problems(findings) == [
        ("bkntc_tenants", 1, "plan_id", "plan #7 does not exist"),
        ("bkntc_tenants", 2, "plan_id", "no plan, and no plan is the default (is_default)")]


def test_saas_unusable_domain_and_plan_are_problems(wordpress_site):
    booknetic_saas(wordpress_site)
    wordpress_site.execute("UPDATE {prefix}bkntc_tenants SET domain = 'Aurora Spa' WHERE id = 1")
    wordpress_site.execute("UPDATE {prefix}bkntc_plans SET permissions = '{not json' WHERE id = 1")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None)
    assert tenants == []
    assert problems(findings) == [
        ("bkntc_plans", 1, "permissions", "not JSON: '{not json'"),
        ("bkntc_tenants", 1, "domain", "'Aurora Spa' is not a tenant slug (lower-case letters, digits and dashes)")]


# --- schedules ---

def test_timesheet_quirks(wordpress_site):
    b = small_site(wordpress_site)
    b.timesheet(week(mon=("09:00", "18:00", [("12:00", "13:00"), ("12:30", "14:00"), ("07:00", "08:00")]),
                     tue=("18:00", "09:00"), wed=("9:00", "24:00", [("22:00", "01:00")]), fri=("00:00", "24:00")),
                staff_id=1)
    b.timesheet(week(mon=("09:00", "17:00")), staff_id=1)  # a second one: Booknetic reads the first
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    # Overlapping breaks cut once; a break outside the day cuts nothing; a break past midnight runs to the end.
    assert tenant.rows["staff"][0]["timesheet"] == {
        "mon": [["09:00", "12:00"], ["14:00", "18:00"]], "wed": [["09:00", "22:00"]], "fri": [["00:00", "24:00"]]}
    assert tenant.rows["business_hours"] == []
    assert notes_of(findings, "bkntc_timesheet") == [
        (1, "timesheet", "tue: ends (09:00) before it starts (18:00), which Booknetic treats as no working time: "
                         "imported as a day off"),
        (2, None, "a second timesheet of staff #1: Booknetic reads the first, and so do we")]


def test_unreadable_timesheets_are_problems(wordpress_site):
    b = small_site(wordpress_site)
    b.timesheet("[{\"day_off\":0}]")
    b.timesheet(week(mon=("9 am", "18:00")), staff_id=1)
    b.special_day("2030-01-21", one_day("10:00", "25:00"), staff_id=1)
    tenants, findings, _ = read(wordpress_site)
    assert problems(findings) == [
        ("bkntc_timesheet", 1, "timesheet", "not a week of 7 day entries (Monday first)"),
        ("bkntc_timesheet", 2, "timesheet", "'9 am' is not a time (HH:MM)"),
        ("bkntc_special_days", 1, "timesheet", "'25:00' is not a time (HH:MM)")]


def test_holidays_and_special_days(wordpress_site):
    b = small_site(wordpress_site)
    b.timesheet(week(mon=("09:00", "18:00")))
    b.holiday("2030-05-01")
    b.holiday("2030-05-08", service_id=1)
    b.holiday("2030-05-09", staff_id=1)
    b.holiday("2030-05-10", staff_id=7)
    b.special_day("2030-06-01", one_day(None), service_id=1)
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert tenant.rows["business_hours"][0]["days_off"] == ["2030-05-01"]
    assert tenant.rows["staff"][0]["days_off"] == ["2030-05-01", "2030-05-09"]
    assert tenant.rows["staff"][0]["timesheet"] == {"mon": [["09:00", "18:00"]]}
    assert notes_of(findings, "bkntc_holidays") == [
        (2, "service_id", "a holiday of service #1 on 2030-05-08: per-service days off are not modelled"),
        (4, "staff_id", "staff #7 does not exist in this tenant: not imported")]
    assert notes_of(findings, "bkntc_special_days") == [
        (1, None, "special day 2030-06-01 of service #1 (a day off): dated exceptions to the week are not modelled")]


# --- catalogue, staff, customers ---

def test_options_shape_services(wordpress_site):
    b = small_site(wordpress_site)
    b.option("default_appointment_status", "pending")
    b.option("timeslot_length", "15")
    b.option("time_format", "g:i A")
    b.service("Facial", "40.00", 30, timeslot_length=45)
    tenants, findings, _ = read(wordpress_site)
    services = only(tenants).rows["services"]
    # New bookings are pending, as Booknetic's default status says; slot length 0 takes the option's 15.
    assert [(s["id"], s["approval"], s["timeslot_length"]) for s in services] == [(1, "admin", 15), (2, "admin", 45)]
    assert notes_of(findings, "options") == [
        ("bkntc_time_format", "option_value", "'g:i A' is not modelled: times are shown in Booknetic's default "
                                              "format")]


def test_currency_must_be_an_iso_code(wordpress_site):
    b = small_site(wordpress_site)
    b.option("currency", "euro")
    tenants, findings, _ = read(wordpress_site)
    assert problems(findings) == [("options", "bkntc_currency", "option_value",
                                   "currency 'euro' is not an ISO 4217 code")]


def test_service_settings_we_do_not_model_are_notes(wordpress_site):
    b = small_site(wordpress_site)
    b.service("Secret", "10.00", 30, is_visible=0, hide_price=1, deposit="20.00", deposit_type="price")  # id 2
    b.service("Weekly", "10.00", 30, is_recurring=1, hide_duration=1, deposit="0")  # id 3
    b.service("Haircut", "10.00", 30)  # id 4
    b.service("Haircut!", "10.00", 30)  # id 5: the same slug
    b.extra("Shown", "1.00", 2, hide_price=1, category_id=3)
    b.service_staff(2, 1, price="25.00")
    b.service_staff(3, 1, deposit="50.00")
    b.service_staff(3, 8)  # a deleted staff member's link
    b.service_staff(3, 1)  # twice
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert [s["slug"] for s in tenant.rows["services"]] == ["massage", "secret", "weekly", "haircut", "haircut-5"]
    assert notes_of(findings, "bkntc_services") == [
        (2, "is_visible", "hidden from the booking panel: imported as a visible service (we do not model visibility)"),
        (2, "hide_price", "hides its price: not modelled, imported as a plain service"),
        (2, "deposit", "a deposit of 20.00 (price): deposits are not modelled (the full price is due)"),
        (3, "hide_duration", "hides its duration: not modelled, imported as a plain service"),
        (3, "is_recurring", "is a recurring service: not modelled, imported as a plain service")]
    assert notes_of(findings, "bkntc_service_extras") == [
        (1, "hide_price", "hides its price: not modelled, imported as shown"),
        (1, "category_id", "extra categories are not modelled: imported without one")]
    assert notes_of(findings, "bkntc_service_staff") == [
        (2, "price", "staff #1's own price 25.00 for service #2: not modelled (the service's applies)"),
        (3, "deposit", "staff #1's own deposit 50.00 for service #3: not modelled (the service's applies)"),
        (4, "staff_id", "staff #8 does not exist in this tenant: link not imported"),
        (5, None, "staff #1 and service #3 are linked twice: imported once")]
    assert tenant.rows["staff_services"] == [{"staff_id": 1, "service_id": s} for s in (1, 2, 3)]


def test_staff_locations_and_links(wordpress_site):
    b = small_site(wordpress_site)
    b.location("Annex")  # id 2
    b.staff("Ben", "ben@example.org", locations=" 2, 9,,2 ,1", user_id=42, google_access_token="ya29.token")
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert tenant.rows["staff_locations"] == [{"staff_id": 1, "location_id": 1}, {"staff_id": 2, "location_id": 2},
                                              {"staff_id": 2, "location_id": 1}]
    assert tenant.rows["staff"][1]["user_id"] is None
    assert notes_of(findings, "bkntc_staff") == [
        (2, "user_id", "user #42 does not exist in WordPress: link dropped"),
        (2, "google_access_token", "a Google Calendar connection: not imported"),
        (2, "locations", "location #9 does not exist in this tenant: dropped from the staff member's locations")]


def test_users_with_a_booknetic_role_but_no_row_are_notes(wordpress_site):
    small_site(wordpress_site)
    wordpress_site.user(8, "former", "former@example.org", ["booknetic_staff"], app_passwords=[
        {"password": "FoRmErPaSsWoRd0123456789", "hash": "generic", "name": "Old app",
         "uuid": "5a0b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d"}])
    wordpress_site.user(9, "writer", "writer@example.org", ["editor"])
    tenants, findings, _ = read(wordpress_site)
    assert only(tenants).users == []
    assert notes_of(findings, "users") == [
        (8, None, "'former' has the role booknetic_staff but no Booknetic row links the user: not imported")]


def test_customer_links_and_categories(wordpress_site):
    b = small_site(wordpress_site)
    wordpress_site.user(7, "dana", "dana@example.org", ["subscriber"])
    b.customer("Dana", "Doe", "dana@example.org", user_id=7, category_id=2, created_by=99, created_at=None)
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    dana = tenant.rows["customers"][1]
    assert (dana["user_id"], dana["created_by"], "created_at" in dana) == (7, None, False)
    assert [(u.id, u.role) for u in tenant.users] == [(7, Role.CUSTOMER)]
    assert notes_of(findings, "bkntc_customers") == [
        (2, "created_by", "creator user #99 is not imported into this tenant: imported without a creator"),
        (2, "category_id", "customer categories are not modelled: imported without one")]


# --- appointments ---

def test_appointment_statuses_and_references(wordpress_site):
    b = small_site(wordpress_site)
    start = local_epoch("2030-03-04 10:00")
    common = {"service_id": 1, "staff_id": 1, "customer_id": 1, "minutes": 60}
    b.appointment(starts_at=start, status="no-show", **common)  # 1
    b.appointment(starts_at=start, payment_status="refunded", **common)  # 2
    b.appointment(starts_at=start, **{**common, "customer_id": 5})  # 3
    b.appointment(starts_at=start, location_id=8, **common)  # 4: a deleted location
    b.appointment(starts_at=start, busy_from=0, busy_to=0, **common)  # 5: busy span computed from buffers
    b.appointment(starts_at=0, **common)  # 6
    b.appointment(starts_at=start, extras=[(3, 1, "1.00", 0)], **common)  # 7: an extra that does not exist
    b.appointment(starts_at=start, prices=[("discount", "5.00", 0)], **common)  # 8
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert problems(findings) == [
        ("bkntc_appointments", 1, "status", "status 'no-show' is not one of pending, approved, canceled, rejected"),
        ("bkntc_appointments", 2, "payment_status",
         "payment status 'refunded' is not one of pending, paid, canceled, not_paid"),
        ("bkntc_appointments", 3, "customer_id", "customer #5 does not exist in this tenant"),
        ("bkntc_appointments", 6, "starts_at", "no valid time span (0 to 3600)"),
        ("bkntc_appointment_prices", 1, "negative_or_positive", "0 is neither 1 (adds) nor -1 (subtracts)")]
    by_id = {row["id"]: row for row in tenant.rows["appointments"]}
    assert sorted(by_id) == [4, 5, 7, 8]
    assert by_id[4]["location_id"] is None
    assert (by_id[5]["busy_from"], by_id[5]["busy_to"]) == (start - 10 * 60, start + 80 * 60)
    assert notes_of(findings, "bkntc_appointments") == [
        (4, "location_id", "location #8 does not exist in this tenant: imported without a location")]
    assert tenant.rows["appointment_extras"] == []
    assert notes_of(findings, "bkntc_appointment_extras") == [
        (1, "extra_id", "extra #3 does not exist in this tenant: the appointment is imported without this extra "
                        "(its times and price lines keep it)")]


def test_notifications_of_users_not_imported_are_notes(wordpress_site):
    b = small_site(wordpress_site)
    wordpress_site.user(1, "admin", "admin@example.org", ["administrator"])
    wordpress_site.user(5, "editor", "editor@example.org", ["editor"])
    b.notification(1, "Hello", "For the owner", read_at="0000-00-00 00:00:00")
    b.notification(5, "Hello", "For the editor")
    tenants, findings, _ = read(wordpress_site)
    tenant = only(tenants)
    assert [(n["id"], n["user_id"], n["read_at"]) for n in tenant.rows["notifications"]] == [(1, 1, None)]
    assert notes_of(findings, "bkntc_notifications") == [
        (2, "user_id", "for user #5, who is not imported into this tenant: not imported")]


@pytest.mark.parametrize("saas", [False, True])
def test_missing_optional_tables_are_notes(wordpress_site, saas):
    small_site(wordpress_site, saas=saas)
    wordpress_site.execute("DROP TABLE {prefix}bkntc_special_days")
    tenants, findings, _ = read(wordpress_site, tenant_slug=None if saas else "aurora-spa")
    assert notes_of(findings, "bkntc_special_days") == [(None, None, "no such table: nothing read")]


def test_tables_we_do_not_read_are_notes(wordpress_site):
    small_site(wordpress_site)
    wordpress_site.execute("CREATE TABLE {prefix}bkntc_workflows (id int(11) NOT NULL AUTO_INCREMENT, "
                           "name varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (id))")
    wordpress_site.execute("CREATE TABLE {prefix}bkntc_data (id int(11) NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))")
    wordpress_site.insert("bkntc_workflows", name="Remind the customer")
    wordpress_site.insert("bkntc_workflows", name="Thank the customer")
    _, findings, _ = read(wordpress_site)
    assert notes_of(findings, "bkntc_workflows") == [
        (None, None, "2 rows: workflows (e-mails, SMS, webhooks on events) are not modelled, not imported")]
    assert notes_of(findings, "bkntc_data") == []


def test_service_slugs_stay_unique(wordpress_site):
    b = small_site(wordpress_site)
    b.service("Massage 3", "1.00", 30)  # id 2: "massage-3"
    b.service("Massage!", "1.00", 30)  # id 3: "massage" and "massage-3" are taken
    b.service("***", "1.00", 30)  # id 4: nothing left of the name
    tenants, _, _ = read(wordpress_site)
    assert [s["slug"] for s in only(tenants).rows["services"]] == ["massage", "massage-3", "massage-3-2", "service-4"]
