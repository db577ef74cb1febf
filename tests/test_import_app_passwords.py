"""An application password hashed by WordPress before 6.8 (phpass ``$P$``, made by WordPress's own
class-phpass.php in real PHP) logs in over HTTP once it is stored on a user, as on the WordPress site."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wpcompat.extensions import db
from wpcompat.platform.models import ApplicationPassword

from .booknetic_support import AURORA
from .factories import Member, basic_auth
from .rest_support import INCORRECT_PASSWORD
from .wordpress_support import mysql_server_url, php

PASSWORD = "Wp61 AppP assw ord0 FromPhp0"  # as WordPress showed it, in groups of four
UUID = "0d2a3c4e-5f60-4718-9a0b-c1d2e3f4a5b6"


@pytest.fixture
def imported(app, world):
    """aurora-admin with one more application password: a $P$ hash as a pre-6.8 WordPress stored it."""
    mysql_server_url()  # the import tests' environment (scripts/test-all.sh) has php-cli and class-phpass.php
    [hashed] = php(["phpass_hash", PASSWORD.replace(" ", "")])
    assert hashed.startswith("$P$B") and len(hashed) == 34
    with app.app_context():
        db.session.add(ApplicationPassword(user_id=world.aurora_admin.user.id, uuid=UUID, app_id="", name="Imported",
                                           password_hash=hashed, created=1600000000))
        db.session.commit()
    return hashed


def stored_record(app) -> tuple:
    with app.app_context():
        hashed, last_used = db.session.execute(select(ApplicationPassword.password_hash, ApplicationPassword.last_used)
                                               .where(ApplicationPassword.uuid == UUID)).one()
        return hashed, last_used


@pytest.mark.parametrize("password", [PASSWORD, PASSWORD.replace(" ", ""), PASSWORD.replace(" ", "-")])
def test_a_phpass_application_password_answers_wp_v2(app, client, world, imported, password):
    response = client.get("/aurora/wp-json/wp/v2/users/me", headers=basic_auth("aurora-admin", password))
    assert response.status_code == 200 and response.get_json()["id"] == world.aurora_admin.user.id
    # The same answer, byte for byte, as with the password the user created here ($generic$).
    native = client.get("/aurora/wp-json/wp/v2/users/me", headers=world.aurora_admin.auth)
    assert response.get_data() == native.get_data()
    hashed, last_used = stored_record(app)
    assert hashed == imported and last_used is not None  # used, and never rehashed


def test_a_phpass_application_password_answers_booknetic(app, client, world, imported):
    as_imported = Member(world.aurora_admin.user, PASSWORD)
    response = client.get(f"{AURORA}/locations", headers=as_imported.auth)
    native = client.get(f"{AURORA}/locations", headers=world.aurora_admin.auth)
    assert (response.status_code, response.get_data()) == (200, native.get_data()) and native.status_code == 200
    assert stored_record(app)[0] == imported


@pytest.mark.parametrize("password", [
    "Wp61 AppP assw ord0 FromPhp1",  # one character off
    "wp61 appp assw ord0 fromphp0",  # case matters
    "Wp61 AppP assw ord0 From",  # a prefix
])
def test_a_wrong_password_is_wordpress_401_as_for_generic(app, client, world, imported, password):
    response = client.get("/aurora/wp-json/wp/v2/users/me", headers=basic_auth("aurora-admin", password))
    generic = client.get("/aurora/wp-json/wp/v2/users/me", headers=basic_auth("anna", password))
    assert (response.status_code, response.get_data()) == (401, INCORRECT_PASSWORD)
    assert (generic.status_code, generic.get_data()) == (401, INCORRECT_PASSWORD)
    fresh = {"X-Request-Id"}  # a new id on every answer
    assert {k: v for k, v in response.headers if k not in fresh} == {k: v for k, v in generic.headers if k not in fresh}
    assert stored_record(app) == (imported, None)


def test_a_malformed_phpass_hash_matches_nothing(app, client, world, imported):
    with app.app_context():
        record = db.session.execute(select(ApplicationPassword).where(ApplicationPassword.uuid == UUID)).scalar_one()
        record.password_hash = imported[:-1]  # 33 characters: phpass's crypt_private answers "*0"
        db.session.commit()
    response = client.get("/aurora/wp-json/wp/v2/users/me", headers=basic_auth("aurora-admin", PASSWORD))
    assert (response.status_code, response.get_data()) == (401, INCORRECT_PASSWORD)
