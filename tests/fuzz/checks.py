"""The properties of every answer, and the database fingerprint that shows a half-written row.

:func:`problems` names what is wrong with one answer (empty: nothing), each as a short, stable cause so
that failures group: a 5xx; a header value carrying CR/LF/NUL; a body not in the URL family's format —
REST: JSON, an error being ``{"code", "message", "data": {"status"}}`` (WordPress's string code, or
Booknetic's integer code equal to the status); admin-ajax: TeamBooking's envelope (``header`` matching
``code``, the HTTP status) or WordPress's ``0`` / ``-1``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Connection

from .requests import FuzzRequest

TB_HEADERS = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found", 409: "409 Conflict"}
#: Columns a refused request may still write: WordPress stamps an application password's use on any
#: authenticated request (``last_used``/``last_ip``), whatever the handler then answers.
VOLATILE_COLUMNS = {("application_passwords", "last_used"), ("application_passwords", "last_ip")}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


def _trash_not_supported(answer: Answer) -> bool:
    # WordPress's answer to DELETE without force=true on a resource with no trash: a 501 by convention
    # (WP_REST_Controller), which WordPress tooling expects; not a server error.
    return answer.status == 501 and b'"code":"rest_trash_not_supported"' in answer.body


def problems(request: FuzzRequest, answer: Answer) -> list[str]:
    """What is wrong with ``answer`` to ``request``, as short causes (empty: it is a proper answer)."""
    found = []
    if answer.status >= 500 and not _trash_not_supported(answer):
        found.append(f"status {answer.status}")
    for name, value in answer.headers:
        if any(c in value or c in name for c in "\r\n\x00"):
            found.append(f"header {name} carries CR/LF/NUL")
    if answer.status >= 500:
        return found  # the 5xx is the finding; its body's format is beside the point
    if request.method == "HEAD":
        return found + (["HEAD answer has a body"] if answer.body else [])
    if not answer.body and (request.effective_method in ("HEAD", "OPTIONS") or answer.status in (204, 304)):
        return found  # an overridden HEAD, admin-ajax's OPTIONS, No Content: nothing to read
    check = _rest_format if request.family == "rest" else _ajax_format
    wrong = check(request, answer)
    if wrong:
        found.append(f"not {request.family} format: {wrong}")
    return found


def _rest_format(request: FuzzRequest, answer: Answer) -> str | None:
    content_type = answer.header("Content-Type")
    # WordPress refuses _jsonp as JavaScript; errors raised before that check (a bad rest_route) stay JSON.
    jsonp = request.has_query("_jsonp") and content_type.startswith("application/javascript")
    if not jsonp and not content_type.startswith("application/json"):
        return f"Content-Type {content_type.split(';')[0] or 'none'}"
    try:
        data = json.loads(answer.body)
    except ValueError:
        return "body is not JSON"
    status = answer.status
    if request.has_query("_envelope") and status == 200 and isinstance(data, dict) and set(data) >= {"body", "status"}:
        data, status = data["body"], data["status"]
    if status < 400:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return "error without a message"
    code = data.get("code")
    if jsonp:
        return None if code == "rest_callback_disabled" else "JSONP refusal without its code"
    if not isinstance(code, (str, int)) or isinstance(code, bool):
        return "error code neither a WordPress string nor a Booknetic integer"
    detail = data.get("data")
    if not isinstance(detail, dict) or detail.get("status") != status:
        return "error data.status differs from the HTTP status"
    if isinstance(code, int) and code != status:
        return "Booknetic error code differs from the status"
    return None


def _ajax_format(request: FuzzRequest, answer: Answer) -> str | None:
    if answer.body in (b"0", b"-1"):
        return None
    try:
        data = json.loads(answer.body)
    except ValueError:
        return "body neither 0, -1 nor JSON"
    if not isinstance(data, dict) or "header" not in data:
        return "JSON that is not TeamBooking's envelope"
    code = data.get("code")
    if TB_HEADERS.get(code) != data["header"] or answer.status != code:
        return "envelope header/code/status disagree"
    return None


def fingerprint(connection: Connection, metadata: MetaData) -> dict[str, tuple[int, str]]:
    """Per table: its row count and a digest of its rows (volatile columns left out)."""
    result = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE_COLUMNS]
        order = list(table.primary_key.columns) or columns
        rows = connection.execute(select(*columns).order_by(*order)).all()
        digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()[:16]
        result[table.name] = (len(rows), digest)
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))
