"""Hostile values: what a client can put where a handler expects an id, a date, a name or a JSON member.

Each pool starts with a plain, valid value (hypothesis shrinks toward the first option), then the edges
this service has crashed on before (issue 11): integers past 32 and 64 bits and past Python's 4,300-digit
limit, NUL/CR/LF, dates at the calendar's ends, lone surrogates, very long strings.
"""
from __future__ import annotations

from typing import Any

from .draws import Draw

BIG_INTS = (2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**31) - 1, -(2**63) - 1)
SMALL_INTS = (1, 2, 3, 0, -1, 5, 8)
DIGITS_OVER_LIMIT = "9" * 4400  # past int()'s default 4,300-digit limit

INTEGER_TEXTS = tuple(str(n) for n in SMALL_INTS + BIG_INTS) + (
    DIGITS_OVER_LIMIT, "-" + DIGITS_OVER_LIMIT, "1e308", "1.5", "-0", "0x1A", " 1", "1 ", "+1", "1\x00", "NaN",
    "INF", "", "00000000000000000000001", "1_000",
)
DATES = ("2030-01-07", "0001-01-01", "9999-12-31", "9999-01-01", "0001-01-02", "0000-00-00", "10000-01-01",
         "2030-02-30", "2030-13-01", "1970-01-01", "1969-12-31", "-0001-01-01", "2030-1-7", "2030-01-07T10:00",
         "07/01/2030", "2030-01-07\x00", "now")
CALENDAR_EDGES = ("0001-01-01", "9999-12-31", "9999-01-01", "0000-00-00")
TIMES = ("10:00", "09:00", "23:59", "24:00", "25:00", "99:99", "10:00:00", "-1:00", "1000", "10:00\n")
DATETIMES = ("2030-01-07T10:00:00+01:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2030-01-07 10:00:00",
             "10000-01-01T00:00:00Z", "2030-01-07T10:00:00+99:00")
WORDS = ("Sam", "approved", "pending", "canceled", "rejected", "ASC", "DESC", "custom", "month", "week", "day",
         "today", "this_week", "all", "id", "starts_at", "sam@example.test", "swedish-massage", "me", "edit",
         "view", "embed", "Europe/Amsterdam", "true", "false", "[]", "{}", "null")
HOSTILE_TEXTS = ("", "\x00", "a\x00b", "\r\n", "x\r\nSet-Cookie: a=b", "\n", "%", "%00", "'\"<>&;", "é", "💥",
                 "\ud800", "\u2028", "A" * 300, "A" * 5000, " ", "\t", "\\", "../..", "a" * 65,
                 '{"a":', "[1,2", "\x7f\x01")
STATUS_WORDS = ("approved", "pending", "canceled", "rejected", "waiting_for_payment", "no-show", "bogus", "")


PLAIN = {"int": "1", "date": "2030-01-07", "time": "10:00", "datetime": DATETIMES[0], "text": "Sam"}


def plain(kind: str, choices: tuple[str, ...] = ()) -> str:
    """A valid-looking value of ``kind``: the company an edge value needs to get past the other checks."""
    return choices[0] if choices else PLAIN.get(kind, "1")


def text(draw: Draw, kind: str = "any") -> str:
    """A string value for a field of ``kind`` (``int``, ``date``, ``time``, ``datetime``, ``text`` or ``any``)."""
    pools = {"int": INTEGER_TEXTS, "date": DATES, "time": TIMES, "datetime": DATETIMES, "text": WORDS}
    if kind == "date" and draw.chance(0.4):
        return draw.choice(CALENDAR_EDGES)
    if kind in pools and not draw.chance(0.2):
        return draw.choice(pools[kind])
    pool = draw.choice((INTEGER_TEXTS, DATES, TIMES, WORDS, HOSTILE_TEXTS, DATETIMES, STATUS_WORDS))
    value = draw.choice(pool)
    if draw.chance(0.1):
        value = value + draw.choice(HOSTILE_TEXTS)
    return value


def json_value(draw: Draw, kind: str = "any", depth: int = 0) -> Any:
    """A JSON value for a member of ``kind``: mostly the kind's own type, else anything (wrong types too)."""
    if kind == "int" and not draw.chance(0.4):
        return draw.choice(SMALL_INTS + BIG_INTS + (10**400, -(10**400)))
    if kind in ("date", "time", "datetime", "text") and not draw.chance(0.4):
        return text(draw, kind)
    shape = draw.choice(("string", "int", "float", "bool", "null", "list", "object") if depth < 2
                        else ("string", "int", "null"))
    if shape == "string":
        return text(draw, kind)
    if shape == "int":
        return draw.choice(SMALL_INTS + BIG_INTS + (10**400,))
    if shape == "float":
        return draw.choice((1.5, -0.0, 1e308, -1e308, 2.0**63, 0.1))
    if shape == "bool":
        return draw.choice((True, False))
    if shape == "null":
        return None
    if shape == "list":
        return [json_value(draw, kind, depth + 1) for _ in range(draw.integer(0, 3))]
    return {draw.choice(("extra_id", "quantity", "id", "a", "", "\x00")): json_value(draw, kind, depth + 1)
            for _ in range(draw.integer(0, 3))}


def path_id(draw: Draw, group_regex: str) -> str:
    """A value for a path group: usually one its regex accepts (so the route matches), sometimes not."""
    if "me" in group_regex and draw.chance(0.3):
        return "me"
    if "\\d" in group_regex and "\\w" not in group_regex:
        return draw.choice(tuple(str(n) for n in SMALL_INTS[:3] + BIG_INTS if n >= 0)
                           + (DIGITS_OVER_LIMIT, "0" * 30 + "1", "99999999999999999999", "-1", "1%0a", "abc"))
    return draw.choice(("00000000-0000-4000-8000-000000000000", "abc", "x" * 300, "a-b_c", "1", "%00",
                        "%0d%0a", "9" * 40))
