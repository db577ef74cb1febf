"""Run the app under gunicorn, embedded: ``wpcompat serve`` needs no gunicorn command line or config file.

Default workers: on SQLite, one per CPU core (the database work runs inside the worker, so a
request is all CPU; more workers than cores only take turns, and the turns show up in the slowest
answers: p99 at 16 connections fell from ~90-210 ms to ~45 ms on 2 cores); on a database server,
gunicorn's ``2 × cores + 1`` (workers wait on the network). The worker is gthread reading each request
head in its selector loop before a thread takes it (``wpcompat.server.worker``: slow clients cost a
socket, not a worker); ``--threads`` is its pool size (1: one request at a time and no keep-alive,
like gunicorn's sync worker). gunicorn's request-line and header limits are raised to the worker's hard cap: the service's
own (Apache's), answered in each URL family's format, are ``wpcompat.request_limits``. The access
log (secrets redacted: ``wpcompat.server.access_log``) goes to stdout, gunicorn's own log to stderr. SIGTERM is a
graceful shutdown (workers finish their requests, up to ``GRACEFUL_TIMEOUT`` s). gunicorn's own
reading of ``X-Forwarded-Proto`` (trusted from 127.0.0.1 by default) is switched off: forwarding headers
are trusted only through ProxyFix when configured (``wpcompat.server.proxies``). gunicorn's control socket (``$HOME/.gunicorn/gunicorn.ctl`` since gunicorn 25) is disabled: two servers would share it.
"""
from __future__ import annotations

import logging
import os
import signal
import threading

from flask import Flask
from gunicorn.app.base import BaseApplication

from .worker import HEAD_MAX_BYTES

GRACEFUL_TIMEOUT = 30
KEEPALIVE = 2  # gunicorn's default, seconds
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'


def default_workers(database: str = "sqlite") -> int:
    """One per core on SQLite (``database`` is the SQLAlchemy dialect name), else ``2 × cores + 1``."""
    cores = os.cpu_count() or 1
    return cores if database == "sqlite" else 2 * cores + 1


def gunicorn_options(host: str, port: int, workers: int | None = None, threads: int = 1,
                     database: str = "sqlite") -> dict:
    """The gunicorn settings ``wpcompat serve`` runs with."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers or default_workers(database),
        "threads": threads,
        # One thread: like sync, a connection per request (kept-alive connections stay with the worker
        # that accepted them, and on SQLite one busy worker then queues what an idle one could serve).
        "keepalive": 0 if threads == 1 else KEEPALIVE,
        "worker_class": "wpcompat.server.worker.HeadBufferingWorker",
        # gunicorn's limits are the last line only (its HTML 414/431); the app's are lower.
        "limit_request_line": 0,  # 0: up to gunicorn's 1 MiB
        "limit_request_fields": 32768,  # gunicorn's maximum
        "limit_request_field_size": HEAD_MAX_BYTES,
        "logger_class": "wpcompat.server.access_log.RedactingLogger",
        "accesslog": "-",
        # gunicorn's default line, then the answer's X-Request-Id (wpcompat.request_id).
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "wpcompat",
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "forwarded_allow_ips": "",
        "control_socket_disable": True,
    }


class EmbeddedServer(BaseApplication):
    """gunicorn serving an app object made in this process (each worker inherits it at fork)."""

    def __init__(self, app: Flask, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            # Settings newer than the installed gunicorn (e.g. the control socket) are skipped.
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run(app: Flask, options: dict, webhooks: bool = True) -> None:
    """Serve ``app`` until SIGTERM/SIGINT; gunicorn exits the process when it stops. With ``webhooks``, one
    delivery process runs beside gunicorn (:func:`start_delivery`)."""
    if webhooks:
        start_delivery(app)
    EmbeddedServer(app, options).run()


def start_delivery(app: Flask) -> int:
    """Fork the webhook delivery process (before gunicorn starts: no threads, no sockets yet); its pid.

    A plain fork, not multiprocessing (whose exit handlers, inherited by gunicorn's workers, would signal
    it). It stops on SIGTERM/SIGINT, and by itself within a poll when this process is gone, however it ended
    (``kill -9`` included): its parent pid changes. gunicorn's arbiter reaps it if it exits.
    """
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        from ..webhooks import delivery  # noqa: PLC0415 - the child's own work

        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        delivery.run(app, stop, parent_alive=lambda: os.getppid() == parent)
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        logging.getLogger(__name__).exception("webhook delivery process failed")
        status = 1
    finally:
        os._exit(status)
