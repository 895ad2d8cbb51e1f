"""Former colleagues: people whose tenures at one organisation overlap long enough.

People whose tenures at one organisation overlap by :data:`MIN_OVERLAP_DAYS` or more (about
three months) get ``WORKED_WITH {kind: company}`` whose ``since``/``until`` are the overlap,
the evidence the tie strength is computed from. A tie needs both tenures, and two imports
of employment history may each bring one of them; so the stores derive these ties inside the
transaction that writes the tenures (an ``ImportBatch`` with ``colleagues_as_of``), from the
tenures stored at that moment: a file of new hires' histories links them to the people who
were at the same employer before, even when both files are imported at once.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, Mapping

from graphsvc.model import Position, Tie

__all__ = ["MIN_OVERLAP_DAYS", "company_overlaps", "overlaps_per_tenure"]

#: "three months or more" together at one employer makes former colleagues.
MIN_OVERLAP_DAYS = 90


def _placed(p: Position, today: date) -> tuple[date, date] | None:
    """A tenure's first and last day (an open one runs to ``today``); None when it has no start."""
    since = p.props.get("since")
    if not since:
        return None
    until = p.props.get("until")
    return date.fromisoformat(since), date.fromisoformat(until) if until else today


def _overlaps(positions: Iterable[Position], today: date, tag) -> Iterator[tuple[str, tuple, tuple, date, date]]:
    """``(org, i, j, start, end)`` for each two tenures of different people at one
    organisation that overlap by :data:`MIN_OVERLAP_DAYS` or more, each tenure as
    ``(since, until or today, person_id, tag(position))``. The one sweep behind both
    functions below, so that what is counted ahead is what is derived."""
    by_org: dict[str, list[tuple[date, date, str, Any]]] = defaultdict(list)
    for p in positions:
        placed = _placed(p, today)
        if placed is not None:
            by_org[p.org_key].append((*placed, p.person_id, tag(p)))
    minimum = timedelta(days=MIN_OVERLAP_DAYS)
    for org, tenures in by_org.items():
        tenures.sort(key=lambda t: t[:3])
        for i, first in enumerate(tenures):
            for second in tenures[i + 1:]:
                start = second[0]
                if start > first[1] - minimum:
                    break
                end = min(first[1], second[1])
                if first[2] != second[2] and end - start >= minimum:
                    yield org, first, second, start, end


def company_overlaps(positions: Iterable[Position], names: Mapping[str, str], today: date,
                     new: set[tuple] | None = None) -> list[Tie]:
    """``WORKED_WITH {kind: company}`` for each pair whose tenures at one organisation overlap enough.

    A tenure without ``until`` runs to ``today``; one without ``since`` cannot be placed and
    is left out. Only pairs with at least one tenure whose key is in ``new`` are returned
    (all pairs when ``new`` is None). Two people with several overlaps at one employer get
    one tie for the longest. ``names`` gives each organisation's display name, the tie's
    ``context``.
    """
    best: dict[tuple[str, str, str], tuple[timedelta, date, str | None]] = {}
    tag = lambda p: (new is None or p.key in new, p.props.get("until"))  # noqa: E731
    for org, (_, _, p_i, (new_i, u_i)), (_, _, p_j, (new_j, u_j)), start, end in _overlaps(positions, today, tag):
        if not (new_i or new_j):
            continue
        until = min(u for u in (u_i, u_j) if u) if (u_i or u_j) else None
        pair = (org, *sorted((p_i, p_j)))
        if pair not in best or end - start > best[pair][0]:
            best[pair] = (end - start, start, until)
    ties = []
    for (org, a, b), (_length, start, until) in sorted(best.items()):
        props = {"kind": "company", "context": names.get(org, org), "since": start.isoformat()}
        if until:
            props["until"] = until
        ties.append(Tie("WORKED_WITH", a, b, props))
    return ties


def overlaps_per_tenure(positions: list[Position], stored: Iterable[Position], today: date) -> list[int]:
    """For each of ``positions``, written in this order after the ``stored`` tenures, how many
    tenures before it (stored or earlier in the list) it overlaps enough with: at least as
    many as the former-colleague ties a transaction writing it must also write
    (:func:`company_overlaps` makes one tie of a pair that overlaps several times).

    An import of employment history derives its former colleagues inside the transactions
    that write the tenures, so ``graphsvc.import_journal`` counts these ties against a
    transaction's rows: a batch of 40,000 tenures at large employers can bring half a
    million of them.

    >>> at = lambda pid, since: Position(pid, "acme", {"since": since, "until": "2020-12-31"})
    >>> overlaps_per_tenure([at("b", "2019-01-01"), at("c", "2019-06-01")], [at("a", "2018-01-01")], date(2025, 1, 1))
    [1, 2]
    """
    everyone = [*stored, *positions]
    order = {id(p): -1 for p in everyone}
    order.update((id(p), i) for i, p in enumerate(positions))
    counts = [0] * len(positions)
    for _, first, second, _, _ in _overlaps(everyone, today, lambda p: order[id(p)]):
        later = max(first[3], second[3])
        if later >= 0:
            counts[later] += 1  # the later of the two to be written brings it
    return counts
