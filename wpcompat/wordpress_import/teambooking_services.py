"""TeamBooking's services: posts of type ``tbk_service`` and their postmeta (Database/Services.php).

``Services::add`` stores every property of the service object as postmeta ``tbk_<property>`` and every
setting as ``_tbk_<setting>`` (through ``maybe_serialize``: booleans are ``"1"``/``""``), and
``Services::get`` reads back only published posts, keyed by ``tbk_id``, the service's slug (its API
``id``). A service becomes one wpcompat service row: ``id`` = the post ID, ``slug`` = ``tbk_id``.

* class ``appointment``: one seat a slot, ``duration`` = ``tbk_slot_duration`` (seconds; an hour when unset,
  the class default);
* class ``event``: ``capacity`` = ``tbk_slot_max_tickets`` (20 unset); an event has no duration of its own
  (its slots are the coworker's calendar events), so it is the most frequent length of its reservations,
  else an hour;
* class ``unscheduled`` (reservations with no time at all): wpcompat has no such booking; not imported.

``_tbk_approval_rule`` (none, admin, coworker) -> ``approval`` (none, admin, staff); ``_tbk_payment``
(immediately, later, discretional) as it is; ``tbk_price``, ``tbk_active``, ``tbk_color``; ``tbk_name`` and
``tbk_description`` are stored HTML-entity-encoded by the plugin's ``filterInput`` and decoded as its
``unfilterInput`` does.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .findings import Findings

POST_TYPE = "tbk_service"
#: ``approval_rule`` -> wpcompat's ``approval``.
APPROVAL = {"none": "none", "admin": "admin", "coworker": "staff"}
PAYMENTS = ("immediately", "later", "discretional")
_HOUR = 3600
_EVENT_TICKETS = 20  # Event::$slot_max_tickets


@dataclass
class Service:
    row: dict  # the services row
    service_class: str  # appointment | event


def read_services(source, durations: dict[str, Counter], findings: Findings) -> dict[str, Service]:
    """The published services by slug. ``durations``: slug -> Counter of its reservations' lengths (seconds)."""
    posts = source.query("SELECT ID, post_status, post_title, post_content FROM `{prefix}posts` "
                         "WHERE post_type = :type ORDER BY post_date, ID", type=POST_TYPE)
    meta: dict[int, dict[str, Any]] = {}
    for row in source.query("SELECT m.post_id, m.meta_key, m.meta_value FROM `{prefix}postmeta` m "
                            "JOIN `{prefix}posts` p ON p.ID = m.post_id WHERE p.post_type = :type "
                            "ORDER BY m.meta_id", type=POST_TYPE):
        meta.setdefault(int(row["post_id"]), {}).setdefault(row["meta_key"], row["meta_value"])  # get_post_custom()[k][0]
    services: dict[str, Service] = {}
    for post in posts:
        post_id = int(post["ID"])
        if post["post_status"] != "publish":  # get_posts() reads published posts only
            findings.note("posts", post_id, "post_status",
                          f"a TeamBooking service in status {post['post_status']!r}: the plugin does not list it")
            continue
        service = _service(post_id, meta.get(post_id, {}), durations, findings)
        if service is None:
            continue
        slug = service.row["slug"]
        if slug in services:
            # Services::get() keys them by tbk_id: the later post hides the earlier one.
            findings.problem("posts", post_id, "tbk_id", f"service id {slug!r} is also post "
                                                         f"#{services[slug].row['id']}'s")
            continue
        services[slug] = service
    return services


def _service(post_id: int, meta: dict[str, Any], durations: dict[str, Counter], findings: Findings) -> Service | None:
    def problem(key: str, why: str) -> None:
        findings.problem("postmeta", post_id, key, why)

    service_class, slug = meta.get("tbk_class"), meta.get("tbk_id")
    if not slug or len(slug) > 100:
        problem("tbk_id", f"service id {slug!r} is empty or longer than 100 characters")
        return None
    if service_class == "unscheduled":
        findings.note("postmeta", post_id, "tbk_class", f"service {slug!r} is unscheduled (no date or time): "
                                                        "wpcompat has no such bookings, not imported")
        return None
    if service_class not in ("appointment", "event"):
        problem("tbk_class", f"service class {service_class!r} is none of appointment, event, unscheduled")
        return None
    name = html.unescape(meta.get("tbk_name") or "")
    if not name or len(name) > 255:
        problem("tbk_name", "the name is empty or longer than 255 characters")
        return None
    try:
        price = Decimal(meta.get("tbk_price") or "0")
    except InvalidOperation:
        problem("tbk_price", f"price {meta.get('tbk_price')!r} is not a number")
        return None
    if not price.is_finite() or not 0 <= price < Decimal("1e10"):
        problem("tbk_price", f"price {meta.get('tbk_price')!r} is not an amount wpcompat can hold")
        return None
    approval = meta.get("_tbk_approval_rule") or "none"
    if approval not in APPROVAL:
        problem("_tbk_approval_rule", f"approval rule {approval!r} is none of none, admin, coworker")
        return None
    payment = meta.get("_tbk_payment") or "immediately"  # the abstract service's default
    if payment not in PAYMENTS:
        problem("_tbk_payment", f"payment setting {payment!r} is none of {', '.join(PAYMENTS)}")
        return None
    if service_class == "appointment":
        seconds, capacity = _whole(meta.get("tbk_slot_duration"), _HOUR), 1
    else:
        seconds = _event_length(slug, durations, post_id, findings)
        capacity = _whole(meta.get("tbk_slot_max_tickets"), _EVENT_TICKETS)
    if seconds is None or seconds < 60 or capacity is None or capacity < 1:
        problem("tbk_slot_duration" if service_class == "appointment" else "tbk_slot_max_tickets",
                "the slot duration or the tickets per slot is not a positive whole number")
        return None
    color = meta.get("tbk_color") or None
    return Service(row={
        "id": post_id, "slug": slug, "name": name,
        "description": html.unescape(meta.get("tbk_description") or "") or None,
        "color": color if color is None or len(color) <= 16 else None,
        "duration": seconds // 60, "price": price, "capacity": capacity,
        "is_active": meta.get("tbk_active") == "1", "approval": APPROVAL[approval], "payment": payment,
    }, service_class=service_class)


def _event_length(slug: str, durations: dict[str, Counter], post_id: int, findings: Findings) -> int:
    lengths = durations.get(slug)
    seconds = lengths.most_common(1)[0][0] if lengths else _HOUR
    why = ("the most frequent length of its reservations" if lengths else "it has no reservations")
    findings.note("postmeta", post_id, "tbk_class", f"event {slug!r} has no duration of its own (its slots are "
                                                    f"calendar events): imported as {seconds // 60} minutes, {why}")
    return seconds


def _whole(value: Any, default: int) -> int | None:
    if value is None or value == "":
        return default
    text = str(value).strip()
    return int(text) if text.isdigit() else None
