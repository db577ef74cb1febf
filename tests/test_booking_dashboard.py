"""Dashboard periods and figures (wpcompat.booking.dashboard) in the tenant's timezone."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from wpcompat import tenancy
from wpcompat.booking import dashboard
from wpcompat.booking.errors import InvalidBooking
from wpcompat.booking.visibility import EVERYTHING, Visibility

from .booknetic_support import frozen_clock, salon  # noqa: F401


@pytest.mark.parametrize("name, today, first, last", [
    ("this_week", date(2030, 1, 1), date(2029, 12, 31), date(2030, 1, 6)),  # a Tuesday: Monday to Sunday
    ("last_week", date(2030, 1, 1), date(2029, 12, 24), date(2029, 12, 30)),
    ("this_month", date(2030, 12, 15), date(2030, 12, 1), date(2030, 12, 31)),
    ("this_month", date(2032, 2, 10), date(2032, 2, 1), date(2032, 2, 29)),
    ("yesterday", date(2030, 3, 1), date(2030, 2, 28), date(2030, 2, 28)),
    ("this_year", date(2030, 7, 4), date(2030, 1, 1), date(2030, 12, 31)),
])
def test_named_periods(name, today, first, last):
    period = dashboard.resolve_period(name, today=today)
    assert (period.first, period.last) == (first, last)


def test_custom_periods_are_checked():
    assert dashboard.resolve_period("custom", date(2030, 1, 1), date(2030, 1, 1), today=date(2030, 1, 1)).days == 1
    for args, field in [((None, date(2030, 1, 1)), "start"), ((date(2030, 1, 2), date(2030, 1, 1)), "end"),
                        ((date(2010, 1, 1), date(2030, 1, 2)), "end")]:
        with pytest.raises(InvalidBooking) as raised:
            dashboard.resolve_period("custom", *args, today=date(2030, 1, 1))
        assert raised.value.field == field
    with pytest.raises(InvalidBooking):
        dashboard.resolve_period("fortnight", today=date(2030, 1, 1))


def test_figures_graph_and_upcoming_in_the_tenants_zone(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        period = dashboard.resolve_period("custom", date(2029, 12, 30), date(2030, 2, 2))
        figures = dashboard.stats(EVERYTHING, period).figures
        assert (figures.appointments, figures.revenue, figures.busy_minutes) == (2, Decimal("80.00"), 165)
        interval, buckets = dashboard.graph(EVERYTHING, period)
        assert interval == "day" and len(buckets) == 35
        interval, buckets = dashboard.graph(EVERYTHING, period, "month")
        assert [(b.first, b.figures.appointments) for b in buckets] == [
            (date(2029, 12, 1), 0), (date(2030, 1, 1), 2), (date(2030, 2, 1), 0)]
        rows, total = dashboard.upcoming(EVERYTHING, limit=1)
        assert ([row.id for row in rows], total) == ([salon.sam_massage], 2)
        nobody = Visibility(None, ())
        assert dashboard.stats(nobody, period).figures.appointments == 0
