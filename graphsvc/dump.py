"""The whole store as one portable file, and back into an empty store of either kind.

This is how a team outgrows the embedded store (dump it, restore the file into Neo4j) and how
any store is copied or kept. The format is JSON Lines (UTF-8), one object per line:

* line 1, the header: ``{"format": "intrograph-dump", "version": 1, "weights_as_of": "2026-01-01"}``
  (``weights_as_of`` is ``null`` for a store that never weighed a pair);
* then one line per item, each an object with one key naming its section, sections in this
  order (so that whatever a line refers to comes before it) and each sorted:
  ``{"person": {…properties}}``, ``{"organization": {"key", "name"}}``,
  ``{"tie": {"type", "source", "target", "props"}}``, ``{"position": {"person_id", "org_key",
  "props"}}``, ``{"record": {"kind", "id", "data"}}`` (goals, introductions, accounts with their
  password and token hashes, the audit log, the import journal, erasures);
* the last line, ``{"end": {section: count, …}}``, so that a cut-off file is noticed.

Keys are sorted and the order is fixed (:meth:`graphsvc.store.WholeStore.contents`), so
equal stores give byte-equal dumps, whichever kind they are. Left out, because they are
derived: pair weights (recomputed from the ties as of ``weights_as_of`` on restore), the
embedded store's change log and adjacency snapshots, Neo4j's indexes. Analytics scores are
person properties and are kept.

Both directions stream: a million ties are never in memory at once. A restore reads the file
twice: first to validate all of it (a bad line is an error naming its line, and nothing is
written), then to write it in transactions of at most the store's rows per transaction
(:data:`RESTORE_ROWS` for the embedded store), each with an ``ImportRun`` journal entry
(``graphsvc.import_journal``), so a restore cut off half-way is finished by running it again;
the last transaction removes the entry, leaving the store as the dump describes it.
"""
from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import orjson

from graphsvc.import_journal import JOURNAL_KIND, Progress, batch_stage
from graphsvc.model import TIE_TYPES, ImportBatch, Position, StoreError, Tie, WriteSummary
from graphsvc.records import BOOKKEEPING_KINDS, RECORD_FIELDS, Record, now_iso, sortable_id
from graphsvc.store import DUMP_SECTIONS, GraphStore

__all__ = ["FORMAT", "VERSION", "RESTORE_ROWS", "DumpInvalid", "RestoreRefused", "DumpSummary",
           "write_dump", "validate_dump", "restore"]

FORMAT = "intrograph-dump"
VERSION = 1
#: Lines per restore transaction where the store sets no limit (the embedded store): it keeps
#: what a restore holds in memory bounded.
RESTORE_ROWS = 50_000
_INT_RANGE = 2 ** 63  # Neo4j stores 64-bit integers


class DumpInvalid(ValueError):
    """The file is not a dump this version can restore; the message names the line."""


class RestoreRefused(ValueError):
    """The store cannot take the restore (it is not empty); nothing was written."""


def _line(section: str, item: dict[str, Any]) -> bytes:
    return orjson.dumps({section: item}, option=orjson.OPT_SORT_KEYS) + b"\n"


def _without_nulls(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as both stores keep them: an absent value is no property (Neo4j cannot hold null)."""
    return {k: v for k, v in props.items() if v is not None}


def _portable(section: str, item: dict[str, Any]) -> dict[str, Any]:
    if section == "person":
        return _without_nulls(item)
    if section in ("tie", "position"):
        return {**item, "props": _without_nulls(item["props"])}
    if section == "record":
        # a record's version is a concurrency token of the store it lives in (each store numbers
        # writes from 1), not content: a restored record starts again at 1
        return {**item, "data": {k: v for k, v in item["data"].items() if k != "version"}}
    return item


def write_dump(store: GraphStore, path: str | Path) -> dict[str, int]:
    """Write everything ``store`` holds to ``path`` (replaced only once complete); counts per section."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    counts = {section: 0 for section in DUMP_SECTIONS}
    as_of = store.weights_as_of()
    try:
        with open(partial, "wb") as out:
            out.write(orjson.dumps({"format": FORMAT, "version": VERSION,
                                    "weights_as_of": as_of.isoformat() if as_of else None},
                                   option=orjson.OPT_SORT_KEYS) + b"\n")
            for section, item in store.contents():
                out.write(_line(section, _portable(section, item)))
                counts[section] += 1
            out.write(_line("end", counts))
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"cannot write the dump {path}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


# ------------------------------------------------------------------ validation

def _storable(value: Any) -> bool:
    """Can both stores keep this as a property? Scalars, and lists of one scalar type."""
    if isinstance(value, bool) or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -_INT_RANGE <= value < _INT_RANGE
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(not isinstance(v, list) and _storable(v) for v in value) and len({type(v) for v in value}) <= 1
    return False


def _props_problem(props: Any) -> str | None:
    if not isinstance(props, dict):
        return "the properties must be an object"
    for key, value in props.items():
        if value is not None and not _storable(value):
            return (f"property {key!r} is {orjson.dumps(value).decode()[:60]}: a property is a string, number, "
                    "true/false, or a list of one of these")
    return None


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value else None


@dataclass
class DumpSummary:
    """What validation found: the header's weights date, lines per section, the file's digest."""

    weights_as_of: date | None
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in DUMP_SECTIONS})
    digest: str = ""

    @property
    def items(self) -> int:
        return sum(self.counts.values())


class _Checker:
    """Checks one item line after another, remembering what later lines may refer to."""

    def __init__(self):
        self.people: set[str] = set()
        self.emails: dict[str, str] = {}
        self.organizations: set[str] = set()
        self.section = 0

    def check(self, section: str, item: Any) -> str | None:
        """What is wrong with this line, or ``None``."""
        at = DUMP_SECTIONS.index(section)
        if at < self.section:
            return f"a {section} line after the {DUMP_SECTIONS[self.section]} lines: sections come in the order " \
                   + ", ".join(DUMP_SECTIONS)
        self.section = at
        if not isinstance(item, dict):
            return f"a {section} must be an object"
        return getattr(self, f"_{section}")(item)

    def _person(self, item: dict[str, Any]) -> str | None:
        pid = _text(item, "person_id")
        if pid is None:
            return "a person needs a person_id (a non-empty string)"
        if pid in self.people:
            return f"person {pid!r} appears twice"
        email = item.get("email")
        if email is not None and not isinstance(email, str):
            return f"person {pid!r}: the e-mail must be a string"
        if email:
            if email.lower() in self.emails:
                return f"person {pid!r} has the e-mail of person {self.emails[email.lower()]!r}"
            self.emails[email.lower()] = pid
        self.people.add(pid)
        return _props_problem(item)

    def _organization(self, item: dict[str, Any]) -> str | None:
        key = _text(item, "key")
        if key is None or not isinstance(item.get("name"), str):
            return "an organization needs a key (a non-empty string) and a name"
        if key in self.organizations:
            return f"organization {key!r} appears twice"
        self.organizations.add(key)
        return None

    def _tie(self, item: dict[str, Any]) -> str | None:
        if item.get("type") not in TIE_TYPES:
            return f"unknown tie type {item.get('type')!r}; one of {', '.join(TIE_TYPES)}"
        for end in ("source", "target"):
            if _text(item, end) not in self.people:
                return f"the tie's {end} {item.get(end)!r} is no person of this dump"
        return _props_problem(item.get("props"))

    def _position(self, item: dict[str, Any]) -> str | None:
        if _text(item, "person_id") not in self.people:
            return f"the position's person_id {item.get('person_id')!r} is no person of this dump"
        if _text(item, "org_key") not in self.organizations:
            return f"the position's org_key {item.get('org_key')!r} is no organization of this dump"
        return _props_problem(item.get("props"))

    def _record(self, item: dict[str, Any]) -> str | None:
        if item.get("kind") not in RECORD_FIELDS:
            return f"unknown record kind {item.get('kind')!r}; one of {', '.join(RECORD_FIELDS)}"
        if _text(item, "id") is None or not isinstance(item.get("data"), dict):
            return "a record needs an id (a non-empty string) and data (an object)"
        return None


def _lines(path: Path, digest=None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line; ``digest`` is fed every byte read."""
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if digest is not None:
                    digest.update(raw)
                yield number, raw
    except OSError as exc:
        raise DumpInvalid(f"cannot read the dump {path}: {exc.strerror or exc}") from exc


def _parse(path: Path, number: int, raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DumpInvalid(f"{path}:{number}: not JSON ({exc})") from None


def _header(path: Path, raw: bytes) -> date | None:
    head = _parse(path, 1, raw)
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise DumpInvalid(f"{path}:1: not an intrograph dump (the first line must say \"format\": \"{FORMAT}\")")
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DumpInvalid(f"{path}:1: version: {version!r} is no dump format version")
    if version > VERSION:
        raise DumpInvalid(f"{path}:1: version: the dump has format version {version}, written by a newer "
                          f"intrograph; this one reads version {VERSION}: upgrade intrograph to restore it")
    as_of = head.get("weights_as_of")
    try:
        return date.fromisoformat(as_of) if as_of is not None else None
    except (TypeError, ValueError):
        raise DumpInvalid(f"{path}:1: weights_as_of: {as_of!r} is not a date like 2026-01-01") from None


def _item(path: Path, number: int, raw: bytes) -> tuple[str, Any]:
    """The (section, item) of one line after the header."""
    line = _parse(path, number, raw)
    if not isinstance(line, dict) or len(line) != 1 or next(iter(line)) not in (*DUMP_SECTIONS, "end"):
        raise DumpInvalid(f"{path}:{number}: each line must be an object with one key, one of "
                          f"{', '.join(DUMP_SECTIONS)} or end")
    return next(iter(line.items()))


def validate_dump(path: str | Path) -> DumpSummary:
    """Read the whole file and check every line; :class:`DumpInvalid` names the first bad one."""
    path = Path(path)
    digest = hashlib.sha256()
    lines = _lines(path, digest)
    first = next(lines, None)
    if first is None:
        raise DumpInvalid(f"{path}: the file is empty, not an intrograph dump")
    summary = DumpSummary(_header(path, first[1]))
    checker, ended = _Checker(), 0
    for number, raw in lines:
        if ended:
            raise DumpInvalid(f"{path}:{number}: nothing may follow the end line (line {ended})")
        section, item = _item(path, number, raw)
        if section == "end":
            if item != summary.counts:
                raise DumpInvalid(f"{path}:{number}: end: the end line counts {item}, but the file holds "
                                  f"{summary.counts}: the file was changed or cut")
            ended = number
            continue
        problem = checker.check(section, item)
        if problem:
            raise DumpInvalid(f"{path}:{number}: {section}: {problem}")
        summary.counts[section] += 1
    if not ended:
        raise DumpInvalid(f"{path}: the file ends without its end line: it was cut off (copy it again, or dump "
                          "again)")
    summary.digest = digest.hexdigest()
    return summary


# ------------------------------------------------------------------ restore

def _items(path: Path) -> Iterator[tuple[str, Any]]:
    """The (section, item) of every line of a validated dump."""
    for number, raw in _lines(path):
        if number > 1:
            section, item = _item(path, number, raw)
            if section != "end":
                yield section, item


def _parts(path: Path, rows: int) -> Iterator[tuple[ImportBatch, list[Record]]]:
    """The dump's items as consecutive transactions of at most ``rows`` items each."""
    batch, records, size = ImportBatch(source=str(path)), [], 0
    for section, item in _items(path):
        if section == "person":
            batch.people[item["person_id"]] = _without_nulls(item)
        elif section == "organization":
            batch.organizations[item["key"]] = item["name"]
        elif section == "tie":
            batch.add_tie(Tie(item["type"], item["source"], item["target"], _without_nulls(item["props"])))
        elif section == "position":
            batch.positions.append(Position(item["person_id"], item["org_key"], _without_nulls(item["props"])))
        else:
            records.append(Record(item["kind"], item["id"], item["data"]))
        size += 1
        if size == rows:
            yield batch, records
            batch, records, size = ImportBatch(source=str(path)), [], 0
    if size:
        yield batch, records


def _unfinished(store: GraphStore, digest: str) -> dict[str, Any] | None:
    """The journal entry of a restore of this very file that was cut off, if any."""
    found = [r for r in store.find_records(JOURNAL_KIND, import_kind="restore", status="incomplete")
             if r["digest"] == digest]
    return found[-1] if found else None


def _check_empty(store: GraphStore, path: Path) -> None:
    held = dict(store.counts()["nodes"])  # bookkeeping records are no nodes there, but still content
    held.update((kind, n) for kind in BOOKKEEPING_KINDS if (n := len(store.find_records(kind))))
    if held:
        listed = ", ".join(f"{n:,} {label}" for label, n in sorted(held.items()))
        raise RestoreRefused(f"the store {store.uri} is not empty ({listed}); nothing was written. Restore "
                             f"{path} into a new, empty store (another --store), or empty this one first")


def restore(store: GraphStore, path: str | Path, progress: Progress | None = None) -> dict[str, Any]:
    """Load the dump at ``path`` into ``store``, which must be empty (see the module's doc).

    A restore of the same file that was cut off is finished, not refused. Returns the counts
    per section and how many transactions were (or had been) written.
    """
    path = Path(path)
    say = progress or (lambda stage, done, total: None)
    say("validating", 0, 0)
    summary = validate_dump(path)
    run = _unfinished(store, summary.digest)
    if run is None:
        _check_empty(store, path)
        rows = store.transaction_rows or RESTORE_ROWS
        run = {"id": sortable_id("IMP"), "import_kind": "restore", "file": str(path), "digest": summary.digest,
               "owner": None, "plan": "", "batch_rows": rows, "rows": summary.items,
               "batches": max(1, math.ceil(summary.items / rows)), "batches_done": 0, "status": "incomplete",
               "summary": WriteSummary().as_dict(), "started": now_iso(), "updated": now_iso(), "finished": None}
    if summary.weights_as_of is not None and store.weights_as_of() != summary.weights_as_of:
        store.refresh_weights(summary.weights_as_of)  # so each pair is weighed as of the dump's date
    resumed, done = run["batches_done"], 0
    for number, (batch, records) in enumerate(_parts(path, run["batch_rows"]), start=1):
        if number > resumed:
            say(batch_stage(number, run["batches"]), done, summary.items)
            run = _write_part(store, run, number, batch, records)
        done += len(batch.people) + len(batch.organizations) + len(batch.ties) + len(batch.positions) + len(records)
    return {"file": str(path), "store": store.uri, "counts": summary.counts, "batches": run["batches"],
            "resumed": resumed, "weights_as_of": summary.weights_as_of.isoformat() if summary.weights_as_of else None}


def _write_part(store: GraphStore, run: dict[str, Any], number: int, batch: ImportBatch,
                records: list[Record]) -> dict[str, Any]:
    """Write one transaction of a restore with the journal entry that counts it done (the last
    one removes the entry); the entry as it now stands."""
    now = now_iso()
    done = {**run, "batches_done": number, "updated": now}

    def journal(written: WriteSummary) -> list[Record]:
        done["summary"] = (WriteSummary(**run["summary"]) + written).as_dict()
        return [*records, Record(JOURNAL_KIND, run["id"], None if number == run["batches"] else done)]
    store.write_records(journal, batch)
    return done
