"""The retry schedule: ``WEBHOOK_RETRY_SCHEDULE``, durations such as ``0s``, ``5s``, ``5m``, ``2h``, ``1d``.

Entry 0 is the delay from the event to the first attempt; entry N the delay from the failed attempt N to
attempt N + 1 (Svix's schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). After the last
entry's attempt fails, the delivery has failed.
"""
from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"(\d+)\s*([smhd]?)")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class BadSchedule(ValueError):
    """The configured schedule cannot be read."""


def parse_schedule(entries: list[str] | str) -> tuple[timedelta, ...]:
    """The delays of ``entries`` (a list, or a comma-separated string); refuses an empty or bad one."""
    if isinstance(entries, str):
        entries = [part for part in entries.split(",") if part.strip()]
    delays = []
    for entry in entries:
        found = _DURATION.fullmatch(str(entry).strip().lower())
        if found is None:
            raise BadSchedule(f"WPCOMPAT_WEBHOOK_RETRY_SCHEDULE: {entry!r} is not a duration such as 30s, 5m or 2h")
        delays.append(timedelta(seconds=int(found[1]) * _SECONDS[found[2]]))
    if not delays:
        raise BadSchedule("WPCOMPAT_WEBHOOK_RETRY_SCHEDULE has no attempts")
    return tuple(delays)
