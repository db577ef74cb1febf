"""The WordPress import writes one ``imported`` audit row per tenant and, only with ``--emit-events``
(``emit_events``), the ``customer.created`` and ``appointment.created`` events of the imported rows: to a tenant
that already has subscribed endpoints, i.e. a re-import (``--replace``) into a tenant with webhooks.

Hand-made plans (tests/import_plans.py): Aurora Spa, EUR, customers Sam (12) and Élodie (a new id), appointments
120 (Sam, with hot stones) and 121 (Élodie, pending); and the command itself, from a real MariaDB (the Booknetic
salon of tests/wordpress_booknetic.py).
"""
from __future__ import annotations

from sqlalchemy import select

from wpcompat.changes.models import AuditRecord
from wpcompat.cli import cli
from wpcompat.changes.representations import epoch_time
from wpcompat.extensions import db
from wpcompat.platform.models import Tenant
from wpcompat.wordpress_import import run

from .import_plans import MONDAY_10, spa_plan
from .test_events import subscribe, written
from .wordpress_booknetic import booknetic_salon
from .wordpress_support import wordpress_site  # noqa: F401 (a fixture)


def import_plan(app, **options) -> None:
    with app.app_context():
        report = run.execute(spa_plan(), **options)
        assert report.imported


def trail(app) -> list[tuple]:
    with app.app_context():
        return [(r.tenant_id, r.action, r.entity_type, r.entity_id, r.surface, r.changes)
                for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def aurora_id(app, slug: str = "aurora") -> int:
    with app.app_context():
        return db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))


def test_an_import_writes_one_row_per_tenant_and_no_event(app):
    import_plan(app)
    tenant = aurora_id(app)
    [row] = trail(app)
    assert row[:5] == (tenant, "imported", "tenant", tenant, "import")
    assert row[5]["appointment"] == [None, 2] and row[5]["customer"] == [None, 2] and row[5]["user"] == [None, 3]
    assert written(app) == []


def test_a_reimport_emits_created_events_only_when_asked(app):
    import_plan(app)
    tenant = aurora_id(app)
    endpoint = subscribe(app, tenant)
    import_plan(app, replace=True)
    assert written(app) == []
    import_plan(app, replace=True, emit_events=True)
    events = written(app)
    assert [(e["tenant_id"], e["body"]["type"], e["endpoints"]) for e in events] == [
        (tenant, "customer.created", [endpoint]), (tenant, "customer.created", [endpoint]),
        (tenant, "appointment.created", [endpoint]), (tenant, "appointment.created", [endpoint])]
    sam = events[0]["body"]["data"]
    assert sam == {"tenant": "aurora", "source": "import", "customer": {
        "id": 12, "first_name": "Sam", "last_name": "Lee", "email": "aurora-sam@aurora.example", "phone": None,
        "gender": None, "birthdate": None}}
    first = events[2]["body"]["data"]["appointment"]
    assert (first["id"], first["customer_id"], first["status"], first["extras"], first["total"]) == (
        120, 12, "approved", [{"id": 11, "quantity": 1}], "50.00")
    assert first["prices"] == [{"key": "service_price", "amount": "50.00"}]
    assert first["starts_at"] == epoch_time(MONDAY_10)
    assert events[3]["body"]["data"]["appointment"]["status"] == "pending"
    # Three imports, three summary rows: the replace kept the trail (and the endpoint, whose creation is there too).
    assert [(row[1], row[2]) for row in trail(app)] == [
        ("imported", "tenant"), ("created", "webhook_endpoint"), ("imported", "tenant"), ("imported", "tenant")]


def test_the_command_emits_only_with_emit_events(app, wordpress_site):
    salon = booknetic_salon(wordpress_site)

    def run_import(*args: str) -> None:
        result = app.test_cli_runner().invoke(cli, ["import", "wordpress", "--from", wordpress_site.url,
                                                    "--tenant", salon.tenant_slug, *args])
        assert (result.exit_code, result.stderr) == (0, ""), result.output

    run_import()
    tenant = aurora_id(app, salon.tenant_slug)
    endpoint = subscribe(app, tenant)
    run_import("--replace")
    assert written(app) == []
    run_import("--replace", "--emit-events")
    events = written(app)
    customers = sorted(salon.ids["customers"].values())
    appointments = sorted(salon.ids["appointments"].values())
    assert [(e["tenant_id"], e["body"]["type"], e["endpoints"]) for e in events] == [
        *[(tenant, "customer.created", [endpoint])] * len(customers),
        *[(tenant, "appointment.created", [endpoint])] * len(appointments)]
    assert [e["body"]["data"].get("customer", e["body"]["data"].get("appointment"))["id"] for e in events] == [
        *customers, *appointments]
    assert {(e["body"]["data"]["tenant"], e["body"]["data"]["source"]) for e in events} == {
        (salon.tenant_slug, "import")}
