"""Who may call the catalogue routes, and another tenant's ids: owners write, staff with the Booknetic capability
read (and change nothing), customers 403, anonymous callers 401; another tenant's id answers byte for byte as a
missing one, in the path and in a body."""
from __future__ import annotations

import pytest

from wpcompat.platform.models import Role

from .booknetic_support import add_member, body, call, frozen_clock, salon  # noqa: F401 (fixtures)
from .rest_support import FORBIDDEN_401

API = "/aurora/wp-json/wpcompat/v1"
BOREALIS = "/borealis/wp-json/wpcompat/v1"
FORBIDDEN_403 = b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":403}}'
READS = ["services", "services/{massage}", "services/{massage}/extras", "services/{massage}/extras/{stones}",
         "service-categories", "service-categories/{massage_category}", "locations", "locations/{canal}"]
WRITES = [("POST", "services"), ("PATCH", "services/{massage}"), ("DELETE", "services/{yoga}"),
          ("POST", "services/{massage}/extras"), ("PATCH", "services/{massage}/extras/{stones}"),
          ("POST", "service-categories"), ("PATCH", "service-categories/{yoga_category}"),
          ("POST", "locations"), ("PATCH", "locations/{park}"), ("DELETE", "locations/{park}")]


def _path(template: str, salon) -> str:
    return f"{API}/" + template.format(**vars(salon))


@pytest.mark.parametrize("path", READS)
def test_reads_by_who_booknetic_lets_see_them(app, client, world, salon, path):
    capability = "locations" if path.startswith("locations") else "services"
    allowed = add_member(app, salon.aurora_id, "reader", Role.STAFF, capabilities=[capability])
    customer = add_member(app, salon.aurora_id, "client", Role.CUSTOMER)
    url = _path(path, salon)
    assert call(client, "GET", url, world.aurora_admin).status_code == 200
    assert call(client, "GET", url, allowed).status_code == 200
    # anna has Booknetic's default staff capabilities: neither services nor locations.
    for member in (world.aurora_staff, customer):
        answer = call(client, "GET", url, member)
        assert (answer.status_code, answer.get_data()) == (403, FORBIDDEN_403), member.user.login
    # Another tenant's owner: their credential is not valid at this site at all.
    assert call(client, "GET", url, world.borealis_admin).status_code == 401
    anonymous = call(client, "GET", url)
    assert (anonymous.status_code, anonymous.get_data()) == (401, FORBIDDEN_401)


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_only_the_owner_writes(app, client, world, salon, method, path):
    reader = add_member(app, salon.aurora_id, "reader", Role.STAFF,
                        capabilities=["services", "services_edit", "services_add", "locations", "locations_edit"])
    url = _path(path, salon)
    # A complete body: as WordPress, the args are checked before the permission.
    mine = {"name": "Mine", "duration": 30, "price": "1.00"}
    for member in (reader, world.aurora_staff):
        answer = call(client, method, url, member, json_body=mine, query={"force": "true"})
        assert (answer.status_code, answer.get_data()) == (403, FORBIDDEN_403)
    assert call(client, method, url, None, json_body=mine).status_code == 401
    # Nothing changed.
    assert call(client, "GET", f"{API}/services", world.aurora_admin).headers["X-WP-Total"] == "2"
    assert body(call(client, "GET", f"{API}/locations/{salon.park}", world.aurora_admin))["name"] == "Park Pavilion"


def test_staff_reading_without_the_plan_module_are_refused(app, client, world, salon):
    from .booknetic_support import set_plan

    reader = add_member(app, salon.aurora_id, "reader", Role.STAFF, capabilities=["locations", "services"])
    set_plan(app, salon.aurora_id, ["appointments", "services", "staff"])
    assert call(client, "GET", f"{API}/services", reader).status_code == 200
    assert call(client, "GET", f"{API}/locations", reader).get_data() == FORBIDDEN_403


def _borealis_rows(client, world) -> dict[str, int]:
    """A category, a service with an extra, and a location of borealis, made by its owner here."""
    owner = world.borealis_admin
    category = body(call(client, "POST", f"{BOREALIS}/service-categories", owner, json_body={"name": "Borealis"}))
    service = body(call(client, "POST", f"{BOREALIS}/services", owner,
                        json_body={"name": "Borealis rehab", "duration": 30, "price": 1, "category": category["id"]}))
    extra = body(call(client, "POST", f"{BOREALIS}/services/{service['id']}/extras", owner,
                      json_body={"name": "Borealis tape", "price": 1}))
    location = body(call(client, "POST", f"{BOREALIS}/locations", owner, json_body={"name": "Borealis annex"}))
    return {"category": category["id"], "service": service["id"], "extra": extra["id"], "location": location["id"]}


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_another_tenants_id_answers_exactly_as_a_missing_one(client, world, salon, method):
    theirs = _borealis_rows(client, world)
    missing = 999999
    for template in ("services/{service}", "services/{service}/extras", "services/{service}/extras/{extra}",
                     "services/" + str(salon.massage) + "/extras/{extra}", "service-categories/{category}",
                     "locations/{location}"):
        if template.endswith("/extras") and method != "GET":
            continue
        their_answer = call(client, method, f"{API}/" + template.format(**theirs), world.aurora_admin,
                            json_body={"name": "Taken"}, query={"force": "true"})
        missing_answer = call(client, method, f"{API}/" + template.format(**dict.fromkeys(theirs, missing)),
                              world.aurora_admin, json_body={"name": "Taken"}, query={"force": "true"})
        assert their_answer.status_code == 404, template
        assert their_answer.get_data() == missing_answer.get_data(), template
    # Their rows are untouched.
    shown = body(call(client, "GET", f"{BOREALIS}/services/{theirs['service']}", world.borealis_admin))
    assert (shown["name"], [e["name"] for e in shown["extras"]]) == ("Borealis rehab", ["Borealis tape"])


def test_another_tenants_ids_in_a_body_are_missing_ones(client, world, salon):
    theirs = _borealis_rows(client, world)
    for path, field in (("services", "category"), ("service-categories", "parent")):
        answers = [call(client, "POST", f"{API}/{path}", world.aurora_admin,
                        json_body={"name": "X", "duration": 30, "price": 1, field: value})
                   for value in (theirs["category"], 999999)]
        assert [a.status_code for a in answers] == [400, 400]
        assert answers[0].get_data() == answers[1].get_data()
        assert body(answers[0])["data"]["params"] == {field: "No service category has this id."}


def test_aurora_lists_only_its_own_catalogue(client, world, salon):
    _borealis_rows(client, world)
    for path in ("services", "service-categories", "locations"):
        listed = call(client, "GET", f"{API}/{path}", world.aurora_admin, query={"per_page": 100})
        assert b"Borealis" not in listed.get_data(), path
    assert call(client, "GET", f"{API}/services", world.aurora_admin).headers["X-WP-Total"] == "2"


def test_a_slug_is_unique_per_tenant_only(client, world, salon):
    theirs = body(call(client, "GET", f"{BOREALIS}/services", world.borealis_admin))[0]["slug"]
    assert theirs == "borealis-intake"
    named = call(client, "POST", f"{API}/services", world.aurora_admin,
                 json_body={"name": "Borealis intake", "duration": 30, "price": 1})
    assert (named.status_code, body(named)["slug"]) == (201, theirs)  # borealis's own does not count here
    given = call(client, "POST", f"{BOREALIS}/services", world.borealis_admin,
                 json_body={"name": "Again", "slug": theirs, "duration": 30, "price": 1})
    assert body(given)["data"]["params"] == {"slug": "Another service has this slug."}  # but in borealis it does


def test_options_describes_the_item_schema(client, world, salon):
    answer = client.options(f"{API}/services/{salon.massage}", headers=world.aurora_admin.auth)
    schema = body(answer)["schema"]
    assert (schema["title"], schema["type"]) == ("service", "object")
    assert list(schema["properties"]) == [
        "id", "slug", "name", "category", "duration", "price", "capacity", "buffer_before", "buffer_after",
        "timeslot_length", "color", "description", "is_active", "approval", "payment", "extras", "staff"]
    assert schema["properties"]["staff"]["readonly"] is True and "required" not in schema["properties"]["name"]
    extras = body(client.options(f"{API}/services/{salon.massage}/extras", headers=world.aurora_admin.auth))["schema"]
    assert extras["title"] == "service-extra"
