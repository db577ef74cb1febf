"""The ``booknetic/v1`` REST namespace every resource module declares its routes on, and its path ids."""
from __future__ import annotations

from wpcompat.php.casts import php_intval
from wpcompat.rest import RestNamespace, RestRequest

api = RestNamespace("booknetic/v1")

#: A row id in a route's path (``/appointments/{id}``).
ID = r"(?P<id>\d+)"


def path_id(request: RestRequest) -> int:
    """The path's ``{id}`` as Booknetic's ``(int)`` reads it: any length of digits, never a crash."""
    return php_intval(request.url_params["id"])
