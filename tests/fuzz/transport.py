"""Sending a :class:`~.requests.FuzzRequest`: through Flask's test client (the suite) or over HTTP (bench)."""
from __future__ import annotations

import http.client
import traceback

from .checks import Answer
from .requests import FuzzRequest


def crash_origin(error: BaseException) -> str:
    """``ExceptionType at file:line`` of the innermost frame in this project (not a library's)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "site-packages" not in f.filename]
    where = f"{frames[-1].filename.split('/wt/fuzz/')[-1]}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}: {str(error)[:120]}"


def send_wsgi(client, request: FuzzRequest) -> tuple[Answer, str | None]:
    """(answer, crash): an exception escaping the app (TESTING propagates it) is a 500 and its origin."""
    try:
        response = client.open(request.path, method=request.method, query_string=request.query,
                               headers=list(request.headers), data=request.body)
    except Exception as error:  # noqa: BLE001 - any escape is the finding
        return Answer(500, (), b""), crash_origin(error)
    return Answer(response.status_code, tuple(response.headers.items()), response.get_data()), None


def send_http(host: str, port: int, request: FuzzRequest, timeout: float = 30) -> Answer:
    """The request's exact bytes over one HTTP/1.1 connection (no normalising client in the way)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = dict(request.headers)
        if request.body or request.method in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(request.body))
        connection.putrequest(request.method, request.target, skip_host="Host" in headers,
                              skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value.encode("utf-8", "surrogatepass"))
        connection.endheaders(request.body or None)
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, tuple(response.getheaders()), body)
    finally:
        connection.close()
