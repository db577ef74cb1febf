"""The request's size limits, checked before routing and answered in the URL family's format.

Apache's defaults, as a WordPress site behind Apache has them (each a setting, ``WPCOMPAT_*``):
``LIMIT_REQUEST_LINE`` 8190 bytes (``LimitRequestLine``: 414), ``LIMIT_REQUEST_FIELD_SIZE`` 8190 bytes
per header field line (``LimitRequestFieldSize``: 431), ``LIMIT_REQUEST_FIELDS`` 100 fields
(``LimitRequestFields``: 431). The body: ``MAX_CONTENT_LENGTH`` (default 8 MiB, PHP's ``post_max_size``)
for every surface, REST and admin-ajax alike (413). A declared ``Content-Length`` over it is refused
unread; a chunked body is read here, up to one byte past the limit (the server's worker bounds each
read in time), and handed on in memory with its length, so no view ever reads past the limit.
Nothing is written for a refused request: it is refused before any view runs.

The server in front keeps its own hard caps (``wpcompat.server.worker``), far above these.
"""
from __future__ import annotations

from io import BytesIO

from flask import Flask, current_app, request
from werkzeug.exceptions import (BadRequest, RequestEntityTooLarge, RequestHeaderFieldsTooLarge,
                                 RequestTimeout, RequestURITooLarge)

#: Where the body check leaves its verdict for :func:`check_request` (a WSGI environ key).
BODY_VERDICT = "wpcompat.body_verdict"
_TOO_LARGE, _TOO_SLOW, _UNREADABLE = "too large", "too slow", "unreadable"
_EXTRA_HEADER_KEYS = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}


def request_line_length(environ: dict) -> int:
    """The length of the request line as sent: method, target (gunicorn's ``RAW_URI``), protocol."""
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if target is None:
        query = environ.get("QUERY_STRING", "")
        target = environ.get("PATH_INFO", "") + ("?" + query if query else "")
    return len(environ.get("REQUEST_METHOD", "")) + len(target) + len(environ.get("SERVER_PROTOCOL", "")) + 2


def header_field_lengths(environ: dict) -> list[int]:
    """The length of each header field line (``Name: value``) the WSGI environ carries."""
    lengths = [len(key) - 5 + 2 + len(value) for key, value in environ.items() if key.startswith("HTTP_")]
    lengths += [len(name) + 2 + len(environ[key]) for key, name in _EXTRA_HEADER_KEYS.items() if environ.get(key)]
    return lengths


def check_request() -> None:
    """before_request, right after the URL's site is read: refuse a request over a limit (HTTP errors, answered by family)."""
    config = current_app.config
    environ = request.environ
    if request_line_length(environ) > config["LIMIT_REQUEST_LINE"]:
        raise RequestURITooLarge()
    fields = header_field_lengths(environ)
    if len(fields) > config["LIMIT_REQUEST_FIELDS"] or max(fields, default=0) > config["LIMIT_REQUEST_FIELD_SIZE"]:
        raise RequestHeaderFieldsTooLarge()
    verdict = environ.get(BODY_VERDICT)
    if verdict == _TOO_LARGE:
        raise RequestEntityTooLarge()
    if verdict == _TOO_SLOW:
        raise RequestTimeout()
    if verdict == _UNREADABLE:
        raise BadRequest("The request body could not be read.")


class BodyLimit:
    """WSGI middleware: a body over the limit never reaches the app (see the module docstring)."""

    def __init__(self, app, flask_app: Flask) -> None:
        self.app = app
        self.config = flask_app.config

    def __call__(self, environ: dict, start_response):
        limit = self.config.get("MAX_CONTENT_LENGTH")
        if limit is not None:
            _judge_body(environ, limit)
        return self.app(environ, start_response)


def _judge_body(environ: dict, limit: int) -> None:
    declared = environ.get("CONTENT_LENGTH")
    if declared:
        if declared.isdigit() and int(declared) > limit:
            _refuse(environ, _TOO_LARGE)
        return
    if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    try:
        body = environ["wsgi.input"].read(limit + 1)
    except TimeoutError:  # the client stopped sending (the worker's per-read timeout)
        _refuse(environ, _TOO_SLOW)
        return
    except Exception:  # a malformed chunk, a connection gone
        _refuse(environ, _UNREADABLE)
        return
    if len(body) > limit:
        _refuse(environ, _TOO_LARGE)
        return
    environ["wsgi.input"] = BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def _refuse(environ: dict, verdict: str) -> None:
    environ[BODY_VERDICT] = verdict
    environ["wsgi.input"] = BytesIO()
    environ["CONTENT_LENGTH"] = "0"


def init_app(app: Flask) -> None:
    """Judge bodies before Flask reads them (inside any ProxyFix, which ``proxies`` replaces by type).
    :func:`check_request` is registered by ``create_app`` once the URL's site is read, before the rest."""
    app.wsgi_app = BodyLimit(app.wsgi_app, app)
