"""Load generators: ``wrk`` (with a generated Lua script) when installed, else a bounded Python one.

Both take a list of requests to cycle through (so calls spread over tenants and every booking asks for a
slot no other request asked for), a connection count and a duration, and return requests/s, p50 and
p99 latency in milliseconds, the request count and how many answers were not 2xx.
"""
from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WRK_THREADS = 2


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    tool: str


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for these ASCII values


def _lua_script(calls: list[Call]) -> str:
    entries = []
    for call in calls:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in call.headers.items())
        body = _lua_string(call.body) if call.body is not None else "nil"
        entries.append(f"{{{_lua_string(call.method)}, {_lua_string(call.path)}, {{{headers}}}, {body}}}")
    return f"""
local calls = {{
{(',' + chr(10)).join(entries)}
}}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end
function init(args)
  counter = tid
end
function request()
  local c = calls[(counter % #calls) + 1]
  counter = counter + {WRK_THREADS}
  return wrk.format(c[1], c[2], c[3], c[4])
end
"""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * _UNITS[unit]


def run_wrk(base: str, calls: list[Call], connections: int, seconds: float) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_script(calls))
    try:
        out = subprocess.run(["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{int(seconds)}s", "--latency",
                              "--timeout", "30s", "-s", script.name, base],
                             capture_output=True, text=True, timeout=seconds + 90, check=True).stdout
    finally:
        Path(script.name).unlink()
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return Result(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), _ms(percentiles["50"]),
                  _ms(percentiles["99"]), requests, failed, "wrk")


def run_python(base: str, calls: list[Call], connections: int, seconds: float) -> Result:
    """``connections`` threads, each with one keep-alive connection, for ``seconds``."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        mine, failed, n = [], 0, offset
        while time.monotonic() < deadline:
            call = calls[n % len(calls)]
            n += connections
            began = time.perf_counter()
            try:
                conn.request(call.method, call.path, body=call.body, headers=call.headers)
                response = conn.getresponse()
                response.read()
                failed += not 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: 0.0)
    return Result(len(latencies) / elapsed, pick(0.50), pick(0.99), len(latencies), failures[0], "python")


def run(base: str, calls: list[Call], connections: int, seconds: float, tool: str = "auto") -> Result:
    """``tool`` "wrk", "python", or "auto": wrk when installed, else the Python generator."""
    if tool == "wrk" or (tool == "auto" and shutil.which("wrk")):
        return run_wrk(base, calls, connections, seconds)
    return run_python(base, calls, connections, seconds)
