"""``wpcompat import wordpress``: the writer applying plans, and the whole import from a real MariaDB.

What a client sees decides: after an import the WordPress credentials answer over HTTP, and the imported
rows answer through Booknetic's REST API and TeamBooking's admin-ajax with the ids WordPress gave them.
"""
from __future__ import annotations

import json
import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import make_url, select

from wpcompat import tenancy
from wpcompat.booking.models import Customer, Location, StaffAppointmentCount
from wpcompat.cli import cli
from wpcompat.extensions import db
from wpcompat.platform.models import MODULES, Role, Tenant
from wpcompat.wordpress_import import writer
from wpcompat.wordpress_import.findings import Findings
from wpcompat.wordpress_import.merge import merge
from wpcompat.wordpress_import.plan import NewId, PlanImport, TenantImport

from .factories import basic_auth
from .import_plans import ADMIN_PASSWORD, MONDAY_10, TOKEN, app_password, appointment, spa_plan, spa_tenant, user
from .sitefile_support import row_counts
from .teambooking_support import assert_ok, get_reservation, tb_get
from .wordpress_booknetic import booknetic_saas, booknetic_salon
from .wordpress_support import WordPressSite, wordpress_site  # noqa: F401 (a fixture)
from .wordpress_teambooking import TeamBooking, alnum_token, teambooking_shop
from .wordpress_teambooking import local_epoch as teambooking_epoch

BOOKNETIC = "/wp-json/booknetic/v1"


def apply(app, plan, replace: bool = False) -> dict[str, int]:
    with app.app_context():
        try:
            ids = writer.apply(plan, replace=replace)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return ids


def refused(app, plan, replace: bool = False) -> list[str]:
    with app.app_context():
        with pytest.raises(writer.ImportRefused) as raised:
            writer.apply(plan, replace=replace)
        db.session.rollback()
    return [str(problem) for problem in raised.value.problems]


def admin(slug: str = "aurora", password: str = ADMIN_PASSWORD) -> dict[str, str]:
    return basic_auth(f"{slug}-admin", password)


def appointment_ids(client, slug: str = "aurora", password: str = ADMIN_PASSWORD, **query) -> list[int]:
    response = client.get(f"/{slug}{BOOKNETIC}/appointments", headers=admin(slug, password), query_string=query)
    assert response.status_code == 200, response.data
    return sorted(int(row["id"]) for row in response.json["data"])


# --- the writer, with hand-made plans ------------------------------------------------------------------


def test_a_plan_answers_with_its_credentials_and_ids(app, client):
    ids = apply(app, spa_plan())
    me = client.get("/aurora/wp-json/wp/v2/users/me", headers=admin())
    assert me.status_code == 200, me.data
    assert (me.json["id"], me.json["name"]) == (1, "Aurora-Admin")
    assert appointment_ids(client) == [120, 121]
    info = client.get(f"/aurora{BOOKNETIC}/appointments/120", headers=admin()).json["data"]
    assert (info["info"]["service_id"], info["info"]["staff_id"], info["info"]["customer_id"]) == ("7", "6", "12")
    assert [(row["extra_id"], row["quantity"]) for row in info["extras"]] == [("11", "1")]
    # The database counted the staff members' appointments (its triggers), one each.
    assert client.get(f"/aurora{BOOKNETIC}/appointments", headers=admin(),
                      query_string={"staffId": 6}).json["meta"]["total"] == "1"
    with app.app_context(), tenancy.tenant(ids["aurora"]):
        counts = db.session.execute(select(StaffAppointmentCount.appointments)).scalars().all()
    assert counts == [1, 1]


def test_rows_without_a_wordpress_id_get_the_next_ids_and_every_reference(app, client):
    apply(app, spa_plan())
    # Élodie (NewId) comes after the kept customer 12, and her appointment names her.
    found = client.get(f"/aurora{BOOKNETIC}/customers", headers=admin(), query_string={"search": "elodie"})
    assert [(row["id"], row["first_name"]) for row in found.json["data"]] == [(13, "Élodie")]
    info = client.get(f"/aurora{BOOKNETIC}/appointments/121", headers=admin()).json["data"]["info"]
    assert info["customer_id"] == "13"
    staff = client.get(f"/aurora{BOOKNETIC}/staffs", headers=admin()).json["data"]
    assert sorted((row["id"], row["name"]) for row in staff) == [("6", "Anna Berg"), ("7", "Bas Visser")]
    # The next row made through the API follows the imported ids (PostgreSQL's sequences were moved).
    made = client.post(f"/aurora{BOOKNETIC}/customer/create", headers=admin(),
                       data={"first_name": "Kim", "last_name": "Ng", "email": "kim@example.com"})
    assert made.status_code == 200, made.data
    with app.app_context(), tenancy.all_tenants():
        assert db.session.execute(select(Customer.id).where(Customer.first_name == "Kim")).scalar_one() == 14


def test_teambooking_token_is_stored_hashed_and_keeps_its_counters(app, client):
    apply(app, spa_plan())
    listed = assert_ok(tb_get(client, "get_reservations", TOKEN))
    assert [item["id"] for item in listed] == [120, 121]
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["teambooking-token", "list", "aurora", "--json"])
    [token] = json.loads(result.stdout)
    assert (token["prefix"], token["write"], token["usage"]) == (TOKEN[:6], True, {"get_reservations": 6})
    assert TOKEN not in json.dumps(row_values(app), default=str)


def row_values(app) -> list:
    """Every stored value of every table (for a secret that must never be stored as it is)."""
    with app.app_context(), tenancy.all_tenants():
        return [list(row) for table in db.metadata.sorted_tables
                for row in db.session.execute(select(table)).all()]


def test_a_site_and_plan_are_made_once_and_reused(app):
    apply(app, spa_plan())
    apply(app, spa_plan(spa_tenant("cedar", ids=1000, user_ids=1000, token="C" * 32)))
    with app.app_context():
        tenants = db.session.execute(select(Tenant).order_by(Tenant.id)).scalars().all()
        assert [(t.slug, t.plan.slug, t.timezone, t.currency) for t in tenants] == [
            ("aurora", "booknetic", "Europe/Vienna", "EUR"), ("cedar", "booknetic", "Europe/Vienna", "EUR")]
    assert row_counts_of(app)["site"] == 1


def row_counts_of(app) -> dict[str, int]:
    with app.app_context():
        return row_counts()


def test_a_tenant_with_data_is_refused_without_replace_and_nothing_is_written(app):
    apply(app, spa_plan())
    before = row_counts_of(app)
    assert refused(app, spa_plan()) == [
        "tenants #aurora: the tenant 'aurora' already holds data: import with --replace to replace its data "
        "(and nothing else)"]
    assert row_counts_of(app) == before


def test_replace_replaces_one_tenant_and_touches_no_other(app, client):
    apply(app, spa_plan())
    apply(app, spa_plan(spa_tenant("cedar", ids=1000, user_ids=1000, token="C" * 32)))
    smaller = spa_tenant(admin_password="Zz00 Zz00 Zz00 Zz00 Zz00 Zz00")
    smaller.rows["appointments"].pop()
    smaller.rows["appointment_prices"].pop()
    apply(app, spa_plan(smaller), replace=True)
    assert appointment_ids(client, password="Zz00 Zz00 Zz00 Zz00 Zz00 Zz00") == [120]
    assert client.get("/aurora/wp-json/wp/v2/users/me", headers=admin()).status_code == 401
    assert appointment_ids(client, "cedar") == [1120, 1121]
    assert assert_ok(tb_get(client, "get_reservations", "C" * 32, site="/cedar"))[0]["id"] == 1120


def test_ids_and_credentials_of_other_tenants_are_problems_before_any_write(app):
    apply(app, spa_plan())
    before = row_counts_of(app)
    clash = spa_tenant("cedar", ids=1000, user_ids=1000)  # the same token as aurora's
    clash.rows["locations"][0]["id"] = 3
    clash.rows["staff_locations"][0]["location_id"] = 3
    for row in clash.rows["appointments"]:
        row["location_id"] = 3
    clash.users[1].login = "aurora-anna"
    clash.users[2].id = 9
    clash.rows["customers"][0]["user_id"] = 9
    assert refused(app, spa_plan(clash)) == [
        "locations #3.id: id 3 is already used by tenant 'aurora' here (ids are kept from WordPress and unique "
        "across tenants)",
        "users #1005.login: login 'aurora-anna' is already a user of another tenant or of the platform here",
        "users #9.id: id 9 is already a user of another tenant or of the platform here",
        f"options #team_booking.tokens: the token {TOKEN[:6]}... is already another tenant's here",
    ]
    assert row_counts_of(app) == before


def test_a_reference_outside_the_tenants_plan_is_a_problem(app):
    tenant = spa_tenant()
    tenant.rows["appointments"][0]["service_id"] = 99
    tenant.rows["notifications"][0]["user_id"] = 77
    assert refused(app, spa_plan(tenant)) == [
        "appointments #120.service_id: refers to services 99, not imported into 'aurora'",
        "notifications #50.user_id: refers to users 77, not imported into 'aurora'"]
    assert set(row_counts_of(app).values()) == {0}


def test_problems_of_the_readers_refuse_the_plan(app):
    plan = spa_plan()
    plan.findings.problem("bkntc_appointments", 5, "starts_at", "not a date")
    assert refused(app, plan) == ["bkntc_appointments #5.starts_at: not a date"]
    assert set(row_counts_of(app).values()) == {0}


def test_the_check_alone_writes_nothing(app):
    plan = spa_plan()
    with app.app_context():
        writer.check(plan)
        db.session.commit()
    assert plan.findings.problems == [] and set(row_counts_of(app).values()) == {0}
    with app.app_context(), tenancy.all_tenants():
        assert db.session.execute(select(Location.id)).first() is None


# --- Booknetic and TeamBooking on one site: one tenant ---------------------------------------------------


def teambooking_part(reservation_id: int = 300, service_id: int = 200) -> TenantImport:
    """TeamBooking's side: Anna (WordPress user 5) as a coworker, Sam by e-mail, a service and a reservation."""
    anna, sam = NewId("staff", "coworker 5"), NewId("customers", "AURORA-SAM@aurora.example")
    tenant = TenantImport(slug="aurora", name="Aurora Spa", timezone="Europe/Vienna", currency="EUR",
                          plan=PlanImport("teambooking", "TeamBooking", list(MODULES)), source="teambooking")
    tenant.users = [user(5, "aurora-anna", Role.STAFF)]
    tenant.rows.update({
        "services": [{"id": service_id, "slug": "hot-yoga", "name": "Hot yoga", "duration": 60,
                      "price": Decimal("20.00")}],
        "staff": [{"id": anna, "user_id": 5, "name": "Anna Berg", "email": "aurora-anna@aurora.example"}],
        "staff_services": [{"staff_id": anna, "service_id": service_id}],
        "customers": [{"id": sam, "first_name": "Sam", "last_name": "Lee", "email": "AURORA-SAM@aurora.example"}],
        "appointments": [appointment(reservation_id, anna, sam, MONDAY_10 + 86400, service_id=service_id,
                                     location_id=None)],
    })
    return tenant


def test_both_plugins_in_one_tenant_share_their_people(app, client):
    findings = Findings()
    merged = merge(spa_tenant(), teambooking_part(), findings)
    assert findings.problems == []
    apply(app, spa_plan(merged))
    info = client.get(f"/aurora{BOOKNETIC}/appointments/300", headers=admin()).json["data"]["info"]
    assert (info["service_id"], info["staff_id"], info["customer_id"]) == ("200", "6", "12")
    assert appointment_ids(client) == [120, 121, 300]
    staff = client.get(f"/aurora{BOOKNETIC}/staffs", headers=admin()).json["data"]
    assert sorted(row["name"] for row in staff) == ["Anna Berg", "Bas Visser"]


def test_colliding_ids_of_the_two_plugins_refuse_one_tenant(app):
    findings = Findings()
    merge(spa_tenant(), teambooking_part(reservation_id=121, service_id=7), findings)
    one_each = ("ids are kept, so both cannot share one tenant: import each plugin into its own tenant "
                "(--plugins booknetic --tenant A, then --plugins teambooking --tenant B)")
    assert [str(problem) for problem in findings.problems] == [
        f"services #7.id: Booknetic and TeamBooking both have services #7: {one_each}",
        f"appointments #121.id: Booknetic and TeamBooking both have appointments #121: {one_each}"]


# --- Booknetic SaaS: a platform of tenants and its owner ------------------------------------------------

OWNER_PASSWORD = "Own3 rPas swor d000 1111 2222"


def saas_plan():
    north = spa_tenant("north", token="N" * 32)
    south = spa_tenant("south", admin_password="Sout hPas swor d000 1111 2222", token="S" * 32, ids=1000,
                       user_ids=1000)
    for tenant in (north, south):
        tenant.source = "booknetic-saas"
    plan = spa_plan(north, south)
    plan.owner = user(100, "wp-admin", Role.ADMINISTRATOR,
                      [app_password(OWNER_PASSWORD, "00000000-0000-4000-8000-000000000100")])
    return plan


def test_saas_tenants_are_isolated_and_the_owner_is_the_platforms(app, client):
    apply(app, saas_plan())
    south = ("south", "Sout hPas swor d000 1111 2222")
    assert appointment_ids(client, "north") == [120, 121] and appointment_ids(client, *south) == [1120, 1121]
    # Another tenant's id answers as a missing one, through both APIs.
    other = client.get(f"/north{BOOKNETIC}/appointments/1120", headers=admin("north"))
    assert (other.status_code, other.json) == (
        400, {"code": 400, "message": "Appointment not found", "data": {"status": 400}})
    assert assert_ok(tb_get(client, "get_reservations", "N" * 32, site="/north")) != []
    missing = tb_get(client, "get_reservation", "N" * 32, site="/north", id=1120)
    assert (missing.status_code, missing.data) == (
        404, b'{"header":"404 Not Found","code":404,"reason":"Record not found"}')
    # South's admin is nobody on north's site.
    stranger = client.get("/north/wp-json/wp/v2/users/me", headers=admin(*south))
    assert (stranger.status_code, stranger.json["code"]) == (401, "invalid_username")
    me = client.get("/wp-json/wp/v2/users/me", headers=basic_auth("wp-admin", OWNER_PASSWORD))
    assert (me.status_code, me.json["id"]) == (200, 100)


def test_replace_of_a_saas_platform_keeps_its_owner(app, client):
    apply(app, saas_plan())
    apply(app, saas_plan(), replace=True)
    me = client.get("/wp-json/wp/v2/users/me", headers=basic_auth("wp-admin", OWNER_PASSWORD))
    assert (me.status_code, me.json["id"]) == (200, 100)
    assert appointment_ids(client, "north") == [120, 121]


# --- end to end: `wpcompat import wordpress` reading a real MariaDB ----------------------------------------


def run_import(app, site, *args: str):
    """``wpcompat import wordpress --from <site> ARGS...``; click's Result."""
    return app.test_cli_runner().invoke(cli, ["import", "wordpress", "--from", site.url, *args])


def report_of(result) -> dict:
    return json.loads(result.stdout)


def test_the_original_credentials_answer_the_imported_salon_with_its_ids(app, client, wordpress_site):
    salon = booknetic_salon(wordpress_site)
    result = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.startswith(f"Imported (one transaction, committed):\n  tenant {salon.tenant_slug} (id 1, "
                                    "booknetic, plan booknetic): users 4, application passwords 2, ")
    site = f"/{salon.tenant_slug}"
    # WordPress 6.8's $generic$ hash and an older site's phpass $P$ hash, both verbatim.
    for login in (salon.admin, salon.anna):
        me = client.get(f"{site}/wp-json/wp/v2/users/me", headers=basic_auth(login.login, login.app_password))
        assert (me.status_code, me.json["id"]) == (200, login.id), me.data
    owner = basic_auth(salon.admin.login, salon.admin.app_password)
    listed = client.get(f"{site}{BOOKNETIC}/appointments", headers=owner, query_string={"limit": 100})
    assert sorted(int(row["id"]) for row in listed.json["data"]) == sorted(salon.ids["appointments"].values())
    haircut = salon.ids["appointments"]["sam_haircut"]
    info = client.get(f"{site}{BOOKNETIC}/appointments/{haircut}", headers=owner).json["data"]["info"]
    assert (info["service_id"], info["staff_id"], info["customer_id"], info["location_id"]) == (
        str(salon.ids["services"]["haircut"]), str(salon.ids["staff"]["anna"]),
        str(salon.ids["customers"]["sam"]), str(salon.ids["locations"]["centre"]))


def test_a_dry_run_writes_nothing_and_says_what_it_would_import(app, wordpress_site):
    salon = booknetic_salon(wordpress_site)
    before = row_counts_of(app)
    text = run_import(app, wordpress_site, "--tenant", salon.tenant_slug, "--dry-run")
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Dry run: nothing was written. The import would write:\n")
    as_json = run_import(app, wordpress_site, "--tenant", salon.tenant_slug, "--dry-run", "--json")
    report = report_of(as_json)
    assert (report["dry_run"], report["imported"], report["problems"]) == (True, False, [])
    [tenant] = report["tenants"]
    assert tenant["slug"] == salon.tenant_slug
    assert {name: tenant["counts"][name] for name in ("locations", "services", "staff", "customers",
                                                       "appointments")} == {
        "locations": 3, "services": 3, "staff": 3, "customers": 3, "appointments": 4}
    assert f"tenant {salon.tenant_slug} (booknetic" in text.stdout and "appointments 4" in text.stdout
    assert row_counts_of(app) == before


def test_a_row_it_cannot_map_is_listed_and_refuses_the_import(app, wordpress_site):
    salon = booknetic_salon(wordpress_site)
    wordpress_site.execute("UPDATE {prefix}bkntc_appointments SET service_id = 999 WHERE id = :id",
                           id=salon.ids["appointments"]["zoe_canceled"])
    dry = run_import(app, wordpress_site, "--tenant", salon.tenant_slug, "--dry-run", "--json")
    assert dry.exit_code == 1
    [problem] = report_of(dry)["problems"]
    assert (problem["table"], problem["row_id"]) == ("bkntc_appointments", salon.ids["appointments"]["zoe_canceled"])
    real = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert real.exit_code == 1
    assert real.stderr == "Error: 1 problem(s): nothing was imported.\n"
    assert "Problems (each refuses the import):\n  bkntc_appointments #" in real.stdout
    assert set(row_counts_of(app).values()) == {0}


def test_an_import_that_fails_while_writing_leaves_nothing(app, wordpress_site, monkeypatch):
    salon = booknetic_salon(wordpress_site)

    def broken(self, model, row):
        if model.__tablename__ == "appointments":
            raise RuntimeError("the disk is full")
        return add(self, model, row)

    add = writer._RowWriter._add
    monkeypatch.setattr(writer._RowWriter, "_add", broken)
    result = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert set(row_counts_of(app).values()) == {0}


def test_replace_replaces_that_tenant_and_no_other(app, client, wordpress_site):
    apply(app, spa_plan(spa_tenant("cedar", ids=1000, user_ids=1000, token="C" * 32)))
    salon = booknetic_salon(wordpress_site)
    first = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert first.exit_code == 0, first.output
    again = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert again.exit_code == 1
    assert (f"tenants #{salon.tenant_slug}: the tenant '{salon.tenant_slug}' already holds data: import with "
            "--replace") in again.stdout
    wordpress_site.execute("DELETE FROM {prefix}bkntc_appointments WHERE id = :id",
                           id=salon.ids["appointments"]["sam_manicure"])
    wordpress_site.execute("DELETE FROM {prefix}bkntc_appointment_prices WHERE appointment_id = :id",
                           id=salon.ids["appointments"]["sam_manicure"])
    replaced = run_import(app, wordpress_site, "--tenant", salon.tenant_slug, "--replace")
    assert replaced.exit_code == 0, replaced.output
    owner = basic_auth(salon.admin.login, salon.admin.app_password)
    listed = client.get(f"/{salon.tenant_slug}{BOOKNETIC}/appointments", headers=owner)
    assert sorted(int(row["id"]) for row in listed.json["data"]) == sorted(
        i for name, i in salon.ids["appointments"].items() if name != "sam_manicure")
    assert appointment_ids(client, "cedar") == [1120, 1121]
    assert assert_ok(tb_get(client, "get_reservations", "C" * 32, site="/cedar"))[0]["id"] == 1120


def test_booknetic_saas_yields_isolated_tenants(app, client, wordpress_site):
    platform = booknetic_saas(wordpress_site)
    result = run_import(app, wordpress_site, "--json")
    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert [t["slug"] for t in report["tenants"]] == ["aurora", "birch"] and report["owner"] == platform.owner.login
    aurora = basic_auth(platform.aurora.login, platform.aurora.app_password)
    birch = basic_auth(platform.birch.login, platform.birch.app_password)
    mine = platform.ids["appointments"]["aurora"]
    theirs = platform.ids["appointments"]["birch"]
    assert [int(r["id"]) for r in client.get(f"/aurora{BOOKNETIC}/appointments", headers=aurora).json["data"]] == [mine]
    assert [int(r["id"]) for r in client.get(f"/birch{BOOKNETIC}/appointments", headers=birch).json["data"]] == [theirs]
    other = client.get(f"/aurora{BOOKNETIC}/appointments/{theirs}", headers=aurora)
    assert (other.status_code, other.json) == (
        400, {"code": 400, "message": "Appointment not found", "data": {"status": 400}})
    stranger = client.get("/aurora/wp-json/wp/v2/users/me", headers=birch)
    assert (stranger.status_code, stranger.json["code"]) == (401, "invalid_username")
    me = client.get("/wp-json/wp/v2/users/me", headers=basic_auth(platform.owner.login, platform.owner.app_password))
    assert (me.status_code, me.json["id"]) == (200, platform.owner.id)


def test_a_mysqldump_loaded_into_another_database_imports_the_same(app, client, wordpress_site, tmp_path):
    """The docs' way when the live database cannot be reached: mysqldump, load the dump, import from the copy."""
    salon = booknetic_salon(wordpress_site)
    server = make_url(wordpress_site.url)
    login = ["-h", server.host, "-P", str(server.port), "-u", server.username, f"-p{server.password}"]
    dump = tmp_path / "wordpress.sql"
    with dump.open("wb") as out:
        subprocess.run(["mysqldump", "--no-defaults", "--single-transaction", "--quick", "--no-tablespaces",
                        "--default-character-set=utf8mb4", *login, wordpress_site.name], stdout=out, check=True)
    copy = WordPressSite()
    try:
        with dump.open("rb") as dumped:
            subprocess.run(["mariadb", "--no-defaults", *login, copy.name], stdin=dumped, check=True)
        result = run_import(app, copy, "--tenant", salon.tenant_slug)
    finally:
        copy.drop()
    assert result.exit_code == 0, result.output
    me = client.get(f"/{salon.tenant_slug}/wp-json/wp/v2/users/me",
                    headers=basic_auth(salon.anna.login, salon.anna.app_password))
    assert (me.status_code, me.json["id"]) == (200, salon.anna.id)


def test_teambooking_tokens_and_reservations_answer_as_on_wordpress(app, client, wordpress_site):
    shop = teambooking_shop(wordpress_site)
    result = run_import(app, wordpress_site, "--tenant", shop.tenant_slug)
    assert result.exit_code == 0, result.output
    site = f"/{shop.tenant_slug}"
    listed = assert_ok(tb_get(client, "get_reservations", shop.read_token, site=site))
    # The same ids, each with the token WordPress gave it (the e-mail links' checksum).
    assert {item["id"]: item["token"] for item in listed} == shop.reservation_tokens
    for reservation_id, expected in shop.expected.items():
        answered = get_reservation(client, shop.read_token, reservation_id, site=site)
        assert {"status": answered["status"], "isPaid": answered["payment"]["isPaid"],
                "amount": answered["payment"]["amount"], "tickets": answered["tickets"],
                "coworkerID": answered["coworkerID"], "service": answered["service"]["id"],
                "start": answered["datetime"]["start"], "end": answered["datetime"]["end"],
                "creationDateTime": answered["creationDateTime"],
                "email": next(f["value"] for f in answered["formFields"] if f["name"] == "email").lower(),
                } == expected, reservation_id
    # The write token writes; the usage counters went on from WordPress's.
    assert_ok(tb_get(client, "get_services", shop.read_token, site=site))
    runner = app.test_cli_runner()
    tokens = json.loads(runner.invoke(cli, ["teambooking-token", "list", shop.tenant_slug, "--json"]).stdout)
    usage = {token["prefix"]: token["usage"] for token in tokens}
    read = dict(shop.token_usages[shop.read_token])
    read["get_reservations"] += 1
    read["get_services"] += 1
    read["get_reservation"] = read.get("get_reservation", 0) + len(shop.expected)
    assert usage[shop.read_token[:6]] == read
    assert usage[shop.write_token[:6]] == shop.token_usages[shop.write_token]


def salon_with_teambooking(site, reservation_id: int) -> tuple:
    """The Booknetic salon, and TeamBooking on the same site: Anna (Booknetic's staff user) as a coworker and
    Sam (a Booknetic customer, his e-mail in another case) booking post 101 as reservation ``reservation_id``."""
    salon = booknetic_salon(site)
    tb = TeamBooking(site).tables()
    tb.service(101, "hot-stones", "Hot stones")
    token = alnum_token("SalonReadToken")
    tb.settings(tokens={token: {"write": False, "usages": {}}},
                coworkers=[{"id": salon.anna.id, "api_token": alnum_token("AnnaApi"),
                            "services_allowed": {"hot-stones": True}}])
    start = teambooking_epoch("2030-01-10 10:00")
    own_token = tb.reservation(reservation_id, "hot-stones", salon.anna.id, start=start, end=start + 3600,
                               email="SAM@aurora.example", first_name="Sam", last_name="Jansen",
                               customer_id=salon.sam.id)
    return salon, token, own_token


def test_booknetic_and_teambooking_of_one_site_are_one_tenant(app, client, wordpress_site):
    salon, token, own_token = salon_with_teambooking(wordpress_site, 1001)
    result = run_import(app, wordpress_site, "--tenant", salon.tenant_slug)
    assert result.exit_code == 0, result.output
    site = f"/{salon.tenant_slug}"
    listed = assert_ok(tb_get(client, "get_reservations", token, site=site))
    [reservation] = [item for item in listed if item["id"] == 1001]
    assert (reservation["token"], reservation["coworkerID"]) == (own_token, salon.anna.id)
    owner = basic_auth(salon.admin.login, salon.admin.app_password)
    info = client.get(f"{site}{BOOKNETIC}/appointments/1001", headers=owner).json["data"]["info"]
    # TeamBooking's coworker is Booknetic's Anna, its customer Booknetic's Sam: one row each.
    assert (info["staff_id"], info["customer_id"]) == (str(salon.ids["staff"]["anna"]),
                                                       str(salon.ids["customers"]["sam"]))


def test_colliding_ids_of_the_two_plugins_refuse_the_import(app, wordpress_site):
    salon, _, _ = salon_with_teambooking(wordpress_site, 2)
    result = run_import(app, wordpress_site, "--tenant", salon.tenant_slug, "--json")
    assert result.exit_code == 1
    assert [(p["table"], p["row_id"], p["column"]) for p in report_of(result)["problems"]] == [
        ("appointments", 2, "id")]
    assert set(row_counts_of(app).values()) == {0}


def test_a_database_without_either_plugin_is_refused_by_name(app, wordpress_site):
    wordpress_site.core()
    result = run_import(app, wordpress_site, "--tenant", "spa")
    assert (result.exit_code, result.stderr) == (1, "Error: 1 problem(s): nothing was imported.\n")
    assert result.stdout == (
        "Not imported (1 problem(s), below): nothing was written. It would write:\n  no tenant\n"
        "Problems (each refuses the import):\n  bkntc_appointments: no table wp_bkntc_appointments or "
        "wp_teambooking_reservations in this database: nothing to import (another database, or another "
        "--prefix?)\n")
