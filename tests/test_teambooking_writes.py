"""do_reservation, edit_reservation, cancel_reservation and delete_reservation over HTTP."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking import clock
from wpcompat.booking.models import Customer, Notification
from wpcompat.extensions import db

from .booking_support import epoch
from .teambooking_support import (BOREALIS, MONDAY_10, assert_answer, assert_ok, appointment, book, booked_id,  # noqa: F401
                                  counts, form_fields, get_reservation, reservation, shop, slot_at, slots, tb_post,
                                  token_usage)

TEN = "2030-01-07T10:00:00+01:00"
ELEVEN = "2030-01-07T11:00:00+01:00"
NINE = "2030-01-07T09:00:00+01:00"
OK = b'{"header":"200 OK","code":200}'
SLOT_GONE = "Slot not available anymore or cancelled"


# --- do_reservation -----------------------------------------------------------------------------------


def test_do_reservation_confirmed(client, app, shop):
    response = book(client, shop, "swedish-massage", TEN)
    rid = assert_ok(response)["reservation_id"]
    assert response.data == b'{"header":"200 OK","code":200,"response":{"state":"confirmed","reservation_id":%d}}' % rid
    resource = get_reservation(client, shop.read, rid)
    assert (resource["status"], resource["service"], resource["datetime"], resource["tickets"]) == (
        "confirmed", {"id": "swedish-massage", "location": "Canal House"},
        {"start": str(MONDAY_10), "end": str(MONDAY_10 + 3600)}, "1")
    assert (resource["customerTimezone"], resource["coworkerID"], resource["payment"]) == (
        "Europe/Rome", shop.anna_user_id, {"amount": 50, "isPaid": False, "currency": "EUR", "gateway": None})
    assert [f["value"] for f in resource["formFields"]] == ["Dana", "Kim", "dana@example.com"]
    assert resource["creationDateTime"] == str(clock.now_epoch())
    row = appointment(app, shop.aurora_id, rid)
    assert (row.status, row.payment_status, row.weight, row.customer.email) == ("approved", "not_paid", 1,
                                                                                 "dana@example.com")
    assert [(c.to_status, c.source) for c in row.status_changes] == [("approved", "teambooking")]
    assert slot_at(client, shop, "swedish-massage", TEN)["isSoldout"] is True
    assert token_usage(app, shop.write) == {"do_reservation": 1}
    with app.app_context(), tenancy.tenant(shop.aurora_id):  # the tenant's owner and Anna are told
        assert db.session.execute(select(func.count(Notification.id))).scalar_one() == 2


@pytest.mark.parametrize(("service", "paid", "state", "tb_status", "stored"), [
    ("deep-tissue", False, "awaiting_approval", "waiting_approval", ("pending", "not_paid")),
    ("hot-stones", False, "awaiting_payment", "pending", ("pending", "pending")),
    ("hot-stones", True, "confirmed", "confirmed", ("approved", "paid")),
    ("deep-tissue", True, "awaiting_approval", "waiting_approval", ("pending", "paid"))])
def test_do_reservation_applies_the_approval_and_payment_rules(client, app, shop, service, paid, state, tb_status,
                                                               stored):
    response = book(client, shop, service, TEN, payment={"isPaid": paid, "gateway": "stripe" if paid else None})
    answer = assert_ok(response)
    assert answer == {"state": state, "reservation_id": answer["reservation_id"]}
    resource = get_reservation(client, shop.read, answer["reservation_id"])
    assert (resource["status"], resource["payment"]["isPaid"]) == (tb_status, paid)
    row = appointment(app, shop.aurora_id, answer["reservation_id"])
    assert (row.status, row.payment_status) == stored
    assert row.paid_amount == (row.total_price if paid else Decimal(0))


def test_do_reservation_of_a_slot_taken_since_it_was_listed(client, app, shop):
    listed = slot_at(client, shop, "swedish-massage", TEN)
    deep = slot_at(client, shop, "deep-tissue", TEN)
    assert_ok(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=deep))
    before = counts(app)
    response = tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=listed)
    assert_answer(response, 409, SLOT_GONE)
    assert counts(app) == before
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=deep), 409, SLOT_GONE)


def test_do_reservation_of_a_slot_now_in_the_past(client, shop, monkeypatch):
    listed = slot_at(client, shop, "swedish-massage", NINE)
    monkeypatch.setattr(clock, "now_epoch", lambda: MONDAY_10)
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=listed), 409,
                  SLOT_GONE)


def test_do_reservation_tickets_of_an_event(client, shop):
    start = "2030-01-07T09:00:00+01:00"
    assert_ok(book(client, shop, "flow-yoga", start, tickets=2))
    assert_answer(book(client, shop, "flow-yoga", start, tickets=2), 409, "Tickets left are less than requested")
    assert_answer(book(client, shop, "flow-yoga", "2030-01-07T10:30:00+01:00", tickets=4), 409,
                  "Tickets left are less than requested")
    assert_ok(book(client, shop, "flow-yoga", start, tickets="1"))  # FILTER_VALIDATE_INT accepts "1"
    slot = slot_at(client, shop, "flow-yoga", start)
    assert (slot["isSoldout"], slot["tickets"]) == (True, 3)
    response = tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=slot)
    assert_answer(response, 409, "The event is full")


def test_do_reservation_tickets_default_to_one(client, shop):
    members = reservation()
    del members["tickets"]
    rid = assert_ok(tb_post(client, "do_reservation", shop.write, reservation=members,
                            slot=slot_at(client, shop, "flow-yoga", NINE)))["reservation_id"]
    assert get_reservation(client, shop.read, rid)["tickets"] == "1"


@pytest.mark.parametrize("change", [
    {"gcalEvent": "evt-api-1"}, {"gcalEvent": None}, {"gcalEvent": ""}, {"gcalEvent": "1-1-1894006800\n"},
    {"gcalEvent": "99-1-1894006800"}, {"gcalEvent": "1-99-1894006800"}, {"gcalEvent": "1-1-99999999999999999999"},
    {"gcalEvent": "1-99999999999999999999-1894006800"}, {"gcalEvent": "1-1-1894006801"},
    {"serviceID": "deep-tissue"}])
def test_do_reservation_of_a_slot_that_does_not_exist(client, app, shop, change):
    slot = {**slot_at(client, shop, "swedish-massage", TEN), **change}
    before = counts(app)
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=slot), 409, SLOT_GONE)
    assert counts(app) == before


def test_do_reservation_of_another_tenants_staff_slot(client, shop):
    slot = slot_at(client, shop, "swedish-massage", TEN)
    slot["gcalEvent"] = f"{shop.massage_id}-{shop.cory_staff_id}-{MONDAY_10}"
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=slot), 409, SLOT_GONE)


@pytest.mark.parametrize("service_id", ["haircut", "intake", "", None])
def test_do_reservation_of_an_unknown_service(client, app, shop, service_id):
    slot = slot_at(client, shop, "swedish-massage", TEN)
    slot["serviceID"] = service_id
    before = counts(app)
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=slot), 409,
                  "Service nonexistent")
    assert counts(app) == before


@pytest.mark.parametrize("fields", [form_fields(email="not-an-email"), form_fields(email=""),
                                    form_fields()[:2], [], None])
def test_do_reservation_needs_a_valid_customer_email(client, app, shop, fields):
    before = counts(app)
    response = book(client, shop, "swedish-massage", TEN, formFields=fields)
    assert_answer(response, 409, "The customer has entered an invalid email address")
    assert counts(app) == before


def test_do_reservation_finds_the_customer_by_email(client, app, shop):
    first = booked_id(client, shop, "swedish-massage", TEN, formFields=form_fields("Dana", "Kim", "dana@example.com"))
    second = booked_id(client, shop, "swedish-massage", ELEVEN,
                       formFields=form_fields("Someone", "Else", " DANA@Example.com ", phone="+31 6"))
    assert appointment(app, shop.aurora_id, first).customer_id == appointment(app, shop.aurora_id, second).customer_id
    assert [f["value"] for f in get_reservation(client, shop.read, second)["formFields"]] == [
        "Dana", "Kim", "dana@example.com"]  # an existing customer is not renamed by a booking
    with app.app_context(), tenancy.tenant(shop.aurora_id):
        assert db.session.execute(select(func.count(Customer.id))).scalar_one() == 1


def test_do_reservation_creates_the_customer_in_its_own_tenant_only(client, app, shop):
    booked_id(client, shop, "swedish-massage", TEN)
    intake = slots(client, shop.borealis_read, "intake", site=BOREALIS)[0]
    response = tb_post(client, "do_reservation", shop.borealis_write, site=BOREALIS, reservation=reservation(),
                       slot=intake)
    rid = assert_ok(response)["reservation_id"]
    row = appointment(app, shop.borealis_id, rid)
    assert (row.customer.tenant_id, row.customer.first_name) == (shop.borealis_id, "Dana")


def test_do_reservation_uses_the_slot_not_the_reservations_time_or_coworker(client, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN, coworkerID=12345,
                    datetime={"start": 1806000000, "end": 1806001800}, service={"id": "deep-tissue"})
    resource = get_reservation(client, shop.read, rid)
    assert (resource["datetime"]["start"], resource["coworkerID"], resource["service"]["id"]) == (
        str(MONDAY_10), shop.anna_user_id, "swedish-massage")


def test_do_reservation_customer_timezone_defaults_to_the_tenants(client, shop):
    members = reservation()
    del members["customerTimezone"]
    rid = assert_ok(tb_post(client, "do_reservation", shop.write, reservation=members,
                            slot=slot_at(client, shop, "swedish-massage", TEN)))["reservation_id"]
    assert get_reservation(client, shop.read, rid)["customerTimezone"] == "Europe/Amsterdam"


# --- edit_reservation ----------------------------------------------------------------------------------


def edit(client, shop, **members):
    return tb_post(client, "edit_reservation", shop.write, reservation={"type": "reservation", **members})


def test_edit_reservation_applies_tickets_timezone_and_status(client, app, shop):
    rid = booked_id(client, shop, "flow-yoga", NINE, tickets=1)
    response = edit(client, shop, id=rid, tickets=3, status="confirmed", customerTimezone="America/New_York")
    assert (response.status_code, response.data) == (200, OK)
    resource = get_reservation(client, shop.read, rid)
    assert (resource["tickets"], resource["customerTimezone"], resource["payment"]["amount"]) == (
        "3", "America/New_York", 20)
    assert [(p.unique_key, p.price) for p in appointment(app, shop.aurora_id, rid).prices] == [
        ("service_price", Decimal("60.00"))]
    assert token_usage(app, shop.write) == {"do_reservation": 1, "edit_reservation": 1}


@pytest.mark.parametrize(("status", "stored", "reads_back"), [
    ("confirmed", ("approved", "pending", False), "confirmed"),
    ("waiting_approval", ("pending", "pending", False), "waiting_approval"),
    ("pending", ("pending", "pending", True), "pending"), ("cancelled", ("canceled", "pending", False), "cancelled"),
    ("done", ("approved", "pending", False), "confirmed"), ("approved", ("pending", "pending", True), "pending"),
    ("", ("pending", "pending", True), "pending")])
def test_edit_reservation_status_through_the_shared_table(client, app, shop, status, stored, reads_back):
    # The status alone changes (the plugin's edit sets it, not the payment): the payment status stays.
    rid = booked_id(client, shop, "hot-stones", TEN)  # awaiting payment: pending / pending
    assert edit(client, shop, id=rid, status=status).data == OK
    row = appointment(app, shop.aurora_id, rid)
    assert (row.status, row.payment_status, row.awaiting_payment) == stored
    assert get_reservation(client, shop.read, rid)["status"] == reads_back


def test_edit_reservation_paying_a_pending_reservation_keeps_it_pending(client, app, shop):
    rid = booked_id(client, shop, "hot-stones", TEN)  # awaiting payment
    assert edit(client, shop, id=rid, payment={"isPaid": True}).data == OK
    resource = get_reservation(client, shop.read, rid)
    assert (resource["status"], resource["payment"]["isPaid"]) == ("pending", True)
    row = appointment(app, shop.aurora_id, rid)
    assert (row.status, row.payment_status, row.awaiting_payment) == ("pending", "paid", True)


def test_edit_reservation_pending_keeps_a_paid_reservation_paid(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert edit(client, shop, id=rid, payment={"isPaid": True}).data == OK
    assert edit(client, shop, id=rid, status="pending").data == OK
    resource = get_reservation(client, shop.read, rid)
    assert (resource["status"], resource["payment"]["isPaid"]) == ("pending", True)
    # Both members at once: the same result.
    assert edit(client, shop, id=rid, status="confirmed", payment={"isPaid": False}).data == OK
    assert edit(client, shop, id=rid, status="pending", payment={"isPaid": True}).data == OK
    resource = get_reservation(client, shop.read, rid)
    assert (resource["status"], resource["payment"]["isPaid"]) == ("pending", True)


@pytest.mark.parametrize(("make_id", "edited"), [
    (lambda rid: f"{rid}.5", 0), (lambda rid: rid + 0.5, 0), (lambda rid: f"{rid}abc", 0), (lambda rid: f" {rid}", 0),
    (lambda rid: f"{rid + 1}.9", 1), (lambda rid: f"{rid}.0", 0), (lambda rid: f"+{rid}", 0)])
def test_edit_reservation_reads_the_id_as_php_int(client, app, shop, make_id, edited):
    # The plugin's getById runs WHERE id = %d: PHP's (int) of the JSON value ("1.5" -> 1, "1abc" -> 1).
    ids = [booked_id(client, shop, "swedish-massage", TEN), booked_id(client, shop, "swedish-massage", ELEVEN)]
    value = make_id(ids[0])
    response = tb_post(client, "edit_reservation", shop.write,
                       reservation={"type": "reservation", "id": value, "status": "cancelled"})
    assert (response.status_code, response.data) == (200, OK)
    assert get_reservation(client, shop.read, ids[edited])["status"] == "cancelled"
    assert get_reservation(client, shop.read, ids[1 - edited])["status"] == "confirmed"


@pytest.mark.parametrize("value", ["abc", "", "0", 0, "-1", None, [], {}, "0.9", False])
def test_edit_reservation_id_that_php_reads_as_no_reservation_is_404(client, shop, value):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    response = tb_post(client, "edit_reservation", shop.write,
                       reservation={"type": "reservation", "id": value, "status": "cancelled"})
    assert (response.status_code, response.data) == (404, b'{"header":"404 Not Found","code":404}')
    assert get_reservation(client, shop.read, rid)["status"] == "confirmed"


def test_edit_reservation_moves_the_booking_with_a_check(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    other = booked_id(client, shop, "swedish-massage", ELEVEN)
    assert edit(client, shop, id=rid, datetime={"start": MONDAY_10 + 4 * 3600, "end": 1}).data == OK
    assert get_reservation(client, shop.read, rid)["datetime"] == {"start": str(MONDAY_10 + 4 * 3600),
                                                                    "end": str(MONDAY_10 + 5 * 3600)}
    assert_answer(edit(client, shop, id=rid, datetime={"start": MONDAY_10 + 3600}), 409, SLOT_GONE)
    assert_answer(edit(client, shop, id=other, datetime={"start": epoch("2030-01-07T12:30:00+01:00")}), 409,
                  SLOT_GONE)  # Anna's lunch break
    assert appointment(app, shop.aurora_id, other).starts_at == MONDAY_10 + 3600


def test_edit_reservation_changes_the_service(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert edit(client, shop, id=rid, service={"id": "deep-tissue"}).data == OK
    resource = get_reservation(client, shop.read, rid)
    assert (resource["service"]["id"], resource["datetime"]["end"], resource["payment"]["amount"]) == (
        "deep-tissue", str(MONDAY_10 + 45 * 60), 65)
    # Service and start together: checked once, for the final combination.
    assert edit(client, shop, id=rid, service={"id": "swedish-massage"}, datetime={"start": MONDAY_10 + 5 * 3600}).data == OK
    assert get_reservation(client, shop.read, rid)["datetime"]["end"] == str(MONDAY_10 + 6 * 3600)
    assert_answer(edit(client, shop, id=rid, service={"id": "no-such-service"}), 404, "Resource service not found")
    assert_answer(edit(client, shop, id=rid, service={"id": "intake"}), 404, "Resource service not found")


def test_edit_reservation_is_all_or_nothing(client, app, shop):
    rid = booked_id(client, shop, "flow-yoga", NINE, tickets=1)
    booked_id(client, shop, "flow-yoga", NINE, tickets=1, formFields=form_fields(email="other@example.com"))
    assert_answer(edit(client, shop, id=rid, tickets=3), 409, "Tickets left are less than requested")
    # Every step before the refused one (seats, status, time zone) is rolled back too.
    response = edit(client, shop, id=rid, tickets=2, status="cancelled", customerTimezone="Asia/Tokyo",
                    formFields=form_fields(email="nope"))
    assert_answer(response, 409, "The customer has entered an invalid email address")
    resource = get_reservation(client, shop.read, rid)
    assert (resource["tickets"], resource["status"], resource["customerTimezone"]) == ("1", "confirmed", "Europe/Rome")
    row = appointment(app, shop.aurora_id, rid)
    assert (row.weight, row.status, len(row.status_changes), row.prices[0].price) == (1, "approved", 1,
                                                                                       Decimal("20.00"))


def test_edit_reservation_payment(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert edit(client, shop, id=rid, payment={"isPaid": True, "gateway": "paypal", "amount": 1}).data == OK
    assert get_reservation(client, shop.read, rid)["payment"] == {"amount": 50, "isPaid": True, "currency": "EUR",
                                                                  "gateway": "paypal"}
    assert edit(client, shop, id=rid, payment={"isPaid": False}).data == OK
    assert get_reservation(client, shop.read, rid)["payment"]["isPaid"] is False


def test_edit_reservation_form_fields_edit_or_change_the_customer(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    fields = form_fields("Dana", "Kim-Lee", "dana@example.com", phone="+31 6 1234")
    assert edit(client, shop, id=rid, formFields=fields).data == OK
    assert [f["value"] for f in get_reservation(client, shop.read, rid)["formFields"]] == [
        "Dana", "Kim-Lee", "dana@example.com", "+31 6 1234"]
    assert edit(client, shop, id=rid, formFields=form_fields("Eve", "Ng", "eve@example.com")).data == OK
    assert appointment(app, shop.aurora_id, rid).customer.email == "eve@example.com"
    with app.app_context(), tenancy.tenant(shop.aurora_id):
        assert db.session.execute(select(func.count(Customer.id))).scalar_one() == 2
    missing_increment = [{k: v for k, v in f.items() if k != "priceIncrement"} for f in fields]
    assert_answer(edit(client, shop, id=rid, formFields=missing_increment), 400, "invalid resource")
    assert_answer(edit(client, shop, id=rid, formFields=form_fields(email="nope")), 409,
                  "The customer has entered an invalid email address")


@pytest.mark.parametrize("rid", [None, 999, "abc", -1, 0, "999.5", [1], {"a": 1}, 99999999999999999999999])
def test_edit_reservation_of_no_record_is_404_without_reason(client, shop, rid):
    members = {} if rid is None else {"id": rid}
    assert_answer(edit(client, shop, **members), 404)


def test_edit_reservation_unknown_status_is_ignored(client, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert edit(client, shop, id=str(rid), status="rejected").data == OK
    assert get_reservation(client, shop.read, rid)["status"] == "confirmed"


# --- cancel_reservation / delete_reservation ----------------------------------------------------------


def test_cancel_reservation_records_the_reason_and_frees_the_slot(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    response = tb_post(client, "cancel_reservation", shop.write, id=str(rid), reason="It's <b>late</b>")
    assert (response.status_code, response.data) == (200, OK)
    assert get_reservation(client, shop.read, rid)["status"] == "cancelled"
    row = appointment(app, shop.aurora_id, rid)
    # FILTER_SANITIZE_STRING, as the plugin reads `reason`: quotes encoded, tags stripped.
    assert (row.status, row.cancellation_reason) == ("canceled", "It&#39;s late")
    assert [(c.to_status, c.source, c.reason) for c in row.status_changes][-1] == (
        "canceled", "teambooking", "It&#39;s late")
    assert slot_at(client, shop, "swedish-massage", TEN)["isSoldout"] is False
    again = tb_post(client, "cancel_reservation", shop.write, id=str(rid))
    assert again.data == OK and len(appointment(app, shop.aurora_id, rid).status_changes) == 2
    assert token_usage(app, shop.write) == {"do_reservation": 1, "cancel_reservation": 2}


def test_cancel_reservation_without_reason(client, app, shop):
    rid = booked_id(client, shop, "deep-tissue", TEN)
    assert tb_post(client, "cancel_reservation", shop.write, id=str(rid)).data == OK
    assert appointment(app, shop.aurora_id, rid).cancellation_reason is None


def test_cancel_reservation_with_an_overlong_reason_changes_nothing(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert_answer(tb_post(client, "cancel_reservation", shop.write, id=str(rid), reason="x" * 256), 400,
                  "invalid resource")
    assert appointment(app, shop.aurora_id, rid).status == "approved"


def test_delete_reservation(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    response = tb_post(client, "delete_reservation", shop.write, id=str(rid))
    assert (response.status_code, response.data) == (200, OK)
    assert appointment(app, shop.aurora_id, rid) is None
    assert_answer(tb_post(client, "delete_reservation", shop.write, id=str(rid)), 404, "Record not found")
    assert slot_at(client, shop, "swedish-massage", TEN)["isSoldout"] is False
