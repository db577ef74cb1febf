"""One way to choose, two sources: hypothesis (shrinkable, in the suite) and ``random.Random`` (seeded, bench)."""
from __future__ import annotations

import random
from typing import Any, Protocol, Sequence, TypeVar

T = TypeVar("T")


class Draw(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...

    def chance(self, probability: float) -> bool: ...


class RandomDraw:
    """Draws from a seeded ``random.Random`` (bench/fuzz.py)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.random.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def chance(self, probability: float) -> bool:
        return self.random.random() < probability


class HypothesisDraw:
    """Draws through hypothesis's ``data.draw``: the example shrinks toward the first option of each choice."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self._data, self._st = data, st

    def choice(self, options: Sequence[T]) -> T:
        return self._data.draw(self._st.sampled_from(list(options)))

    def integer(self, low: int, high: int) -> int:
        # sampled_from, not integers(): hypothesis's integers lean hard toward small values, which would
        # skew every probability below; sampled_from is uniform and still shrinks toward ``low``.
        return self._data.draw(self._st.sampled_from(range(low, high + 1)))

    def chance(self, probability: float) -> bool:
        # Shrinks toward False: the plain, valid request.
        return self.integer(0, 999) >= 1000 - probability * 1000
