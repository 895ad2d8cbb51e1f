"""Seeded random streams and weighted draws.

Every phase draws from its own ``random.Random`` seeded with ``"<seed>:<phase>"``: string
seeds are hashed with SHA-512 by ``random``, so they do not depend on ``PYTHONHASHSEED``,
and changing one phase does not reshuffle the others.
"""
from __future__ import annotations

from random import Random
from typing import Iterable, Sequence


def phase_rng(seed: int, phase: str) -> Random:
    """An independent stream per phase, so phases do not disturb each other's draws."""
    return Random(f"{seed}:{phase}")


def weighted_index(rng: Random, cumulative: Sequence[float]) -> int:
    """Index drawn with the weights behind ``cumulative`` (a running sum)."""
    x = rng.random() * cumulative[-1]
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def cumulative_weights(weights: Iterable[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
