"""The site-file loader: what a file creates, where its errors point, and that a refused file writes nothing."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, BusinessHours, Customer, Notification, Service, Staff
from wpcompat.extensions import db
from wpcompat.platform import accounts
from wpcompat.platform.models import Site, Tenant
from wpcompat.sitefile import SiteFileError, demo_site, load_site, read_site_file

from .sitefile_support import DROP, edited, golden_site, row_counts

DEMO_COUNTS = {"plans": 2, "tenants": 2, "users": 4, "application_passwords": 4, "teambooking_tokens": 3,
               "locations": 2, "service_categories": 3, "services": 4, "service_extras": 1, "staff": 3,
               "customers": 3, "appointments": 5, "notifications": 1}


def epoch(iso: str, zone: str = "UTC") -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(zone)).timestamp())


def as_tenant(slug: str):
    return tenancy.tenant(db.session.execute(select(Tenant.id).where(Tenant.slug == slug)).scalar_one())


def rows(model) -> list:
    """The active tenant's rows of ``model``, in id order."""
    return list(db.session.execute(select(model).order_by(model.id)).scalars())


def test_demo_site_loads_every_row(app):
    with app.app_context():
        report = load_site(demo_site())
        assert report.as_dict() == {"counts": DEMO_COUNTS, "generated_secrets": []}
        counts = row_counts()
        assert {k: counts[k] for k in ("site", "plans", "tenants", "users", "appointments", "notifications")} == {
            "site": 1, "plans": 2, "tenants": 2, "users": 4, "appointments": 5, "notifications": 1}
        site = db.session.execute(select(Site)).scalar_one()
        assert (site.name, site.url, site.tenant_urls) == (
            "Demo Booking Platform", "http://127.0.0.1:8080", "directory")

        admin_id, anna_id = accounts.find_user("aurora-admin").id, accounts.find_user("anna").id
        with as_tenant("aurora"):
            swedish = rows(Service)[0]
            assert (swedish.slug, swedish.price, swedish.buffer_after, swedish.category.name) == (
                "swedish-massage", Decimal("50.00"), 15, "Massage")
            anna = rows(Staff)[0]
            assert anna.user_id == anna_id
            assert [s.slug for s in anna.services] == ["swedish-massage", "deep-tissue"]
            assert [loc.name for loc in anna.locations] == ["Canal House"]
            assert anna.timesheet["mon"] == [["09:00", "12:00"], ["13:00", "17:00"]] and anna.timesheet["sat"] == []
            assert anna.days_off == ["2030-12-25"]

            a1, a2 = rows(Appointment)[:2]
            start = epoch("2030-01-07T10:00:00", "Europe/Amsterdam")  # local to the tenant: 09:00 UTC
            assert start == int(datetime(2030, 1, 7, 9, tzinfo=timezone.utc).timestamp())
            assert (a1.starts_at, a1.ends_at, a1.busy_to) == (start, start + 75 * 60, start + 90 * 60)
            assert (a1.status, a1.payment_status, a1.paid_amount, a1.total_price) == (
                "approved", "paid", Decimal("60.00"), Decimal("60.00"))
            assert [(e.extra.name, e.quantity) for e in a1.extras] == [("Hot stones", 1)]
            assert [c.source for c in a1.status_changes] == ["site-file"]

            note = rows(Notification)[0]
            assert (note.user_id, note.title, note.read_at) == (admin_id, "New booking", None)
            assert note.action_data == '{"url":"appointments.info","id":%d}' % a2.id
        with as_tenant("borealis"):
            assert rows(Appointment)[0].starts_at == epoch("2030-01-07T09:00:00", "America/New_York")


def test_golden_site_reproduces_the_booknetic_seed(app):
    with app.app_context():
        report = load_site(golden_site())
        assert report.counts["appointments"] == 5
        with as_tenant("golden"):
            booked, notes, customers = rows(Appointment), rows(Notification), rows(Customer)
            totals = [a.total_price for a in booked]
            staff = rows(Staff)
        # SEED.md: epochs as stored by Booknetic 5.1.2.
        assert [(a.starts_at, a.ends_at, a.busy_from, a.busy_to) for a in booked] == [
            (1796119200, 1796121900, 1796119200, 1796121900),
            (1796133600, 1796139000, 1796133600, 1796139600),
            (1796209200, 1796212800, 1796208900, 1796213700),
            (1794322800, 1794324600, 1794322800, 1794324600),
            (1796288400, 1796290200, 1796288400, 1796290200),
        ]
        assert [a.status for a in booked] == ["approved", "pending", "approved", "canceled", "pending"]
        assert [(a.payment_status, a.paid_amount) for a in booked][1:3] == [("not_paid", 0), ("paid", Decimal("60.00"))]
        assert totals == [Decimal("40.00"), Decimal("80.00"), Decimal("60.00"), Decimal("30.00"), Decimal("25.00")]
        assert [a.note for a in booked] == ["First visit", None, None, None, "Bring photo"]
        assert [(s.phone_number, s.profession) for s in staff] == [("+1 555 0111", "Stylist"),
                                                                   ("+1 555 0122", "Massage therapist")]
        assert notes[0].action_data == '{"url":"appointments.info","id":%d}' % booked[0].id and notes[0].read_at is None
        carlos = next(c for c in customers if c.first_name == "Carlos")
        assert notes[1].action_data == '{"url":"customers.info","id":%d}' % carlos.id and notes[1].read_at is not None
        assert accounts.find_user("platform-owner") is None  # no platform owner: the tenant's admin is user 1
        assert accounts.find_user("admin").id == 1
        admin = accounts.find_user("admin")
        assert accounts.verify_application_password(admin, "Gold enAd minP assw ord0 0001") is not None


def test_an_iso_time_with_an_offset_is_taken_as_given(app):
    with app.app_context():
        load_site(edited(("tenants", 0, "appointments", 1, "starts_at"), "2030-01-08T14:00:00+00:00"))
        with as_tenant("aurora"):
            assert rows(Appointment)[1].starts_at == epoch("2030-01-08T14:00:00")


def test_mysqls_zero_birthday_loads_as_the_domains_zero_date(app):
    from wpcompat.booking.customers import MYSQL_ZERO_DATE
    with app.app_context():
        load_site(edited(("tenants", 0, "customers", 0, "birthdate"), "0000-00-00"))
        with as_tenant("aurora"):
            assert rows(Customer)[0].birthdate == MYSQL_ZERO_DATE


def test_a_tenants_business_hours_are_its_company_timesheet_and_holidays(app):
    hours = {"timesheet": {"mon": [["08:00", "12:00"], ["13:00", "20:00"]], "sat": [["10:00", "14:00"]]},
             "days_off": ["2030-12-25"]}
    with app.app_context():
        load_site(edited(("tenants", 0, "business_hours"), hours))
        with as_tenant("aurora"):
            week = {"mon": [["08:00", "12:00"], ["13:00", "20:00"]], "tue": [], "wed": [], "thu": [], "fri": [],
                    "sat": [["10:00", "14:00"]], "sun": []}  # stored as a staff member's: every day, [] = off
            assert [(row.timesheet, row.days_off) for row in rows(BusinessHours)] == [(week, ["2030-12-25"])]
        with as_tenant("borealis"):
            assert rows(BusinessHours) == []  # without the key a tenant has none


ALL_MODULES = "appointments, customers, locations, services, staff, payments, dashboard, notifications"
REFUSED = [
    (("tenants", 1, "slug"), "borealis\n", "tenants[1].slug: a tenant slug is lower-case letters, digits and dashes"),
    (("tenants", 1, "slug"), "wp-json", "tenants[1].slug: 'wp-json' is reserved by WordPress"),
    (("tenants", 1, "users", 0, "login"), "owner\n", "tenants[1].users[0].login: a login is 1-60 letters, digits, spaces or _ . - @"),
    (("tenants", 1, "services", 0, "duration"), "sixty", "tenants[1].services[0].duration: Not a valid integer."),
    (("tenants", 1, "services", 0, "duration"), 0, "tenants[1].services[0].duration: must be at least 1"),
    (("tenants", 0, "services", 0, "durration"), 60, "tenants[0].services[0].durration: Unknown field."),
    (("tenants", 0, "appointments", 1, "customer"), "kim",
     "tenants[0].appointments[1].customer: no customer with ref 'kim' in this tenant"),
    (("tenants", 1, "staff", 0, "services"), ["intake", "swedish"],
     "tenants[1].staff[0].services[1]: no service with ref 'swedish' in this tenant"),
    (("tenants", 0, "appointments", 1, "starts_at"), "2030-01-08 25:00",
     "tenants[0].appointments[1].starts_at: '2030-01-08 25:00' is not a date and time "
     "(YYYY-MM-DDTHH:MM[:SS], optionally with an offset)"),
    (("tenants", 0, "appointments", 1, "starts_at"), "2030-03-31T02:30:00",
     "tenants[0].appointments[1].starts_at: 2030-03-31T02:30:00 does not exist in Europe/Amsterdam "
     "(skipped by a daylight-saving change)"),
    (("tenants", 0, "staff", 0, "timesheet", "mon", 1), ["11:00", "13:00"],
     "tenants[0].staff[0].timesheet.mon: intervals ['09:00', '12:00'] and ['11:00', '13:00'] overlap"),
    (("tenants", 0, "staff", 0, "timesheet", "tue", 0), ["9:00", "17:00"],
     "tenants[0].staff[0].timesheet.tue[0]: '9:00' is not a time (HH:MM, 00:00 to 23:59)"),
    (("tenants", 0, "business_hours"), {"timesheet": {"sun": [["20:00", "08:00"]]}},
     "tenants[0].business_hours.timesheet.sun[0]: the interval ends (08:00) before it starts (20:00)"),
    (("tenants", 0, "business_hours"), {"days_off": ["2030-02-30"]},
     "tenants[0].business_hours.days_off[0]: Not a valid date."),
    (("tenants", 0, "appointments", 1, "status"), "booked",
     "tenants[0].appointments[1].status: Must be one of: pending, approved, canceled, rejected."),
    (("tenants", 1, "timezone"), "America/New_Yrok",
     "tenants[1].timezone: unknown timezone 'America/New_Yrok' (an IANA name such as Europe/Amsterdam)"),
    (("tenants", 1, "slug"), "aurora", "tenants[1].slug: tenant slug 'aurora' is already used at tenants[0].slug"),
    (("tenants", 1, "users", 0, "login"), "anna",
     "tenants[1].users[0].login: login 'anna' is already used at tenants[0].users[1].login"),
    (("tenants", 1, "users", 0, "email"), "Anna@aurora.test",
     "tenants[1].users[0].email: email 'Anna@aurora.test' is already used at tenants[0].users[1].email"),
    (("tenants", 0, "services", 1, "slug"), "swedish-massage",
     "tenants[0].services[1].slug: service slug 'swedish-massage' is already used at tenants[0].services[0].slug"),
    (("tenants", 0, "service_categories", 2), {"ref": "massage", "name": "Other"},
     "tenants[0].service_categories[2].ref: ref 'massage' is already used at tenants[0].service_categories[0].ref"),
    (("tenants", 0, "customers", 1, "email"), "SAM@example.test",
     "tenants[0].customers[1].email: customer email 'SAM@example.test' is already used at "
     "tenants[0].customers[0].email"),
    (("tenants", 1, "teambooking_tokens", 0, "token"), "auroraWRITEtoken00000000000000ab",
     "tenants[1].teambooking_tokens[0].token: the same token is already used at "
     "tenants[0].teambooking_tokens[0].token"),
    (("tenants", 0, "users", 0, "capabilities"), ["appointments"],
     "tenants[0].users[0].capabilities: capabilities are for staff users only"),
    (("plans", 0, "modules", 0), "billing", f"plans[0].modules[0]: Must be one of: {ALL_MODULES}."),
    (("tenants", 0, "staff", 0, "user"), "aurora-admin",
     "tenants[0].staff[0].user: no staff user with login 'aurora-admin' in this tenant"),
    (("tenants", 0, "appointments", 0, "weight"), 2,
     "tenants[0].appointments[0].weight: service 'swedish' has 1 seat(s)"),
    (("tenants", 0, "appointments", 0, "extras", 0, "quantity"), 2,
     "tenants[0].appointments[0].extras[0].quantity: 'stones' allows at most 1"),
    (("tenants", 0, "appointments", 1, "extras"), [{"extra": "stones", "quantity": 1}],
     "tenants[0].appointments[1].extras[0].extra: service 'deep' has no extra with ref 'stones'"),
    (("tenants", 0, "appointments", 1, "service"), "flow",
     "tenants[0].appointments[1].staff: staff 'anna' does not provide service 'flow'"),
    (("tenants", 0, "appointments", 1, "location"), "park",
     "tenants[0].appointments[1].location: staff 'anna' does not work at 'park'"),
    (("tenants", 1, "services", 0, "price"), 80.125, "tenants[1].services[0].price: at most two decimal places"),
    (("tenants", 1, "users", 0, "application_passwords", 0, "password"), "short",
     "tenants[1].users[0].application_passwords[0].password: "
     "an application password has 24 letters and digits (spaces are ignored)"),
    (("tenants", 0, "teambooking_tokens", 1, "write"), "no",
     "tenants[0].teambooking_tokens[1].write: Not a valid boolean."),
    (("tenants", 0, "notifications", 0, "user"), "borealis-admin",
     "tenants[0].notifications[0].user: no user with login 'borealis-admin' in this tenant"),
    (("tenants", 0, "customers", 0, "birthdate"), "1990-02-30",
     "tenants[0].customers[0].birthdate: '1990-02-30' is not a birthday (YYYY-MM-DD from 1000-01-01, or 0000-00-00)"),
    (("tenants", 0, "customers", 0, "birthdate"), "0999-12-31",
     "tenants[0].customers[0].birthdate: '0999-12-31' is not a birthday (YYYY-MM-DD from 1000-01-01, or 0000-00-00)"),
    (("tenants",), {}, "tenants: Not a valid list."),
    (("site",), DROP, "site: required: this database has no site yet"),
    # Found while building, after the first tenant's rows were written: they must go too.
    (("tenants", 1, "plan"), "gold", "tenants[1].plan: no plan with slug 'gold' in the file or the database"),
]


@pytest.mark.parametrize("path, value, expected", REFUSED, ids=[r[2].split(":")[0] + f"={r[1]!r}" for r in REFUSED])
def test_a_refused_file_names_the_path_and_writes_nothing(app, path, value, expected):
    with app.app_context():
        with pytest.raises(SiteFileError) as refused:
            load_site(edited(path, value))
        assert str(refused.value) == expected
        assert (refused.value.path, refused.value.message) == tuple(expected.split(": ", 1))
        assert set(row_counts().values()) == {0}, row_counts()


def test_every_problem_is_listed(app):
    data = edited(("tenants", 1, "currency"), "usd", edited(("tenants", 0, "services", 0, "price"), -1))
    with app.app_context(), pytest.raises(SiteFileError) as refused:
        load_site(data)
    assert refused.value.problems == [
        ("tenants[0].services[0].price", "must be between 0 and 9999999999.99"),
        ("tenants[1].currency", "a currency is an ISO 4217 code such as EUR"),
    ]


def test_loading_the_same_file_twice_is_refused_for_the_duplicates(app):
    with app.app_context():
        load_site(demo_site())
        before = row_counts()
        second = demo_site()
        expected = ['site: this database already has a site (leave "site" out to add to it)',
                    "plans[0].slug: a plan with slug 'starter' exists",
                    "owner.login: a user with login 'platform-owner' exists",
                    "tenants[0].slug: a tenant with slug 'aurora' exists"]
        for key, message in zip(("site", "plans", "owner", None), expected):
            with pytest.raises(SiteFileError) as refused:
                load_site(second)
            assert str(refused.value) == message
            assert row_counts() == before
            if key:
                del second[key]
        # A new tenant on an existing plan loads; its users and tokens must still be new.
        newcomer = {"tenants": [second["tenants"][0] | {"slug": "aurora-2"}]}
        with pytest.raises(SiteFileError) as refused:
            load_site(newcomer)
        assert str(refused.value) == "tenants[0].users[0].login: a user with login 'aurora-admin' exists"
        for user in newcomer["tenants"][0]["users"]:
            user.update(login=f"{user['login']}-2", email=f"2-{user['email']}")
        newcomer["tenants"][0]["staff"][0]["user"] = "anna-2"
        newcomer["tenants"][0]["notifications"][0]["user"] = "aurora-admin-2"
        with pytest.raises(SiteFileError) as refused:
            load_site(newcomer)
        assert str(refused.value) == "tenants[0].teambooking_tokens[0].token: that TeamBooking token is in use"
        assert row_counts() == before
        for token in newcomer["tenants"][0]["teambooking_tokens"]:
            del token["token"]
        report = load_site(newcomer)
        assert [(s.kind, s.label) for s in report.secrets] == [("teambooking_token", "write"),
                                                                ("teambooking_token", "read")]
        assert row_counts()["tenants"] == 3


def test_omitted_secrets_are_generated_hashed_and_work(app):
    site = {
        "site": {"name": "S", "url": "http://wp.test", "timezone": "UTC", "tenant_urls": "directory"},
        "plans": [{"slug": "basic", "name": "Basic", "modules": ["appointments"]}],
        "owner": {"login": "boss", "email": "boss@example.test"},
        "tenants": [{"slug": "t1", "name": "T1", "plan": "basic", "timezone": "UTC", "currency": "USD",
                     "users": [{"login": "t1-admin", "email": "a@t1.test", "role": "tenant_owner",
                                "application_passwords": [{"name": "CRM"}]}],
                     "teambooking_tokens": [{"write": False}]}],
    }
    with app.app_context():
        report = load_site(site)
        by_kind = {s.kind: s for s in report.secrets}
        assert [(s.kind, s.path, s.subject, s.label) for s in report.secrets] == [
            ("owner_password", "owner.password", "boss", "owner"),
            ("application_password", "tenants[0].users[0].application_passwords[0].password", "t1-admin", "CRM"),
            ("teambooking_token", "tenants[0].teambooking_tokens[0].token", "t1", "read"),
        ]
        owner = accounts.find_user("boss")
        assert check_password_hash(owner.password_hash, by_kind["owner_password"].secret)
        admin = accounts.find_user("t1-admin")
        password = by_kind["application_password"].secret
        record = accounts.verify_application_password(admin, password)
        assert record is not None and record.password_hash.startswith("$generic$")
        assert password not in record.password_hash
        token = accounts.find_token(by_kind["teambooking_token"].secret)
        assert token is not None and token.write is False and token.token_hash != by_kind["teambooking_token"].secret


def test_secrets_given_in_the_file_are_stored_hashed(app):
    with app.app_context():
        load_site(demo_site())
        admin = accounts.find_user("aurora-admin")
        record = accounts.verify_application_password(admin, "AbCd EfGh IjKl MnOp QrSt UvWx")
        assert record is not None and "AbCd" not in record.password_hash
        token = accounts.find_token("auroraWRITEtoken00000000000000ab")
        assert token.write is True and token.tenant_id == accounts.find_tenant("aurora").id
        assert check_password_hash(accounts.find_user("platform-owner").password_hash, "change-me-owner")


def test_unreadable_json_is_refused(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"site": {"name": "x",}}')
    with pytest.raises(SiteFileError) as refused:
        read_site_file(str(broken))
    assert str(refused.value) == (
        "$: not valid JSON: Expecting property name enclosed in double quotes (line 1, column 23)")
    repeated = tmp_path / "repeated.json"
    repeated.write_text('{"plans": [], "plans": []}')
    with pytest.raises(SiteFileError) as refused:
        read_site_file(str(repeated))
    assert str(refused.value) == "$: the key 'plans' appears twice in one object"
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"site": {"name": "Caf\u00e9"}}'.encode("latin-1"))
    with pytest.raises(SiteFileError) as refused:
        read_site_file(str(latin1))
    assert str(refused.value) == "$: not UTF-8 text"


def test_plans_limits_tenant_settings_special_days_and_the_owners_password(app):
    from wpcompat.booking.models import Staff
    from wpcompat.platform.models import Plan, Tenant

    data = demo_site()
    data["plans"][0]["rate_limits"] = {"authenticated": "1200/minute"}
    data["tenants"][0].update({"default_status": "pending", "suspended": True})
    data["tenants"][0]["staff"][0]["special_days"] = {"2030-12-24": [["09:00", "13:00"]], "2030-12-31": []}
    with app.app_context():
        load_site(data)
        db.session.commit()
        with tenancy.all_tenants():
            plan = db.session.query(Plan).filter_by(slug=data["plans"][0]["slug"]).one()
            tenant = db.session.query(Tenant).filter_by(slug="aurora").one()
            staff = db.session.query(Staff).filter_by(name=data["tenants"][0]["staff"][0]["name"]).one()
            assert plan.rate_limits == {"authenticated": "1200/minute"}
            assert (tenant.default_status, tenant.suspended_at is not None) == ("pending", True)
            assert staff.special_days == {"2030-12-24": [["09:00", "13:00"]], "2030-12-31": []}
        assert accounts.find_user("platform-owner").application_passwords[0].name == "Operations"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["plans"][0].update(rate_limits={"authenticated": "lots"}),
     "plans[0].rate_limits.authenticated: 'lots' is not a limit such as 600/minute."),
    (lambda d: d["tenants"][0]["staff"][0].update(special_days={"2030-12-24": [["13:00", "09:00"]]}),
     "tenants[0].staff[0].special_days"),
])
def test_bad_limits_and_special_days_are_named(app, change, message):
    data = demo_site()
    change(data)
    with app.app_context(), pytest.raises(SiteFileError) as refused:
        load_site(data)
    assert message in str(refused.value)
