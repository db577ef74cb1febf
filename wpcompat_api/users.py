"""``/wpcompat/v1/users``: a tenant's staff logins with their Booknetic capabilities, and its owners.
Rules: :mod:`wpcompat.platform.tenant_users`; their application passwords are WordPress's own routes
(``/wp/v2/users/{id}/application-passwords``, linked from each user)."""
from __future__ import annotations

from typing import Any

from wpcompat.platform import tenant_users
from wpcompat.platform.models import User
from wpcompat.rest import rest_url

from .collections import Collection
from .namespace import tenant_owner
from .resources import ALL_CONTEXTS, VIEW_EDIT, ItemSchema

SCHEMA = ItemSchema("user", {
    "id": {"description": "Unique identifier for the user (WordPress's user ID).", "type": "integer",
           "context": ALL_CONTEXTS, "readonly": True},
    "login": {"description": "The login; never changes.", "type": "string", "minLength": 1, "maxLength": 60,
              "required": True, "context": ALL_CONTEXTS},
    "email": {"description": "E-mail address (unique on the platform).", "type": "string", "format": "email",
              "required": True, "context": VIEW_EDIT},
    "display_name": {"description": "Name shown for the user.", "type": "string", "maxLength": 250,
                     "context": ALL_CONTEXTS},
    "role": {"description": "staff, or tenant_owner (every capability, every row).", "type": "string",
             "enum": list(tenant_users.ROLES), "default": "staff", "context": ALL_CONTEXTS},
    "capabilities": {"description": "A staff user's Booknetic capabilities; null: Booknetic's default staff rule.",
                     "type": ["array", "null"], "items": {"type": "string", "enum": list(tenant_users.CAPABILITIES)},
                     "context": VIEW_EDIT},
    "staff": {"description": "Id of the staff record the login is (what it sees), or null.",
              "type": ["integer", "null"], "context": VIEW_EDIT},
})


def user_values(user: User) -> dict[str, Any]:
    return {"id": user.id, "login": user.login, "email": user.email, "display_name": user.display_name,
            "role": user.role, "capabilities": user.capabilities, "staff": tenant_users.staff_of(user)}


def _links(user: User) -> dict[str, str]:
    links = {"application-passwords": rest_url(f"wp/v2/users/{user.id}/application-passwords")}
    staff_id = tenant_users.staff_of(user)
    if staff_id is not None:
        links["staff"] = rest_url(f"wpcompat/v1/staff/{staff_id}")
    return links


collection = Collection(
    route="/users", schema=SCHEMA, label="user", plural="Users", values=user_values, links=_links,
    read=tenant_owner, write=tenant_owner,
    find=lambda request, user_id: tenant_users.get_user(user_id),
    page=lambda request, page, per_page: tenant_users.list_users(page, per_page),
    create=lambda request, **given: tenant_users.create_user(**given),
    update=lambda request, user, **given: tenant_users.update_user(user, **given),
    delete=lambda request, user: tenant_users.delete_user(user, request.user.id),
    conflict_code="rest_user_cannot_delete",
).register()
