"""``GET /wp/v2/users/me`` (``WP_REST_Users_Controller::get_current_item``) and the user lookups shared
by the other ``wp/v2`` user routes.

User objects follow WordPress 6.8: key order of ``prepare_item_for_response``, ``avatar_urls`` from
Gravatar with a SHA-256 email hash (``https://secure.gravatar.com`` on an https site, else
``http://<n>.gravatar.com``), ``link`` = the author archive URL, ``meta`` = ``[]`` (no registered user meta).
Context ``edit`` adds the account fields we hold (username, names, email, locale, nickname,
registration date, roles) but not ``capabilities``/``extra_capabilities``.
"""
from __future__ import annotations

import hashlib
from typing import Any

from ..formatting import sanitize_key, sanitize_title
from ..platform import accounts
from ..platform.models import User
from ..rest import READABLE, RestError, RestNamespace, RestRequest, RestResponse, validate_request_arg
from ..rest.index import rest_url, site_root
from ..database.bounds import is_row_id
from ..php.casts import php_intval
from ..rest.response import field_included

api = RestNamespace("wp/v2")

USER_CONTEXTS = ["embed", "view", "edit"]
AVATAR_SIZES = (24, 48, 96)
# Fields by the contexts they appear in (the users schema), in output order.
_EMBED_FIELDS = ("id", "name", "url", "description", "link", "slug", "avatar_urls")
_VIEW_FIELDS = ("id", "name", "url", "description", "link", "slug", "avatar_urls", "meta")
_EDIT_FIELDS = ("id", "username", "name", "first_name", "last_name", "email", "url", "description", "link",
                "locale", "nickname", "slug", "roles", "registered_date", "avatar_urls", "meta")


def context_param(contexts: list[str]) -> dict[str, Any]:
    """``get_context_param(['default' => 'view'])`` of a controller whose schema uses ``contexts``."""
    return {
        "description": "Scope under which the request is made; determines fields present in response.",
        "type": "string",
        "sanitize_callback": lambda value, request, param: sanitize_key(value),
        "validate_callback": validate_request_arg,
        "enum": list(contexts),
        "default": "view",
    }


def not_logged_in() -> RestError:
    return RestError("rest_not_logged_in", "You are not currently logged in.", 401)


def invalid_user_id() -> RestError:
    return RestError("rest_user_invalid_id", "Invalid user ID.", 404)


def visible_to(request: RestRequest, user: User) -> bool:
    """Whether ``user`` exists on the site this request works on (``is_user_member_of_blog``).

    The platform owner sees every user and is visible everywhere (WordPress's ``manage_sites`` rule);
    anyone else sees the users of the active tenant. Another tenant's user answers as a missing one.
    """
    me = request.user
    if user.is_platform_owner or (me is not None and (me.id == user.id or me.is_platform_owner)):
        return True
    tenant = request.tenant
    return tenant is not None and user.tenant_id == tenant.id


def user_from_param(request: RestRequest, value: Any) -> User:
    """The user a ``user_id``/``id`` param names (``me`` = the current user), else the right RestError."""
    if value == "me":
        if request.user is None:
            raise not_logged_in()
        return accounts.find_user_by_id(request.user.id)
    user_id = php_intval(value)
    user = accounts.find_user_by_id(user_id) if is_row_id(user_id) else None
    if user is None or not visible_to(request, user):
        raise invalid_user_id()
    return user


def avatar_urls(user: User) -> dict[int, str]:
    """``rest_get_avatar_urls``: Gravatar URLs keyed by size."""
    email_hash = hashlib.sha256(user.email.strip().lower().encode()).hexdigest()
    if site_root().startswith("https://"):
        base = f"https://secure.gravatar.com/avatar/{email_hash}"
    else:
        base = f"http://{int(email_hash[0], 16) % 3}.gravatar.com/avatar/{email_hash}"
    return {size: f"{base}?s={size}&d=mm&r=g" for size in AVATAR_SIZES}


def _user_values(user: User) -> dict[str, Any]:
    slug = sanitize_title(user.login)
    return {
        "id": user.id, "username": user.login, "name": user.display_name, "first_name": "", "last_name": "",
        "email": user.email, "url": "", "description": "", "link": f"{site_root()}/author/{slug}/",
        "locale": "en_US", "nickname": user.login, "slug": slug, "roles": [user.role],
        "registered_date": user.registered_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "avatar_urls": avatar_urls(user), "meta": [],
    }


def prepare_user(user: User, request: RestRequest) -> RestResponse:
    """The user object in the request's context, with ``_links`` unless ``_fields`` leaves them out."""
    context = request.get_param("context") or "embed"
    fields = {"embed": _EMBED_FIELDS, "view": _VIEW_FIELDS, "edit": _EDIT_FIELDS}.get(context, ())
    values = _user_values(user)
    response = RestResponse({name: values[name] for name in fields})
    wanted = request.requested_fields()
    if field_included("_links", wanted) or field_included("_embedded", wanted):
        response.add_link("self", rest_url(f"wp/v2/users/{user.id}"))
        response.add_link("collection", rest_url("wp/v2/users"))
    return response


@api.route("/users/me", methods=READABLE, permission=lambda request: True,
           args={"context": context_param(USER_CONTEXTS)})
def get_current_user(request: RestRequest) -> RestResponse:
    """The authenticated user; 401 ``rest_not_logged_in`` when anonymous."""
    if request.user is None:
        raise not_logged_in()
    return prepare_user(accounts.find_user_by_id(request.user.id), request)
