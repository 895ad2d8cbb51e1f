"""Imports of any size into any store: one transaction when it fits, journaled batches when not.

A store says how many rows one of its transactions may hold (``transaction_rows``; ``None``
for no limit). An import at or under that limit is written in one transaction together with
its journal entry: all or nothing, as before. A larger one is split, deterministically, into
batches of at most that many rows (people, then organisations, then ties, then positions, so
that whatever a row refers to is written before it), and each batch is written in one
transaction together with the journal entry that counts it done. So the journal never claims
a batch that is not in the store, and a batch in the store is always claimed.

The journal is an ``ImportRun`` record per import (see ``graphsvc.records``): the file's
digest, the kind, a digest of the batch plan, batches done, status and counts. Running the
same import again finds the incomplete run with the same file digest and kind; if the plan is
the same it skips the batches already done, else (the file was parsed against a store that
has changed since, say) it starts the plan over from the first batch. Both are correct
because every store write is idempotent: a batch written twice changes nothing.

The splitting and the journal live here, once, above both stores; the stores only offer
``write_records(records, batch)``, one transaction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from graphsvc import audit
from graphsvc.model import ImportBatch, Position, StoreError, WriteSummary
from graphsvc.records import Record, now_iso, sortable_id
from graphsvc.store import GraphStore
from graphsvc.tenures import overlaps_per_tenure

__all__ = ["JOURNAL_KIND", "ImportPlan", "Written", "batch_stage", "file_digest", "import_runs",
           "plan_import", "rerun_command", "run_status", "split", "write_journaled"]

JOURNAL_KIND = "ImportRun"

#: ``progress(stage, done, total)``, as importers report it
Progress = Callable[[str, int, int], None]


def rerun_command(kind: str, path: str | Path, owner: str | None = None) -> str:
    """The command that runs an import again (and so finishes it, when it was cut off)."""
    if kind == "restore":  # graphsvc.dump journals its restores here too
        return f"intrograph restore {path}"
    return f"intrograph import {kind} {path}" + (f" --owner {owner}" if owner else "")


def run_status(run: dict[str, Any]) -> str:
    """A journal entry's status as a person reads it, with what to do about an incomplete one."""
    if run["status"] == "complete":
        return "complete"
    return (f"incomplete: {run['batches_done']} of {run['batches']} batches; rerun "
            f"`{rerun_command(run['import_kind'], run['file'], run.get('owner'))}` to finish")


def batch_stage(number: int, batches: int) -> str:
    """The progress stage of one batch of a batched import ("writing batch 3 of 20")."""
    return f"writing batch {number} of {batches}"


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes: the same file imported again is recognised by it.

    A folder (a Maildir, a folder of ``.eml`` files) is digested as its files' relative
    names and bytes, in name order.
    """
    digest = hashlib.sha256()
    root = Path(path)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    for file in files:
        if root.is_dir():
            digest.update(f"{file.relative_to(root).as_posix()}\0".encode())
        with open(file, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _rows(batch: ImportBatch) -> Iterator[tuple[str, Any]]:
    """Every row a store writes for ``batch``, in the order references need.

    Ties and positions repeated within the batch are written once, with the last one's
    properties, as both stores do within one transaction; so each row is in exactly one batch.
    """
    yield from (("person", item) for item in batch.people.items())
    yield from (("organization", item) for item in batch.organizations.items())
    yield from (("tie", t) for t in {t.key: t for t in (t.canonical() for t in batch.ties)}.values())
    yield from (("position", p) for p in {p.key: p for p in batch.positions}.values())


def split(batch: ImportBatch, rows: int, derived: Mapping[tuple, int] | None = None) -> list[ImportBatch]:
    """``batch`` as consecutive batches of at most ``rows`` rows each (at least one batch).

    A tenure counts as ``1 + derived[key]`` rows: the former-colleague ties its transaction
    derives (:func:`graphsvc.tenures.overlaps_per_tenure`). One that alone exceeds ``rows``
    gets a batch of its own.
    """
    if rows < 1:
        raise ValueError(f"a transaction must hold at least one row, not {rows}")
    derived = derived or {}
    def empty() -> ImportBatch:
        return ImportBatch(source=batch.source, colleagues_as_of=batch.colleagues_as_of)
    parts: list[ImportBatch] = []
    part, size = empty(), 0
    for section, item in _rows(batch):
        cost = 1 + derived.get(item.key, 0) if section == "position" else 1
        if size and size + cost > rows:
            parts.append(part)
            part, size = empty(), 0
        if section == "person":
            part.people[item[0]] = item[1]
        elif section == "organization":
            part.organizations[item[0]] = item[1]
        elif section == "tie":
            part.ties.append(item)
        else:
            part.positions.append(item)
        size += cost
    parts.append(part)
    return parts


def _size(batch: ImportBatch) -> int:
    return sum(1 for _ in _rows(batch))


def _plan_digest(parts: list[ImportBatch]) -> str:
    """What the batches hold, so that a rerun resumes only the very same plan."""
    digest = hashlib.sha256()
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
    for number, part in enumerate(parts):
        for section, item in _rows(part):
            value = item if section in ("person", "organization") else (item.key, item.props)
            digest.update(f"{number}\x1f{section}\x1f{encode(value)}\n".encode())
    return digest.hexdigest()


@dataclass
class ImportPlan:
    """How an import will be written: ``parts`` (one per transaction) and their digest."""

    rows: int
    #: rows per transaction (``None``: no limit)
    limit: int | None
    parts: list[ImportBatch]
    digest: str

    @property
    def batched(self) -> bool:
        return len(self.parts) > 1


def plan_import(batch: ImportBatch, limit: int | None, stored_positions: Iterable[Position] = ()) -> ImportPlan:
    """One part when the batch fits one transaction of ``limit`` rows, else batches of ``limit``.

    A batch of tenures (``colleagues_as_of`` set) also counts the former-colleague ties each
    tenure will derive with the tenures before it, in the file or among ``stored_positions``
    (the store's tenures at the file's organisations that the file does not hold).
    """
    rows = _size(batch)
    derived: dict[tuple, int] = {}
    if limit is not None and batch.colleagues_as_of is not None and batch.positions:
        positions = [item for section, item in _rows(batch) if section == "position"]
        ours = {p.key for p in positions}
        before = [p for p in stored_positions if p.key not in ours]
        derived = dict(zip((p.key for p in positions),
                           overlaps_per_tenure(positions, before, batch.colleagues_as_of)))
    if limit is None or rows + sum(derived.values()) <= limit:
        return ImportPlan(rows, limit, [batch], "")
    parts = split(batch, limit, derived)
    return ImportPlan(rows, limit, parts, _plan_digest(parts))


@dataclass
class Written:
    """What :func:`write_journaled` did."""

    summary: WriteSummary
    run_id: str
    #: batches an earlier, interrupted run had already written (skipped this time)
    resumed: int = 0


def _in_batch(exc: StoreError, number: int, run: dict[str, Any], rerun: str) -> StoreError:
    """The store's one-line error, told which batch failed and what is written.

    Stores end their messages with "nothing was written" (of that one transaction); a
    batched import has written the batches before it, which the user needs to know.
    """
    done = run["batches_done"]
    written = (f"batch {number} of {run['batches']} was not written, "
               + (f"batches 1–{done} are" if done > 1 else "batch 1 is" if done else "no batch is yet")
               + f" (rerun `{rerun}` to finish)")
    message = str(exc)
    message = (message.replace("nothing was written", written) if "nothing was written" in message
               else f"{message}; {written}")
    return type(exc)(message)


def write_journaled(store: GraphStore, plan: ImportPlan, *, kind: str, path: str | Path, digest: str,
                    owner: str | None = None, progress: Progress | None = None, actor: str | None = None,
                    warnings: int = 0) -> Written:
    """Write ``plan`` into ``store`` under an ``ImportRun`` journal entry (see the module's doc).

    The batch that completes the import also writes its ``import`` audit entry (by ``actor``,
    with the whole import's counts and how many ``warnings`` it had), in its transaction.
    """
    say = progress or (lambda stage, done, total: None)
    now = now_iso()
    run = {"import_kind": kind, "file": str(path), "digest": digest, "owner": owner, "plan": plan.digest,
           "batch_rows": plan.limit, "rows": plan.rows, "batches": len(plan.parts), "batches_done": 0,
           "status": "incomplete", "summary": WriteSummary().as_dict(), "started": now, "updated": now,
           "finished": None}
    resumed, run_id = 0, sortable_id("IMP")
    if plan.batched:
        earlier = store.find_records(JOURNAL_KIND, digest=digest, import_kind=kind, status="incomplete")
        if earlier:
            previous = earlier[-1]  # ids sort by creation time: the newest
            run_id = previous["id"]
            if previous.get("plan") == plan.digest:
                resumed = previous["batches_done"]
                run.update(started=previous["started"], batches_done=resumed, summary=previous["summary"])
        # on the record before the first batch, so that even a run cut off in it is listed
        store.write_records([Record(JOURNAL_KIND, run_id, run)])
    summary = WriteSummary(**run["summary"])
    offset = sum(_size(part) for part in plan.parts[:resumed])
    for number, part in enumerate(plan.parts[resumed:], start=resumed + 1):
        stage = batch_stage(number, len(plan.parts)) if plan.batched else "writing"
        say(stage, offset, plan.rows)
        last = number == len(plan.parts)

        def journal(written: WriteSummary, number=number, last=last) -> list[Record]:
            """The entry that counts this batch done, written in the batch's own transaction."""
            at, total = now_iso(), (summary + written).as_dict()
            entry = Record(JOURNAL_KIND, run_id, {
                **run, "batches_done": number, "updated": at, "summary": total,
                "status": "complete" if last else "incomplete", "finished": at if last else None})
            if not last:
                return [entry]
            return [entry, audit.event("import", actor, Path(path).name, kind=kind, owner=owner, run=run_id,
                                       summary=total, warnings=warnings)]
        try:
            got = store.write_records(journal, part,
                                      progress=lambda done, total, at=offset: say(stage, at + done, plan.rows))
        except StoreError as exc:
            if not plan.batched:
                raise
            raise _in_batch(exc, number, run, rerun_command(kind, path, owner)) from exc
        summary += got
        run["batches_done"] = number
        offset += _size(part) if plan.batched else plan.rows  # one part: counted by the plan already
    return Written(summary, run_id, resumed)


def import_runs(store: GraphStore, limit: int | None = None) -> list[dict[str, Any]]:
    """The journal, newest first, each run with ``status_text`` (see :func:`run_status`)."""
    runs = store.find_records(JOURNAL_KIND)[::-1]
    return [{**run, "status_text": run_status(run)} for run in (runs[:limit] if limit is not None else runs)]
