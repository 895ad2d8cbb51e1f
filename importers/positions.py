"""Employment history: ``person,organization,title,since,until`` → ``WORKS_AT`` and former colleagues.

Organisations are keyed by :func:`graphsvc.model.normalise_org`, so "Initech, Inc." and
"INITECH" are one employer; a new one is named by its most frequent spelling in the file, a
stored one keeps its name. The batch asks the store to derive the former-colleague ties
(:mod:`graphsvc.tenures`) inside its write transaction, against the tenures stored at that
moment, rather than deriving them here from what was stored when the file was read: an
import written in between would be missed, and its people would never become former
colleagues of this file's.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch, Position, normalise_org
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import resolve_refs
from importers.problems import Collector, Parsed
from importers.relationships import check_period
from importers.table import normalise_header, read_table

__all__ = ["ALIASES", "parse_positions"]

_FIELDS = {
    "person": ["person", "Person", "person_id", "Employee ID", "Email", "email"],
    "organization": ["organization", "organisation", "Organization", "Company", "Employer", "company_name"],
    "title": ["title", "Title", "Job Title", "Position", "Role"],
    "since": ["since", "Since", "Start", "Start Date", "From"],
    "until": ["until", "Until", "End", "End Date", "To"],
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}


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
                        organizations={k: names[k] for k in spellings}, colleagues_as_of=today or date.today())
    return Parsed(batch, report.warnings)
