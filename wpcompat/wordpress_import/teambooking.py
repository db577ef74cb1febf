"""TeamBooking 2.5.7 read into one tenant: services, coworkers as staff, customers, reservations as
appointments (their ids and tokens kept), the API tokens with their usage counters.

Where each comes from (the submodules read the plugin's storage; this module maps it):

* services: :mod:`.teambooking_services` (``tbk_service`` posts; post ID kept as the service id, the
  TeamBooking service id as its slug);
* reservations: :mod:`.teambooking_reservations`; each becomes the appointment with the reservation's id,
  its TeamBooking status as wpcompat's status and awaiting-payment mark (:mod:`wpcompat.booking.statuses`),
  ``paid`` as the payment status, the price as price lines (``service_price`` = list price × tickets, a
  ``discount`` line when a coupon or promotion applied, a ``form_fields`` line for the form's price
  increments), ``tickets`` as seats, and its own ``token`` (plaintext in the plan, sealed by the writer);
* coworkers: every WordPress user with coworker settings in the ``team_booking`` option or with a
  reservation. Each gets a staff row of their own (TeamBooking has no staff table: a new id) linked to
  their user, who is imported as STAFF; the services they take part in (``services_allowed``) as
  staff_services. TeamBooking's slots are its coworkers' Google Calendar events, which are not in the
  database: staff are imported with no working hours (set them before offering slots);
* customers: TeamBooking has no customer table; one customer per e-mail address (compared without case)
  over all reservations, named by the latest reservation's form, linked to the WordPress user the
  reservation names (``customer_id``), who is imported as CUSTOMER;
* locations: one per distinct ``service_location`` text, so reservations answer the same location;
* users: administrators as TENANT_OWNER; the ``team_booking`` option's tokens: :mod:`.teambooking_settings`.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from decimal import Decimal

from ..booking.statuses import teambooking_status_edit
from ..platform.models import MODULES, Role
from .core import WpUser, user_import
from .findings import Findings, Unmappable
from .plan import NewId, PlanImport, SiteImport, TenantImport, UserImport
from .teambooking_reservations import TABLE, Reservation, read_reservations
from .teambooking_services import Service, read_services
from .teambooking_settings import OPTION, Settings, read_settings

SOURCE = "teambooking"
PLAN = PlanImport(slug="teambooking", name="TeamBooking", modules=list(MODULES))
_ADMINISTRATOR = "administrator"
_UNIMPORTED = {"payment_details": "the payment gateway's record of the payment is not imported",
               "files": "the files uploaded with the form are not imported (they are on the WordPress server)"}


def present(source) -> bool:
    """Whether TeamBooking ever ran on this site (its reservations table or its settings option)."""
    return source.has_table(TABLE) or source.option(OPTION) is not None


def read(source, site: SiteImport, users: dict[int, WpUser], tenant_slug: str, findings: Findings) -> TenantImport:
    """The tenant ``tenant_slug`` holding everything TeamBooking stored; problems and notes in ``findings``."""
    settings = read_settings(source.option(OPTION), findings)
    reservations = read_reservations(source, site.timezone, findings) if source.has_table(TABLE) else []
    durations: dict[str, Counter] = {}
    for reservation in reservations:
        durations.setdefault(reservation.service, Counter())[reservation.end - reservation.start] += 1
    services = read_services(source, durations, findings)
    tenant = TenantImport(slug=tenant_slug, name=site.name, timezone=site.timezone, currency=settings.currency,
                          plan=PLAN, source=SOURCE, teambooking_tokens=settings.tokens)
    _Mapping(tenant, site, users, settings, services, findings).run(reservations)
    return tenant


class _Mapping:
    """One read's state: the rows made so far and the new ids they share."""

    def __init__(self, tenant: TenantImport, site: SiteImport, users: dict[int, WpUser], settings: Settings,
                 services: dict[str, Service], findings: Findings) -> None:
        self.tenant, self.site, self.users, self.settings = tenant, site, users, settings
        self.services, self.findings = services, findings
        self.rows = tenant.rows
        self.imported_users: dict[int, UserImport] = {}
        self.staff: dict[int, NewId] = {}  # WordPress user id -> staff row id
        self.customers: dict[str, dict] = {}  # e-mail key -> customer row
        self.locations: dict[str, NewId] = {}

    def run(self, reservations: list[Reservation]) -> None:
        self.rows["services"].extend(service.row for service in self.services.values())
        self._users(reservations)
        for user_id in sorted(set(self.settings.coworkers) | {r.coworker for r in reservations}):
            self._staff(user_id)
        for reservation in reservations:
            try:
                self._appointment(reservation)
            except Unmappable as error:
                self.findings.add(error)
        self._notes(reservations)
        self.tenant.users = list(self.imported_users.values())

    # --- users and staff ---

    def _users(self, reservations: list[Reservation]) -> None:
        coworkers = set(self.settings.coworkers) | {r.coworker for r in reservations}
        customers = {r.customer_user_id for r in reservations if r.customer_user_id}
        for user in self.users.values():
            if _ADMINISTRATOR in user.roles:
                role = Role.TENANT_OWNER
            elif user.id in coworkers:
                role = Role.STAFF
            elif user.id in customers:
                role = Role.CUSTOMER
            else:
                self.findings.note("users", user.id, None, f"{user.login}: neither an administrator, a TeamBooking "
                                                           "coworker nor a customer with a reservation: not imported")
                continue
            try:
                self.imported_users[user.id] = user_import(user, role)
            except Unmappable as error:
                self.findings.add(error)

    def _staff(self, user_id: int) -> None:
        user = self.users.get(user_id)
        staff_id = NewId("staff", f"coworker {user_id}")
        if user is None:
            self.findings.note(TABLE, None, "coworker_id", f"coworker {user_id} is no WordPress user (deleted?): "
                               "imported as a staff member without a user, so its reservations answer coworkerID 0")
        self.staff[user_id] = staff_id
        self.rows["staff"].append({
            "id": staff_id, "user_id": user_id if user_id in self.imported_users else None,
            "name": (user.display_name or user.login) if user else f"Coworker {user_id}",
            "email": user.email if user else "", "is_active": True, "timesheet": {}, "days_off": []})
        coworker = self.settings.coworkers.get(user_id)
        allowed = coworker.services_allowed if coworker is not None else None
        for slug, service in self.services.items():
            # getAllowedServices(): a service the coworker never chose about is allowed
            if allowed is None or allowed.get(slug, True):
                self.rows["staff_services"].append({"staff_id": staff_id, "service_id": service.row["id"]})

    # --- customers and locations ---

    def _customer(self, reservation: Reservation) -> NewId:
        key = reservation.email.lower() or f"reservation {reservation.id}"
        customer = self.customers.get(key)
        created = datetime.fromtimestamp(reservation.created_at, timezone.utc).replace(tzinfo=None)
        if customer is None:
            if not reservation.email:
                self.findings.note(TABLE, reservation.id, "form_fields",
                                   "no e-mail in the form: a customer of its own")
            customer = self.customers[key] = {"id": NewId("customers", key), "user_id": None, "first_name": "",
                                              "last_name": "", "email": reservation.email, "phone_number": None,
                                              "created_at": created}
            self.rows["customers"].append(customer)
        # the latest reservation's details win; the earliest creation is the customer's
        for column, value in (("first_name", reservation.first_name), ("last_name", reservation.last_name),
                              ("phone_number", reservation.phone)):
            if value:
                customer[column] = value
        customer["created_at"] = min(customer["created_at"], created)
        if reservation.customer_user_id:
            if reservation.customer_user_id in self.imported_users:
                customer["user_id"] = reservation.customer_user_id
            else:
                self.findings.note(TABLE, reservation.id, "customer_id",
                                   f"customer user {reservation.customer_user_id} is not imported: the customer "
                                   "has no user")
        for column, limit in (("first_name", 255), ("last_name", 255), ("email", 255), ("phone_number", 64)):
            if len(customer[column] or "") > limit:
                raise Unmappable(TABLE, reservation.id, "form_fields", f"the customer's {column} is longer than "
                                                                       f"{limit} characters")
        return customer["id"]

    def _location(self, text: str | None, rid: int) -> NewId | None:
        if text is None:
            return None
        if len(text) > 255:
            raise Unmappable(TABLE, rid, "service_location", "the location is longer than 255 characters")
        if text not in self.locations:
            self.locations[text] = NewId("locations", text)
            self.rows["locations"].append({"id": self.locations[text], "name": text, "address": text})
        return self.locations[text]

    # --- appointments ---

    def _appointment(self, r: Reservation) -> None:
        service = self.services.get(r.service)
        if service is None:
            raise Unmappable(TABLE, r.id, "service_id", f"service {r.service!r} is not an imported TeamBooking service")
        if r.gateway is not None and len(r.gateway) > 32:
            raise Unmappable(TABLE, r.id, "payment_gateway", "the payment gateway id is longer than 32 characters")
        if r.currency is not None and r.currency != self.settings.currency:
            self.findings.note(TABLE, r.id, "currency_code", f"paid in {r.currency}; the tenant's currency is "
                                                             f"{self.settings.currency}")
        status, awaiting_payment = teambooking_status_edit(r.status)
        if r.status == "done":
            self.findings.note(TABLE, r.id, "status", "done: imported as approved (read back as confirmed)")
        prices = _price_lines(r)
        total = sum((line["price"] * line["negative_or_positive"] for line in prices), Decimal(0))
        timezone_name = r.timezone if r.timezone and len(r.timezone) <= 64 else self.site.timezone
        appointment = {
            "id": r.id, "location_id": self._location(r.location, r.id), "service_id": service.row["id"],
            "staff_id": self.staff[r.coworker], "customer_id": self._customer(r), "status": status,
            "awaiting_payment": awaiting_payment, "starts_at": r.start, "ends_at": r.end,
            "busy_from": r.start, "busy_to": r.end, "weight": r.tickets,
            "payment_method": r.gateway or "local",
            # TeamBooking keeps status and paid apart; unpaid awaiting payment is Booknetic's "pending"
            "payment_status": "paid" if r.paid else "pending" if awaiting_payment else "not_paid",
            "paid_amount": total if r.paid else Decimal(0), "client_timezone": timezone_name,
            "created_at": r.created_at, "cancellation_reason": r.cancellation_reason,
            "teambooking_token": r.token,
        }
        self.rows["appointments"].append(appointment)
        for line in prices:
            self.rows["appointment_prices"].append({"id": NewId("appointment_prices", f"{r.id} {line['unique_key']}"),
                                                    "appointment_id": r.id, **line})

    def _notes(self, reservations: list[Reservation]) -> None:
        """What TeamBooking keeps and wpcompat does not, once per kind (row by row where it is data)."""
        if reservations:
            self.findings.note(TABLE, None, "calendar_id", "Google Calendar ids (calendar_id, event_id, "
                               "event_parent_id, hangout_url, event_url), referer (post_id, post_title), "
                               "email_reminder_sent, order_id and frontend_lang are not imported")
        local = [r.id for r in reservations if r.created_is_local]
        if local:
            self.findings.note(TABLE, None, "created_utc", f"{len(local)} reservation(s) without created_utc "
                               f"(#{', #'.join(map(str, local[:10]))}{', ...' if len(local) > 10 else ''}): "
                               f"created read as {self.site.timezone} local time")
        for r in reservations:
            for column in r.unimported:
                self.findings.note(TABLE, r.id, column, _UNIMPORTED[column])
            if r.other_fields:
                self.findings.note(TABLE, r.id, "form_fields", f"form fields {', '.join(r.other_fields)} are not "
                                   "imported (a customer holds first_name, second_name, email and phone); their "
                                   "price increments are in the price")
        if any(c.has_api_token for c in self.settings.coworkers.values()):
            self.findings.note("options", OPTION, "coworkers_data", "coworkers' API tokens (ctoken of the approve "
                               "and decline e-mail links) are not imported: those link pages are not served")


def _price_lines(r: Reservation) -> list[dict]:
    """The reservation's total (amount per ticket × tickets) as price lines."""
    lines = [{"unique_key": "service_price", "price": r.price * r.tickets, "negative_or_positive": 1}]
    if r.price_discounted is not None and r.price_discounted != r.price:
        off = (r.price - r.price_discounted) * r.tickets
        lines.append({"unique_key": "discount", "price": abs(off), "negative_or_positive": -1 if off > 0 else 1})
    if r.increments:
        lines.append({"unique_key": "form_fields", "price": abs(r.increments * r.tickets),
                      "negative_or_positive": 1 if r.increments > 0 else -1})
    return lines
