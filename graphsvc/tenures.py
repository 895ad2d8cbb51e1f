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

__all__ = ["MIN_OVERLAP_DAYS", "company_overlaps"]

#: "three months or more" together at one employer makes former colleagues.
MIN_OVERLAP_DAYS = 90


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
        since = p.props.get("since")
        if not since:
            continue
        start = date.fromisoformat(since)
        until = p.props.get("until")
        end = date.fromisoformat(until) if until else today
        by_org[p.org_key].append((start, end, p.person_id, new is None or p.key in new, until))
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
