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
