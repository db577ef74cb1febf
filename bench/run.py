"""Benchmark wpcompat against the ceiling of a bare Flask app: ``python bench/run.py`` (see bench/README.md).

One run: generate two platforms (50 tenants, 20k customers, and 200k or 10k appointments) into SQLite
files under --workdir; start a bare Flask app (bench/ceiling.py) and ``wpcompat serve`` on each platform
with the same gunicorn settings, on free loopback ports; drive each scenario with ``wrk`` (or the Python
generator) at --connections for --seconds after a short warm-up; print a table and write bench/results.json.
The three figures the targets compare (the ceiling, the list at both sizes) are measured in --rounds
alternating rounds and reported by their median round. Every server is stopped at the end, whatever
happens. Bounded: every scenario runs for --seconds (per round).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/server_process.py

from generate import TenantKeys, generate  # noqa: E402
from load import Call, Result, run  # noqa: E402

from tests.server_process import free_port, running_server  # noqa: E402
from wpcompat.server import serve  # noqa: E402

HERE = Path(__file__).resolve().parent
BOOKNETIC = "/wp-json/booknetic/v1"
AJAX = "/wp-admin/admin-ajax.php"


def _auth(keys: TenantKeys) -> dict[str, str]:
    token = base64.b64encode(f"{keys.login}:{keys.app_password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@dataclass(frozen=True)
class Server:
    base: str
    pid: int  # gunicorn's master process


@dataclass(frozen=True)
class Measured:
    result: Result
    server_cpu_us: float | None  # CPU time the server (master and workers) spent per request


@contextmanager
def _server(command: list[str], env: dict, port: int) -> Iterator[Server]:
    with running_server(command, port, env=env, cwd=HERE.parent) as run:
        yield Server(run.base, run.process.pid)


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by process ``pid`` and its children (Linux's /proc); None elsewhere."""
    total, tick = 0, os.sysconf("SC_CLK_TCK")
    try:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
                total += int(fields[11]) + int(fields[12])  # user and system time, in ticks
    except OSError:
        return None
    return total / tick


def _wpcompat(database_url: str, args) -> tuple[list[str], dict, int]:
    port = free_port()
    # Rate limits counted as in production (the shared SQLite counters), but never reached: the bench measures
    # the cost of counting, not 429s.
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "bench",
           "WPCOMPAT_RATELIMIT_ENABLED": "true", "WPCOMPAT_RATELIMIT_AUTHENTICATED": "1000000000/minute",
           "WPCOMPAT_RATELIMIT_ANONYMOUS": "1000000000/minute"}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(args.workers), "--threads", str(args.threads)]
    return command, env, port


def _ceiling(args) -> tuple[list[str], dict, int]:
    port = free_port()
    command = [sys.executable, str(HERE / "ceiling.py"), "--port", str(port), "--workers", str(args.workers),
               "--threads", str(args.threads)]
    return command, dict(os.environ), port


def _migrated(url: str) -> None:
    from flask_migrate import upgrade

    from wpcompat import create_app
    from wpcompat.extensions import db

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _platform(workdir: Path, appointments: int, args) -> tuple[str, list[TenantKeys]]:
    path = workdir / f"bench-{appointments}.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    began = time.monotonic()
    _migrated(url)
    keys = generate(url, tenants=args.tenants, appointments=appointments, customers=args.customers)
    print(f"generated {args.tenants} tenants, {appointments} appointments, {args.customers} customers "
          f"in {time.monotonic() - began:.1f} s", flush=True)
    return url, keys


def _list_calls(keys: list[TenantKeys]) -> list[Call]:
    return [Call("GET", f"/{k.slug}{BOOKNETIC}/appointments?limit=20", _auth(k)) for k in keys]


#: The scenarios --only can pick (besides ``list``, the alternating rounds of the list at both sizes), by
#: short name: the long one is the table's.
SCENARIOS = {
    "customers": "GET /customers?search=",
    "index": "GET /wp-json/ (index)",
    "get_reservations": "TB get_reservations",
    "get_slots": "TB get_slots (60 days)",
    "available_times": "GET /appointments/available-times (1 day)",
    "bookings": "POST /appointments (bookings)",
}


def _scenarios(keys: list[TenantKeys], only: set[str]) -> dict[str, list[Call]]:
    today = date.today()
    window = {"from": today.isoformat(), "to": (today + timedelta(days=60)).isoformat()}

    def ajax(k: TenantKeys, operation: str, **params) -> str:
        query = {"action": "teambooking_rest_api", "operation": operation, "auth_token": k.token, **params}
        return f"/{k.slug}{AJAX}?{urlencode(query)}"

    calls = {
        "customers": lambda: [Call("GET", f"/{k.slug}{BOOKNETIC}/customers?search={term}", _auth(k))
                              for k in keys for term in ("Jansen", "Emma", "c12")],
        "index": lambda: [Call("GET", "/wp-json/", {})],
        "get_reservations": lambda: [Call("GET", ajax(k, "get_reservations"), {}) for k in keys],
        "get_slots": lambda: [Call("GET", ajax(k, "get_slots", service_id=k.service_slug, **window), {})
                              for k in keys],
        "available_times": lambda: _available_times(keys, today),
        "bookings": lambda: _bookings(keys, today),
    }
    return {SCENARIOS[name]: make() for name, make in calls.items() if name in only}


def _available_times(keys: list[TenantKeys], today: date, days: int = 7) -> list[Call]:
    """One day of one staff member's starts, every staff member of every tenant in turn: the next
    ``days`` days (working days the generated bookings fill, and a weekend) and as many a year ahead,
    beyond them (a whole day of free starts, the longest answer)."""
    calls = []
    for n in [*range(1, days + 1), *range(400, 400 + days)]:
        day = (today + timedelta(days=n)).isoformat()
        for staff_index in range(len(keys[0].staff_ids)):
            for k in keys:
                query = urlencode({"service": k.service_id, "staff": k.staff_ids[staff_index], "date": day})
                calls.append(Call("GET", f"/{k.slug}{BOOKNETIC}/appointments/available-times?{query}", _auth(k)))
    return calls


def _bookings(keys: list[TenantKeys], today: date, per_staff_days: int = 6) -> list[Call]:
    """Distinct free slots, far beyond the generated bookings: each call books one, none collides."""
    calls = []
    first = today + timedelta(days=400)
    days = [first + timedelta(days=n) for n in range(per_staff_days * 7 // 5 + 7) if (first + timedelta(days=n)).weekday() < 5]
    for day in days[:per_staff_days]:
        for time_ in ("09:00", "10:30", "12:00", "13:30", "15:00"):
            for staff_index in range(len(keys[0].staff_ids)):
                for k in keys:
                    body = {"customer_id": k.customer_ids[staff_index], "service_id": k.service_id,
                            "staff_id": k.staff_ids[staff_index], "date": day.isoformat(), "time": time_}
                    calls.append(Call("POST", f"/{k.slug}{BOOKNETIC}/appointments",
                                      {**_auth(k), "Content-Type": "application/json"}, json.dumps(body)))
    return calls


def _idle(pid: int, limit: float = 180.0) -> float | None:
    """Wait until the server has answered what it was sent (its CPU stops rising); its CPU seconds then.

    wrk stops with a request outstanding on each connection, and the server still answers those (and a
    warm-up's): without waiting, a slow scenario's backlog runs into the next measurement."""
    deadline, last = time.monotonic() + limit, _cpu_seconds(pid)
    while last is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now is None or now - last < 0.02:
            return now
        last = now
    return last


def _measure(server: Server, calls: list[Call], args, warm: bool = True) -> Measured:
    if warm:
        run(server.base, calls, args.connections, max(1, args.seconds // 5), args.load)
    before = _idle(server.pid)
    result = run(server.base, calls, args.connections, args.seconds, args.load)
    after = _idle(server.pid)
    # The CPU until the server is idle again covers the requests wrk left outstanding, one per connection
    # (the Python generator waits for its last answers, which it counts).
    answered = result.requests + (args.connections if result.tool == "wrk" else 0)
    cpu = (after - before) / answered * 1e6 if before is not None and after is not None and result.requests else None
    return Measured(result, cpu)


def _size(appointments: int) -> str:
    return f"{appointments // 1000}k" if appointments >= 1000 else str(appointments)


def _median(rounds: list[Measured]) -> Measured:
    """The round with the median requests/s (its latencies and CPU with it)."""
    return sorted(rounds, key=lambda measured: measured.result.rps)[(len(rounds) - 1) // 2]


def _row(name: str, measured: Measured, ceiling: Measured, rounds: list[Measured] | None = None) -> dict:
    result, cpu = measured.result, measured.server_cpu_us
    row = {"scenario": name, "requests_per_s": round(result.rps, 1), "p50_ms": round(result.p50_ms, 2),
           "p99_ms": round(result.p99_ms, 2), "ratio_to_ceiling": round(result.rps / ceiling.result.rps, 3),
           "server_cpu_us_per_request": round(cpu) if cpu is not None else None,
           # The steadier figure: this scenario's server CPU per request over the ceiling's, in the same run.
           "cpu_over_ceiling": round(cpu / ceiling.server_cpu_us, 1) if cpu and ceiling.server_cpu_us else None,
           "requests": result.requests, "non_2xx": result.non_2xx, "tool": result.tool}
    if rounds is not None:
        row["rounds_requests_per_s"] = [round(r.result.rps, 1) for r in rounds]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=HERE / "work", help="where the SQLite files go")
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--appointments", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=10_000, help="appointments of the comparison platform")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=serve.default_workers("sqlite"),
                        help="gunicorn workers for both servers (default: wpcompat serve's on SQLite, one per core)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (default: 1, sync workers)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10, help="per scenario (plus a short warm-up)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of the ceiling and the two list figures (median reported)")
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator (auto: wrk when installed)")
    parser.add_argument("--output", type=Path, default=None,
                        help="default bench/results.json; with --only, results-only.json in --workdir")
    parser.add_argument("--only", type=_only, default=None, metavar="NAME,...",
                        help="run only these scenarios (and the ceiling): list, " + ", ".join(SCENARIOS)
                             + "; without list the 10k platform is not generated")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    only = args.only or {"list", *SCENARIOS}
    args.output = args.output or (args.workdir / "results-only.json" if args.only else HERE / "results.json")

    big_url, big_keys = _platform(args.workdir, args.appointments, args)
    small_url, small_keys = _platform(args.workdir, args.small, args) if "list" in only else (None, [])
    big_name, small_name = _size(args.appointments), _size(args.small)
    rows = []
    with ExitStack() as servers:
        ceiling_base = servers.enter_context(_server(*_ceiling(args)))
        big_base = servers.enter_context(_server(*_wpcompat(big_url, args)))
        small_base = servers.enter_context(_server(*_wpcompat(small_url, args))) if small_url else None
        # The machine's speed drifts between minutes (here by 10-20%): alternating rounds spread the drift
        # over the three figures alike, and the median round of each is reported.
        rounds: dict[str, list[Measured]] = {"ceiling": [], "big": [], "small": []}
        for n in range(max(args.rounds, 1)):
            rounds["ceiling"].append(_measure(ceiling_base, [Call("GET", "/", {})], args))
            line = f"round {n + 1}: ceiling {rounds['ceiling'][-1].result.rps:.0f} req/s"
            if small_base is not None:
                rounds["big"].append(_measure(big_base, _list_calls(big_keys), args))
                rounds["small"].append(_measure(small_base, _list_calls(small_keys), args))
                line += (f", list @ {big_name} {rounds['big'][-1].result.rps:.0f}, "
                         f"list @ {small_name} {rounds['small'][-1].result.rps:.0f}")
            print(line, flush=True)
        ceiling = _median(rounds["ceiling"])
        rows.append(_row("ceiling: bare Flask constant list", ceiling, ceiling, rounds["ceiling"]))
        if small_base is not None:
            rows.append(_row(f"GET /appointments?limit=20 @ {big_name}", _median(rounds["big"]), ceiling,
                             rounds["big"]))
        for name, calls in _scenarios(big_keys, only).items():
            measured = _measure(big_base, calls, args, warm=not name.startswith("POST"))
            rows.append(_row(f"{name} @ {big_name}", measured, ceiling))
            print(f"{rows[-1]['scenario']}: {measured.result.rps:.0f} req/s", flush=True)
        if small_base is not None:
            rows.append(_row(f"GET /appointments?limit=20 @ {small_name}", _median(rounds["small"]), ceiling,
                             rounds["small"]))

    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {k: getattr(args, k) for k in ("tenants", "appointments", "small", "customers", "workers",
                                                   "threads", "connections", "seconds", "rounds")},
        "rows": rows,
        "targets": _targets(rows, big_name) if "list" in only else {},
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    _print_table(rows)
    print(json.dumps(report["targets"]))
    print(f"written {args.output}")


def _only(value: str) -> set[str]:
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = names - {"list", *SCENARIOS}
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown scenario(s) {', '.join(sorted(unknown)) or '(none)'}; "
                                         f"choose from list, {', '.join(SCENARIOS)}")
    return names


def _targets(rows: list[dict], big_name: str) -> dict:
    big = next(r for r in rows if r["scenario"] == f"GET /appointments?limit=20 @ {big_name}")
    small = rows[-1]
    return {
        "list_200k_ratio_to_ceiling": big["ratio_to_ceiling"], "list_200k_p99_ms": big["p99_ms"],
        "list_p50_200k_over_10k": round(big["p50_ms"] / small["p50_ms"], 2),
        # Not a target, a steadier view of the first: server CPU per list request over the ceiling's.
        "list_200k_server_cpu_over_ceiling": (
            round(big["server_cpu_us_per_request"] / rows[0]["server_cpu_us_per_request"], 2)
            if big["server_cpu_us_per_request"] and rows[0]["server_cpu_us_per_request"] else None),
    }


def _print_table(rows: list[dict]) -> None:
    header = (f"{'scenario':<50} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x ceiling':>9} {'CPU us/req':>10} "
              f"{'CPU x ceil':>10} {'non-2xx':>8}")
    print(header)
    print("-" * len(header))
    for r in rows:
        cpu = r["server_cpu_us_per_request"]
        times = r["cpu_over_ceiling"]
        print(f"{r['scenario']:<50} {r['requests_per_s']:>8.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['ratio_to_ceiling']:>9.2f} {cpu if cpu is not None else '-':>10} "
              f"{times if times is not None else '-':>10} {r['non_2xx']:>8}")


if __name__ == "__main__":
    main()
