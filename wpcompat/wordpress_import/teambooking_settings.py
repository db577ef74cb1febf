"""TeamBooking's option ``team_booking``: a serialized ``TeamBookingSettings`` object (Settings.php).

What the import takes from it: the API tokens (``tokens``: ``token => {"write": bool, "usages":
{operation: calls}}``, as ``addToken``/``incrementTokenUsage`` keep them), the currency (``currency_code``,
``USD`` when unset, as ``getCurrencyCode``) and the coworkers' own settings (``coworkers_data``: a
``TeamBookingCoworker`` per WordPress user id, with the services each takes part in). Its members are
private, so PHP names them ``"\\0TeamBookingSettings\\0tokens"``; :mod:`.php_values` gives the plain names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .findings import Findings, Unmappable
from .php_values import PhpObject, unserialize
from .plan import TokenImport

OPTION = "team_booking"
#: What ``generateToken('alnum', 32)`` makes, and all the TeamBooking surface accepts as an ``auth_token``.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9]{32}")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass
class Coworker:
    """One ``TeamBookingCoworker`` of ``coworkers_data``."""

    user_id: int
    #: slug -> taking part; a service missing here is allowed (``getAllowedServices``: "new service,
    #: allowed by default"); None: never chosen, every service.
    services_allowed: dict[str, bool] | None
    has_api_token: bool


@dataclass
class Settings:
    currency: str = "USD"
    tokens: list[TokenImport] = field(default_factory=list)
    coworkers: dict[int, Coworker] = field(default_factory=dict)


def read_settings(raw: str | None, findings: Findings) -> Settings:
    """The parts of the ``team_booking`` option the import maps; problems for what it cannot read."""
    if raw is None:
        findings.note("options", OPTION, None, "no team_booking option: no API tokens, currency USD")
        return Settings()
    try:
        value = unserialize(raw, "options", OPTION, "option_value")
    except Unmappable as error:
        findings.add(error)
        return Settings()
    if not isinstance(value, PhpObject) or value.class_name != "TeamBookingSettings":
        # TeamBooking_Install::check_options refuses to activate over such an option: nothing to read.
        findings.problem("options", OPTION, "option_value", "not a serialized TeamBookingSettings object")
        return Settings()
    return Settings(currency=_currency(value.get("currency_code"), findings),
                    tokens=_tokens(value.get("tokens"), findings),
                    coworkers=_coworkers(value.get("coworkers_data"), findings))


def _currency(value: Any, findings: Findings) -> str:
    if value is None or value == "":
        return "USD"  # getCurrencyCode()'s default
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        findings.problem("options", OPTION, "currency_code", f"currency {value!r} is not an ISO 4217 code")
        return "USD"
    return value


def _tokens(value: Any, findings: Findings) -> list[TokenImport]:
    if value is None:
        return []
    if not isinstance(value, dict):
        findings.problem("options", OPTION, "tokens", "not a PHP array of tokens")
        return []
    tokens = []
    for token, record in value.items():
        shown = f"{str(token)[:4]}…"  # never the whole secret in a report
        if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
            findings.problem("options", OPTION, "tokens",
                             f"token {shown} is not 32 letters and digits: no TeamBooking client could send it here")
            continue
        if not isinstance(record, dict):
            findings.problem("options", OPTION, "tokens", f"token {shown}: not a PHP array")
            continue
        usages = record.get("usages") or {}
        if not isinstance(usages, dict) or not all(isinstance(op, str) and _count(n) is not None
                                                   for op, n in usages.items()):
            findings.problem("options", OPTION, "tokens", f"token {shown}: usages are not operation => calls")
            continue
        # addToken() stores the write flag as given (a checkbox's bool); isTokenValid() tests it for truth.
        tokens.append(TokenImport(token=token, write=bool(record.get("write")),
                                  usages={op: _count(n) for op, n in usages.items() if _count(n)}))
    return tokens


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _coworkers(value: Any, findings: Findings) -> dict[int, Coworker]:
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        findings.problem("options", OPTION, "coworkers_data", "not a PHP array of coworkers")
        return {}
    coworkers = {}
    for key, data in value.items():
        if not isinstance(data, PhpObject) or data.class_name != "TeamBookingCoworker":
            findings.problem("options", OPTION, "coworkers_data", f"coworker {key!r}: not a TeamBookingCoworker")
            continue
        try:
            user_id = int(key)
        except (TypeError, ValueError):
            findings.problem("options", OPTION, "coworkers_data", f"coworker {key!r}: not a WordPress user id")
            continue
        allowed = data.get("services_allowed")
        if allowed is not None and not isinstance(allowed, dict):
            findings.problem("options", OPTION, "coworkers_data", f"coworker {user_id}: services_allowed is not "
                                                                  "a PHP array")
            allowed = None
        coworkers[user_id] = Coworker(
            user_id=user_id,
            services_allowed={str(slug): bool(flag) for slug, flag in allowed.items()} if allowed is not None else None,
            has_api_token=bool(data.get("tb_api_token")))
    return coworkers
