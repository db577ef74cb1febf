"""The dashboard: ``/dashboard/stats``, ``/dashboard/upcoming-appointments``, ``/dashboard/graph``.

Booknetic has these only as admin-ajax actions answering HTML fragments; the REST shapes are ours
(docs/booknetic-rest.md: "Dashboard shapes"). Parameters: ``period`` (today, yesterday, tomorrow, this_week, last_week,
this_month, this_year, custom with ``start`` and ``end`` as Y-m-d) or ``type``, the name Booknetic's own
admin-ajax ``get_stat`` gives it (``period`` wins when both are given and non-empty: it is this API's
documented name, ``type`` the alias for callers of the plugin's), ``interval`` (day or month) for the
graph, ``skip``/``limit`` for the upcoming list. A bad parameter is Booknetic's 400 with a message.
Figures and periods: :mod:`wpcompat.booking.dashboard`.
"""
from __future__ import annotations

from wpcompat.booking import clock, dashboard
from wpcompat.booking.payments import tenant_currency
from wpcompat.rest import RestRequest

from .errors import booknetic_error, booknetic_errors
from .namespace import api
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.dashboard import PageQuery, PeriodQuery, UpcomingOut, period_out, series_out, stats_out
from .schemas.fields import parse_day

DASHBOARD = allow("dashboard", "dashboard")


def _period(query: dict, default: str) -> dashboard.Period:
    try:
        start, end = parse_day(query["start"]), parse_day(query["end"])
    except ValueError:
        raise booknetic_error("start and end must be dates (Y-m-d)") from None
    return dashboard.resolve_period(query["period"] or query["type"] or default, start, end)


@api.route("/dashboard/stats", permission=DASHBOARD)
@booknetic_errors()
def stats(request: RestRequest):
    period = _period(load_params(PeriodQuery, request), "today")
    figures = dashboard.stats(viewer(request), period)
    return {"data": stats_out(figures, tenant_currency(request.tenant.id), request.tenant.timezone)}


@api.route("/dashboard/upcoming-appointments", permission=DASHBOARD)
@booknetic_errors()
def upcoming(request: RestRequest):
    query = load_params(PageQuery, request)
    if query["skip"] < 0 or query["limit"] < 1:
        raise booknetic_error("skip must be 0 or more and limit 1 or more")
    rows, total = dashboard.upcoming(viewer(request), query["skip"], query["limit"])
    return {"data": UpcomingOut(clock.tenant_zone(), many=True).dump(rows),
            "meta": {"total": total, "skip": query["skip"], "limit": query["limit"]}}


@api.route("/dashboard/graph", permission=DASHBOARD)
@booknetic_errors()
def graph(request: RestRequest):
    query = load_params(PeriodQuery, request)
    period = _period(query, "this_year")
    interval, buckets = dashboard.graph(viewer(request), period, query["interval"])
    return {"data": {"period": period_out(period, request.tenant.timezone), "interval": interval,
                     "series": series_out(buckets, tenant_currency(request.tenant.id))}}
