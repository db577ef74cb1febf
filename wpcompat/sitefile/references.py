"""Cross-references and uniqueness inside a site file, checked once every object is valid on its own.

Refs are names local to the file and resolve within their own tenant only: a tenant's appointment
cannot name another tenant's service. Errors are returned nested by JSON path, in the shape marshmallow
uses, so they merge with the field errors.
"""
from __future__ import annotations

from typing import Any

from .fields import to_epoch

Path = tuple[str | int, ...]
KINDS = {
    "locations": "location",
    "service_categories": "service category",
    "services": "service",
    "staff": "staff member",
    "customers": "customer",
    "appointments": "appointment",
}


class Errors:
    """Messages collected under JSON paths (below ``prefix``), nested as marshmallow nests them."""

    def __init__(self, tree: dict | None = None, prefix: Path = ()) -> None:
        self.tree: dict = {} if tree is None else tree
        self.prefix = prefix

    def within(self, *keys: str | int) -> Errors:
        """The same collection, with paths relative to ``keys`` (e.g. one tenant)."""
        return Errors(self.tree, (*self.prefix, *keys))

    def add(self, path: Path, message: str) -> None:
        node = self.tree
        full = (*self.prefix, *path)
        for key in full[:-1]:
            node = node.setdefault(key, {})
        node.setdefault(full[-1], []).append(message)

    def where(self, path: Path) -> str:
        return dotted((*self.prefix, *path))


def dotted(path: Path) -> str:
    """``("tenants", 1, "slug")`` -> ``tenants[1].slug``."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _first_use(errors: Errors, seen: dict, key: Any, path: Path, what: str) -> None:
    """Record ``key`` as used at ``path``, or report ``what`` (e.g. "login 'anna'") as a repeat."""
    if key in seen:
        errors.add(path, f"{what} is already used at {errors.where(seen[key])}")
    else:
        seen[key] = path


def check(data: dict) -> dict:
    """Every cross-reference and uniqueness rule of a file whose objects are each valid."""
    errors = Errors()
    _check_unique_across_file(data, errors)
    for t, tenant in enumerate(data["tenants"]):
        check_tenant(tenant, errors.within("tenants", t))
    return errors.tree


def _check_unique_across_file(data: dict, errors: Errors) -> None:
    """Plan and tenant slugs, logins, emails and tokens are unique in the whole file."""
    plans: dict = {}
    for i, plan in enumerate(data["plans"]):
        _first_use(errors, plans, plan["slug"], ("plans", i, "slug"), f"plan slug {plan['slug']!r}")
    tenants: dict = {}
    logins: dict = {}
    emails: dict = {}
    tokens: dict = {}
    if "owner" in data:
        owner = data["owner"]
        _first_use(errors, logins, owner["login"], ("owner", "login"), f"login {owner['login']!r}")
        _first_use(errors, emails, owner["email"].lower(), ("owner", "email"), f"email {owner['email']!r}")
    for t, tenant in enumerate(data["tenants"]):
        _first_use(errors, tenants, tenant["slug"], ("tenants", t, "slug"), f"tenant slug {tenant['slug']!r}")
        for u, user in enumerate(tenant["users"]):
            at = ("tenants", t, "users", u)
            _first_use(errors, logins, user["login"], (*at, "login"), f"login {user['login']!r}")
            _first_use(errors, emails, user["email"].lower(), (*at, "email"), f"email {user['email']!r}")
        for k, token in enumerate(tenant["teambooking_tokens"]):
            if "token" in token:
                path = ("tenants", t, "teambooking_tokens", k, "token")
                # Never echo a secret, even the file's own.
                _first_use(errors, tokens, token["token"], path, "the same token")


def check_tenant(tenant: dict, errors: Errors) -> None:
    """Every ref inside one tenant resolves within that tenant, and nothing is defined twice."""
    found = {kind: _index(tenant, kind, errors) for kind in KINDS}
    users = {user["login"]: user for user in tenant["users"]}

    def resolve(kind: str, value: str, path: Path) -> dict | None:
        item = found[kind].get(value)
        if item is None:
            errors.add(path, f"no {KINDS[kind]} with ref {value!r} in this tenant")
        return item

    _check_categories(tenant, errors, resolve)
    _check_services(tenant, errors, resolve)
    _check_staff(tenant, users, errors, resolve)
    emails: dict = {}
    for i, customer in enumerate(tenant["customers"]):
        _first_use(errors, emails, customer["email"].lower(), ("customers", i, "email"),
                   f"customer email {customer['email']!r}")
    _check_appointments(tenant, errors, resolve)
    for i, note in enumerate(tenant["notifications"]):
        if note["user"] not in users:
            errors.add(("notifications", i, "user"), f"no user with login {note['user']!r} in this tenant")
        for kind, key in (("appointments", "appointment"), ("customers", "customer")):
            if key in note:
                resolve(kind, note[key], ("notifications", i, key))


def _index(tenant: dict, kind: str, errors: Errors) -> dict[str, dict]:
    seen: dict = {}
    for i, item in enumerate(tenant[kind]):
        _first_use(errors, seen, item["ref"], (kind, i, "ref"), f"ref {item['ref']!r}")
    # A repeated ref keeps its first definition, so that only the repeat is reported.
    return {ref: tenant[kind][path[1]] for ref, path in seen.items()}


def _check_categories(tenant: dict, errors: Errors, resolve) -> None:
    parents = {c["ref"]: c.get("parent") for c in tenant["service_categories"]}
    for i, category in enumerate(tenant["service_categories"]):
        if "parent" not in category or resolve("service_categories", category["parent"],
                                               ("service_categories", i, "parent")) is None:
            continue
        ref, steps = category["parent"], 0
        while ref is not None and ref != category["ref"] and steps <= len(parents):
            ref, steps = parents.get(ref), steps + 1
        if ref == category["ref"]:
            errors.add(("service_categories", i, "parent"), f"category {category['ref']!r} would be its own ancestor")


def _check_services(tenant: dict, errors: Errors, resolve) -> None:
    slugs: dict = {}
    for i, service in enumerate(tenant["services"]):
        _first_use(errors, slugs, service["slug"], ("services", i, "slug"), f"service slug {service['slug']!r}")
        if "category" in service:
            resolve("service_categories", service["category"], ("services", i, "category"))
        extras: dict = {}
        for e, extra in enumerate(service["extras"]):
            _first_use(errors, extras, extra["ref"], ("services", i, "extras", e, "ref"), f"ref {extra['ref']!r}")


def _check_staff(tenant: dict, users: dict, errors: Errors, resolve) -> None:
    linked: dict = {}
    for i, member in enumerate(tenant["staff"]):
        if "user" in member:
            user = users.get(member["user"])
            if user is None or user["role"] != "staff":
                errors.add(("staff", i, "user"), f"no staff user with login {member['user']!r} in this tenant")
            else:
                _first_use(errors, linked, member["user"], ("staff", i, "user"), f"staff user {member['user']!r}")
        for kind in ("services", "locations"):
            for j, value in enumerate(member[kind]):
                resolve(kind, value, ("staff", i, kind, j))


def _check_appointments(tenant: dict, errors: Errors, resolve) -> None:
    for i, appointment in enumerate(tenant["appointments"]):
        at = ("appointments", i)
        service = resolve("services", appointment["service"], (*at, "service"))
        staff = resolve("staff", appointment["staff"], (*at, "staff"))
        resolve("customers", appointment["customer"], (*at, "customer"))
        if "location" in appointment:
            location = resolve("locations", appointment["location"], (*at, "location"))
            if location and staff and staff["locations"] and location["ref"] not in staff["locations"]:
                errors.add((*at, "location"), f"staff {staff['ref']!r} does not work at {location['ref']!r}")
        try:
            to_epoch(appointment["starts_at"], tenant["timezone"])
        except ValueError as exc:
            errors.add((*at, "starts_at"), str(exc))
        if service is None:
            continue
        if staff and service["ref"] not in staff["services"]:
            errors.add((*at, "staff"), f"staff {staff['ref']!r} does not provide service {service['ref']!r}")
        if appointment["weight"] > service["capacity"]:
            errors.add((*at, "weight"), f"service {service['ref']!r} has {service['capacity']} seat(s)")
        _check_appointment_extras(appointment, service, at, errors)


def _check_appointment_extras(appointment: dict, service: dict, at: Path, errors: Errors) -> None:
    extras = {extra["ref"]: extra for extra in service["extras"]}
    seen: dict = {}
    for j, line in enumerate(appointment["extras"]):
        path = (*at, "extras", j, "extra")
        extra = extras.get(line["extra"])
        if extra is None:
            errors.add(path, f"service {service['ref']!r} has no extra with ref {line['extra']!r}")
            continue
        _first_use(errors, seen, line["extra"], path, f"extra {line['extra']!r}")
        if line["quantity"] > extra["max_quantity"]:
            errors.add((*at, "extras", j, "quantity"), f"{extra['ref']!r} allows at most {extra['max_quantity']}")
        elif line["quantity"] < extra["min_quantity"]:
            errors.add((*at, "extras", j, "quantity"), f"{extra['ref']!r} needs at least {extra['min_quantity']}")
