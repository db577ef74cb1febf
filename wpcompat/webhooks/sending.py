"""Sending one attempt: a POST that calls only allowed addresses and never outlasts its timeout.

Each attempt has a connection of its own, made by connection classes that resolve the host themselves,
check every address (:func:`.targets.refused_address`, unless private targets are allowed) and connect only
to an allowed one: no packet reaches a refused address (a bare connect would already tell a tenant which
internal ports are open), and the address connected to is the one checked, whatever the name resolves to
next time (DNS rebinding). The ``Host`` header and TLS (SNI, certificate) still use the URL's host name.

urllib3's timeouts bound each connect and each read, not the whole answer: a receiver dripping a byte every
few seconds would hold the worker (and every tenant's deliveries behind it) for as long as it likes. So a
deadline shuts the attempt's socket down when ``timeout`` seconds have passed, whatever it is doing.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from .targets import refused_address

ANSWER_KEPT = 1024  # bytes of the receiver's answer kept in the attempt log


class RefusedTarget(Exception):
    """The host resolves only to addresses that may not be called (not an OSError: urllib3 must not retry)."""


@dataclass(frozen=True)
class Outcome:
    at: datetime
    status_code: int | None
    answer: str
    duration_ms: int
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300


class _Deadline:
    """Shuts the attempt's socket down once its time is up (the socket is watched as soon as it exists)."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._ended = False
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._fd = sock.fileno()
            if self.expired:
                self._shut_down()

    def end(self) -> None:
        """Called before the socket is closed: after this, its descriptor (reusable once closed) is left alone."""
        with self._lock:
            self._ended = True
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            if self._ended:
                return
            self.expired = True
            if self._fd is not None:
                self._shut_down()

    def _shut_down(self) -> None:
        # Through a duplicate: the attempt's own socket object may already be wrapped in TLS (and detached).
        try:
            with socket.socket(fileno=os.dup(self._fd)) as duplicate:
                duplicate.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


_attempt = threading.local()  # the deadline of the attempt this thread is sending


def _connection_class(base: type, allow_private: bool) -> type:
    class Connection(base):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn() if allow_private else self._checked_conn()
            deadline = getattr(_attempt, "deadline", None)
            if deadline is not None:
                deadline.watch(sock)
            return sock

        def _checked_conn(self) -> socket.socket:
            try:
                found = socket.getaddrinfo(self._dns_host, self.port, type=socket.SOCK_STREAM)
            except socket.gaierror as failure:
                raise NameResolutionError(self.host, self, failure) from failure
            addresses = list(dict.fromkeys(info[4][0] for info in found))
            allowed = [address for address in addresses if refused_address(address) is None]
            if not allowed:
                raise RefusedTarget(refused_address(addresses[0]) if addresses else f"{self.host} has no address.")
            for address in allowed:
                try:
                    return create_connection((address, self.port), self.timeout, source_address=self.source_address,
                                             socket_options=self.socket_options)
                except TimeoutError as failure:
                    error: Exception = ConnectTimeoutError(self, f"Connection to {self.host} ({address}) timed out.")
                    error.__cause__ = failure
                except OSError as failure:
                    error = NewConnectionError(self, f"Failed to establish a new connection: {failure}")
                    error.__cause__ = failure
            raise error

    Connection.__name__ = Connection.__qualname__ = base.__name__  # as urllib3's errors name it
    return Connection


def _pool_classes(allow_private: bool) -> dict[str, type]:
    return {"http": type("HTTPConnectionPool", (HTTPConnectionPool,),
                         {"ConnectionCls": _connection_class(HTTPConnection, allow_private)}),
            "https": type("HTTPSConnectionPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": _connection_class(HTTPSConnection, allow_private)})}


_POOLS = {allow: _pool_classes(allow) for allow in (False, True)}


def send(url: str, headers: dict[str, str], body: str, *, timeout: float, allow_private: bool,
         at: datetime) -> Outcome:
    """POST ``body`` to ``url`` once (no redirect followed, nothing retried here); never raises."""
    started = time.monotonic()
    status, answer, error = None, "", None
    deadline = _Deadline(timeout)
    _attempt.deadline = deadline
    pool = response = None
    try:
        target = urllib3.util.parse_url(url)
        pool = _POOLS[allow_private][target.scheme](target.host, target.port, maxsize=1)
        response = pool.urlopen("POST", target.request_uri, body=body.encode(), headers=headers, redirect=False,
                                retries=False, timeout=urllib3.Timeout(total=timeout), preload_content=False,
                                assert_same_host=False)
        status = response.status
        answer = response.read(ANSWER_KEPT).decode("utf-8", "replace")
    except RefusedTarget as refused:
        error = f"Target refused: {refused}"
    except (urllib3.exceptions.HTTPError, OSError, KeyError, ValueError) as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    finally:
        deadline.end()  # before the socket is closed
        _attempt.deadline = None
        if response is not None:
            response.close()
        if pool is not None:
            pool.close()
    if deadline.expired:
        error = f"Timed out: no complete answer within {timeout:g} s."
    return Outcome(at, status, answer, round((time.monotonic() - started) * 1000), error)
