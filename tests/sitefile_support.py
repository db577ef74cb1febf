"""Helpers for the site-file and CLI tests: the files, edits to them, and a census of every table."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from wpcompat import tenancy
from wpcompat.extensions import db
from wpcompat.sitefile import demo_site

from .shared_files import GOLDEN_SITE  # the site file rebuilding the Booknetic 5.1.2 golden seed


def golden_site() -> dict:
    return json.loads(GOLDEN_SITE.read_text())


def edited(path: tuple, value, data: dict | None = None) -> dict:
    """The demo site (or ``data``) with the value at ``path`` set (appended one past a list's end);
    ``DROP`` removes the key."""
    data = demo_site() if data is None else data
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is DROP:
        del node[path[-1]]
    elif isinstance(node, list) and path[-1] == len(node):
        node.append(value)
    else:
        node[path[-1]] = value
    return data


class _Drop:
    """The sentinel ``edited(path, DROP)`` removes a key with; its repr is stable, as parametrize ids (and
    pytest-xdist, which compares the ids its workers collect) need."""

    def __repr__(self) -> str:
        return "DROP"


DROP = _Drop()


def row_counts() -> dict[str, int]:
    """Rows in every table, across all tenants."""
    with tenancy.all_tenants():
        return {table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in db.metadata.sorted_tables}


def write_json(path: Path, data: dict) -> str:
    path.write_text(json.dumps(data))
    return str(path)
