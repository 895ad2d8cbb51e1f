"""One entry point for every import: parse and validate, then write all or nothing.

``run_import`` imports one file; ``import_generated`` imports everything
``importers.generate`` wrote, in the order in which the files depend on each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from graphsvc.model import WriteSummary
from graphsvc.store import GraphStore
from importers.linkedin import parse_linkedin
from importers.mentorships import parse_mentorships
from importers.orgchart import parse_orgchart
from importers.people import parse_people
from importers.positions import parse_positions
from importers.problems import ImportRejected, Parsed, Problem
from importers.progress import Progress, ProgressBar
from importers.relationships import parse_relationships

__all__ = ["KINDS", "ImportRejected", "ImportReport", "run_import", "import_generated"]

#: import kind → parser(path, store, column_map, **options) → Parsed (raises ImportRejected)
KINDS: dict[str, Callable[..., Parsed]] = {
    "orgchart": parse_orgchart,
    "people": parse_people,
    "relationships": parse_relationships,
    "mentorships": parse_mentorships,
    "positions": parse_positions,
    "linkedin": parse_linkedin,
}


@dataclass
class ImportReport:
    kind: str
    file: str
    dry_run: bool
    summary: WriteSummary
    warnings: list[str] = field(default_factory=list)
    #: the same warnings with their file, line and column apart
    warning_problems: list[Problem] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "file": self.file, "dry_run": self.dry_run,
                "summary": self.summary.as_dict(), "warnings": self.warnings}


def run_import(store: GraphStore, kind: str, path: str | Path, dry_run: bool = False,
               column_map: Mapping[str, str] | None = None, owner: str | None = None,
               progress: Progress | None = None) -> ImportReport:
    """Validate ``path`` as ``kind`` and write it (or, with ``dry_run``, only report).

    ``owner`` (a person_id or e-mail) is whose LinkedIn export the file is, and is needed for
    ``linkedin`` only. ``progress(stage, done, total)`` hears how far the import is.
    Raises ``ImportRejected`` with every problem when the file has errors; then nothing is
    written.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; choose from {', '.join(KINDS)}")
    if (owner is not None) != (kind == "linkedin"):
        raise ValueError("a LinkedIn export needs --owner PERSON (whose connections they are)"
                         if kind == "linkedin" else f"--owner is only for linkedin imports, not {kind}")
    say = progress or (lambda stage, done, total: None)
    say("validating", 0, 0)
    options = {"owner": owner} if kind == "linkedin" else {}
    batch, warnings = KINDS[kind](path, store, column_map, **options)
    say("writing", 0, 0)
    summary = store.upsert(batch, dry_run=dry_run, progress=lambda done, total: say("writing", done, total))
    return ImportReport(kind, str(path), dry_run, summary, [str(w) for w in warnings], list(warnings))


def import_generated(store: GraphStore, files, progress: Progress | None = None,
                     quiet: bool = False) -> list[ImportReport]:
    """Import every file of a ``GeneratedFiles`` (see ``importers.generate``) in dependency order.

    People come first (the org chart, then their attributes), then the ties between them,
    then employment history (whose overlaps add ties), then the LinkedIn exports (which
    merge connections into people by LinkedIn URL, so after ``people``). Without a
    ``progress`` callback a progress bar is drawn on a terminal unless ``quiet``.
    """
    plan = [("orgchart", files.orgchart, None), ("people", files.people, None),
            ("relationships", files.relationships, None), ("mentorships", files.mentorships, None),
            ("positions", files.positions, None)]
    plan += [("linkedin", path, owner) for owner, path in sorted(files.linkedin.items())]
    bar = None
    if progress is None:
        progress = bar = ProgressBar(enabled=False if quiet else None)
    reports = []
    try:
        for kind, path, owner in plan:
            name = Path(path).name
            reports.append(run_import(store, kind, path, owner=owner,
                                      progress=lambda stage, done, total: progress(f"{name}: {stage}", done, total)))
    finally:
        if bar is not None:
            bar.close()
    return reports
