"""How busy introducers are, as a factor on the paths through them.

Introducers already carrying many open requests are asked less often: each question that
ranks paths takes the open-request counts from its caller (see
``graphsvc.introductions.open_requests_by_introducer``) and turns them into penalties here.
"""
from __future__ import annotations

from typing import Any, Mapping

from graphsvc.model import PERSON_DEFAULTS

__all__ = ["introducer_penalty", "penalties"]


def introducer_penalty(open_requests: int, max_intros_per_month: int | None) -> float:
    """How much an introducer's open requests lower the score of paths through them.

    ``1 / (1 + open / capacity)`` with capacity the person's ``max_intros_per_month``
    (default 4): no open request leaves paths as they are, a month's worth of open requests
    halves them, twice that divides them by three. Busy people are asked less often, but a
    much warmer path through them still wins over a cold one.

    >>> introducer_penalty(0, 4), introducer_penalty(4, 4), introducer_penalty(8, None)
    (1.0, 0.5, 0.3333333333333333)
    """
    capacity = max_intros_per_month if max_intros_per_month and max_intros_per_month > 0 \
        else PERSON_DEFAULTS["max_intros_per_month"]
    return 1.0 / (1.0 + max(0, open_requests) / capacity)


def penalties(open_requests: Mapping[str, int], people: Mapping[str, dict[str, Any]]) -> dict[str, float]:
    """:func:`introducer_penalty` of every person of ``people`` with open requests."""
    return {p: introducer_penalty(n, people[p].get("max_intros_per_month"))
            for p, n in open_requests.items() if n and p in people}
