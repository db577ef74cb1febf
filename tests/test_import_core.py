"""WordPress core read from a real MariaDB: site options, time zones, users, roles, application passwords."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from wpcompat.platform import secrets
from wpcompat.platform.models import Role
from wpcompat.wordpress_import.core import (FRACTIONAL_OFFSET_ZONES, UNKNOWN_REGISTRATION, local_to_epoch,
                                            mysql_datetime, read_site, read_users, user_import)
from wpcompat.wordpress_import.findings import Finding, Findings, Unmappable
from wpcompat.wordpress_import.plan import ApplicationPasswordImport, SiteImport, UserImport
from wpcompat.wordpress_import.source import SourceError, WordPressSource

from .wordpress_support import mysql_server_url, php, wordpress_site  # noqa: F401

UUID_A = "8f3f2c1e-0a4b-4c5d-9e6f-000000000001"
UUID_B = "8f3f2c1e-0a4b-4c5d-9e6f-000000000002"
UUID_C = "8f3f2c1e-0a4b-4c5d-9e6f-000000000003"
APP_ID = "c4f5e6d7-1111-4222-8333-944445555666"
# Mid-January and mid-July instants, so a zone with daylight saving time shows both of its offsets.
SEASONS = [int(datetime(year, month, 15, 12, tzinfo=timezone.utc).timestamp())
           for year in (2025, 2026, 2030) for month in (1, 7)]


def site_and_users(wordpress_site):  # noqa: F811
    findings = Findings()
    with WordPressSource(wordpress_site.url, wordpress_site.prefix) as source:
        return read_site(source, findings), read_users(source, findings), findings


def password_meta_ids(wordpress_site) -> list[int]:  # noqa: F811
    with wordpress_site.engine.begin() as conn:
        return list(conn.exec_driver_sql("SELECT umeta_id FROM wp_usermeta WHERE meta_key = '_application_passwords' "
                                         "ORDER BY user_id").scalars())


def offset_of(zone: str, timestamp: int) -> int:
    return int(datetime.fromtimestamp(timestamp, ZoneInfo(zone)).utcoffset().total_seconds())


# --- site options ---

def test_site_options(wordpress_site):  # noqa: F811
    wordpress_site.core(name="Tom &amp; Jerry&#039;s Spa", url="https://spa.example/blog", timezone="Europe/Vienna",
                        gmt_offset="5")
    wordpress_site.execute("UPDATE {prefix}options SET option_value = 'https://spa.example' "
                           "WHERE option_name = 'home'")
    wordpress_site.execute("UPDATE {prefix}options SET option_value = 'd.m.Y' WHERE option_name = 'date_format'")
    wordpress_site.execute("UPDATE {prefix}options SET option_value = 'H:i' WHERE option_name = 'time_format'")
    site, _, findings = site_and_users(wordpress_site)
    # blogname as WordPress stores (and its REST index answers) it; home, not siteurl; timezone_string wins.
    assert site == SiteImport(name="Tom &amp; Jerry&#039;s Spa", url="https://spa.example",
                              timezone="Europe/Vienna", date_format="d.m.Y", time_format="H:i")
    assert findings == Findings()


@pytest.mark.parametrize("gmt_offset, zone, label", [
    ("", "UTC", None), ("0", "UTC", None), ("-0.0", "UTC", None), ("2", "Etc/GMT-2", None), ("-5", "Etc/GMT+5", None),
    ("+1", "Etc/GMT-1", None), ("14", "Etc/GMT-14", None), ("-12", "Etc/GMT+12", None),
    ("5.5", "Asia/Kolkata", "UTC+05:30"), ("5.75", "Asia/Kathmandu", "UTC+05:45"),
    ("-9.5", "Pacific/Marquesas", "UTC-09:30"), ("9.5", "Australia/Darwin", "UTC+09:30"),
    ("8.75", "Australia/Eucla", "UTC+08:45"),
])
def test_gmt_offset_is_an_iana_zone_with_wordpress_offset(wordpress_site, gmt_offset, zone, label):  # noqa: F811
    wordpress_site.core(timezone="", gmt_offset=gmt_offset)
    site, _, findings = site_and_users(wordpress_site)
    assert site.timezone == zone
    php_offsets = php(*[["core_site_offset", "", gmt_offset, ts] for ts in SEASONS])
    assert [offset_of(zone, ts) for ts in SEASONS] == php_offsets
    assert findings.problems == []
    assert findings.notes == ([] if label is None else [Finding(
        "options", "gmt_offset", "option_value",
        f"gmt_offset {gmt_offset} ({label}, a fixed offset) is imported as {zone}, which keeps {label} all year")])


def test_every_fractional_stand_in_keeps_its_offset_all_year():
    for minutes, zone in FRACTIONAL_OFFSET_ZONES.items():
        assert {offset_of(zone, ts) for ts in SEASONS} == {minutes * 60}, zone


@pytest.mark.parametrize("timezone_string, gmt_offset, row_id, why", [
    ("", "10.5", "gmt_offset", "gmt_offset 10.5 (UTC+10:30) matches no IANA time zone all year round: choose a city "
                               "with that offset in WordPress's Settings > General (timezone_string) and import again"),
    ("", "-3.5", "gmt_offset", "gmt_offset -3.5 (UTC-03:30) matches no IANA time zone all year round: choose a city "
                               "with that offset in WordPress's Settings > General (timezone_string) and import again"),
    ("", "15", "gmt_offset", "gmt_offset 15 (UTC+15:00) matches no IANA time zone all year round: choose a city "
                             "with that offset in WordPress's Settings > General (timezone_string) and import again"),
    ("", "two", "gmt_offset", "gmt_offset 'two' is not a number of hours"),
    ("Mars/Olympus_Mons", "", "timezone_string", "timezone_string 'Mars/Olympus_Mons' is not an IANA time zone name"),
])
def test_time_zones_wpcompat_cannot_hold_are_problems(wordpress_site, timezone_string, gmt_offset, row_id,  # noqa: F811
                                                     why):
    wordpress_site.core(timezone=timezone_string, gmt_offset=gmt_offset)
    site, _, findings = site_and_users(wordpress_site)
    assert findings.problems == [Finding("options", row_id, "option_value", why)]
    assert site.timezone == "UTC"  # a stand-in for the dry run's report; the real run refuses


def test_missing_options_fall_back_to_wordpress_defaults(wordpress_site):  # noqa: F811
    wordpress_site.create_tables("core")
    wordpress_site.option("siteurl", "https://only-siteurl.example")
    site, users, findings = site_and_users(wordpress_site)
    assert site == SiteImport(name="", url="https://only-siteurl.example", timezone="UTC")
    assert (users, findings) == ({}, Findings())


def test_a_database_without_wordpress_tables_says_so(wordpress_site):  # noqa: F811
    wordpress_site.create_tables("core")
    with WordPressSource(wordpress_site.url, "wrong_") as source, pytest.raises(SourceError) as caught:
        read_site(source, Findings())
    assert str(caught.value) == ("no table wrong_options: not a WordPress database, or its table prefix is not "
                                 "'wrong_' (--prefix)")


# --- users and roles ---

def test_users_with_roles_from_capabilities(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.option("wp_user_roles", {"administrator": {"name": "Administrator", "capabilities": {"read": True}},
                                            "editor": {"name": "Editor", "capabilities": {"read": True}},
                                            "booknetic_staff": {"name": "Staff", "capabilities": {"read": True}}})
    wordpress_site.user(7, "zoe", "Zoe@Example.test", ["editor", "booknetic_staff"], display_name="Zoë Ünal",
                        registered="2023-05-06 07:08:09")
    wordpress_site.user(2, "admin", "admin@example.test", ["administrator"])
    wordpress_site.user(9, "nobody", "nobody@example.test", [])
    # A single capability granted next to a role is no role (WP_User::get_role_caps filters by is_role).
    wordpress_site.execute("UPDATE {prefix}usermeta SET meta_value = :caps WHERE user_id = 7 "
                           "AND meta_key = 'wp_capabilities'",
                           caps=php(["serialize", {"editor": True, "bkntc_manage": True, "booknetic_staff": True}])[0])
    _, users, findings = site_and_users(wordpress_site)
    assert list(users) == [2, 7, 9]
    zoe = users[7]
    assert (zoe.id, zoe.login, zoe.email, zoe.display_name, zoe.registered_at, zoe.roles) == (
        7, "zoe", "Zoe@Example.test", "Zoë Ünal", datetime(2023, 5, 6, 7, 8, 9), ["editor", "booknetic_staff"])
    assert zoe.caps == {"editor": True, "bkntc_manage": True, "booknetic_staff": True}
    assert users[2].roles == ["administrator"] and users[9].roles == []
    assert user_import(zoe, Role.STAFF, ["appointments"]) == UserImport(
        id=7, login="zoe", email="Zoe@Example.test", display_name="Zoë Ünal", registered_at=datetime(2023, 5, 6, 7, 8, 9),
        role=Role.STAFF, wp_roles=["editor", "booknetic_staff"], capabilities=["appointments"], application_passwords=[])
    assert findings == Findings()


def test_without_a_roles_option_every_capability_key_is_a_role(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(3, "ed", "ed@example.test", ["editor", "author"])
    _, users, _ = site_and_users(wordpress_site)
    assert users[3].roles == ["editor", "author"]


@pytest.mark.parametrize("login, email, column, why", [
    ("empty", "", "user_email", "no e-mail address: every wpcompat user has one"),
    ("noat", "nobody.example", "user_email", "e-mail 'nobody.example' has no @"),
    ("Zoë", "zoe2@example.test", "user_login", "login 'Zoë' has characters wpcompat logins do not allow (WordPress's "
                                               "strict sanitize_user alphabet: letters, digits, space, _ . - @)"),
    ("second", "FIRST@example.test", "user_email", "e-mail 'FIRST@example.test' is also user #1's e-mail or login: "
                                                   "wpcompat needs logins and e-mails unique"),
    ("first@example.test", "other@example.test", "user_login", "login 'first@example.test' is also user #1's login "
                                                               "or e-mail: wpcompat needs logins and e-mails unique"),
    ("third", "first", "user_email", "e-mail 'first' has no @"),
])
def test_users_wpcompat_refuses_are_problems_when_imported(wordpress_site, login, email, column, why):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(1, "first", "first@example.test", ["subscriber"])
    wordpress_site.user(5, login, email, ["subscriber"])
    _, users, findings = site_and_users(wordpress_site)
    assert findings == Findings()  # not a problem while no reader imports the user
    assert user_import(users[1], Role.CUSTOMER).login == "first"  # the first of two keeps its e-mail
    with pytest.raises(Unmappable) as caught:
        user_import(users[5], Role.CUSTOMER)
    assert caught.value.finding == Finding("users", 5, column, why)


def test_a_zero_registration_date(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(4, "old", "old@example.test", ["subscriber"], registered="0000-00-00 00:00:00")
    _, users, findings = site_and_users(wordpress_site)
    assert users[4].registered_at == UNKNOWN_REGISTRATION
    assert findings.notes == [Finding("users", 4, "user_registered", "the zero date: imported as 1970-01-01 00:00:00 UTC")]


# --- application passwords ---

def test_application_passwords_are_read_verbatim_with_gaps(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(2, "admin", "admin@example.test", ["administrator"])
    old, new = "AbCd1234EfGh5678IjKl9012", "ZyXw9876VuTs5432RqPo1098"
    phpass_hash, generic_hash = php(["phpass_hash", old], ["generic_hash", new])
    assert phpass_hash.startswith("$P$B") and generic_hash.startswith("$generic$")
    # Keys 0 and 2 are gone (revoked): WordPress leaves 1 and 3.
    wordpress_site.meta(2, "_application_passwords", {
        "1": {"uuid": UUID_A, "app_id": APP_ID, "name": "Zoë's calendar 📅", "password": phpass_hash,
              "created": 1600000000, "last_used": 1650000000, "last_ip": "2001:db8::1"},
        "3": {"uuid": UUID_B, "app_id": "", "name": "Zapier", "password": generic_hash, "created": 1700000000,
              "last_used": None, "last_ip": None}})
    _, users, findings = site_and_users(wordpress_site)
    assert findings == Findings()
    records = users[2].application_passwords
    assert records == [
        ApplicationPasswordImport(uuid=UUID_A, app_id=APP_ID, name="Zoë's calendar 📅", password_hash=phpass_hash,
                                  created=1600000000, last_used=1650000000, last_ip="2001:db8::1"),
        ApplicationPasswordImport(uuid=UUID_B, app_id="", name="Zapier", password_hash=generic_hash,
                                  created=1700000000, last_used=None, last_ip=None)]
    assert user_import(users[2], Role.TENANT_OWNER).application_passwords == records
    # Both verify as WordPress checks them: chunked as shown, or not.
    assert secrets.check_app_password("AbCd 1234 EfGh 5678 IjKl 9012", phpass_hash)
    assert secrets.check_app_password(new, generic_hash)
    assert not secrets.check_app_password(new, phpass_hash) and not secrets.check_app_password(old, generic_hash)


@pytest.mark.parametrize("meta_value, why", [
    (lambda: php(["core_reference"])[0], "a PHP reference (R:/r:), which this import does not follow at byte 48"),
    (lambda: php(["core_custom", "x"])[0], "custom serialization (C:, a class's own Serializable format) at byte 0"),
    (lambda: php(["serialize", {"0": {"uuid": UUID_A, "name": "https://a.example"}}])[0].replace("a.example", "ab.example"),
     None),
])
def test_unreadable_application_passwords_are_a_problem_not_a_crash(wordpress_site, meta_value, why):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(2, "admin", "admin@example.test", ["administrator"])
    wordpress_site.insert("usermeta", user_id=2, meta_key="_application_passwords", meta_value=meta_value())
    [meta_id] = password_meta_ids(wordpress_site)
    _, users, findings = site_and_users(wordpress_site)
    assert users[2].application_passwords == []
    [problem] = findings.problems
    assert (problem.table, problem.row_id, problem.column) == ("usermeta", meta_id, "meta_value")
    assert problem.why == why or (why is None and problem.why.startswith("not a readable serialized PHP value"))


def test_unusable_records_are_problems_and_a_missing_uuid_is_made(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(2, "admin", "admin@example.test", ["administrator"])
    wordpress_site.user(3, "zoe", "zoe@example.test", ["editor"])
    good = php(["generic_hash", "x" * 24])[0]
    wordpress_site.meta(2, "_application_passwords", [
        {"name": "no uuid (5.6 beta)", "password": good, "created": 1600000000},
        {"uuid": UUID_B, "name": "md5", "password": "5f4dcc3b5aa765d61d8327deb882cf99", "created": 1},
        {"uuid": UUID_C, "name": "bad time", "password": good, "created": "yesterday"},
        "not a record"])
    wordpress_site.meta(3, "_application_passwords", [{"uuid": UUID_C, "name": "ok", "password": good, "created": 5}])
    _, users, findings = site_and_users(wordpress_site)
    meta_2, _ = password_meta_ids(wordpress_site)
    [made] = users[2].application_passwords
    assert (made.name, made.password_hash, len(made.uuid)) == ("no uuid (5.6 beta)", good, 36)
    assert findings.notes == [Finding("usermeta", meta_2, "meta_value", f"application password record 1 has no uuid "
                                      f"(as before WordPress 5.6 saved one): given {made.uuid}, as WordPress would")]
    assert findings.problems == [
        Finding("usermeta", meta_2, "meta_value", f"application password record 2: {UUID_B}: the password hash is "
                                                  "neither wp_fast_hash ($generic$) nor phpass ($P$)"),
        Finding("usermeta", meta_2, "meta_value", f"application password record 3: {UUID_C}: created 'yesterday' is "
                                                  "not a Unix time"),
        Finding("usermeta", meta_2, "meta_value", "application password record 4: not a PHP array"),
    ]
    # User 3's record is fine on its own: nothing took its uuid, since user 2's record 3 was refused.
    assert [r.uuid for r in users[3].application_passwords] == [UUID_C]


def test_a_uuid_on_two_users_is_a_problem(wordpress_site):  # noqa: F811
    wordpress_site.core()
    good = php(["generic_hash", "x" * 24])[0]
    for user_id, login in ((2, "admin"), (3, "zoe")):
        wordpress_site.user(user_id, login, f"{login}@example.test", ["editor"])
        wordpress_site.meta(user_id, "_application_passwords",
                            [{"uuid": UUID_A, "name": "n", "password": good, "created": 5}])
    _, users, findings = site_and_users(wordpress_site)
    assert [len(users[2].application_passwords), len(users[3].application_passwords)] == [1, 0]
    [problem] = findings.problems
    assert (problem.table, problem.column, problem.why) == (
        "usermeta", "meta_value", f"application password {UUID_A} is also on user #2")


def test_a_non_array_value_is_no_passwords_as_in_wordpress(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(2, "admin", "admin@example.test", ["administrator"])
    wordpress_site.insert("usermeta", user_id=2, meta_key="_application_passwords", meta_value='s:0:"";')
    _, users, findings = site_and_users(wordpress_site)
    assert users[2].application_passwords == [] and findings.problems == []
    assert [n.why for n in findings.notes] == ["_application_passwords is not an array: no passwords"]


# --- dates and times ---

def test_mysql_datetimes_as_pymysql_returns_them(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(1, "a", "a@example.test", [], registered="0000-00-00 00:00:00")
    wordpress_site.user(2, "b", "b@example.test", [], registered="2024-02-29 23:59:59")
    with WordPressSource(wordpress_site.url) as source:
        values = [row["user_registered"] for row in source.rows("users")]
    assert values == ["0000-00-00 00:00:00", datetime(2024, 2, 29, 23, 59, 59)]  # PyMySQL: the text of a zero date
    assert [mysql_datetime(v) for v in values] == [None, datetime(2024, 2, 29, 23, 59, 59)]
    assert mysql_datetime("") is None and mysql_datetime(None) is None and mysql_datetime("0000-00-00") is None
    assert mysql_datetime("2024-01-02 03:04:05") == datetime(2024, 1, 2, 3, 4, 5)
    with pytest.raises(Unmappable) as caught:
        mysql_datetime("2024-00-10 00:00:00", table="bkntc_appointments", row_id=3, column="created_at")
    assert caught.value.finding == Finding("bkntc_appointments", 3, "created_at",
                                           "'2024-00-10 00:00:00' is not a MySQL date and time")


WALL_TIMES = [
    ("Europe/Vienna", "2024-06-01 12:00:00"),
    ("Europe/Vienna", "2021-03-28 02:30:00"),  # in the gap: clocks jump 02:00 -> 03:00
    ("Europe/Vienna", "2021-10-31 02:30:00"),  # repeated: PHP takes the second (CET)
    ("America/New_York", "2021-03-14 02:30:00"),
    ("America/New_York", "2021-11-07 01:30:00"),  # repeated: PHP takes the first (EDT)
    ("Australia/Lord_Howe", "2021-04-04 01:45:00"),  # a half-hour repeat
    ("Australia/Sydney", "2021-10-03 02:15:00"),
    ("Asia/Kolkata", "2020-01-01 00:00:00"),
    ("Etc/GMT-2", "2024-01-01 00:00:00"),
    ("UTC", "1999-12-31 23:59:59"),
]


def test_local_times_become_the_instants_php_makes():
    mysql_server_url()  # skipped with the other import tests outside scripts/test-all.sh (which brings php-cli)
    expected = php(*[["core_local_epoch", local, zone] for zone, local in WALL_TIMES])
    assert [local_to_epoch(datetime.fromisoformat(local), zone) for zone, local in WALL_TIMES] == expected
    assert local_to_epoch(datetime(2024, 1, 1, tzinfo=timezone.utc), "Europe/Vienna") == 1704067200


def test_a_second_meta_row_of_one_key_is_dead_data_as_in_wordpress(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(2, "ed", "ed@example.test", ["editor"])
    wordpress_site.meta(2, "wp_capabilities", {"administrator": True})  # get_user_meta(..., true) reads the first
    _, users, findings = site_and_users(wordpress_site)
    assert users[2].roles == ["editor"]
    [note] = findings.notes
    assert (note.table, note.column, note.why) == ("usermeta", "meta_key",
                                                   "a second wp_capabilities row for user #2: WordPress reads only the first")


def test_an_unreadable_roles_option_is_a_problem(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.insert("options", option_name="wp_user_roles", option_value=php(["core_reference"])[0], autoload="yes")
    wordpress_site.user(2, "ed", "ed@example.test", ["editor"])
    _, users, findings = site_and_users(wordpress_site)
    assert findings.problems == [Finding("options", "wp_user_roles", "option_value",
                                         "a PHP reference (R:/r:), which this import does not follow at byte 48")]
    assert users[2].roles == ["editor"]
