"""One tenant's Booknetic rows as our rows (the ``rows`` of a :class:`~.plan.TenantImport`), ids kept.

Each table's rows are mapped one by one; a row that cannot be mapped is a problem (:class:`.Unmappable`,
recorded, the row left out, the real run refuses), what we deliberately do not model is a note. The
choices, each named in docs/moving-from-wordpress.md:

* **Catalogue**: a service's slug (TeamBooking's name for it) is made from its name, ``-<id>`` added when
  two names give one slug; ``max_capacity`` is the capacity, ``notes`` the description. Booknetic's
  ``default_appointment_status`` option ``pending`` makes every service need approval (``approval: admin``,
  so new bookings are pending, as Booknetic's are); a service's ``timeslot_length`` 0 takes the
  ``timeslot_length`` option when it is not Booknetic's default 5. Hidden services, hidden prices and
  durations, deposits, recurring services, extra categories: notes.
* **Staff**: ``locations`` is a comma-separated list of location ids (ids of no location of the tenant are
  dropped, with a note); ``service_staff`` gives who offers what; a per-staff price or deposit (anything
  but ``-1``, "use the service's") is a note: the service's price applies. Working hours, days off and the
  business hours: :mod:`.booknetic_schedules`.
* **Customers**: ``birthdate`` ``0000-00-00`` is MySQL's zero date
  (:data:`~wpcompat.booking.customers.MYSQL_ZERO_DATE`);
  ``gender`` and other text as stored (``""`` stays ``""``); customer categories: a note.
* **Appointments**: kept as Booknetic stored them (times, busy span, price lines, extras at their booked
  price and length); ``busy_from``/``busy_to`` of 0 are computed from the service's buffers. A status
  or payment status we do not have, or a service, staff member or customer that is not the tenant's, is
  a problem; a location or an extra that no longer exists is dropped with a note (the times and price
  lines still count the extra), as is a ``service_staff`` link to a deleted staff member or service.
* **Notifications**: ``read_at``/``created_at`` are local times (Booknetic's Date::dateTimeSQL), stored as
  UTC; a notification of a user not imported into the tenant is a note.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..booking.customers import MYSQL_ZERO_DATE, MYSQL_ZERO_DATE_TEXT
from ..booking.payments import PAYMENT_STATUSES
from ..booking.slots import DEFAULT_STEP_MINUTES
from ..booking.statuses import STATUSES, awaits_payment
from ..platform.models import Role
from .booknetic_schedules import Hours, tenant_hours
from .booknetic_users import UserAssignment
from .booknetic_values import flag, money, number, ref, utc_datetime
from .booknetic_values import slug as slug_of
from .findings import Findings, Unmappable
from .plan import ROW_TABLES

#: Booknetic's tables whose rows carry a tenant_id under Booknetic SaaS, and the ones that follow a parent.
TENANT_TABLES = ("bkntc_locations", "bkntc_service_categories", "bkntc_services", "bkntc_service_extras",
                 "bkntc_staff", "bkntc_timesheet", "bkntc_special_days", "bkntc_holidays", "bkntc_customers",
                 "bkntc_appointments", "bkntc_notifications")
#: child table -> (its parent's id column, the parent table)
CHILD_TABLES = {"bkntc_service_staff": ("service_id", "bkntc_services"),
                "bkntc_appointment_extras": ("appointment_id", "bkntc_appointments"),
                "bkntc_appointment_prices": ("appointment_id", "bkntc_appointments")}
TABLES = TENANT_TABLES + tuple(CHILD_TABLES)


@dataclass
class Scope:
    """One tenant's Booknetic rows (table -> rows) and what mapping them needs."""

    index: int  # the tenant's position in the import (UserAssignment's ``tenant``)
    tables: dict[str, list[dict]]
    timezone: str
    options: dict[str, str] = field(default_factory=dict)  # Booknetic option (without bkntc_[t<id>_]) -> value

    def claim_users(self, assignment: UserAssignment, findings: Findings) -> None:
        """Claim the users the tenant's staff and customers link (staff, customer)."""
        for table, role in (("bkntc_staff", Role.STAFF), ("bkntc_customers", Role.CUSTOMER)):
            for row in self.tables[table]:
                try:
                    user_id = ref(row.get("user_id"), table, row["id"], "user_id")
                except Unmappable as error:
                    findings.add(error)
                    continue
                if user_id is not None and user_id in assignment.users:
                    assignment.claim(user_id, self.index, role)


def tenant_rows(scope: Scope, assignment: UserAssignment, tenant_names: dict[int, str],
                findings: Findings) -> dict[str, list[dict]]:
    """Our rows of ``scope``'s tenant (ROW_TABLES name -> rows)."""
    return _TenantRows(scope, assignment, tenant_names, findings).build()


class _TenantRows:
    def __init__(self, scope: Scope, assignment: UserAssignment, tenant_names: dict[int, str],
                 findings: Findings) -> None:
        self.scope, self.assignment, self.tenant_names, self.findings = scope, assignment, tenant_names, findings
        self.rows: dict[str, list[dict]] = {table: [] for table in ROW_TABLES}
        self.ids: dict[str, dict[int, dict]] = {}  # our table -> id -> our row (what later rows may refer to)
        self.staff_ids = {int(row["id"]) for row in scope.tables["bkntc_staff"]}
        self.slugs: set[str] = set()
        self.links: set[tuple[int, int]] = set()  # (staff id, service id) already in staff_services

    def build(self) -> dict[str, list[dict]]:
        hours = tenant_hours(self.scope.tables, self.staff_ids, self.findings)
        if hours.company is not None:
            timesheet_id, week = hours.company
            self._add("business_hours", {"id": timesheet_id, "timesheet": week, "days_off": hours.days_off(None)})
        self._each("bkntc_locations", self._location)
        self._each("bkntc_service_categories", self._category)
        self._link_parents()
        self._each("bkntc_services", self._service)
        self._each("bkntc_service_extras", self._extra)
        self._each("bkntc_staff", lambda row: self._staff(row, hours))
        self._each("bkntc_service_staff", self._service_staff)
        self._each("bkntc_customers", self._customer)
        self._each("bkntc_appointments", self._appointment)
        self._each("bkntc_appointment_extras", self._appointment_extra)
        self._each("bkntc_appointment_prices", self._appointment_price)
        self._each("bkntc_notifications", self._notification)
        return self.rows

    # --- machinery ---

    def _each(self, table: str, mapping: Callable[[dict], None]) -> None:
        for row in sorted(self.scope.tables[table], key=lambda r: r["id"]):
            try:
                mapping(row)
            except Unmappable as error:
                self.findings.add(error)

    def _add(self, table: str, row: dict) -> dict:
        self.rows[table].append(row)
        if "id" in row:
            self.ids.setdefault(table, {})[row["id"]] = row
        return row

    def _has(self, table: str, row_id: int | None) -> bool:
        return row_id in self.ids.get(table, {})

    def _required(self, our_table: str, value: Any, table: str, row_id: int, column: str) -> int:
        target = ref(value, table, row_id, column)
        if target is None or not self._has(our_table, target):
            what = our_table.rstrip("s").replace("_", " ")
            raise Unmappable(table, row_id, column, f"{what} #{value} does not exist in this tenant")
        return target

    def _zone(self) -> str:
        return self.scope.timezone

    # --- catalogue ---

    def _location(self, row: dict) -> None:
        table, row_id = "bkntc_locations", row["id"]
        location = {"id": row_id, "name": row.get("name") or "", "address": row.get("address"),
                    "phone_number": row.get("phone_number"), "notes": row.get("notes"), "image": row.get("image"),
                    "latitude": row.get("latitude"), "longitude": row.get("longitude"),
                    "is_active": flag(row.get("is_active"))}
        created = utc_datetime(row.get("created_at"), self._zone(), table, row_id, "created_at")
        if created is not None:
            location["created_at"] = created
        self._add("locations", location)

    def _category(self, row: dict) -> None:
        table = "bkntc_service_categories"
        self._add("service_categories", {"id": row["id"], "name": row.get("name") or "",
                                         "parent_id": ref(row.get("parent_id"), table, row["id"], "parent_id")})

    def _link_parents(self) -> None:
        for category in list(self.rows["service_categories"]):
            parent = category["parent_id"]
            if parent is not None and not self._has("service_categories", parent):
                self.findings.note("bkntc_service_categories", category["id"], "parent_id",
                                   f"parent category #{parent} does not exist: imported as a top-level category")
                category["parent_id"] = None

    def _service(self, row: dict) -> None:
        table, row_id = "bkntc_services", row["id"]
        category = ref(row.get("category_id"), table, row_id, "category_id")
        if category is not None and not self._has("service_categories", category):
            self.findings.note(table, row_id, "category_id", f"category #{category} does not exist: imported "
                                                             "without a category")
            category = None
        step = number(row, "timeslot_length", 0, table)
        if step == 0:
            step = self._default_step()
        service = {
            "id": row_id, "slug": self._slug(row.get("name") or "", row_id), "name": row.get("name") or "",
            "category_id": category, "duration": number(row, "duration", 0, table),
            "price": money(row.get("price"), table, row_id, "price"),
            "capacity": max(1, number(row, "max_capacity", 1, table)),
            "buffer_before": number(row, "buffer_before", 0, table),
            "buffer_after": number(row, "buffer_after", 0, table),
            "timeslot_length": step, "color": row.get("color"), "description": row.get("notes"),
            "image": row.get("image"), "is_active": flag(row.get("is_active", 1)),
            "approval": self._approval(), "payment": "later",
        }
        for column, why in (("is_visible", None), ("hide_price", "hides its price"),
                            ("hide_duration", "hides its duration"), ("is_recurring", "is a recurring service")):
            if column == "is_visible":
                if column in row and not flag(row[column]):
                    self.findings.note(table, row_id, column, "hidden from the booking panel: imported as a visible "
                                                              "service (we do not model visibility)")
            elif flag(row.get(column)):
                self.findings.note(table, row_id, column, f"{why}: not modelled, imported as a plain service")
        deposit = money(row.get("deposit"), table, row_id, "deposit")
        if deposit > 0 and not (row.get("deposit_type") == "percent" and deposit == 100):
            self.findings.note(table, row_id, "deposit", f"a deposit of {deposit} ({row.get('deposit_type')}): "
                                                         "deposits are not modelled (the full price is due)")
        self._add("services", service)

    def _default_step(self) -> int:
        option = self.scope.options.get("timeslot_length")
        if option is not None and str(option).strip().isdigit() and int(option) not in (0, DEFAULT_STEP_MINUTES):
            return int(option)
        return 0

    def _approval(self) -> str:
        status = self.scope.options.get("default_appointment_status")
        return "admin" if status == "pending" else "none"

    def _slug(self, name: str, row_id: int) -> str:
        slug = slug_of(name, f"service-{row_id}", 80)
        candidate, attempt = slug, 1
        while candidate in self.slugs:  # "-<id>", then "-<id>-2", ... (another name may give "x-<id>" too)
            candidate = f"{slug}-{row_id}" + (f"-{attempt}" if attempt > 1 else "")
            attempt += 1
        self.slugs.add(candidate)
        return candidate

    def _extra(self, row: dict) -> None:
        table, row_id = "bkntc_service_extras", row["id"]
        service = ref(row.get("service_id"), table, row_id, "service_id")
        if service is not None and not self._has("services", service):
            raise Unmappable(table, row_id, "service_id", f"service #{service} does not exist in this tenant")
        for column, what in (("hide_price", "price"), ("hide_duration", "duration")):
            if flag(row.get(column)):
                self.findings.note(table, row_id, column, f"hides its {what}: not modelled, imported as shown")
        if ref(row.get("category_id"), table, row_id, "category_id") is not None:
            self.findings.note(table, row_id, "category_id", "extra categories are not modelled: imported without one")
        self._add("service_extras", {
            "id": row_id, "service_id": service, "name": row.get("name") or "",
            "price": money(row.get("price"), table, row_id, "price"),
            "duration": number(row, "duration", 0, table),
            "min_quantity": number(row, "min_quantity", 0, table),
            "max_quantity": number(row, "max_quantity", 0, table),
            "is_active": flag(row.get("is_active", 1)), "image": row.get("image"), "notes": row.get("notes")})

    # --- staff ---

    def _staff(self, row: dict, hours: Hours) -> None:
        table, row_id = "bkntc_staff", row["id"]
        user_id = self.assignment.check_link(ref(row.get("user_id"), table, row_id, "user_id"), self.scope.index,
                                             self.tenant_names, self.findings, table, row_id)
        if row.get("google_access_token"):
            self.findings.note(table, row_id, "google_access_token", "a Google Calendar connection: not imported")
        self._add("staff", {
            "id": row_id, "user_id": user_id, "name": row.get("name") or "", "email": row.get("email") or "",
            "phone_number": row.get("phone_number"), "about": row.get("about"), "profession": row.get("profession"),
            "profile_image": row.get("profile_image"), "is_active": flag(row.get("is_active", 1)),
            "timesheet": hours.week(row_id), "days_off": hours.days_off(row_id)})
        seen = set()
        for part in str(row.get("locations") or "").split(","):
            if not part.strip():
                continue
            location = ref(part, table, row_id, "locations")
            if location is None or location in seen:
                continue
            if not self._has("locations", location):
                self.findings.note(table, row_id, "locations", f"location #{part.strip()} does not exist in this "
                                                               "tenant: dropped from the staff member's locations")
                continue
            seen.add(location)
            self.rows["staff_locations"].append({"staff_id": row_id, "location_id": location})

    def _service_staff(self, row: dict) -> None:
        table, row_id = "bkntc_service_staff", row["id"]
        service = ref(row.get("service_id"), table, row_id, "service_id")
        staff = ref(row.get("staff_id"), table, row_id, "staff_id")
        for column, our_table, target in (("staff_id", "staff", staff), ("service_id", "services", service)):
            if not self._has(our_table, target):
                # A link left behind by a deleted staff member or service: it links nothing.
                self.findings.note(table, row_id, column, f"{our_table.rstrip('s')} #{row.get(column)} does not "
                                                          "exist in this tenant: link not imported")
                return
        if (staff, service) in self.links:
            self.findings.note(table, row_id, None,
                               f"staff #{staff} and service #{service} are linked twice: imported once")
            return
        for column in ("price", "deposit"):
            value = money(row.get(column, -1), table, row_id, column)
            if value != -1:
                self.findings.note(table, row_id, column, f"staff #{staff}'s own {column} {value} for service "
                                                          f"#{service}: not modelled (the service's applies)")
        self.links.add((staff, service))
        self.rows["staff_services"].append({"staff_id": staff, "service_id": service})

    # --- customers ---

    def _customer(self, row: dict) -> None:
        table, row_id = "bkntc_customers", row["id"]
        user_id = ref(row.get("user_id"), table, row_id, "user_id")
        user_id = self.assignment.check_link(user_id, self.scope.index, self.tenant_names, self.findings, table,
                                             row_id)
        created_by = ref(row.get("created_by"), table, row_id, "created_by")
        if created_by is not None and not self.assignment.keeps(created_by, self.scope.index) \
                and not self.assignment.keeps(created_by, -1):
            self.findings.note(table, row_id, "created_by", f"creator user #{created_by} is not imported into this "
                                                            "tenant: imported without a creator")
            created_by = None
        if ref(row.get("category_id"), table, row_id, "category_id") is not None:
            self.findings.note(table, row_id, "category_id", "customer categories are not modelled: imported "
                                                             "without one")
        customer = {"id": row_id, "user_id": user_id, "first_name": row.get("first_name") or "",
                    "last_name": row.get("last_name") or "", "email": row.get("email") or "",
                    "phone_number": row.get("phone_number"), "birthdate": _birthdate(row.get("birthdate")),
                    "gender": row.get("gender"), "notes": row.get("notes"), "profile_image": row.get("profile_image"),
                    "created_by": created_by}
        created = utc_datetime(row.get("created_at"), self._zone(), table, row_id, "created_at")
        if created is not None:
            customer["created_at"] = created
        self._add("customers", customer)

    # --- appointments ---

    def _appointment(self, row: dict) -> None:
        table, row_id = "bkntc_appointments", row["id"]
        service_id = self._required("services", row.get("service_id"), table, row_id, "service_id")
        staff_id = self._required("staff", row.get("staff_id"), table, row_id, "staff_id")
        customer_id = self._required("customers", row.get("customer_id"), table, row_id, "customer_id")
        location_id = ref(row.get("location_id"), table, row_id, "location_id")
        if location_id is not None and not self._has("locations", location_id):
            self.findings.note(table, row_id, "location_id", f"location #{location_id} does not exist in this tenant: "
                                                             "imported without a location")
            location_id = None
        status = row.get("status")
        if status not in STATUSES:
            raise Unmappable(table, row_id, "status", f"status {status!r} is not one of {', '.join(STATUSES)}")
        payment_status = row.get("payment_status") or "not_paid"
        if payment_status not in PAYMENT_STATUSES:
            raise Unmappable(table, row_id, "payment_status",
                             f"payment status {payment_status!r} is not one of {', '.join(PAYMENT_STATUSES)}")
        starts_at = number(row, "starts_at", 0, table)
        ends_at = number(row, "ends_at", 0, table)
        if starts_at <= 0 or ends_at < starts_at:
            raise Unmappable(table, row_id, "starts_at", f"no valid time span ({row.get('starts_at')!r} to "
                                                         f"{row.get('ends_at')!r})")
        service = self.ids["services"][service_id]
        busy_from = number(row, "busy_from", 0, table) or \
            starts_at - service["buffer_before"] * 60
        busy_to = number(row, "busy_to", 0, table) or ends_at + service["buffer_after"] * 60
        weight = number(row, "weight", 1, table)
        if weight < 1:
            raise Unmappable(table, row_id, "weight", f"{weight} seats")
        appointment = {
            "id": row_id, "location_id": location_id, "service_id": service_id, "staff_id": staff_id,
            "customer_id": customer_id, "status": status, "starts_at": starts_at, "ends_at": ends_at,
            "busy_from": busy_from, "busy_to": busy_to, "weight": weight,
            "payment_id": row.get("payment_id"), "recurring_id": row.get("recurring_id"),
            "payment_method": row.get("payment_method") or "local", "payment_status": payment_status,
            "awaiting_payment": awaits_payment(status, payment_status),
            "paid_amount": money(row.get("paid_amount"), table, row_id, "paid_amount"), "note": row.get("note"),
            "created_at": number(row, "created_at", 0, table),
        }
        for column in ("locale", "client_timezone"):
            if row.get(column) is not None:
                appointment[column] = row[column]
        self._add("appointments", appointment)

    def _appointment_extra(self, row: dict) -> None:
        table, row_id = "bkntc_appointment_extras", row["id"]
        if not self._has("appointments", ref(row.get("appointment_id"), table, row_id, "appointment_id")):
            return  # its appointment was a problem (already reported)
        extra_id = ref(row.get("extra_id"), table, row_id, "extra_id")
        if not self._has("service_extras", extra_id):
            # The extra was deleted since: the appointment's times and price lines still count it.
            self.findings.note(table, row_id, "extra_id", f"extra #{row.get('extra_id')} does not exist in this "
                                                          "tenant: the appointment is imported without this extra "
                                                          "(its times and price lines keep it)")
            return
        self._add("appointment_extras", {
            "id": row_id, "appointment_id": int(row["appointment_id"]), "extra_id": extra_id,
            "quantity": number(row, "quantity", 1, table),
            "price": money(row.get("price"), table, row_id, "price"),
            "duration": number(row, "duration", 0, table)})

    def _appointment_price(self, row: dict) -> None:
        table, row_id = "bkntc_appointment_prices", row["id"]
        if not self._has("appointments", ref(row.get("appointment_id"), table, row_id, "appointment_id")):
            return
        sign = number(row, "negative_or_positive", 1, table)
        if sign not in (1, -1):
            raise Unmappable(table, row_id, "negative_or_positive", f"{sign} is neither 1 (adds) nor -1 (subtracts)")
        self._add("appointment_prices", {
            "id": row_id, "appointment_id": int(row["appointment_id"]), "unique_key": row.get("unique_key") or "",
            "price": money(row.get("price"), table, row_id, "price"), "negative_or_positive": sign})

    # --- notifications ---

    def _notification(self, row: dict) -> None:
        table, row_id = "bkntc_notifications", row["id"]
        user_id = ref(row.get("user_id"), table, row_id, "user_id")
        if user_id is None or not self.assignment.keeps(user_id, self.scope.index):
            self.findings.note(table, row_id, "user_id", f"for user #{row.get('user_id')}, who is not imported into "
                                                         "this tenant: not imported")
            return
        notification = {"id": row_id, "user_id": user_id, "type": row.get("type") or "in_app_notification",
                        "title": row.get("title") or "", "message": row.get("message") or "",
                        "action_type": row.get("action_type") or "detail", "action_data": row.get("action_data"),
                        "read_at": utc_datetime(row.get("read_at"), self._zone(), table, row_id, "read_at")}
        created = utc_datetime(row.get("created_at"), self._zone(), table, row_id, "created_at")
        if created is not None:
            notification["created_at"] = created
        self._add("notifications", notification)


def _birthdate(value: Any):
    if value is None or value == "":
        return None
    if str(value) == MYSQL_ZERO_DATE_TEXT:
        return MYSQL_ZERO_DATE
    return value
