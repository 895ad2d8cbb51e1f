"""Writing the records in the import formats a real admin would upload."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from importers.generate.dates import iso
from importers.generate.org import Person
from importers.generate.profiles import Profile

#: LinkedIn's preamble line, verbatim (the export quotes it).
LINKEDIN_NOTE = (
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"'
)

ORGCHART_HEADER = ["Employee ID", "First Name", "Last Name", "Email", "Title", "Department",
                   "Team", "Location", "Level", "Manager ID", "Dotted Line Manager ID"]
PEOPLE_HEADER = ["person_id", "skills", "interests", "linkedin_url", "active", "open_to_intros"]
RELATIONSHIPS_HEADER = ["source", "target", "type", "since", "until", "context", "interactions"]
MENTORSHIPS_HEADER = ["mentor", "mentee", "since", "until", "status", "program"]
POSITIONS_HEADER = ["person", "organization", "title", "since", "until"]
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On"]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def orgchart_rows(people: list[Person]) -> Iterable[tuple]:
    for p in people:
        yield (p.pid, p.first, p.last, p.email, p.title, p.dept, p.team, p.location, p.level,
               people[p.manager].pid if p.manager >= 0 else "",
               people[p.dotted].pid if p.dotted >= 0 else "")


def people_rows(people: list[Person], profiles: list[Profile]) -> Iterable[tuple]:
    for p, pr in zip(people, profiles):
        yield (p.pid, ";".join(pr.skills), ";".join(pr.interests), pr.linkedin_url,
               "true" if pr.active else "false", "true" if pr.open_to_intros else "false")


def write_linkedin(path: Path, rows: list[tuple]) -> None:
    """LinkedIn's own layout: BOM, ``Notes:``, the quoted note, a blank line, the table."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("Notes:\n")
        f.write(LINKEDIN_NOTE + "\n")
        f.write("\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LINKEDIN_HEADER)
        w.writerows(rows)


@dataclass(frozen=True)
class GeneratedFiles:
    """Where :func:`generate` wrote each import file.

    ``linkedin`` maps the owner's person_id to that owner's ``Connections.csv``.  ``ties``
    is the tie-count estimate by kind (see :func:`generate`); it is informational and not
    part of equality. ``calendar``, ``mail`` and ``privacy`` are ``None`` unless asked for.
    """

    orgchart: Path
    people: Path
    relationships: Path
    mentorships: Path
    positions: Path
    linkedin: dict[str, Path]
    ties: dict[str, int] = field(default_factory=dict, compare=False)
    #: interaction signals, written only on request (``generate(..., signals=True)``):
    #: a calendar export, a mail archive, and a people file of who opted out
    calendar: Path | None = None
    mail: Path | None = None
    privacy: Path | None = None


def write_files(out_dir: Path, org: list[Person], profiles: list[Profile], relationships: list[tuple],
                mentorships: list[tuple], positions: list[tuple],
                linkedin: dict[str, list[tuple]]) -> GeneratedFiles:
    """Every import file, in ``out_dir`` and its ``linkedin/`` folder."""
    (out_dir / "linkedin").mkdir(parents=True, exist_ok=True)
    files = {name: out_dir / f"{name}.csv"
             for name in ("orgchart", "people", "relationships", "mentorships", "positions")}
    write_csv(files["orgchart"], ORGCHART_HEADER, orgchart_rows(org))
    write_csv(files["people"], PEOPLE_HEADER, people_rows(org, profiles))
    write_csv(files["relationships"], RELATIONSHIPS_HEADER, relationships)
    write_csv(files["mentorships"], MENTORSHIPS_HEADER, mentorships)
    write_csv(files["positions"], POSITIONS_HEADER,
              ((org[p].pid, name, title, iso(s), iso(u))
               for p, _c, name, title, s, u in positions))
    li_dir = out_dir / "linkedin"
    li_paths = {}
    for owner, rows in linkedin.items():
        li_paths[owner] = li_dir / f"{owner}_Connections.csv"
        write_linkedin(li_paths[owner], rows)
    # Connections files of an earlier run into the same directory would be imported
    # alongside ours; remove only files of exactly our naming pattern.
    for stale in sorted(li_dir.glob("E*_Connections.csv")):
        if re.fullmatch(r"E\d{6,}_Connections\.csv", stale.name) and \
                stale.name[:-len("_Connections.csv")] not in li_paths:
            stale.unlink()
    return GeneratedFiles(files["orgchart"], files["people"], files["relationships"],
                          files["mentorships"], files["positions"], li_paths)
