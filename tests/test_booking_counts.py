"""The per-staff appointment counts the database keeps (StaffAppointmentCount), and the list totals read from them.

The counts are kept by triggers, whoever writes appointments: both APIs, the domain, a bulk Core insert.
After each kind of write they must equal a real ``count(*)`` per staff member, and every list total that
is read from them must equal the number of rows the list really has.
"""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from wpcompat import tenancy
from wpcompat.booking.models import Appointment, StaffAppointmentCount
from wpcompat.cli import cli
from wpcompat.extensions import db

from .booknetic_support import AURORA, body, call, frozen_clock, salon  # noqa: F401
from .teambooking_support import booked_id, shop, tb_post  # noqa: F401


def _kept_and_real(app) -> tuple[dict[int, int], dict[int, int]]:
    with app.app_context(), tenancy.all_tenants():
        kept = dict(db.session.execute(select(StaffAppointmentCount.staff_id, StaffAppointmentCount.appointments)).all())
        real = dict(db.session.execute(select(Appointment.staff_id, func.count()).group_by(Appointment.staff_id)).all())
    return {staff: n for staff, n in kept.items() if n}, real


def assert_counts_exact(app) -> dict[int, int]:
    kept, real = _kept_and_real(app)
    assert kept == real
    return real


def _total(client, member, query: str = "") -> int:
    response = call(client, "GET", f"{AURORA}/appointments?limit=100{query}", member)
    data = body(response)
    assert int(data["meta"]["total"]) == len(data["data"])  # one page holds them all: the total is the rows
    return int(data["meta"]["total"])


def test_counts_follow_booknetic_creates_moves_and_deletes(app, client, world, salon):
    before = assert_counts_exact(app)
    assert before[salon.anna_staff] == 1 and before[salon.bas_staff] == 1
    created = body(call(client, "POST", f"{AURORA}/appointments", world.aurora_admin, json_body={
        "customer_id": salon.lee, "service_id": salon.yoga, "staff_id": salon.bas_staff, "date": "2030-01-08",
        "time": "14:00"}))["id"]
    assert assert_counts_exact(app)[salon.bas_staff] == 2
    moved = call(client, "PUT", f"{AURORA}/appointments/{created}", world.aurora_admin,
                 json_body={"staff_id": salon.anna_staff})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    after_move = assert_counts_exact(app)
    assert (after_move[salon.anna_staff], after_move[salon.bas_staff]) == (2, 1)
    assert (_total(client, world.aurora_admin), _total(client, world.aurora_staff)) == (3, 2)  # Anna's own
    assert _total(client, world.aurora_admin, f"&staffId={salon.bas_staff}") == 1
    assert _total(client, world.aurora_staff, f"&staffId={salon.bas_staff}") == 0  # not hers to see
    assert call(client, "DELETE", f"{AURORA}/appointments/{created}", world.aurora_admin).status_code == 200
    assert assert_counts_exact(app) == before
    assert _total(client, world.aurora_admin) == 2


def test_counts_follow_teambooking_reservations(app, client, world, shop):
    first = booked_id(client, shop)
    booked_id(client, shop, start="2030-01-07T11:00:00+01:00")
    assert sum(assert_counts_exact(app).values()) == 2
    assert tb_post(client, "delete_reservation", shop.write, id=str(first)).status_code == 200
    assert sum(assert_counts_exact(app).values()) == 1


def test_counts_follow_writes_that_bypass_the_domain(app, world, salon):
    # A bulk Core insert (as bench/generate.py loads a platform), a Core update and delete: the database counts.
    with app.app_context(), tenancy.all_tenants():
        template = db.session.execute(select(Appointment.__table__).where(Appointment.id == salon.eva_yoga)).one()
        rows = [{**template._asdict(), "id": None, "starts_at": template.starts_at + 86400 * n} for n in range(1, 6)]
        for row in rows:
            del row["id"], row["token_seed"]  # new rows: their own id and reservation token
        db.session.execute(insert(Appointment.__table__), rows)
        db.session.execute(update(Appointment.__table__).where(Appointment.starts_at > template.starts_at + 86400 * 3)
                           .values(staff_id=salon.anna_staff))
        db.session.execute(delete(Appointment.__table__).where(Appointment.id == salon.sam_massage))
        db.session.commit()
    counts = assert_counts_exact(app)
    assert (counts[salon.anna_staff], counts[salon.bas_staff]) == (2, 4)


def test_the_migration_counts_the_appointments_that_exist(app, world, salon):
    runner = app.test_cli_runner()
    before = assert_counts_exact(app)
    assert runner.invoke(cli, ["db", "downgrade", "0003"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    assert assert_counts_exact(app) == before
