"""The calendar dates PHP's ``new DateTime($text)`` reads that integrations really send, and no more.

Booknetic reads ``available-times``' ``date`` with ``DateTime``, so ``2026-1-5`` (month and day without
their leading zero) is the 5th of January, and surrounding whitespace is ignored. This is a reader of
those ``Y-n-j`` forms only, not ``strtotime``: relative words, other orders and times of day are not
dates here, and an impossible day (``2026-02-30``, which ``DateTime`` rolls over into March) is refused.
"""
from __future__ import annotations

import re
from datetime import date

_Y_N_J = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def read_ymd(text: str) -> date:
    """The day ``text`` names as ``Y-m-d`` with a 1-2 digit month and day; ValueError for anything else."""
    match = _Y_N_J.fullmatch(text.strip(" \t\n\r\v\0"))
    if not match:
        raise ValueError(f"not a Y-m-d date: {text!r}")
    year, month, day = (int(group) for group in match.groups())
    return date(year, month, day)
