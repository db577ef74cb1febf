"""``wpcompat serve`` over real sockets: slow clients, gunicorn's limits behind the app's, HEAD, and logs
without secrets. One demo server (``--workers 2``, the default threads) for the module.

Every socket has a timeout of a few seconds, so a regression fails instead of hanging; the assertions
are about liveness and bytes, not speed.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import sys
import time

import pytest

from wpcompat.server.worker import HEAD_TIMEOUT, WithoutBody, bytes_wanted

from .server_process import free_port, running_server

TOKEN = "auroraREADtoken000000000000000cd"  # the demo's read token (wpcompat/data/demo-site.json)
APP_PASSWORD = "AbCd EfGh IjKl MnOp QrSt UvWx"
B = "/aurora/wp-json/booknetic/v1"
TIMEOUT = 5


def _serve(tmp_path_factory, test_databases, *options: str):
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": test_databases.make(schema=False),
           "WPCOMPAT_SECRET_KEY": "serve-test", "WPCOMPAT_INSTANCE_PATH": str(tmp)}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--demo", "--port", str(port), *options]
    with open(tmp / "stdout", "w") as out, open(tmp / "stderr", "w") as err:
        with running_server(command, port, env=env, cwd=tmp, stdout=out, stderr=err) as run:
            run.logs = tmp  # type: ignore[attr-defined]
            yield run


@pytest.fixture(scope="module")
def server(tmp_path_factory, test_databases):
    """The default: one thread per worker, no keep-alive (as gunicorn's sync worker)."""
    yield from _serve(tmp_path_factory, test_databases, "--workers", "2")


@pytest.fixture(scope="module")
def threaded(tmp_path_factory, test_databases):
    """Two threads per worker: keep-alive, requests served by the pool."""
    yield from _serve(tmp_path_factory, test_databases, "--workers", "1", "--threads", "2")


def connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])), timeout=TIMEOUT)
    sock.settimeout(TIMEOUT)
    return sock


def exchange(server, raw: bytes) -> bytes:
    """Send ``raw`` (a whole request, ``Connection: close``) and read the answer to the end."""
    with connect(server) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def raw_request(method: str, target: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def split(answer: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *fields = head.decode("latin-1").split("\r\n")
    return status, dict(field.split(": ", 1) for field in fields), body


def get(server, target: str, *headers: str) -> tuple[str, dict[str, str], bytes]:
    return split(exchange(server, raw_request("GET", target, *headers)))


# --- slow clients ---------------------------------------------------------------------------------


@pytest.mark.parametrize("served", ["server", "threaded"])
def test_32_connections_stalled_in_their_heads_do_not_stop_the_service(request, served):
    server = request.getfixturevalue(served)
    stalled = []
    try:
        for i in range(40):
            sock = connect(server)
            if i % 5 == 0:
                pass  # sends nothing at all
            elif i % 5 == 1:
                sock.sendall(b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half a head
            elif i % 5 == 2:
                sock.sendall(b"POST " + B.encode() + b"/customers HTTP/1.1\r\nHost: 1")  # half a line
            elif i % 5 == 3:  # a whole head, a tenth of its body
                sock.sendall(b"POST " + B.encode() + b"/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"first_nam")
            else:  # a kept-alive connection: one whole request, then half of the next
                sock.sendall(b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\n")
            stalled.append(sock)
        for _ in range(10):
            status, _, body = get(server, "/aurora/wp-json/")
            assert status == "HTTP/1.1 200 OK"
            assert json.loads(body)["namespaces"]
    finally:
        for sock in stalled:
            sock.close()


def test_one_thread_closes_after_each_answer_like_sync(server):
    with connect(server) as sock:
        sock.sendall(b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                     b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 1
    assert b"\r\nConnection: close\r\n" in answer


def test_a_kept_alive_connection_serves_pipelined_requests(threaded):
    server = threaded
    with connect(server) as sock:
        sock.sendall(b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                     b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 2


def test_a_head_not_finished_in_time_is_closed(server):
    with connect(server) as sock:
        sock.settimeout(HEAD_TIMEOUT + 5)
        sock.sendall(b"GET /aurora/wp-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert sock.recv(100) == b""  # closed, nothing said
        assert time.monotonic() - started >= HEAD_TIMEOUT - 1.5


def test_a_head_over_the_servers_hard_cap_is_a_bare_431(server):
    with connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Pad: " + b"v" * (1024 * 1024 + 10))
        answer = sock.recv(1000)
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")


@pytest.mark.parametrize("served", ["server", "threaded"])
def test_a_body_sent_in_pieces_is_served_whole(request, served):
    server = request.getfixturevalue(served)
    body = json.dumps({"first_name": "Slow", "last_name": "Body", "email": "slow@example.com"}).encode()
    auth = base64.b64encode(f"aurora-admin:{APP_PASSWORD}".encode()).decode()
    with connect(server) as sock:
        sock.sendall(raw_request("POST", f"{B}/customers", f"Authorization: Basic {auth}",
                             "Content-Type: application/json", f"Content-Length: {len(body)}"))
        for i in range(0, len(body), 10):
            time.sleep(0.05)
            sock.sendall(body[i:i + 10])
        answer = b""
        while piece := sock.recv(65536):
            answer += piece
    status, _, answered = split(answer)
    assert (status, list(json.loads(answered))) == ("HTTP/1.1 200 OK", ["customer_id"])


def test_bytes_wanted_counts_a_small_declared_body():
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"
    assert (bytes_wanted(head[:-2]), bytes_wanted(head), bytes_wanted(head + b"abc")) == (None, len(head) + 5,
                                                                                        len(head) + 5)
    assert bytes_wanted(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET") == len(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    expect = b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
    assert bytes_wanted(expect) == len(expect)  # that client waits for 100 Continue first
    huge = b"POST / HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n"
    assert bytes_wanted(huge) == len(huge)  # over BODY_BUFFER_MAX: the app refuses it unread


# --- the app's limits, not gunicorn's HTML pages --------------------------------------------------


def test_a_long_request_line_is_414_in_rest_json(server):
    status, headers, body = get(server, "/aurora/wp-json/?x=" + "a" * 9000)
    assert (status, headers["Content-Type"], json.loads(body)["code"]) == (
        "HTTP/1.1 414 REQUEST URI TOO LONG", "application/json; charset=UTF-8", "request_uri_too_long")
    status, _, body = get(server, "/aurora/wp-admin/admin-ajax.php?x=" + "a" * 9000)
    assert (status, body) == ("HTTP/1.1 414 Request URI Too Long", b"0")


def test_a_long_header_field_is_431_in_rest_json(server):
    status, _, body = get(server, "/aurora/wp-json/", "X-Pad: " + "v" * 9000)
    assert (status, json.loads(body)["code"]) == ("HTTP/1.1 431 REQUEST HEADER FIELDS TOO LARGE",
                                                  "request_header_fields_too_large")
    status, _, body = get(server, "/aurora/wp-json/", *(f"X-F{i}: 1" for i in range(120)))
    assert (status, json.loads(body)["code"]) == ("HTTP/1.1 431 REQUEST HEADER FIELDS TOO LARGE",
                                                  "request_header_fields_too_large")


def test_a_declared_body_over_8_mib_is_413_without_being_sent(server):
    auth = "Authorization: Basic " + base64.b64encode(f"aurora-admin:{APP_PASSWORD}".encode()).decode()
    for target, expected in ((f"{B}/customers", "application/json; charset=UTF-8"),
                             ("/aurora/wp-admin/admin-ajax.php", "text/html; charset=UTF-8")):
        status, headers, body = split(exchange(server, raw_request(
            "POST", target, auth, "Content-Type: application/json", f"Content-Length: {8 * 1024 * 1024 + 1}")))
        assert (status[:12], headers["Content-Type"]) == ("HTTP/1.1 413", expected)
        assert body == b"0" or json.loads(body)["code"] == "request_entity_too_large"


def test_a_chunked_body_over_8_mib_is_413(server):
    chunk = b"a" * 65536
    with connect(server) as sock:
        sock.sendall(raw_request("POST", f"{B}/customers", "Content-Type: application/json",
                             "Transfer-Encoding: chunked"))
        try:
            for _ in range(8 * 16 + 1):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before the last chunk
        answer = b""
        while piece := sock.recv(65536):
            answer += piece
    status, _, body = split(answer)
    assert (status, json.loads(body)["code"]) == ("HTTP/1.1 413 REQUEST ENTITY TOO LARGE", "request_entity_too_large")


# --- HEAD -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/aurora/wp-json/", f"{B}/appo%0aintments", f"{B}/appointments",
                                    "/aurora/wp-admin/admin-ajax.php", "/aurora/no/page", "/nowhere/wp-json/",
                                    "/aurora%0d/wp-json/"])  # the last: gunicorn's own 500 until the slug is checked
def test_head_answers_the_gets_status_and_no_body(server, target):
    status, headers, body = get(server, target)
    head_status, head_headers, head_body = split(exchange(server, raw_request("HEAD", target)))
    assert (head_status, head_body) == (status, b"")
    assert body
    assert head_headers.get("Content-Type") == headers.get("Content-Type")


# --- logs -----------------------------------------------------------------------------------------


def test_no_secret_reaches_the_access_log_or_the_error_log(server):
    secrets = [TOKEN, "s3cr3t-checksum", "ctoken-value-42", "hunter2-password", APP_PASSWORD.replace(" ", "")]
    ajax = "/aurora/wp-admin/admin-ajax.php?action=teambooking_rest_api&operation=get_services"
    get(server, f"{ajax}&auth_token={TOKEN}")
    get(server, f"{ajax}&auth_token={TOKEN}&checksum=s3cr3t-checksum&ctoken=ctoken-value-42",
        f"Referer: http://evil.test/login?user=x&password=hunter2-password")
    auth = base64.b64encode(f"aurora-admin:{APP_PASSWORD.replace(' ', '')}".encode()).decode()
    get(server, f"{B}/appointments?user_pass=hunter2-password", f"Authorization: Basic {auth}")
    get(server, "/aurora/wp-json/?x=" + "a" * 9000 + f"&auth_token={TOKEN}")  # refused by a limit
    time.sleep(0.5)  # the access log is written after the answer
    access = (server.logs / "stdout").read_text()
    errors = (server.logs / "stderr").read_text()
    assert f"operation=get_services&auth_token=[redacted] HTTP/1.1\" 200" in access
    assert "checksum=[redacted]&ctoken=[redacted]" in access
    assert '"http://evil.test/login?user=x&password=[redacted]"' in access
    assert "appointments?user_pass=[redacted] HTTP/1.1\" 200" in access
    for secret in secrets + [auth]:
        assert secret not in access
        assert secret not in errors


def test_gunicorns_own_error_page_to_head_has_no_body():
    sent = []

    class Sock:
        def sendall(self, data):
            sent.append(data)

        def gettimeout(self):
            return None

    WithoutBody(Sock()).sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\n<h1>")
    assert sent == [b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\n"]
    assert WithoutBody(Sock()).gettimeout() is None


def test_the_access_log_names_each_answer_by_its_request_id(server):
    status, headers, _ = get(server, "/aurora/wp-json/", "X-Request-Id: trace-7f3a:retry/2")
    status2, headers2, _ = get(server, "/wp-admin/admin-ajax.php?action=nope")
    assert (status.split(" ")[1], headers["X-Request-Id"]) == ("200", "trace-7f3a:retry/2")
    assert status2.split(" ")[1] == "400" and len(headers2["X-Request-Id"]) == 32
    time.sleep(0.5)  # the access log is written after the answer
    lines = (server.logs / "stdout").read_text().splitlines()
    assert any(line.startswith("127.0.0.1 ") and '"GET /aurora/wp-json/ HTTP/1.1" 200 ' in line
               and line.endswith('" trace-7f3a:retry/2') for line in lines)
    assert any('"GET /wp-admin/admin-ajax.php?action=nope HTTP/1.1" 400 ' in line
               and line.endswith(f'" {headers2["X-Request-Id"]}') for line in lines)
