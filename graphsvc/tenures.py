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
from typing import Iterable, Mapping

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


def company_overlaps(positions: Iterable[Position], names: Mapping[str, str], today: date,
                     new: set[tuple] | None = None) -> list[Tie]:
    """``WORKED_WITH {kind: company}`` for each pair whose tenures at one organisation overlap enough.

    A tenure without ``until`` runs to ``today``; one without ``since`` cannot be placed and
    is left out. Only pairs with at least one tenure whose key is in ``new`` are returned
    (all pairs when ``new`` is None). Two people with several overlaps at one employer get
    one tie for the longest. ``names`` gives each organisation's display name, the tie's
    ``context``.
    """
    by_org: dict[str, list[tuple[date, date, str, bool, str | None]]] = defaultdict(list)
    for p in positions:
        placed = _placed(p, today)
        if placed is not None:
            by_org[p.org_key].append((*placed, p.person_id, new is None or p.key in new, p.props.get("until")))
    minimum = timedelta(days=MIN_OVERLAP_DAYS)
    best: dict[tuple[str, str, str], tuple[timedelta, date, str | None]] = {}
    for org, tenures in by_org.items():
        tenures.sort()
        for i, (s_i, e_i, p_i, new_i, u_i) in enumerate(tenures):
            for s_j, e_j, p_j, new_j, u_j in tenures[i + 1:]:
                if s_j > e_i - minimum:
                    break
                end = min(e_i, e_j)
                if p_i == p_j or not (new_i or new_j) or end - s_j < minimum:
                    continue
                until = min(u for u in (u_i, u_j) if u) if (u_i or u_j) else None
                pair = (org, *sorted((p_i, p_j)))
                if pair not in best or end - s_j > best[pair][0]:
                    best[pair] = (end - s_j, s_j, until)
    ties = []
    for (org, a, b), (_length, start, until) in sorted(best.items()):
        props = {"kind": "company", "context": names.get(org, org), "since": start.isoformat()}
        if until:
            props["until"] = until
        ties.append(Tie("WORKED_WITH", a, b, props))
    return ties


def overlaps_per_tenure(positions: list[Position], stored: Iterable[Position], today: date) -> list[int]:
    """For each of ``positions``, written in this order after the ``stored`` tenures, how many
    former-colleague pairs it brings that none before it did: the ties a transaction writing
    it must also write (:func:`company_overlaps`; at most that many, as a pair with several
    overlaps makes one tie).

    An import of employment history derives its former colleagues inside the transactions
    that write the tenures, so ``graphsvc.import_journal`` counts these ties against a
    transaction's rows: a batch of 40,000 tenures at large employers can bring half a
    million of them.

    >>> at = lambda pid, since: Position(pid, "acme", {"since": since, "until": "2020-12-31"})
    >>> overlaps_per_tenure([at("b", "2019-01-01"), at("c", "2019-06-01")], [at("a", "2018-01-01")], date(2025, 1, 1))
    [1, 2]
    """
    minimum = timedelta(days=MIN_OVERLAP_DAYS)
    by_org: dict[str, list[tuple[date, date, int, str]]] = defaultdict(list)
    for order, p in [(-1, p) for p in stored] + list(enumerate(positions)):
        placed = _placed(p, today)
        if placed is not None:
            by_org[p.org_key].append((*placed, order, p.person_id))
    counts = [0] * len(positions)
    for tenures in by_org.values():
        tenures.sort()
        for i, (_s_i, e_i, o_i, p_i) in enumerate(tenures):
            for s_j, e_j, o_j, p_j in tenures[i + 1:]:
                if s_j > e_i - minimum:
                    break
                if p_i != p_j and min(e_i, e_j) - s_j >= minimum and max(o_i, o_j) >= 0:
                    counts[max(o_i, o_j)] += 1  # the later of the two to be written brings it
    return counts
