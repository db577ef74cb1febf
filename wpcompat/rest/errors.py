"""WordPress's REST error object (``WP_Error`` as the REST server renders it)."""
from __future__ import annotations

from typing import Any

#: The message WordPress's fatal-error handler shows; used for every unexpected exception.
CRITICAL_ERROR_MESSAGE = "There has been a critical error on this website."


class RestError(Exception):
    """An error a REST callback, permission callback or argument check answers with.

    Renders as ``{"code": code, "message": message, "data": {"status": status, **extra_data}}``; ``code``
    may be an int (Booknetic sends the HTTP status as an integer code). ``status=None`` with no extra
    data gives ``"data": null`` and HTTP 500, as a ``WP_Error`` without data does.
    """

    def __init__(self, code: str | int, message: str, status: int | None = None, **extra_data: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is None:
            self.data: dict[str, Any] | None = dict(extra_data) or None
        else:
            self.data = {"status": status, **extra_data}

    @property
    def status(self) -> int:
        """The HTTP status: ``data.status`` when numeric, else 500 (``rest_convert_error_to_response``)."""
        status = self.data.get("status") if isinstance(self.data, dict) else None
        return status if isinstance(status, int) and not isinstance(status, bool) else 500

    def to_data(self) -> dict[str, Any]:
        """The JSON body: ``code``, ``message``, ``data``."""
        return {"code": self.code, "message": self.message, "data": self.data}

    def __repr__(self) -> str:
        return f"RestError({self.code!r}, {self.message!r}, data={self.data!r})"


def no_route() -> RestError:
    """``rest_no_route``: unknown path, or a known path with a method none of its handlers accept."""
    return RestError("rest_no_route", "No route was found matching the URL and request method.", 404)


def forbidden(authenticated: bool) -> RestError:
    """``rest_forbidden`` with ``rest_authorization_required_code()``: 401 anonymous, 403 logged in."""
    return RestError("rest_forbidden", "Sorry, you are not allowed to do that.", 403 if authenticated else 401)


def critical_error() -> RestError:
    """What an uncaught exception becomes (WordPress's fatal-error handler, REST flavour)."""
    return RestError("internal_server_error", CRITICAL_ERROR_MESSAGE, 500)


def unstorable_value() -> RestError:
    """What a value no column can hold becomes when no check of its argument caught it first."""
    return RestError("rest_invalid_param",
                     "Invalid parameter(s): a value contains a NUL character or a number out of range.", 400)


#: The namespaces that answer errors in Booknetic's envelope (an integer ``code``).
_INTEGER_CODE_NAMESPACES = ("/booknetic/",)


def site_suspended(route: str) -> RestError:
    """A suspended tenant's request: 403, with Booknetic's integer code on its routes, else WordPress's."""
    message = "This site has been suspended."
    if route.startswith(_INTEGER_CODE_NAMESPACES):
        return RestError(403, message, 403)
    return RestError("wpcompat_site_suspended", message, 403)


def too_many_requests(route: str, message: str) -> RestError:
    """Over a rate limit (wpcompat.ratelimits): 429, Booknetic's integer code on its routes, else WordPress's."""
    if route.startswith(_INTEGER_CODE_NAMESPACES):
        return RestError(429, message, 429)
    return RestError("rest_too_many_requests", message, 429)
