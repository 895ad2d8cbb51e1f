"""The tie-count estimate: computed from the records, so it costs no second pass over the files."""
from __future__ import annotations

from importers.generate.careers import overlap_pairs
from importers.generate.org import Person


def tie_estimate(people: list[Person], projects: list[tuple], knows: list[tuple],
                 mentorships: list[tuple], positions: list[tuple],
                 linkedin: dict[str, list[tuple]]) -> dict[str, int]:
    """Ties the import will create, by kind (evidence rows; a pair may appear in several)."""
    team = sum(len(p.reports) * (len(p.reports) - 1) // 2 for p in people)
    est = {
        "reports_to": sum(1 for p in people if p.manager >= 0),
        "dotted_line": sum(1 for p in people if p.dotted >= 0),
        "team": team,
        "project": len(projects),
        "mentorship": len(mentorships),
        "company_overlap": overlap_pairs(positions),
        "knows": len(knows),
        "linkedin": sum(len(r) for r in linkedin.values()),
    }
    est["total"] = sum(est.values())
    return est
