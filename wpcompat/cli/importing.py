"""``wpcompat import wordpress``: a live WordPress database (Booknetic, Booknetic SaaS, TeamBooking) moved in,
every id and credential kept. See docs/moving-from-wordpress.md."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import click
from flask.cli import AppGroup
from ..database.schema import SchemaOutdated, require_current_schema
from ..platform.accounts import AccountError
from ..platform.names import is_tenant_slug
from ..wordpress_import import run
from ..wordpress_import.source import SourceError
from ..wordpress_import.writer import Progress
from .output import emit, fail, json_option

import_group = AppGroup("import", help="Move in from elsewhere, ids and credentials kept.")


def _plugins(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(set(names) - set(run.PLUGINS))
    if unknown or not names:
        raise click.BadParameter(f"a comma-separated list of {', '.join(run.PLUGINS)}")
    return names


def _tenant(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not is_tenant_slug(value):
        raise click.BadParameter("lower-case letters, digits and dashes (the tenant's URL segment)")
    return value


@contextmanager
def _progress_bar(rows: int) -> Iterator[Progress | None]:
    """A progress bar on stderr while rows are written, on a terminal only (never in a pipe or a log)."""
    if not sys.stderr.isatty() or rows == 0:
        yield None
        return
    with click.progressbar(length=rows, label="Importing", file=sys.stderr) as bar:
        yield lambda slug, table, count: bar.update(count)


@import_group.command("wordpress")
@click.option("--from", "url", required=True, metavar="URL",
              help="The WordPress database: mysql+pymysql://USER:PASS@HOST:PORT/DBNAME (only read).")
@click.option("--prefix", default="wp_", show_default=True, help="The WordPress table prefix ($table_prefix).")
@click.option("--tenant", "tenant_slug", callback=_tenant,
              help="The tenant to import into (created if missing); not with Booknetic SaaS, whose tenants "
                   "keep their own slugs.")
@click.option("--plugins", default=",".join(run.PLUGINS), show_default=True, callback=_plugins,
              help="Which plugins' data to import.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing: what would be imported.")
@click.option("--replace", is_flag=True, help="Replace the data of a tenant that has some (that tenant only).")
@click.option("--emit-events", is_flag=True, help="Send customer.created and appointment.created webhook events "
              "for the imported rows (to a tenant's subscribed endpoints).")
@json_option
def import_wordpress(url: str, prefix: str, tenant_slug: str | None, plugins: tuple[str, ...], dry_run: bool,
                     replace: bool, emit_events: bool, as_json: bool) -> None:
    """Import a WordPress site's Booknetic and TeamBooking data, keeping every id and credential.

    One transaction: everything is imported, or (any problem) nothing. Exit status 1 lists the problems.
    """
    try:
        if require_current_schema():
            click.echo("The database was empty: created the schema (`wpcompat db upgrade`).", err=True)
    except SchemaOutdated as exc:
        raise fail(str(exc)) from None
    try:
        report = run.import_wordpress(url, prefix=prefix, tenant_slug=tenant_slug, plugins=plugins,
                                      dry_run=dry_run, replace=replace, progress=_progress_bar,
                                      emit_events=emit_events)
    except SourceError as exc:
        raise fail(str(exc)) from None
    except AccountError as exc:
        raise fail(f"nothing was imported: {exc}") from None
    emit(report.as_dict(), as_json, report.as_text)
    if report.refused:
        raise fail(f"{len(report.findings.problems)} problem(s): nothing was imported.")
