"""Booknetic's working hours in our terms: its ``timesheet`` JSON as our weekly intervals.

Booknetic stores a week as 7 entries, Monday first, each ``{"day_off": 0|1, "start": "09:00", "end": "18:00",
"breaks": [["13:00", "14:00"], ...]}`` (TimeSheetObject; a break is a ``[start, end]`` pair, BreakTimeObject).
Its calendar (CalendarService::initRangesFromTimesheet) marks busy the time before ``start``, after ``end``
and every break; what stays free is our day's intervals: the span with the breaks cut out. So:

* ``day_off`` set, or no start/end: a day off (no intervals);
* ``end`` not after ``start`` (Booknetic then marks [00:00, start) and [end, 24:00) busy, the whole day):
  no working time that day, kept as a day off and reported as a note;
* a break that ends before it starts runs to midnight (BreakTimeObject adds a day to its end);
* ``24:00`` is midnight at the day's end, as in our timesheets.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..booking.schedule import WEEKDAYS
from .findings import Findings, Unmappable

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::00)?")
_MIDNIGHT = 24 * 60


def read_json(raw: Any, table: str, row_id: int, column: str = "timesheet") -> Any:
    """A JSON column's value; unreadable JSON is Unmappable."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        raise Unmappable(table, row_id, column, f"not JSON: {str(raw)[:60]!r}") from None


def weekly(raw: Any, table: str, row_id: int, findings: Findings) -> dict[str, list[list[str]]]:
    """Our timesheet (``{"mon": [["09:00", "12:00"], ...]}``, working days only) of a Booknetic week."""
    entries = read_json(raw, table, row_id)
    if not (isinstance(entries, list) and len(entries) == 7 and all(isinstance(e, dict) for e in entries)):
        raise Unmappable(table, row_id, "timesheet", "not a week of 7 day entries (Monday first)")
    week = {}
    for name, entry in zip(WEEKDAYS, entries):
        intervals = day_intervals(entry, table, row_id, findings, name)
        if intervals:
            week[name] = intervals
    return week


def day_intervals(entry: dict, table: str, row_id: int, findings: Findings, day: str) -> list[list[str]]:
    """The working intervals of one Booknetic day entry (``day`` names it in findings: "mon", "2030-01-21")."""
    if _flag(entry.get("day_off")) or not entry.get("start") or not entry.get("end"):
        return []
    start, end = _minutes(entry["start"], table, row_id), _minutes(entry["end"], table, row_id, end=True)
    if end <= start:
        findings.note(table, row_id, "timesheet", f"{day}: ends ({entry['end']}) before it starts "
                                                  f"({entry['start']}), which Booknetic treats as no working time: "
                                                  "imported as a day off")
        return []
    pieces = [(start, end)]
    breaks = entry.get("breaks") or []
    if not isinstance(breaks, list):
        raise Unmappable(table, row_id, "timesheet", f"{day}: breaks are not a list")
    for pair in breaks:
        if isinstance(pair, dict):  # {"start", "end"}: how some copies describe a break
            pair = [pair.get("start"), pair.get("end")]
        if not (isinstance(pair, list) and len(pair) == 2):
            raise Unmappable(table, row_id, "timesheet", f"{day}: a break is not a [start, end] pair: {pair!r}")
        cut_from, cut_to = _minutes(pair[0], table, row_id), _minutes(pair[1], table, row_id, end=True)
        if cut_to <= cut_from:
            cut_to = _MIDNIGHT
        pieces = [piece for a, z in pieces for piece in ((a, min(z, cut_from)), (max(a, cut_to), z))
                  if piece[0] < piece[1]]
    return [[_hhmm(a), _hhmm(z)] for a, z in pieces]


def _flag(value: Any) -> bool:
    return str(value).strip() not in ("", "0", "None", "False", "false")


def _minutes(value: Any, table: str, row_id: int, end: bool = False) -> int:
    match = _TIME.fullmatch(str(value).strip())
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and (hours < 24 or end and (hours, minutes) == (24, 0)):
            return hours * 60 + minutes
    raise Unmappable(table, row_id, "timesheet", f"{value!r} is not a time (HH:MM)")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
