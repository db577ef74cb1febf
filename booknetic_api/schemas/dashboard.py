"""The dashboard's JSON (Booknetic defines no REST shape for it; this one is ours, documented in docs/booknetic-rest.md, "Dashboard shapes").

Numbers are JSON numbers (counts ints, money as PHP prints a float: ``165``, ``52.5``) with a
pre-formatted money string beside them; dates are ``Y-m-d`` local to the tenant; appointment times are
Unix seconds, like everywhere else in the API.
"""
from __future__ import annotations

from marshmallow import Schema, fields

from wpcompat.booking import clock
from wpcompat.booking.dashboard import Bucket, Period, Stats
from wpcompat.booking.payments import format_money

from .fields import LenientInt, LenientStr
from .rows import status_object


class PeriodQuery(Schema):
    period = LenientStr(None)
    type = LenientStr(None)  # Booknetic's own name for the period (admin-ajax get_stat)
    start = LenientStr(None)
    end = LenientStr(None)
    interval = LenientStr(None)


class PageQuery(Schema):
    skip = LenientInt(0)
    limit = LenientInt(10)


def period_out(period: Period, timezone: str) -> dict:
    return {"name": period.name, "start": period.first.isoformat(), "end": period.last.isoformat(),
            "timezone": timezone}


def stats_out(stats: Stats, currency: str, timezone: str) -> dict:
    figures = stats.figures
    return {"period": period_out(stats.period, timezone), "appointments": figures.appointments,
            "revenue": figures.revenue, "revenue_formatted": format_money(figures.revenue, currency),
            "busy_minutes": figures.busy_minutes, "new_customers": stats.new_customers,
            "count_by_status": dict(stats.by_status)}


def series_out(buckets: list[Bucket], currency: str) -> list[dict]:
    return [{"start": bucket.first.isoformat(), "appointments": bucket.figures.appointments,
             "revenue": bucket.figures.revenue, "revenue_formatted": format_money(bucket.figures.revenue, currency),
             "busy_minutes": bucket.figures.busy_minutes} for bucket in buckets]


class UpcomingOut(Schema):
    """One upcoming appointment: ids and epochs as ints, local date and times for display."""

    def __init__(self, zone, **kwargs) -> None:
        super().__init__(**kwargs)
        self.zone = zone

    id = fields.Integer()
    starts_at = fields.Integer()
    ends_at = fields.Integer()
    date = fields.Method("_date")
    start_time = fields.Method("_start_time")
    end_time = fields.Method("_end_time")
    duration = fields.Function(lambda a: (a.ends_at - a.starts_at) // 60)
    status = fields.String()
    statusObject = fields.Function(lambda a: status_object(a.status))  # noqa: N815 - Booknetic's key
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda a: a.customer.full_name)
    service_id = fields.Integer()
    service_name = fields.Function(lambda a: a.service.name)
    staff_id = fields.Integer()
    staff_name = fields.Function(lambda a: a.staff.name)
    location_id = fields.Integer()
    location_name = fields.Function(lambda a: a.location.name if a.location else None)

    def _date(self, appointment) -> str:
        return clock.format_local(appointment.starts_at, self.zone, "%Y-%m-%d")

    def _start_time(self, appointment) -> str:
        return clock.format_local(appointment.starts_at, self.zone, "%H:%M")

    def _end_time(self, appointment) -> str:
        return clock.format_local(appointment.ends_at, self.zone, "%H:%M")
