"""TeamBooking 2.5.7 data in a test WordPress database, as the plugin stores it.

For any test with the ``wordpress_site`` fixture (:mod:`tests.wordpress_support`)::

    from .wordpress_teambooking import teambooking_shop
    from .wordpress_support import wordpress_site  # the fixture

    def test_something(wordpress_site):
        shop = teambooking_shop(wordpress_site)   # WordPress core + a TeamBooking shop
        # wordpress_site.url is the --from URL; shop.read_token / shop.write_token are its API tokens,
        # shop.reservation_tokens[1001] the token (the links' checksum) of reservation 1001, ...

:func:`teambooking_shop` returns what it made (:class:`TeamBookingShop`: ids, slugs, tokens and what each
reservation should read back as over the TeamBooking API after an import). For a site of your own,
:class:`TeamBooking` writes one thing at a time as the plugin does (``TeamBooking(site).tables()`` first):
services (a ``tbk_service`` post and its ``tbk_*``/``_tbk_*`` postmeta), reservations (a row of
``{prefix}teambooking_reservations``, its ``form_fields``/``discounts``/``payment_details``/``files`` made by
PHP's ``base64_encode(gzdeflate(serialize(...)))``) and the ``team_booking`` option (a ``TeamBookingSettings``
object serialized by PHP, private members and all). :func:`local_epoch` gives Unix seconds of a wall clock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .wordpress_support import WordPressSite, php

#: The shop's time zone (WordPress's timezone_string): TeamBooking's ``created`` column is in it.
ZONE = "Europe/Vienna"


def local_epoch(wall: str, zone: str = ZONE) -> int:
    """Unix seconds of ``wall`` (``2030-01-07 10:00``) in ``zone``."""
    return int(datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone)).timestamp())


def alnum_token(seed: str) -> str:
    """A 32-character ``[A-Za-z0-9]`` token (the plugin's ``generateToken('alnum', 32)`` shape), from ``seed``."""
    text = "".join(ch for ch in seed if ch.isalnum())
    return (text + "0123456789abcdefghijKLMNOPQRSTUVwxyz")[:32]


class TeamBooking:
    """TeamBooking's storage, one thing at a time, with the values the plugin writes."""

    def __init__(self, site: WordPressSite) -> None:
        self.site = site

    def tables(self) -> TeamBooking:
        self.site.create_tables("teambooking")
        return self

    def service(self, post_id: int, slug: str, name: str, *, service_class: str = "appointment",
                price: float = 50.0, duration: int | None = 3600, max_tickets: int = 20, approval: str = "none",
                payment: str = "later", active: bool = True, description: str = "", color: str = "#53D56C",
                location: str = "", post_status: str = "publish", created: str = "2029-11-01 09:00:00") -> None:
        """A service as ``Database\\Services::add`` stores it. ``duration`` (seconds) is an appointment's
        ``slot_duration``; ``max_tickets`` an event's ``slot_max_tickets``; ``approval`` the
        ``approval_rule`` (none, admin, coworker); ``payment`` immediately, later or discretional. ``name``
        and ``description`` are stored through the plugin's ``htmlentities`` (``filterInput``)."""
        self.site.insert("posts", ID=post_id, post_author=1, post_date=created, post_date_gmt=created,
                         post_title=name, post_content=description, post_name=slug, post_status=post_status,
                         post_type="tbk_service", post_modified=created, post_modified_gmt=created)
        properties: dict[str, Any] = {
            "class": service_class, "id": slug, "name": _html_entities(name),
            "description": _html_entities(description), "color": color, "price": price, "active": active,
            "location": location, "redirect_url": "", "form": post_id + 1000,
            "email_notification_admin": {"subject": "A new reservation", "body": "You have just got a new reservation!",
                                         "send": True, "to": "owner@aurora.example", "attachments": False},
            "email_notification_customer": {"subject": "Your reservation details",
                                            "body": "Thanks for your reservation!", "from": "admin", "send": True}}
        settings: dict[str, Any] = {"location": "inherited" if service_class != "unscheduled" else "none",
                                    "redirect": False, "payment": payment, "bookable": "everyone",
                                    "customer_cancellation": True, "cancellation_reason_allowed": True,
                                    "show_map": True, "approval_rule": approval}
        if service_class == "appointment":
            if duration is not None:
                properties["slot_duration"] = duration
            settings.update(show_times="yes", show_soldout=False, slot_duration="coworker",
                            cancellation_allowed_until=86400, free_until_approval=False)
        elif service_class == "event":
            properties.update(slot_max_tickets=max_tickets, slot_max_user_tickets=max_tickets)
            settings.update(show_tickets_left=True, show_tickets_left_threeshold=0)
        else:
            properties["max_reservations_per_user"] = 0
            settings["assignment_rule"] = "equal"
        for key, value in php(["tb_service_meta", properties, settings])[0]:
            self.site.insert("postmeta", post_id=post_id, meta_key=key, meta_value=value)

    def reservation(self, reservation_id: int, service: str, coworker: int, *, start: int | None,
                    end: int | None, email: str, first_name: str, last_name: str, phone: str | None = None,
                    status: str | None = "confirmed", paid: bool = False, price: str | None = "50.00",
                    price_discounted: str | None = None, discounts: list[dict] | None = None, tickets: int | None = 1,
                    token: str | None = None, created: str = "2029-12-20 18:30:00", created_utc: int | None = None,
                    customer_id: int = 0, customer_timezone: str | None = ZONE, service_class: str = "appointment",
                    service_name: str = "", location: str = "", canc_reason: str | None = None,
                    gateway: str | None = None, currency: str = "EUR", extra_fields: list[dict] | None = None,
                    files: dict | None = None, payment_details: dict | None = None) -> str:
        """One reservation row as ``Database\\Reservations::insert`` writes it; its token (made from the id
        when not given). ``created`` is site-local (``current_time('mysql')``), ``created_utc`` Unix seconds
        (None: a row from before the column was filled). Booleans as WordPress stores them (1 or 0, since
        ``$wpdb`` leaves MySQL non-strict)."""
        token = token if token is not None else alnum_token(f"Res{reservation_id}tok{service}")
        fields = [{"name": "first_name", "value": first_name, "label": "First name"},
                  {"name": "second_name", "value": last_name, "label": "Last name"},
                  {"name": "email", "value": email, "label": "Email"}]
        if phone is not None:
            fields.append({"name": "phone", "value": phone, "label": "Phone number"})
        fields += extra_fields or []
        form, discount_column, details, file_column = php(
            ["tb_form_fields", [{**f, "service_id": service} for f in fields]], ["tb_encode", discounts or []],
            ["tb_encode", payment_details or []], ["tb_encode", files or []])
        self.site.insert(
            "teambooking_reservations", id=reservation_id, created=created, service_id=service,
            coworker_id=coworker, calendar_id=f"coworker{coworker}@group.calendar.google.com",
            event_id=f"evt{reservation_id}", status=status, token=token, start=start, end=end,
            customer_id=customer_id, customer_timezone=customer_timezone, enum_for_limit=1, event_parent_id="",
            hangout_url="", event_url="", service_name=service_name or service, service_class=service_class,
            service_location=location, tickets=tickets, price=price, price_discounted=price_discounted,
            pending_reason="", canc_reason=canc_reason or "", canc_who="", confirm_who="", email_reminder_sent=0,
            paid=1 if paid else 0, payment_gateway=gateway or "", currency_code=currency, post_id=42,
            post_title="Book now", slot_start="", slot_end="", form_fields=form, discounts=discount_column,
            payment_details=details, files=file_column, customer_nicename=f"{first_name} {last_name}",
            created_utc=created_utc, order_id="", wants_payment=0, frontend_lang="")
        return token

    def settings(self, *, tokens: dict[str, dict], coworkers: list[dict], currency: str = "EUR") -> None:
        """The option ``team_booking``: ``tokens`` = {token: {"write": bool, "usages": {operation: calls}}};
        ``coworkers`` = [{"id": user id, "api_token": ..., "services_allowed": {slug: bool} or absent}]."""
        value = php(["tb_settings", {"tokens": tokens, "coworkers": coworkers, "currency_code": currency}])[0]
        self.site.insert("options", option_name="team_booking", option_value=value, autoload="yes")


def _html_entities(text: str) -> str:
    # The plugin's filterInput(): htmlentities(ENT_QUOTES); the shop's names need no more than these.
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#039;")
            .replace("<", "&lt;").replace(">", "&gt;"))


@dataclass
class TeamBookingShop:
    """What :func:`teambooking_shop` made, for assertions and for calling the imported site."""

    tenant_slug: str
    read_token: str  # read-only, with usages
    write_token: str  # write-enabled, with usages
    idle_token: str  # read-only, never used
    token_usages: dict[str, dict[str, int]]
    owner_id: int  # the WordPress administrator (a tenant owner)
    coworkers: dict[str, int]  # login -> WordPress user id: anna, ben
    customer_user_id: int  # carla, a registered customer
    bystander_id: int  # a subscriber with no reservation: not imported
    services: dict[str, int]  # slug -> post id
    reservation_tokens: dict[int, str]  # reservation id -> its token (the links' checksum)
    #: reservation id -> what TeamBooking's get_reservation answers for it (status, isPaid, amount, tickets,
    #: coworkerID, service slug, start, end, creationDateTime, customer e-mail)
    expected: dict[int, dict[str, Any]] = field(default_factory=dict)


def teambooking_shop(site: WordPressSite, tenant_slug: str = "aurora") -> TeamBookingShop:
    """WordPress core (Aurora Spa, Europe/Vienna) and a TeamBooking shop in EUR.

    * users: 1 ``owner`` (administrator), coworkers 7 ``anna`` and 8 ``ben`` (editors with coworker
      settings and ``ctoken``\\s), 12 ``carla`` (subscriber, a registered customer), 13 ``dave`` (subscriber,
      no reservation);
    * services: post 101 ``swedish-massage`` (appointment, 60 min, 50.00, no approval, pay later) and post
      102 ``flow-yoga`` (event, 3 tickets per slot, 20.00, admin approval, pay immediately); ben does not
      give yoga (``services_allowed``), anna gives both;
    * reservations 1001-1007 in every status (confirmed, waiting_approval, pending = awaiting payment,
      cancelled with a reason, done, and an empty status read as confirmed), paid and unpaid, one of two
      tickets with a coupon and a form-field price increment, one with only the local ``created``;
      dana's e-mail appears twice in different case (one customer);
    * tokens: a read token used 12+3 times, a write token used twice, an unused read token.
    """
    site.core()
    site.user(1, "owner", "owner@aurora.example", ["administrator"], display_name="Olga Owner")
    site.user(7, "anna", "anna@aurora.example", ["editor"], display_name="Anna de Vries")
    site.user(8, "ben", "ben@aurora.example", ["editor"], display_name="Ben Okafor")
    site.user(12, "carla", "carla@example.com", ["subscriber"], display_name="Carla Ruiz")
    site.user(13, "dave", "dave@example.com", ["subscriber"], display_name="Dave Stone")
    tb = TeamBooking(site).tables()
    tb.service(101, "swedish-massage", "Swedish massage", description="Relaxing & full-body", duration=3600)
    tb.service(102, "flow-yoga", "Flow yoga", service_class="event", price=20.0, max_tickets=3, approval="admin",
               payment="immediately", duration=None, color="#1E90FF")
    read, write, idle = alnum_token("ReadTokenAurora"), alnum_token("WriteTokenAurora"), alnum_token("IdleToken")
    usages = {read: {"get_reservations": 12, "get_services": 3}, write: {"do_reservation": 2}, idle: {}}
    tb.settings(tokens={read: {"write": False, "usages": usages[read]}, write: {"write": True, "usages": usages[write]},
                        idle: {"write": False, "usages": {}}},
                coworkers=[{"id": 7, "api_token": alnum_token("CoworkerAnnaApi"),
                            "services_allowed": {"swedish-massage": True, "flow-yoga": True}},
                           {"id": 8, "api_token": alnum_token("CoworkerBenApi"),
                            "services_allowed": {"swedish-massage": True, "flow-yoga": False}}])
    monday_10, monday_11 = local_epoch("2030-01-07 10:00"), local_epoch("2030-01-07 11:00")
    tuesday_18, tuesday_1930 = local_epoch("2030-01-08 18:00"), local_epoch("2030-01-08 19:30")
    created_utc = local_epoch("2029-12-20 18:30")
    dana = {"email": "dana@example.com", "first_name": "Dana", "last_name": "Kim", "phone": "+43 1 2345"}
    tokens, expected = {}, {}

    def reservation(rid: int, service: str, coworker: int, start: int, end: int, customer: dict, *,
                    answer: dict, **columns: Any) -> None:
        tokens[rid] = tb.reservation(rid, service, coworker, start=start, end=end, **customer, **columns)
        expected[rid] = {"service": service, "coworkerID": coworker, "start": str(start), "end": str(end),
                         "email": customer["email"].lower(), **answer}

    reservation(1001, "swedish-massage", 7, monday_10, monday_11, dana, paid=True, created_utc=created_utc,
                gateway="stripe", payment_details={"charge_id": "ch_1"},
                answer={"status": "confirmed", "isPaid": True, "amount": 50, "tickets": "1",
                        "creationDateTime": str(created_utc)})
    reservation(1002, "swedish-massage", 8, monday_10, monday_11,
                {"email": "carla@example.com", "first_name": "Carla", "last_name": "Ruiz"},
                customer_id=12, status="waiting_approval", created_utc=created_utc + 60,
                answer={"status": "waiting_approval", "isPaid": False, "amount": 50, "tickets": "1",
                        "creationDateTime": str(created_utc + 60)})
    reservation(1003, "swedish-massage", 7, monday_11, monday_11 + 3600, {**dana, "email": "Dana@Example.com"},
                status="pending", created_utc=created_utc + 120,
                answer={"status": "pending", "isPaid": False, "amount": 50, "tickets": "1",
                        "creationDateTime": str(created_utc + 120)})
    # two tickets, a 25 % coupon (20.00 -> 15.00 each) and a 5.00 form-field increment: 20.00 per ticket
    reservation(1004, "flow-yoga", 7, tuesday_18, tuesday_1930,
                {"email": "eve@example.com", "first_name": "Eve", "last_name": "Adams"},
                service_class="event", tickets=2, price="20.00", price_discounted="15.00", paid=True,
                discounts=[{"name": "Winter", "value": 25, "type": "percentage", "id": 3, "coupon": "WINTER"}],
                extra_fields=[{"name": "mat", "value": "Rent a mat", "label": "Mat", "price_increment": 5}],
                location="Studio 2, Mariahilfer Straße 1", created_utc=created_utc + 180,
                answer={"status": "confirmed", "isPaid": True, "amount": 20, "tickets": "2",
                        "creationDateTime": str(created_utc + 180)})
    reservation(1005, "flow-yoga", 8, tuesday_18, tuesday_1930,
                {"email": "frank@example.com", "first_name": "Frank", "last_name": "Moser"},
                service_class="event", status="cancelled", price="20.00", canc_reason="Sick",
                created_utc=created_utc + 240,
                answer={"status": "cancelled", "isPaid": False, "amount": 20, "tickets": "1",
                        "creationDateTime": str(created_utc + 240)})
    # an old row: `created` (site-local) only
    reservation(1006, "swedish-massage", 7, local_epoch("2029-12-02 15:00"), local_epoch("2029-12-02 16:00"),
                dana, status="done", paid=True, created="2029-11-28 08:15:00", created_utc=None,
                answer={"status": "confirmed", "isPaid": True, "amount": 50, "tickets": "1",  # done -> approved
                        "creationDateTime": str(local_epoch("2029-11-28 08:15"))})
    reservation(1007, "swedish-massage", 8, local_epoch("2030-01-09 14:00"), local_epoch("2030-01-09 15:00"),
                {"email": "gus@example.com", "first_name": "Gus", "last_name": "Berg"}, status="",
                created_utc=created_utc + 300,
                answer={"status": "confirmed", "isPaid": False, "amount": 50, "tickets": "1",
                        "creationDateTime": str(created_utc + 300)})
    return TeamBookingShop(tenant_slug, read, write, idle, usages, 1, {"anna": 7, "ben": 8}, 12, 13,
                           {"swedish-massage": 101, "flow-yoga": 102}, tokens, expected)
