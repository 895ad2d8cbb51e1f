"""Generic ties between people: ``source,target,type,since,until,context,interactions``.

``type`` is one of an allow-list (WORKED_WITH, KNOWS, MENTORS, REPORTS_TO); the endpoints
are people already in the store, named by id or e-mail. ``context`` is the project of a
WORKED_WITH tie, the programme of a MENTORS tie; an optional ``kind`` column says whether a
WORKED_WITH tie is a project (the default), a team or a company, and whether a REPORTS_TO
tie is solid (the default) or dotted.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from graphsvc.model import INTERACTED, TIE_TYPES, ImportBatch, Tie
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import resolve_refs
from importers.problems import Collector, Parsed
from importers.reporting import cycle_message, is_current_solid, reporting_cycles
from importers.table import Row, normalise_header, read_table

__all__ = ["ALIASES", "parse_relationships", "check_period"]

_FIELDS = {
    "source": ["source", "Source", "From", "Person", "Person A", "source_id"],
    "target": ["target", "Target", "To", "Other", "Person B", "target_id"],
    "type": ["type", "Type", "Relationship", "Relationship Type", "Tie"],
    "since": ["since", "Since", "Start", "Start Date", "From Date"],
    "until": ["until", "Until", "End", "End Date", "To Date"],
    "context": ["context", "Context", "Project", "Program", "Programme"],
    "interactions": ["interactions", "Interactions", "Interaction Count", "Meetings"],
    "kind": ["kind", "Kind"],
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

#: The types a relationships file may hold: interaction evidence comes only from calendars and
#: e-mail (``import calendar``, ``import email``), which count it and keep it private.
FILE_TYPES = tuple(t for t in TIE_TYPES if t != INTERACTED)
#: allowed ``kind`` values per type (the first is the default)
_KINDS = {"WORKED_WITH": ("project", "team", "company"), "REPORTS_TO": ("solid", "dotted")}


def check_period(report: Collector, row: Row) -> tuple[str | None, str | None]:
    """``since`` and ``until`` of a row as ISO dates; an end before the start is an error."""
    since = report.cell(row, "since", cells.date)
    until = report.cell(row, "until", cells.date)
    if since and until and until < since:
        report.row_error(row, "until", f"ends ({until}) before it starts ({since})")
    return since, until


def _tie(report: Collector, row: Row, type_: str, source: str, target: str) -> Tie | None:
    since, until = check_period(report, row)
    interactions = report.cell(row, "interactions", lambda text: cells.whole_number(text, 0))
    context = cells.name(row.values.get("context", "")) or None
    kind = row.values.get("kind", "").lower()
    allowed = _KINDS.get(type_)
    if kind and (allowed is None or kind not in allowed):
        report.row_error(row, "kind", f"kind {kind!r} does not fit {type_}"
                         + (f": use one of {', '.join(allowed)}" if allowed else ""))
        return None
    props = {"since": since, "until": until, "interactions": interactions}
    if type_ == "WORKED_WITH":
        props.update(kind=kind or "project", context=context)
    elif type_ == "REPORTS_TO":
        props["kind"] = kind or "solid"
    elif type_ == "MENTORS":
        props["program"] = context
    else:
        props.update(source="manual", context=context)
    return Tie(type_, source, target, {k: v for k, v in props.items() if v is not None})


def parse_relationships(path: str | Path, store: GraphStore,
                        column_map: Mapping[str, str] | None = None) -> Parsed:
    table = read_table(path, ALIASES, column_map)
    report = Collector(table.file)
    table.require("source", "target", "type", expected="source,target,type,since,until,context,interactions")
    for row in table.rows:
        for f in ("source", "target", "type"):
            if not row.values.get(f):
                report.row_error(row, f, f"missing {f}")
    people = resolve_refs(store, table.rows, ("source", "target"), report)
    batch = ImportBatch(source=table.file)
    first_line: dict[tuple, int] = {}
    managers: dict[str, set[str]] = {}  # the file's current solid lines
    rows_of: dict[tuple[str, str], Row] = {}
    for row in table.rows:
        type_ = row.values.get("type", "").upper().replace(" ", "_").replace("-", "_")
        if type_ == INTERACTED:
            report.row_error(row, "type", "INTERACTED ties come from `intrograph import calendar` and "
                                          "`intrograph import email` only")
            continue
        if type_ and type_ not in FILE_TYPES:
            report.row_error(row, "type", f"unknown type {row.values['type']!r}: use one of {', '.join(FILE_TYPES)}")
            continue
        source, target = people.get(row.values.get("source", "")), people.get(row.values.get("target", ""))
        if not (type_ and source and target):
            continue
        if source == target:
            report.row_error(row, "target", "a tie needs two different people (source and target are the same)")
            continue
        tie = _tie(report, row, type_, source, target)
        if tie is None:
            continue
        tie = tie.canonical()  # once: the batch keeps it as it is (reporting lines keep their direction)
        key = tie.key
        if key in first_line:
            report.warn(row.line, "", f"repeats the tie on line {first_line[key]}; the later row wins")
        first_line[key] = row.line
        batch.add_tie(tie)
        if type_ == "REPORTS_TO" and is_current_solid(tie):
            managers.setdefault(source, set()).add(target)
            rows_of[(source, target)] = row
    cycles = reporting_cycles(store, managers, restated={t.key for t in batch.ties if t.type == "REPORTS_TO"})
    names = {p["person_id"]: p.get("name")
             for p in store.find_people(ids={p for c, _ in cycles for p in c})} if cycles else {}
    for cycle, stored in cycles:
        message = cycle_message(cycle, stored, names)
        for source, target in zip(cycle, cycle[1:] + cycle[:1]):
            if (source, target) not in stored:
                report.row_error(rows_of[(source, target)], "target", message)
    report.raise_if_any()
    return Parsed(batch, report.warnings)
