"""The gunicorn worker ``wpcompat serve`` runs: gunicorn's threaded worker, reading request heads first.

Why not a stock worker: the sync worker serves one connection at a time, so a client that sends half a
request head and waits holds the whole process (two such clients stalled ``--workers 2``). gunicorn's
gthread worker defers only connections that have sent *nothing* yet; one that sends a few bytes and
stalls still holds a pool thread until it finishes. The greenlet workers (gevent, eventlet) would need
the database drivers patched to cooperate. gunicorn's documentation answers slow clients with "put a
buffering proxy in front"; this worker is that buffer for the request head, inside the worker:

- every connection (new, kept alive, or with a pipelined request already read ahead) is read without
  blocking in the worker's selector loop until its head is complete (the blank line), and only then
  served, its bytes given back to the HTTP parser's unreader (as gthread does with
  the HTTP/2 preface). Waiting for a head costs a socket and a few bytes, not a thread;
- a head is bounded: :data:`HEAD_TIMEOUT` seconds from its first byte, :data:`HEAD_MAX_BYTES` in all
  (past that the connection is answered with a bare 431 and closed: gunicorn's own cap, the last line;
  the service's limits, answered in each URL family's format, are far lower: ``wpcompat.request_limits``);
- a body of declared length up to :data:`BODY_BUFFER_MAX` is read ahead the same way (within
  :data:`BODY_TIMEOUT` seconds of its head, the worker holding at most :data:`BODY_BUFFER_BUDGET` bytes
  of such bodies), so a body trickled in costs no thread either;
- a connection we close is drained for the peer's FIN in the loop too (gthread's graceful close
  waits for it in the loop's thread, up to 2 s per connection);
- once a request thread has the connection, each read or write on it waits at most
  :data:`IO_TIMEOUT` seconds (a chunked or large body, an answer never read): a stalled client holds a
  thread that long at most. (A client trickling a large body a byte every few seconds still can.)

With ``threads = 1`` (the default) a request is served in the loop's own thread once its head is in, as
the sync worker serves it (and, as there, without keep-alive: ``serve.gunicorn_options``); with more, by
the pool, as gthread does.
TLS is not handled here (the service is run behind a TLS terminator): with ``certfile`` set, or HTTP/2
enabled, the worker behaves exactly as gthread.
"""
from __future__ import annotations

import errno
import re
import selectors
import socket
import time
from collections import deque
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import ThreadWorker, TConn

#: Seconds a client has to send its whole request head, from its first byte (Apache's
#: ``RequestReadTimeout header=20-40`` is in the same range; nginx's ``client_header_timeout`` is 60 s).
HEAD_TIMEOUT = 10.0
#: Seconds any one read or write waits once a request thread serves the connection.
IO_TIMEOUT = 10.0
#: Bytes a request head may have in all (request line and header fields).
HEAD_MAX_BYTES = 1024 * 1024
#: A body of declared length up to this size is read ahead too, within this many seconds of its head.
BODY_BUFFER_MAX = 8 * 1024 * 1024
BODY_TIMEOUT = 30.0
#: Bytes of bodies one worker reads ahead at once; past that, a body is read by the request thread.
BODY_BUFFER_BUDGET = 64 * 1024 * 1024
#: Seconds a closed connection is drained for the peer's FIN (gunicorn's close_graceful; RFC 9112 9.6).
LINGER_SECONDS = 2.0
_RECV_BYTES = 64 * 1024
_HEAD_ENDS = (b"\r\n\r\n", b"\n\n")
_CONTENT_LENGTH = re.compile(rb"\ncontent-length:[ \t]*([0-9]{1,12})[ \t]*\r?\n")
_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
              b"Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n")


def head_end(buffer: bytes | bytearray) -> int | None:
    """Where the request head in ``buffer`` ends (after its empty line), None while it is incomplete."""
    ends = [found + len(end) for end in _HEAD_ENDS if (found := buffer.find(end)) >= 0]
    return min(ends, default=None)


def bytes_wanted(buffer: bytes | bytearray) -> int | None:
    """How many bytes of ``buffer`` the next request needs before a thread takes it: its head, and its
    body when that has a declared length up to :data:`BODY_BUFFER_MAX` (not with ``Expect``: that
    client waits for ``100 Continue``; not chunked); None while the head is incomplete."""
    end = head_end(buffer)
    if end is None:
        return None
    head = bytes(buffer[:end]).lower()
    if b"\nexpect:" in head or b"\ntransfer-encoding:" in head:
        return end
    declared = _CONTENT_LENGTH.search(head)
    length = int(declared[1]) if declared else 0
    return end + length if length <= BODY_BUFFER_MAX else end


class WithoutBody:
    """A client socket for gunicorn's own error page answering a HEAD request: status line and headers,
    no body (a HEAD answer has none; gunicorn writes its HTML page whatever the method)."""

    def __init__(self, sock) -> None:
        self._sock = sock

    def __getattr__(self, name: str):
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        head, blank_line, _ = data.partition(b"\r\n\r\n")
        self._sock.sendall(head + blank_line)


class HeadBufferedConn(TConn):
    """A connection with the bytes of its next request head read ahead by the selector loop."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.head = bytearray()  # the next request's bytes read ahead: its head, perhaps its body
        self.head_ready = False
        self.in_body = False  # the head is in, its body is being read ahead
        self.budgeted = 0  # bytes of the worker's BODY_BUFFER_BUDGET this connection holds
        self.wanted: int | None = None  # bytes_wanted() of the request being read ahead, once its head is in

    #: Set by the worker: closes the connection gracefully without blocking the worker's loop.
    linger = None

    def close(self, graceful: bool = False) -> None:
        # gthread's graceful close waits up to 2 s for the peer in the loop's thread: a client that
        # never closes would stall every other connection that long. The worker's loop drains it instead.
        if graceful and self.linger is not None:
            return self.linger(self.sock)
        super().close(graceful)

    def init(self) -> None:
        # Runs in the request thread each time it takes the connection (gthread's init is idempotent).
        super().init()
        self.sock.settimeout(IO_TIMEOUT)
        if self.head:
            self.parser.unreader.unread(bytes(self.head))
            self.head = bytearray()


class HeadBufferingWorker(ThreadWorker):
    """gthread, with request heads read in the selector loop (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reading_heads: dict[HeadBufferedConn, float] = {}  # connection -> deadline
        self.buffered_bodies = 0  # bytes reserved by the bodies being read ahead (BODY_BUFFER_BUDGET)
        self.ready: deque[HeadBufferedConn] = deque()  # heads complete, to serve in this thread (threads = 1)
        self.serving_inline = False
        self.lingering: dict[socket.socket, float] = {}  # closed by us, drained until the peer closes

    def _buffering(self) -> bool:
        return not self.cfg.is_ssl and self.cfg.http2_cleartext not in ("prior-knowledge", "both")

    def accept(self, listener) -> None:
        if not self._buffering():
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = HeadBufferedConn(self.cfg, client_sock, client_addr, listener.getsockname())
        conn.linger = self._linger
        self.enqueue_req(conn)

    def enqueue_req(self, conn) -> None:
        """Every way to a request thread passes here: first the head (and a small body), then a thread."""
        if not isinstance(conn, HeadBufferedConn):
            return super().enqueue_req(conn)
        if conn.head_ready:
            conn.head_ready = False
            if self.cfg.threads == 1:
                return self._serve_inline(conn)
            return super().enqueue_req(conn)
        if conn.parser is not None:
            # Read ahead by the previous request's parser (a pipelined request): it is the next head's start.
            conn.head += conn.parser.unreader.take_buffered()
        if self._ready_to_serve(conn):
            return self._to_thread(conn)
        conn.sock.setblocking(False)
        if not conn.head and self._read_now(conn):
            return  # the head was already there (most requests): no round through the selector
        if not conn.in_body:
            self.reading_heads[conn] = time.monotonic() + HEAD_TIMEOUT
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_bytes, conn))

    def _read_now(self, conn: HeadBufferedConn) -> bool:
        """Read what already arrived; True when that settled the connection (served, or dropped)."""
        try:
            data = conn.sock.recv(_RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        if not data:
            self.nr_conns -= 1
            conn.close()
            return True
        conn.head += data
        if self._ready_to_serve(conn):
            self._stop_reading(conn)
            self._to_thread(conn)
            return True
        return False

    def _ready_to_serve(self, conn: HeadBufferedConn) -> bool:
        if conn.wanted is None:  # found once per request: the body's bytes are not searched again
            conn.wanted = bytes_wanted(conn.head)
        wanted = conn.wanted
        if wanted is None:
            return False
        if len(conn.head) >= wanted:
            return True
        if not conn.in_body:  # head complete, a body to wait for: its own deadline, within the budget
            if self.buffered_bodies + wanted > BODY_BUFFER_BUDGET:
                return True
            conn.in_body = True
            self.reading_heads[conn] = time.monotonic() + BODY_TIMEOUT
            self.buffered_bodies += wanted
            conn.budgeted = wanted
        return False

    def _on_bytes(self, conn: HeadBufferedConn, sock) -> None:
        try:
            data = sock.recv(_RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            return self._drop(conn)
        conn.head += data
        if self._ready_to_serve(conn):
            self._stop_reading(conn)
            self._to_thread(conn)
        elif not conn.in_body and len(conn.head) > HEAD_MAX_BYTES:
            try:
                sock.send(_TOO_LARGE)
            except OSError:
                pass
            self._drop(conn)

    def _serve_inline(self, conn: HeadBufferedConn) -> None:
        """One thread: serve in the loop's own thread, as the sync worker does (no hand-off between
        threads: that cost ~200 µs and a GIL switch per request). A loop, not recursion: a pipelined
        request found after one is served joins the queue."""
        self.ready.append(conn)
        if self.serving_inline:
            return
        self.serving_inline = True
        try:
            while self.ready:
                current = self.ready.popleft()
                done: futures.Future = futures.Future()
                try:
                    done.set_result(self.handle(current))
                except Exception as error:  # handle() answers its own errors; this is a last resort
                    done.set_exception(error)
                self.finish_request(current, done)
        finally:
            self.serving_inline = False

    def _to_thread(self, conn: HeadBufferedConn) -> None:
        conn.head_ready, conn.wanted = True, None
        conn.data_ready = True  # gthread would otherwise wait for bytes we already read
        self.enqueue_req(conn)

    def _stop_reading(self, conn: HeadBufferedConn) -> None:
        self.reading_heads.pop(conn, None)
        self.buffered_bodies -= conn.budgeted
        conn.budgeted, conn.in_body = 0, False
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    def _drop(self, conn: HeadBufferedConn) -> None:
        self._stop_reading(conn)
        self.nr_conns -= 1
        conn.close()

    def _linger(self, sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, self._on_linger_bytes)
        except (OSError, KeyError, ValueError):
            sock.close()
            return
        self.lingering[sock] = time.monotonic() + LINGER_SECONDS

    def _on_linger_bytes(self, sock: socket.socket) -> None:
        try:
            if sock.recv(_RECV_BYTES):
                return  # the rest of a request we will not read: dropped
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._end_linger(sock)

    def _end_linger(self, sock: socket.socket) -> None:
        self.lingering.pop(sock, None)
        try:
            self.poller.unregister(sock)
        except (KeyError, ValueError, OSError):
            pass
        sock.close()

    def handle_error(self, req, client, addr, exc) -> None:
        # gunicorn's last-resort answers (a response header the app got wrong, a malformed request).
        if getattr(req, "method", None) == "HEAD":
            client = WithoutBody(client)
        super().handle_error(req, client, addr, exc)

    def murder_pending(self) -> None:
        # Called by gthread's loop about once a second, also while stopping: heads past their time go.
        super().murder_pending()
        now = time.monotonic()
        for conn, deadline in list(self.reading_heads.items()):
            if deadline <= now or (not self.alive and not conn.head):
                self._drop(conn)
        for sock, deadline in list(self.lingering.items()):
            if deadline <= now or not self.alive:
                self._end_linger(sock)
