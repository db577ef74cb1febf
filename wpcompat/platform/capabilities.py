"""Booknetic's user capabilities and the plan modules that gate them, decided once for every adapter.

Capabilities (booknetic-rest.md §7) form a tree: checking a child also checks its parent. Who passes:

* tenant owners (Booknetic SaaS's ``booknetic_saas_tenant``) are Booknetic administrators: every capability;
* staff users with no explicit list follow Booknetic's hard-coded staff rule: a capability passes when it,
  or its parent, is one of ``dashboard, appointments, calendar, customers, payments, staff``, except the
  staff-account ones (``staff_add``, ``staff_delete``, ``staff_allow_to_login``,
  ``staff_delete_wordpress_account``);
* staff users with an explicit ``capabilities`` list (the User Role Manager add-on's role records) pass
  exactly the listed capabilities whose parent passes too;
* customers and the platform owner (who has no tenant) pass nothing.

Plans grant *modules* (``Plan.modules``); a capability belongs to the module at the root of its tree.
Data scoping (staff see only their own appointments and customers) follows from :func:`sees_everything`.
"""
from __future__ import annotations

from .identity import Account, TenantInfo
from .models import MODULES, Role, User

#: Parent capability -> its children (Booknetic 5.1 core, plus C's customer-category and location-category ones).
TREE: dict[str, tuple[str, ...]] = {
    "dashboard": (),
    "appointments": ("appointments_add", "appointments_edit", "appointments_change_status", "appointments_delete"),
    "calendar": (),
    "customers": ("customers_add", "customers_edit", "customers_delete", "customers_import",
                  "customers_allow_to_login", "customers_delete_wordpress_account"),
    "locations": ("locations_add", "locations_edit", "locations_delete", "locations_add_category",
                  "locations_edit_category", "locations_delete_category"),
    "payments": ("payments_edit",),
    "services": ("services_add", "services_edit", "services_delete", "services_add_category",
                 "services_edit_category", "services_delete_category", "services_add_extra",
                 "services_edit_extra", "services_delete_extra"),
    "staff": ("staff_add", "staff_edit", "staff_delete", "staff_allow_to_login", "staff_delete_wordpress_account"),
    "notifications": (),
}
PARENT: dict[str, str] = {child: parent for parent, children in TREE.items() for child in children}

#: Booknetic's hard-coded rule for staff (Capabilities::userCan for non-administrators).
STAFF_DEFAULT = frozenset({"dashboard", "appointments", "calendar", "customers", "payments", "staff"})
STAFF_NEVER = frozenset({"staff_add", "staff_delete", "staff_allow_to_login", "staff_delete_wordpress_account"})

#: Root capabilities that are not plan modules themselves, and the module that carries them.
_MODULE_ALIASES = {"calendar": "appointments"}


class UnknownCapability(ValueError):
    """A capability name that is not in the tree (Booknetic: ``Capability <name> not found``)."""


def root_of(capability: str) -> str:
    """The top-level capability ``capability`` belongs to (itself for a parent)."""
    if capability in TREE:
        return capability
    if capability in PARENT:
        return PARENT[capability]
    raise UnknownCapability(f"Capability {capability} not found")


def module_of(capability: str) -> str:
    """The plan module that must be granted for ``capability`` to be usable at all."""
    root = root_of(capability)
    return _MODULE_ALIASES.get(root, root)


def is_booknetic_admin(user: Account | User | None) -> bool:
    """Tenant owners: every capability and every row of their tenant."""
    return user is not None and user.role == Role.TENANT_OWNER.value and user.tenant_id is not None


def sees_everything(user: Account | User | None) -> bool:
    """Whether ``user`` sees all of the tenant's rows (else only their own: Booknetic's staff scoping)."""
    return is_booknetic_admin(user)


def _staff_can(user: Account | User, capability: str) -> bool:
    parent = PARENT.get(capability)
    if user.capabilities is not None:
        granted = set(user.capabilities)
        return capability in granted and (parent is None or parent in granted)
    if capability in STAFF_NEVER:
        return False
    return capability in STAFF_DEFAULT or parent in STAFF_DEFAULT


def booknetic_user_can(user: Account | User | None, capability: str) -> bool:
    """Booknetic's ``Capabilities::userCan`` for ``user`` (see the module docstring); WordPress's own
    ``user_can`` (roles, ``read``, ``edit_user``) is :func:`wpcompat.access.auth.user_can`.

    Raises :class:`UnknownCapability` for a name outside the tree (a programming error, not input).
    """
    root_of(capability)
    if user is None or user.tenant_id is None:
        return False
    if is_booknetic_admin(user):
        return True
    if user.role != Role.STAFF.value:
        return False
    return _staff_can(user, capability)


def plan_grants(tenant: TenantInfo | None, module: str) -> bool:
    """Whether ``tenant``'s plan includes ``module`` (no tenant: nothing is granted)."""
    if module not in MODULES:
        raise UnknownCapability(f"Module {module} not found")
    return tenant is not None and tenant.grants(module)
