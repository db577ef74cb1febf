"""The shared SQLite storage under limits' own fixed-window strategy, on a clock the test moves (no sleeping):
a window fills, stays full until it ends, then starts again; two storages on one file (two workers) share it."""
from __future__ import annotations

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from wpcompat.ratelimits import sqlite_storage


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sqlite_storage.time, "time", clock)
    return clock


def test_a_window_fills_holds_and_starts_again(tmp_path, clock):
    storage = storage_from_string(f"wpcompat+sqlite:///{tmp_path / 'limits.sqlite3'}")
    assert isinstance(storage, sqlite_storage.SQLiteStorage)
    strategy, limit = FixedWindowRateLimiter(storage), parse("2/minute")
    assert [strategy.hit(limit, "k"), strategy.hit(limit, "k"), strategy.hit(limit, "k")] == [True, True, False]
    reset, remaining = strategy.get_window_stats(limit, "k")
    assert (reset, remaining) == (clock.now + 60, 0)
    clock.now += 59
    assert strategy.test(limit, "k") is False
    clock.now += 1  # the window's end: a new one starts with this hit
    assert strategy.hit(limit, "k") is True
    assert strategy.get_window_stats(limit, "k") == (clock.now + 60, 1)
    assert strategy.hit(limit, "other") is True  # keys are counted apart


def test_two_storages_on_one_file_share_the_counters(tmp_path, clock):
    uri = f"wpcompat+sqlite:///{tmp_path / 'limits.sqlite3'}"
    first, second = (FixedWindowRateLimiter(storage_from_string(uri)) for _ in range(2))
    limit = parse("3/hour")
    assert [first.hit(limit, "k"), second.hit(limit, "k"), first.hit(limit, "k"), second.hit(limit, "k")] == [
        True, True, True, False]
    assert first.get_window_stats(limit, "k")[1] == second.get_window_stats(limit, "k")[1] == 0
    second.storage.clear(limit.key_for("k"))  # the key limits stores: the limit is part of it
    assert first.test(limit, "k") is True
