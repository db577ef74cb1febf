"""``X-Request-Id``: every answer names the request it answers, and the access log names it too.

A client's (or its proxy's) ``X-Request-Id`` is kept when it is sane: 1 to 200 characters of letters,
digits and ``-._~:/+=@``, nothing a log line would have to quote. Anything else, or none, gets a fresh
random id (32 hex digits). The id is echoed on every answer Flask gives, whatever the URL family (REST,
admin-ajax, plain text; errors and refusals included): only gunicorn's own last-line 414/431 pages,
written before the app is reached, carry none. ``wpcompat serve``'s access log ends each line with it.
"""
from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-Id"
_SANE = re.compile(r"[A-Za-z0-9\-._~:/+=@]{1,200}")


def current_request_id() -> str:
    """The id of the request being answered (read or made once per request)."""
    request_id = g.get("request_id")
    if request_id is None:
        sent = request.headers.get(HEADER, "")
        request_id = g.request_id = sent if _SANE.fullmatch(sent) else uuid.uuid4().hex
    return request_id


def _echo(response: Response) -> Response:
    response.headers[HEADER] = current_request_id()
    return response


def init_app(app: Flask) -> None:
    app.after_request(_echo)
