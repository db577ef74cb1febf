"""``POST /login``: the Booknetic mobile app's seat login, which Booknetic forwards to its vendor's cloud.

The route exists (clients probe it and the index lists it), the request is checked as Booknetic checks
it (``deviceInfo`` must be an object: ``422 Device info must be array``), and then the login is refused
with a 400: there is no vendor cloud behind this server to register a mobile seat with.
"""
from __future__ import annotations

from wpcompat.rest import RestRequest

from .errors import booknetic_error
from .namespace import api
from .permissions import signed_in

NO_CLOUD = "The Booknetic mobile app service is not available on this server."


@api.route("/login", methods="POST", permission=signed_in)
def login(request: RestRequest):
    if not isinstance(request.get_param("deviceInfo"), (dict, list)):
        raise booknetic_error("Device info must be array", 422)
    raise booknetic_error(NO_CLOUD)
