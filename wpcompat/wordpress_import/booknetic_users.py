"""Which WordPress users a Booknetic import brings over, into which tenant, as what.

A wpcompat user belongs to at most one tenant and has one role; WordPress users are global and Booknetic
links them from several places. Each claim on a user has a rank, and the highest wins (the lowest tenant
id first among equals):

1. a WordPress ``administrator``: on plain Booknetic the tenant's owner (Booknetic lets administrators do
   everything); with Booknetic SaaS the platform owner, in no tenant (:func:`saas_owner`);
2. a SaaS tenant's ``user_id`` (``bkntc_tenants``): that tenant's owner;
3. a staff member's ``user_id``: staff of the staff member's tenant;
4. a customer's ``user_id``: a customer of the customer's tenant.

A link to a user who went to another tenant (or to the SaaS platform owner) cannot be kept: the row is
imported without it and a note says so. Links within one tenant stay (an owner who is also a staff member
keeps both).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..platform.models import Role
from .core import WpUser, user_import
from .findings import Findings, Unmappable
from .plan import UserImport

ADMINISTRATOR = "administrator"
#: The WordPress roles Booknetic (and its SaaS add-on) give their users.
BOOKNETIC_ROLES = ("booknetic_staff", "booknetic_customer", "booknetic_saas_tenant")
_RANK = {Role.ADMINISTRATOR: 0, Role.TENANT_OWNER: 1, Role.STAFF: 2, Role.CUSTOMER: 3}
_AS = {Role.TENANT_OWNER: "owner", Role.STAFF: "staff", Role.CUSTOMER: "customer"}


def administrators(users: dict[int, WpUser]) -> list[WpUser]:
    return [users[user_id] for user_id in sorted(users) if ADMINISTRATOR in users[user_id].roles]


def saas_owner(users: dict[int, WpUser]) -> UserImport | None:
    """With Booknetic SaaS: the WordPress administrator (the lowest id) as the platform owner, or None.

    Raises :class:`~.findings.Unmappable` when wpcompat cannot hold that user (core's refusal)."""
    admins = administrators(users)
    return user_import(admins[0], Role.ADMINISTRATOR) if admins else None


@dataclass(frozen=True)
class Claim:
    user_id: int
    tenant: int  # the tenant's position in the import (0 for plain Booknetic); -1: the SaaS platform
    role: Role


class UserAssignment:
    """The claims on users, and who won each (see the module docstring)."""

    def __init__(self, users: dict[int, WpUser]) -> None:
        self.users = users
        self._won: dict[int, Claim] = {}

    def claim(self, user_id: int, tenant: int, role: Role) -> None:
        """Record a claim on an existing user (callers check the user exists)."""
        claim = Claim(user_id, tenant, role)
        won = self._won.get(user_id)
        if won is None or (_RANK[role], tenant) < (_RANK[won.role], won.tenant):
            self._won[user_id] = claim

    def note_unclaimed(self, findings: Findings) -> None:
        """A user with one of Booknetic's roles whom no row links is not imported: a note (its application
        passwords stay behind)."""
        for user_id, user in sorted(self.users.items()):
            roles = [role for role in user.roles if role in BOOKNETIC_ROLES]
            if roles and user_id not in self._won:
                findings.note("users", user_id, None, f"{user.login!r} has the role {roles[0]} but no Booknetic row "
                                                      "links the user: not imported")

    def keeps(self, user_id: int, tenant: int) -> bool:
        """Whether a row of ``tenant`` may keep its link to ``user_id``."""
        won = self._won.get(user_id)
        return won is not None and won.tenant == tenant

    def lost_why(self, user_id: int, tenant_names: dict[int, str], outcome: str = "link dropped") -> str:
        """Why a row cannot keep its link to ``user_id``, then ``outcome``."""
        won = self._won.get(user_id)
        if won is None:
            return f"user #{user_id} is not imported: {outcome}"
        if won.tenant < 0:
            return f"user #{user_id} is the SaaS platform's owner, in no tenant: {outcome}"
        return (f"user #{user_id} is imported as {_AS[won.role]} of tenant {tenant_names[won.tenant]!r} (a user "
                f"belongs to one tenant): {outcome}")

    def tenant_users(self, tenant: int, findings: Findings) -> list[UserImport]:
        """The users ``tenant`` won; one wpcompat cannot hold (core's refusal) is a problem."""
        imported = []
        for user_id, claim in sorted(self._won.items()):
            if claim.tenant == tenant:
                try:
                    imported.append(user_import(self.users[user_id], claim.role))
                except Unmappable as error:
                    findings.add(error)
        return imported

    def check_link(self, user_id: int | None, tenant: int, tenant_names: dict[int, str], findings: Findings,
                   table: str, row_id: int, column: str = "user_id") -> int | None:
        """``user_id`` if a row of ``tenant`` keeps it, else None with a note (a missing user, another tenant's)."""
        if user_id is None:
            return None
        if user_id not in self.users:
            findings.note(table, row_id, column, f"user #{user_id} does not exist in WordPress: link dropped")
            return None
        if not self.keeps(user_id, tenant):
            findings.note(table, row_id, column, self.lost_why(user_id, tenant_names))
            return None
        return user_id
