"""The embedded store: one SQLite file, with a shared in-memory view for fast reads.

SQLite gives durability and atomicity: every upsert is one ``BEGIN IMMEDIATE`` transaction
in WAL mode, so a process killed mid-import leaves the file as it was. Each write also
re-weighs the pairs whose evidence it changed (the ``pair`` table) and logs the people it
touched. Reads behind the questions are served by :mod:`graphsvc.embedded_graph`, which
keeps a view of people and pair weights in step with the file, so that several processes
sharing one file each answer from the latest committed state.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from graphsvc import csr
from graphsvc.embedded_graph import OVERLAY_MAX, GraphCache, GraphView
from graphsvc.model import (ANALYTICS_FIELDS, Edge, ImportBatch, Position, StoreError, Tie, WriteSummary,
                            group_edges, pair_of)
from graphsvc.records import BOOKKEEPING_KINDS, RecordsOf, check_filter
from graphsvc.sql_chunks import select_in
from graphsvc.store import (GraphStore, Neighbourhood, WeightedNeighbourhood, WriteProgress, WriteTally,
                            passable, search_order)
from graphsvc.strength import StrengthConfig, pair_strengths

__all__ = ["EmbeddedStore"]

#: Past this many touched people a change is logged as "reload everything".
_FULL_RELOAD_AT = 20_000
#: How many versions of the change log are kept for processes that fall behind.
_LOG_KEEP = 1_000
#: Rows moved from a staging table per statement, so that progress can be reported.
_MOVE_ROWS = 50_000
#: SQLite page cache of an upsert, in KiB. A 100,000-person import writes a million index
#: entries in random key order, which thrashes SQLite's default 2 MB cache; the big cache is
#: given back after each upsert, so that readers (web workers) keep a small one.
_UPSERT_CACHE_KIB = 512 * 1024


#: json.dumps with options builds a new encoder per call; a million ties make that count.
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _dumps(props: dict[str, Any]) -> str:
    """Canonical JSON, so equal properties give equal text (and re-imports change nothing)."""
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
        self._lock = threading.RLock()
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
            for schema in sorted(resources.files("graphsvc").iterdir(), key=lambda f: f.name):
                if schema.name.startswith("schema") and schema.name.endswith(".sql"):
                    self._db.executescript(schema.read_text())
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path, busy_timeout, "nothing was written") from exc
        self._cache = GraphCache(self.path)
        if self.weights_as_of() is None and self._db.execute("SELECT 1 FROM tie LIMIT 1").fetchone():
            self.refresh_weights(date.today())  # a file written before pairs were weighed

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ----------------------------------------------------------------- writes

    @contextmanager
    def _write(self, dry_run: bool = False) -> Iterator[sqlite3.Cursor]:
        """One write transaction; anything raised inside rolls it back whole, as does a dry run."""
        with self._lock:
            cur = self._db.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
                yield cur
                cur.execute("ROLLBACK" if dry_run else "COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    cur.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise _sqlite_error(exc, self.path, self.busy_timeout, "nothing was written") from exc
                raise

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

    def upsert(self, batch: ImportBatch, dry_run: bool = False,
               progress: WriteProgress | None = None) -> WriteSummary:
        summary = WriteSummary()
        with self._lock:
            default_cache = self._db.execute("PRAGMA cache_size").fetchone()[0]
            self._db.execute(f"PRAGMA cache_size=-{_UPSERT_CACHE_KIB}")
            try:
                with self._write(dry_run) as cur:
                    self._apply_batch(cur, batch, summary, progress)
            finally:
                self._db.execute(f"PRAGMA cache_size={default_cache}")
        if not dry_run and summary.changed and len(batch.people) + len(batch.ties) > OVERLAY_MAX:
            self._prepare_view()
        return summary

    def write_records(self, records: RecordsOf, batch: ImportBatch | None = None,
                      progress: WriteProgress | None = None) -> WriteSummary:
        summary = WriteSummary()
        with self._write() as cur:
            if batch is not None:
                self._apply_batch(cur, batch, summary, progress)
            for r in (records(summary) if callable(records) else records):
                if r.data is None:
                    cur.execute("DELETE FROM record WHERE kind=? AND record_id=?", (r.kind, r.id))
                else:
                    cur.execute("INSERT OR REPLACE INTO record (kind, record_id, data) VALUES (?,?,?)",
                                (r.kind, r.id, _dumps({**r.data, "id": r.id})))
        return summary

    def _apply_batch(self, cur, batch: ImportBatch, summary: WriteSummary,
                     progress: WriteProgress | None = None) -> None:
        tally = WriteTally(batch, progress)
        touched = self._upsert_people(cur, batch.people, summary)
        tally.add(len(batch.people))
        ties = [t.canonical() for t in batch.ties]
        pairs = self._upsert_ties(cur, ties, summary, tally)
        touched |= {p for pair in pairs for p in pair}
        self._upsert_organizations(cur, batch.organizations, summary)
        tally.add(len(batch.organizations))
        touched |= self._upsert_positions(cur, batch.positions, summary)
        tally.add(len(batch.positions))
        if summary.changed:
            self._reweigh(cur, pairs, ties)
            self._log_change(cur, touched)

    def _upsert_people(self, cur, people: dict[str, dict], summary: WriteSummary) -> set[str]:
        ids = list(people)
        existing = dict(select_in(cur, "SELECT person_id, props FROM person WHERE person_id IN ({marks})", ids))
        rows, touched = [], set()
        for pid in ids:
            old_text = existing.get(pid)
            merged = orjson.loads(old_text) if old_text else {}
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
            rows.append((pid, merged.get("email"), merged.get("linkedin_url"), text))
        try:
            cur.executemany(
                "INSERT INTO person (person_id, email, linkedin_url, props) VALUES (?,?,?,?) "
                "ON CONFLICT (person_id) DO UPDATE SET email=excluded.email, "
                "linkedin_url=excluded.linkedin_url, props=excluded.props", rows)
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
        rows = [(*key, _dumps(t.props)) for key, t in latest.items()]
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

    def delete_everything(self) -> None:
        with self._write() as cur:
            for table in ("person", "tie", "pair", "organization", "works_at", "record"):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("UPDATE meta SET value=0 WHERE key='weights_as_of'")
            self._log_change(cur, None)

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
        self._stage(cur, "pair", "a, b, strength", [(a, b, 0.0) for a, b in sorted(pairs)])
        # CROSS JOIN keeps the staged pairs outside, each looked up by index inside.
        known = set(cur.execute("SELECT i.a, i.b FROM incoming_pair i CROSS JOIN pair p "
                                "ON p.a = i.a AND p.b = i.b").fetchall())
        evidence = [(t.type, t.source, t.target, t.disc, t.props) for t in written
                    if pair_of(t.source, t.target) in pairs and pair_of(t.source, t.target) not in known]
        if known:
            self._stage(cur, "pair", "a, b, strength", [(a, b, 0.0) for a, b in sorted(known)])
            evidence += ((type_, source, target, disc, orjson.loads(props)) for type_, source, target, disc, props in cur.execute(
                "SELECT t.type, t.source, t.target, t.disc, t.props FROM incoming_pair i CROSS JOIN tie t "
                "ON t.source = i.a AND t.target = i.b UNION ALL "
                "SELECT t.type, t.source, t.target, t.disc, t.props FROM incoming_pair i CROSS JOIN tie t "
                "ON t.source = i.b AND t.target = i.a").fetchall())
        cur.executemany("INSERT INTO pair (a, b, strength) VALUES (?,?,?) "
                        "ON CONFLICT (a, b) DO UPDATE SET strength=excluded.strength",
                        [(a, b, w) for (a, b), w in pair_strengths(evidence, as_of).items()])

    def refresh_weights(self, as_of: date, config: StrengthConfig | None = None) -> int:
        with self._write() as cur:
            weights = pair_strengths(((type_, source, target, disc, orjson.loads(props)) for type_, source, target, disc, props
                                      in cur.execute("SELECT type, source, target, disc, props FROM tie")),
                                     as_of, config)
            # Written in key order into an empty table, its index built once afterwards: a
            # million rows inserted in random order into both would thrash the page cache.
            cur.execute("DELETE FROM pair")
            cur.execute("DROP INDEX IF EXISTS pair_b")
            cur.executemany("INSERT INTO pair (a, b, strength) VALUES (?,?,?)",
                            ((a, b, weights[a, b]) for a, b in sorted(weights)))
            cur.execute("CREATE INDEX pair_b ON pair (b)")
            cur.execute("UPDATE meta SET value=? WHERE key='weights_as_of'", (as_of.toordinal(),))
            self._log_change(cur, None)
        self._prepare_view()
        return len(weights)

    def weights_as_of(self) -> date | None:
        with self._lock:
            ordinal = self._db.execute("SELECT value FROM meta WHERE key='weights_as_of'").fetchone()[0]
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
        with self._lock:
            for source, target in sorted(set(pairs)):
                out += [Tie(type_, source, target, json.loads(props)) for (props,) in self._db.execute(
                    "SELECT props FROM tie WHERE type=? AND source=? AND target=? ORDER BY disc",
                    (type_, source, target))]
        return out

    def positions_at(self, org_keys: Iterable[str]) -> list[Position]:
        return [Position(pid, key, json.loads(props)) for pid, key, props in self._select_in(
            "SELECT person_id, org_key, props FROM works_at WHERE org_key IN ({marks}) "
            "ORDER BY org_key, person_id, since", org_keys)]

    def _select_in(self, sql: str, values: Iterable[str], repeat: int = 1) -> list[tuple]:
        """Rows of ``sql`` whose ``IN ({marks})`` takes ``values``, asked in chunks under the limit
        on host parameters (so each chunk is ordered by the query, chunks by sorted value).
        ``repeat``: how many ``IN ({marks})`` the query holds, each taking the same values."""
        with self._lock:
            return select_in(self._db, sql, values, repeat)

    def view(self) -> GraphView:
        """The read view, caught up with the file's latest committed state."""
        with self._read() as cur:
            return self._cache.view(cur)

    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        people = self.view().people
        return {p: dict(people[p]) for p in person_ids if p in people}

    def weighted_neighbours(self, person_ids: Iterable[str], endpoints: Iterable[str] = ()) -> WeightedNeighbourhood:
        return self.view().weighted_neighbours(person_ids, endpoints)

    def path_neighbourhood(self, source: str, target: str, max_hops: int) -> WeightedNeighbourhood:
        found = self.view().path_neighbourhood(source, target, max_hops)
        return found if found is not None else super().path_neighbourhood(source, target, max_hops)

    def weights_around(self, person_id: str, radius: int) -> csr.Snapshot:
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
        return edges, {p: people[p] for p in ends if p in people}

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> list[Edge]:
        rows: list[tuple] = []
        with self._lock:
            for a, b in sorted({pair_of(a, b) for a, b in pairs}):
                rows += self._db.execute(
                    "SELECT type, source, target, props FROM tie WHERE source=? AND target=? "
                    "UNION ALL SELECT type, source, target, props FROM tie WHERE source=? AND target=?",
                    (a, b, b, a)).fetchall()
        return group_edges(_ties(rows))

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        check_filter(kind, equals)
        sql = "SELECT data FROM record WHERE kind=?"
        params: list[Any] = [kind]
        if record_id is not None:
            sql += " AND record_id=?"
            params.append(record_id)
        for field, value in equals.items():
            sql += " AND json_extract(data, ?) = ?"
            params += [f"$.{field}", value]
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY record_id", params).fetchall()
        return [json.loads(r[0]) for r in rows]

    def direct_reports(self, manager_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for source, target in self._select_in(
                "SELECT source, target FROM tie WHERE type='REPORTS_TO' AND disc='solid' "
                "AND target IN ({marks}) AND json_extract(props, '$.until') IS NULL ORDER BY source", manager_ids):
            out.setdefault(target, []).append(source)
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        with self._lock:
            db = self._db
            nodes = {"Person": db.execute("SELECT count(*) FROM person").fetchone()[0],
                     "Organization": db.execute("SELECT count(*) FROM organization").fetchone()[0]}
            nodes.update((kind, n) for kind, n in db.execute("SELECT kind, count(*) FROM record GROUP BY kind")
                         if kind not in BOOKKEEPING_KINDS)
            rels = dict(db.execute("SELECT type, count(*) FROM tie GROUP BY type"))
            rels["WORKS_AT"] = db.execute("SELECT count(*) FROM works_at").fetchone()[0]
        return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    def search_people(self, text: str = "", skill: str | None = None, department: str | None = None,
                      offset: int = 0, limit: int = 20) -> tuple[list[dict[str, Any]], int]:
        text, skill, department = text.lower(), (skill or "").lower(), (department or "").lower()
        found = [dict(props) for pid, props in self.view().people.items()
                 if (not text or text in (props.get("name") or "").lower() or text in pid.lower())
                 and (not skill or skill in (s.lower() for s in props.get("skills") or ()))
                 and (not department or (props.get("department") or "").lower() == department)]
        found.sort(key=search_order)
        return found[offset:offset + limit], len(found)

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

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Cursor]:
        """One read transaction: every query inside sees the same committed state."""
        with self._lock:
            cur = self._db.cursor()
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


def _ties(rows: Iterable[tuple]) -> Iterator[Tie]:
    """Ties from ``(type, source, target, props JSON)`` rows."""
    for type_, source, target, props in rows:
        yield Tie(type_, source, target, orjson.loads(props))
