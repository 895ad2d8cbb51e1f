"""Org charts: one row per person with an id and a manager → people, reporting lines, teams.

People who share a manager get ``WORKED_WITH {kind: team}``. Everything is validated
before anything is written; each problem names its line and column.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Mapping

from graphsvc.model import ImportBatch, Tie
from graphsvc.store import GraphStore
from importers.problems import ImportRejected, Problem
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
}

#: normalised header → model field
ALIASES: dict[str, str] = {normalise_header(a): f for f, names in _FIELDS.items() for a in names}

_EMAIL = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+$")


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def _name(row: Row) -> str:
    v = row.values
    return v.get("name") or " ".join(p for p in (v.get("first_name"), v.get("last_name")) if p)


def parse_orgchart(path: str | Path, store: GraphStore,
                   column_map: Mapping[str, str] | None = None) -> ImportBatch:
    """Validated records of an org chart, or :class:`ImportRejected` naming every problem.

    Managers may be other rows of the file or people already in ``store``.
    """
    table = read_table(path, ALIASES, column_map)
    file = table.file
    problems: list[Problem] = []

    def problem(row: Row, field: str, message: str) -> None:
        problems.append(Problem(file, row.line, row.columns.get(field, field), message))

    present = {f for r in table.rows for f in r.columns}
    if "person_id" not in present:
        raise ImportRejected([Problem(file, 1, "", "no id column: expected one of Employee ID, PersonID, "
                                      "employeeId, ID (or give --map COLUMN=person_id)")])
    if not present & {"name", "first_name", "last_name"}:
        raise ImportRejected([Problem(file, 1, "", "no name column: expected Name, or First Name and Last Name")])

    rows_by_id: dict[str, Row] = {}
    ids_by_email: dict[str, str] = {}
    for row in table.rows:
        v = row.values
        pid = v.get("person_id", "")
        if not pid:
            problem(row, "person_id", "missing id")
            continue
        if pid in rows_by_id:
            problem(row, "person_id", f"duplicate id {pid!r} (first on line {rows_by_id[pid].line})")
            continue
        rows_by_id[pid] = row
        if not _name(row):
            problem(row, "name", "missing name")
        email = v.get("email", "").lower()
        if email:
            if not valid_email(email):
                problem(row, "email", f"malformed e-mail {v['email']!r}")
            elif email in ids_by_email:
                problem(row, "email", f"e-mail {email} also on line {rows_by_id[ids_by_email[email]].line}")
            else:
                ids_by_email[email] = pid
        if v.get("level") and not re.fullmatch(r"-?\d+", v["level"]):
            problem(row, "level", f"level must be a whole number, not {v['level']!r}")

    known_in_store = store.resolve_many(
        [v for r in table.rows for f in ("manager_id", "dotted_manager_id", "manager_email")
         if (v := r.values.get(f)) and v not in rows_by_id and v.lower() not in ids_by_email]
        + list(ids_by_email))
    for email, pid in ids_by_email.items():
        owner = known_in_store.get(email)
        if owner and owner != pid:
            problem(rows_by_id[pid], "email", f"e-mail {email} already belongs to person {owner}")

    def manager_of(row: Row, field: str) -> str | None:
        ref = row.values.get(field, "")
        if not ref:
            return None
        if field == "manager_email":
            ref = ref.lower()
            found = ids_by_email.get(ref) or known_in_store.get(ref)
        else:
            found = ref if ref in rows_by_id else known_in_store.get(ref)
        if found is None:
            problem(row, field, f"unknown manager {row.values[field]!r}: not in this file nor in the store")
        elif found == row.values["person_id"]:
            problem(row, field, "a person cannot report to themselves")
            return None
        return found

    managers: dict[str, str] = {}
    dotted: dict[str, str] = {}
    for pid, row in rows_by_id.items():
        manager = manager_of(row, "manager_id") or manager_of(row, "manager_email")
        if manager:
            managers[pid] = manager
        second = manager_of(row, "dotted_manager_id")
        if second and second != manager:
            dotted[pid] = second
    for cycle in _cycles(managers):
        for pid in cycle:
            chain = " → ".join(cycle + [cycle[0]])
            field = "manager_id" if rows_by_id[pid].values.get("manager_id") else "manager_email"
            problem(rows_by_id[pid], field, f"reporting cycle: {chain}")
    if problems:
        raise ImportRejected(problems)
    return _batch(file, rows_by_id, managers, dotted, store)


def _cycles(managers: dict[str, str]) -> list[list[str]]:
    """Each reporting cycle once, as the list of people on it."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles = []
    for start in managers:
        walk = []
        node = start
        while node in managers and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = managers[node]
        if state.get(node) == 1:
            cycles.append(walk[walk.index(node):])
        for n in walk:
            state[n] = 2
    return cycles


def _batch(file: str, rows_by_id: dict[str, Row], managers: dict[str, str], dotted: dict[str, str],
           store: GraphStore) -> ImportBatch:
    batch = ImportBatch(source=file)
    for pid, row in rows_by_id.items():
        v = row.values
        batch.people[pid] = {
            "name": _name(row), "email": v.get("email", "").lower() or None,
            "title": v.get("title") or None, "department": v.get("department") or None,
            "team": v.get("team") or None, "location": v.get("location") or None,
            "level": int(v["level"]) if v.get("level") else None,
        }
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
        reports[manager].update(p for p in pids if p not in rows_by_id)
    teams = {pid: fields.get("team") for pid, fields in batch.people.items()}
    others = {p for members in reports.values() for p in members if p not in teams}
    teams.update({pid: props.get("team") for pid, props in store.get_people(others).items()})
    for manager, members in reports.items():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a in rows_by_id or b in rows_by_id:
                    batch.add_tie(Tie("WORKED_WITH", a, b, {"kind": "team",
                                                            "context": _team(teams, a, b, manager)}))
    return batch


def _team(teams: dict[str, str | None], a: str, b: str, manager: str) -> str:
    """The team two people share: its name when the sources give one, else their manager's."""
    team_a, team_b = teams.get(a), teams.get(b)
    if team_a and team_a == team_b:
        return team_a
    return f"reporting to {manager}"
