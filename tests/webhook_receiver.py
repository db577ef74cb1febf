"""A real HTTP receiver on 127.0.0.1 for the webhook tests: records every request, answers a set sequence."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: str


class Receiver:
    """``statuses``: the answers in order, the last one repeated (default: always 200). ``drip_for``: seconds
    over which each answer's head is sent a byte at a time (a receiver that never quite answers)."""

    def __init__(self, statuses: list[int] | None = None, drip_for: float = 0) -> None:
        self.statuses = list(statuses or [200])
        self.received: list[Received] = []
        self._lock = threading.Condition()
        self.stopped = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                with receiver._lock:
                    receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                    status = receiver.statuses[min(len(receiver.received), len(receiver.statuses)) - 1]
                    receiver._lock.notify_all()
                answer = f"answer {status}".encode()
                if drip_for and not self._drip(status, drip_for):
                    return
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def _drip(self, status: int, seconds: float) -> bool:
                """The status line and a header a byte at a time; False once the client has hung up."""
                try:
                    self.wfile.write(f"HTTP/1.1 {status} Slow\r\nX-Drip: ".encode())
                    ends = time.monotonic() + seconds
                    while time.monotonic() < ends and not receiver.stopped.wait(0.1):
                        self.wfile.write(b"a")
                    self.wfile.write(b"\r\n")
                except OSError:
                    return False
                return True

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        """The first ``count`` requests, waiting up to ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.received)} of {count} webhook requests arrived")
                self._lock.wait(left)
            return list(self.received)


@contextmanager
def receiving(statuses: list[int] | None = None, drip_for: float = 0) -> Iterator[Receiver]:
    receiver = Receiver(statuses, drip_for)
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.stopped.set()
        receiver.server.shutdown()
        receiver.server.server_close()
