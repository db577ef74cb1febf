"""Tokens belong to one tenant: scoping across tenant URLs, the main site, subdomains and revocation."""
from __future__ import annotations

import pytest

from wpcompat.extensions import db
from wpcompat.platform import accounts

from .teambooking_support import (ACTION, AJAX, AURORA, BOREALIS, MAIN, assert_answer, assert_ok, booked_id,  # noqa: F401
                                  get_reservation, reservation, shop, slots, tb_get, tb_post, token_usage)

TEN = "2030-01-07T10:00:00+01:00"


@pytest.mark.parametrize(("operation", "method", "params"), [
    ("get_reservations", "GET", {}), ("get_services", "GET", {}), ("get_slots", "GET", {"service_id": "intake"}),
    ("get_reservation", "GET", {"id": "1"}), ("cancel_reservation", "POST", {"id": "1"}),
    ("delete_reservation", "POST", {"id": "1"}), ("edit_reservation", "POST", {"reservation": {"type": "reservation"}}),
    ("do_reservation", "POST", {"reservation": reservation(), "slot": {"type": "slot", "serviceID": "intake"}})])
def test_a_token_at_another_tenants_url_is_an_invalid_token(client, shop, operation, method, params):
    send = tb_get if method == "GET" else tb_post
    assert_answer(send(client, operation, shop.write, site=BOREALIS, **params), 403, "invalid token")
    assert_answer(send(client, operation, shop.borealis_write, site=AURORA, **params), 403, "invalid token")


def test_at_the_main_site_a_token_selects_its_own_tenant(client, shop):
    aurora = assert_ok(tb_get(client, "get_services", shop.read, site=MAIN))
    borealis = assert_ok(tb_get(client, "get_services", shop.borealis_read, site=MAIN))
    assert [s["id"] for s in aurora] == ["swedish-massage", "flow-yoga", "deep-tissue", "hot-stones"]
    assert [s["id"] for s in borealis] == ["intake"]
    rid = booked_id(client, shop, "swedish-massage", TEN)
    assert get_reservation(client, shop.read, rid, site=MAIN)["id"] == rid
    assert get_reservation(client, shop.read, rid, site=AURORA)["id"] == rid


def test_another_tenants_reservation_is_a_missing_one(client, app, shop):
    rid = booked_id(client, shop, "swedish-massage", TEN)
    for site in (BOREALIS, MAIN):
        token = shop.borealis_write
        assert_answer(tb_get(client, "get_reservation", token, site=site, id=rid), 404, "Record not found")
        assert_answer(tb_post(client, "cancel_reservation", token, site=site, id=rid), 404)
        assert_answer(tb_post(client, "delete_reservation", token, site=site, id=rid), 404, "Record not found")
        assert_answer(tb_post(client, "edit_reservation", token, site=site,
                              reservation={"type": "reservation", "id": rid, "status": "cancelled"}), 404)
        assert assert_ok(tb_get(client, "get_reservations", token, site=site)) == []
    assert get_reservation(client, shop.read, rid)["status"] == "confirmed"


def test_another_tenants_slot_cannot_be_booked(client, shop):
    intake = slots(client, shop.borealis_read, "intake", site=BOREALIS)[0]
    assert_answer(tb_post(client, "do_reservation", shop.write, reservation=reservation(), slot=intake), 409,
                  "Service nonexistent")
    assert_answer(tb_get(client, "get_slots", shop.read, service_id="intake"), 404, "Service not found")


def test_revocation_takes_effect_immediately(client, app, shop):
    assert tb_get(client, "get_services", shop.read).status_code == 200
    with app.app_context():
        tenant = accounts.find_tenant("aurora")
        accounts.revoke_token(tenant, shop.read[:6])
        db.session.commit()
    assert_answer(tb_get(client, "get_services", shop.read), 403, "invalid token")
    assert_answer(tb_get(client, "get_services", shop.read, site=MAIN), 403, "invalid token")
    assert tb_get(client, "get_services", shop.write).status_code == 200


def test_new_tokens_work_and_are_stored_hashed(client, app, shop):
    with app.app_context():
        record, token = accounts.create_token(accounts.find_tenant("borealis"), write=True)
        db.session.commit()
        assert record.token_hash != token and len(token) == 32 and token.isalnum()
    assert tb_get(client, "get_services", token, site=BOREALIS).status_code == 200
    assert_answer(tb_get(client, "get_services", token, site=AURORA), 403, "invalid token")


def test_usage_is_counted_per_token_and_operation(client, app, shop):
    booked_id(client, shop, "swedish-massage", TEN)
    tb_get(client, "get_services", shop.borealis_read, site=BOREALIS)
    tb_get(client, "get_reservations", shop.write, site=MAIN)
    assert token_usage(app, shop.write) == {"do_reservation": 1, "get_reservations": 1}
    assert token_usage(app, shop.borealis_read) == {"get_services": 1}
    assert token_usage(app, shop.read) == {"get_slots": 1}  # booked_id looked the slot up


def test_unknown_tenant_site_is_admin_ajaxs_404(client, shop):
    response = client.get(f"/nowhere{AJAX}?action={ACTION}&operation=get_services&auth_token={shop.read}")
    assert (response.status_code, response.data) == (404, b"0")


def test_subdomain_mode(client, app, shop):
    app.config["TENANT_URLS"] = "subdomain"
    url = f"{AJAX}?action={ACTION}&operation=get_services&auth_token="
    aurora = client.get(url + shop.read, headers={"Host": "aurora.wp.test"})
    assert [s["id"] for s in assert_ok(aurora)][0] == "swedish-massage"
    assert_answer(client.get(url + shop.read, headers={"Host": "borealis.wp.test"}), 403, "invalid token")
    assert [s["id"] for s in assert_ok(client.get(url + shop.borealis_read, headers={"Host": "wp.test"}))] == ["intake"]
    # The directory form is not a site in subdomain mode.
    response = client.get(f"/aurora{url}{shop.read}", headers={"Host": "wp.test"})
    assert (response.status_code, response.data) == (404, b"0")
