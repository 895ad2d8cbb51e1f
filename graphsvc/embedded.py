"""The embedded store: one SQLite file, with a shared in-memory view for fast reads.

SQLite gives durability and atomicity: every upsert is one ``BEGIN IMMEDIATE`` transaction
in WAL mode, so a process killed mid-import leaves the file as it was. ``BEGIN IMMEDIATE``
also runs write transactions one at a time, across threads and processes, each reading the
latest committed state: so a read-check-write (``transact``) needs no locks of its own, and
the named locks it is given are not used here. Each write also re-weighs the pairs whose
evidence it changed (the ``pair`` table) and logs the people it touched. Reads behind the questions are served by :mod:`graphsvc.embedded_graph`, which
keeps a view of people and pair weights in step with the file, so that several processes
sharing one file each answer from the latest committed state.

Threads share one store object (a threaded web server). Writes take turns on the one write
connection; reads borrow a connection of their own from a pool, so that in WAL mode they
answer from the last commit while a write is under way, instead of waiting for it (an
import can take minutes, and a write of this process may itself wait for another
process's import to finish).
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from contextlib import contextmanager
from itertools import chain
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from graphsvc import csr
from graphsvc.embedded_graph import OVERLAY_MAX, GraphCache, GraphView
from graphsvc.model import (ANALYTICS_FIELDS, INTERACTED, Edge, ImportBatch, PersonNotFound, Position, StoreError,
                            Tie, WriteSummary, group_edges, pair_of, shares_interactions, sorted_keys)
from graphsvc.records import BOOKKEEPING_KINDS, Record, check_filter
from graphsvc.search_keys import SEARCH_KEYS_VERSION, SEARCHED_FIELDS, fold, key_matches, name_prefix, search_key
from graphsvc.sql_chunks import select_in
from graphsvc.store import (GraphStore, Neighbourhood, Transacted, TransactionReads, WeightedNeighbourhood, Work,
                            WriteProgress, WriteTally, check_channel, passable, search_order)
from graphsvc.strength import INTERACTED_FIELDS, PLAIN_FIELDS, StrengthConfig, pair_strengths, weigh_sorted
from graphsvc.tenures import company_overlaps

__all__ = ["EmbeddedStore"]

#: Past this many touched people a change is logged as "reload everything".
_FULL_RELOAD_AT = 20_000
#: How many versions of the change log are kept for processes that fall behind.
_LOG_KEEP = 1_000
#: ``refresh_weights`` rewrites the whole pair table when more than 1/_REWRITE_AT of the
#: weights moved, else updates those in place (and views catch up with the people touched).
_REWRITE_AT = 10
#: Pair rows per INSERT statement of a rewrite (three parameters each).
_INSERT_ROWS = 500
#: Stored weights compared per chunk read.
_COMPARE_ROWS = 50_000
#: Rows moved from a staging table per statement, so that progress can be reported.
_MOVE_ROWS = 50_000
#: SQLite page cache of an upsert, in KiB. A 100,000-person import writes a million index
#: entries in random key order, which thrashes SQLite's default 2 MB cache; the big cache is
#: given back after each upsert, so that readers (web workers) keep a small one.
_UPSERT_CACHE_KIB = 512 * 1024


#: json.dumps with options builds a new encoder per call; a million ties make that count.
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


#: A tie's evidence as SQL text: its type, then the JSON array of the properties its
#: strength depends on (``strength.evidence_fields``), e.g. ``KNOWS["linkedin",…]``.
_EVIDENCE = ("type || CASE type WHEN '{interacted}' THEN json_extract(props, {interacted_paths}) "
             "ELSE json_extract(props, {plain_paths}) END").format(
    interacted=INTERACTED, interacted_paths=", ".join(f"'$.{f}'" for f in INTERACTED_FIELDS),
    plain_paths=", ".join(f"'$.{f}'" for f in PLAIN_FIELDS))


def _evidence_of(text: str) -> tuple[str, list]:
    """``(type, evidence_fields)`` of an ``_EVIDENCE`` text."""
    at = text.index("[")
    return text[:at], orjson.loads(text[at:])


def _moved_weights(cur, weights: list[tuple[str, str, float]]) -> list[tuple[str, str, float]] | None:
    """Of ``weights`` (every pair, in key order), those that differ from the stored ones; None
    when rewriting the whole pair table is due instead: other pairs are stored, or more than
    1/_REWRITE_AT of the weights moved (a later day moves every pair whose evidence has ended
    or is still growing; the same day none). Read in chunks, so that a rewrite is found soon."""
    limit, at = len(weights) // _REWRITE_AT, 0
    moved: list[tuple[str, str, float]] = []
    stored = cur.connection.execute("SELECT a, b, strength FROM pair")  # in key order too
    try:
        while rows := stored.fetchmany(_COMPARE_ROWS):
            if at + len(rows) > len(weights):
                return None
            changed = [(new, old) for new, old in zip(weights[at:at + len(rows)], rows) if new != old]
            if any(new[0] != old[0] or new[1] != old[1] for new, old in changed):
                return None
            moved += [new for new, _ in changed]
            at += len(rows)
            if len(moved) > limit:
                return None
        return moved if at == len(weights) else None
    finally:
        stored.close()


#: Person fields that neither ties nor passability depend on: a write of only these (by
#: ``analyze``) leaves the adjacency snapshot as it was.
_ADJACENCY_FREE_FIELDS = frozenset(ANALYTICS_FIELDS)


def _adjacency_unchanged(batch: ImportBatch) -> bool:
    """Whether writing ``batch`` changes no tie, pair weight or passability, given that it
    creates nobody: it only sets ``_ADJACENCY_FREE_FIELDS`` of people."""
    return (not batch.ties and not batch.positions and not batch.organizations
            and batch.colleagues_as_of is None
            and all(_ADJACENCY_FREE_FIELDS.issuperset(props) for props in batch.people.values()))


def _insert_pairs(cur, rows: list[tuple[str, str, float]]) -> None:
    """Insert pair rows, _INSERT_ROWS to a statement: a million one-row statements cost twice
    as much."""
    full = len(rows) - len(rows) % _INSERT_ROWS
    sql = "INSERT INTO pair (a, b, strength) VALUES " + ",".join(["(?,?,?)"] * _INSERT_ROWS)
    for i in range(0, full, _INSERT_ROWS):
        cur.execute(sql, tuple(chain.from_iterable(rows[i:i + _INSERT_ROWS])))
    cur.executemany("INSERT INTO pair (a, b, strength) VALUES (?,?,?)", rows[full:])


#: Value types that orjson writes exactly as ``_ENCODE`` does (floats are not: 1e+16 is 1e16).
_PLAIN = frozenset({str, int, bool, type(None)})


def _dumps(props: dict[str, Any]) -> str:
    """Canonical JSON, so equal properties give equal text (and re-imports change nothing).

    Written by orjson (a quarter of the cost; every tie and person imported is one call) when
    every value is text, a whole number, a truth value, null or a list of those, for which
    its text is ``_ENCODE``'s to the byte; anything else (floats, nested objects, keys that
    are not text, numbers past 64 bits, lone surrogates) by ``_ENCODE`` itself."""
    for value in props.values():
        kind = value.__class__
        if kind not in _PLAIN and not (kind is list and all(v.__class__ in _PLAIN for v in value)):
            return _ENCODE(props)
    try:
        return orjson.dumps(props, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError: a key that is not text, a lone surrogate, a huge number
        return _ENCODE(props)


def _count_relationships(summary: WriteSummary, sent: int, changed: int, created: int) -> None:
    """Relationships sent = created + updated (changed but not new) + unchanged."""
    summary.relationships_created += created
    summary.relationships_updated += changed - created
    summary.relationships_unchanged += sent - changed


def _sqlite_error(exc: sqlite3.Error, path: Path, busy_timeout: float, written: str) -> StoreError:
    """One line for the user: what SQLite refused, ``written`` (what is and is not), what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    where = f"embedded store {path}"
    if name == "SQLITE_FULL":
        return StoreError(f"{where}: the disk is full ({exc}); {written}. Free some space and rerun")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"{where} is locked by another process (waited {busy_timeout:g} s: {exc}); {written}. "
                          "Rerun once the other import or write has finished")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(f"{where} cannot be written ({exc}); {written}. Make the file and its folder "
                          "writable (check permissions and `lsattr`), or use another --store")
    return StoreError(f"{where}: {exc}; {written}")


class EmbeddedStore(GraphStore):
    #: No limit on rows per transaction: SQLite spills a large transaction to its WAL file.
    transaction_rows: int | None = None

    def __init__(self, uri: str, busy_timeout: float = 60.0):
        """``busy_timeout``: seconds a write waits for another process's write to finish."""
        if not uri.startswith("sqlite:///"):
            raise ValueError(f"not an embedded store URI: {uri!r} (use sqlite:///PATH)")
        self.uri = uri
        self.path = Path(uri[len("sqlite:///"):])
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()  # the write connection's, held by one write at a time
        self._writer: int | None = None  # the thread inside a write transaction
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []  # read connections not in use
        self._readers: list[sqlite3.Connection] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder of embedded store {self.path}: {exc.strerror}") from exc
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=OFF")
            self._db.execute("PRAGMA temp_store=MEMORY")  # upsert's staging tables
            self._add_search_key_column()
            scripts = [f.read_text() for f in sorted(resources.files("graphsvc").iterdir(), key=lambda f: f.name)
                       if f.name.startswith("schema") and f.name.endswith(".sql")]
            stamp = zlib.crc32("".join(scripts).encode()) & 0x7FFF_FFFF
            # The scripts write (INSERT OR IGNORE), so they would wait for a long import in
            # another process; a file they already made is stamped and opens without a lock.
            if self._db.execute("PRAGMA user_version").fetchone()[0] != stamp:
                for script in scripts:
                    self._db.executescript(script)
                self._db.execute(f"PRAGMA user_version={stamp}")
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path, busy_timeout, "nothing was written") from exc
        self._cache = GraphCache(self.path)
        if self.weights_as_of() is None and self._db.execute("SELECT 1 FROM tie LIMIT 1").fetchone():
            self.refresh_weights(date.today())  # a file written before pairs were weighed
        self._make_search_keys()

    def _add_search_key_column(self) -> None:
        """Give a file made before people had search keys the column (schema.sql indexes it)."""
        def missing() -> bool:
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(person)")}
            return bool(columns) and "search_key" not in columns
        if missing():
            with self._write() as cur:
                if missing():  # another process may have added it meanwhile
                    cur.execute("ALTER TABLE person ADD COLUMN search_key TEXT")

    def _make_search_keys(self) -> None:
        """Make every person's search key again when another version of the folding made them
        (or none did: a file from before search keys). Props are unchanged, so no view is."""
        def stale(db) -> bool:
            return db.execute("SELECT value FROM meta WHERE key='search_keys'").fetchone()[0] != SEARCH_KEYS_VERSION
        with self._lock:
            if not stale(self._db):
                return
        with self._write() as cur:
            if stale(cur):
                rows = [(search_key(orjson.loads(props)), pid)
                        for pid, props in cur.execute("SELECT person_id, props FROM person").fetchall()]
                cur.executemany("UPDATE person SET search_key=? WHERE person_id=?", rows)
                cur.execute("UPDATE meta SET value=? WHERE key='search_keys'", (SEARCH_KEYS_VERSION,))

    def close(self) -> None:
        with self._lock, self._pool_lock:
            self._db.close()
            for db in self._readers:
                db.close()
            self._idle.clear()

    @contextmanager
    def _reading(self, committed: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection to read with: inside this thread's own write (unless ``committed``),
        the write connection, to see what the write did so far; else one no other thread is
        using, which in WAL mode sees the last commit without waiting for any write."""
        if not committed and self._writer == threading.get_ident():
            yield self._db
            return
        with self._pool_lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=self.busy_timeout,
                                     check_same_thread=False)
            except sqlite3.Error as exc:
                raise _sqlite_error(exc, self.path, self.busy_timeout, "nothing was written") from exc
            with self._pool_lock:
                self._readers.append(db)
        try:
            yield db
        finally:
            with self._pool_lock:
                self._idle.append(db)

    # ----------------------------------------------------------------- writes

    @contextmanager
    def _write(self, dry_run: bool = False) -> Iterator[sqlite3.Cursor]:
        """One write transaction; anything raised inside rolls it back whole, as does a dry run."""
        with self._lock:
            cur = self._db.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
                self._writer = threading.get_ident()
                yield cur
                cur.execute("ROLLBACK" if dry_run else "COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    cur.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise _sqlite_error(exc, self.path, self.busy_timeout, "nothing was written") from exc
                raise
            finally:
                self._writer = None

    def _log_change(self, cur: sqlite3.Cursor, touched: set[str] | None) -> None:
        """Bump the version, naming the people touched (``None``: reload everything)."""
        version = cur.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0] + 1
        cur.execute("UPDATE meta SET value=? WHERE key='version'", (version,))
        everything = touched is None or len(touched) > _FULL_RELOAD_AT
        rows = [("*",)] if everything else [(p,) for p in touched]
        cur.executemany(f"INSERT INTO change (version, person_id) VALUES ({version}, ?)", rows)
        floor = version - _LOG_KEEP
        if floor > 0:
            cur.execute("DELETE FROM change WHERE version <= ?", (floor,))
            cur.execute("UPDATE meta SET value=? WHERE key='log_floor'", (floor,))

    @contextmanager
    def _batch_cache(self, batch: ImportBatch | None) -> Iterator[None]:
        """The big page cache for a write with a graph batch, given back afterwards."""
        with self._lock:
            if batch is None:
                yield
                return
            default_cache = self._db.execute("PRAGMA cache_size").fetchone()[0]
            self._db.execute(f"PRAGMA cache_size=-{_UPSERT_CACHE_KIB}")
            try:
                yield
            finally:
                self._db.execute(f"PRAGMA cache_size={default_cache}")

    def upsert(self, batch: ImportBatch, dry_run: bool = False,
               progress: WriteProgress | None = None) -> WriteSummary:
        if not dry_run:
            return self.transact(lambda reads: (), batch=batch, progress=progress).summary
        summary = WriteSummary()
        with self._batch_cache(batch), self._write(dry_run=True) as cur:
            self._apply_batch(cur, batch, summary, progress)
        return summary

    def transact(self, work: Work, locks: Iterable[str] = (), batch: ImportBatch | None = None,
                 progress: WriteProgress | None = None) -> Transacted:
        summary = WriteSummary()
        same_adjacency = batch is not None and _adjacency_unchanged(batch)
        with self._batch_cache(batch), self._write() as cur:
            before = self._version(cur)
            if batch is not None:
                self._apply_batch(cur, batch, summary, progress)
            written = _put_records(cur, work(_TransactionReads(cur, summary)))
            after = self._version(cur)
        if batch is not None and summary.changed and len(batch.people) + len(batch.ties) > OVERLAY_MAX:
            if same_adjacency and not summary.nodes_created:
                self._cache.carry_over(before, after)  # the view then only re-reads the people
            self._prepare_view()
        return Transacted(written, summary)

    @staticmethod
    def _version(cur) -> int:
        return cur.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]

    def erase_person(self, person_id: str, records: Iterable[Record]) -> dict[str, int]:
        with self._write() as cur:
            ends = cur.execute("SELECT source, target FROM tie WHERE source=? UNION "
                               "SELECT source, target FROM tie WHERE target=?", (person_id, person_id)).fetchall()
            gone = {"ties": 0, "positions": 0, "pairs": 0}
            for table, sql in (("ties", "DELETE FROM tie WHERE source=?"), ("ties", "DELETE FROM tie WHERE target=?"),
                               ("positions", "DELETE FROM works_at WHERE person_id=?"),
                               ("pairs", "DELETE FROM pair WHERE a=?"), ("pairs", "DELETE FROM pair WHERE b=?")):
                gone[table] += cur.execute(sql, (person_id,)).rowcount
            if not cur.execute("DELETE FROM person WHERE person_id=?", (person_id,)).rowcount:
                raise PersonNotFound(person_id)
            _put_records(cur, records)
            # the person leaves every view, and each neighbour's row loses them
            self._log_change(cur, {person_id} | {p for pair in ends for p in pair})
        return gone

    def _apply_batch(self, cur, batch: ImportBatch, summary: WriteSummary,
                     progress: WriteProgress | None = None) -> None:
        tally = WriteTally(batch, progress)
        touched = self._upsert_people(cur, batch.people, summary)
        tally.add(len(batch.people))
        self._upsert_organizations(cur, batch.organizations, summary)
        tally.add(len(batch.organizations))
        touched |= self._upsert_positions(cur, batch.positions, summary)
        tally.add(len(batch.positions))
        ties = [t.canonical() for t in batch.ties] + self._colleague_ties(cur, batch)
        kept, purged = self._keep_interactions_private(cur, batch.people, ties, summary)
        tally.add(len(ties) - len(kept))  # dropped for privacy: counted as done
        ties = kept
        pairs = self._upsert_ties(cur, ties, summary, tally) | purged
        touched |= {p for pair in pairs for p in pair}
        if summary.changed:
            self._reweigh(cur, pairs, ties)
            self._log_change(cur, touched)

    @staticmethod
    def _colleague_ties(cur, batch: ImportBatch) -> list[Tie]:
        """The former-colleague ties of the batch's tenures (``graphsvc.tenures``), from the
        tenures stored now: this transaction's, and every one committed before it began."""
        if batch.colleagues_as_of is None or not batch.positions:
            return []
        keys = sorted({p.org_key for p in batch.positions})
        names = dict(select_in(cur, "SELECT key, name FROM organization WHERE key IN ({marks})", keys))
        ties = company_overlaps(_positions_at(cur, keys), names, batch.colleagues_as_of,
                                {p.key for p in batch.positions})
        return [t.canonical() for t in ties]

    def _upsert_people(self, cur, people: dict[str, dict], summary: WriteSummary) -> set[str]:
        ids = list(people)
        existing = {pid: (props, key, email, url) for pid, props, key, email, url in select_in(
            cur, "SELECT person_id, props, search_key, email, linkedin_url FROM person WHERE person_id IN ({marks})",
            ids)}
        rows, props_only, touched = [], [], set()
        for pid in ids:
            old_text, stored_key, old_email, old_url = existing.get(pid, (None, None, None, None))
            key = stored_key
            merged = orjson.loads(old_text) if old_text else {}
            searched = [merged.get(f) for f in SEARCHED_FIELDS]
            merged.update({k: v for k, v in people[pid].items() if v is not None})
            merged["person_id"] = pid
            if merged.get("email"):
                merged["email"] = merged["email"].lower()
            text = _dumps(merged)
            if old_text is None:
                summary.nodes_created += 1
            elif text != old_text:
                summary.nodes_updated += 1
            else:
                summary.nodes_unchanged += 1
                continue
            touched.add(pid)
            # folding is slow; analyze rewrites everyone's metrics and leaves their names alone
            if key is None or searched != [merged.get(f) for f in SEARCHED_FIELDS]:
                key = search_key(merged)
            email, url = merged.get("email"), merged.get("linkedin_url")
            if old_text is not None and (email, url, key) == (old_email, old_url, stored_key):
                props_only.append((text, pid))
            else:
                rows.append((pid, email, url, text, key))
        # Only the JSON where nothing else changed (analyze's metrics, most edits): setting
        # the other columns to their own values still rewrites their index entries, which
        # took 3 of the 5 s of writing 160,000 people.
        cur.executemany("UPDATE person SET props=? WHERE person_id=?", props_only)
        try:
            cur.executemany(
                "INSERT INTO person (person_id, email, linkedin_url, props, search_key) VALUES (?,?,?,?,?) "
                "ON CONFLICT (person_id) DO UPDATE SET email=excluded.email, "
                "linkedin_url=excluded.linkedin_url, props=excluded.props, search_key=excluded.search_key", rows)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"two people would share an e-mail address ({exc}); nothing was written") from exc
        return touched

    def _stage(self, cur, table: str, columns: str, rows: list[tuple]) -> None:
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS incoming_{table} AS SELECT * FROM {table} WHERE 0")
        cur.execute(f"DELETE FROM incoming_{table}")
        marks = ",".join("?" * len(rows[0]))
        cur.executemany(f"INSERT INTO incoming_{table} ({columns}) VALUES ({marks})", rows)

    def _upsert_ties(self, cur, ties: list[Tie], summary: WriteSummary,
                     tally: WriteTally) -> set[tuple[str, str]]:
        """Write the (canonical) ties; returns the pairs whose evidence changed."""
        latest = {t.key: t for t in ties}  # canonical already; the last one in a batch wins
        if tally.progress is not None:
            tally.add(len(ties) - len(latest))  # repeats are written with the tie they repeat
        if not latest:
            return set()
        # Staged in key order, so that the lookups and inserts below walk the tie table's
        # primary key in order: in file order they land all over it (3x the CPU at 1 M ties).
        rows = [(*key, _dumps(latest[key].props)) for key in sorted_keys(latest)]
        self._stage(cur, "tie", "type, source, target, disc, props", rows)
        missing = cur.execute(
            "SELECT i.source, i.target FROM incoming_tie i WHERE NOT EXISTS "
            "(SELECT 1 FROM person p WHERE p.person_id = i.source) OR NOT EXISTS "
            "(SELECT 1 FROM person p WHERE p.person_id = i.target) LIMIT 1").fetchone()
        if missing:
            raise StoreError(f"a tie names a person who is not in the store ({missing[0]} – {missing[1]}); "
                             "nothing was written")
        changed = cur.execute(
            "SELECT i.source, i.target, t.props IS NULL FROM incoming_tie i LEFT JOIN tie t "
            "ON t.type=i.type AND t.source=i.source AND t.target=i.target AND t.disc=i.disc "
            "WHERE t.props IS NULL OR t.props != i.props").fetchall()
        _count_relationships(summary, sent=len(rows), changed=len(changed),
                             created=sum(1 for row in changed if row[2]))
        first = cur.execute("SELECT min(rowid) FROM incoming_tie").fetchone()[0]
        for start in range(first, first + len(rows), _MOVE_ROWS):
            cur.execute("INSERT INTO tie SELECT type, source, target, disc, props FROM incoming_tie "
                        "WHERE rowid >= ? AND rowid < ? "
                        "ON CONFLICT (type, source, target, disc) DO UPDATE SET props=excluded.props "
                        "WHERE tie.props != excluded.props", (start, start + _MOVE_ROWS))
            tally.add(min(_MOVE_ROWS, first + len(rows) - start))
        return {pair_of(row[0], row[1]) for row in changed}

    def _keep_interactions_private(self, cur, people: dict[str, dict], ties: list[Tie],
                                   summary: WriteSummary) -> tuple[list[Tie], set[tuple[str, str]]]:
        """No interaction evidence of people who do not share it (``shares_interactions``).

        Drops the batch's ``INTERACTED`` ties with such a person and deletes the stored ones
        of the people this batch closes (``open_to_intros`` or ``share_interactions`` false).
        Returns the ties to write and the pairs that lost evidence (to re-weigh).
        """
        closing = {pid for pid, props in people.items()
                   if props.get("open_to_intros") is False or props.get("share_interactions") is False}
        ends = sorted({p for t in ties if t.type == INTERACTED for p in (t.source, t.target)} - closing)
        closed = closing | {pid for pid, props in select_in(
            cur, "SELECT person_id, props FROM person WHERE person_id IN ({marks})", ends)
            if not shares_interactions(json.loads(props))}
        if not closed:
            return ties, set()
        kept = [t for t in ties if t.type != INTERACTED or not {t.source, t.target} & closed]
        gone = select_in(cur, "SELECT source, target FROM tie WHERE type='INTERACTED' AND source IN ({marks}) "
                              "UNION SELECT source, target FROM tie WHERE type='INTERACTED' AND target IN ({marks})",
                         sorted(closed), repeat=2)
        for source, target in gone:
            summary.relationships_deleted += cur.execute(
                "DELETE FROM tie WHERE type='INTERACTED' AND source=? AND target=?", (source, target)).rowcount
        return kept, {pair_of(a, b) for a, b in gone}

    def _upsert_organizations(self, cur, organizations: dict[str, str], summary: WriteSummary) -> None:
        """Create the organisations not stored yet; a stored one keeps the name it was first given.

        Sources spell one employer many ways ("INITECH", "Initech, Inc."); letting the last
        file win would rename it back and forth and make re-imports look like changes.
        """
        stored = {k for (k,) in select_in(cur, "SELECT key FROM organization WHERE key IN ({marks})", organizations)}
        new = [(k, name) for k, name in organizations.items() if k not in stored]
        summary.nodes_created += len(new)
        summary.nodes_unchanged += len(organizations) - len(new)
        cur.executemany("INSERT INTO organization (key, name) VALUES (?, ?)", new)

    def _upsert_positions(self, cur, positions, summary: WriteSummary) -> set[str]:
        if not positions:
            return set()
        latest = {p.key: p for p in positions}
        rows = [(*key, _dumps(p.props)) for key, p in latest.items()]
        self._stage(cur, "works_at", "person_id, org_key, since, props", rows)
        changed = cur.execute(
            "SELECT i.person_id, w.props IS NULL FROM incoming_works_at i LEFT JOIN works_at w "
            "ON w.person_id=i.person_id AND w.org_key=i.org_key AND w.since=i.since "
            "WHERE w.props IS NULL OR w.props != i.props").fetchall()
        _count_relationships(summary, sent=len(rows), changed=len(changed),
                             created=sum(1 for row in changed if row[1]))
        cur.execute("INSERT INTO works_at SELECT person_id, org_key, since, props FROM incoming_works_at "
                    "WHERE 1 ON CONFLICT (person_id, org_key, since) DO UPDATE SET props=excluded.props "
                    "WHERE works_at.props != excluded.props")
        return {row[0] for row in changed}

    def forget_interactions(self, channel: str) -> int:
        check_channel(channel)
        with self._write() as cur:
            gone = cur.execute("SELECT source, target FROM tie WHERE type='INTERACTED' AND disc=?",
                               (channel,)).fetchall()
            if gone:
                cur.execute("DELETE FROM tie WHERE type='INTERACTED' AND disc=?", (channel,))
                pairs = {pair_of(a, b) for a, b in gone}
                self._reweigh(cur, pairs, ())
                self._log_change(cur, {p for pair in pairs for p in pair})
        if len(gone) > OVERLAY_MAX:
            self._prepare_view()
        return len(gone)

    def delete_everything(self) -> None:
        with self._write() as cur:
            for table in ("person", "tie", "pair", "organization", "works_at", "record"):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("UPDATE meta SET value=0 WHERE key='weights_as_of'")
            self._log_change(cur, None)

    def contents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        # Primary-key order throughout, so SQLite streams every section without sorting it.
        with self._read() as cur:
            for (props,) in cur.execute("SELECT props FROM person ORDER BY person_id"):
                yield "person", orjson.loads(props)
            for key, name in cur.execute("SELECT key, name FROM organization ORDER BY key"):
                yield "organization", {"key": key, "name": name}
            for type_, source, target, props in cur.execute(
                    "SELECT type, source, target, props FROM tie ORDER BY type, source, target, disc"):
                yield "tie", {"type": type_, "source": source, "target": target, "props": orjson.loads(props)}
            for person_id, org_key, props in cur.execute(
                    "SELECT person_id, org_key, props FROM works_at ORDER BY person_id, org_key, since"):
                yield "position", {"person_id": person_id, "org_key": org_key, "props": orjson.loads(props)}
            for kind, record_id, data in cur.execute("SELECT kind, record_id, data FROM record ORDER BY kind, record_id"):
                yield "record", {"kind": kind, "id": record_id, "data": orjson.loads(data)}

    def backup(self, target: str | Path) -> None:
        """Copy the store file to ``target`` as it is at one moment, while others keep writing.

        SQLite's online backup copies every page in one step inside one read transaction: in
        WAL mode that blocks no writer, and the copy is the committed state as of its start.
        It is written beside ``target`` and renamed into place, so ``target`` is never half
        a copy. The adjacency snapshot (``*.adjacency``) is not copied: a store opened on the
        copy builds its own from the file.
        """
        target = Path(target)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                with self._lock:
                    self._db.backup(copy)
            finally:
                copy.close()
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, target)
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            raise _sqlite_error(exc, self.path, self.busy_timeout, f"no backup was written to {target}") from exc
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"cannot write the backup {target}: {exc.strerror or exc}") from exc

    # ----------------------------------------------------------- pair weights

    @staticmethod
    def _weights_date(cur) -> date:
        """The store's weights date; a store with none takes today's from its first write."""
        ordinal = cur.execute("SELECT value FROM meta WHERE key='weights_as_of'").fetchone()[0]
        if ordinal:
            return date.fromordinal(ordinal)
        today = date.today()
        cur.execute("UPDATE meta SET value=? WHERE key='weights_as_of'", (today.toordinal(),))
        return today

    def _reweigh(self, cur, pairs: set[tuple[str, str]], written: Iterable[Tie]) -> None:
        """Recompute the stored weight of these pairs from all their evidence.

        A pair that had no weight before this write has no evidence but what it ``written``
        (the pair table is kept in the same transactions as the ties), so only the pairs
        that had evidence already are read back: a first import weighs from memory.
        """
        if not pairs:
            return
        as_of = self._weights_date(cur)
        self._stage(cur, "pair", "a, b, strength", [(a, b, 0.0) for a, b in sorted_keys(pairs)])
        # CROSS JOIN keeps the staged pairs outside, each looked up by index inside.
        known = set(cur.execute("SELECT i.a, i.b FROM incoming_pair i CROSS JOIN pair p "
                                "ON p.a = i.a AND p.b = i.b").fetchall())
        evidence = [(t.type, t.source, t.target, t.key[3], t.props) for t in written
                    if (pair := pair_of(t.source, t.target)) in pairs and pair not in known]
        if known:
            self._stage(cur, "pair", "a, b, strength", [(a, b, 0.0) for a, b in sorted_keys(known)])
            evidence += ((type_, source, target, disc, orjson.loads(props)) for type_, source, target, disc, props in cur.execute(
                "SELECT t.type, t.source, t.target, t.disc, t.props FROM incoming_pair i CROSS JOIN tie t "
                "ON t.source = i.a AND t.target = i.b UNION ALL "
                "SELECT t.type, t.source, t.target, t.disc, t.props FROM incoming_pair i CROSS JOIN tie t "
                "ON t.source = i.b AND t.target = i.a").fetchall())
        weights = pair_strengths(evidence, as_of)  # in key order: the inserts walk the index in order
        # one row per statement: an upsert of 500 rows a statement measured slower, not quicker
        cur.executemany("INSERT INTO pair (a, b, strength) VALUES (?,?,?) "
                        "ON CONFLICT (a, b) DO UPDATE SET strength=excluded.strength",
                        [(a, b, w) for (a, b), w in weights.items()])
        # a pair whose last evidence was deleted (interactions withdrawn) is no longer a pair
        cur.executemany("DELETE FROM pair WHERE a=? AND b=?", sorted(known - weights.keys()))

    def refresh_weights(self, as_of: date, config: StrengthConfig | None = None) -> list[tuple[str, str, float]]:
        with self._write() as cur:
            # Ties come grouped by pair and in key order (as weigh_sorted takes them), each as
            # the few properties its strength depends on: no whole props are parsed, and equal
            # evidence is equal text, weighed once.
            weights = weigh_sorted(cur.execute(
                f"SELECT min(source, target), max(source, target), {_EVIDENCE} FROM tie "
                "ORDER BY 1, 2, type, source, target, disc"), as_of, config, _evidence_of)
            moved = _moved_weights(cur, weights)
            if moved is not None:
                cur.executemany("UPDATE pair SET strength=? WHERE a=? AND b=?", [(w, a, b) for a, b, w in moved])
                touched: set[str] | None = {p for a, b, _ in moved for p in (a, b)}
            else:
                # Written in key order into an empty table, its index built once afterwards: a
                # million rows inserted in random order into both would thrash the page cache.
                cur.execute("DELETE FROM pair")
                cur.execute("DROP INDEX IF EXISTS pair_b")
                _insert_pairs(cur, weights)
                cur.execute("CREATE INDEX pair_b ON pair (b)")
                touched = None
            cur.execute("UPDATE meta SET value=? WHERE key='weights_as_of'", (as_of.toordinal(),))
            self._log_change(cur, touched)
            version = cur.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
        with self._cache.pairs_known(version, weights):  # the snapshot need not read them back
            self._prepare_view()
        return weights

    def weights_as_of(self) -> date | None:
        with self._reading() as db:
            ordinal = db.execute("SELECT value FROM meta WHERE key='weights_as_of'").fetchone()[0]
        return date.fromordinal(ordinal) if ordinal else None

    def _prepare_view(self) -> None:
        """Build the shared snapshot now, so that the next process's first answer is quick."""
        self.view()

    # ----------------------------------------------------------------- reads

    def resolve_many(self, refs: Iterable[str]) -> dict[str, str]:
        refs = [r for r in refs if r]
        found = {pid: pid for (pid,) in self._select_in("SELECT person_id FROM person WHERE person_id IN ({marks})",
                                                         refs)}
        by_email: dict[str, list[str]] = {}
        for r in refs:
            if "@" in r:
                by_email.setdefault(r.lower(), []).append(r)
        for email, pid in self._select_in("SELECT email, person_id FROM person WHERE email IN ({marks})", by_email):
            for ref in by_email[email]:
                found.setdefault(ref, pid)
        return found

    def find_people(self, ids: Iterable[str] = (), emails: Iterable[str] = (),
                    linkedin_urls: Iterable[str] = (), names: Iterable[str] = ()) -> list[dict[str, Any]]:
        lookups = (("person_id", ids), ("email", [e.lower() for e in emails]),
                   ("linkedin_url", linkedin_urls), ("json_extract(props, '$.name')", names))
        found: dict[str, str] = {}
        for column, values in lookups:  # columns from the fixed tuple above, never from input
            found.update(self._select_in(f"SELECT person_id, props FROM person WHERE {column} IN ({{marks}})",
                                         (v for v in values if v)))
        return [json.loads(found[pid]) for pid in sorted(found)]

    def get_organizations(self, keys: Iterable[str]) -> dict[str, str]:
        return dict(self._select_in("SELECT key, name FROM organization WHERE key IN ({marks})", keys))

    def reporting_lines(self, person_ids: Iterable[str]) -> list[Tie]:
        return [Tie("REPORTS_TO", source, target, json.loads(props)) for source, target, props in self._select_in(
            "SELECT source, target, props FROM tie WHERE type='REPORTS_TO' AND source IN ({marks}) "
            "ORDER BY source, target, disc", person_ids)]

    def ties_between(self, type_: str, pairs: Iterable[tuple[str, str]]) -> list[Tie]:
        out: list[Tie] = []
        with self._reading() as db:
            for source, target in sorted(set(pairs)):
                out += [Tie(type_, source, target, json.loads(props)) for (props,) in db.execute(
                    "SELECT props FROM tie WHERE type=? AND source=? AND target=? ORDER BY disc",
                    (type_, source, target))]
        return out

    def positions_at(self, org_keys: Iterable[str]) -> list[Position]:
        with self._lock:
            return _positions_at(self._db, org_keys)

    def _select_in(self, sql: str, values: Iterable[str], repeat: int = 1) -> list[tuple]:
        """Rows of ``sql`` whose ``IN ({marks})`` takes ``values``, asked in chunks under the limit
        on host parameters (so each chunk is ordered by the query, chunks by sorted value).
        ``repeat``: how many ``IN ({marks})`` the query holds, each taking the same values."""
        with self._reading() as db:
            return select_in(db, sql, values, repeat)

    def view(self) -> GraphView:
        """The read view, caught up with the file's latest committed state (never with a write
        under way, even this thread's: a view is shared, and that write may yet roll back)."""
        with self._read(committed=True) as cur:
            return self._cache.view(cur)

    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        people = self.view().people
        return {p: dict(people[p]) for p in person_ids if p in people}

    def weighted_neighbours(self, person_ids: Iterable[str], endpoints: Iterable[str] = ()) -> WeightedNeighbourhood:
        return self.view().weighted_neighbours(person_ids, endpoints)

    def path_neighbourhood(self, source: str, target: str, max_hops: int) -> WeightedNeighbourhood:
        found = self.view().path_neighbourhood(source, target, max_hops)
        return found if found is not None else super().path_neighbourhood(source, target, max_hops)

    def weights_around(self, person_id: str, radius: int, last: Iterable[str] | None = None) -> csr.Snapshot:
        view = self.view()  # the whole graph's arrays, shared; unless changes wait in the overlay
        return super().weights_around(person_id, radius) if view.overlay else view.snapshot

    def incident_edges(self, person_ids: Iterable[str]) -> Neighbourhood:
        ids = list(person_ids)
        rows = self._select_in("SELECT type, source, target, props FROM tie WHERE source IN ({marks}) "
                               "UNION SELECT type, source, target, props FROM tie WHERE target IN ({marks})",
                               ids, repeat=2)
        edges = group_edges(_ties(rows))
        people = self.view().people
        ends = {p for e in edges for p in (e.a, e.b)} | set(ids)
        return edges, {p: dict(people[p]) for p in ends if p in people}

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> list[Edge]:
        rows: list[tuple] = []
        with self._reading() as db:
            for a, b in sorted({pair_of(a, b) for a, b in pairs}):
                rows += db.execute(
                    "SELECT type, source, target, props FROM tie WHERE source=? AND target=? "
                    "UNION ALL SELECT type, source, target, props FROM tie WHERE source=? AND target=?",
                    (a, b, b, a)).fetchall()
        return group_edges(_ties(rows))

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        with self._reading() as db:
            return _find_records(db, kind, record_id, equals)

    def direct_reports(self, manager_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for source, target in self._select_in(
                "SELECT source, target FROM tie WHERE type='REPORTS_TO' AND disc='solid' "
                "AND target IN ({marks}) AND json_extract(props, '$.until') IS NULL ORDER BY source", manager_ids):
            out.setdefault(target, []).append(source)
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        with self._read() as db:
            nodes = {"Person": db.execute("SELECT count(*) FROM person").fetchone()[0],
                     "Organization": db.execute("SELECT count(*) FROM organization").fetchone()[0]}
            nodes.update((kind, n) for kind, n in db.execute("SELECT kind, count(*) FROM record GROUP BY kind")
                         if kind not in BOOKKEEPING_KINDS)
            rels = dict(db.execute("SELECT type, count(*) FROM tie GROUP BY type"))
            rels["WORKS_AT"] = db.execute("SELECT count(*) FROM works_at").fetchone()[0]
        return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    def search_people(self, text: str = "", skill: str | None = None, department: str | None = None,
                      offset: int = 0, limit: int = 20, emails: bool | str = False
                      ) -> tuple[list[dict[str, Any]], int]:
        text, skill, department = fold(text), (skill or "").lower(), (department or "").lower()
        people = self.view().people
        if text:
            with self._lock:
                keyed = self._db.execute("SELECT person_id, search_key FROM person WHERE instr(search_key, ?) > 0",
                                         (text,)).fetchall()
            candidates = ((pid, people[pid]) for pid, key in keyed
                          if pid in people and key_matches(key, text, pid, emails))
        else:
            candidates = people.items()
        found = [dict(props) for pid, props in candidates
                 if (not skill or skill in (s.lower() for s in props.get("skills") or ()))
                 and (not department or (props.get("department") or "").lower() == department)]
        found.sort(key=search_order)
        return found[offset:offset + limit], len(found)

    def people_named(self, name: str) -> list[dict[str, Any]]:
        prefix = name_prefix(name)
        if not prefix:
            return []
        with self._lock:
            # the keys that start with the prefix: the prefix ends with FIELD_MARK, whose successor bounds them
            ids = [pid for (pid,) in self._db.execute(
                "SELECT person_id FROM person WHERE search_key >= ? AND search_key < ?",
                (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))]
        return sorted(self.get_people(ids).values(), key=search_order)

    # ------------------------------------------- reads behind the questions

    def export_graph(self) -> Neighbourhood:
        # Straight from the file, in one read transaction: whole-graph work usually runs in a
        # fresh process, where building the read view only to walk it once doubles the cost.
        with self._read() as cur:
            people = {pid: json.loads(props) for pid, props in cur.execute("SELECT person_id, props FROM person")}
            edges = group_edges(_ties(cur.execute("SELECT type, source, target, props FROM tie")))
        return edges, people

    def export_weights(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]]]:
        with self._read() as cur:
            people = {pid: json.loads(props) for pid, props in cur.execute("SELECT person_id, props FROM person")}
            pairs = cur.execute("SELECT a, b, strength FROM pair ORDER BY a, b").fetchall()
        return people, pairs

    def export_analysis(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]] | csr.Snapshot]:
        # Two fields picked out by SQL instead of every person's JSON parsed; a department
        # that is not text (never written by the importers) is read from the whole JSON, so
        # the values are those export_weights gives. The weights are the view's snapshot
        # when nothing changed since it was made (usually mapped from disk): reading 1.5 M
        # pairs back from the file took 1.5 s more.
        with self._read(committed=True) as cur:
            view = self._cache.view(cur)
            people = {}
            for pid, inactive, department, odd in cur.execute(
                    "SELECT person_id, json_type(props, '$.active') = 'false', "
                    "json_extract(props, '$.department'), "
                    "CASE WHEN json_type(props, '$.department') NOT IN ('text', 'null') THEN props END "
                    "FROM person"):
                props = {"department": orjson.loads(odd)["department"] if odd else department}
                if inactive:
                    props["active"] = False
                people[pid] = props
            if not view.overlay:
                return people, view.snapshot
            pairs = cur.execute("SELECT a, b, strength FROM pair ORDER BY a, b").fetchall()
        return people, pairs

    @contextmanager
    def _read(self, committed: bool = False) -> Iterator[sqlite3.Cursor]:
        """One read transaction: every query inside sees the same committed state (inside
        this thread's own write, unless ``committed``: that write's)."""
        with self._reading(committed) as db:
            cur = db.cursor()
            if db.in_transaction:
                yield cur
                return
            cur.execute("BEGIN")
            try:
                yield cur
            finally:
                cur.execute("COMMIT")

    def people_matching(self, skills: Iterable[str] = (), title_words: Iterable[str] = (),
                        departments: Iterable[str] = (), locations: Iterable[str] = (),
                        levels: Iterable[int] = (), person_ids: Iterable[str] = (),
                        members: bool = False, among: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        skills, departments, locations = set(skills), set(departments), set(locations)
        title_words, levels, person_ids = list(title_words), set(levels), set(person_ids)

        # Only the criteria asked for are tried: a scan may cover a hundred thousand people.
        tests = [test for asked, test in (
            (person_ids, lambda pid, p: pid in person_ids),
            (skills, lambda pid, p: any(s.lower() in skills for s in p.get("skills") or ())),
            (title_words, lambda pid, p: any(w in (p.get("title") or "").lower() for w in title_words)),
            (departments, lambda pid, p: (p.get("department") or "").lower() in departments),
            (locations, lambda pid, p: (p.get("location") or "").lower() in locations),
            (levels, lambda pid, p: p.get("level") in levels),
            (members, lambda pid, p: bool(p.get("department")))) if asked]

        def matches(pid: str, p: dict[str, Any]) -> bool:
            return any(test(pid, p) for test in tests)
        people = self.view().people
        scan = people.items() if among is None else ((p, people[p]) for p in among if p in people)
        return {pid: dict(p) for pid, p in scan if p.get("active", True) is not False and matches(pid, p)}

    def positions_of(self, person_ids: Iterable[str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for pid, key, name, since, props in self._select_in(
                "SELECT w.person_id, w.org_key, o.name, w.since, w.props FROM works_at w "
                "JOIN organization o ON o.key = w.org_key WHERE w.person_id IN ({marks})", person_ids):
            props = json.loads(props)
            out.append({"person_id": pid, "org_key": key, "org_name": name, "title": props.get("title"),
                        "since": since or None, "until": props.get("until")})
        return sorted(out, key=lambda w: (w["person_id"], w["org_key"], w["since"] or ""))

    def top_people(self, metric: str, limit: int, department: str | None = None) -> list[dict[str, Any]]:
        if metric not in ANALYTICS_FIELDS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(ANALYTICS_FIELDS)}")
        department = department.lower() if department else None
        found = [p for p in self.view().people.values()
                 if p.get(metric) is not None and passable(p)
                 and (department is None or (p.get("department") or "").lower() == department)]
        found.sort(key=lambda p: (-p[metric], p["person_id"]))
        return [dict(p) for p in found[:limit]]


def _positions_at(db: sqlite3.Connection | sqlite3.Cursor, org_keys: Iterable[str]) -> list[Position]:
    return [Position(pid, key, json.loads(props)) for pid, key, props in select_in(
        db, "SELECT person_id, org_key, props FROM works_at WHERE org_key IN ({marks}) "
            "ORDER BY org_key, person_id, since", org_keys)]


def _find_records(db: sqlite3.Connection | sqlite3.Cursor, kind: str, record_id: str | None,
                  equals: dict[str, Any]) -> list[dict[str, Any]]:
    check_filter(kind, equals)
    sql = "SELECT data FROM record WHERE kind=?"
    params: list[Any] = [kind]
    if record_id is not None:
        sql += " AND record_id=?"
        params.append(record_id)
    for field, value in equals.items():
        sql += " AND json_extract(data, ?) = ?"
        params += [f"$.{field}", value]
    # a record written before versions existed has none: it reads as 0, and its next write makes it 1
    return [{"version": 0, **json.loads(text)} for (text,) in db.execute(sql + " ORDER BY record_id", params)]


def _put_records(cur: sqlite3.Cursor, records: Iterable[Record]) -> list[Record]:
    """Write records, each one version above what is stored; returns them as written."""
    written = []
    for r in records:
        if r.data is None:
            cur.execute("DELETE FROM record WHERE kind=? AND record_id=?", (r.kind, r.id))
            written.append(r)
            continue
        stored = cur.execute("SELECT json_extract(data, '$.version') FROM record WHERE kind=? AND record_id=?",
                             (r.kind, r.id)).fetchone()
        data = {**r.data, "id": r.id, "version": (stored[0] or 0) + 1 if stored else 1}
        cur.execute("INSERT OR REPLACE INTO record (kind, record_id, data) VALUES (?,?,?)",
                    (r.kind, r.id, _dumps(data)))
        written.append(Record(r.kind, r.id, data))
    return written


class _TransactionReads(TransactionReads):
    """Reads inside an embedded write transaction (its own cursor)."""

    def __init__(self, cur: sqlite3.Cursor, summary: WriteSummary):
        self._cur = cur
        self.summary = summary

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        return _find_records(self._cur, kind, record_id, equals)


def _ties(rows: Iterable[tuple]) -> Iterator[Tie]:
    """Ties from ``(type, source, target, props JSON)`` rows."""
    for type_, source, target, props in rows:
        yield Tie(type_, source, target, orjson.loads(props))
