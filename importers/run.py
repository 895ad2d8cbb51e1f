"""One entry point for every import: parse and validate, then write all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from graphsvc.model import ImportBatch, WriteSummary
from graphsvc.store import GraphStore
from importers.orgchart import parse_orgchart

__all__ = ["KINDS", "ImportReport", "run_import"]

#: import kind → parser(path, store, column_map) → ImportBatch (raises ImportRejected)
KINDS: dict[str, Callable[..., ImportBatch]] = {
    "orgchart": parse_orgchart,
}


@dataclass
class ImportReport:
    kind: str
    file: str
    dry_run: bool
    summary: WriteSummary
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "file": self.file, "dry_run": self.dry_run,
                "summary": self.summary.as_dict(), "warnings": self.warnings}


def run_import(store: GraphStore, kind: str, path: str | Path, dry_run: bool = False,
               column_map: Mapping[str, str] | None = None) -> ImportReport:
    """Validate ``path`` as ``kind`` and write it (or, with ``dry_run``, only report).

    Raises ``ImportRejected`` with every problem when the file has errors; then nothing is
    written.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; choose from {', '.join(KINDS)}")
    batch = KINDS[kind](path, store, column_map)
    summary = store.upsert(batch, dry_run=dry_run)
    return ImportReport(kind, str(path), dry_run, summary)
