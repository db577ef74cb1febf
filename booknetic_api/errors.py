"""Booknetic's error envelope and the translation of domain errors into it.

Booknetic turns every exception a handler throws into ``{"code": <HTTP status as an int>, "message",
"data": {"status"}}`` (booknetic-rest.md §1.5): "not found" is a 400, not a 404. Validation of the
REST-style create/update routes answers 422 ``Validation failed`` with ``data.errors`` (field -> message,
nested fields dotted), as Booknetic 5.2's DTO validation does.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from wpcompat.booking.errors import BookingError, InvalidBooking
from wpcompat.database.bounds import UnstorableValue
from wpcompat.php.json import PhpObject
from wpcompat.rest import RestError

PERMISSION_DENIED = "Permission denied!"
UNSTORABLE = "A value contains a NUL character or a number out of range"


def booknetic_error(message: str, status: int = 400) -> RestError:
    """``{"code": status, "message": message, "data": {"status": status}}``."""
    return RestError(status, message, status)


def validation_failed(errors: dict[str, str]) -> RestError:
    """422 ``Validation failed`` with the per-field messages."""
    return RestError(422, "Validation failed", 422, errors=PhpObject(errors))


def field_errors(error: BookingError) -> dict[str, str]:
    """A domain error as ``data.errors``: its per-field messages, else its message on its field."""
    if isinstance(error, InvalidBooking) and error.errors:
        return dict(error.errors)
    return {error.field or "id": error.message}


def booknetic_errors(*, validation: bool = False) -> Callable:
    """Decorate a view: a domain error becomes Booknetic's 400 (or, with ``validation``, a 422 with errors).

    Under ``validation`` a "not found" of the addressed row itself (field ``id``) stays a 400, as a
    missing id answers everywhere else.
    """
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except BookingError as error:
                if validation and error.field != "id":
                    raise validation_failed(field_errors(error)) from None
                raise booknetic_error(error.message) from None
            except UnstorableValue:  # input no check caught that no column can hold (the server rolls back)
                raise booknetic_error(UNSTORABLE) from None
        return wrapper
    return decorator
