"""Running a real server process, for the tests that need real HTTP clients and for ``bench/`` (which
imports it from the checkout: it is a test helper, not part of the shipped package).

:func:`running_server` starts a command that serves HTTP on a loopback port, waits until it answers
(any HTTP status counts: the server is up), and always stops it the way an operator would (SIGTERM,
a graceful exit; killed only if it hangs), leaving its exit status and captured output behind.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

START_SECONDS = 60
STOP_SECONDS = 40


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerRun:
    """A started server: its base URL and process; after the block, its exit status and output."""

    base: str
    process: subprocess.Popen
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""


@contextmanager
def running_server(command: Sequence[str], port: int, *, env: dict | None = None, cwd=None,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) -> Iterator[ServerRun]:
    """Run ``command`` (which serves on 127.0.0.1:``port``) for the block.

    ``stdout``/``stderr``: ``subprocess.PIPE`` to read them afterwards (keep a piped stream small: a
    full pipe stalls the server), else where they go (default: nowhere).
    """
    process = subprocess.Popen(list(command), env=env, cwd=cwd, stdout=stdout, stderr=stderr, text=True)
    run = ServerRun(f"http://127.0.0.1:{port}", process)
    try:
        problem = _wait_until_up(run)
        if problem:
            _stop(run)
            raise RuntimeError(f"{problem}: {(run.stderr or run.stdout)[-2000:]}")
        yield run
    finally:
        if run.returncode is None:
            _stop(run)


def _wait_until_up(run: ServerRun) -> str | None:
    """None once the server answers HTTP (any status), else what went wrong."""
    deadline = time.monotonic() + START_SECONDS
    while run.process.poll() is None:
        try:
            urllib.request.urlopen(run.base + "/", timeout=2).close()
            return None
        except urllib.error.HTTPError:
            return None
        except OSError:
            if time.monotonic() > deadline:
                return f"the server did not answer within {START_SECONDS} s"
            time.sleep(0.2)
    return f"the server exited with status {run.process.returncode}"


def _stop(run: ServerRun) -> None:
    run.process.send_signal(signal.SIGTERM)
    try:
        out, err = run.process.communicate(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        run.process.kill()
        out, err = run.process.communicate()
    run.returncode, run.stdout, run.stderr = run.process.returncode, out or "", err or ""


def wpcompat_command(*args: str) -> list[str]:
    """``wpcompat ARGS`` run by this interpreter."""
    return [sys.executable, "-m", "wpcompat.cli", *args]


@contextmanager
def loaded_server(site_file: dict, directory, database_url: str, secret_key: str, *, workers: int,
                  threads: int, webhooks: bool = True) -> Iterator[ServerRun]:
    """``wpcompat load`` of ``site_file`` into ``database_url``, then ``wpcompat serve`` on a free
    loopback port (stderr captured) until the block ends."""
    site = directory / "site.json"
    site.write_text(json.dumps(site_file))
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": secret_key}
    subprocess.run(wpcompat_command("load", str(site)), env=env, capture_output=True, text=True, timeout=120,
                   check=True)
    port = free_port()
    command = wpcompat_command("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                               "--threads", str(threads), *(() if webhooks else ("--no-webhooks",)))
    with running_server(command, port, env=env, stderr=subprocess.PIPE) as run:
        yield run
