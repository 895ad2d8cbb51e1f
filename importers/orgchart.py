"""Org charts: one row per person with an id and a manager → people, reporting lines, teams.

People who share a manager get ``WORKED_WITH {kind: team}``. Everything is validated
before anything is written; each problem names its line and column.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch, Tie
from graphsvc.store import GraphStore
from importers import cells
from importers.identity import Incoming, match_people
from importers.people import MAX_MENTEES_HEADERS, max_mentees
from importers.problems import Collector, Parsed
from importers.reporting import cycle_message, ended_lines, ended_team_ties, reporting_cycles
from importers.table import Row, normalise_header, read_table

__all__ = ["ALIASES", "parse_orgchart"]

_FIELDS = {
    "person_id": ["Employee ID", "EmployeeID", "employee_id", "employeeId", "Employee Number", "PersonID",
                  "Person ID", "person_id", "ID", "Emp ID", "Worker ID", "Staff ID"],
    "manager_id": ["Manager ID", "ManagerID", "manager_id", "managerId", "SupervisorID", "Supervisor ID",
                   "supervisor_id", "supervisorId", "Reports To", "ReportsTo", "reports_to", "Boss ID",
                   "BossID", "boss_id", "Parent ID", "Line Manager ID"],
    "manager_email": ["supervisorEmail", "Supervisor Email", "Manager Email", "manager_email",
                      "Reports To Email", "Boss Email"],
    "dotted_manager_id": ["Dotted Line Manager ID", "Dotted Line Manager", "Matrix Manager ID",
                          "Matrix Manager", "dotted_manager_id", "Secondary Manager ID"],
    "name": ["Name", "Full Name", "full_name", "Employee Name", "displayName", "Display Name"],
    "first_name": ["First Name", "FirstName", "first_name", "firstName", "Given Name", "givenName"],
    "last_name": ["Last Name", "LastName", "last_name", "lastName", "Surname", "Family Name", "familyName"],
    "email": ["Email", "E-mail", "Email Address", "email", "Work Email", "mail", "emailAddress"],
    "title": ["Title", "Job Title", "jobTitle", "Position", "Role"],
    "department": ["Department", "Dept", "Division"],
    "team": ["Team", "Team Name", "Group"],
    "location": ["Location", "Office", "City", "Site"],
    "level": ["Level", "Grade", "Seniority", "Job Level"],
    "linkedin_url": ["LinkedIn", "LinkedIn URL", "linkedin_url", "linkedinUrl", "LinkedIn Profile"],
    "max_mentees": MAX_MENTEES_HEADERS,
}

#: normalised header → model field
ALIASES: dict[str, str] = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

def _name(row: Row) -> str:
    v = row.values
    return cells.name(v.get("name") or " ".join(p for p in (v.get("first_name"), v.get("last_name")) if p))


def parse_orgchart(path: str | Path, store: GraphStore,
                   column_map: Mapping[str, str] | None = None, today: date | None = None) -> Parsed:
    """Validated records of an org chart, or :class:`ImportRejected` naming every problem.

    Managers may be other rows of the file or people already in ``store``, and a reporting
    cycle is one with the stored lines too; a stored line the file no longer lists ends
    ``today``, and so do the team ties of the people who leave a team (see
    :mod:`importers.reporting`). A row whose
    e-mail or LinkedIn URL belongs to a person some other source created (a LinkedIn
    connection, say) is that person: see :mod:`importers.identity`.
    """
    table = read_table(path, ALIASES, column_map)
    report = Collector(table.file)
    table.require_one_of(("person_id",), "no id column: expected one of Employee ID, PersonID, employeeId, "
                         "ID (or give --map COLUMN=person_id)")
    table.require_one_of(("name", "first_name", "last_name"), "no name column: expected Name, or First Name "
                         "and Last Name (or give --map COLUMN=name)")

    rows_by_id: dict[str, Row] = {}
    ids_by_email: dict[str, str] = {}
    fields: dict[str, dict] = {}
    for row in table.rows:
        pid = row.values.get("person_id", "")
        if not pid:
            report.row_error(row, "person_id", "missing id")
            continue
        if pid in rows_by_id:
            report.row_error(row, "person_id", f"duplicate id {pid!r} (first on line {rows_by_id[pid].line})")
            continue
        rows_by_id[pid] = row
        if not _name(row):
            report.row_error(row, "name", "missing name")
        email = report.cell(row, "email", cells.email)
        if email:
            if email in ids_by_email:
                report.row_error(row, "email", f"e-mail {email} also on line {rows_by_id[ids_by_email[email]].line}")
            else:
                ids_by_email[email] = pid
        fields[pid] = {
            "name": _name(row) or None, "email": email,
            "title": row.values.get("title") or None, "department": row.values.get("department") or None,
            "team": row.values.get("team") or None, "location": row.values.get("location") or None,
            "level": report.cell(row, "level", cells.whole_number),
            "linkedin_url": report.cell(row, "linkedin_url", cells.linkedin_url),
            "max_mentees": report.cell(row, "max_mentees", max_mentees),
        }

    matched = match_people(store, [Incoming(row, pid, fields[pid]["email"], fields[pid]["linkedin_url"],
                                            fields[pid]["name"]) for pid, row in rows_by_id.items()], report)
    # file id → the stored person it is (its own id unless it merged with someone)
    person_of = {pid: found or pid for pid, found in zip(rows_by_id, matched.person_ids)}
    known_in_store = store.resolve_many(
        [v for r in table.rows for f in ("manager_id", "dotted_manager_id", "manager_email")
         if (v := r.values.get(f)) and v not in rows_by_id and v.lower() not in ids_by_email])

    def manager_of(row: Row, field: str) -> str | None:
        ref = row.values.get(field, "")
        if not ref:
            return None
        if field == "manager_email":
            found = ids_by_email.get(ref.lower()) or known_in_store.get(ref)
        else:
            found = ref if ref in rows_by_id else known_in_store.get(ref)
        if found is None:
            report.row_error(row, field, f"unknown manager {ref!r}: not in this file nor in the store")
            return None
        found = person_of.get(found, found)
        if found == person_of[row.values["person_id"]]:
            report.row_error(row, field, "a person cannot report to themselves")
            return None
        return found

    managers: dict[str, str] = {}
    dotted: dict[str, str] = {}
    rows_by_person = {person_of[pid]: row for pid, row in rows_by_id.items()}
    for pid, row in rows_by_id.items():
        manager = manager_of(row, "manager_id") or manager_of(row, "manager_email")
        if manager:
            managers[person_of[pid]] = manager
        second = manager_of(row, "dotted_manager_id")
        if second and second != manager:
            dotted[person_of[pid]] = second
    people = {person_of[pid]: props for pid, props in fields.items()}
    _check_cycles(store, report, managers, people, rows_by_person)
    report.raise_if_any()
    batch = _batch(table.file, people, managers, dotted, store)
    today = today or date.today()
    stored_lines = store.reporting_lines(people)
    ended_teams = ended_team_ties(store, stored_lines, managers, {t.key for t in batch.ties}, today)
    left_team = Counter(p for t in ended_teams for p in (t.source, t.target))
    for tie in ended_lines(stored_lines, managers, dotted, today):
        batch.add_tie(tie)
        row = rows_by_person[tie.source]
        now = (managers if tie.props.get("kind", "solid") == "solid" else dotted).get(tie.source)
        teammates = left_team[tie.source] if tie.props.get("kind", "solid") == "solid" else 0
        report.warn(row.line, row.columns.get("manager_id", ""),
                    f"{tie.source} no longer reports to {tie.target}"
                    + (f" (now to {now})" if now else "") + f": that line ends {tie.props['until']}"
                    + (f", as do the team ties with {teammates} former teammate{'s' if teammates > 1 else ''}"
                       if teammates else ""))
    for tie in ended_teams:
        batch.add_tie(tie)
    return Parsed(batch, report.warnings)


def _check_cycles(store: GraphStore, report: Collector, managers: dict[str, str], people: dict[str, dict],
                  rows_by_person: dict[str, Row]) -> None:
    """Reporting cycles of the file's lines, alone or with the stored lines above its people."""
    cycles = reporting_cycles(store, {p: [m] for p, m in managers.items()}, listed=people)
    if not cycles:
        return
    outside = {p for cycle, _ in cycles for p in cycle if p not in people}
    names = {p: fields.get("name") for p, fields in people.items()}
    names.update({found["person_id"]: found.get("name") for found in store.find_people(ids=outside)})
    for cycle, stored in cycles:
        message = cycle_message(cycle, stored, names)
        for pid in cycle:
            if pid in people:
                row = rows_by_person[pid]
                report.row_error(row, "manager_id" if row.values.get("manager_id") else "manager_email", message)


def _batch(file: str, people: dict[str, dict], managers: dict[str, str], dotted: dict[str, str],
           store: GraphStore) -> ImportBatch:
    batch = ImportBatch(people=people, source=file)
    for pid, manager in managers.items():
        batch.add_tie(Tie("REPORTS_TO", pid, manager, {"kind": "solid"}))
    for pid, manager in dotted.items():
        batch.add_tie(Tie("REPORTS_TO", pid, manager, {"kind": "dotted"}))
    # Teammates are everyone reporting to the same manager, including people already stored
    # (unless this file moves them to another manager).
    reports = defaultdict(set)
    for pid, manager in managers.items():
        reports[manager].add(pid)
    stored = store.direct_reports(reports)
    for manager, pids in stored.items():
        reports[manager].update(p for p in pids if p not in people)
    teams = {pid: fields.get("team") for pid, fields in people.items()}
    names = {pid: fields.get("name") for pid, fields in people.items()}
    others = {p for members in reports.values() for p in members if p not in teams}
    outside = others | {m for m in reports if m not in people}
    if outside:
        for found in store.find_people(ids=outside):
            if found["person_id"] in others:
                teams[found["person_id"]] = found.get("team")
            names[found["person_id"]] = found.get("name")
    for manager, members in reports.items():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a in people or b in people:
                    batch.add_tie(Tie("WORKED_WITH", a, b, _team(teams, names, a, b, manager)))
    return batch


def _team(teams: dict[str, str | None], names: dict[str, str | None], a: str, b: str, manager: str) -> dict:
    """The team two people share: its name when the sources give one, else their manager's.

    A manager's team is keyed by the manager's id (a tie's identity must not change with a
    name); ``manager_name`` is how explanations say it ("same team reporting to Ana Ruiz").
    """
    team_a, team_b = teams.get(a), teams.get(b)
    if team_a and team_a == team_b:
        return {"kind": "team", "context": team_a}
    props = {"kind": "team", "context": f"reporting to {manager}"}
    if names.get(manager):
        props["manager_name"] = names[manager]
    return props
