"""get_services, get_reservations, get_reservation and get_slots over HTTP, on data the Booknetic side made."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import Customer, Service, Staff
from wpcompat.extensions import db

from .booking_support import epoch, make_customer, make_staff
from .teambooking_support import (MONDAY_10, BOREALIS, assert_answer, assert_ok, shop, slots, tb_get,  # noqa: F401
                                  token_usage)


def seed_appointment(app, shop, *, service_id=None, staff_id=None, starts_at=MONDAY_10, status="approved",
                     weight=1, customer=("Sam", "Jones", "sam@example.test", "+31 6 2000 0001"), tenant_id=None,
                     **kwargs) -> int:
    """An appointment as the Booknetic side would store it (no availability check)."""
    tenant_id = tenant_id or shop.aurora_id
    with app.app_context(), tenancy.tenant(tenant_id):
        first, last, email, phone = customer
        person = db.session.execute(select(Customer).where(Customer.email == email)).scalar_one_or_none() or \
            make_customer(tenant_id, first, last, email, phone_number=phone)
        row = appointments.book(
            service=db.session.execute(select(Service).where(Service.id == (service_id or shop.massage_id))).scalar_one(),
            staff=db.session.execute(select(Staff).where(Staff.id == (staff_id or shop.anna_staff_id))).scalar_one(),
            customer=person, starts_at=starts_at, status=status, weight=weight, check_availability=False,
            location=kwargs.pop("location", None),
            notify=False, created_at=kwargs.pop("created_at", 1893900000), **kwargs, source="test")
        db.session.commit()
        return row.id


# --- get_services ----------------------------------------------------------------------------------


def _service(slug, name, price, required, klass, approval="none", color="", description="", **extra):
    return {"type": "service", "id": slug, "name": name, "color": color, "description": description,
            "isActive": True,
            "notificationEmailAdmin": {"send": True, "address": "aurora-admin@example.test",
                                       "subject": "A new reservation", "body": "You have just got a new reservation!"},
            "notificationEmailCustomer": {"send": True, "subject": "Your reservation details",
                                          "body": "Thanks for your reservation!"},
            "cancellationByCustomer": {"allow": "1"}, "payments": {"price": price, "required": required},
            "bookable": "everyone", "location": {"setting": "inherited", "address": ""}, "redirectURL": "http://",
            "class": klass,
            "reminderEmail": {"send": False, "subject": "Don&#039;t forget your reservation",
                              "body": "We are getting close!"},
            "approval": {"requireFrom": approval, "keepFreeUntilApproval": ""}, **extra}


def test_get_services_lists_the_tenants_services_in_plugin_shape(client, shop):
    services = assert_ok(tb_get(client, "get_services", shop.read))
    assert services == [
        _service("swedish-massage", "Swedish massage", 50, "later", "appointment", color="#53d56c",
                 description="Relaxing full-body massage"),
        _service("flow-yoga", "Flow yoga", 20, "later", "event", maxTotalTicketsPerSlot=3, maxUserTicketsPerSlot=3),
        _service("deep-tissue", "Deep tissue", 65, "later", "appointment", approval="admin"),
        _service("hot-stones", "Hot stones", 30, "immediately", "appointment"),
    ]
    assert [list(s) for s in services][1][-3:] == ["approval", "maxTotalTicketsPerSlot", "maxUserTicketsPerSlot"]


def test_get_services_encodes_like_php(client, shop):
    body = tb_get(client, "get_services", shop.read).data
    assert b'"payments":{"price":50,"required":"later"}' in body  # PHP float: no ".0"
    assert b'"redirectURL":"http:\\/\\/"' in body


def test_get_services_includes_inactive_services_and_only_the_tenants(client, app, shop):
    with app.app_context(), tenancy.tenant(shop.aurora_id):
        db.session.execute(select(Service).where(Service.id == shop.deep_id)).scalar_one().is_active = False
        db.session.commit()
    services = assert_ok(tb_get(client, "get_services", shop.read))
    assert [(s["id"], s["isActive"]) for s in services] == [
        ("swedish-massage", True), ("flow-yoga", True), ("deep-tissue", False), ("hot-stones", True)]
    borealis = assert_ok(tb_get(client, "get_services", shop.borealis_read, site=BOREALIS))
    assert [s["id"] for s in borealis] == ["intake"]
    assert borealis[0]["notificationEmailAdmin"]["address"] == "borealis-admin@example.test"


# --- get_reservation(s) -------------------------------------------------------------------------------


def test_get_reservation_maps_a_booknetic_appointment(client, app, shop):
    rid = seed_appointment(app, shop, payment_status="paid", paid_amount=Decimal("50"), payment_method="stripe")
    response = tb_get(client, "get_reservation", shop.read, id=rid)
    resource = assert_ok(response)
    token = resource.pop("token")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert resource == {
        "type": "reservation", "id": rid, "coworkerID": shop.anna_user_id, "customerUserID": "0",
        "customerTimezone": "UTC", "service": {"id": "swedish-massage", "location": None},
        "datetime": {"start": str(MONDAY_10), "end": str(MONDAY_10 + 3600)},
        "payment": {"amount": 50, "isPaid": True, "currency": "EUR", "gateway": "stripe"},
        "status": "confirmed", "tickets": "1", "creationDateTime": "1893900000", "reminderSent": False,
        "referer": {"postID": None, "postTitle": None},
        "formFields": [{"type": "form_field", "name": "first_name", "value": "Sam", "priceIncrement": 0},
                       {"type": "form_field", "name": "second_name", "value": "Jones", "priceIncrement": 0},
                       {"type": "form_field", "name": "email", "value": "sam@example.test", "priceIncrement": 0},
                       {"type": "form_field", "name": "phone", "value": "+31 6 2000 0001", "priceIncrement": 0}]}
    # Numbers as the plugin emits them: ints for id/coworkerID, strings for DB columns, PHP floats for money.
    assert f'"datetime":{{"start":"{MONDAY_10}","end":"{MONDAY_10 + 3600}"}}'.encode() in response.data
    assert b'"tickets":"1","creationDateTime":"1893900000"' in response.data
    assert get_token_again(client, shop, rid) == token


def get_token_again(client, shop, rid):
    return assert_ok(tb_get(client, "get_reservation", shop.write, id=rid))["token"]


@pytest.mark.parametrize(("status", "payment", "expected"), [
    ("approved", "not_paid", "confirmed"), ("pending", "not_paid", "waiting_approval"),
    ("pending", "pending", "pending"), ("canceled", "not_paid", "cancelled"), ("rejected", "paid", "cancelled")])
def test_statuses_map_through_the_shared_table(client, app, shop, status, payment, expected):
    rid = seed_appointment(app, shop, status=status, payment_status=payment)
    assert assert_ok(tb_get(client, "get_reservation", shop.read, id=rid))["status"] == expected


def test_amount_is_per_ticket_and_rounded(client, app, shop):
    rid = seed_appointment(app, shop, service_id=shop.yoga_id, weight=3)
    resource = assert_ok(tb_get(client, "get_reservation", shop.read, id=rid))
    assert (resource["tickets"], resource["payment"]["amount"], resource["payment"]["isPaid"]) == ("3", 20, False)


def test_staff_without_a_wordpress_user_is_coworker_0(client, app, shop):
    with app.app_context():
        with tenancy.tenant(shop.aurora_id):
            yoga = db.session.execute(select(Service).where(Service.id == shop.yoga_id)).scalar_one()
            bas_id = make_staff(shop.aurora_id, "Bas Visser", services=[yoga]).id
        db.session.commit()
    rid = seed_appointment(app, shop, service_id=shop.yoga_id, staff_id=bas_id)
    assert assert_ok(tb_get(client, "get_reservation", shop.read, id=rid))["coworkerID"] == 0
    listed = assert_ok(tb_get(client, "get_reservations", shop.read, coworker="0"))
    assert [r["id"] for r in listed] == [rid]


def test_get_reservations_in_id_order_with_filters(client, app, shop):
    past = seed_appointment(app, shop, starts_at=epoch("2029-12-31T10:00:00+01:00"))
    massage = seed_appointment(app, shop)
    yoga = seed_appointment(app, shop, service_id=shop.yoga_id, starts_at=MONDAY_10 + 86400)
    cancelled = seed_appointment(app, shop, status="canceled", starts_at=MONDAY_10 + 7200)
    seed_appointment(app, shop, tenant_id=shop.borealis_id, service_id=shop.intake_id, staff_id=shop.cory_staff_id,
                     customer=("Kim", "Park", "kim@example.test", None))

    def ids(**params):
        return [r["id"] for r in assert_ok(tb_get(client, "get_reservations", shop.read, **params))]

    assert ids() == [past, massage, yoga, cancelled]
    assert ids(service_id="flow-yoga") == [yoga]
    assert ids(service_id="intake") == []  # another tenant's service: nothing
    assert ids(coworker=str(shop.anna_user_id)) == [past, massage, yoga, cancelled]
    assert ids(coworker=str(shop.anna_user_id), service_id="swedish-massage") == [past, massage, cancelled]
    assert ids(coworker="999") == []
    for value in ("0", "false", "no", "off", "", "maybe"):
        assert ids(show_past=value) == [massage, yoga, cancelled]
    for value in ("1", "true", "yes", "on", " TRUE "):
        assert ids(show_past=value) == [past, massage, yoga, cancelled]
    assert ids(**{"service_id[]": "flow-yoga"}) == [] and ids(**{"coworker[]": "1"}) == []


def test_get_reservations_of_an_empty_tenant(client, shop):
    response = tb_get(client, "get_reservations", shop.borealis_read, site=BOREALIS)
    assert response.data == b'{"header":"200 OK","code":200,"response":[]}'


# --- get_slots -------------------------------------------------------------------------------------


def test_get_slots_default_window_starts_today(client, app, shop):
    listed = assert_ok(tb_get(client, "get_slots", shop.read, service_id="swedish-massage"))
    # Mon-Fri, 09-12 (3 starts) and 13-17 (4 starts); 30 days from Sunday 2030-01-06 hold 21 working days.
    assert len(listed) == 21 * 7
    assert listed[0] == {
        "type": "slot", "serviceID": "swedish-massage", "serviceName": "Swedish massage",
        "serviceDescription": "Relaxing full-body massage", "location": "Canal House",
        "coworkerID": shop.anna_user_id, "isSoldout": False, "isAllday": False, "tickets": 0,
        "start": "2030-01-07T09:00:00+01:00", "end": "2030-01-07T10:00:00+01:00",
        "gcalEvent": f"{shop.massage_id}-{shop.anna_staff_id}-{MONDAY_10 - 3600}", "gcalParentEvent": False,
        "gcalID": f"staff-{shop.anna_staff_id}"}
    assert listed[-1]["start"] == "2030-02-04T16:00:00+01:00"
    app.config["SLOT_WINDOW_DAYS"] = 2  # Sunday and Monday
    assert len(assert_ok(tb_get(client, "get_slots", shop.read, service_id="swedish-massage"))) == 7


def test_get_slots_for_a_given_week(client, shop):
    listed = assert_ok(tb_get(client, "get_slots", shop.read, service_id="deep-tissue",
                              **{"from": "2030-01-14", "to": "2030-01-20"}))
    assert len(listed) == 5 * 7
    assert (listed[0]["start"], listed[0]["end"]) == ("2030-01-14T09:00:00+01:00", "2030-01-14T09:45:00+01:00")
    only_from = assert_ok(tb_get(client, "get_slots", shop.read, service_id="deep-tissue", **{"from": "2030-01-14"}))
    assert only_from[0]["start"].startswith("2030-01-14") and only_from[-1]["start"].startswith("2030-02-12")


def test_get_slots_flags_sold_out_and_counts_tickets(client, app, shop):
    seed_appointment(app, shop)  # Monday 10:00 massage: sold out
    tuesday_9 = MONDAY_10 + 86400 - 3600
    seed_appointment(app, shop, service_id=shop.yoga_id, starts_at=tuesday_9, weight=2)
    seed_appointment(app, shop, service_id=shop.yoga_id, starts_at=tuesday_9 + 5400, weight=3)
    massage = slots(client, shop.read, "swedish-massage")
    assert [(s["start"][11:16], s["isSoldout"], s["tickets"]) for s in massage[:3]] == [
        ("09:00", False, 0), ("10:00", True, 1), ("11:00", False, 0)]
    yoga = slots(client, shop.read, "flow-yoga", day="2030-01-08")
    assert [(s["start"][11:16], s["isSoldout"], s["tickets"]) for s in yoga] == [
        ("09:00", False, 2), ("10:30", True, 3), ("13:00", False, 0), ("14:30", False, 0)]
    # Anna's Tuesday morning is taken by the classes: no massage then.
    assert [s["start"][11:16] for s in slots(client, shop.read, "swedish-massage", day="2030-01-08")] == [
        "13:00", "14:00", "15:00", "16:00"]


def test_get_slots_are_future_only(client, app, shop, monkeypatch):
    from wpcompat.booking import clock
    monkeypatch.setattr(clock, "now_epoch", lambda: MONDAY_10 + 60)
    assert [s["start"][11:16] for s in slots(client, shop.read, "swedish-massage")] == [
        "11:00", "13:00", "14:00", "15:00", "16:00"]
    assert slots(client, shop.read, "swedish-massage", day="2030-01-06") == []


@pytest.mark.parametrize("service_id", ["nope", "intake", "", "SWEDISH-MASSAGE"])
def test_get_slots_of_an_unknown_service_is_404(client, shop, service_id):
    assert_answer(tb_get(client, "get_slots", shop.read, service_id=service_id), 404, "Service not found")


def test_get_slots_of_an_array_service_id_is_404(client, shop):
    assert_answer(tb_get(client, "get_slots", shop.read, **{"service_id[]": "flow-yoga"}), 404, "Service not found")


def test_get_slots_of_an_inactive_service_is_empty(client, app, shop):
    with app.app_context(), tenancy.tenant(shop.aurora_id):
        db.session.execute(select(Service).where(Service.id == shop.yoga_id)).scalar_one().is_active = False
        db.session.commit()
    assert slots(client, shop.read, "flow-yoga") == []


@pytest.mark.parametrize("window", [
    {"from": "2030-01-14", "to": "2030-01-13"}, {"from": "2030-13-01"}, {"to": "2030-02-30"}, {"from": "14-01-2030"},
    {"from": "2030-1-14"}, {"from": "2030-01-14", "to": "2031-01-15"}, {"from": "9999-12-31"}, {"to": "x" * 300},
    {"from[]": "2030-01-14"}, {"from": "2030-01-14T00:00"}])
def test_get_slots_bad_window_is_400_invalid_resource(client, shop, window):
    assert_answer(tb_get(client, "get_slots", shop.read, service_id="flow-yoga", **window), 400, "invalid resource")


def test_get_slots_window_in_the_past_is_empty(client, shop):
    assert slots(client, shop.read, "flow-yoga", day="2029-12-31") == []


def test_get_slots_counts_use(client, app, shop):
    slots(client, shop.read, "flow-yoga")
    assert token_usage(app, shop.read) == {"get_slots": 1}
