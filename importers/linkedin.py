"""LinkedIn's ``Connections.csv`` (from "Get a copy of your data"), imported for its owner.

The export starts with a ``Notes:`` preamble and a blank line before the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``, is UTF-8 with a
BOM, dates connections like ``15 Mar 2024`` and leaves most e-mails empty. Each connection
is merged into the person with the same e-mail or LinkedIn URL (see
:mod:`importers.identity`), or becomes a new person outside the organisation with a stable
derived id. The owner gets ``KNOWS {source: linkedin, since}`` to each connection; each
connection's ``Company`` becomes an Organization with a current ``WORKS_AT``.

A LinkedIn profile is the connection's own account of themselves, less authoritative than
the org chart: for people already stored it only fills in a missing e-mail or LinkedIn URL.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch, PersonNotFound, Position, Tie, normalise_org
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import Incoming, match_people
from importers.problems import Collector, ImportRejected, Parsed, Problem
from importers.table import normalise_header, read_table

__all__ = ["ALIASES", "parse_linkedin"]

_FIELDS = {
    "first_name": ["First Name"],
    "last_name": ["Last Name"],
    "linkedin_url": ["URL", "Profile URL"],
    "email": ["Email Address", "Email"],
    "company": ["Company"],
    "title": ["Position"],
    "connected_on": ["Connected On"],
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}


def _is_header(cells_: list[str]) -> bool:
    """The header row, after the ``Notes:`` preamble: the row that names the columns we need."""
    names = {normalise_header(c) for c in cells_}
    return {"firstname", "lastname"} <= names or {"url", "connectedon"} <= names


def parse_linkedin(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None,
                   owner: str = "") -> Parsed:
    table = read_table(path, ALIASES, column_map, is_header=_is_header)
    report = Collector(table.file)
    try:
        owner_id = store.resolve(owner)
    except PersonNotFound:
        raise ImportRejected([Problem(table.file, 0, "", f"--owner {owner!r}: no person has this id or e-mail "
                                      "(import the org chart first)")]) from None
    table.require_one_of(("first_name", "last_name", "linkedin_url"), "not a LinkedIn Connections.csv: expected "
                         "the header First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    # Problems about a connection's name point at its first-name column.
    table.columns.setdefault("name", table.columns.get("first_name", "First Name"))
    records, details = [], []
    for row in table.rows:
        v = row.values
        name = cells.name(f"{v.get('first_name', '')} {v.get('last_name', '')}")
        email = report.cell(row, "email", cells.email)
        url = report.cell(row, "linkedin_url", cells.linkedin_url)
        connected = report.cell(row, "connected_on", cells.date)
        if not (name or email or url):
            report.row_error(row, "first_name", "a connection needs a name, an e-mail or a URL")
            continue
        records.append(Incoming(row, None, email, url, name or None))
        details.append((name, email, url, connected, cells.name(v.get("company", "")),
                        cells.name(v.get("title", "")) or None))
    matched = match_people(store, records, report)
    report.raise_if_any()

    batch = ImportBatch(source=table.file)
    spellings: dict[str, Counter] = defaultdict(Counter)
    first_line: dict[str, int] = {}
    for record, pid, (name, email, url, connected, company, title) in zip(records, matched.person_ids, details):
        line = record.row.line
        if pid == owner_id:
            report.warn(line, "", f"this connection is the owner {owner_id}; skipped")
            continue
        if pid in first_line:
            report.warn(line, "", f"the same person as on line {first_line[pid]} ({pid}); the later row wins")
        first_line[pid] = line
        stored = matched.stored.get(pid)
        if stored is None:
            batch.people[pid] = {"name": name or None, "email": email, "linkedin_url": url, "title": title}
        else:
            fill = {"email": email if not stored.get("email") else None,
                    "linkedin_url": url if not stored.get("linkedin_url") else None}
            if any(fill.values()):
                batch.people[pid] = fill
        batch.add_tie(Tie("KNOWS", owner_id, pid, {"source": "linkedin", "since": connected} if connected
                          else {"source": "linkedin"}))
        key = normalise_org(company) if company else ""
        if key:
            spellings[key][company] += 1
            batch.positions.append(Position(pid, key, {"title": title} if title else {}))
    names = store.get_organizations(spellings)
    batch.organizations = {k: names.get(k) or counts.most_common(1)[0][0] for k, counts in spellings.items()}
    batch.ties = _earliest_connections(store, batch.ties)
    return Parsed(batch, report.warnings)


def _earliest_connections(store: GraphStore, ties: list[Tie]) -> list[Tie]:
    """The LinkedIn ties, each dated by the earliest ``since`` stored or given.

    Two people connected on LinkedIn both have the connection in their exports, perhaps
    with dates a day apart (time zones); whichever export is imported last must not move
    the date back and forth.
    """
    stored = {(t.source, t.target): t.props.get("since") for t in store.ties_between(
        "KNOWS", [(t.source, t.target) for t in ties]) if t.props.get("source") == "linkedin"}
    out = []
    for tie in ties:
        earlier = stored.get((tie.source, tie.target))
        if earlier and (not tie.props.get("since") or earlier < tie.props["since"]):
            tie = Tie(tie.type, tie.source, tie.target, {**tie.props, "since": earlier})
        out.append(tie)
    return out
