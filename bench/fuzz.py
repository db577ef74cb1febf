"""Fuzz a real ``wpcompat serve --demo`` with N hostile requests: ``python bench/fuzz.py`` (see bench/README.md).

The generators are the suite's (tests/fuzz/): every REST route and method, every TeamBooking operation,
admin-ajax actions and hostile tenant slugs / Host headers, drawn from one seeded ``random.Random``. The
server runs on a fresh database (SQLite under --workdir, or the empty PostgreSQL database of
--database-url) loaded with the demo platform, whose credentials the requests use. Each answer is checked
as the suite checks it (tests/fuzz/checks.py); an error answer must also leave every table as it was.

Reported: the count of 5xx by route and cause (the cause of a 5xx is the exception the server logged,
at its innermost frame in this checkout), answers outside their family's format, header injections and
half-written rows; ``--workdir``/fuzz-report.json holds every distinct failure with its shortest curl
reproducer (also in fuzz-reproducers.sh, ``H=http://127.0.0.1:PORT`` first).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/fuzz, tests/server_process

from sqlalchemy import create_engine  # noqa: E402

from tests.fuzz import checks, requests, sites, targets, teambooking  # noqa: E402
from tests.fuzz.draws import RandomDraw  # noqa: E402
from tests.fuzz.transport import send_http  # noqa: E402
from tests.server_process import free_port, running_server  # noqa: E402
from wpcompat import create_app  # noqa: E402
from wpcompat.extensions import db  # noqa: E402
from wpcompat.sitefile import demo_site  # noqa: E402

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
#: How often each generator is picked.
MIX = (("rest", 60), ("teambooking", 22), ("site", 13), ("ajax", 5))
_PROJECT_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')


def demo_credentials() -> requests.Credentials:
    site = demo_site()
    home, other = site["tenants"][0], site["tenants"][1]
    users = tuple((user["login"], password["password"]) for tenant in (home, other) for user in tenant["users"]
                  for password in user.get("application_passwords", ()))
    tokens = tuple(t["token"] for tenant in (home, other) for t in sorted(
        tenant.get("teambooking_tokens", ()), key=lambda t: not t["write"]))
    return requests.Credentials(home["slug"], other["slug"], users, tokens)


class Generator:
    """The next request of the run, from one seeded draw."""

    def __init__(self, seed: int) -> None:
        app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "DATABASE_URL": "sqlite://"})
        self.draw = RandomDraw(seed)
        self.credentials = demo_credentials()
        self.rest = targets.rest_targets(app)
        self.teambooking = targets.teambooking_targets()
        self.teambooking_params = targets.teambooking_params()
        self.actions = targets.ajax_actions(app)
        self.kinds = [kind for kind, weight in MIX for _ in range(weight)]

    def next(self) -> requests.FuzzRequest:
        draw, kind = self.draw, self.draw.choice(self.kinds)
        if kind == "rest":
            # Mostly requests that reach the route's handler (the suite's test_rest_route); some with the
            # HTTP layer's oddities (unknown methods, junk after the route, other tenants, bad credentials).
            return requests.rest_request(draw, draw.choice(self.rest), self.credentials, odd_http=draw.chance(0.3))
        if kind == "teambooking":
            return teambooking.teambooking_request(draw, draw.choice(self.teambooking), self.credentials,
                                                self.teambooking_params)
        if kind == "ajax":
            return sites.ajax_request(draw, self.actions, self.credentials)
        return sites.site_request(draw, self.credentials)


def logged_cause(log_path: Path, offset: int) -> tuple[str, int]:
    """The last exception the server logged after ``offset``: ``Type at file:line (function): message``."""
    with open(log_path, errors="replace") as log:
        log.seek(offset)
        text = log.read()
        end = log.tell()
    block = text[text.rfind("Traceback (most recent call last)"):] if "Traceback" in text else ""
    if not block:
        return "no traceback logged", end
    frames = [m for m in _PROJECT_FRAME.finditer(block) if str(CHECKOUT) in m["file"] and "/.venv/" not in m["file"]]
    where = (f"{Path(frames[-1]['file']).relative_to(CHECKOUT)}:{frames[-1]['line']} ({frames[-1]['func']})"
             if frames else "outside the checkout")
    last = [line for line in block.splitlines() if line and not line.startswith((" ", "Traceback"))]
    error = last[0][:160] if last else "?"
    return f"{error.split(':')[0]} at {where}: {error}", end


_stop_requested = False


def interrupted() -> bool:
    return _stop_requested


def _request_stop(signum, frame) -> None:
    # SIGINT/SIGTERM end the run after the request in flight; the report covers what was sent.
    global _stop_requested
    _stop_requested = True


def fuzz(base_port: int, total: int, seed: int, database_url: str, log_path: Path) -> dict:
    generator = Generator(seed)
    engine = create_engine(database_url)
    failures: dict[tuple[str, str], dict] = {}
    statuses: Counter = Counter()
    offset, sent, started = 0, 0, time.monotonic()
    with engine.connect() as connection:
        def snapshot() -> dict:
            connection.rollback()  # a fresh read of what the server committed
            return checks.fingerprint(connection, db.metadata)

        before = snapshot()
        for index in range(total):
            if interrupted():
                print(f"  interrupted after {sent:,} requests: reporting those", flush=True)
                break
            request = generator.next()
            try:
                answer = send_http("127.0.0.1", base_port, request)
            except Exception as error:  # noqa: BLE001 - a dropped connection is a finding too
                answer = checks.Answer(599, (), f"{type(error).__name__}: {error}".encode())
            sent += 1
            statuses[answer.status // 100 * 100] += 1
            causes = checks.problems(request, answer)
            after = snapshot()
            if answer.status >= 400:
                causes += [f"error {answer.status} changed table {name}" for name in checks.changed_tables(before, after)]
            before = after
            if answer.status >= 500:
                cause, offset = logged_cause(log_path, offset)
                causes = [c if not c.startswith("status") else f"{c}: {cause}" for c in causes]
            for cause in causes:
                key = (request.label, cause, answer.status)
                entry = failures.setdefault(key, {"route": request.label, "cause": cause, "status": answer.status,
                                                  "count": 0, "curl": None})
                entry["count"] += 1
                curl = request.curl()
                if entry["curl"] is None or len(curl) < len(entry["curl"]):
                    entry["curl"], entry["body"] = curl, answer.body[:200].decode(
                        "utf-8", "replace")
            if (index + 1) % 2000 == 0:
                print(f"  {index + 1:,} requests, {sum(f['count'] for f in failures.values()):,} problems, "
                      f"{time.monotonic() - started:.0f} s", flush=True)
    engine.dispose()
    five = sum(f["count"] for f in failures.values() if f["cause"].startswith("status 5"))
    return {"requests": sent, "seed": seed, "seconds": round(time.monotonic() - started, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "5xx": five,
            "wrong_format": sum(f["count"] for f in failures.values() if f["cause"].startswith("not ")),
            "failures": sorted(failures.values(), key=lambda f: (-f["count"], f["cause"]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", help="an EMPTY database (e.g. postgresql+psycopg://...); "
                                               "default: a new SQLite file under --workdir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=HERE / "work" / "fuzz")
    options = parser.parse_args()
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    options.workdir.mkdir(parents=True, exist_ok=True)
    database_url = options.database_url or f"sqlite:///{tempfile.mkdtemp(dir=options.workdir)}/fuzz.sqlite3"
    port = free_port()
    log_path = options.workdir / "server.log"
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url,
           "WPCOMPAT_INSTANCE_PATH": tempfile.mkdtemp(dir=options.workdir)}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(options.workers)]
    with open(log_path, "w") as log, running_server(command, port, env=env, cwd=CHECKOUT, stderr=log):
        print(f"fuzzing {database_url.split('@')[-1]} on port {port}: {options.requests:,} requests, seed {options.seed}")
        report = fuzz(port, options.requests, options.seed, database_url, log_path)
    report["database"] = create_engine(database_url).dialect.name
    (options.workdir / "fuzz-report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [f"H=http://127.0.0.1:{port}  # any wpcompat serve --demo"]
    for failure in report["failures"]:
        lines += [f"# {failure['count']}x {failure['route']} {failure['cause']}", failure["curl"]]
    (options.workdir / "fuzz-reproducers.sh").write_text("\n".join(lines) + "\n")
    print(f"{report['requests']:,} requests in {report['seconds']} s on {report['database']}: statuses "
          f"{report['statuses']}, {report['5xx']} 5xx, {report['wrong_format']} answers outside their family's format")
    by_cause: dict[str, int] = defaultdict(int)
    for failure in report["failures"]:
        by_cause[f"{failure['status']} {failure['route']:<60} {failure['cause'][:150]}"] += failure["count"]
    for line, count in sorted(by_cause.items(), key=lambda item: -item[1]):
        print(f"{count:>6}  {line}")
    print(f"report: {options.workdir / 'fuzz-report.json'}; reproducers: {options.workdir / 'fuzz-reproducers.sh'}")


if __name__ == "__main__":
    main()
