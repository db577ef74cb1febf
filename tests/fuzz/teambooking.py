"""Hostile TeamBooking calls: each operation's required params mostly present, tokens valid or not, and the
``reservation`` / ``slot`` JSON strings built from a valid shape and then mutated."""
from __future__ import annotations

import json

from wpcompat.booking.availability import format_slot_id

from . import values
from .draws import Draw
from .requests import AJAX, FORM, JSON, TB_ACTION, Credentials, FuzzRequest, pairs
from .targets import TeamBookingTarget

SERVICE_SLUGS = ("swedish-massage", "flow-yoga", "deep-tissue", "hot-stones", "intake", "nosuch")
SLOT_STARTS = (1894006800, 1894010400, 1894093200, 0, 2**31, 2**63)  # Mon 2030-01-07 10:00, 11:00 Amsterdam, Tue 10:00, edges


def _reservation() -> dict:
    return {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Rome", "service": {},
            "tickets": 1, "formFields": [
                {"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
                for name, value in (("first_name", "Dana"), ("second_name", "Kim"), ("email", "dana@example.com"))]}


def _slot(draw: Draw) -> dict:
    slot_id = format_slot_id(draw.integer(1, 4), draw.integer(1, 4), draw.choice(SLOT_STARTS))
    return {"type": "slot", "serviceID": draw.choice(SERVICE_SLUGS), "coworkerID": draw.integer(0, 4),
            "tickets": 1, "start": "2030-01-07T10:00:00+01:00", "end": "2030-01-07T11:00:00+01:00",
            "gcalEvent": slot_id}


def _mutate(draw: Draw, document: dict, depth: int = 0) -> object:
    """The document with a few members changed: a hostile value, a wrong type, removed, or a new member."""
    for _ in range(draw.integer(0, 3)):
        keys = list(document)
        action = draw.choice(("value", "value", "drop", "add", "nested"))
        if action == "drop" and keys:
            document.pop(draw.choice(keys))
        elif action == "add":
            document[draw.choice(("datetime", "payment", "status", "postID", "id", "\x00"))] = values.json_value(draw)
        elif action == "nested" and depth < 2:
            key = draw.choice(("datetime", "payment", "service", "formFields"))
            inner = {"start": "", "end": "", "amount": "", "isPaid": "", "name": "", "value": ""}
            document[key] = _mutate(draw, {k: values.json_value(draw) for k in inner if draw.chance(0.5)}, depth + 1)
        elif keys:
            document[draw.choice(keys)] = values.json_value(draw)
    return document


def _resource_text(draw: Draw, document: dict) -> str:
    text = json.dumps(_mutate(draw, document) if draw.chance(0.6) else document)
    if draw.chance(0.08):
        text = draw.choice((text[: len(text) // 2], "[]", "null", "1", '"x"', text.replace('"', "'"), "{" * 600))
    return text


def _tb_value(draw: Draw, name: str) -> str:
    if name in ("id", "coworker"):
        return values.text(draw, "int")
    if name == "service_id":
        return draw.choice(SERVICE_SLUGS) if not draw.chance(0.3) else values.text(draw)
    if name in ("from", "to"):
        return values.text(draw, "date")
    if name == "show_past":
        return draw.choice(("0", "1", "true", "false", "", "x"))
    if name == "reservation":
        return _resource_text(draw, _reservation())
    if name == "slot":
        return _resource_text(draw, _slot(draw))
    return values.text(draw)


def teambooking_request(draw: Draw, target: TeamBookingTarget, credentials: Credentials,
                        param_names: tuple[str, ...]) -> FuzzRequest:
    """A TeamBooking call: the operation's required params mostly present, tokens valid or not."""
    site = f"/{credentials.home}" if not draw.chance(0.15) else draw.choice(("", f"/{credentials.other}", "/nosuch"))
    method = target.method if not draw.chance(0.08) else draw.choice(("GET", "POST", "HEAD", "PUT", "DELETE"))
    fields: list[str] = [f"action={TB_ACTION}"]
    fields += pairs(draw, "operation", target.operation) if not draw.chance(0.05) else []
    if not draw.chance(0.1):
        token = credentials.tokens[0 if target.method == "POST" else 1] if not draw.chance(0.3) else draw.choice(
            credentials.tokens + ("", "x" * 32, "nope", "\x00", credentials.tokens[0] + "\n"))
        fields += pairs(draw, "auth_token", token)
    in_url = method in ("GET", "HEAD") or draw.chance(0.1)
    for name in target.required:
        if name != "auth_token" and not draw.chance(0.08):
            fields += pairs(draw, name, _tb_value(draw, name), in_url=in_url)
    for _ in range(draw.integer(0, 3)):
        name = draw.choice(param_names)
        fields += pairs(draw, name, _tb_value(draw, name), in_url=in_url)
    headers: list[tuple[str, str]] = []
    if in_url:
        return FuzzRequest("ajax", target.label, method, site + AJAX, "&".join(fields), tuple(headers))
    split = draw.integer(0, 2) if draw.chance(0.15) else 0  # some fields in the query string
    content_type = FORM if not draw.chance(0.1) else draw.choice((JSON, "text/plain", "multipart/form-data"))
    headers.append(("Content-Type", content_type))
    return FuzzRequest("ajax", target.label, method, site + AJAX, "&".join(fields[:split]), tuple(headers),
                       "&".join(fields[split:]).encode())
