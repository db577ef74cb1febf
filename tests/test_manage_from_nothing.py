"""The management API's promise, end to end on a real ``wpcompat serve``: a tenant made from nothing through
``wpcompat/v1`` alone (tenant and owner, the owner's application password, a location, a service, a staff
member with hours, a TeamBooking token) takes a booking through Booknetic and another through TeamBooking,
each the same appointment in the other API; suspended, the tenant is shut out of every surface; resumed,
it works again.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest
import requests

from wpcompat.sitefile import demo_site

from .factories import basic_auth
from .server_process import loaded_server, wpcompat_command

TIMEOUT = 30
MONDAY, TUESDAY = "2030-02-04", "2030-02-05"
WEEK = {"mon": {"start": "09:00", "end": "17:00", "breaks": [["12:00", "13:00"]]},
        "tue": {"start": "09:00", "end": "17:00", "breaks": []},
        "wed": None, "thu": None, "fri": None, "sat": None, "sun": None}


def _ok(answer: requests.Response, status: int = 200) -> dict:
    assert answer.status_code == status, answer.text
    return answer.json()


class Site:
    """One tenant's URLs on the running server, with the owner's Basic credentials once known."""

    def __init__(self, base: str, slug: str) -> None:
        self.base, self.slug, self.auth = base, slug, None

    def manage(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.base}/{self.slug}/wp-json/wpcompat/v1{path}", auth=self.auth,
                                timeout=TIMEOUT, **kwargs)

    def booknetic(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.base}/{self.slug}/wp-json/booknetic/v1{path}", auth=self.auth,
                                timeout=TIMEOUT, **kwargs)

    def teambooking(self, method: str, operation: str, token: str, **fields) -> requests.Response:
        params = {"action": "teambooking_rest_api", "operation": operation, "auth_token": token}
        url = f"{self.base}/{self.slug}/wp-admin/admin-ajax.php"
        if method == "GET":
            return requests.get(url, params={**params, **fields}, timeout=TIMEOUT)
        return requests.post(url, data={**params, **fields}, timeout=TIMEOUT)


def _platform_owner_password(database_url: str) -> tuple[str, str]:
    """The platform owner's application password, made by the operator's command (the site file has none)."""
    made = subprocess.run(wpcompat_command("app-password", "create", "platform-owner", "ops", "--json"),
                          env={**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "x"},
                          capture_output=True, text=True, timeout=120, check=True)
    return "platform-owner", json.loads(made.stdout)["password"]


def _platform(base: str, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{base}/wp-json{path}", auth=PLATFORM_OWNER, timeout=TIMEOUT, **kwargs)


def _new_tenant(base: str) -> tuple[Site, int]:
    """The platform owner creates tenant ``fresh`` with an owner, and gives the owner an application password."""
    tenant = _ok(_platform(base, "POST", "/wpcompat/v1/tenants", json={
        "slug": "fresh", "name": "Fresh Start Physio", "plan": "pro", "timezone": "Europe/Amsterdam",
        "currency": "EUR", "owner": {"login": "fresh-admin", "email": "admin@fresh.test"}}), 201)
    owner_id = tenant["owner"]
    password = _ok(_platform(base, "POST", f"/wp/v2/users/{owner_id}/application-passwords",
                             json={"name": "setup"}), 201)["password"]
    site = Site(base, "fresh")
    site.auth = ("fresh-admin", password)
    return site, tenant["id"]


def _catalogue(site: Site) -> dict[str, int]:
    location = _ok(site.manage("POST", "/locations", json={"name": "Main practice"}), 201)
    service = _ok(site.manage("POST", "/services", json={"name": "Physio session", "slug": "physio",
                                                        "duration": 45, "price": "60.00"}), 201)
    staff = _ok(site.manage("POST", "/staff", json={
        "name": "Pia Janssen", "email": "pia@fresh.test", "services": [service["id"]],
        "locations": [location["id"]], "timesheet": WEEK}), 201)
    assert staff["timesheet"] == WEEK
    return {"location": location["id"], "service": service["id"], "staff": staff["id"]}


def _book_booknetic(site: Site, ids: dict[str, int]) -> int:
    customer = _ok(site.booknetic("POST", "/customers", json={
        "first_name": "Noor", "last_name": "Bakker", "email": "noor@example.test"}))["customer_id"]
    times = _ok(site.booknetic("GET", "/appointments/available-times", params={
        "service": ids["service"], "staff": ids["staff"], "date": MONDAY}))
    assert "13:00" in json.dumps(times) and "12:00" not in json.dumps(times)  # the break is no slot
    booked = _ok(site.booknetic("POST", "/appointments", json={
        "customer_id": customer, "service_id": ids["service"], "staff_id": ids["staff"],
        "location_id": ids["location"], "date": MONDAY, "time": "10:00"}))
    return booked["id"]


def _book_teambooking(site: Site, token: str) -> int:
    slots = _ok(site.teambooking("GET", "get_slots", token, service_id="physio", **{"from": TUESDAY, "to": TUESDAY}))
    slot = next(s for s in slots["response"] if s["start"] == f"{TUESDAY}T09:00:00+01:00")
    fields = [{"type": "form_field", "name": name, "value": value, "priceIncrement": 0}
              for name, value in (("first_name", "Lars"), ("second_name", "Visser"), ("email", "lars@example.test"))]
    reservation = {"type": "reservation", "customerUserID": 0, "customerTimezone": "Europe/Amsterdam",
                   "service": {}, "tickets": 1, "formFields": fields}
    answer = _ok(site.teambooking("POST", "do_reservation", token, reservation=json.dumps(reservation),
                                  slot=json.dumps(slot)))
    assert answer["code"] == 200, answer
    return answer["response"]["reservation_id"]


PLATFORM_OWNER: tuple[str, str] = ("", "")


@pytest.fixture
def server(tmp_path, database_url):
    global PLATFORM_OWNER
    with loaded_server(demo_site(), tmp_path, database_url, "from-nothing", workers=2, threads=2,
                       webhooks=False) as run:
        PLATFORM_OWNER = _platform_owner_password(database_url)
        yield run


def test_a_tenant_made_through_the_api_alone_takes_bookings_through_both_plugins(server):
    site, _ = _new_tenant(server.base)
    ids = _catalogue(site)
    token = _ok(site.manage("POST", "/teambooking-tokens", json={"write": True}), 201)["token"]

    booknetic_id = _book_booknetic(site, ids)
    teambooking_id = _book_teambooking(site, token)

    # Each booking is the same appointment in the other API.
    reservations = _ok(site.teambooking("GET", "get_reservations", token))["response"]
    assert {booknetic_id, teambooking_id} <= {int(r["id"]) for r in reservations}
    listed = _ok(site.booknetic("GET", "/appointments"))["data"]
    assert {booknetic_id, teambooking_id} <= {int(a["id"]) for a in listed}
    assert "Traceback" not in server.stderr


def test_a_suspended_tenant_is_shut_out_of_every_surface_until_resumed(server):
    site, tenant_id = _new_tenant(server.base)
    token = _ok(site.manage("POST", "/teambooking-tokens", json={"write": False}), 201)["token"]
    _ok(_platform(server.base, "PATCH", f"/wpcompat/v1/tenants/{tenant_id}", json={"status": "suspended"}))

    answers = {
        "booknetic": site.booknetic("GET", "/appointments"),
        "wpcompat": site.manage("GET", "/services"),
        "wp/v2": requests.get(f"{server.base}/fresh/wp-json/wp/v2/users/me", auth=site.auth, timeout=TIMEOUT),
        "main site": requests.get(f"{server.base}/wp-json/wp/v2/users/me", auth=site.auth, timeout=TIMEOUT),
        "teambooking": site.teambooking("GET", "get_services", token),
    }
    assert {surface: answer.status_code for surface, answer in answers.items()} == dict.fromkeys(answers, 403)
    assert answers["booknetic"].json()["code"] == 403  # Booknetic's integer-code envelope
    assert answers["wpcompat"].json()["data"] == {"status": 403}
    assert answers["teambooking"].json()["code"] == 403

    _ok(_platform(server.base, "PATCH", f"/wpcompat/v1/tenants/{tenant_id}", json={"status": "active"}))
    _ok(site.booknetic("GET", "/appointments"))
    _ok(site.teambooking("GET", "get_services", token))
