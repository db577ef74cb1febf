"""The descriptions agree with the real plugins: every JSON answer of the golden captures (Booknetic 5.1 and
TeamBooking 2.5 on WordPress) validates against the response schema the description gives its operation and
status (strings where Booknetic sends strings, its integer error codes, WordPress's rest_forbidden)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from wpcompat import create_app
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site, load_site

from .shared_files import BOOKNETIC_CAPTURES, TEAMBOOKING_CAPTURES


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('golden') / 'site.db'}"})
    with app.app_context():
        db.create_all()
        load_site(demo_site())
        db.session.commit()
    client = app.test_client()
    return {name: client.get(f"/wp-json/wpcompat/v1/openapi/{name}.json").json
            for name in ("booknetic", "teambooking")}


def _capture(path):
    """(method, path without query, status, JSON body or None) of a capture file."""
    text = path.read_text()
    method, target = text.split(" ", 2)[:2]
    status_line = re.search(r"^HTTP/1\.1 (\d{3})", text, re.M)
    head, _, body = text[status_line.start():].partition("\n\n")
    is_json = re.search(r"^Content-Type: application/json", head, re.M | re.I)
    body = body.strip()
    return method, urlsplit(target).path, int(status_line.group(1)), json.loads(body) if is_json and body else None


def _operation(document, method, path):
    for template, operations in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    return None


def _cases():
    for folder, name, prefix in ((BOOKNETIC_CAPTURES, "booknetic", "/wp-json"),
                                 (TEAMBOOKING_CAPTURES, "teambooking", "")):
        for path in sorted(folder.glob("*.txt")):
            method, target, status, body = _capture(path)
            if body is not None and target.startswith(prefix):
                yield pytest.param(name, method, target[len(prefix):], status, body, id=path.stem)


CASES = list(_cases())


def _schema(document, method, path, status):
    operation = _operation(document, method, path)
    if operation is None:
        return None
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses["default"]
    return response["content"]["application/json"]["schema"]


def test_the_captures_reach_described_schemas(documents):
    # Not vacuous: most JSON captures meet a schema that says something (not the empty "any JSON").
    described = [c for c in CASES if _schema(documents[c.values[0]], *c.values[1:4])]
    assert len(CASES) > 40 and len(described) > 30, len(described)


@pytest.mark.parametrize("name,method,path,status,body", CASES)
def test_a_golden_answer_conforms_to_its_description(documents, name, method, path, status, body):
    document = documents[name]
    schema = _schema(document, method, path, status)
    if schema is None:
        pytest.skip(f"{method} {path}: no described operation (an unknown route or method)")
    # The document's components beside the schema: its #/components/... references resolve.
    Draft202012Validator({**schema, "components": document["components"]}).validate(body)


def test_a_wrong_wire_type_is_caught(documents):
    # The check has teeth: Booknetic's string total sent as an integer does not conform.
    schema = _operation(documents["booknetic"], "GET", "/booknetic/v1/customers")["responses"]["200"]
    validator = Draft202012Validator({**schema["content"]["application/json"]["schema"],
                                      "components": documents["booknetic"]["components"]})
    assert not validator.is_valid({"data": [], "meta": {"total": 3, "skip": 0, "limit": 10}})
