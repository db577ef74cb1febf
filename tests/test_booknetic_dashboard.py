"""The dashboard over HTTP: /dashboard/stats, /dashboard/upcoming-appointments, /dashboard/graph."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from wpcompat import tenancy
from wpcompat.booking.models import Customer
from wpcompat.extensions import db
from wpcompat.platform.models import Role

from .booknetic_support import (AURORA, BOREALIS, MONDAY_10, add_member, body, call, error,  # noqa: F401
                                frozen_clock, salon, set_plan)

NO_STATUS = {"pending": 0, "approved": 0, "canceled": 0, "rejected": 0}


def stats(client, member, **query):
    response = call(client, "GET", f"{AURORA}/dashboard/stats", member, query=query)
    assert response.status_code == 200, response.get_data()
    return body(response)["data"]


def test_stats_shape_for_today(client, world, salon):
    assert stats(client, world.aurora_admin) == {
        "period": {"name": "today", "start": "2030-01-06", "end": "2030-01-06", "timezone": "Europe/Amsterdam"},
        "appointments": 0, "revenue": 0, "revenue_formatted": "€0.00", "busy_minutes": 0, "new_customers": 0,
        "count_by_status": NO_STATUS}


def test_stats_count_busy_appointments_of_the_period(app, client, world, salon):
    tomorrow = stats(client, world.aurora_admin, period="tomorrow")
    assert (tomorrow["appointments"], tomorrow["revenue"], tomorrow["busy_minutes"]) == (1, 60, 75)
    assert tomorrow["count_by_status"] == {**NO_STATUS, "approved": 1}
    call(client, "PUT", f"{AURORA}/appointments/{salon.eva_yoga}/change-status", world.aurora_admin,
         json_body={"status": "canceled"})
    both = stats(client, world.aurora_admin, period="custom", start="2030-01-07", end="2030-01-08")
    assert (both["appointments"], both["revenue"], both["revenue_formatted"], both["busy_minutes"]) == (
        1, 60, "€60.00", 75)
    assert both["count_by_status"] == {**NO_STATUS, "approved": 1, "canceled": 1}
    assert both["period"] == {"name": "custom", "start": "2030-01-07", "end": "2030-01-08",
                              "timezone": "Europe/Amsterdam"}


def test_periods_are_local_calendar_ranges(client, world, salon):
    expected = {"yesterday": ("2030-01-05", "2030-01-05"), "this_week": ("2029-12-31", "2030-01-06"),
                "last_week": ("2029-12-24", "2029-12-30"), "this_month": ("2030-01-01", "2030-01-31"),
                "this_year": ("2030-01-01", "2030-12-31")}
    for period, (start, end) in expected.items():
        data = stats(client, world.aurora_admin, period=period)["period"]
        assert (data["start"], data["end"]) == (start, end), period
    assert stats(client, world.aurora_admin, period="this_month")["appointments"] == 2


def test_new_customers_are_those_created_in_the_period(app, client, world, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        db.session.execute(update(Customer).where(Customer.id == salon.lee).values(created_at=datetime(2030, 1, 6, 9)))
        db.session.commit()
    assert stats(client, world.aurora_admin)["new_customers"] == 1
    assert stats(client, world.aurora_admin, period="yesterday")["new_customers"] == 0


def test_staff_figures_cover_their_own_appointments_only(client, world, salon):
    mine = stats(client, world.aurora_staff, period="this_month")
    assert (mine["appointments"], mine["revenue"]) == (1, 60)


def test_another_tenants_figures_never_count(client, world, salon):
    theirs = body(call(client, "GET", f"{BOREALIS}/dashboard/stats", world.borealis_admin,
                       query={"period": "custom", "start": "2030-01-01", "end": "2030-01-31"}))["data"]
    assert (theirs["appointments"], theirs["revenue_formatted"], theirs["period"]["timezone"]) == (
        1, "$80.00", "America/New_York")


def test_type_is_booknetics_name_for_the_period(client, world, salon):
    # Booknetic's admin-ajax get_stat sends the period as ``type``; ``period`` wins when both are given.
    for route in ("stats", "graph"):
        url = f"{AURORA}/dashboard/{route}"
        by_type = call(client, "GET", url, world.aurora_admin,
                       query={"type": "custom", "start": "2030-01-07", "end": "2030-01-08"})
        by_period = call(client, "GET", url, world.aurora_admin,
                         query={"period": "custom", "start": "2030-01-07", "end": "2030-01-08"})
        assert by_type.status_code == 200 and by_type.get_data() == by_period.get_data(), route
        assert body(by_type)["data"]["period"] == {"name": "custom", "start": "2030-01-07", "end": "2030-01-08",
                                                   "timezone": "Europe/Amsterdam"}
        both = call(client, "GET", url, world.aurora_admin, query={"period": "tomorrow", "type": "this_week"})
        assert body(both)["data"]["period"]["name"] == "tomorrow", route
        empty_period = call(client, "GET", url, world.aurora_admin, query={"period": "", "type": "this_week"})
        assert body(empty_period)["data"]["period"]["name"] == "this_week", route
    assert stats(client, world.aurora_admin, type="today")["period"]["name"] == "today"
    assert stats(client, world.aurora_admin, type="this_week")["period"] == {
        "name": "this_week", "start": "2029-12-31", "end": "2030-01-06", "timezone": "Europe/Amsterdam"}


UNKNOWN_PERIOD = "period must be one of: today, yesterday, tomorrow, this_week, last_week, this_month, this_year, custom"


@pytest.mark.parametrize("query, message", [
    ({"period": "fortnight"}, UNKNOWN_PERIOD),
    ({"type": "fortnight"}, UNKNOWN_PERIOD),
    ({"period": "fortnight", "type": "today"}, UNKNOWN_PERIOD),
    ({"type": "custom", "start": "2030-01-01"}, "A custom period needs start and end dates (Y-m-d)"),
    ({"period": "custom", "start": "2030-01-01"}, "A custom period needs start and end dates (Y-m-d)"),
    ({"period": "custom", "start": "2030-01-05", "end": "2030-01-01"}, "The end date is before the start date"),
    ({"period": "custom", "start": "2030-01-01", "end": "2041-01-01"}, "A custom period is at most 3660 days"),
    ({"period": "custom", "start": "1/1/2030", "end": "2030-01-02"}, "start and end must be dates (Y-m-d)"),
])
def test_bad_periods_are_400(client, world, salon, query, message):
    for route in ("stats", "graph"):
        response = call(client, "GET", f"{AURORA}/dashboard/{route}", world.aurora_admin, query=query)
        assert (response.status_code, body(response)) == (400, error(message)), route


def test_upcoming_appointments_soonest_first_with_paging(client, world, salon):
    response = call(client, "GET", f"{AURORA}/dashboard/upcoming-appointments", world.aurora_admin)
    data = body(response)
    assert data["meta"] == {"total": 2, "skip": 0, "limit": 10}
    first = data["data"][0]
    assert first == {"id": salon.sam_massage, "starts_at": MONDAY_10, "ends_at": MONDAY_10 + 75 * 60,
                     "date": "2030-01-07", "start_time": "10:00", "end_time": "11:15", "duration": 75,
                     "status": "approved", "statusObject": {"slug": "approved", "title": "Approved",
                                                            "color": "#53d56c", "icon": "fa fa-check", "busy": True},
                     "customer_id": salon.sam, "customer_name": "Sam Jones", "service_id": salon.massage,
                     "service_name": "Swedish massage", "staff_id": salon.anna_staff, "staff_name": "Anna de Vries",
                     "location_id": salon.canal, "location_name": "Canal House"}
    second = body(call(client, "GET", f"{AURORA}/dashboard/upcoming-appointments", world.aurora_admin,
                       query={"skip": 1, "limit": 5}))
    assert ([a["id"] for a in second["data"]], second["meta"]) == ([salon.eva_yoga], {"total": 2, "skip": 1, "limit": 5})
    anna = body(call(client, "GET", f"{AURORA}/dashboard/upcoming-appointments", world.aurora_staff))
    assert [a["id"] for a in anna["data"]] == [salon.sam_massage]
    bad = call(client, "GET", f"{AURORA}/dashboard/upcoming-appointments", world.aurora_admin, query={"limit": 0})
    assert (bad.status_code, body(bad)) == (400, error("skip must be 0 or more and limit 1 or more"))


def test_graph_is_a_series_with_empty_buckets(client, world, salon):
    data = body(call(client, "GET", f"{AURORA}/dashboard/graph", world.aurora_admin,
                     query={"period": "custom", "start": "2030-01-06", "end": "2030-01-08"}))["data"]
    assert data["interval"] == "day"
    assert data["series"] == [
        {"start": "2030-01-06", "appointments": 0, "revenue": 0, "revenue_formatted": "€0.00", "busy_minutes": 0},
        {"start": "2030-01-07", "appointments": 1, "revenue": 60, "revenue_formatted": "€60.00", "busy_minutes": 75},
        {"start": "2030-01-08", "appointments": 1, "revenue": 20, "revenue_formatted": "€20.00", "busy_minutes": 90}]
    yearly = body(call(client, "GET", f"{AURORA}/dashboard/graph", world.aurora_admin))["data"]
    assert (yearly["period"]["name"], yearly["interval"], len(yearly["series"])) == ("this_year", "month", 12)
    assert yearly["series"][0]["appointments"] == 2 and yearly["series"][1]["start"] == "2030-02-01"
    bad = call(client, "GET", f"{AURORA}/dashboard/graph", world.aurora_admin, query={"interval": "week"})
    assert (bad.status_code, body(bad)) == (400, error("interval must be one of: day, month"))


def test_dashboard_needs_its_capability_and_module(app, client, world, salon):
    clerk = add_member(app, salon.aurora_id, "clerk", Role.STAFF, capabilities=["appointments", "customers"])
    for route in ("stats", "upcoming-appointments", "graph"):
        response = call(client, "GET", f"{AURORA}/dashboard/{route}", clerk)
        assert (response.status_code, body(response)) == (400, error("Permission denied!")), route
    set_plan(app, salon.aurora_id, ["appointments"])
    response = call(client, "GET", f"{AURORA}/dashboard/stats", world.aurora_admin)
    assert (response.status_code, body(response)) == (403, error("Your plan does not include the dashboard module.", 403))
