"""The gunicorn worker ``wpcompat serve`` runs: gunicorn's threaded worker, reading request heads first.

Why not a stock worker: the sync worker serves one connection at a time, so a client that sends half a
request head and waits holds the whole process (two such clients stalled ``--workers 2``). gunicorn's
gthread worker defers only connections that have sent *nothing* yet; one that sends a few bytes and
stalls still holds a pool thread until it finishes. The greenlet workers (gevent, eventlet) would need
the database drivers patched to cooperate. gunicorn's documentation answers slow clients with "put a
buffering proxy in front"; this worker is that buffer for the request head, inside the worker:

- every connection (new, kept alive, or with a pipelined request already read ahead) is read without
  blocking in the worker's selector loop until its head is complete (the blank line), and only then
  handed to the thread pool, its bytes given back to the HTTP parser's unreader (as gthread does with
  the HTTP/2 preface). Waiting for a head costs a socket and a few bytes, not a thread;
- a head is bounded: :data:`HEAD_TIMEOUT` seconds from its first byte, :data:`HEAD_MAX_BYTES` in all
  (past that the connection is answered with a bare 431 and closed: gunicorn's own cap, the last line;
  the service's limits, answered in each URL family's format, are far lower: ``wpcompat.request_limits``);
- once a request thread has the connection, each read or write on it waits at most
  :data:`IO_TIMEOUT` seconds (a body trickled in, an answer never read): a slow body holds a thread
  for that long at most, not forever.

With ``threads = 1`` it serves like the sync worker (one request at a time per process) plus keep-alive.
TLS is not handled here (the service is run behind a TLS terminator): with ``certfile`` set, or HTTP/2
enabled, the worker behaves exactly as gthread.
"""
from __future__ import annotations

import errno
import selectors
import time
from functools import partial

from gunicorn.workers.gthread import ThreadWorker, TConn

#: Seconds a client has to send its whole request head, from its first byte (Apache's
#: ``RequestReadTimeout header=20-40`` is in the same range; nginx's ``client_header_timeout`` is 60 s).
HEAD_TIMEOUT = 10.0
#: Seconds any one read or write waits once a request thread serves the connection.
IO_TIMEOUT = 10.0
#: Bytes a request head may have in all (request line and header fields).
HEAD_MAX_BYTES = 1024 * 1024
_RECV_BYTES = 64 * 1024
_HEAD_ENDS = (b"\r\n\r\n", b"\n\n")
_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
              b"Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n")


def head_complete(buffer: bytes | bytearray) -> bool:
    """Whether ``buffer`` holds a whole request head (up to the empty line ending it)."""
    return any(end in buffer for end in _HEAD_ENDS)


class HeadBufferedConn(TConn):
    """A connection with the bytes of its next request head read ahead by the selector loop."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.head = bytearray()
        self.head_ready = False

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
        self.enqueue_req(HeadBufferedConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def enqueue_req(self, conn) -> None:
        """Every way into the thread pool passes here: first the head, then a thread."""
        if not isinstance(conn, HeadBufferedConn) or conn.head_ready:
            if isinstance(conn, HeadBufferedConn):
                conn.head_ready = False
            return super().enqueue_req(conn)
        if conn.parser is not None:
            # Read ahead by the previous request's parser (a pipelined request): it is the next head's start.
            conn.head += conn.parser.unreader.take_buffered()
        if head_complete(conn.head):
            return self._to_thread(conn)
        conn.sock.setblocking(False)
        self.reading_heads[conn] = time.monotonic() + HEAD_TIMEOUT
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_head_bytes, conn))

    def _on_head_bytes(self, conn: HeadBufferedConn, sock) -> None:
        try:
            data = sock.recv(_RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            return self._drop(conn)
        start = max(len(conn.head) - 3, 0)
        conn.head += data
        if head_complete(conn.head[start:]):
            self._stop_reading(conn)
            self._to_thread(conn)
        elif len(conn.head) > HEAD_MAX_BYTES:
            try:
                sock.send(_TOO_LARGE)
            except OSError:
                pass
            self._drop(conn)

    def _to_thread(self, conn: HeadBufferedConn) -> None:
        conn.head_ready = True
        conn.data_ready = True  # gthread would otherwise wait for bytes we already read
        self.enqueue_req(conn)

    def _stop_reading(self, conn: HeadBufferedConn) -> None:
        self.reading_heads.pop(conn, None)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    def _drop(self, conn: HeadBufferedConn) -> None:
        self._stop_reading(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        # Called by gthread's loop about once a second, also while stopping: heads past their time go.
        super().murder_pending()
        now = time.monotonic()
        for conn, deadline in list(self.reading_heads.items()):
            if deadline <= now or (not self.alive and not conn.head):
                self._drop(conn)
