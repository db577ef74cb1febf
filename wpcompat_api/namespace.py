"""The ``wpcompat/v1`` REST namespace and who may call it."""
from __future__ import annotations

from wpcompat.platform.models import Role
from wpcompat.rest import RestError, RestNamespace, RestRequest
from wpcompat.rest.errors import forbidden

api = RestNamespace("wpcompat/v1")

#: A row id in a route's path.
ID = r"(?P<id>[\d]+)"


def tenant_owner(request: RestRequest) -> bool | RestError:
    """Permission callback: the owner of the request's tenant (staff and customers: ``rest_forbidden``).

    The platform owner may act for a tenant at the tenant's own URL.
    """
    user = request.user
    if user is None:
        return forbidden(authenticated=False)
    tenant = request.tenant
    if tenant is None:
        return forbidden(authenticated=True)
    if user.is_platform_owner or (user.role == Role.TENANT_OWNER.value and user.tenant_id == tenant.id):
        return True
    return forbidden(authenticated=True)


def owner_or_staff_with(capability: str):
    """Permission callback of a read: the tenant's owner, or a staff user whom Booknetic lets see it
    (``capability``, e.g. ``services``, granted by their capabilities and the tenant's plan module).
    Customers and staff without it: ``rest_forbidden``."""
    from wpcompat.platform import capabilities

    def permission(request: RestRequest) -> bool | RestError:
        owner = tenant_owner(request)
        if owner is True:
            return True
        user = request.user
        if user is not None and request.tenant is not None and user.role == Role.STAFF.value \
                and user.tenant_id == request.tenant.id \
                and capabilities.plan_grants(request.tenant, capabilities.module_of(capability)) \
                and capabilities.booknetic_user_can(user, capability):
            return True
        return owner

    return permission


def platform_owner(request: RestRequest) -> bool | RestError:
    """Permission callback of the main site's platform routes (tenants, plans): the platform owner only."""
    user = request.user
    if user is None:
        return forbidden(authenticated=False)
    return True if user.is_platform_owner else forbidden(authenticated=True)
