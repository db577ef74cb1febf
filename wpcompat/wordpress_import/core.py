"""WordPress core: the site's options, its users with their roles and application passwords.

The plugin readers build on these: :func:`read_site` gives the site (name, URL, time zone, formats),
:func:`read_users` every WordPress user as a :class:`WpUser`, and :func:`user_import` turns the ones a
plugin reader decides to import into :class:`~.plan.UserImport` with the wpcompat role it chose.

Unreadable WordPress data (a corrupt serialized usermeta) is a problem as soon as it is read. A user that
wpcompat's model cannot hold (an empty, malformed or shared e-mail or login) is a problem only when a
reader imports it: :func:`user_import` raises :class:`~.findings.Unmappable`, which readers record.
"""
from __future__ import annotations

import re
import uuid as uuid_lib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone as dt_timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..platform.models import Role
from ..platform.names import is_login
from .findings import Finding, Findings, Unmappable
from .php_values import PhpObject, as_list, unserialize
from .plan import ApplicationPasswordImport, SiteImport, UserImport
from .source import SourceError, WordPressSource

#: A WordPress user whose ``user_registered`` is the zero date is imported as registered at this instant.
UNKNOWN_REGISTRATION = datetime(1970, 1, 1)

#: Fractional ``gmt_offset`` values (minutes) -> an IANA zone that keeps exactly that offset all year,
#: without daylight saving time. IANA's fixed-offset ``Etc/GMT±N`` zones exist for whole hours only;
#: WordPress's other fractional choices (UTC-3:30, +10:30, +12:45, ...) match no zone's offset all year.
FRACTIONAL_OFFSET_ZONES = {
    -570: "Pacific/Marquesas",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    525: "Australia/Eucla",
    570: "Australia/Darwin",
}
_OFFSET = re.compile(r"\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*")
# The hash formats WordPress's wp_check_password() verifies for an application password: wp_fast_hash
# (6.8+) and phpass's portable hashes ($P$, and phpBB's $H$ spelling of the same, which phpass also accepts).
_HASH_PREFIXES = ("$generic$", "$P$", "$H$")


@dataclass
class WpUser:
    """A WordPress user as the plugin readers need it (not yet a wpcompat user)."""

    id: int
    login: str
    email: str
    display_name: str
    registered_at: datetime  # UTC, naive (WordPress writes user_registered in UTC)
    roles: list[str]  # WordPress role names, in the order of the capabilities array
    application_passwords: list[ApplicationPasswordImport] = field(default_factory=list)
    #: The whole ``{prefix}capabilities`` array (roles and single capabilities granted to the user).
    caps: dict[str, Any] = field(default_factory=dict)
    #: Why wpcompat cannot hold this user, raised by :func:`user_import` (None: it can).
    refusal: Finding | None = None


# --- the site ---

def read_site(source: WordPressSource, findings: Findings) -> SiteImport:
    """``blogname``, ``home`` (else ``siteurl``), the time zone and the date and time formats."""
    if not source.has_table("options"):
        raise SourceError(f"no table {source.table('options')}: not a WordPress database, or its table prefix "
                          f"is not {source.prefix!r} (--prefix)")
    timezone_string = source.option("timezone_string")
    gmt_offset = source.option("gmt_offset")
    try:
        zone, note = iana_zone(timezone_string, gmt_offset)
    except ValueError as error:
        findings.problem("options", "timezone_string" if timezone_string else "gmt_offset", "option_value",
                         str(error))
        zone = "UTC"
    else:
        if note:
            findings.note("options", "gmt_offset", "option_value", note)
    date_format, time_format = source.option("date_format"), source.option("time_format")
    # blogname stays as stored: WordPress keeps it HTML-escaped (&amp;) and its REST index answers it so.
    return SiteImport(
        name=source.option("blogname") or "",
        url=source.option("home") or source.option("siteurl") or "",
        timezone=zone,
        date_format=date_format if date_format is not None else SiteImport.date_format,
        time_format=time_format if time_format is not None else SiteImport.time_format,
    )


def iana_zone(timezone_string: str | None, gmt_offset: str | None) -> tuple[str, str | None]:
    """The IANA zone WordPress's ``wp_timezone()`` stands for, and a note when it is a stand-in.

    ``timezone_string`` wins when set (as in WordPress). Otherwise the fixed ``gmt_offset`` in hours:
    whole hours are ``Etc/GMT∓N`` (POSIX's inverted sign: UTC+2 is ``Etc/GMT-2``) and 0 is ``UTC``; a
    fractional offset is the zone of :data:`FRACTIONAL_OFFSET_ZONES` with that offset all year, or a
    ValueError saying what to set instead.
    """
    if timezone_string:
        try:
            ZoneInfo(timezone_string)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"timezone_string {timezone_string!r} is not an IANA time zone name") from None
        return timezone_string, None
    text = gmt_offset if gmt_offset is not None else ""
    if text.strip() == "":
        return "UTC", None  # PHP's (float) "" is 0: WordPress's own fresh install
    match = _OFFSET.fullmatch(text)
    if not match:
        raise ValueError(f"gmt_offset {text!r} is not a number of hours")
    minutes = round(float(match.group(2)) * 60) * (-1 if match.group(1) == "-" else 1)
    label = f"UTC{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if minutes == 0:
        return "UTC", None
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        return f"Etc/GMT{'-' if minutes > 0 else '+'}{abs(minutes) // 60}", None
    if minutes in FRACTIONAL_OFFSET_ZONES:
        zone = FRACTIONAL_OFFSET_ZONES[minutes]
        return zone, (f"gmt_offset {text.strip()} ({label}, a fixed offset) is imported as {zone}, "
                      f"which keeps {label} all year")
    raise ValueError(f"gmt_offset {text.strip()} ({label}) matches no IANA time zone all year round: choose a city "
                     "with that offset in WordPress's Settings > General (timezone_string) and import again")


# --- users ---

def read_users(source: WordPressSource, findings: Findings) -> dict[int, WpUser]:
    """Every WordPress user by id (ascending), with roles and application passwords."""
    role_names = _role_names(source, findings)
    caps_key = f"{source.prefix}capabilities"
    meta: dict[tuple[int, str], dict] = {}
    for row in source.query("SELECT umeta_id, user_id, meta_key, meta_value FROM `{prefix}usermeta` "
                            "WHERE meta_key IN (:caps, :passwords) ORDER BY umeta_id",
                            caps=caps_key, passwords="_application_passwords"):
        # get_user_meta($id, $key, true) reads the first row of a key; later duplicates are dead data.
        key = (int(row["user_id"]), row["meta_key"])
        if key in meta:
            findings.note("usermeta", row["umeta_id"], "meta_key",
                          f"a second {row['meta_key']} row for user #{key[0]}: WordPress reads only the first")
        else:
            meta[key] = row

    users: dict[int, WpUser] = {}
    uuids: dict[str, int] = {}
    claims: dict[tuple[str, str], int] = {}
    for row in source.rows("users", order_by="ID"):
        user_id = int(row["ID"])
        registered = _registered(row, findings)
        caps = _capabilities(meta.get((user_id, caps_key)), findings)
        roles = [name for name in caps if isinstance(name, str) and (role_names is None or name in role_names)]
        passwords = _application_passwords(meta.get((user_id, "_application_passwords")), uuids, findings)
        user = WpUser(id=user_id, login=row["user_login"], email=row["user_email"],
                      display_name=row["display_name"], registered_at=registered, roles=roles,
                      application_passwords=passwords, caps=caps)
        user.refusal = _refusal(user, claims)
        users[user_id] = user
    return users


def user_import(user: WpUser, role: Role, capabilities: list[str] | None = None) -> UserImport:
    """``user`` as a wpcompat user with ``role``; :class:`Unmappable` when wpcompat cannot hold it."""
    if user.refusal is not None:
        refusal = user.refusal
        raise Unmappable(refusal.table, refusal.row_id, refusal.column, refusal.why)
    return UserImport(id=user.id, login=user.login, email=user.email, display_name=user.display_name,
                      registered_at=user.registered_at, role=Role(role), wp_roles=list(user.roles),
                      capabilities=capabilities, application_passwords=list(user.application_passwords))


def _role_names(source: WordPressSource, findings: Findings) -> set[str] | None:
    """The site's roles (option ``{prefix}user_roles``), which tell roles from single capabilities."""
    name = f"{source.prefix}user_roles"
    raw = source.option(name)
    if not raw:
        return None  # no such option (never on a real site): every key of a user's capabilities is a role
    try:
        roles = unserialize(raw, "options", name, "option_value")
    except Unmappable as error:
        findings.add(error)
        return None
    if not isinstance(roles, dict):
        findings.problem("options", name, "option_value", "not a PHP array of roles")
        return None
    return {key for key in roles if isinstance(key, str)}


def _capabilities(row: dict | None, findings: Findings) -> dict[str, Any]:
    if row is None or not row["meta_value"]:
        return {}
    try:
        caps = unserialize(row["meta_value"], "usermeta", row["umeta_id"], "meta_value")
    except Unmappable as error:
        findings.add(error)
        return {}
    if not isinstance(caps, dict):
        findings.problem("usermeta", row["umeta_id"], "meta_value", f"{row['meta_key']} is not a PHP array")
        return {}
    return caps


def _application_passwords(row: dict | None, uuids: dict[str, int],
                           findings: Findings) -> list[ApplicationPasswordImport]:
    """The records of ``_application_passwords``, in their array order (keys and their gaps dropped)."""
    if row is None or not row["meta_value"]:
        return []
    meta_id = row["umeta_id"]
    try:
        value = unserialize(row["meta_value"], "usermeta", meta_id, "meta_value")
    except Unmappable as error:
        findings.add(error)
        return []
    if not isinstance(value, (dict, list)):
        # WP_Application_Passwords::get_user_application_passwords() treats a non-array as no passwords.
        findings.note("usermeta", meta_id, "meta_value", "_application_passwords is not an array: no passwords")
        return []
    records = []
    for index, item in enumerate(as_list(value)):
        try:
            record = _application_password(item, index, meta_id, findings)
        except Unmappable as error:
            findings.add(error)
            continue
        if record.uuid in uuids:
            findings.problem("usermeta", meta_id, "meta_value",
                             f"application password {record.uuid} is also on user #{uuids[record.uuid]}")
            continue
        uuids[record.uuid] = int(row["user_id"])
        records.append(record)
    return records


def _application_password(item: Any, index: int, meta_id: int, findings: Findings) -> ApplicationPasswordImport:
    def refuse(why: str) -> Unmappable:
        return Unmappable("usermeta", meta_id, "meta_value", f"application password record {index + 1}: {why}")

    if not isinstance(item, dict):
        raise refuse("not a PHP array")
    uuid = item.get("uuid")
    if uuid is None:
        # get_user_application_passwords() gives such a record a new uuid the next time it reads it.
        uuid = str(uuid_lib.uuid4())
        findings.note("usermeta", meta_id, "meta_value",
                      f"application password record {index + 1} has no uuid (as before WordPress 5.6 saved "
                      f"one): given {uuid}, as WordPress would")
    if not isinstance(uuid, str) or not 0 < len(uuid) <= 36:
        raise refuse(f"uuid {uuid!r} is not a uuid")
    password = item.get("password")
    if not isinstance(password, str) or not password.startswith(_HASH_PREFIXES) or len(password) > 255:
        raise refuse(f"{uuid}: the password hash is neither wp_fast_hash ($generic$) nor phpass ($P$)")
    app_id = _text(item.get("app_id"))
    if app_id is None or len(app_id) > 36:
        raise refuse(f"{uuid}: app_id {item.get('app_id')!r} is not a uuid or empty")
    name = _text(item.get("name"))
    if name is None or len(name) > 255:
        raise refuse(f"{uuid}: the name is not a string of at most 255 characters")
    created = _whole(item.get("created"))
    if created is None:
        raise refuse(f"{uuid}: created {item.get('created')!r} is not a Unix time")
    last_used = _whole(item.get("last_used"))
    if item.get("last_used") is not None and last_used is None:
        raise refuse(f"{uuid}: last_used {item.get('last_used')!r} is not a Unix time")
    last_ip = item.get("last_ip")
    if last_ip is not None and (not isinstance(last_ip, str) or len(last_ip) > 45):
        raise refuse(f"{uuid}: last_ip {last_ip!r} is not an IP address")
    return ApplicationPasswordImport(uuid=uuid, app_id=app_id, name=name, password_hash=password, created=created,
                                     last_used=last_used, last_ip=last_ip)


def _text(value: Any) -> str | None:
    """A PHP string (a missing or null one is empty; PHP may have stored a numeric name as an int)."""
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, (dict, list, PhpObject, float)):
        return None
    return str(value)


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,19}", value):
        return int(value)
    return None


def _registered(row: dict, findings: Findings) -> datetime:
    try:
        registered = mysql_datetime(row["user_registered"], table="users", row_id=row["ID"], column="user_registered")
    except Unmappable as error:
        findings.add(error)
        return UNKNOWN_REGISTRATION
    if registered is None:
        findings.note("users", row["ID"], "user_registered",
                      f"the zero date: imported as {UNKNOWN_REGISTRATION:%Y-%m-%d %H:%M:%S} UTC")
        return UNKNOWN_REGISTRATION
    return registered


def _refusal(user: WpUser, claims: dict[tuple[str, str], int]) -> Finding | None:
    """Why wpcompat's user model would refuse ``user`` after the users before it (by id), or None.

    wpcompat's rule (accounts.create_user): a valid login, an e-mail with an @, and neither matching
    another user's login or e-mail (e-mails compared case-insensitively, as WordPress does). WordPress
    keeps logins unique but lets a plugin or an import give two users one e-mail, or none.
    """
    def refuse(column: str, why: str) -> Finding:
        return Finding("users", user.id, column, why)

    if not is_login(user.login):
        return refuse("user_login", f"login {user.login!r} has characters wpcompat logins do not allow (WordPress's "
                                    "strict sanitize_user alphabet: letters, digits, space, _ . - @)")
    if not user.email:
        return refuse("user_email", "no e-mail address: every wpcompat user has one")
    if "@" not in user.email:
        return refuse("user_email", f"e-mail {user.email!r} has no @")
    login_owner = claims.get(("login", user.login))
    if login_owner is None and "@" in user.login:
        login_owner = claims.get(("email", user.login.lower()))
    if login_owner is not None:
        return refuse("user_login", f"login {user.login!r} is also user #{login_owner}'s login or e-mail: "
                                    "wpcompat needs logins and e-mails unique")
    email_owner = claims.get(("email", user.email.lower()), claims.get(("login", user.email)))
    if email_owner is not None:
        return refuse("user_email", f"e-mail {user.email!r} is also user #{email_owner}'s e-mail or login: "
                                    "wpcompat needs logins and e-mails unique")
    claims.setdefault(("login", user.login), user.id)
    claims.setdefault(("email", user.email.lower()), user.id)
    return None


# --- dates and times ---

def mysql_datetime(value: Any, *, table: str = "?", row_id: Any = None, column: str | None = None) -> datetime | None:
    """A MySQL ``DATETIME``/``DATE`` as PyMySQL returns it, naive; None for the zero date and ''.

    PyMySQL returns the text itself for a date it cannot represent (``0000-00-00 00:00:00``, which
    WordPress and Booknetic write for "none"); anything else unreadable is :class:`Unmappable`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str):
        text = value.strip()
        if text == "" or text.startswith("0000-00-00"):
            return None
        for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                pass
    raise Unmappable(table, row_id, column, f"{value!r} is not a MySQL date and time")


def local_to_epoch(value: datetime, zone: str) -> int:
    """Unix seconds of a site-local wall time in ``zone``, exactly as PHP's ``new DateTime($value, $zone)``.

    The plugins store local times and PHP turns them into instants, so the rare wall times that are not
    one instant are read as PHP (timelib) reads them: a time in the gap when clocks go forward takes the
    offset from before the gap; a time in the repeated hour takes the offset in force at the instant the
    wall time would be in UTC. So the repeated hour is its second occurrence east of Greenwich (Vienna's
    02:30 is CET) and its first west of it (New York's 01:30 is EDT). An aware ``value`` is its own instant.
    """
    if value.tzinfo is not None:
        return int(value.timestamp())
    tz = ZoneInfo(zone)
    first = int(value.replace(tzinfo=tz, fold=0).timestamp())
    second = int(value.replace(tzinfo=tz, fold=1).timestamp())
    if first == second:
        return first
    if datetime.fromtimestamp(first, tz).replace(tzinfo=None) != value.replace(microsecond=0):
        return first  # in the gap: fold=0 is the offset before it
    as_utc = int(value.replace(tzinfo=dt_timezone.utc).timestamp())
    guess = as_utc - int(datetime.fromtimestamp(as_utc, tz).utcoffset().total_seconds())
    return guess if guess in (first, second) else first
