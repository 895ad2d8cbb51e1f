"""People files: attributes of people (skills, interests, LinkedIn URL, availability …).

One row per person, named by ``person_id``, ``email`` or ``linkedin_url`` (matched in that
order, see :mod:`importers.identity`). Only the columns present are written, so a file
with just ``person_id,skills`` leaves everyone's title alone. A row for someone not in the
store creates them only when it gives a name; otherwise it is an error (most likely a typo).
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch
from graphsvc.store import GraphStore
from graphsvc import limits
from importers import cells
from importers.identity import Incoming, match_people
from importers.problems import Collector, Parsed
from importers.table import normalise_header, read_table

__all__ = ["ALIASES", "MAX_MENTEES_HEADERS", "max_mentees", "parse_people"]

#: Headers of the column saying how many mentees a person takes at most (org charts read it too).
MAX_MENTEES_HEADERS = ["max_mentees", "Max Mentees", "maxMentees", "Mentee Capacity", "Mentoring Capacity",
                       "Max Mentees Per Mentor"]


def max_mentees(text: str) -> int | None:
    """A ``max_mentees`` cell: a whole number from 0 (takes no mentees) to ``limits.MENTEE_PLACES``."""
    return cells.whole_number(text, 0, limits.MENTEE_PLACES)


_FIELDS = {
    "person_id": ["person_id", "Person ID", "PersonID", "Employee ID", "EmployeeID", "employeeId", "ID"],
    "email": ["email", "Email", "E-mail", "Email Address", "Work Email"],
    "linkedin_url": ["linkedin_url", "LinkedIn", "LinkedIn URL", "linkedinUrl", "LinkedIn Profile"],
    "name": ["name", "Name", "Full Name", "Display Name"],
    "title": ["title", "Title", "Job Title", "Position", "Role"],
    "department": ["department", "Department", "Dept", "Division"],
    "team": ["team", "Team", "Team Name"],
    "location": ["location", "Location", "Office", "City", "Site"],
    "level": ["level", "Level", "Grade", "Seniority"],
    "skills": ["skills", "Skills", "Skill"],
    "interests": ["interests", "Interests", "Interest"],
    "active": ["active", "Active", "Is Active", "Employed"],
    "open_to_intros": ["open_to_intros", "Open To Intros", "Open to introductions", "openToIntros"],
    "max_intros_per_month": ["max_intros_per_month", "Max Intros Per Month", "maxIntrosPerMonth"],
    "share_interactions": ["share_interactions", "Share Interactions", "Interaction Signals", "shareInteractions"],
    "max_mentees": MAX_MENTEES_HEADERS,
}
ALIASES = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

#: attribute → parser of its cell
_PARSERS = {
    "name": cells.name, "title": cells.name, "department": cells.name, "team": cells.name,
    "location": cells.name, "level": cells.whole_number, "skills": cells.items, "interests": cells.items,
    "active": cells.flag, "open_to_intros": cells.flag, "share_interactions": cells.flag,
    "max_intros_per_month": lambda text: cells.whole_number(text, 0),
    "max_mentees": max_mentees,
}


def parse_people(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None) -> Parsed:
    table = read_table(path, ALIASES, column_map)
    report = Collector(table.file)
    table.require_one_of(("person_id", "email", "linkedin_url"), "no column naming the person: expected "
                         "person_id, email or linkedin_url (or give --map COLUMN=person_id)")
    records, attributes = [], []
    for row in table.rows:
        email = report.cell(row, "email", cells.email)
        url = report.cell(row, "linkedin_url", cells.linkedin_url)
        pid = row.values.get("person_id") or None
        if not (pid or email or url):
            report.row_error(row, "person_id", "missing person: give a person_id, email or linkedin_url")
            continue
        props = {f: report.cell(row, f, parse) for f, parse in _PARSERS.items() if f in table.columns}
        props.update({"email": email, "linkedin_url": url})
        records.append(Incoming(row, pid, email, url, props.get("name"), create=bool(props.get("name"))))
        attributes.append(props)
    matched = match_people(store, records, report)
    batch = ImportBatch(source=table.file)
    first_line: dict[str, int] = {}
    for record, pid, props in zip(records, matched.person_ids, attributes):
        if pid is None:
            continue
        if pid in first_line:
            report.row_error(record.row, "person_id", f"person {pid} again (first on line {first_line[pid]})")
            continue
        first_line[pid] = record.row.line
        batch.people[pid] = props
    report.raise_if_any()
    return Parsed(batch, report.warnings)
