"""Property-based fuzz of every URL family (issue 11): no input gets a 5xx, an answer outside its family's
format, a CR/LF-injected header, or leaves a half-written row.

The targets are read from the app (tests/fuzz/targets.py): every REST route and method (WordPress core and
Booknetic), every TeamBooking operation, every admin-ajax action; a new one is fuzzed without touching this
file. Each is its own test (so a failure names its route) over ``FUZZ_EXAMPLES`` hypothesis examples sent
through the test client to the seeded salon/shop worlds with real credentials, so the fuzz gets past auth.
Hypothesis runs with a fixed seed when ``CI`` is set and a random one locally (a failure found locally is
replayed from hypothesis's example database); ``WPCOMPAT_FUZZ_SCALE`` multiplies the example counts.
The same generators drive ``bench/fuzz.py`` (20,000 requests against a real server).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from wpcompat import create_app
from wpcompat.extensions import db

from .booknetic_support import frozen_clock, salon  # noqa: F401  (fixtures)
from .fuzz import checks, requests, sites, targets, teambooking
from .fuzz.draws import HypothesisDraw, RandomDraw
from .fuzz.transport import send_wsgi
from .teambooking_support import shop  # noqa: F401  (fixture)

_APP = create_app({"TESTING": True, "SECRET_KEY": "collect", "DATABASE_URL": "sqlite://"})  # registries only
REST_TARGETS = targets.rest_targets(_APP)
TEAMBOOKING_TARGETS = targets.teambooking_targets()
TEAMBOOKING_PARAMS = targets.teambooking_params()
AJAX_ACTIONS = targets.ajax_actions(_APP)

SCALE = float(os.environ.get("WPCOMPAT_FUZZ_SCALE", "1"))
SHRINK = bool(os.environ.get("WPCOMPAT_FUZZ_SHRINK"))
FUZZ_EXAMPLES = {"rest": 30, "http": 120, "teambooking": 60, "ajax": 60, "site": 150}


CI = bool(os.environ.get("CI"))
# No "explain" phase (slow, and the reproducer note says it all); shrinking only when asked for (a seed
# does not shrink), so that a red run is quick: a failure's curl line is small already.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else [])


def fuzz_settings(kind: str) -> settings:
    return settings(
        max_examples=max(1, int(FUZZ_EXAMPLES[kind] * SCALE)), deadline=None, derandomize=CI, phases=PHASES,
        database=None if CI else settings.default.database, print_blob=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])


def drawer(data):
    """Where an example's choices come from. By default one seeded ``random.Random`` per example: with a
    few dozen examples per route, hypothesis's own choices stay close to each other (each example a
    mutation of the last), while independent seeds spread over the whole space; hypothesis still picks,
    stores and replays the seed. ``WPCOMPAT_FUZZ_SHRINK=1`` draws every choice through hypothesis instead,
    so that a failure shrinks to its smallest request."""
    if SHRINK:
        return HypothesisDraw(data)
    return RandomDraw(data.draw(st.integers(0, 2**64 - 1), label="seed"))


def credentials(world) -> requests.Credentials:
    members = (world.aurora_admin, world.aurora_staff, world.borealis_admin, world.owner)
    return requests.Credentials(
        home=world.aurora.slug, other=world.borealis.slug,
        users=tuple((m.user.login, m.password) for m in members),
        tokens=tuple(world.tokens[k] for k in ("aurora-write", "aurora-read", "borealis-write", "borealis-read")))


def fingerprint(app) -> dict:
    with app.app_context(), db.engine.connect() as connection:
        return checks.fingerprint(connection, db.metadata)


def assert_answers_properly(app, client, request: requests.FuzzRequest) -> None:
    """Send ``request``; its answer has no problem and, if an error, the database is as it was.

    The fingerprint after one example is the next one's "before" (examples share the test's database),
    so each example reads the tables once."""
    note(f"reproduce: {request.curl()}")
    before = app.extensions.get("fuzz.fingerprint") or fingerprint(app)
    answer, crash = send_wsgi(client, request)
    after = app.extensions["fuzz.fingerprint"] = fingerprint(app)
    found = checks.problems(request, answer) + ([f"raised {crash}"] if crash else [])
    if answer.status >= 400:
        found += [f"error {answer.status} changed table {name}" for name in checks.changed_tables(before, after)]
    assert not found, f"{request.label}: {found}\n{request.curl()}\n{answer.status} {answer.body[:300]!r}"


@pytest.mark.parametrize("target", REST_TARGETS, ids=lambda t: t.label)
@fuzz_settings("rest")
@given(data=st.data())
def test_rest_route(app, client, world, salon, target, data):  # noqa: F811
    request = requests.rest_request(drawer(data), target, credentials(world), odd_http=False)
    assert_answers_properly(app, client, request)


@fuzz_settings("http")
@given(data=st.data())
def test_rest_http_layer(app, client, world, salon, data):  # noqa: F811
    """Unknown methods and junk after a route, on any route: the HTTP layer's answers are REST's too."""
    draw = drawer(data)
    assert_answers_properly(app, client, requests.rest_request(draw, draw.choice(REST_TARGETS), credentials(world)))


@pytest.mark.parametrize("target", TEAMBOOKING_TARGETS, ids=lambda t: t.label)
@fuzz_settings("teambooking")
@given(data=st.data())
def test_teambooking_operation(app, client, world, shop, target, data):  # noqa: F811
    request = teambooking.teambooking_request(drawer(data), target, credentials(world), TEAMBOOKING_PARAMS)
    assert_answers_properly(app, client, request)


@fuzz_settings("ajax")
@given(data=st.data())
def test_admin_ajax_action(app, client, world, shop, data):  # noqa: F811
    assert_answers_properly(app, client, sites.ajax_request(drawer(data), AJAX_ACTIONS, credentials(world)))


@fuzz_settings("site")
@given(data=st.data())
def test_tenant_slug_and_host(app, client, world, salon, data):  # noqa: F811
    assert_answers_properly(app, client, sites.site_request(drawer(data), credentials(world)))


def test_every_registered_target_is_fuzzed():
    """The enumeration finds the routes, operations and actions it should (a broken registry read would
    silently fuzz nothing)."""
    labels = {t.label for t in REST_TARGETS}
    assert {"GET /", "POST /booknetic/v1/appointments", "PUT /booknetic/v1/appointments/(?P<id>\\d+)",
            "DELETE /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"} <= labels
    assert {"customerId", "serviceId", "notification_id", "start"} <= {
        a.name for t in REST_TARGETS for a in t.args}
    assert {t.operation for t in TEAMBOOKING_TARGETS} >= {"get_slots", "do_reservation", "delete_reservation"}
    assert "teambooking_rest_api" in AJAX_ACTIONS


def test_the_checks_catch_what_they_claim_to():
    """Each property fails on the answer it exists for (a check that cannot fail is a defect)."""
    rest = requests.FuzzRequest("rest", "GET /", "GET", "/aurora/wp-json/")
    ajax = requests.FuzzRequest("ajax", "admin-ajax", "GET", "/aurora/wp-admin/admin-ajax.php", "action=x")
    json_type = (("Content-Type", "application/json; charset=UTF-8"),)

    def problems(request, status, body, headers=json_type):
        return checks.problems(request, checks.Answer(status, headers, body))

    assert problems(rest, 404, b'{"code":"rest_no_route","message":"No route","data":{"status":404}}') == []
    assert problems(rest, 400, b'{"code":400,"message":"Customer not found","data":{"status":400}}') == []
    assert problems(rest, 500, b"{}") == ["status 500"]
    assert problems(rest, 404, b"<html>", (("Content-Type", "text/html"),)) == ["not rest format: Content-Type text/html"]
    assert problems(rest, 400, b'{"code":401,"message":"x","data":{"status":400}}') == [
        "not rest format: Booknetic error code differs from the status"]
    assert problems(rest, 200, b"{}", json_type + (("Link", "<x\r\n>"),)) == ["header Link carries CR/LF/NUL"]
    assert problems(ajax, 400, b"0") == [] and problems(ajax, 200, b"-1") == []
    assert problems(ajax, 403, b'{"header":"403 Forbidden","code":403}') == []
    assert problems(ajax, 200, b'{"header":"403 Forbidden","code":403}') == [
        "not ajax format: envelope header/code/status disagree"]
    assert problems(ajax, 400, b"<p>error</p>") == ["not ajax format: body neither 0, -1 nor JSON"]


def test_the_fingerprint_sees_a_changed_row(app, world):
    from wpcompat import tenancy
    from wpcompat.platform.models import Tenant

    before = fingerprint(app)
    with app.app_context(), tenancy.all_tenants():
        db.session.get(Tenant, world.aurora.id).name = "Renamed"
        db.session.commit()
    assert checks.changed_tables(before, fingerprint(app)) == ["tenants"]
