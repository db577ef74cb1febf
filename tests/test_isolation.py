"""Tenant isolation as a property of every REST route and URL rule, not a list of remembered cases.

The walks read the app's own route table and URL map, so routes added later (plugin adapters loaded
by create_app) are covered without editing this file:

* another tenant's credentials at a tenant's URLs fail as an unknown user, on every route and method;
* a tenant's authenticated calls never show the other tenant's data, whatever ids are put in the path;
* write methods aimed at the other tenant's ids change nothing of it.
"""
from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.booking.models import Location
from wpcompat.extensions import db
from wpcompat.platform.models import ApplicationPassword, User
from wpcompat.rest import route_table

from .rest_support import INVALID_USERNAME

CANARY = "Borealis-Canary-Location"
CANARY_ID = 900001  # far from every aurora row id, so a "hostile" id never names aurora's own data
GENERIC_VALUES = ["1", "me", "abc", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "wpcompat"]


@pytest.fixture
def seeded(app, world):
    """A row of each tenant, so that leaks of tenant data have something to leak."""
    with app.app_context():
        with tenancy.tenant(world.aurora.id):
            db.session.add(Location(name="Aurora Location"))
            db.session.flush()
        with tenancy.tenant(world.borealis.id):
            db.session.add(Location(id=CANARY_ID, name=CANARY))
            db.session.flush()
        uuids = list(db.session.execute(select(ApplicationPassword.uuid).join(User).where(
            User.tenant_id == world.borealis.id)).scalars())
        db.session.commit()
    return {"location_id": CANARY_ID, "uuids": uuids}


def _named_groups(pattern: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``(?P<name>...)`` group, by bracket balance."""
    spans, i = [], 0
    while (start := pattern.find("(?P<", i)) >= 0:
        depth, j = 0, start
        while True:
            char = pattern[j]
            if char == "\\":
                j += 2
                continue
            depth += {"(": 1, ")": -1}.get(char, 0)
            j += 1
            if depth == 0:
                break
        spans.append((start, j))
        i = j
    return spans


def fill(route, values: tuple[str, ...]) -> str:
    """The route's pattern with its named groups replaced by ``values``, in order."""
    path, offset = route.pattern, 0
    for (start, end), value in zip(_named_groups(route.pattern), values):
        path = path[:start + offset] + value + path[end + offset:]
        offset += len(value) - (end - start)
    return path.replace("\\.", ".")  # a literal dot of the pattern (openapi/(?P<document>...)\.json)


def value_combos(route, values: list[str]) -> list[tuple[str, ...]]:
    """Every choice of ``values`` for the route's named groups that the route's regex accepts."""
    count = len(_named_groups(route.pattern))
    return [combo for combo in itertools.product(values, repeat=count) if route.regex.match(fill(route, combo))]


def concrete_paths(route, values: list[str]) -> list[str]:
    """Paths that the route's regex matches, with each named group filled from ``values``."""
    return [fill(route, combo) for combo in value_combos(route, values)]


def _all_routes(app):
    routes = list(route_table(app).routes.values())
    assert routes, "no REST routes registered"
    return routes


def _one_path(route) -> str:
    paths = concrete_paths(route, GENERIC_VALUES)
    assert paths, f"cannot build a URL for route {route.pattern}: extend GENERIC_VALUES"
    return paths[0]


def test_wrong_tenant_credentials_fail_on_every_route_and_method(app, client, world, seeded):
    checked = 0
    for route in _all_routes(app):
        path = _one_path(route)
        for method in sorted({m for handler in route.handlers for m in handler.methods} | {"OPTIONS"}):
            for url in (f"/aurora/wp-json{path}", f"/aurora/?rest_route={path}"):
                response = client.open(url, method=method, data={"name": "x"}, headers=world.borealis_admin.auth)
                assert (response.status_code, response.get_data()) == (401, INVALID_USERNAME), (method, url)
                checked += 1
    assert checked >= 20


def test_every_tenant_url_rule_of_the_rest_api_authenticates_per_tenant(app, client, world):
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("rest.") and "tenant_slug" in rule.arguments]
    assert len(rules) >= 8
    for rule in rules:
        values = {"tenant_slug": "aurora"}
        if "rest_path" in rule.arguments:
            values["rest_path"] = "wp/v2/users/me"
        url = app.url_map.bind("wp.test").build(rule.endpoint, values, force_external=False)
        if rule.endpoint == "rest.site_root" or "rest_path" not in rule.arguments:
            url += "?rest_route=/wp/v2/users/me"
        for method in sorted(rule.methods - {"HEAD"}):
            response = client.open(url, method=method, headers=world.borealis_admin.auth)
            assert (response.status_code, response.get_data()) == (401, INVALID_USERNAME), (method, url, rule.rule)
        assert client.get(url, headers=world.aurora_admin.auth).status_code == 200, rule.rule


def _borealis_markers(world, seeded) -> list[str]:
    return ["borealis", CANARY.lower(), world.borealis_admin.user.email.lower(), *seeded["uuids"]]


def _assert_no_borealis(response, markers, where) -> None:
    text = response.get_data(as_text=True).lower()
    leaked = [marker for marker in markers if marker in text]
    assert not leaked, (where, leaked, text[:300])


def test_aurora_reads_never_show_borealis_data(app, client, world, seeded):
    markers = _borealis_markers(world, seeded)
    hostile = [str(world.borealis_admin.user.id), str(seeded["location_id"]), *seeded["uuids"]]
    for route in _all_routes(app):
        if not any(h.accepts("GET") for h in route.handlers):
            continue
        paths = concrete_paths(route, hostile + GENERIC_VALUES) or [_one_path(route)]
        for path, prefix in itertools.product(paths, ("/aurora/wp-json", "/wp-json")):
            response = client.get(prefix + path, headers=world.aurora_admin.auth)
            assert response.status_code != 500, (prefix + path, response.get_data())
            _assert_no_borealis(response, markers, prefix + path)


def _borealis_state(app, world) -> tuple:
    with app.app_context():
        with tenancy.tenant(world.borealis.id):
            locations = db.session.execute(select(func.count()).select_from(Location)).scalar()
        passwords = db.session.execute(select(func.count(ApplicationPassword.id)).join(User).where(
            User.tenant_id == world.borealis.id)).scalar()
        names = sorted(db.session.execute(select(ApplicationPassword.name).join(User).where(
            User.tenant_id == world.borealis.id)).scalars())
    return locations, passwords, names


def _missing_values(world, seeded) -> dict[str, str]:
    """Each borealis id -> a distinct id that exists nowhere ("me" stays "me": it is aurora's own user)."""
    missing = {str(world.borealis_admin.user.id): "987654321", str(seeded["location_id"]): "987654322"}
    for n, uuid in enumerate(seeded["uuids"]):
        missing[uuid] = f"00000000-0000-4000-8000-{n:012d}"
    return {**missing, "me": "me"}


def test_borealis_ids_answer_exactly_as_missing_ids_and_change_nothing(app, client, world, seeded):
    """Every method of every route with path params: a borealis id gets the answer a nonexistent id gets.

    An error message may echo the id it was given ("... not found with ID: 4"), so the missing id in
    the reference answer is swapped back for the borealis one before comparing.
    """
    missing_for = _missing_values(world, seeded)
    markers = _borealis_markers(world, seeded)
    before = _borealis_state(app, world)
    compared = 0
    for route in _all_routes(app):
        methods = sorted({m for handler in route.handlers for m in handler.methods})
        for combo in value_combos(route, list(missing_for)):
            if all(value == "me" for value in combo):
                continue  # not aimed at borealis at all
            hostile_path, missing_path = fill(route, combo), fill(route, tuple(missing_for[v] for v in combo))
            for method, prefix in itertools.product(methods, ("/aurora/wp-json", "/wp-json")):
                hostile = client.open(prefix + hostile_path, method=method, data={"name": "hijacked"},
                                      headers=world.aurora_admin.auth)
                missing = client.open(prefix + missing_path, method=method, data={"name": "hijacked"},
                                      headers=world.aurora_admin.auth)
                reference = missing.get_data()
                for value in combo:
                    reference = reference.replace(missing_for[value].encode(), value.encode())
                where = (method, prefix + hostile_path)
                assert (hostile.status_code, hostile.get_data()) == (missing.status_code, reference), where
                assert hostile.status_code >= 400, where
                _assert_no_borealis(hostile, markers, where)
                compared += 1
    assert compared >= 10
    assert _borealis_state(app, world) == before


def test_route_path_builder_handles_nested_groups(app):
    route = route_table(app).routes["/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/(?P<uuid>[\\w\\-]+)"]
    assert concrete_paths(route, ["7", "x-y"]) == [
        "/wp/v2/users/7/application-passwords/7", "/wp/v2/users/7/application-passwords/x-y"]
    assert re.fullmatch(r"/wp/v2/users/\d+/application-passwords", _one_path(route_table(app).routes[
        "/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"]))
