"""teambooking_rest_api dispatch over HTTP: the envelope, the parameter-before-token order and the error
catalogue, byte for byte against the TeamBooking 2.5.7 golden captures."""
from __future__ import annotations

import pytest

from teambooking_ajax.api import ACTION, handle
from wpcompat.ajax.registry import ajax_handlers

from .shared_files import TEAMBOOKING_CAPTURES
from .teambooking_support import (AJAX, AURORA, BOREALIS, FORM, MAIN, assert_answer, counts, envelope,  # noqa: F401
                                  get_reservation, shop,
                                  appointment, booked_id, tb_get, tb_post, token_usage)
from .wire_headers import plugin_headers

GOLDEN = TEAMBOOKING_CAPTURES
# Apache's own headers and the plugin's session cookie (not reproduced: we keep no PHP session).
NOT_OURS = {"date", "server", "connection", "set-cookie"}
# Captures that need no particular data: errors, and answers that do not depend on the seed's rows.
REPLAYABLE = ["07-get-reservation-missing", "08-missing-auth-token", "09-wrong-token", "10-no-operation",
              "11-unknown-operation", "14-test-operation", "15-get-reservation-nonnumeric-id",
              "17-do-reservation-read-token", "20-delete-reservation-read-token", "23-get-services-as-post",
              "24-head-get-reservations", "25-put-get-reservations", "26-no-action", "27-delete-via-get",
              "28-cancel-reservation-missing", "29-get-reservation-as-post-action-in-query",
              "42-compat-get-slots-unknown-service", "47-compat-edit-reservation-missing-id",
              "49-compat-edit-reservation-invalid-resource", "53-compat-do-reservation-invalid-slot"]


def read_capture(name: str, tokens: dict[str, str]):
    """(method, path, body, status line, headers, body) of a golden capture, with our tokens put in."""
    text = (GOLDEN / f"{name}.txt").read_text()
    for placeholder, token in tokens.items():
        text = text.replace(placeholder, token)
    request, response = text.split("\n\nHTTP/1.1 ", 1)
    request_lines = request.split("\n")
    method, path, _ = request_lines[0].split(" ")
    body = next((line[len("Body: "):] for line in request_lines if line.startswith("Body: ")), None)
    head, _, expected_body = response.partition("\n\n")
    status, *header_lines = head.split("\n")
    headers = [tuple(line.split(": ", 1)) for line in header_lines]
    return method, path, body, status, [h for h in headers if h[0].lower() not in NOT_OURS], expected_body.encode()


@pytest.mark.parametrize("name", REPLAYABLE)
def test_golden_capture_replays_byte_for_byte(client, world, name):
    tokens = {"<read-token>": world.tokens["aurora-read"], "<write-token>": world.tokens["aurora-write"]}
    method, path, body, status, headers, expected = read_capture(name, tokens)
    response = client.open(path, method=method, data=body, content_type=FORM if body is not None else None)
    assert response.status == status
    assert plugin_headers(response) == headers
    assert response.data == expected


def test_action_is_registered_for_logged_in_and_anonymous_callers(app):
    assert ajax_handlers(app, ACTION, logged_in=True) == [handle]
    assert ajax_handlers(app, ACTION, logged_in=False) == [handle]


@pytest.mark.parametrize("site", [MAIN, AURORA])
def test_missing_operation_is_checked_first(client, world, site):
    assert_answer(tb_get(client, None, None, site=site), 400, "missing parameters")
    assert_answer(tb_post(client, None, "wrong", site=site), 400, "missing parameters")


@pytest.mark.parametrize("query", ["operation=", "operation[]=get_services", "operation[a]=get_services",
                                   "operation=GET_SERVICES"])
def test_unknown_empty_or_array_operation_is_the_initial_403(client, shop, query):
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&{query}&auth_token={shop.read}")
    assert_answer(response, 403)


def test_operation_is_filtered_like_filter_sanitize_string(client, shop):
    # FILTER_SANITIZE_STRING strips tags, so "get_services<br>" names get_services.
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_services%3Cbr%3E&auth_token={shop.read}")
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_methods_other_than_get_and_post_are_the_initial_403(client, shop, method):
    response = client.open(f"{AURORA}{AJAX}?action={ACTION}&operation=get_reservations&auth_token={shop.read}",
                           method=method)
    assert_answer(response, 403)


def test_head_is_403_without_body_or_length(client, shop):
    response = client.head(f"{AURORA}{AJAX}?action={ACTION}&operation=get_services&auth_token={shop.read}")
    assert (response.status_code, response.data) == (403, b"")
    assert "Content-Length" not in response.headers and response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(("method", "operation"), [
    ("POST", "get_reservations"), ("POST", "get_reservation"), ("POST", "get_services"), ("POST", "get_slots"),
    ("GET", "do_reservation"), ("GET", "edit_reservation"), ("GET", "cancel_reservation"),
    ("GET", "delete_reservation")])
def test_operation_with_the_wrong_method_is_the_initial_403(client, shop, method, operation):
    send = tb_get if method == "GET" else tb_post
    assert_answer(send(client, operation, shop.write, id="1", service_id="flow-yoga"), 403)


# (operation, method, the other required parameters)
OPERATIONS = [
    ("get_reservations", "GET", {}), ("get_reservation", "GET", {"id": "1"}), ("get_services", "GET", {}),
    ("get_slots", "GET", {"service_id": "flow-yoga"}),
    ("do_reservation", "POST", {"reservation": {"type": "reservation"}, "slot": {"type": "slot"}}),
    ("edit_reservation", "POST", {"reservation": {"type": "reservation", "id": 1}}),
    ("cancel_reservation", "POST", {"id": "1"}), ("delete_reservation", "POST", {"id": "1"})]
WRITES = [op for op in OPERATIONS if op[1] == "POST"]


def _send(client, method, operation, token, params, site=AURORA):
    return (tb_get if method == "GET" else tb_post)(client, operation, token, site=site, **params)


@pytest.mark.parametrize(("operation", "method", "params"), OPERATIONS)
def test_missing_auth_token_is_400_incomplete_request(client, shop, operation, method, params):
    assert_answer(_send(client, method, operation, None, params), 400, "incomplete request")


@pytest.mark.parametrize(("operation", "method", "params"), [op for op in OPERATIONS if op[2]])
def test_required_parameters_are_checked_before_the_token(client, shop, operation, method, params):
    for missing in params:
        rest = {k: v for k, v in params.items() if k != missing}
        assert_answer(_send(client, method, operation, "wrong", rest), 400, "incomplete request")


@pytest.mark.parametrize(("operation", "method", "params"), OPERATIONS)
@pytest.mark.parametrize("token", ["wrong", "", "x" * 5000, "auroraWRITEtoken00000000000000ab",
                                   "<b>x</b>"])
def test_unknown_token_is_403_invalid_token(client, shop, operation, method, params, token):
    assert_answer(_send(client, method, operation, token, params), 403, "invalid token")


@pytest.mark.parametrize(("operation", "method", "params"), OPERATIONS)
def test_token_sent_as_an_array_is_an_invalid_token(client, shop, operation, method, params):
    # PHP's filter returns false for an array: present (so no 400), but matching no token.
    assert_answer(_send(client, method, operation, None, {**params, "auth_token[]": shop.write}), 403,
                  "invalid token")


@pytest.mark.parametrize(("operation", "method", "params"), WRITES)
def test_read_only_token_on_a_write_operation(client, app, shop, operation, method, params):
    before = counts(app)
    assert_answer(_send(client, method, operation, shop.read, params), 403, "read-only token")
    assert counts(app) == before


@pytest.mark.parametrize("operation", ["get_reservations", "get_services"])
def test_write_token_may_read(client, shop, operation):
    assert tb_get(client, operation, shop.write).status_code == 200


def test_parameters_come_from_query_or_form_and_the_form_wins(client, shop):
    # POST with everything in the query string (the plugin reads $_REQUEST).
    response = client.post(f"{AURORA}{AJAX}?action={ACTION}&operation=delete_reservation&auth_token={shop.write}&id=77")
    assert_answer(response, 404, "Record not found")
    # GET with a form body is PHP's $_GET only: the body is not read.
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_services", data=f"auth_token={shop.read}",
                          content_type=FORM)
    assert_answer(response, 400, "incomplete request")
    # The form body overrides the query string ($_REQUEST = array_merge($_GET, $_POST)).
    response = client.post(f"{AURORA}{AJAX}?action={ACTION}&operation=cancel_reservation&auth_token=wrong",
                           data=f"auth_token={shop.read}&id=1", content_type=FORM)
    assert_answer(response, 403, "read-only token")


def test_duplicate_parameters_last_one_wins_as_in_php(client, shop):
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_services&auth_token=wrong"
                          f"&auth_token={shop.read}")
    assert response.status_code == 200
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_services&auth_token={shop.read}"
                          "&auth_token=wrong")
    assert_answer(response, 403, "invalid token")


@pytest.mark.parametrize("query", ["id=999", "id=abc", "id=", "id=0", "id=-1", "id[]=1", "id=99999999999999999999999",
                                   "id=%2B0"])
def test_get_reservation_of_no_record_is_404_record_not_found(client, shop, query):
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation=get_reservation&auth_token={shop.read}&{query}")
    assert_answer(response, 404, "Record not found")


@pytest.mark.parametrize(("operation", "reason"), [("cancel_reservation", None), ("delete_reservation",
                                                                                  "Record not found")])
@pytest.mark.parametrize("value", ["999", "abc", "", "-3", "1e3x"])
def test_cancel_and_delete_of_no_record_are_404(client, shop, operation, reason, value):
    assert_answer(tb_post(client, operation, shop.write, id=value), 404, reason)


def test_usage_counters_count_successful_calls_per_operation(client, app, shop):
    assert token_usage(app, shop.read) == {}
    tb_get(client, "get_services", shop.read)
    tb_get(client, "get_services", shop.read)
    tb_get(client, "get_reservations", shop.read)
    tb_get(client, "get_reservation", shop.read, id="999")  # 404: not counted
    tb_get(client, "get_slots", shop.read, service_id="nope")  # 404: not counted
    tb_post(client, "delete_reservation", shop.read, id="1")  # 403: not counted
    assert token_usage(app, shop.read) == {"get_services": 2, "get_reservations": 1}
    tb_post(client, "edit_reservation", shop.write, reservation={"type": "nope"})  # 400: not counted
    assert token_usage(app, shop.write) == {}


def test_envelope_keys_are_in_the_plugin_order(client, shop):
    response = tb_get(client, "get_services", shop.read)
    assert response.data.startswith(b'{"header":"200 OK","code":200,"response":[')
    assert envelope(409, "x") == b'{"header":"409 Conflict","code":409,"reason":"x"}'


LINKS = ["pay", "ics", "cancel", "approve", "decline"]


@pytest.mark.parametrize("operation", LINKS)
@pytest.mark.parametrize("query", ["", "&id=1", "&checksum=abc", "&ctoken=abc", "&id=1&ctoken=abc",
                                   "&checksum=abc&ctoken=abc", "&show_confirm=1"])
def test_link_operations_without_id_and_checksum_are_incomplete(client, shop, operation, query):
    """The plugin's scopeReservation checks ``id`` and ``checksum`` (not ``ctoken``) first: 400."""
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation={operation}{query}")
    assert_answer(response, 400, "incomplete request")
    assert response.data == b'{"header":"400 Bad Request","code":400,"reason":"incomplete request"}'


@pytest.mark.parametrize("operation", LINKS)
@pytest.mark.parametrize("query", ["&id=1&checksum=abc", "&id=&checksum=", "&id[]=1&checksum[]=x",
                                   "&id=abc&checksum=abc&ctoken=abc"])
def test_link_operations_for_no_reservation_are_not_found(client, shop, operation, query):
    """Present (even empty, or an array: PHP's isset), then scopeReservation's look-up: 404."""
    response = client.get(f"{AURORA}{AJAX}?action={ACTION}&operation={operation}{query}")
    assert_answer(response, 404, "Reservation not found")


@pytest.mark.parametrize("operation", LINKS)
def test_link_operations_check_the_reservation_token_as_checksum(client, shop, operation):
    """The checksum is the reservation's token, exactly: passing it reaches the page (not served: the
    initial 403); anything else is 403 checksum fail; another tenant's reservation does not exist here."""
    reservation_id = booked_id(client, shop)
    token = get_reservation(client, shop.read, reservation_id)["token"]
    link = f"{AJAX}?action={ACTION}&operation={operation}&id={reservation_id}&ctoken=y"
    assert_answer(client.get(f"{AURORA}{link}&checksum={token}"), 403)
    assert_answer(client.get(f"{AURORA}{link}&checksum={token.upper()}"), 403, "checksum fail")
    assert_answer(client.get(f"{AURORA}{link}&checksum="), 403, "checksum fail")
    assert_answer(client.get(f"{AURORA}{link}&checksum[]={token}"), 403, "checksum fail")
    assert_answer(client.get(f"{BOREALIS}{link}&checksum={token}"), 404, "Reservation not found")
    assert_answer(client.get(f"{link}&checksum={token}"), 404, "Reservation not found")  # the main site


@pytest.mark.parametrize("operation", ["cancel", "approve", "decline"])
def test_link_errors_with_show_confirm_are_pages_not_served(client, shop, operation):
    """cancel/approve/decline render scopeReservation's error as a page with show_confirm: not served."""
    reservation_id = booked_id(client, shop)
    link = f"{AURORA}{AJAX}?action={ACTION}&operation={operation}&show_confirm=1"
    assert_answer(client.get(f"{link}&id={reservation_id}&checksum=wrong"), 403)
    assert_answer(client.get(f"{link}&id=999999&checksum=wrong"), 403)


@pytest.mark.parametrize("operation", ["pay", "ics"])
def test_pay_and_ics_errors_stay_json_with_show_confirm(client, shop, operation):
    reservation_id = booked_id(client, shop)
    link = f"{AURORA}{AJAX}?action={ACTION}&operation={operation}&show_confirm=1"
    assert_answer(client.get(f"{link}&id={reservation_id}&checksum=wrong"), 403, "checksum fail")


@pytest.mark.parametrize("operation", LINKS)
def test_link_operations_are_get_only_and_need_no_auth_token(client, shop, operation):
    assert_answer(client.post(f"{AURORA}{AJAX}", data={"action": ACTION, "operation": operation}), 403)
    # the parameter check is the plugin's, before (and without) any token: a token changes nothing
    assert_answer(client.get(f"{AURORA}{AJAX}?action={ACTION}&operation={operation}&auth_token={shop.read}"),
                  400, "incomplete request")


@pytest.mark.parametrize("make_id", [lambda rid: f"{rid}.", lambda rid: f"a{rid}b", lambda rid: f"+{rid}",
                                     lambda rid: f"{rid}abc", lambda rid: f" {rid} "])
@pytest.mark.parametrize("operation", ["get_reservation", "cancel_reservation", "delete_reservation"])
def test_id_parameters_are_read_as_the_plugin_reads_them(client, app, shop, operation, make_id):
    """``id`` goes through FILTER_SANITIZE_NUMBER_INT (digits, + and - kept: "1." is "1", "a1b" is "1")
    and then PHP's (int): every operation taking an ``id`` parameter finds the same reservation."""
    rid = booked_id(client, shop, "swedish-massage", "2030-01-07T10:00:00+01:00")
    value = make_id(rid)
    if operation == "get_reservation":
        assert tb_get(client, operation, shop.read, id=value).json["response"]["id"] == rid
    else:
        assert tb_post(client, operation, shop.write, id=value).data == b'{"header":"200 OK","code":200}'
        row = appointment(app, shop.aurora_id, rid)
        assert (row.status if row else None) == ("canceled" if operation == "cancel_reservation" else None)
