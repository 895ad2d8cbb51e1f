"""The embedded store: one SQLite file, served from an in-memory networkx graph.

SQLite gives durability and atomicity: every upsert is one ``BEGIN IMMEDIATE`` transaction
in WAL mode, so a process killed mid-import leaves the file as it was. The networkx graph
answers reads fast; it is loaded on first use and kept in step with the file through
``meta.version`` and the ``change`` log (see ``schema.sql``), so that several processes
sharing one file each answer from the latest committed state.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from graphsvc.model import ANALYTICS_FIELDS, Edge, ImportBatch, Position, StoreError, Tie, WriteSummary
from graphsvc.records import BOOKKEEPING_KINDS, RecordsOf, check_filter
from graphsvc.store import GraphStore, Neighbourhood, WriteProgress, WriteTally, passable, search_order

__all__ = ["EmbeddedStore"]

#: Past this many touched people a change is logged as "reload everything".
_FULL_RELOAD_AT = 20_000
#: How many versions of the change log are kept for processes that fall behind.
_LOG_KEEP = 1_000
#: SQLite's default limit on host parameters is 32766; stay well under it.
_CHUNK = 900
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


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _count_relationships(summary: WriteSummary, sent: int, changed: int, created: int) -> None:
    """Relationships sent = created + updated (changed but not new) + unchanged."""
    summary.relationships_created += created
    summary.relationships_updated += changed - created
    summary.relationships_unchanged += sent - changed


def _tie_key(tie: Tie):
    return tie.key


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
        self._graph: nx.Graph | None = None
        self._version = -1

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
        touched |= self._upsert_ties(cur, batch.ties, summary, tally)
        self._upsert_organizations(cur, batch.organizations, summary)
        tally.add(len(batch.organizations))
        touched |= self._upsert_positions(cur, batch.positions, summary)
        tally.add(len(batch.positions))
        if summary.changed:
            self._log_change(cur, touched)

    def _upsert_people(self, cur, people: dict[str, dict], summary: WriteSummary) -> set[str]:
        ids = list(people)
        existing: dict[str, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            existing.update(cur.execute(
                f"SELECT person_id, props FROM person WHERE person_id IN ({marks})", chunk))
        rows, touched = [], set()
        for pid in ids:
            old_text = existing.get(pid)
            merged = json.loads(old_text) if old_text else {}
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

    def _upsert_ties(self, cur, ties: list[Tie], summary: WriteSummary, tally: WriteTally) -> set[str]:
        latest = {t.key: t for t in (t.canonical() for t in ties)}  # last one in a batch wins
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
        return {p for row in changed for p in row[:2]}

    def _upsert_organizations(self, cur, organizations: dict[str, str], summary: WriteSummary) -> None:
        """Create the organisations not stored yet; a stored one keeps the name it was first given.

        Sources spell one employer many ways ("INITECH", "Initech, Inc."); letting the last
        file win would rename it back and forth and make re-imports look like changes.
        """
        for chunk in _chunks(list(organizations)):
            marks = ",".join("?" * len(chunk))
            stored = {k for (k,) in cur.execute(f"SELECT key FROM organization WHERE key IN ({marks})", chunk)}
            new = [(k, organizations[k]) for k in chunk if k not in stored]
            summary.nodes_created += len(new)
            summary.nodes_unchanged += len(chunk) - len(new)
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
            for table in ("person", "tie", "organization", "works_at", "record"):
                cur.execute(f"DELETE FROM {table}")
            self._log_change(cur, None)

    # ----------------------------------------------------------------- reads

    def resolve_many(self, refs: Iterable[str]) -> dict[str, str]:
        refs = [r for r in refs if r]
        found: dict[str, str] = {}
        with self._lock:
            for chunk in _chunks(refs):
                marks = ",".join("?" * len(chunk))
                for pid in self._db.execute(f"SELECT person_id FROM person WHERE person_id IN ({marks})", chunk):
                    found[pid[0]] = pid[0]
                lowered = {r.lower(): r for r in chunk if "@" in r}
                if lowered:
                    marks = ",".join("?" * len(lowered))
                    for email, pid in self._db.execute(
                            f"SELECT email, person_id FROM person WHERE email IN ({marks})", list(lowered)):
                        found.setdefault(lowered[email], pid)
        return found

    def find_people(self, ids: Iterable[str] = (), emails: Iterable[str] = (),
                    linkedin_urls: Iterable[str] = (), names: Iterable[str] = ()) -> list[dict[str, Any]]:
        lookups = (("person_id", ids), ("email", [e.lower() for e in emails]),
                   ("linkedin_url", linkedin_urls), ("json_extract(props, '$.name')", names))
        found: dict[str, str] = {}
        with self._lock:
            for column, values in lookups:
                for chunk in _chunks(sorted({v for v in values if v})):
                    marks = ",".join("?" * len(chunk))
                    found.update(self._db.execute(
                        f"SELECT person_id, props FROM person WHERE {column} IN ({marks})", chunk))
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

    def _select_in(self, sql: str, values: Iterable[str]) -> list[tuple]:
        """Rows of ``sql`` whose ``IN ({marks})`` takes ``values``, asked in chunks under the limit
        on host parameters (so each chunk is ordered by the query, chunks by sorted value)."""
        rows: list[tuple] = []
        with self._lock:
            for chunk in _chunks(sorted(set(values))):
                rows += self._db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        graph = self.graph()
        return {p: dict(graph.nodes[p]) for p in person_ids if p in graph}

    def incident_edges(self, person_ids: Iterable[str], endpoints: Iterable[str] = ()) -> Neighbourhood:
        graph = self.graph()
        endpoints = set(endpoints)
        # The plain dicts behind networkx's read-only views: a warm-intro query reads a few
        # thousand adjacencies, and each view lookup costs several times a dict lookup.
        nodes, adj = graph._node, graph._adj
        edges: list[Edge] = []
        people: dict[str, dict[str, Any]] = {}
        seen: set[tuple[str, str]] = set()
        for u in person_ids:
            if u not in nodes or (u not in endpoints and not passable(nodes[u])):
                continue
            people[u] = nodes[u]
            for v, data in adj[u].items():
                pair = (u, v) if u < v else (v, u)
                if pair not in seen:
                    seen.add(pair)
                    edges.append(Edge(pair[0], pair[1], data["ties"]))
                    people[v] = nodes[v]
        return edges, people

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
        ids = sorted(set(manager_ids))
        out: dict[str, list[str]] = {}
        with self._lock:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                for source, target in self._db.execute(
                        "SELECT source, target FROM tie WHERE type='REPORTS_TO' AND disc='solid' "
                        f"AND target IN ({marks}) AND json_extract(props, '$.until') IS NULL "
                        "ORDER BY source", chunk):
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
        found = [dict(props) for pid, props in self.graph().nodes(data=True)
                 if (not text or text in (props.get("name") or "").lower() or text in pid.lower())
                 and (not skill or skill in (s.lower() for s in props.get("skills") or ()))
                 and (not department or (props.get("department") or "").lower() == department)]
        found.sort(key=search_order)
        return found[offset:offset + limit], len(found)

    # ------------------------------------------------------- in-memory graph

    def graph(self) -> nx.Graph:
        """The in-memory graph, caught up with the file's latest committed state.

        Nodes carry person properties; each edge carries ``ties``, its evidence sorted by key.
        Callers must treat it as read-only.
        """
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN")  # one snapshot for the version and the rows read with it
            try:
                version = cur.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
                if self._graph is None or version != self._version:
                    self._catch_up(cur)
                    self._version = version
            finally:
                cur.execute("COMMIT")
            return self._graph

    def _catch_up(self, cur) -> None:
        if self._graph is not None:
            floor = cur.execute("SELECT value FROM meta WHERE key='log_floor'").fetchone()[0]
            if self._version >= floor:
                changed = {r[0] for r in cur.execute(
                    "SELECT DISTINCT person_id FROM change WHERE version > ?", (self._version,))}
                if "*" not in changed:
                    self._reload_people(cur, sorted(changed))
                    return
        self._graph = self._load(cur)

    @staticmethod
    def _read_all(cur) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], list[Tie]]]:
        """Every person's properties, and every tie grouped by sorted pair (in key order)."""
        people = {pid: json.loads(props) for pid, props in cur.execute("SELECT person_id, props FROM person")}
        pairs: dict[tuple[str, str], list[Tie]] = {}
        for type_, source, target, _disc, props in cur.execute(
                "SELECT type, source, target, disc, props FROM tie ORDER BY type, source, target, disc"):
            pair = (source, target) if source < target else (target, source)
            pairs.setdefault(pair, []).append(Tie(type_, source, target, json.loads(props)))
        return people, pairs

    @classmethod
    def _load(cls, cur) -> nx.Graph:
        people, pairs = cls._read_all(cur)
        graph = nx.Graph()
        graph.add_nodes_from(people.items())
        graph.add_edges_from((a, b, {"ties": tuple(ties)}) for (a, b), ties in pairs.items())
        return graph

    def _reload_people(self, cur, person_ids: list[str]) -> None:
        graph = self._graph
        for chunk in _chunks(person_ids):
            marks = ",".join("?" * len(chunk))
            rows = dict(cur.execute(f"SELECT person_id, props FROM person WHERE person_id IN ({marks})", chunk))
            for pid in chunk:
                if pid in graph:
                    graph.remove_edges_from(list(graph.edges(pid)))
                if pid in rows:
                    graph.add_node(pid)
                    graph.nodes[pid].clear()
                    graph.nodes[pid].update(json.loads(rows[pid]))
                elif pid in graph:
                    graph.remove_node(pid)
            pairs: dict[tuple[str, str], list[Tie]] = {}
            for type_, source, target, _disc, props in cur.execute(
                    f"SELECT type, source, target, disc, props FROM tie WHERE source IN ({marks}) "
                    f"UNION SELECT type, source, target, disc, props FROM tie WHERE target IN ({marks})",
                    chunk + chunk):
                pair = (source, target) if source < target else (target, source)
                pairs.setdefault(pair, []).append(Tie(type_, source, target, json.loads(props)))
            for (a, b), ties in pairs.items():
                graph.add_edge(a, b, ties=tuple(sorted(ties, key=_tie_key)))

    # ------------------------------------------- reads behind the questions

    def export_graph(self) -> Neighbourhood:
        # Straight from the file, in one read transaction: ``analyze`` usually runs in a fresh
        # process, where building the in-memory graph only to walk it once doubles the cost.
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN")
            try:
                people, pairs = self._read_all(cur)
            finally:
                cur.execute("COMMIT")
        return [Edge(a, b, tuple(ties)) for (a, b), ties in pairs.items()], people

    def people_matching(self, skills: Iterable[str] = (), title_words: Iterable[str] = (),
                        departments: Iterable[str] = (), locations: Iterable[str] = (),
                        levels: Iterable[int] = (), person_ids: Iterable[str] = (),
                        members: bool = False) -> dict[str, dict[str, Any]]:
        skills, departments, locations = set(skills), set(departments), set(locations)
        title_words, levels, person_ids = list(title_words), set(levels), set(person_ids)

        def matches(pid: str, p: dict[str, Any]) -> bool:
            title = (p.get("title") or "").lower()
            return (pid in person_ids
                    or any(s.lower() in skills for s in p.get("skills") or ())
                    or any(w in title for w in title_words)
                    or (p.get("department") or "").lower() in departments
                    or (p.get("location") or "").lower() in locations
                    or p.get("level") in levels
                    or (members and bool(p.get("department"))))
        return {pid: dict(p) for pid, p in self.graph().nodes(data=True)
                if p.get("active", True) is not False and matches(pid, p)}

    def positions_of(self, person_ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = sorted(set(person_ids))
        out: list[dict[str, Any]] = []
        with self._lock:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                for pid, key, name, since, props in self._db.execute(
                        "SELECT w.person_id, w.org_key, o.name, w.since, w.props FROM works_at w "
                        f"JOIN organization o ON o.key = w.org_key WHERE w.person_id IN ({marks})", chunk):
                    props = json.loads(props)
                    out.append({"person_id": pid, "org_key": key, "org_name": name, "title": props.get("title"),
                                "since": since or None, "until": props.get("until")})
        return sorted(out, key=lambda w: (w["person_id"], w["org_key"], w["since"] or ""))

    def top_people(self, metric: str, limit: int, department: str | None = None) -> list[dict[str, Any]]:
        if metric not in ANALYTICS_FIELDS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(ANALYTICS_FIELDS)}")
        department = department.lower() if department else None
        found = [p for p in self.graph().nodes.values()
                 if p.get(metric) is not None and passable(p)
                 and (department is None or (p.get("department") or "").lower() == department)]
        found.sort(key=lambda p: (-p[metric], p["person_id"]))
        return [dict(p) for p in found[:limit]]
