"""The TeamBooking reader: the TenantImport built from a real MariaDB holding TeamBooking 2.5.7's storage,
every serialized and deflated value made by PHP (tests/wordpress/php/commands/teambooking.php)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from wpcompat.platform.models import MODULES, Role
from wpcompat.wordpress_import import teambooking
from wpcompat.wordpress_import.core import read_site, read_users
from wpcompat.wordpress_import.findings import Findings
from wpcompat.wordpress_import.plan import NewId, TokenImport
from wpcompat.wordpress_import.source import WordPressSource

from .wordpress_support import wordpress_site  # noqa: F401
from .wordpress_teambooking import ZONE, TeamBooking, alnum_token, local_epoch, teambooking_shop


def read_tenant(site, slug: str = "aurora"):
    """(TenantImport, Findings) of ``site`` as the import reads it."""
    findings = Findings()
    with WordPressSource(site.url, site.prefix) as source:
        assert teambooking.present(source)
        wp_site = read_site(source, findings)
        users = read_users(source, findings)
        return teambooking.read(source, wp_site, users, slug, findings), findings


def by_id(rows):
    return {row["id"]: row for row in rows}


@pytest.fixture
def shop(wordpress_site):
    return teambooking_shop(wordpress_site)


@pytest.fixture
def imported(wordpress_site, shop):
    return read_tenant(wordpress_site)


def test_the_tenant_carries_the_site_and_the_option_currency(imported):
    tenant, findings = imported
    assert (tenant.slug, tenant.name, tenant.timezone, tenant.currency, tenant.source) == (
        "aurora", "Aurora Spa", ZONE, "EUR", "teambooking")
    assert (tenant.plan.slug, tenant.plan.modules) == ("teambooking", list(MODULES))
    assert findings.problems == []


def test_tokens_keep_their_write_flag_and_usage_counters(imported, shop):
    tenant, _ = imported
    assert tenant.teambooking_tokens == [
        TokenImport(shop.read_token, False, {"get_reservations": 12, "get_services": 3}),
        TokenImport(shop.write_token, True, {"do_reservation": 2}),
        TokenImport(shop.idle_token, False, {})]


def test_services_are_the_published_tbk_service_posts_by_post_id_and_slug(imported):
    tenant, _ = imported
    assert tenant.rows["services"] == [
        {"id": 101, "slug": "swedish-massage", "name": "Swedish massage", "description": "Relaxing & full-body",
         "color": "#53D56C", "duration": 60, "price": Decimal("50"), "capacity": 1, "is_active": True,
         "approval": "none", "payment": "later"},
        # an event: capacity from slot_max_tickets, the length of its reservations (90 minutes)
        {"id": 102, "slug": "flow-yoga", "name": "Flow yoga", "description": None, "color": "#1E90FF",
         "duration": 90, "price": Decimal("20"), "capacity": 3, "is_active": True, "approval": "admin",
         "payment": "immediately"}]


def test_users_are_the_owner_the_coworkers_and_registered_customers(imported, shop):
    tenant, findings = imported
    roles = {user.id: (user.login, user.role) for user in tenant.users}
    assert roles == {1: ("owner", Role.TENANT_OWNER), 7: ("anna", Role.STAFF), 8: ("ben", Role.STAFF),
                     12: ("carla", Role.CUSTOMER)}
    assert any(f.table == "users" and f.row_id == shop.bystander_id for f in findings.notes)


def test_each_coworker_is_a_staff_member_with_the_services_they_take_part_in(imported):
    tenant, _ = imported
    staff = tenant.rows["staff"]
    assert [(row["user_id"], row["name"], row["email"], row["timesheet"]) for row in staff] == [
        (7, "Anna de Vries", "anna@aurora.example", {}), (8, "Ben Okafor", "ben@aurora.example", {})]
    assert all(isinstance(row["id"], NewId) for row in staff)
    anna, ben = (row["id"] for row in staff)
    assert [(link["staff_id"], link["service_id"]) for link in tenant.rows["staff_services"]] == [
        (anna, 101), (anna, 102), (ben, 101)]  # ben's services_allowed says no to flow-yoga


def test_customers_are_one_per_e_mail_with_their_user(imported):
    tenant, _ = imported
    customers = {row["email"]: row for row in tenant.rows["customers"]}
    assert sorted(customers) == ["carla@example.com", "dana@example.com", "eve@example.com", "frank@example.com",
                                 "gus@example.com"]
    dana = customers["dana@example.com"]  # three reservations, one spelled Dana@Example.com
    assert (dana["first_name"], dana["last_name"], dana["phone_number"], dana["user_id"]) == (
        "Dana", "Kim", "+43 1 2345", None)
    assert dana["created_at"] == datetime(2029, 11, 28, 7, 15)  # reservation 1006's local 08:15, in UTC
    assert customers["carla@example.com"]["user_id"] == 12
    assert customers["gus@example.com"]["phone_number"] is None
    assert all(isinstance(row["id"], NewId) for row in customers.values())


def test_reservations_keep_id_times_tickets_and_their_own_token(imported, shop):
    tenant, _ = imported
    appointments = by_id(tenant.rows["appointments"])
    assert sorted(appointments) == sorted(shop.expected)
    staff = {row["user_id"]: row["id"] for row in tenant.rows["staff"]}
    customers = {row["email"]: row["id"] for row in tenant.rows["customers"]}
    services = {row["slug"]: row["id"] for row in tenant.rows["services"]}
    for rid, expected in shop.expected.items():
        row = appointments[rid]
        assert row["teambooking_token"] == shop.reservation_tokens[rid]
        assert (row["starts_at"], row["ends_at"]) == (int(expected["start"]), int(expected["end"]))
        assert (row["busy_from"], row["busy_to"]) == (row["starts_at"], row["ends_at"])
        assert row["weight"] == int(expected["tickets"])
        assert row["created_at"] == int(expected["creationDateTime"])
        assert row["staff_id"] is staff[expected["coworkerID"]]
        assert row["service_id"] == services[expected["service"]]
        assert row["customer_id"] is customers[expected["email"]]


def test_statuses_and_payment_as_the_domain_maps_them(imported):
    tenant, findings = imported
    got = {rid: (row["status"], row["awaiting_payment"], row["payment_status"], row["paid_amount"],
                 row["payment_method"], row["cancellation_reason"])
           for rid, row in by_id(tenant.rows["appointments"]).items()}
    assert got == {
        1001: ("approved", False, "paid", Decimal("50.00"), "stripe", None),
        1002: ("pending", False, "not_paid", Decimal(0), "local", None),  # waiting_approval
        1003: ("pending", True, "pending", Decimal(0), "local", None),  # pending = awaiting payment
        1004: ("approved", False, "paid", Decimal("40.00"), "local", None),
        1005: ("canceled", False, "not_paid", Decimal(0), "local", "Sick"),
        1006: ("approved", False, "paid", Decimal("50.00"), "local", None),  # done
        1007: ("approved", False, "not_paid", Decimal(0), "local", None),  # "" reads as confirmed
    }
    assert any(f.row_id == 1006 and f.column == "status" for f in findings.notes)


def test_price_lines_give_the_teambooking_amount_per_ticket(imported):
    tenant, _ = imported
    lines: dict[int, list] = {}
    for line in tenant.rows["appointment_prices"]:
        assert isinstance(line["id"], NewId)
        lines.setdefault(line["appointment_id"], []).append(
            (line["unique_key"], line["price"], line["negative_or_positive"]))
    assert lines[1001] == [("service_price", Decimal("50.00"), 1)]
    # two tickets at 20.00, 5.00 off each (the coupon), 5.00 more each (the mat): 20.00 a ticket
    assert lines[1004] == [("service_price", Decimal("40.00"), 1), ("discount", Decimal("10.00"), -1),
                           ("form_fields", Decimal("10.0"), 1)]
    assert set(lines) == {1001, 1002, 1003, 1004, 1005, 1006, 1007}


def test_a_service_location_becomes_a_location(imported):
    tenant, _ = imported
    [location] = tenant.rows["locations"]
    assert (location["name"], location["address"]) == ("Studio 2, Mariahilfer Straße 1",) * 2
    appointments = by_id(tenant.rows["appointments"])
    assert appointments[1004]["location_id"] is location["id"]
    assert appointments[1001]["location_id"] is None


def test_created_without_created_utc_is_read_as_site_local_time(imported):
    tenant, findings = imported
    assert by_id(tenant.rows["appointments"])[1006]["created_at"] == local_epoch("2029-11-28 08:15")
    assert any(f.column == "created_utc" and "#1006" in f.why for f in findings.notes)


def test_unimported_data_is_named_in_the_notes(imported):
    _, findings = imported
    noted = {(f.table, f.row_id, f.column) for f in findings.notes}
    assert ("teambooking_reservations", 1001, "payment_details") in noted
    assert ("teambooking_reservations", 1004, "form_fields") in noted  # the mat rental field
    assert ("teambooking_reservations", 1001, "form_fields") not in noted
    assert ("options", "team_booking", "coworkers_data") in noted  # the coworkers' ctokens
    assert ("postmeta", 102, "tbk_class") in noted  # the event's duration


def test_unmappable_reservations_are_problems_with_table_row_and_column(wordpress_site):
    site = wordpress_site
    site.core()
    site.user(7, "anna", "anna@aurora.example", ["editor"])
    tb = TeamBooking(site).tables()
    tb.service(101, "swedish-massage", "Swedish massage")
    tb.service(103, "consult", "Consultation", service_class="unscheduled")
    tb.service(104, "old-massage", "Old massage", post_status="trash")
    tb.settings(tokens={"short": {"write": True, "usages": {}}}, coworkers=[])
    common = {"email": "x@example.com", "first_name": "X", "last_name": "Y"}
    start = local_epoch("2030-01-07 10:00")
    tb.reservation(1, "swedish-massage", 7, start=start, end=start + 3600, **common)
    tb.reservation(2, "consult", 7, start=None, end=None, service_class="unscheduled", **common)
    tb.reservation(3, "gone-service", 7, start=start, end=start + 3600, **common)
    tb.reservation(4, "swedish-massage", 7, start=start, end=start + 3600, status="on_hold", **common)
    tb.reservation(5, "swedish-massage", 7, start=start, end=start + 3600, tickets=0, **common)
    site.execute("UPDATE {prefix}teambooking_reservations SET form_fields = 'bm90IGRlZmxhdGU=' WHERE id = 1")
    tenant, findings = read_tenant(site)
    problems = {(f.table, f.row_id, f.column): f.why for f in findings.problems}
    assert set(problems) == {("teambooking_reservations", 1, "form_fields"),
                             ("teambooking_reservations", 2, "start"),
                             ("teambooking_reservations", 3, "service_id"),
                             ("teambooking_reservations", 4, "status"),
                             ("teambooking_reservations", 5, "tickets"),
                             ("options", "team_booking", "tokens")}
    assert "unscheduled" in problems[("teambooking_reservations", 2, "start")]
    assert "short" not in problems[("options", "team_booking", "tokens")]  # never the token itself
    assert tenant.rows["appointments"] == [] and tenant.teambooking_tokens == []
    assert [row["slug"] for row in tenant.rows["services"]] == ["swedish-massage"]
    noted = {(f.table, f.row_id, f.column) for f in findings.notes}
    assert {("postmeta", 103, "tbk_class"), ("posts", 104, "post_status")} <= noted


def test_a_settings_option_that_is_no_teambooking_settings_object_is_a_problem(wordpress_site):
    site = wordpress_site
    site.core()
    TeamBooking(site).tables()
    site.option("team_booking", {"tokens": {alnum_token("x"): {"write": True}}})  # an array, not the object
    tenant, findings = read_tenant(site)
    assert [(f.table, f.row_id, f.column) for f in findings.problems] == [("options", "team_booking", "option_value")]
    assert tenant.teambooking_tokens == [] and tenant.currency == "USD"


def test_not_present_without_the_table_or_the_option(wordpress_site):
    wordpress_site.core()
    with WordPressSource(wordpress_site.url, wordpress_site.prefix) as source:
        assert not teambooking.present(source)


def test_every_row_names_only_columns_of_its_table(imported):
    """The plan's rows are the writer's to insert as they are: each key a column of the wpcompat table
    (an appointment's ``teambooking_token`` aside: the writer stores it sealed)."""
    from wpcompat.extensions import db
    import wpcompat.booking.models  # noqa: F401  (the tables)
    tenant, _ = imported
    for table, rows in tenant.rows.items():
        columns = set(db.metadata.tables[table].columns.keys())
        extra = {"teambooking_token"} if table == "appointments" else set()
        for row in rows:
            assert set(row) <= columns | extra, (table, set(row) - columns - extra)
    assert all(tenant.rows[table] for table in ("services", "staff", "staff_services", "customers", "locations",
                                                "appointments", "appointment_prices"))


def test_coworkers_without_settings_deleted_users_and_forms_without_e_mail(wordpress_site):
    """A coworker TeamBooking has no settings for takes part in every service; a reservation's coworker
    who is no WordPress user any more is a staff member without a user; a form without an e-mail is a
    customer of its own."""
    site = wordpress_site
    site.core()
    site.user(7, "anna", "anna@aurora.example", ["editor"], display_name="Anna de Vries")
    tb = TeamBooking(site).tables()
    tb.service(101, "swedish-massage", "Swedish massage")
    tb.service(102, "hot-stones", "Hot stones &amp; oil", price=30.0)
    tb.settings(tokens={}, coworkers=[])
    start = local_epoch("2030-01-07 10:00")
    nobody = {"email": "", "first_name": "Walk", "last_name": "In"}
    tb.reservation(1, "swedish-massage", 7, start=start, end=start + 3600, **nobody)
    tb.reservation(2, "hot-stones", 9, start=start, end=start + 3600, **nobody)
    tenant, findings = read_tenant(site)
    assert findings.problems == []
    staff = {row["name"]: row for row in tenant.rows["staff"]}
    assert {name: row["user_id"] for name, row in staff.items()} == {"Anna de Vries": 7, "Coworker 9": None}
    assert sorted((link["staff_id"].label, link["service_id"]) for link in tenant.rows["staff_services"]) == [
        ("coworker 7", 101), ("coworker 7", 102), ("coworker 9", 101), ("coworker 9", 102)]
    assert [row["name"] for row in tenant.rows["services"]] == ["Swedish massage", "Hot stones &amp; oil"]
    customers = tenant.rows["customers"]
    assert len(customers) == 2 and {c["email"] for c in customers} == {""}
    assert [row["customer_id"] for row in tenant.rows["appointments"]] == [c["id"] for c in customers]
    noted = {(f.table, f.row_id, f.column) for f in findings.notes}
    assert {("teambooking_reservations", 1, "form_fields"), ("teambooking_reservations", 2, "form_fields"),
            ("teambooking_reservations", None, "coworker_id")} <= noted
