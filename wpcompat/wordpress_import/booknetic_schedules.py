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

A tenant's hours (:func:`tenant_hours`): the company's week is the ``timesheet`` row with neither staff nor
service; a staff member's is their own row, else the company's (TimeSheetService::getTimeSheet falls back
to it); their days off are their holidays and the company's (Booknetic's isHoliday checks both). Service
timesheets, service holidays and special days are notes: we have no per-service hours nor dated exceptions.
Of two rows for one week, Booknetic reads the first (by id); so do we, and the second is a note.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..booking.customers import MYSQL_ZERO_DATE_TEXT
from ..booking.schedule import WEEKDAYS
from .booknetic_values import ref
from .findings import Findings, Unmappable

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::00)?")
_MIDNIGHT = 24 * 60


@dataclass(frozen=True)
class Hours:
    """A tenant's working hours: the company's week (its timesheet row id and week, or None), each staff
    member's own week, and the holiday dates by staff id (None: the company's)."""

    company: tuple[int, dict] | None
    staff: dict[int, dict]
    holidays: dict[int | None, list[str]]

    def week(self, staff_id: int) -> dict:
        """A staff member's week: their own, else the company's (TimeSheetService::getTimeSheet), else none."""
        return self.staff.get(staff_id, self.company[1] if self.company else {})

    def days_off(self, staff_id: int | None) -> list[str]:
        """The company's holidays (None), or a staff member's and the company's (Booknetic's isHoliday checks
        both)."""
        return sorted(set(self.holidays.get(staff_id, [])) | set(self.holidays.get(None, [])))


def tenant_hours(tables: dict[str, list[dict]], staff_ids: set[int], findings: Findings) -> Hours:
    """The hours of a tenant's ``timesheet`` and ``holidays`` rows; service hours and special days are notes."""
    company, staff = _timesheets(tables, staff_ids, findings)
    holidays = _holidays(tables, staff_ids, findings)
    _special_days(tables, findings)
    return Hours(company, staff, holidays)


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


def _timesheets(tables: dict[str, list[dict]], staff_ids: set[int], findings: Findings
                ) -> tuple[tuple[int, dict] | None, dict[int, dict]]:
    """The company's (row id, week) and each staff member's week."""
    table = "bkntc_timesheet"
    company, staff_weeks = None, {}
    for row in sorted(tables[table], key=lambda r: r["id"]):
        row_id = row["id"]
        try:
            staff_id = ref(row.get("staff_id"), table, row_id, "staff_id")
            service_id = ref(row.get("service_id"), table, row_id, "service_id")
            if service_id is not None:
                findings.note(table, row_id, "service_id", f"a timesheet of service #{service_id}: per-service "
                                                           "working hours are not modelled (staff and company "
                                                           "hours apply)")
            elif staff_id is not None and staff_id not in staff_ids:
                findings.note(table, row_id, "staff_id", f"staff #{staff_id} does not exist in this tenant: "
                                                         "not imported")
            elif staff_id is None and company is not None or staff_id in staff_weeks:
                whose = "the company" if staff_id is None else f"staff #{staff_id}"
                findings.note(table, row_id, None, f"a second timesheet of {whose}: Booknetic reads the first, "
                                                   "and so do we")
            elif staff_id is None:
                company = (row_id, weekly(row.get("timesheet"), table, row_id, findings))
            else:
                staff_weeks[staff_id] = weekly(row.get("timesheet"), table, row_id, findings)
        except Unmappable as error:
            findings.add(error)
    return company, staff_weeks


def _holidays(tables: dict[str, list[dict]], staff_ids: set[int], findings: Findings
              ) -> dict[int | None, list[str]]:
    """Holiday dates by staff id (None: the company's)."""
    table = "bkntc_holidays"
    dates: dict[int | None, set[str]] = {}
    for row in tables[table]:
        row_id = row["id"]
        try:
            day = _day(row.get("date"))
            service_id = ref(row.get("service_id"), table, row_id, "service_id")
            staff_id = ref(row.get("staff_id"), table, row_id, "staff_id")
        except Unmappable as error:
            findings.add(error)
            continue
        if day is None:
            findings.note(table, row_id, "date", f"no date ({row.get('date')!r}): not imported")
        elif staff_id is not None and staff_id not in staff_ids:
            findings.note(table, row_id, "staff_id", f"staff #{staff_id} does not exist in this tenant: not imported")
        elif service_id is not None and staff_id is None:
            findings.note(table, row_id, "service_id", f"a holiday of service #{service_id} on {day}: per-service "
                                                       "days off are not modelled")
        else:
            dates.setdefault(staff_id, set()).add(day)
    return {owner: sorted(days) for owner, days in dates.items()}


def _special_days(tables: dict[str, list[dict]], findings: Findings) -> None:
    """Each special day, read (so that a broken one is a problem) and reported as a note."""
    table = "bkntc_special_days"
    for row in sorted(tables[table], key=lambda r: r["id"]):
        row_id = row["id"]
        try:
            entry = read_json(row.get("timesheet"), table, row_id)
            if not isinstance(entry, dict):
                raise Unmappable(table, row_id, "timesheet", "not a day entry")
            day = _day(row.get("date")) or str(row.get("date"))
            hours = day_intervals(entry, table, row_id, findings, day)
        except Unmappable as error:
            findings.add(error)
            continue
        whose = " and ".join(f"{kind} #{row[key]}" for kind, key in (("staff", "staff_id"), ("service", "service_id"))
                             if row.get(key))
        worked = ", ".join("-".join(pair) for pair in hours) or "a day off"
        findings.note(table, row_id, None, f"special day {day} of {whose or 'the company'} ({worked}): dated "
                                           "exceptions to the week are not modelled")


def _day(value: Any) -> str | None:
    """A ``date`` column as ``Y-m-d``; None for NULL and the zero date (PyMySQL gives it as the string)."""
    if value is None or str(value) in ("", MYSQL_ZERO_DATE_TEXT):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


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
