"""How every command answers: text for people, ``--json`` for scripts, errors on stderr with status 1."""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

import click

from ..booking.errors import BookingError, InvalidBooking
from ..extensions import db
from ..platform.accounts import AccountError
from ..sitefile import SiteFileError

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (for scripts).")


def emit(payload: object, as_json: bool, text: str | Callable[[], str]) -> None:
    """Print ``payload`` as JSON, or ``text`` (a string or a function making it) for people."""
    if as_json:
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(text() if callable(text) else text)


@contextmanager
def refusals(prefix: str = "") -> Iterator[None]:
    """Turn a service's refusal into a one-line error on stderr (exit status 1), rolling back first."""
    try:
        yield
    except (AccountError, SiteFileError) as exc:
        db.session.rollback()
        raise click.ClickException(f"{prefix}{exc}") from None
    except InvalidBooking as exc:  # the domain's refusals name each bad field
        db.session.rollback()
        raise click.ClickException(prefix + "; ".join(f"{field}: {message}" for field, message in exc.errors.items())
                                   or f"{prefix}{exc}") from None
    except BookingError as exc:  # a Conflict: what depends on the row
        db.session.rollback()
        raise click.ClickException(f"{prefix}{exc}") from None


def fail(message: str) -> click.ClickException:
    return click.ClickException(message)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Rows as left-aligned columns under ``headers``; "(none)" when there are none."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    if not cells:
        return "(none)"
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    lines = [headers, *cells]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() for line in lines)
