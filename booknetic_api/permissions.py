"""Who may call a route: WordPress's ``read``, the tenant's plan, then Booknetic's capability.

Booknetic registers every route with ``permission_callback => current_user_can('read')`` and checks
its own capability first thing in the handler (booknetic-rest.md §1.2, §7). Here one permission
callback does all three, in that order:

* not logged in, or a user without ``read`` (customers) -> WordPress's ``rest_forbidden`` (401/403);
* no tenant to work on (the platform owner at the main site) -> ``rest_forbidden`` 403: the API only
  ever answers with one tenant's data;
* the tenant's plan lacks the route's module -> 403 ``{"code": 403, "message": "Your plan does not
  include the <module> module."}`` (Booknetic SaaS plan permissions, applied to the REST routes too);
* the user lacks the capability -> Booknetic's ``400 Permission denied!``.

The rules themselves live in :mod:`wpcompat.platform.capabilities`.
"""
from __future__ import annotations

from typing import Callable

from wpcompat.access import auth
from wpcompat.booking.visibility import Visibility, visibility_for
from wpcompat.platform import capabilities
from wpcompat.rest import RestError, RestRequest

from .errors import PERMISSION_DENIED, booknetic_error


def plan_denied(module: str) -> RestError:
    return RestError(403, f"Your plan does not include the {module} module.", 403)


def allow(module: str, capability: str | None = None) -> Callable[[RestRequest], bool | RestError]:
    """The permission callback of a route of ``module`` that needs ``capability`` (None: only the module)."""
    if capability is not None and capabilities.module_of(capability) != module:
        raise ValueError(f"{capability} is not a capability of the {module} module")

    def permission(request: RestRequest) -> bool | RestError:
        if not signed_in(request):
            return False
        if not capabilities.plan_grants(request.tenant, module):
            return plan_denied(module)
        if capability is not None and not capabilities.booknetic_user_can(request.user, capability):
            return booknetic_error(PERMISSION_DENIED)
        return True

    return permission


def signed_in(request: RestRequest) -> bool:
    """Booknetic's own permission callback, ``current_user_can('read')``, for a user with a tenant."""
    return auth.user_can(request.user, "read") and request.tenant is not None


def viewer(request: RestRequest) -> Visibility:
    """What the caller sees of the tenant's rows (owners: everything; staff: their own)."""
    return visibility_for(request.user)
