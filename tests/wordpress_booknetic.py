"""Booknetic 5.1 (and Booknetic SaaS) data in a test WordPress database, as the plugin stores it.

For any test with the ``wordpress_site`` fixture (:mod:`tests.wordpress_support`)::

    from .wordpress_booknetic import booknetic_salon, booknetic_saas
    from .wordpress_support import wordpress_site  # the fixture

    def test_something(wordpress_site):
        salon = booknetic_salon(wordpress_site)       # WordPress core + a plain Booknetic salon
        # wordpress_site.url is the --from URL; salon.tenant_slug, salon.admin (login, app password), ...
        platform = booknetic_saas(other_site)          # or: WordPress core + Booknetic SaaS, two tenants

:func:`booknetic_salon` and :func:`booknetic_saas` return what they made (:class:`Salon`, :class:`Platform`:
ids, logins and the plaintext application passwords, so end-to-end tests can call the imported site with the
site's own credentials). For a site of your own, :class:`Booknetic` inserts one row at a time with the
defaults Booknetic writes (``Booknetic(site).tables()`` first; ``Booknetic(site, tenant_id=2)`` stamps a
SaaS tenant's rows), :func:`week` makes a timesheet, :func:`local_epoch` a Unix time of a local wall clock.
JSON columns are encoded by PHP's ``json_encode``, as Booknetic stores them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .wordpress_support import WordPressSite, php

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: What the salon's and the platform's times are written in (the site's time zone, WordPress's timezone_string).
ZONE = "Europe/Vienna"


def local_epoch(wall: str, zone: str = ZONE) -> int:
    """Unix seconds of ``wall`` (``2030-01-07 10:00``) in ``zone``."""
    return int(datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone)).timestamp())


def php_json(value: Any) -> str:
    return php(["booknetic_json", value])[0]


def week(**days: tuple | None) -> list[dict]:
    """Booknetic's weekly timesheet: 7 entries, Monday first. ``mon=("09:00", "18:00", [("13:00", "14:00")])``
    (breaks optional); a day not given, or None, is a day off (``day_off: 1``, empty times)."""
    unknown = set(days) - set(WEEKDAYS)
    assert not unknown, unknown
    entries = []
    for name in WEEKDAYS:
        day = days.get(name)
        if day is None:
            entries.append({"day_off": 1, "start": "", "end": "", "breaks": []})
        else:
            start, end, *rest = day
            entries.append({"day_off": 0, "start": start, "end": end,
                            "breaks": [list(pair) for pair in (rest[0] if rest else [])]})
    return entries


def one_day(start: str | None, end: str | None = None, breaks: list[tuple[str, str]] = ()) -> dict:
    """A special day's timesheet (one entry); ``one_day(None)`` is a day off."""
    if start is None:
        return {"day_off": 1, "start": "", "end": "", "breaks": []}
    return {"day_off": 0, "start": start, "end": end, "breaks": [list(pair) for pair in breaks]}


class Booknetic:
    """Rows of Booknetic's tables, one insert at a time, with the plugin's defaults; ``tenant_id`` is written
    into every table the SaaS add-on scopes (None: a plain install). Each method returns the row's id."""

    def __init__(self, site: WordPressSite, tenant_id: int | None = None) -> None:
        self.site, self.tenant_id = site, tenant_id

    def tables(self, saas: bool = False) -> Booknetic:
        self.site.create_tables("booknetic")
        if saas:
            self.site.create_tables("booknetic-saas")
        return self

    def _scoped(self, table: str, columns: dict) -> int:
        return self.site.insert(table, **{"tenant_id": self.tenant_id, **columns})

    def option(self, name: str, value: Any) -> None:
        """``Helper::setOption``: ``bkntc_<name>``, ``bkntc_t<tenant id>_<name>`` for a SaaS tenant."""
        prefix = f"bkntc_t{self.tenant_id}_" if self.tenant_id else "bkntc_"
        self.site.option(prefix + name, value)

    def location(self, name: str, **columns: Any) -> int:
        return self._scoped("bkntc_locations", {"name": name, "is_active": 1,
                                                "created_at": "2024-02-01 10:00:00", **columns})

    def category(self, name: str, parent_id: int = 0, **columns: Any) -> int:
        return self._scoped("bkntc_service_categories", {"name": name, "parent_id": parent_id, **columns})

    def service(self, name: str, price: str, duration: int, **columns: Any) -> int:
        return self._scoped("bkntc_services", {"name": name, "price": price, "duration": duration,
                                               "is_active": 1, "is_visible": 1, "max_capacity": 1,
                                               "deposit": "100.00", "deposit_type": "percent", **columns})

    def extra(self, name: str, price: str, service_id: int | None, **columns: Any) -> int:
        return self._scoped("bkntc_service_extras", {"name": name, "price": price, "service_id": service_id,
                                                     "min_quantity": 0, "max_quantity": 1, "is_active": 1,
                                                     **columns})

    def staff(self, name: str, email: str, locations: str = "", **columns: Any) -> int:
        return self._scoped("bkntc_staff", {"name": name, "email": email, "locations": locations, "is_active": 1,
                                            **columns})

    def service_staff(self, service_id: int, staff_id: int, price: str = "-1", deposit: str = "-1",
                      **columns: Any) -> int:
        # Not scoped: service_staff has no tenant_id (it follows its service).
        return self.site.insert("bkntc_service_staff", service_id=service_id, staff_id=staff_id, price=price,
                                deposit=deposit, **columns)

    def timesheet(self, entries: list[dict] | str, staff_id: int | None = None, service_id: int | None = None,
                  **columns: Any) -> int:
        text = entries if isinstance(entries, str) else php_json(entries)
        return self._scoped("bkntc_timesheet", {"timesheet": text, "staff_id": staff_id, "service_id": service_id,
                                                **columns})

    def special_day(self, date: str, entry: dict, staff_id: int | None = None, service_id: int | None = None
                    ) -> int:
        return self._scoped("bkntc_special_days", {"date": date, "timesheet": php_json(entry), "staff_id": staff_id,
                                                   "service_id": service_id})

    def holiday(self, date: str, staff_id: int | None = None, service_id: int | None = None) -> int:
        return self._scoped("bkntc_holidays", {"date": date, "staff_id": staff_id, "service_id": service_id})

    def customer(self, first_name: str, last_name: str, email: str, **columns: Any) -> int:
        return self._scoped("bkntc_customers", {"first_name": first_name, "last_name": last_name, "email": email,
                                                "created_at": "2024-03-01 09:00:00", **columns})

    def appointment(self, *, service_id: int, staff_id: int, customer_id: int, starts_at: int, minutes: int,
                    buffer_before: int = 0, buffer_after: int = 0, extras: list[tuple[int, int, str, int]] = (),
                    prices: list[tuple[str, str, int]] | None = None, **columns: Any) -> int:
        """An appointment as Booknetic books it: ``ends_at`` = start + ``minutes`` (service and extras),
        busy times widened by the buffers; ``extras`` as (extra id, quantity, unit price, minutes);
        ``prices`` as (unique_key, price, +1/-1) lines (default: none)."""
        ends_at = starts_at + minutes * 60
        values = {"service_id": service_id, "staff_id": staff_id, "customer_id": customer_id,
                  "starts_at": starts_at, "ends_at": ends_at, "busy_from": starts_at - buffer_before * 60,
                  "busy_to": ends_at + buffer_after * 60, "status": "approved", "weight": 1,
                  "payment_method": "local", "payment_status": "not_paid", "paid_amount": "0.00",
                  "locale": "en_US", "client_timezone": ZONE, "created_at": starts_at - 86400, **columns}
        appointment_id = self._scoped("bkntc_appointments", values)
        for extra_id, quantity, price, duration in extras:
            self.site.insert("bkntc_appointment_extras", appointment_id=appointment_id, extra_id=extra_id,
                             quantity=quantity, price=price, duration=duration)
        for unique_key, price, sign in prices or ():
            self.site.insert("bkntc_appointment_prices", appointment_id=appointment_id, unique_key=unique_key,
                             price=price, negative_or_positive=sign)
        return appointment_id

    def notification(self, user_id: int, title: str, message: str, action_data: dict | None = None,
                     **columns: Any) -> int:
        return self._scoped("bkntc_notifications", {
            "user_id": user_id, "type": "in_app_notification", "title": title, "message": message,
            "action_type": "detail", "action_data": php_json(action_data) if action_data is not None else None,
            "created_at": "2030-01-06 12:00:00", "updated_at": "2030-01-06 12:00:00", **columns})


@dataclass(frozen=True)
class Login:
    id: int
    login: str
    email: str
    app_password: str | None = None  # plaintext; the site stores its hash
    app_uuid: str | None = None


@dataclass
class Salon:
    """What :func:`booknetic_salon` made (ids are Booknetic's, and the import keeps them)."""

    tenant_slug: str
    admin: Login  # administrator: the tenant owner ($generic$ application password)
    anna: Login  # staff user of staff #1 ($P$ application password)
    ben: Login  # staff user of staff #2
    sam: Login  # customer user of customer #1
    editor: Login  # an editor: no Booknetic role, not imported
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> name -> id


def _users(site: WordPressSite, *specs: tuple) -> list[Login]:
    logins = []
    for user_id, login, roles, password, uuid in specs:
        email = f"{login}@aurora.example"
        passwords = None
        if password:
            passwords = [{"password": password[0], "hash": password[1], "name": f"{login}'s integration",
                          "uuid": uuid, "created": 1700000000, "last_used": 1700500000, "last_ip": "203.0.113.9"}]
        site.user(user_id, login, email, roles, display_name=login.capitalize(), app_passwords=passwords)
        logins.append(Login(user_id, login, email, password[0] if password else None, uuid))
    return logins


def booknetic_salon(site: WordPressSite, tenant_slug: str = "aurora-spa") -> Salon:
    """WordPress core (Aurora Spa, Europe/Vienna) and a plain Booknetic salon, every case a salon has.

    Locations 1, 2, 4 (id 3 deleted; 2 inactive); categories Hair (1) > Colour (2), Nails (3, root as
    parent 0); services Haircut (1, buffers 5/10), Colouring (2, 2 seats, 30-minute slots), Manicure (5, a
    service timesheet: a note); extras Hair wash (1, of Haircut), Gloss (2, of Colouring, up to 2), Head
    massage (3, shared); staff Anna (1, user anna, locations "1,4", own timesheet with a lunch break, a
    holiday, a special day: a note), Ben (2, user ben, location "1", no timesheet of his own: the company's),
    Cleo (3, no user, inactive, no locations); customers Sam (1, user sam), Mia (2, birthdate 0000-00-00,
    gender ""), Zoë (3, no birthdate, created by the admin); appointments 1 (Anna, Haircut + Hair wash, Sam,
    approved), 2 (Ben, Colouring for 2 + 2x Gloss, Mia, pending awaiting an online payment, with a discount),
    3 (Anna, Haircut, Zoë, canceled, no location), 4 (Ben, Manicure, Sam, rejected, paid); notifications 1
    (admin, unread) and 2 (anna, read). Options: currency EUR. Nothing in it is a problem.
    """
    site.core(name="Aurora Spa", url="https://aurora.example", timezone=ZONE)
    admin, anna, ben, sam, editor = _users(
        site,
        (1, "admin", ["administrator"], ("AdMiNpAsSwOrD0123456789a", "generic"),
         "0b6a1b2c-3d4e-4f50-8a61-72839405a6b7"),
        (2, "anna", ["booknetic_staff"], ("AnNaPaSsWoRd0123456789ab", "phpass"),
         "1c7b2c3d-4e5f-4061-9b72-8394a516b7c8"),
        (3, "ben", ["booknetic_staff"], None, None),
        (4, "sam", ["booknetic_customer"], None, None),
        (5, "editor", ["editor"], None, None),
    )
    b = Booknetic(site).tables()
    b.option("currency", "EUR")
    b.option("currency_symbol", "€")
    ids: dict[str, dict[str, int]] = {}
    centre = b.location("Centre", address="Ringstraße 1, Wien", phone_number="+43 1 234", latitude="48.2082",
                        longitude="16.3738", notes="Main salon")
    harbour = b.location("Harbour", is_active=0, image="harbour.jpg")
    b.location("Deleted one")
    site.execute("DELETE FROM {prefix}bkntc_locations WHERE id = 3")
    old_town = b.location("Old town", address="", phone_number="")
    ids["locations"] = {"centre": centre, "harbour": harbour, "old_town": old_town}
    hair = b.category("Hair")
    colour = b.category("Colour", parent_id=hair)
    nails = b.category("Nails")
    ids["service_categories"] = {"hair": hair, "colour": colour, "nails": nails}
    haircut = b.service("Haircut", "30.00", 45, category_id=hair, buffer_before=5, buffer_after=10, color="#53d56c",
                        notes="Wash, cut and style")
    colouring = b.service("Colouring", "80.00", 90, category_id=colour, max_capacity=2, timeslot_length=30)
    site.execute("ALTER TABLE {prefix}bkntc_services AUTO_INCREMENT = 5")
    manicure = b.service("Manicure", "25.00", 30, category_id=nails, image="manicure.png")
    ids["services"] = {"haircut": haircut, "colouring": colouring, "manicure": manicure}
    wash = b.extra("Hair wash", "5.00", haircut, duration=10)
    gloss = b.extra("Gloss", "12.50", colouring, duration=15, max_quantity=2)
    massage = b.extra("Head massage", "8.00", None, duration=10, notes="Any service")
    ids["service_extras"] = {"wash": wash, "gloss": gloss, "massage": massage}
    anna_id = b.staff("Anna de Vries", "anna@aurora.example", locations=f"{centre},{old_town}", user_id=anna.id,
                      phone_number="+43 660 1", profession="Stylist", about="Ten years with scissors")
    ben_id = b.staff("Ben Okafor", "ben@aurora.example", locations=str(centre), user_id=ben.id)
    cleo_id = b.staff("Cleo Marsh", "cleo@aurora.example", is_active=0)
    ids["staff"] = {"anna": anna_id, "ben": ben_id, "cleo": cleo_id}
    for service_id, staff_id in ((haircut, anna_id), (colouring, anna_id), (colouring, ben_id), (manicure, ben_id)):
        b.service_staff(service_id, staff_id)
    company = week(mon=("09:00", "18:00"), tue=("09:00", "18:00"), wed=("09:00", "18:00"), thu=("09:00", "18:00"),
                   fri=("09:00", "18:00"), sat=("10:00", "14:00"))
    ids["timesheet"] = {
        "company": b.timesheet(company),
        "anna": b.timesheet(week(mon=("09:00", "17:00", [("12:00", "13:00")]),
                                 tue=("09:00", "17:00", [("12:00", "13:00"), ("15:00", "15:30")]),
                                 thu=("13:00", "24:00")), staff_id=anna_id),
        "manicure": b.timesheet(week(sat=("10:00", "12:00")), service_id=manicure),
    }
    ids["holidays"] = {"company": b.holiday("2030-12-25"), "anna": b.holiday("2030-01-14", staff_id=anna_id)}
    ids["special_days"] = {"anna": b.special_day("2030-01-21", one_day("10:00", "14:00"), staff_id=anna_id)}
    sam_id = b.customer("Sam", "Jansen", "sam@aurora.example", user_id=sam.id, phone_number="+31 6 1",
                        birthdate="1990-05-17", gender="male", created_by=admin.id)
    mia_id = b.customer("Mia", "Novak", "mia@example.org", birthdate="0000-00-00", gender="", phone_number="")
    zoe_id = b.customer("Zoë", "Brandt", "zoe@example.org", notes="Prefers mornings", created_by=admin.id,
                        created_at="2024-06-30 23:30:00")
    ids["customers"] = {"sam": sam_id, "mia": mia_id, "zoe": zoe_id}
    monday = local_epoch("2030-01-07 10:00")
    ids["appointments"] = {
        "sam_haircut": b.appointment(
            service_id=haircut, staff_id=anna_id, customer_id=sam_id, location_id=centre, starts_at=monday,
            minutes=45 + 10, buffer_before=5, buffer_after=10, extras=[(wash, 1, "5.00", 10)],
            prices=[("service_price", "30.00", 1), ("service_extra", "5.00", 1)], note="First visit",
            payment_id="5f2b1c0e9d8a7b6c5d4e3f2a1b0c9d8e"),
        "mia_colouring": b.appointment(
            service_id=colouring, staff_id=ben_id, customer_id=mia_id, location_id=centre,
            starts_at=local_epoch("2030-01-08 14:00"), minutes=90 + 30, weight=2, status="pending",
            payment_status="pending", payment_method="stripe", extras=[(gloss, 2, "12.50", 15)],
            prices=[("service_price", "160.00", 1), ("service_extra", "25.00", 1), ("discount", "18.50", -1)],
            recurring_id=None, client_timezone="Europe/London", locale="de_DE"),
        "zoe_canceled": b.appointment(
            service_id=haircut, staff_id=anna_id, customer_id=zoe_id, location_id=None,
            starts_at=local_epoch("2030-01-09 09:00"), minutes=45, buffer_before=5, buffer_after=10,
            status="canceled", prices=[("service_price", "30.00", 1)], note=""),
        "sam_manicure": b.appointment(
            service_id=manicure, staff_id=ben_id, customer_id=sam_id, location_id=old_town,
            starts_at=local_epoch("2029-12-01 11:00"), minutes=30, status="rejected", payment_status="paid",
            paid_amount="25.00", prices=[("service_price", "25.00", 1)]),
    }
    ids["notifications"] = {
        "admin": b.notification(admin.id, "New appointment", "Sam Jansen booked Haircut",
                                {"url": "appointments/info", "id": ids["appointments"]["sam_haircut"]}),
        "anna": b.notification(anna.id, "Appointment changed", "Zoë Brandt: canceled",
                               {"url": "appointments/info", "id": ids["appointments"]["zoe_canceled"]},
                               read_at="2030-01-06 13:15:00"),
    }
    return Salon(tenant_slug, admin, anna, ben, sam, editor, ids)


@dataclass
class Platform:
    """What :func:`booknetic_saas` made: the SaaS administrator (the platform owner) and two tenants."""

    owner: Login  # administrator ($generic$ application password)
    aurora: Login  # owner of SaaS tenant 1, domain "aurora" (plan 2, Basic)
    birch: Login  # owner of SaaS tenant 2, domain "birch" (plan 1, Pro)
    aurora_staff: Login  # staff user of tenant 1's staff member
    ids: dict[str, dict[str, int]] = field(default_factory=dict)


#: Plan permissions as the SaaS add-on saves them (capabilities on/off, limits).
PRO = {"capabilities": {"receive_appointments": "on", "dashboard": "on", "appointments": "on", "calendar": "on",
                        "customers": "on", "locations": "on", "payments": "on", "services": "on", "staff": "on",
                        "workflow": "on", "settings": "on"},
       "limits": {"services_allowed_max_number": -1, "staff_allowed_max_number": -1}}
BASIC = {"capabilities": {"receive_appointments": "on", "dashboard": "on", "appointments": "on", "calendar": "on",
                          "customers": "on", "locations": "off", "payments": "off", "services": "on", "staff": "on",
                          "workflow": "off", "settings": "on"},
         "limits": {"services_allowed_max_number": 5, "staff_allowed_max_number": 2}}


def booknetic_saas(site: WordPressSite) -> Platform:
    """WordPress core and Booknetic SaaS: plans Pro (1) and Basic (2, no locations, no payments); tenant 1
    ``aurora`` on plan 2, tenant 2 ``birch`` on plan 1 (ids interleave), their rows interleaved by id in the
    shared tables: locations 1 (aurora), 2 (birch), 3 (aurora); services 1 (birch), 2 (aurora); staff 1
    (birch), 2 (aurora, user aurora_staff); customers 1 (aurora), 2 (birch); appointments 1 (birch),
    2 (aurora) each with a price line; a timesheet each; notifications 1 (aurora's owner), 2 (birch's owner).
    Options: bkntc_t1_currency EUR; bkntc_t2_currency GBP, bkntc_t2_timezone Europe/London. User 1 is the
    SaaS administrator.
    """
    site.core(name="Booking Cloud", url="https://cloud.example", timezone=ZONE)
    owner, aurora, birch, aurora_staff = _users(
        site,
        (1, "cloudadmin", ["administrator"], ("ClOuDaDmInPaSsWoRd012345", "generic"),
         "2d8c3d4e-5f60-4172-8c83-94a5b627c8d9"),
        (10, "aurora", ["booknetic_saas_tenant"], ("AuRoRaOwNeRpAsSwOrD01234", "generic"),
         "3e9d4e5f-6071-4283-9d94-a5b6c738d9ea"),
        (11, "birch", ["booknetic_saas_tenant"], ("BiRcHoWnErPaSsWoRd012345", "phpass"),
         "4fae5f60-7182-4394-aea5-b6c7d849eafb"),
        (12, "auroraanna", ["booknetic_staff"], None, None),
    )
    Booknetic(site).tables(saas=True)
    pro = site.insert("bkntc_plans", name="Pro", is_active=1, is_default=0, permissions=php_json(PRO),
                      monthly_price="49.00", order_by=2)
    basic = site.insert("bkntc_plans", name="Basic", is_active=1, is_default=1, permissions=php_json(BASIC),
                        monthly_price="9.00", order_by=1)
    t1 = site.insert("bkntc_tenants", user_id=aurora.id, plan_id=basic, full_name="Aurora Spa", email=aurora.email,
                     domain="aurora", expires_in="2099-12-31", inserted_at="2024-01-10 08:00:00")
    t2 = site.insert("bkntc_tenants", user_id=birch.id, plan_id=pro, full_name="Birch Barbers", email=birch.email,
                     domain="birch", expires_in="2099-12-31", inserted_at="2024-01-11 08:00:00")
    a, b = Booknetic(site, t1), Booknetic(site, t2)
    a.option("currency", "EUR")
    b.option("currency", "GBP")
    b.option("timezone", "Europe/London")
    ids: dict[str, dict[str, int]] = {"plans": {"pro": pro, "basic": basic}, "tenants": {"aurora": t1, "birch": t2}}
    ids["locations"] = {"aurora_1": a.location("Aurora Centre"), "birch": b.location("Birch Street"),
                        "aurora_2": a.location("Aurora Annex")}
    ids["services"] = {"birch": b.service("Beard trim", "15.00", 20), "aurora": a.service("Massage", "60.00", 60)}
    ids["staff"] = {"birch": b.staff("Bo Birch", "bo@birch.example", locations=str(ids["locations"]["birch"])),
                    "aurora": a.staff("Anna Aurora", "anna@aurora.example", user_id=aurora_staff.id,
                                      locations=f"{ids['locations']['aurora_1']},{ids['locations']['aurora_2']}")}
    b.service_staff(ids["services"]["birch"], ids["staff"]["birch"])
    a.service_staff(ids["services"]["aurora"], ids["staff"]["aurora"])
    ids["timesheet"] = {"aurora": a.timesheet(week(mon=("09:00", "18:00"))),
                        "birch": b.timesheet(week(tue=("08:00", "12:00")))}
    ids["customers"] = {"aurora": a.customer("Ada", "Aurora", "ada@example.org"),
                        "birch": b.customer("Bert", "Birch", "bert@example.org")}
    start = local_epoch("2030-01-08 09:00")
    ids["appointments"] = {
        "birch": b.appointment(service_id=ids["services"]["birch"], staff_id=ids["staff"]["birch"],
                               customer_id=ids["customers"]["birch"], location_id=ids["locations"]["birch"],
                               starts_at=start, minutes=20, prices=[("service_price", "15.00", 1)]),
        "aurora": a.appointment(service_id=ids["services"]["aurora"], staff_id=ids["staff"]["aurora"],
                                customer_id=ids["customers"]["aurora"], location_id=ids["locations"]["aurora_1"],
                                starts_at=start - 86400, minutes=60, prices=[("service_price", "60.00", 1)]),
    }
    ids["notifications"] = {"aurora": a.notification(aurora.id, "New appointment", "Ada Aurora booked Massage"),
                            "birch": b.notification(birch.id, "New appointment", "Bert Birch booked Beard trim")}
    return Platform(owner, aurora, birch, aurora_staff, ids)
