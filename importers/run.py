"""One entry point for every import: parse and validate, then write.

``run_import`` imports one file; ``import_generated`` imports everything
``importers.generate`` wrote, in the order in which the files depend on each other. A file
that fits one transaction of the store is written all or nothing; a larger one in journaled
batches that a rerun finishes (``graphsvc.import_journal``).
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from graphsvc.import_journal import file_digest, plan_import, write_journaled
from graphsvc.model import WriteSummary
from graphsvc.store import GraphStore
from importers.calendar_ics import parse_calendar
from importers.linkedin import parse_linkedin
from importers.mail_headers import parse_email
from importers.mentorships import parse_mentorships
from importers.orgchart import parse_orgchart
from importers.people import parse_people
from importers.positions import parse_positions
from importers.problems import ImportRejected, Parsed, Problem
from importers.progress import Progress, ProgressBar
from importers.relationships import parse_relationships

__all__ = ["KINDS", "KIND_OPTIONS", "ImportRejected", "ImportReport", "run_import", "import_generated"]

#: import kind → parser(path, store, column_map, **options) → Parsed (raises ImportRejected)
KINDS: dict[str, Callable[..., Parsed]] = {
    "orgchart": parse_orgchart,
    "people": parse_people,
    "relationships": parse_relationships,
    "mentorships": parse_mentorships,
    "positions": parse_positions,
    "linkedin": parse_linkedin,
    "calendar": parse_calendar,
    "email": parse_email,
}
#: The options each kind takes besides the file (``run_import``'s ``options``).
KIND_OPTIONS = {"calendar": ("since", "until", "max_attendees"), "email": ("since", "until", "max_recipients")}


@dataclass
class ImportReport:
    kind: str
    file: str
    dry_run: bool
    #: ``None`` for the dry run of a batched import: each batch's changes depend on the batches
    #: before it, which a dry run does not write, so they are not counted ahead
    summary: WriteSummary | None
    warnings: list[str] = field(default_factory=list)
    #: the same warnings with their file, line and column apart
    warning_problems: list[Problem] = field(default_factory=list, repr=False)
    #: transactions the import is (or would be) written in, at most ``batch_rows`` rows each
    batches: int = 1
    batch_rows: int | None = None
    #: batches an earlier, interrupted run of the same import had written (not written again)
    resumed: int = 0
    #: the import's journal entry (``intrograph imports``); None for a dry run
    run_id: str | None = None
    #: calendar and e-mail imports: what the source held, read, skipped and counted
    #: (``importers.signals.InteractionStats``), as counts and as sentences
    stats: dict | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "file": self.file, "dry_run": self.dry_run,
                "summary": self.summary.as_dict() if self.summary is not None else None,
                "batches": self.batches, "batch_rows": self.batch_rows, "resumed": self.resumed,
                "run_id": self.run_id, "warnings": self.warnings, "stats": self.stats, "notes": self.notes}



_paused_lock = threading.Lock()
_paused = {"imports": 0, "was_enabled": False}  # imports under way in this process, and the state before


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while an import runs, as it was afterwards.

    An import holds millions of small objects (rows, ties, keys) at once, none in a cycle;
    each full collection walks all of them, and collections come the more often the more an
    import allocates: a fifth of a 30,000-person import's CPU went to finding no garbage.
    Reference counting still frees everything as usual; a cycle made meanwhile waits for the
    end. Imports in several threads share the pause: the last one out restores the collector.
    """
    with _paused_lock:
        if _paused["imports"] == 0:
            _paused["was_enabled"] = gc.isenabled()
            gc.disable()
        _paused["imports"] += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused["imports"] -= 1
            if _paused["imports"] == 0 and _paused["was_enabled"]:
                gc.enable()


@collector_paused()
def run_import(store: GraphStore, kind: str, path: str | Path, dry_run: bool = False,
               column_map: Mapping[str, str] | None = None, owner: str | None = None,
               progress: Progress | None = None, batch_rows: int | None = None,
               actor: str | None = None, **options: Any) -> ImportReport:
    """Validate ``path`` as ``kind`` and write it (or, with ``dry_run``, only report).

    ``owner`` (a person_id or e-mail) is whose LinkedIn export the file is, and is needed for
    ``linkedin`` only. ``options`` are the kind's own (:data:`KIND_OPTIONS`: the window and
    the broadcast limit of calendar and e-mail imports; ``None`` means the default).
    ``progress(stage, done, total)`` hears how far the import is.
    ``batch_rows`` overrides the store's rows per transaction (``store.transaction_rows``).
    ``actor`` is who the import's audit entry names (written with the import's last batch).
    Raises ``ImportRejected`` with every problem when the file has errors; then nothing is
    written. A dry run writes nothing either: one that fits a transaction counts what would
    change in a transaction it rolls back; a larger one only validates and plans.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; choose from {', '.join(KINDS)}")
    if (owner is not None) != (kind == "linkedin"):
        raise ValueError("a LinkedIn export needs --owner PERSON (whose connections they are)"
                         if kind == "linkedin" else f"--owner is only for linkedin imports, not {kind}")
    if batch_rows is not None and batch_rows < 1:
        raise ValueError(f"--batch-rows must be at least 1, not {batch_rows}")
    wrong = sorted({k for k, v in options.items() if v is not None} - set(KIND_OPTIONS.get(kind, ())))
    if wrong:
        raise ValueError(f"--{wrong[0].replace('_', '-')} is not an option of {kind} imports")
    say = progress or (lambda stage, done, total: None)
    say("validating", 0, 0)
    options = {k: v for k, v in options.items() if v is not None}
    if kind == "linkedin":
        options["owner"] = owner
    parsed = KINDS[kind](path, store, column_map, **options)
    batch, warnings = parsed
    stats = getattr(parsed, "stats", None)  # calendar and e-mail: ``importers.signals.ParsedInteractions``
    limit = batch_rows or store.transaction_rows
    stored = store.positions_at({p.org_key for p in batch.positions}) if limit and batch.colleagues_as_of else []
    plan = plan_import(batch, limit, stored)
    report = ImportReport(kind, str(path), dry_run, None, [str(w) for w in warnings], list(warnings),
                          batches=len(plan.parts), batch_rows=plan.limit,
                          stats=stats.as_dict() if stats is not None else None,
                          notes=stats.lines() if stats is not None else [])
    if dry_run:
        if not plan.batched:
            say("writing", 0, 0)
            report.summary = store.upsert(batch, dry_run=True,
                                          progress=lambda done, total: say("writing", done, total))
        return report
    written = write_journaled(store, plan, kind=kind, path=path, digest=file_digest(path), owner=owner,
                              progress=say, actor=actor, warnings=len(warnings))
    report.summary, report.resumed, report.run_id = written.summary, written.resumed, written.run_id
    return report


def import_generated(store: GraphStore, files, progress: Progress | None = None,
                     quiet: bool = False) -> list[ImportReport]:
    """Import every file of a ``GeneratedFiles`` (see ``importers.generate``) in dependency order.

    People come first (the org chart, then their attributes), then the ties between them,
    then employment history (whose overlaps add ties), then the LinkedIn exports (which
    merge connections into people by LinkedIn URL, so after ``people``), then the interaction
    signals when they were generated (opt-outs, calendar, mail). Without a
    ``progress`` callback a progress bar is drawn on a terminal unless ``quiet``.
    """
    plan = [("orgchart", files.orgchart, None), ("people", files.people, None),
            ("relationships", files.relationships, None), ("mentorships", files.mentorships, None),
            ("positions", files.positions, None)]
    plan += [("linkedin", path, owner) for owner, path in sorted(files.linkedin.items())]
    # interaction signals, when generated: who opted out first, so that none of theirs is kept
    plan += [(kind, path, None) for kind, path in (("people", files.privacy), ("calendar", files.calendar),
                                                   ("email", files.mail)) if path is not None]
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
