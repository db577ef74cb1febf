"""The request's tenant: one rule for where credentials are valid, settled once, the guard activated once."""
from __future__ import annotations

import pytest

from wpcompat import tenancy
from wpcompat.access import request_tenant

from .factories import basic_auth

AJAX = "/wp-admin/admin-ajax.php"
ME = "/wp-json/wp/v2/users/me"


@pytest.mark.parametrize(("site", "credential", "valid"), [
    ("", None, True), ("", "aurora", True), ("", "borealis", True),
    ("/aurora", None, False), ("/aurora", "aurora", True), ("/aurora", "borealis", False),
    ("/borealis", "aurora", False), ("/borealis", "borealis", True),
])
def test_a_credential_is_valid_at_its_own_site_and_the_main_site(app, world, site, credential, valid):
    tenant_id = getattr(world, credential).id if credential else None
    with app.test_request_context(f"{site}/wp-json/"):
        app.preprocess_request()
        assert request_tenant.credential_valid_here(tenant_id) is valid


def test_current_tenant_is_the_urls_and_activates_the_guard(app, world):
    with app.test_request_context("/aurora/wp-json/"):
        app.preprocess_request()
        assert request_tenant.current_tenant.slug == "aurora"
        assert tenancy.active_tenant_id() == world.aurora.id
    with app.test_request_context("/wp-json/"):
        app.preprocess_request()
        assert not request_tenant.current_tenant and request_tenant.get_current_tenant() is None


def test_at_the_main_site_a_credential_fills_in_the_tenant_once(app, world):
    with app.test_request_context("/wp-json/"):
        app.preprocess_request()
        assert request_tenant.get_current_tenant() is None
        request_tenant.act_for_credential(world.aurora.id)
        request_tenant.act_for_credential(world.aurora.id)  # the same tenant again: no change
        assert (request_tenant.current_tenant.id, tenancy.active_tenant_id()) == (world.aurora.id, world.aurora.id)
        with pytest.raises(RuntimeError):
            request_tenant.act_for_credential(world.borealis.id)


def _activations(monkeypatch) -> list:
    calls: list = []
    activate = tenancy.activate
    monkeypatch.setattr(tenancy, "activate", lambda tenant_id, *a, **kw: (calls.append(tenant_id),
                                                                         activate(tenant_id, *a, **kw))[1])
    return calls


def test_each_request_activates_its_tenant_once(client, world, monkeypatch):
    calls = _activations(monkeypatch)
    aurora, borealis = world.aurora.id, world.borealis.id
    requests = [
        (lambda: client.get("/aurora/wp-json/"), [aurora]),
        (lambda: client.get(ME, headers=world.aurora_admin.auth), [aurora]),
        (lambda: client.get("/aurora" + ME, headers=world.aurora_admin.auth), [aurora]),
        (lambda: client.get(ME, headers=basic_auth("platform-owner", world.owner.password)), []),
        (lambda: client.get(AJAX, query_string={"action": "teambooking_rest_api", "operation": "get_services",
                                                "auth_token": world.tokens["borealis-read"]}), [borealis]),
        (lambda: client.get("/aurora" + AJAX, query_string={
            "action": "teambooking_rest_api", "operation": "get_services",
            "auth_token": world.tokens["aurora-read"]}), [aurora]),
    ]
    for send, expected in requests:
        calls.clear()
        assert send().status_code == 200
        assert calls == expected
