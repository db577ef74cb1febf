"""Instructions per request, counted by valgrind: ``python bench/instructions.py`` (see bench/README.md).

Requests/s on a shared machine drift by 10-20% from minute to minute; the number of instructions a
request executes does not. For each case this runs itself under ``valgrind --tool=callgrind`` (Debian's
``valgrind``), makes a few warm-up requests in-process (a WSGI call straight into the app: no server,
no network), then --requests more inside one ``functools.reduce`` call, the only code callgrind counts
(``--toggle-collect``), and prints instructions per request. The platforms are the ones ``bench/run.py``
generated (--workdir). Slow: about a minute per case.
"""
from __future__ import annotations

import argparse
import base64
import functools
import io
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

CASES = ("ceiling", "list@200k", "list@10k")
_SIZES = {"list@200k": 200_000, "list@10k": 10_000}
WARM_UP = 20


def _environ(path: str, query: str = "", login: str | None = None, password: str | None = None) -> dict:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1:8080",
               "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
               "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}
    if login is not None:
        environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    return environ


def _requester(case: str, workdir: Path):
    """A function making one request of ``case`` (checking it answered 200)."""
    if case == "ceiling":
        from ceiling import create_app as ceiling_app
        app, environ = ceiling_app(), _environ("/")
    else:
        from generate import _app_password

        from wpcompat import create_app
        database = workdir / f"bench-{_SIZES[case]}.sqlite3"
        if not database.exists():
            sys.exit(f"{database} is missing: run bench/run.py first (it generates the platforms)")
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{database}"})
        environ = _environ("/t001/wp-json/booknetic/v1/appointments", "limit=20", "t001-admin", _app_password(1))

    def request(*_ignored) -> None:
        status: list[str] = []
        body = b"".join(app({**environ, "wsgi.input": io.BytesIO(b"")}, lambda s, h, e=None: status.append(s)))
        if not status[0].startswith("200"):
            raise RuntimeError(f"{case}: {status[0]} {body[:200]!r}")

    return request


def _count(case: str, args) -> int:
    """Instructions of --requests requests of ``case``, from a callgrind run of this script."""
    out = HERE / "work" / f"callgrind.{case}.out"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = ["valgrind", "--tool=callgrind", "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
               sys.executable, __file__, "--run", case, "--requests", str(args.requests), "--workdir",
               str(args.workdir)]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    out.unlink(missing_ok=True)
    return int(re.search(r"Collected : (\d+)", report).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=HERE / "work", help="where bench/run.py put the platforms")
    parser.add_argument("--run", choices=CASES, help=argparse.SUPPRESS)  # the process valgrind watches
    args = parser.parse_args()
    if args.run:
        request = _requester(args.run, args.workdir)
        for _ in range(WARM_UP):
            request()
        functools.reduce(request, range(args.requests), None)  # callgrind counts inside reduce only
        return
    for case in CASES:
        print(f"{case:<10} {_count(case, args) / args.requests / 1e6:6.2f} M instructions per request", flush=True)


if __name__ == "__main__":
    main()
