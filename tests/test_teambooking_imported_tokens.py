"""A reservation imported from WordPress keeps its TeamBooking token: stored sealed, answered as it was.

An appointment whose ``sealed_token`` holds a token sealed by :func:`wpcompat.platform.sealed.seal`
(as the WordPress import writes it) shows that token in get_reservation(s), and its e-mail links take it
as ``checksum``; the derived token is no longer its token. The database holds the token only sealed.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from teambooking_ajax.api import ACTION
from wpcompat import tenancy
from wpcompat.booking.models import Appointment
from wpcompat.extensions import db
from wpcompat.platform.sealed import SealBroken, seal, unseal

from .teambooking_support import (AJAX, AURORA, assert_answer, assert_ok, booked_id, get_reservation,  # noqa: F401
                                  shop, tb_get)

WORDPRESS_TOKEN = "Qx7vB2nLk9PzR4tYw1MhC6jD8sFgA3eU"  # 32 alphanumerics, as generateToken('alnum', 32) makes


def _give_imported_token(app, tenant_id: int, appointment_id: int, token: str) -> None:
    with app.app_context(), tenancy.tenant(tenant_id):
        row = db.session.get(Appointment, appointment_id)
        row.sealed_token = seal(token)
        db.session.commit()


@pytest.fixture
def imported(app, client, shop) -> tuple[int, str]:
    """A booked reservation, then given the token a WordPress site had made for it; (id, derived token)."""
    reservation_id = booked_id(client, shop)
    derived = get_reservation(client, shop.read, reservation_id)["token"]
    _give_imported_token(app, shop.aurora_id, reservation_id, WORDPRESS_TOKEN)
    return reservation_id, derived


def test_get_reservation_and_get_reservations_answer_the_imported_token(client, shop, imported):
    reservation_id, derived = imported
    assert get_reservation(client, shop.read, reservation_id)["token"] == WORDPRESS_TOKEN
    listed = assert_ok(tb_get(client, "get_reservations", shop.read))
    assert [(item["id"], item["token"]) for item in listed] == [(reservation_id, WORDPRESS_TOKEN)]
    assert derived != WORDPRESS_TOKEN


@pytest.mark.parametrize("operation", ["pay", "ics", "cancel", "approve", "decline"])
def test_links_take_the_imported_token_as_checksum_and_not_the_derived_one(client, shop, imported, operation):
    reservation_id, derived = imported
    link = f"{AURORA}{AJAX}?action={ACTION}&operation={operation}&id={reservation_id}&ctoken=x"
    assert_answer(client.get(f"{link}&checksum={WORDPRESS_TOKEN}"), 403)  # accepted: the page (not served)
    assert_answer(client.get(f"{link}&checksum={derived}"), 403, "checksum fail")
    assert_answer(client.get(f"{link}&checksum={WORDPRESS_TOKEN.lower()}"), 403, "checksum fail")


def test_the_database_holds_the_token_only_sealed(app, shop, imported):
    reservation_id, _ = imported
    with app.app_context():
        stored = db.session.execute(text("SELECT * FROM appointments WHERE id = :id"),
                                    {"id": reservation_id}).mappings().one()
        assert not any(WORDPRESS_TOKEN in str(value) for value in stored.values())
        assert unseal(stored["sealed_token"]) == WORDPRESS_TOKEN


def test_a_seal_opens_only_under_the_same_secret_key(app):
    with app.app_context():
        sealed = seal(WORDPRESS_TOKEN)
        assert sealed != seal(WORDPRESS_TOKEN)  # a fresh IV each time: equal tokens do not show as equal
        secret = app.config["SECRET_KEY"]
        app.config["SECRET_KEY"] = secret + "-rotated"
        try:
            with pytest.raises(SealBroken):
                unseal(sealed)
        finally:
            app.config["SECRET_KEY"] = secret
        assert unseal(sealed) == WORDPRESS_TOKEN
        with pytest.raises(SealBroken):
            unseal(sealed[:-4] + "AAAA")


def test_a_seal_that_no_longer_opens_answers_the_derived_token_not_an_error(app, client, shop, imported):
    """SECRET_KEY changed after the import: the token changes (as every derived one does), no 5xx."""
    reservation_id, _ = imported
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = secret + "-rotated"
    try:
        token = get_reservation(client, shop.read, reservation_id)["token"]
        assert token != WORDPRESS_TOKEN and len(token) == 32
        link = f"{AURORA}{AJAX}?action={ACTION}&operation=pay&id={reservation_id}"
        assert_answer(client.get(f"{link}&checksum={token}"), 403)
        assert_answer(client.get(f"{link}&checksum={WORDPRESS_TOKEN}"), 403, "checksum fail")
    finally:
        app.config["SECRET_KEY"] = secret
