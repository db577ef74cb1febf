"""Booknetic's column values as our columns want them: references, money, flags, counts, local datetimes.

WordPress plugins write ``0`` or ``''`` where they mean "none" (Booknetic's ``parent_id`` 0, a ``user_id`` 0,
a ``location_id`` ''): a reference that is empty, 0 or NULL is None. Text is kept as stored, ``''`` and NULL
alike (Booknetic's own raw rows show ``""`` where it stored one). Datetime columns Booknetic writes with
``Date::dateTimeSQL()`` hold the site's (or SaaS tenant's) local time; ours are UTC.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from .core import local_to_epoch, mysql_datetime
from .findings import Unmappable


def ref(value: Any, table: str, row_id: Any, column: str) -> int | None:
    """A reference to another row: None for NULL, '', 0."""
    if value is None or str(value).strip() in ("", "0"):
        return None
    return count(value, table, row_id, column)


def count(value: Any, table: str, row_id: Any, column: str) -> int:
    """An integer column (minutes, seats, Unix seconds); a non-integer is Unmappable."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Unmappable(table, row_id, column, f"{value!r} is not a number") from None
    if number != number.to_integral_value():
        raise Unmappable(table, row_id, column, f"{value!r} is not a whole number")
    return int(number)


def number(row: dict, column: str, default: int, table: str) -> int:
    """``row[column]`` as :func:`count`, ``default`` when NULL or '' (a 0 stays 0)."""
    value = row.get(column)
    if value is None or str(value).strip() == "":
        return default
    return count(value, table, row["id"], column)


def money(value: Any, table: str, row_id: Any, column: str) -> Decimal:
    """A decimal amount with 2 places (NULL and '' are 0, as Booknetic's Math::floor reads them)."""
    if value is None or str(value).strip() == "":
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise Unmappable(table, row_id, column, f"{value!r} is not an amount") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        raise Unmappable(table, row_id, column, f"{value!r} does not fit an amount of 12 digits")
    return amount.quantize(Decimal("0.01"))


def flag(value: Any) -> bool:
    """A tinyint(1) flag: 1/'1' true; 0, NULL and '' false."""
    return str(value).strip() not in ("", "0", "None")


def utc_datetime(value: Any, zone: str, table: str, row_id: Any, column: str) -> datetime | None:
    """A local ``Y-m-d H:i:s`` (or Unix seconds, as Booknetic 5.2's REST writes ``created_at``) as naive UTC;
    None for NULL, '' and the zero date."""
    if isinstance(value, int) or isinstance(value, str) and value.strip().isdigit():
        return datetime.fromtimestamp(int(value), timezone.utc).replace(tzinfo=None)
    local = mysql_datetime(value, table=table, row_id=row_id, column=column)
    if local is None:
        return None
    return datetime.fromtimestamp(local_to_epoch(local, zone), timezone.utc).replace(tzinfo=None)


def slug(name: str, fallback: str, length: int) -> str:
    """Lower-case ASCII letters and digits of ``name`` joined by dashes (accents dropped), at most ``length``
    characters; ``fallback`` when nothing is left (a name of symbols only)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:length].strip("-") or fallback
