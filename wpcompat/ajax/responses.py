"""What a handler returns to end an admin-ajax call: WordPress's ``wp_die`` / ``wp_send_json*`` family.

Each builder returns a plain :class:`~werkzeug.wrappers.Response` meaning "the handler printed this and
exited"; the dispatcher puts admin-ajax's own headers in front of it. A handler that returns ``None``
(or a ``str``, meaning text it echoed) instead falls through to admin-ajax's final ``wp_die('0')``.
"""
from __future__ import annotations

from typing import Any, Iterable

from werkzeug.wrappers import Response

from ..php.casts import php_string
from ..php.json import PhpJsonError, php_json_dumps
from .headers import DEFAULT_CONTENT_TYPE

JSON_CONTENT_TYPE = "application/json; charset=UTF-8"  # wp_send_json(): 'application/json; charset=' . blog_charset


def ajax_exit(body: str | bytes = "", status: int = 200, content_type: str = DEFAULT_CONTENT_TYPE,
              headers: Iterable[tuple[str, str]] = ()) -> Response:
    """A handler that sends its own headers, echoes ``body`` and calls ``exit`` (no trailing ``0``)."""
    response = Response(body, status=status, content_type=content_type)
    for name, value in headers:
        response.headers.add(name, value)
    return response


def wp_die(message: Any = "", status: int = 200) -> Response:
    """``wp_die($message, $status)`` in admin-ajax (``_ajax_wp_die_handler``): the message if scalar, else ``0``.

    ``wp_die(-1, 403)`` is the nonce/capability failure: status 403, body ``-1``.
    """
    scalar = isinstance(message, (str, int, float, bool))  # PHP is_scalar(): null is not scalar
    return ajax_exit(php_string(message) if scalar else "0", status)


def wp_send_json(value: Any, status: int | None = None) -> Response:
    """``wp_send_json``: the PHP ``json_encode`` of ``value`` as ``application/json; charset=UTF-8``."""
    try:
        body = php_json_dumps(value)
    except PhpJsonError:
        body = ""  # wp_json_encode() returns false (e.g. NaN) and `echo false` prints nothing
    return ajax_exit(body, status or 200, JSON_CONTENT_TYPE)


def wp_send_json_success(data: Any = None, status: int | None = None) -> Response:
    """``{"success":true,"data":…}``; ``data`` is left out when None, as WordPress does."""
    envelope: dict[str, Any] = {"success": True}
    if data is not None:
        envelope["data"] = data
    return wp_send_json(envelope, status)


def wp_send_json_error(data: Any = None, status: int | None = None) -> Response:
    """``{"success":false,"data":…}``; ``data`` is left out when None. Status only when given."""
    envelope: dict[str, Any] = {"success": False}
    if data is not None:
        envelope["data"] = data
    return wp_send_json(envelope, status)
