"""Employment history: ``person,organization,title,since,until`` → ``WORKS_AT`` and former colleagues.

Organisations are keyed by :func:`graphsvc.model.normalise_org`, so "Initech, Inc." and
"INITECH" are one employer; a new one is named by its most frequent spelling in the file, a
stored one keeps its name. People whose tenures at one organisation overlap by
:data:`MIN_OVERLAP_DAYS` or more (about three months) get ``WORKED_WITH {kind: company}``
whose ``since``/``until`` are the overlap, the evidence the tie strength is computed from.
Tenures already in the store count too: a file of new hires' histories links them to the
people who were at the same employer before.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Mapping

from graphsvc.model import ImportBatch, Position, Tie, normalise_org
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import resolve_refs
from importers.problems import Collector, Parsed
from importers.relationships import check_period
from importers.table import normalise_header, read_table

__all__ = ["ALIASES", "MIN_OVERLAP_DAYS", "parse_positions", "company_overlaps"]

_FIELDS = {
    "person": ["person", "Person", "person_id", "Employee ID", "Email", "email"],
    "organization": ["organization", "organisation", "Organization", "Company", "Employer", "company_name"],
    "title": ["title", "Title", "Job Title", "Position", "Role"],
    "since": ["since", "Since", "Start", "Start Date", "From"],
    "until": ["until", "Until", "End", "End Date", "To"],
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

#: "three months or more" together at one employer makes former colleagues.
MIN_OVERLAP_DAYS = 90


def company_overlaps(positions: Iterable[Position], names: Mapping[str, str], today: date,
                     new: set[tuple] | None = None) -> list[Tie]:
    """``WORKED_WITH {kind: company}`` for each pair whose tenures at one organisation overlap enough.

    A tenure without ``until`` runs to ``today``; one without ``since`` cannot be placed and
    is left out. Only pairs with at least one tenure whose key is in ``new`` are returned
    (all pairs when ``new`` is None). Two people with several overlaps at one employer get
    one tie for the longest.
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


def parse_positions(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None,
                    today: date | None = None) -> Parsed:
    table = read_table(path, ALIASES, column_map)
    report = Collector(table.file)
    table.require("person", "organization", expected="person,organization,title,since,until")
    people = resolve_refs(store, table.rows, ("person",), report)
    spellings: dict[str, Counter] = defaultdict(Counter)
    positions: dict[tuple, Position] = {}
    first_line: dict[tuple, int] = {}
    for row in table.rows:
        ref = row.values.get("person", "")
        if not ref:
            report.row_error(row, "person", "missing person")
        name = cells.name(row.values.get("organization", ""))
        key = normalise_org(name) if name else ""
        if not key:
            report.row_error(row, "organization", "missing organization" if not name
                             else f"organization {name!r} has no letters or digits")
        since, until = check_period(report, row)
        pid = people.get(ref)
        if not (pid and key):
            continue
        spellings[key][name] += 1
        props = {"title": cells.name(row.values.get("title", "")) or None, "since": since, "until": until}
        position = Position(pid, key, {k: v for k, v in props.items() if v is not None})
        if position.key in first_line:
            report.warn(row.line, "", f"repeats the tenure on line {first_line[position.key]} "
                                      "(same person, organisation and start); the later row wins")
        first_line[position.key] = row.line
        positions[position.key] = position
    report.raise_if_any()

    names = store.get_organizations(spellings)
    for key, counts in spellings.items():
        names.setdefault(key, counts.most_common(1)[0][0])
    batch = ImportBatch(source=table.file, positions=list(positions.values()),
                        organizations={k: names[k] for k in spellings})
    stored = [p for p in store.positions_at(spellings) if p.key not in positions]
    for tie in company_overlaps(stored + batch.positions, names, today or date.today(), set(positions)):
        batch.add_tie(tie)
    return Parsed(batch, report.warnings)
