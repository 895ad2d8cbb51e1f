"""Mentorship programmes: ``mentor,mentee,since,until,status,program`` → ``MENTORS`` ties.

Mentor and mentee are people already in the store, named by id or e-mail. One pair may be
in several programmes (the programme tells the ties apart); the same pair and programme
twice in a file is one mentorship, the later row winning.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch, Tie
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import resolve_refs
from importers.problems import Collector, Parsed
from importers.relationships import check_period
from importers.table import normalise_header, read_table

__all__ = ["ALIASES", "STATUSES", "parse_mentorships"]

_FIELDS = {
    "mentor": ["mentor", "Mentor", "Mentor ID", "Mentor Email", "mentor_id"],
    "mentee": ["mentee", "Mentee", "Mentee ID", "Mentee Email", "mentee_id"],
    "since": ["since", "Since", "Start", "Start Date"],
    "until": ["until", "Until", "End", "End Date"],
    "status": ["status", "Status", "State"],
    "program": ["program", "Program", "Programme", "Cohort"],
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

#: The states a mentorship can be in.
STATUSES = ("active", "completed", "paused", "cancelled", "planned")


def parse_mentorships(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None) -> Parsed:
    table = read_table(path, ALIASES, column_map)
    report = Collector(table.file)
    table.require("mentor", "mentee", expected="mentor,mentee,since,until,status,program")
    for row in table.rows:
        for f in ("mentor", "mentee"):
            if not row.values.get(f):
                report.row_error(row, f, f"missing {f}")
    people = resolve_refs(store, table.rows, ("mentor", "mentee"), report)
    batch = ImportBatch(source=table.file)
    first_line: dict[tuple, int] = {}
    for row in table.rows:
        mentor, mentee = people.get(row.values.get("mentor", "")), people.get(row.values.get("mentee", ""))
        since, until = check_period(report, row)
        status = row.values.get("status", "").lower() or None
        if status and status not in STATUSES:
            report.row_error(row, "status", f"unknown status {row.values['status']!r}: use one of {', '.join(STATUSES)}")
        if not (mentor and mentee):
            continue
        if mentor == mentee:
            report.row_error(row, "mentee", "a person cannot mentor themselves")
            continue
        props = {"since": since, "until": until, "status": status,
                 "program": cells.name(row.values.get("program", "")) or None}
        tie = Tie("MENTORS", mentor, mentee, {k: v for k, v in props.items() if v is not None})
        if tie.key in first_line:
            report.warn(row.line, "", f"repeats the mentorship on line {first_line[tie.key]}; the later row wins")
        first_line[tie.key] = row.line
        batch.add_tie(tie)
    report.raise_if_any()
    return Parsed(batch, report.warnings)
