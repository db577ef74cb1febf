"""PHP's ``DateTimeZone::listIdentifiers()``: the zone names TeamBooking accepts as ``customerTimezone``.

PHP lists the zones of the tz database's ``zone.tab`` plus ``UTC`` (checked against PHP 8.2: the same
419 names), so backward-compatible aliases such as ``US/Eastern`` or ``Europe/Kiev`` are refused.
Without a ``zone.tab`` on the machine we fall back to every zone name under PHP's region prefixes.
"""
from __future__ import annotations

import zoneinfo
from functools import cache
from pathlib import Path

_REGIONS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/",
            "Indian/", "Pacific/")


def _zone_tab() -> frozenset[str] | None:
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "zone.tab"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            return frozenset(line.split("\t")[2] for line in lines if line and not line.startswith("#"))
    return None


@cache
def php_timezone_identifiers() -> frozenset[str]:
    """The canonical zone names (read once per process)."""
    names = _zone_tab()
    if names is None:
        names = frozenset(name for name in zoneinfo.available_timezones() if name.startswith(_REGIONS))
    return names | {"UTC"}


def is_php_timezone(name: object) -> bool:
    """Whether ``name`` is one of PHP's listed identifiers (exact, case-sensitive, as ``in_array``)."""
    return isinstance(name, str) and name in php_timezone_identifiers()
