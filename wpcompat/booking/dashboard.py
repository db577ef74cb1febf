"""Dashboard figures: statistics of a period, upcoming appointments and a time series for charts.

Booknetic computes these for its admin dashboard (admin-ajax ``get_stat``, ``get_upcoming_appointments``,
``get_graph_data``; booknetic-rest.md §4.16); the rules kept from it:

* periods are local to the tenant: ``today``, ``yesterday``, ``tomorrow``, ``this_week`` and ``last_week``
  (Monday to Sunday, WordPress's default ``start_of_week``), ``this_month``, ``this_year``, or ``custom``
  with first and last day (inclusive, at most :data:`MAX_CUSTOM_DAYS` days);
* an appointment belongs to the period its start falls in; only *busy* statuses (pending, approved)
  count toward appointments, revenue and busy minutes; ``by_status`` counts every status;
* revenue is the appointments' total price (Σ price lines), busy minutes their length (end − start);
* new customers are those created in the period; upcoming appointments are busy ones starting from now.

Everything is narrowed to what the caller sees (staff: their own appointments and customers).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from . import clock
from .appointment_list import MAX_PAGE
from .errors import InvalidBooking
from .models import Appointment, Customer
from .statuses import BUSY_STATUSES, STATUSES
from .visibility import Visibility, appointments_clause, customers_clause

PERIODS = ("today", "yesterday", "tomorrow", "this_week", "last_week", "this_month", "this_year", "custom")
INTERVALS = ("day", "month")
MAX_CUSTOM_DAYS = 3660
#: Periods up to this many days are charted per day unless an interval is asked for.
DAILY_UP_TO = 62


@dataclass(frozen=True)
class Period:
    name: str
    first: date
    last: date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self, zone) -> tuple[int, int]:
        """Epochs of the first day's local midnight and of the midnight after the last day."""
        return clock.day_bounds(self.first, zone)[0], clock.day_bounds(self.last, zone)[1]


def resolve_period(name: str, first: date | None = None, last: date | None = None, *,
                   today: date | None = None) -> Period:
    """The period ``name`` (``custom`` needs ``first`` and ``last``) around the tenant's local ``today``."""
    today = today or clock.local_date(clock.now_epoch(), clock.tenant_zone())
    monday = today - timedelta(days=today.weekday())
    simple = {
        "today": (today, today), "yesterday": (today - timedelta(days=1),) * 2,
        "tomorrow": (today + timedelta(days=1),) * 2, "this_week": (monday, monday + timedelta(days=6)),
        "last_week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this_month": (today.replace(day=1), _month_end(today)),
        "this_year": (date(today.year, 1, 1), date(today.year, 12, 31)),
    }
    if name in simple:
        return Period(name, *simple[name])
    if name != "custom":
        raise InvalidBooking(f"period must be one of: {', '.join(PERIODS)}", field="period")
    if first is None or last is None:
        raise InvalidBooking("A custom period needs start and end dates (Y-m-d)", field="start" if first is None else "end")
    if last < first:
        raise InvalidBooking("The end date is before the start date", field="end")
    if (last - first).days + 1 > MAX_CUSTOM_DAYS:
        raise InvalidBooking(f"A custom period is at most {MAX_CUSTOM_DAYS} days", field="end")
    return Period(name, first, last)


def _month_end(day: date) -> date:
    if day.month == 12:  # (no "next January" after year 9999)
        return date(day.year, 12, 31)
    return date(day.year, day.month + 1, 1) - timedelta(days=1)


@dataclass(frozen=True)
class Figures:
    appointments: int
    revenue: Decimal
    busy_minutes: int


@dataclass(frozen=True)
class Stats:
    period: Period
    figures: Figures
    new_customers: int
    by_status: dict[str, int]


def _in_period(vis: Visibility, period: Period) -> list[Appointment]:
    start, end = period.bounds(clock.tenant_zone())
    query = (select(Appointment).where(appointments_clause(vis), Appointment.starts_at >= start,
                                       Appointment.starts_at < end)
             .options(selectinload(Appointment.prices)).order_by(Appointment.starts_at, Appointment.id))
    return list(db.session.execute(query).scalars())


def _figures(appointments: list[Appointment]) -> Figures:
    busy = [a for a in appointments if a.status in BUSY_STATUSES]
    return Figures(len(busy), sum((a.total_price for a in busy), Decimal("0")),
                   sum((a.ends_at - a.starts_at) // 60 for a in busy))


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)


def stats(vis: Visibility, period: Period) -> Stats:
    """The figures of ``period`` for what ``vis`` sees."""
    appointments = _in_period(vis, period)
    by_status = {slug: 0 for slug in STATUSES}
    for appointment in appointments:
        by_status[appointment.status] = by_status.get(appointment.status, 0) + 1
    start, end = period.bounds(clock.tenant_zone())
    new_customers = db.session.execute(select(func.count(Customer.id)).where(
        customers_clause(vis), Customer.created_at >= _utc(start), Customer.created_at < _utc(end))).scalar_one()
    return Stats(period, _figures(appointments), new_customers, by_status)


def upcoming(vis: Visibility, skip: int = 0, limit: int = 10, *, now: int | None = None
             ) -> tuple[list[Appointment], int]:
    """Busy appointments starting from ``now``, soonest first: one page and the total."""
    now = clock.now_epoch() if now is None else now
    query = select(Appointment).where(appointments_clause(vis), Appointment.starts_at >= now,
                                      Appointment.status.in_(BUSY_STATUSES))
    total = db.session.execute(query.with_only_columns(func.count(Appointment.id))).scalar_one()
    query = query.order_by(Appointment.starts_at, Appointment.id).offset(min(skip, MAX_PAGE)).limit(min(limit, MAX_PAGE))
    # Each row shows its customer, service, staff member and location: loaded with the page, not per row.
    query = query.options(*(joinedload(relation) for relation in (
        Appointment.customer, Appointment.service, Appointment.staff, Appointment.location)))
    return list(db.session.execute(query).scalars()), total


@dataclass(frozen=True)
class Bucket:
    first: date  # the day, or the first day of the month
    figures: Figures


def default_interval(period: Period) -> str:
    return "day" if period.days <= DAILY_UP_TO else "month"


def graph(vis: Visibility, period: Period, interval: str | None = None) -> tuple[str, list[Bucket]]:
    """``(interval, buckets)``: the period's figures per day or per month, empty buckets included."""
    interval = interval or default_interval(period)
    if interval not in INTERVALS:
        raise InvalidBooking(f"interval must be one of: {', '.join(INTERVALS)}", field="interval")
    zone = clock.tenant_zone()
    keys: list[date] = []
    for offset in range(period.days):  # (counted, not "day += 1" past the last: 9999-12-31 has no next day)
        day = period.first + timedelta(days=offset)
        key = day if interval == "day" else day.replace(day=1)
        if not keys or keys[-1] != key:
            keys.append(key)
    grouped: dict[date, list[Appointment]] = {key: [] for key in keys}
    for appointment in _in_period(vis, period):
        local = clock.local_date(appointment.starts_at, zone)
        grouped[local if interval == "day" else local.replace(day=1)].append(appointment)
    return interval, [Bucket(key, _figures(items)) for key, items in grouped.items()]
