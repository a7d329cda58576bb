"""Weighted draws in O(1): Walker's alias method (Vose's construction), pure Python.

``random.choices`` with weights bisects a running sum for every draw; the planner draws tens of
millions of accounts and statuses, so it uses alias tables: two uniform numbers per draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Alias:
    """Draws index ``i`` with probability ``weights[i] / sum(weights)``."""

    def __init__(self, weights: Sequence[float]) -> None:
        n = len(weights)
        total = float(sum(weights))
        if n == 0 or total <= 0:
            raise ValueError("alias table needs positive weights")
        prob = [w * n / total for w in weights]
        alias = list(range(n))
        small = [i for i, p in enumerate(prob) if p < 1.0]
        large = [i for i, p in enumerate(prob) if p >= 1.0]
        while small and large:
            s = small.pop()
            g = large[-1]
            alias[s] = g
            prob[g] = prob[g] + prob[s] - 1.0
            if prob[g] < 1.0:
                small.append(large.pop())
        for i in large + small:  # left over by rounding: always themselves
            prob[i] = 1.0
        self.n = n
        self.prob = prob
        self.alias = alias

    def draw(self, random: Callable[[], float]) -> int:
        """One index (``random``: a seeded generator's ``random`` method)."""
        i = int(random() * self.n)
        return i if random() < self.prob[i] else self.alias[i]
