"""``wpcompat load|serve``: site files and the HTTP server, both on a schema at the migrations' head.

The schema itself is Flask-Migrate's ``wpcompat db`` group (``db upgrade``). An empty database is
upgraded by ``load`` and ``serve`` on the spot (a newcomer's first run); an outdated one is refused.
"""
from __future__ import annotations

import click
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from sqlalchemy import select

from ..server import proxies, serve
from ..extensions import db
from ..platform.models import Site
from ..database.schema import SchemaOutdated, require_current_schema
from ..sitefile import LoadReport, demo_site, load_site, read_site_file
from ..webhooks.schedule import BadSchedule, parse_schedule
from .output import emit, fail, json_option, refusals

SECRET_LABELS = {"owner_password": "owner password", "application_password": "application password",
                 "teambooking_token": "TeamBooking token"}


def describe(report: LoadReport, source: str) -> str:
    """The text summary of a load: row counts, then each generated secret (its only showing)."""
    counts = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in report.as_dict()["counts"].items() if n)
    lines = [f"Loaded {source}: {counts or 'nothing'}."]
    if report.secrets:
        lines.append("Generated secrets (shown once, stored only as hashes):")
        lines += [f"  {SECRET_LABELS[s.kind]} of {s.subject} ({s.label}): {s.secret}" for s in report.secrets]
    return "\n".join(lines)


@click.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
@with_appcontext
def load_command(file: str, as_json: bool) -> None:
    """Load a site file (plans, owner, tenants, catalogue, bookings) in one transaction.

    Any error names its JSON path and nothing is written. Secrets the file leaves out are generated
    and printed once.
    """
    _require_current_schema()
    with refusals(f"{file} was not loaded; nothing was written.\n"):
        report = load_site(read_site_file(file))
    emit(report.as_dict(), as_json, lambda: describe(report, file))


def _require_current_schema() -> None:
    try:
        if require_current_schema():
            click.echo("The database was empty: created the schema (`wpcompat db upgrade`).", err=True)
    except SchemaOutdated as exc:
        raise fail(str(exc)) from None


def _prepare_database(demo: bool, host: str, port: int) -> None:
    _require_current_schema()
    if db.session.execute(select(Site.id).limit(1)).first() is not None:
        if demo:
            click.echo("The database already has a site; --demo loads nothing.", err=True)
        return
    if not demo:
        click.echo("The database is empty: load a site with `wpcompat load SITE.json`, "
                   "or start with `wpcompat serve --demo` for the demo platform.", err=True)
        return
    data = demo_site()
    # The demo's links should point at this server, not at the port the file was written for.
    public_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    data["site"]["url"] = f"http://{public_host}:{port}" if ":" not in public_host else f"http://[{public_host}]:{port}"
    with refusals("the demo platform was not loaded: "):
        report = load_site(data)
    click.echo(describe(report, "the demo platform"))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", type=click.IntRange(min=1),
              help=f"Worker processes  [default: one per CPU core on SQLite ({serve.default_workers('sqlite')}), "
                   f"2 x cores + 1 on PostgreSQL ({serve.default_workers('postgresql')})]")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(min=1),
              help="Threads per worker (more than 1 uses gunicorn's threaded worker).")
@click.option("--trusted-proxies", type=click.IntRange(min=0),
              help="Reverse proxies in front whose X-Forwarded-For/-Proto/-Host/-Port/-Prefix headers are "
                   "trusted (werkzeug's ProxyFix); 0 = none  [default: WPCOMPAT_TRUSTED_PROXIES, 0]")
@click.option("--demo", is_flag=True, help="On an empty database, load the demo platform first.")
@click.option("--webhooks/--no-webhooks", default=True, show_default=True,
              help="Deliver webhooks from a process beside the server (off: run `wpcompat webhook worker`).")
@pass_script_info
def serve_command(info: ScriptInfo, host: str, port: int, workers: int | None, threads: int,
                  trusted_proxies: int | None, demo: bool, webhooks: bool) -> None:
    """Serve the app with gunicorn (access log on stdout; SIGTERM shuts down gracefully).

    An empty database gets the schema first; an outdated one is refused (run `wpcompat db upgrade`).
    With --demo, an empty database then gets the demo platform (its site URL set to this server's address).
    """
    app = info.load_app()
    if webhooks:  # refused here, not in the delivery process, where it would only be a line in the log
        try:
            parse_schedule(app.config["WEBHOOK_RETRY_SCHEDULE"])
        except BadSchedule as error:
            raise click.ClickException(str(error)) from None
    if trusted_proxies is not None:
        proxies.trust_proxies(app, trusted_proxies)
    with app.app_context():
        _prepare_database(demo, host, port)
        database = db.engine.dialect.name
        # No pooled connection may cross the fork into the workers (the session's goes back to the pool first).
        db.session.remove()
        db.engine.dispose()
    serve.run(app, serve.gunicorn_options(host, port, workers, threads, database), webhooks=webhooks)
