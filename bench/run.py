"""Benchmark wpcompat against the ceiling of a bare Flask app: ``python bench/run.py`` (see bench/README.md).

One run: generate two platforms (50 tenants, 20k customers, and 200k or 10k appointments) into SQLite
files under --workdir; start a bare Flask app (bench/ceiling.py) and ``wpcompat serve`` on each platform
with the same gunicorn settings, on free loopback ports; drive each scenario with ``wrk`` (or the Python
generator) at --connections for --seconds after a short warm-up; print a table and write bench/results.json.
Every server is stopped at the end, whatever happens. Bounded: every scenario runs for --seconds.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import TenantKeys, generate  # noqa: E402
from load import Call, Result, run  # noqa: E402

from wpcompat import serve  # noqa: E402
from wpcompat.testing import free_port, running_server  # noqa: E402

HERE = Path(__file__).resolve().parent
BOOKNETIC = "/wp-json/booknetic/v1"
AJAX = "/wp-admin/admin-ajax.php"


def _auth(keys: TenantKeys) -> dict[str, str]:
    token = base64.b64encode(f"{keys.login}:{keys.app_password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@contextmanager
def _server(command: list[str], env: dict, port: int) -> Iterator[str]:
    with running_server(command, port, env=env, cwd=HERE.parent) as run:
        yield run.base


def _wpcompat(database_url: str, args) -> tuple[list[str], dict, int]:
    port = free_port()
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "bench"}
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


def _scenarios(keys: list[TenantKeys]) -> dict[str, list[Call]]:
    today = date.today()
    window = {"from": today.isoformat(), "to": (today + timedelta(days=60)).isoformat()}

    def ajax(k: TenantKeys, operation: str, **params) -> str:
        query = {"action": "teambooking_rest_api", "operation": operation, "auth_token": k.token, **params}
        return f"/{k.slug}{AJAX}?{urlencode(query)}"

    return {
        "GET /appointments?limit=20": _list_calls(keys),
        "GET /customers?search=": [Call("GET", f"/{k.slug}{BOOKNETIC}/customers?search={term}", _auth(k))
                                   for k in keys for term in ("Jansen", "Emma", "c12")],
        "GET /wp-json/ (index)": [Call("GET", "/wp-json/", {})],
        "TB get_reservations": [Call("GET", ajax(k, "get_reservations"), {}) for k in keys],
        "TB get_slots (60 days)": [Call("GET", ajax(k, "get_slots", service_id=k.service_slug, **window), {})
                                   for k in keys],
        "POST /appointments (bookings)": _bookings(keys, today),
    }


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


def _measure(base: str, calls: list[Call], args, warm: bool = True) -> Result:
    if warm:
        run(base, calls, args.connections, max(1, args.seconds // 5), args.load)
    return run(base, calls, args.connections, args.seconds, args.load)


def _size(appointments: int) -> str:
    return f"{appointments // 1000}k" if appointments >= 1000 else str(appointments)


def _row(name: str, result: Result, ceiling: Result) -> dict:
    return {"scenario": name, "requests_per_s": round(result.rps, 1), "p50_ms": round(result.p50_ms, 2),
            "p99_ms": round(result.p99_ms, 2), "ratio_to_ceiling": round(result.rps / ceiling.rps, 3),
            "requests": result.requests, "non_2xx": result.non_2xx, "tool": result.tool}


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
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator (auto: wrk when installed)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    big_url, big_keys = _platform(args.workdir, args.appointments, args)
    small_url, small_keys = _platform(args.workdir, args.small, args)
    rows = []
    with _server(*_ceiling(args)) as base:
        ceiling = _measure(base, [Call("GET", "/", {})], args)
    rows.append(_row("ceiling: bare Flask constant list", ceiling, ceiling))
    print(f"ceiling: {ceiling.rps:.0f} req/s", flush=True)
    with _server(*_wpcompat(big_url, args)) as base:
        for name, calls in _scenarios(big_keys).items():
            result = _measure(base, calls, args, warm=not name.startswith("POST"))
            rows.append(_row(f"{name} @ {_size(args.appointments)}", result, ceiling))
            print(f"{rows[-1]['scenario']}: {result.rps:.0f} req/s", flush=True)
    with _server(*_wpcompat(small_url, args)) as base:
        result = _measure(base, _list_calls(small_keys), args)
        rows.append(_row(f"GET /appointments?limit=20 @ {_size(args.small)}", result, ceiling))

    big = next(r for r in rows if r["scenario"] == f"GET /appointments?limit=20 @ {_size(args.appointments)}")
    small = rows[-1]
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {k: getattr(args, k) for k in ("tenants", "appointments", "small", "customers", "workers",
                                                   "threads", "connections", "seconds")},
        "rows": rows,
        "targets": {
            "list_200k_ratio_to_ceiling": big["ratio_to_ceiling"], "list_200k_p99_ms": big["p99_ms"],
            "list_p50_200k_over_10k": round(big["p50_ms"] / small["p50_ms"], 2),
        },
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    _print_table(rows)
    print(json.dumps(report["targets"]))
    print(f"written {args.output}")


def _print_table(rows: list[dict]) -> None:
    header = f"{'scenario':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x ceiling':>9} {'non-2xx':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['scenario']:<40} {r['requests_per_s']:>8.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['ratio_to_ceiling']:>9.2f} {r['non_2xx']:>8}")


if __name__ == "__main__":
    main()
