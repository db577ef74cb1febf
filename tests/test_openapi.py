"""The OpenAPI descriptions: served for the request's site, valid OpenAPI 3.1, complete (every route and every
TeamBooking operation), the docs page served from the package; and schemathesis against a real server over
every operation of all three: no 5xx, every answer conforming to its description."""
from __future__ import annotations

import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from teambooking_ajax.api import OPERATIONS
from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.openapi.rest import path_template
from wpcompat.rest.registry import route_table
from wpcompat.sitefile import demo_site, load_site

from .factories import basic_auth
from .server_process import loaded_server

DOCUMENTS = ("booknetic", "teambooking", "wpcompat")
ADMIN = basic_auth("aurora-admin", "AbCd EfGh IjKl MnOp QrSt UvWx")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'site.db'}"})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    return app.test_client()


def _document(client, name: str, site: str = "/aurora") -> dict:
    answer = client.get(f"{site}/wp-json/wpcompat/v1/openapi/{name}.json")
    assert answer.status_code == 200 and answer.content_type == "application/json; charset=UTF-8"
    return json.loads(answer.get_data())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_description_is_valid_openapi_3_1_for_the_requests_site(client, name):
    document = _document(client, name)
    validate(document)
    assert document["openapi"] == "3.1.0"
    base = "http://127.0.0.1:8080/aurora" + ("" if name == "teambooking" else "/wp-json")
    assert document["servers"] == [{"url": base}]
    assert _document(client, name, site="")["servers"][0]["url"].startswith("http://127.0.0.1:8080/wp-json"
                                                                           if name != "teambooking" else "http")


@pytest.mark.parametrize("namespace", ["booknetic/v1", "wpcompat/v1"])
def test_every_route_of_a_namespace_is_described(client, namespace):
    document = _document(client, namespace.split("/")[0])
    routes = route_table(client.application).in_namespace(namespace)
    assert {path_template(route.pattern) for route in routes if route.handlers} == set(document["paths"])
    for route in routes:
        methods = {m.lower() for h in route.handlers for m in h.methods if m != "HEAD"}
        assert methods <= set(document["paths"][path_template(route.pattern)])


def test_every_teambooking_operation_is_described(client):
    operations = _document(client, "teambooking")["paths"]["/wp-admin/admin-ajax.php"]
    get_names = next(p for p in operations["get"]["parameters"] if p["name"] == "operation")["schema"]["enum"]
    post_form = operations["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert set(get_names) == set(OPERATIONS["GET"])
    assert set(post_form["properties"]["operation"]["enum"]) == set(OPERATIONS["POST"])


def test_booknetic_wire_types_are_the_real_ones(client):
    # Booknetic's customer list sends its total as a string (a COUNT(*) from wpdb); the description says so
    # and the answer agrees.
    document = _document(client, "booknetic")
    listed = document["paths"]["/booknetic/v1/customers"]["get"]["responses"]["200"]
    meta = listed["content"]["application/json"]["schema"]["properties"]["meta"]["properties"]
    assert meta["total"] == {"type": "string"}
    answer = client.get("/aurora/wp-json/booknetic/v1/customers", headers=ADMIN)
    assert isinstance(answer.json["meta"]["total"], str)
    error = document["paths"]["/booknetic/v1/customers"]["get"]["responses"]["default"]
    assert error["content"]["application/json"]["schema"]["properties"]["code"]["type"] == ["integer", "string"]


def test_the_docs_page_and_its_assets_come_from_the_package(client):
    page = client.get("/aurora/wpcompat/api-docs/")
    assert page.status_code == 200 and page.content_type == "text/html; charset=UTF-8"
    html = page.get_data(as_text=True)
    assert "http://127.0.0.1:8080/aurora/wpcompat/api-docs/assets/swagger-ui-bundle.js" in html
    assert "http://127.0.0.1:8080/aurora/wp-json/wpcompat/v1/openapi/wpcompat.json" in html
    assert "//cdn" not in html and "unpkg" not in html
    script = client.get("/aurora/wpcompat/api-docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.get_data()) > 1_000_000
    script.close()  # a file response: its file is closed with it
    assert client.get("/wpcompat/api-docs/assets/../../setup.cfg").status_code == 404


# --- schemathesis against a real server

#: Examples per operation: enough to reach every parameter, bounded for CI (about a minute in all).
EXAMPLES = 8
AUTH = {"booknetic": ADMIN, "wpcompat": ADMIN, "teambooking": {}}
TOKEN = "auroraWRITEtoken00000000000000ab"


def _fuzz(document: dict, name: str, base: str) -> list[str]:
    """Run every operation of ``document``; the failures, one line each."""
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            if name == "teambooking":  # the token is the API's auth: a real one, so operations run
                target = case.query if case.method == "GET" else case.body
                if isinstance(target, dict) and "auth_token" in target:
                    target["auth_token"] = TOKEN
            try:
                case.call_and_validate(base_url=base, headers=AUTH[name], timeout=30,
                                       checks=[not_a_server_error, response_schema_conformance])
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collected: every operation runs
                failures.append(f"{case.method} {case.formatted_path}: {' | '.join(str(error).split(chr(10))[:12])[:600]}")
                raise

        try:
            run()
        except (Exception, BaseExceptionGroup):  # noqa: BLE001 - the failure is in the list
            pass
    return failures


def test_schemathesis_finds_no_server_error_and_no_nonconforming_answer(tmp_path, database_url):
    with loaded_server(demo_site(), tmp_path, database_url, "openapi", workers=2, threads=4,
                       webhooks=False) as server:
        failures = []
        for name in DOCUMENTS:
            document = requests.get(f"{server.base}/aurora/wp-json/wpcompat/v1/openapi/{name}.json", timeout=30).json()
            base = document["servers"][0]["url"].replace("http://127.0.0.1:8080", server.base)
            failures += _fuzz(document, name, base)
        assert "Traceback" not in server.stderr, server.stderr[-3000:]
    assert failures == [], "\n".join(failures)


def test_a_created_item_is_described_with_its_location(client):
    document = _document(client, "wpcompat")
    created = document["paths"]["/wpcompat/v1/service-categories"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}
    creations = [ops["post"]["responses"]["201"] for ops in document["paths"].values()
                 if "201" in ops.get("post", {}).get("responses", {})]
    assert len(creations) > 5 and all("Location" in answer["headers"] for answer in creations)
    answer = client.post("/aurora/wp-json/wpcompat/v1/service-categories", json={"name": "Described"},
                         headers=ADMIN)
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"http://127.0.0.1:8080/aurora/wp-json/wpcompat/v1/service-categories/{answer.json['id']}"
