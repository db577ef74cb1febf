"""Booknetic capabilities and plan modules (wpcompat.platform.capabilities), decided without HTTP."""
from __future__ import annotations

import pytest

from wpcompat.platform import capabilities
from wpcompat.platform.capabilities import UnknownCapability, booknetic_user_can, module_of, plan_grants
from wpcompat.platform.identity import TenantInfo
from wpcompat.platform.models import Role, User


def user(role: Role, tenant_id: int | None = 1, caps: list[str] | None = None) -> User:
    return User(login="u", email="u@example.test", role=role.value, tenant_id=tenant_id, capabilities=caps)


def test_tenant_owners_pass_every_capability():
    owner = user(Role.TENANT_OWNER)
    every = list(capabilities.TREE) + list(capabilities.PARENT)
    assert all(booknetic_user_can(owner, cap) for cap in every)


@pytest.mark.parametrize("cap, allowed", [
    ("dashboard", True), ("appointments", True), ("appointments_delete", True), ("customers_add", True),
    ("payments_edit", True), ("staff", True), ("staff_edit", True), ("calendar", True),
    ("staff_add", False), ("staff_delete", False), ("staff_allow_to_login", False),
    ("staff_delete_wordpress_account", False), ("locations", False), ("locations_add", False),
    ("services_edit", False), ("notifications", False),
])
def test_staff_default_rule(cap, allowed):
    assert booknetic_user_can(user(Role.STAFF), cap) is allowed


def test_explicit_staff_capabilities_need_their_parent():
    staff = user(Role.STAFF, caps=["appointments", "appointments_edit", "locations_add"])
    assert booknetic_user_can(staff, "appointments") and booknetic_user_can(staff, "appointments_edit")
    assert not booknetic_user_can(staff, "appointments_delete")
    assert not booknetic_user_can(staff, "locations_add")  # its parent "locations" is not granted
    assert not booknetic_user_can(staff, "dashboard")


@pytest.mark.parametrize("who", [None, user(Role.CUSTOMER), user(Role.ADMINISTRATOR, tenant_id=None),
                                 user(Role.TENANT_OWNER, tenant_id=None)])
def test_customers_anonymous_and_tenantless_users_pass_nothing(who):
    assert not booknetic_user_can(who, "appointments")


def test_unknown_capabilities_are_programming_errors():
    with pytest.raises(UnknownCapability, match="Capability bogus not found"):
        booknetic_user_can(user(Role.TENANT_OWNER), "bogus")
    with pytest.raises(UnknownCapability):
        module_of("bogus")


def test_modules_and_plans():
    assert [module_of(c) for c in ("appointments_delete", "calendar", "payments_edit", "staff_add", "dashboard")] == [
        "appointments", "appointments", "payments", "staff", "dashboard"]
    tenant = TenantInfo(1, "t", "T", "UTC", "USD", frozenset({"appointments"}))
    assert plan_grants(tenant, "appointments") and not plan_grants(tenant, "locations")
    assert not plan_grants(None, "appointments")
    with pytest.raises(UnknownCapability):
        plan_grants(tenant, "teleportation")
