"""The Neo4j store: the production store, for any Neo4j 5.26+ from a laptop to Aura.

One driver per store object (one per process), an explicit database on every session,
reads as transaction functions (``execute_read``, which may retry them, so they are
idempotent and return plain data), writes in a transaction of the store's own with a bounded
retry for a lost connection only (the driver's ``execute_write`` also retries running out of
memory, for minutes). Every driver error reaches callers as a one-line ``StoreError``. Every statement is a file in
``cypher/``, parameters only; where a relationship type must vary, one file per type is
chosen from an allow-list. This is the only module that touches the neo4j driver.

Neo4j reads at read-committed isolation: a transaction that reads and then writes could act
on a state another transaction is about to change. So a read-check-write (``transact``)
first takes write locks on named ``:Lock`` nodes; a second transaction naming the same key
waits until the first commits, and then reads what it wrote.
"""
from __future__ import annotations

import json
import logging
import os
import time
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator

import numpy as np
from neo4j import READ_ACCESS, GraphDatabase, Query
from neo4j.exceptions import (AuthError, ConstraintError, DatabaseUnavailable, DriverError, Neo4jError,
                              NotALeader, ServiceUnavailable, SessionExpired)

from graphsvc import csr
from graphsvc.model import (ANALYTICS_FIELDS, INTERACTED, TIE_TYPES, Edge, ImportBatch, PersonNotFound, Position,
                            StoreError, StoreUnavailable, Tie, WriteSummary, group_edges, pair_of)
from graphsvc.neighbourhood import from_columns, short_walk_ties, weighted
from graphsvc.paths import search_radii
from graphsvc.records import BOOKKEEPING_KINDS, RECORD_FIELDS, Record, check_filter, lock_key
from graphsvc.search_keys import EMAIL_MARK, SEARCH_KEYS_VERSION, SEARCHED_FIELDS, fold, name_prefix, search_key
from graphsvc.store import (GraphStore, Neighbourhood, Transacted, TransactionReads, WeightedNeighbourhood, Work,
                            WriteProgress, WriteTally, check_channel)
from graphsvc.strength import StrengthConfig, pair_strengths
from graphsvc.tenures import company_overlaps

__all__ = ["Neo4jStore", "cypher"]

#: The farthest ``walk_out.cypher`` walks from a start (farther walks go level by level).
WALK_RADIUS = 3
#: Rows per UNWIND statement within one transaction.
BATCH_ROWS = 5_000
#: Rows one import transaction may hold, unless ``--batch-rows`` or ``INTROGRAPH_BATCH_ROWS``
#: say otherwise; larger imports are written in journaled batches (``graphsvc.import_journal``).
#: 50,000 rows (people or ties) take about 60 MB of transaction memory, so any server takes
#: them, down to the 512 MB heap of the test suite's; see README "Import modes" for the
#: measurement behind it.
TRANSACTION_ROWS = 50_000
#: How long a write waits for a lost server by default (the driver's own default).
RETRY_SECONDS = 30.0
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, DatabaseUnavailable)
#: Transient errors that a write retries besides a lost connection: a cluster's leader
#: changed, or two transactions dead-locked. Not memory (a retry fails the same way, and the
#: driver's retry of it kept an import spinning for minutes) nor a read-only database.
_RETRIED_CODES = "Neo.TransientError.Transaction."
#: A write refused because the database is read-only here (a read-only database, a follower,
#: a session in read access mode).
_READ_ONLY_CODES = ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
                    "Neo.ClientError.General.WriteOnReadOnlyAccessDatabase",
                    "Neo.ClientError.Statement.AccessMode")


# The driver logs a lost connection as a warning before raising; with no logging configured,
# Python would print that to stderr beside the one line the store's error gives. An
# application that configures logging still gets it (records propagate to the root logger).
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _env_number(name: str, kind: type, default):
    """A positive number from the environment, with a clear error for anything else."""
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name}={text!r} is not a positive number")
    return value


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


@lru_cache(maxsize=None)
def cypher(name: str) -> str:
    """The text of ``cypher/<name>.cypher``."""
    return resources.files("cypher").joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def _statements(name: str) -> list[str]:
    """The statements of a file that holds several, without comment lines."""
    body = "\n".join(line for line in cypher(name).splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _schema_statements() -> list[str]:
    """Constraints and indexes of every ``cypher/constraints*.cypher``, in name order."""
    names = sorted(f.name[:-len(".cypher")] for f in resources.files("cypher").iterdir()
                   if f.name.startswith("constraints") and f.name.endswith(".cypher"))
    return [s for name in names for s in _statements(name)]


def _summarise(records: list[dict], summary: WriteSummary, kind: str, sent: int) -> None:
    created = sum(r["created"] for r in records)
    updated = sum(r["updated"] for r in records)
    if kind == "nodes":
        summary.nodes_created += created
        summary.nodes_updated += updated
        summary.nodes_unchanged += sent - created - updated
    else:
        summary.relationships_created += created
        summary.relationships_updated += updated
        summary.relationships_unchanged += sent - created - updated


#: The property holding a person's search key (graphsvc.search_keys): the store's own, so it
#: is written with the person and taken out of every person read (:func:`_person`).
_SEARCH_KEY = "search_key"


def _person(props: dict[str, Any]) -> dict[str, Any]:
    """A person's stored properties as clients see them: without the search key."""
    props.pop(_SEARCH_KEY, None)
    return props


def _tie_from(record_type: str, source: str, target: str, props: dict[str, Any]) -> Tie:
    return Tie(record_type, source, target, {k: v for k, v in props.items() if k != "disc"})


def _positions(rows: list[dict[str, Any]]) -> list[Position]:
    return [Position(r["person_id"], r["org_key"], {k: v for k, v in r["props"].items() if v != ""}) for r in rows]


def _records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records from ``find_records`` rows: the stored JSON and the version kept beside it (a
    record written before versions existed has none: it reads as 0)."""
    return [{**json.loads(r["data"]), "version": r["version"] or 0} for r in rows]


def _set_pair_weights(tx, rows: list[dict[str, Any]]) -> None:
    """Set these pair weights: by relationship id where the row has one that still names
    its pair, the rest (new pairs, ids gone stale) through the two people."""
    by_id = [r for r in rows if r["id"] is not None]
    done = {tuple(pair) for pair in tx.run(cypher("set_pair_weights_by_id"), rows=by_id).single()["done"]} \
        if by_id else set()
    rest = [r for r in rows if (r["a"], r["b"]) not in done]
    if rest:
        tx.run(cypher("set_pair_weights"), rows=rest).consume()


def _take_locks(tx, keys: Iterable[str]) -> None:
    """Hold the write locks of these keys to the end of ``tx`` (sorted, so that two
    transactions wanting the same keys take them in the same order)."""
    keys = sorted(set(keys))
    if keys:
        tx.run(cypher("take_locks"), keys=keys).consume()


def _put_records(tx, records: Iterable[Record]) -> list[Record]:
    """Write records, each one version above what is stored; returns them as written."""
    records = list(records)
    put = [{"kind": r.kind, "id": r.id,
            "data": json.dumps({**{k: v for k, v in r.data.items() if k != "version"}, "id": r.id}, sort_keys=True),
            "fields": {f: r.data[f] for f in RECORD_FIELDS[r.kind] if r.data.get(f) is not None}}
           for r in records if r.data is not None]
    delete = [{"kind": r.kind, "id": r.id} for r in records if r.data is None]
    versions = {}
    if put:
        versions = {(row["kind"], row["id"]): row["version"] for row in tx.run(cypher("put_records"), rows=put)}
    if delete:
        tx.run(cypher("delete_records"), rows=delete).consume()
    return [r if r.data is None else Record(r.kind, r.id, {**r.data, "id": r.id, "version": versions[r.kind, r.id]})
            for r in records]


class _TransactionReads(TransactionReads):
    """Reads inside a Neo4j write transaction: the latest committed records, and its own."""

    def __init__(self, tx, summary: WriteSummary):
        self._tx = tx
        self.summary = summary

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        check_filter(kind, equals)
        return _records(self._tx.run(cypher("find_records"), kind=kind, record_id=record_id, equals=equals).data())


class Neo4jStore(GraphStore):
    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, max_retry_seconds: float | None = None,
                 connect_timeout: float | None = None, transaction_rows: int | None = None):
        """``max_retry_seconds`` bounds how long a read or write keeps retrying while the
        server is unreachable (default ``INTROGRAPH_NEO4J_RETRY_SECONDS``, else 30 s, which
        suits batch jobs; a web request should answer 503 quickly instead);
        ``connect_timeout`` bounds one connection attempt; ``transaction_rows`` is how many
        rows one import transaction may hold (default ``INTROGRAPH_BATCH_ROWS``, else
        TRANSACTION_ROWS)."""
        self.uri = uri
        self.user = user or os.environ.get("NEO4J_USER") or "neo4j"
        password = password or os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        self.transaction_rows = transaction_rows or _env_number("INTROGRAPH_BATCH_ROWS", int, TRANSACTION_ROWS)
        self.retry_seconds = max_retry_seconds or _env_number("INTROGRAPH_NEO4J_RETRY_SECONDS", float,
                                                              RETRY_SECONDS)
        auth = (self.user, password) if password else None
        # Schema notifications ("relationship type does not exist" on an empty database) are
        # noise to an application that creates those types itself.
        timeouts = {k: v for k, v in (("max_transaction_retry_time", self.retry_seconds),
                                      ("connection_timeout", connect_timeout)) if v is not None}
        self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF", **timeouts)
        try:
            with self._translated("connecting"):
                self._driver.verify_connectivity()
            with self._translated("creating constraints and indexes"):
                for statement in _schema_statements():
                    with self._session() as session:
                        session.run(Query(statement)).consume()
        except StoreError:
            self._driver.close()
            raise
        if self.weights_as_of() is None and self._read("any_tie")[0]["found"]:
            self.refresh_weights(date.today())  # a database written before pairs were weighed
        self._make_search_keys()

    def _make_search_keys(self) -> None:
        """Make the search keys of a database written before them (or by another version of
        the folding), in bounded transactions, then record the version: cut off, the next
        open finishes the job. A database whose people all have keys of this version (one
        emptied and written since, say) only has the version recorded."""
        version = self._read("search_keys_version")[0]["version"]
        if version == SEARCH_KEYS_VERSION:
            return
        rows = [{"person_id": r["person_id"], "key": search_key(r)}
                for r in self._read("unkeyed_people", everyone=version is not None)]

        def work(tx, chunk):
            tx.run(cypher("set_search_keys"), rows=chunk).consume()
        for i in range(0, len(rows), BATCH_ROWS):
            self._write(work, f"making people's search keys ({i:,} of {len(rows):,} done; reopen to finish)",
                        rows[i:i + BATCH_ROWS])
        self._write(lambda tx: tx.run(cypher("set_search_keys_version"), version=SEARCH_KEYS_VERSION).consume(),
                    "recording the search keys' version")

    def close(self) -> None:
        self._driver.close()

    # --------------------------------------------------------------- plumbing

    def _session(self):
        return self._driver.session(database=self.database)

    @contextmanager
    def _translated(self, action: str, written: str = "nothing was written") -> Iterator[None]:
        """Turn whatever the driver raises into one line for the user: what failed while
        ``action``, what was ``written``, and what to do about it."""
        try:
            yield
        except (Neo4jError, DriverError) as exc:
            raise self._explain(exc, action, written) from exc

    def _explain(self, exc: Exception, action: str, written: str) -> StoreError:
        where = f"Neo4j at {self.uri}"
        code = getattr(exc, "code", None) or ""
        detail = _first_line(getattr(exc, "message", None) or str(exc))
        if isinstance(exc, _UNAVAILABLE):
            return StoreUnavailable(f"{where} is unreachable while {action} ({detail}); {written}. "
                                    "Is the server running? (`intrograph neo4j start` runs a local one)")
        if isinstance(exc, AuthError):
            return StoreError(f"{where} refused the credentials of user {self.user!r} while {action} "
                              f"({detail}); {written}. Set NEO4J_USER and NEO4J_PASSWORD "
                              "(or --neo4j-user and --neo4j-password)")
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return StoreError(f"{where} has no database {self.database!r} ({action}); {written}. "
                              "Name an existing one with NEO4J_DATABASE or --neo4j-database "
                              "(SHOW DATABASES lists them)")
        if "OutOfMemory" in code or "MemoryLimit" in code:
            return StoreError(f"{where} ran out of transaction memory while {action} ({detail}); {written}. "
                              "Import with a lower --batch-rows (rows per transaction), or raise the server's "
                              "dbms.memory.transaction.total.max / db.memory.transaction.max")
        if isinstance(exc, NotALeader) or code in _READ_ONLY_CODES:
            return StoreError(f"{where}: database {self.database!r} is read-only there (a read-only database "
                              f"or a cluster follower) and refused {action}; {written}. Use the cluster's "
                              "neo4j:// address, which routes writes to the leader, or make the database writable")
        if isinstance(exc, ConstraintError):
            return StoreError(f"{action} breaks a uniqueness rule of the database ({detail}); {written}. "
                              "Two records share an id or e-mail: fix the file and rerun")
        if isinstance(exc, Neo4jError):
            return StoreError(f"{where} refused {action} ({code}: {detail}); {written}")
        return StoreError(f"the Neo4j driver failed while {action} ({type(exc).__name__}: {detail}); {written}")

    def _write(self, work, action: str, *args):
        """Run ``work(tx, *args)`` in one write transaction and commit it.

        Retried (the work is idempotent) while the server is unreachable or a retriable
        transient error says to, for at most ``retry_seconds``; never for memory, which the
        driver's own ``execute_write`` would retry for minutes.
        """
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.5
        with self._translated(action):
            while True:
                try:
                    with self._session() as session, session.begin_transaction() as tx:
                        result = work(tx, *args)
                        tx.commit()
                        return result
                except (*_UNAVAILABLE, Neo4jError) as exc:
                    retried = isinstance(exc, (*_UNAVAILABLE, NotALeader)) or \
                        (getattr(exc, "code", None) or "").startswith(_RETRIED_CODES)
                    if not retried or time.monotonic() + pause > deadline:
                        raise
                    time.sleep(pause)
                    pause = min(pause * 2, 5.0)

    def _read(self, name: str, **params) -> list[dict[str, Any]]:
        return self._query(name, params, lambda result: result.data())

    def _read_row(self, name: str, **params) -> list[Any]:
        """The values of a query's one row as the driver decodes them.

        For large aggregated answers: ``data()`` walks every nested value again in Python,
        which costs more than the query itself for a few thousand ties.
        """
        return self._query(name, params, lambda result: result.single(strict=True).values())

    def _query(self, name: str, params: dict[str, Any], fetch):
        def work(tx):
            return fetch(tx.run(cypher(name), params))
        with self._translated(f"reading ({name})", "nothing was changed"), self._session() as session:
            return session.execute_read(work)

    # ----------------------------------------------------------------- writes

    def upsert(self, batch: ImportBatch, dry_run: bool = False,
               progress: WriteProgress | None = None) -> WriteSummary:
        """One transaction for the whole batch: all or nothing.

        Imports call this (through ``transact``) only for batches of at most
        ``transaction_rows`` rows; larger ones are split by ``graphsvc.import_journal``. The
        write is streamed in UNWIND batches of BATCH_ROWS inside the one transaction; Neo4j's
        own log makes it durable, so a server killed mid-way recovers without it.
        """
        if not dry_run:
            return self.transact(lambda reads: (), batch=batch, progress=progress).summary
        with self._translated("checking the import (dry run)"), self._session() as session, \
                session.begin_transaction() as tx:
            summary = self._upsert_tx(tx, batch, progress)
            tx.rollback()
            return summary

    @staticmethod
    def _run_batches(tx, name: str, rows: list[dict], tally: WriteTally | None = None) -> list[dict]:
        out = []
        for i in range(0, len(rows), BATCH_ROWS):
            out.extend(tx.run(cypher(name), rows=rows[i:i + BATCH_ROWS]).data())
            if tally is not None:
                tally.add(len(rows[i:i + BATCH_ROWS]))
        return out

    def _upsert_tx(self, tx, batch: ImportBatch, progress: WriteProgress | None = None) -> WriteSummary:
        summary = WriteSummary()
        tally = WriteTally(batch, progress)
        derive = batch.colleagues_as_of is not None and batch.positions
        if derive:
            # before anything is read: another import of tenures at these organisations
            # commits first or waits for this one, and either way one sees the other's
            _take_locks(tx, (lock_key("Organization", p.org_key) for p in batch.positions))
        people = [{"person_id": pid, "props": {k: v for k, v in fields.items() if v is not None}}
                  for pid, fields in batch.people.items()]
        for row in people:
            if row["props"].get("email"):
                row["props"]["email"] = row["props"]["email"].lower()
        self._add_search_keys(tx, people)
        _summarise(self._run_batches(tx, "upsert_people", people, tally), summary, "nodes", len(people))

        orgs = [{"key": k, "name": n} for k, n in batch.organizations.items()]
        _summarise(self._run_batches(tx, "upsert_organizations", orgs, tally), summary, "nodes", len(orgs))

        positions = {p.key: p for p in batch.positions}
        rows = [{"person_id": p.person_id, "org_key": p.org_key, "since": key[2],
                 "props": {k: v for k, v in p.props.items() if v is not None and k != "since"}}
                for key, p in positions.items()]
        if rows:
            self._write_relationships(tx, "upsert_positions", rows, summary,
                                      "a position names a person or organisation that is not in the store", tally)

        ties = [t.canonical() for t in batch.ties]
        if derive:
            ties += self._colleague_ties(tx, batch)
        latest = {t.key: t for t in ties}
        latest, touched = self._keep_interactions_private(tx, batch.people, latest, summary)
        tally.add(len(ties) - len(latest))  # repeats are written with the tie they repeat
        for type_ in TIE_TYPES:
            rows = [{"source": t.source, "target": t.target, "disc": t.disc, "props": t.props}
                    for t in latest.values() if t.type == type_]
            if rows:
                records = self._write_relationships(tx, f"upsert_{type_.lower()}", rows, summary,
                                                    "a tie names a person who is not in the store", tally)
                touched.update(pair_of(a, b) for r in records for a, b in r["touched"])
        self._reweigh(tx, touched)
        return summary

    @staticmethod
    def _keep_interactions_private(tx, people: dict[str, dict], latest: dict[tuple, Tie], summary: WriteSummary
                                   ) -> tuple[dict[tuple, Tie], set[tuple[str, str]]]:
        """No interaction evidence of people who do not share it (``shares_interactions``).

        Drops the batch's ``INTERACTED`` ties with such a person and deletes the stored ones
        of the people this batch closes; returns the ties to write and the pairs that lost
        evidence (to re-weigh). The embedded store does the same in SQL.
        """
        closing = {pid for pid, props in people.items()
                   if props.get("open_to_intros") is False or props.get("share_interactions") is False}
        ends = sorted({p for t in latest.values() if t.type == INTERACTED for p in (t.source, t.target)} - closing)
        closed = closing | (set(tx.run(cypher("closed_people"), ids=ends).single()["closed"]) if ends else set())
        if not closed:
            return latest, set()
        kept = {k: t for k, t in latest.items() if t.type != INTERACTED or not {t.source, t.target} & closed}
        gone = tx.run(cypher("delete_interactions_of"), ids=sorted(closed)).values()
        summary.relationships_deleted += len(gone)
        return kept, {pair_of(a, b) for a, b in gone}

    @staticmethod
    def _add_search_keys(tx, people: list[dict[str, Any]]) -> None:
        """Put each person's search key into the properties written, made from what the row
        gives over what is stored (a row may give only some fields)."""
        for i in range(0, len(people), BATCH_ROWS):
            chunk = people[i:i + BATCH_ROWS]
            stored = {r["person_id"]: r for r in tx.run(cypher("search_key_fields"),
                                                         ids=[row["person_id"] for row in chunk]).data()}
            for row in chunk:
                if row["person_id"] in stored and not any(f in row["props"] for f in SEARCHED_FIELDS):
                    continue  # the stored key stands (analyze writes only metrics): folding is slow
                merged = {**stored.get(row["person_id"], {}), **row["props"], "person_id": row["person_id"]}
                row["props"][_SEARCH_KEY] = search_key(merged)

    @staticmethod
    def _colleague_ties(tx, batch: ImportBatch) -> list[Tie]:
        """The former-colleague ties of the batch's tenures (``graphsvc.tenures``), from the
        tenures stored now: this transaction's, and every one committed before its locks."""
        keys = sorted({p.org_key for p in batch.positions})
        names = {r["key"]: r["name"] for r in tx.run(cypher("get_organizations"), keys=keys).data()}
        stored = _positions(tx.run(cypher("positions_at"), keys=keys).data())
        ties = company_overlaps(stored, names, batch.colleagues_as_of, {p.key for p in batch.positions})
        return [t.canonical() for t in ties]

    def transact(self, work: Work, locks: Iterable[str] = (), batch: ImportBatch | None = None,
                 progress: WriteProgress | None = None) -> Transacted:
        locks = list(locks)  # taken again by a retried transaction

        def run(tx) -> Transacted:
            _take_locks(tx, locks)
            summary = self._upsert_tx(tx, batch, progress) if batch is not None else WriteSummary()
            return Transacted(_put_records(tx, work(_TransactionReads(tx, summary))), summary)
        return self._write(run, "writing the import" if batch is not None else "writing records")

    def erase_person(self, person_id: str, records: Iterable[Record]) -> dict[str, int]:
        written = list(records)  # the write may be retried: a generator would be empty the second time

        def work(tx):
            found = tx.run(cypher("erase_person"), person_id=person_id).single()
            if found is None:
                raise PersonNotFound(person_id)
            _put_records(tx, written)
            return {"ties": found["ties"], "positions": found["positions"], "pairs": found["pairs"]}
        return self._write(work, f"erasing person {person_id}")

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        check_filter(kind, equals)
        return _records(self._read("find_records", kind=kind, record_id=record_id, equals=equals))

    def get_record(self, kind: str, record_id: str) -> dict[str, Any] | None:
        check_filter(kind, {})
        found = _records(self._read("get_record", kind=kind, record_id=record_id))
        return found[0] if found else None

    def _write_relationships(self, tx, name: str, rows: list[dict], summary: WriteSummary, missing: str,
                             tally: WriteTally | None = None):
        records = self._run_batches(tx, name, rows, tally)
        matched = sum(r["matched"] for r in records)
        if matched != len(rows):
            raise StoreError(f"{missing} ({len(rows) - matched} of {len(rows)}); nothing was written")
        _summarise(records, summary, "relationships", len(rows))
        return records

    # ----------------------------------------------------------- pair weights

    @staticmethod
    def _weights_date(tx) -> date:
        """The store's weights date; a store with none takes today's from its first write."""
        found = tx.run(cypher("weights_date")).single()["as_of"]
        if found:
            return date.fromisoformat(found)
        today = date.today()
        tx.run(cypher("set_weights_date"), as_of=today.isoformat()).consume()
        return today

    def _reweigh(self, tx, pairs: set[tuple[str, str]]) -> None:
        """Recompute the PAIR strength of these pairs from all their evidence (same transaction)."""
        if not pairs:
            return
        as_of = self._weights_date(tx)
        ordered = [list(p) for p in sorted(pairs)]
        for i in range(0, len(ordered), BATCH_ROWS):
            chunk = ordered[i:i + BATCH_ROWS]
            ties = [_tie_from(*row) for row in tx.run(cypher("pair_ties"), pairs=chunk).values()]
            weights = pair_strengths(((t.type, t.source, t.target, t.disc, t.props) for t in ties), as_of)
            rows = [{"a": a, "b": b, "strength": w} for (a, b), w in weights.items()]
            tx.run(cypher("set_pair_weights"), rows=rows).consume()
            # a pair whose last evidence was deleted (interactions withdrawn) is no longer a pair
            weighed = set(weights)
            bare = [pair for pair in chunk if tuple(pair) not in weighed]
            if bare:
                tx.run(cypher("delete_pairs"), pairs=bare).consume()

    def refresh_weights(self, as_of: date, config: StrengthConfig | None = None) -> list[tuple[str, str, float]]:
        """Re-weigh every pair, in bounded transactions (each one idempotent); the date last.

        Interrupted, it leaves some pairs weighed as of the new date under the old one: the
        next ``analyze`` finishes the job.
        """
        ties = self._query("export_ties", {}, lambda result: result.values())
        # props as read, disc and all: strength reads only its evidence_fields, never disc
        weights = pair_strengths(((type_, source, target, props["disc"], props)
                                  for source, found in ties for type_, target, props in found), as_of, config)
        # Only the weights that moved are written: on the day of the last refresh none has,
        # and a later day moves only the pairs whose evidence has ended (decay).
        stored = self._query("stored_pair_weights", {}, lambda result: result.values())
        known = {(a, b): (w, rid) for a, pairs in stored for b, w, rid in pairs}
        rows = [{"a": a, "b": b, "strength": w, "id": known[a, b][1] if (a, b) in known else None}
                for (a, b), w in sorted(weights.items()) if known.get((a, b), (None,))[0] != w]

        def work(tx, chunk):
            for i in range(0, len(chunk), BATCH_ROWS):
                _set_pair_weights(tx, chunk[i:i + BATCH_ROWS])
        step = self.transaction_rows
        for i in range(0, len(rows), step):
            self._write(work, f"re-weighing pairs ({i:,} of {len(rows):,} done; rerun analyze to finish)",
                        rows[i:i + step])
        self._write(lambda tx: tx.run(cypher("set_weights_date"), as_of=as_of.isoformat()).consume(),
                    "recording the weights date (rerun analyze to finish)")
        return sorted((a, b, w) for (a, b), w in weights.items())

    def forget_interactions(self, channel: str) -> int:
        """In transactions of at most BATCH_ROWS ties, each re-weighing its pairs: cut off, some
        are gone and running it again finishes the job."""
        check_channel(channel)

        def work(tx):
            gone = tx.run(cypher("forget_channel"), channel=channel, limit=BATCH_ROWS).values()
            self._reweigh(tx, {pair_of(a, b) for a, b in gone})
            return len(gone)
        deleted = 0
        while True:
            done = self._write(work, f"deleting {channel} interactions ({deleted:,} deleted so far; "
                                     "run it again to finish)")
            deleted += done
            if done < BATCH_ROWS:
                return deleted

    def weights_as_of(self) -> date | None:
        found = self._read("weights_date")[0]["as_of"]
        return date.fromisoformat(found) if found else None

    def delete_everything(self) -> None:
        # Deleted in transactions of its own (CALL … IN TRANSACTIONS): cut off, some is gone.
        with self._translated("emptying the database", "part of it may be deleted; run it again"), \
                self._session() as session:
            session.run(Query(cypher("delete_everything"))).consume()

    # ----------------------------------------------------------------- reads

    def resolve_many(self, refs: Iterable[str]) -> dict[str, str]:
        refs = sorted({r for r in refs if r})
        return {r["ref"]: r["person_id"] for r in self._read("resolve_people", refs=refs)}

    def find_people(self, ids: Iterable[str] = (), emails: Iterable[str] = (),
                    linkedin_urls: Iterable[str] = (), names: Iterable[str] = ()) -> list[dict[str, Any]]:
        rows = self._read("find_people", ids=sorted({i for i in ids if i}),
                          emails=sorted({e.lower() for e in emails if e}),
                          urls=sorted({u for u in linkedin_urls if u}), names=sorted({n for n in names if n}))
        return [_person(r["props"]) for r in sorted(rows, key=lambda r: r["props"]["person_id"])]

    def get_organizations(self, keys: Iterable[str]) -> dict[str, str]:
        return {r["key"]: r["name"] for r in self._read("get_organizations", keys=sorted(set(keys)))}

    def reporting_lines(self, person_ids: Iterable[str]) -> list[Tie]:
        rows = self._read("reporting_lines", ids=sorted(set(person_ids)))
        return [_tie_from("REPORTS_TO", r["source"], r["target"], r["props"]) for r in rows]

    def ties_between(self, type_: str, pairs: Iterable[tuple[str, str]]) -> list[Tie]:
        if type_ not in TIE_TYPES:
            raise ValueError(f"unknown tie type {type_!r}")
        rows = self._read("ties_between", type=type_,
                          pairs=[{"source": s, "target": t} for s, t in sorted(set(pairs))])
        return [_tie_from(type_, r["source"], r["target"], r["props"]) for r in rows]

    def positions_at(self, org_keys: Iterable[str]) -> list[Position]:
        return _positions(self._read("positions_at", keys=sorted(set(org_keys))))

    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {r["person_id"]: _person(r["props"]) for r in self._read("get_people", ids=list(person_ids))}

    def weighted_neighbours(self, person_ids: Iterable[str], endpoints: Iterable[str] = ()) -> WeightedNeighbourhood:
        (rows,) = self._read_row("weighted_neighbours", ids=list(person_ids), endpoints=list(endpoints))
        out = WeightedNeighbourhood()
        for pid, ok, nbrs in rows:
            out.passable[pid] = ok
            if ok or nbrs:
                out.weights[pid] = {q: w for q, w, _ in nbrs}
            for q, _, q_ok in nbrs:
                out.passable.setdefault(q, q_ok)
        return out

    #: reading ties costs per tie: questions read the nearer part first (``weights_around``)
    narrow_walks = True

    def weights_around(self, person_id: str, radius: int, last: Iterable[str] | None = None) -> csr.Snapshot:
        """The walk out in one query (``walk_out``), its columns made arrays with numpy;
        with ``last``, out to ``radius − 1`` hops and through the people of ``last``."""
        if radius > WALK_RADIUS:
            return super().weights_around(person_id, radius)
        narrowed = last is not None and radius >= 1
        columns = self._read_row("walk_out", starts=[person_id], radii=[radius - 1 if narrowed else radius],
                                 also=sorted(last) if narrowed else [])
        return csr.from_read(0, *from_columns(*columns))

    def path_neighbourhood(self, source: str, target: str, max_hops: int) -> WeightedNeighbourhood:
        """The walk out from both ends in one query (``walk_out``; up to four hops
        ``short_walk_ties``, which leaves out the ties that cannot be on a short walk); the
        ties on short walks are picked from its columns with numpy (``short_walk_ties``), as
        the embedded store does."""
        radii = search_radii(max_hops)
        if max(radii) > WALK_RADIUS:
            return super().path_neighbourhood(source, target, max_hops)
        if max(radii) <= 1:  # up to four hops: only ties that may be on a short walk are read
            kept, kept_ids, kept_ok, walked, strengths = self._read_row(
                "short_walk_ties", starts=[source, target], radii=list(radii))
            people, ok, b, a, w = from_columns(kept, walked, strengths, kept, kept_ids, kept_ok,
                                               ends=(source, target))
        else:
            columns = self._read_row("walk_out", starts=[source, target], radii=list(radii), also=[])
            people, ok, a, b, w = from_columns(*columns, ends=(source, target))
        ends = tuple(int(np.searchsorted(people, p)) for p in (source, target))
        return weighted(people, *short_walk_ties(a, b, w, ok, *ends, max_hops), ok, ends)

    def incident_edges(self, person_ids: Iterable[str]) -> Neighbourhood:
        ties, found = self._read_row("incident_ties", ids=list(person_ids))
        edges = group_edges(_tie_from(*row) for row in ties)
        people = {p["person_id"]: _person(p) for p in found}
        people.update(self.get_people(set(person_ids) - set(people)))
        return edges, people

    def path_evidence(self, person_ids: Iterable[str], pairs: Iterable[tuple[str, str]]
                      ) -> tuple[dict[str, dict[str, Any]], list[Edge], date | None]:
        people, ties, as_of = self._read_row("path_evidence", ids=sorted(set(person_ids)),
                                             pairs=[list(p) for p in sorted({pair_of(a, b) for a, b in pairs})])
        return ({p["person_id"]: _person(p) for p in people}, group_edges(_tie_from(*row) for row in ties),
                date.fromisoformat(as_of) if as_of else None)

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> list[Edge]:
        ordered = [list(p) for p in sorted({pair_of(a, b) for a, b in pairs})]
        rows = self._query("pair_ties", {"pairs": ordered}, lambda result: result.values())
        return group_edges(_tie_from(*row) for row in rows)

    def direct_reports(self, manager_ids: Iterable[str]) -> dict[str, list[str]]:
        return {r["manager"]: r["reports"] for r in self._read("direct_reports", ids=sorted(set(manager_ids)))}

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read("count_nodes", bookkeeping=sorted(BOOKKEEPING_KINDS))}
        rels = {r["type"]: r["n"] for r in self._read("count_relationships")}
        return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    def search_people(self, text: str = "", skill: str | None = None, department: str | None = None,
                      offset: int = 0, limit: int = 20, emails: bool | str = False
                      ) -> tuple[list[dict[str, Any]], int]:
        rows = self._read("search_people", text=fold(text), skill=(skill or "").lower() or None,
                          department=(department or "").lower() or None, offset=offset, limit=limit,
                          email_mark=EMAIL_MARK, all_emails=emails is True,
                          own_email=emails if isinstance(emails, str) else None)
        return [_person(p) for p in rows[0]["page"]], rows[0]["total"]

    def contents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        # One read transaction; each result is streamed as it is iterated (the driver fetches
        # it in chunks) and used up before the next statement runs.
        with self._translated("dumping the store", "nothing was changed"), \
                self._driver.session(database=self.database, default_access_mode=READ_ACCESS) as session, \
                session.begin_transaction() as tx:
            for row in tx.run(cypher("dump_people")):
                yield "person", _person(row["props"])
            for row in tx.run(cypher("dump_organizations")):
                yield "organization", {"key": row["key"], "name": row["name"]}
            for type_ in sorted(TIE_TYPES):
                for source, ties in tx.run(cypher("dump_ties"), type=type_):
                    for target, props in ties:
                        yield "tie", {"type": type_, "source": source, "target": target,
                                      "props": {k: v for k, v in props.items() if k != "disc"}}
            for person_id, positions in tx.run(cypher("dump_positions")):
                for org_key, props in positions:
                    # a tenure without a start is stored with since "" (it is part of the key)
                    yield "position", {"person_id": person_id, "org_key": org_key,
                                       "props": {k: v for k, v in props.items() if (k, v) != ("since", "")}}
            for row in tx.run(cypher("dump_records")):
                yield "record", {"kind": row["kind"], "id": row["id"], "data": json.loads(row["data"])}
    def people_named(self, name: str) -> list[dict[str, Any]]:
        prefix = name_prefix(name)
        return [_person(r["person"]) for r in self._read("people_named", prefix=prefix)] if prefix else []

    # ------------------------------------------- reads behind the questions

    def export_graph(self, people: bool = True) -> Neighbourhood:
        found = self._export_people() if people else {}
        # values(), not data(): a million rows are not worth copying once more in Python
        rows = self._query("export_ties", {}, lambda result: result.values())
        edges = group_edges(_tie_from(type_, source, target, props)
                            for source, ties in rows for type_, target, props in ties)
        return edges, found

    def export_weights(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]]]:
        people = self._export_people()
        rows = self._query("export_weights", {}, lambda result: result.values())
        return people, sorted((a, b, w) for a, pairs in rows for b, w in pairs)

    def _export_people(self) -> dict[str, dict[str, Any]]:
        rows = self._query("export_people", {}, lambda result: result.values())
        return {pid: _person(props) for pid, props in rows}

    def people_matching(self, skills: Iterable[str] = (), title_words: Iterable[str] = (),
                        departments: Iterable[str] = (), locations: Iterable[str] = (),
                        levels: Iterable[int] = (), person_ids: Iterable[str] = (),
                        members: bool = False, among: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        criteria = dict(skills=list(skills), title_words=list(title_words), departments=list(departments),
                        locations=list(locations), levels=list(levels), ids=list(person_ids), members=members)
        if among is not None:
            rows = self._read("people_matching_among", among=sorted(set(among)), **criteria)
        else:
            rows = self._read("people_matching", **criteria)
        return {r["person_id"]: _person(r["props"]) for r in rows}

    def positions_of(self, person_ids: Iterable[str]) -> list[dict[str, Any]]:
        rows = self._read("positions_of", ids=sorted(set(person_ids)))
        return [{**r, "since": r["since"] or None} for r in rows]

    def top_people(self, metric: str, limit: int, department: str | None = None) -> list[dict[str, Any]]:
        if metric not in ANALYTICS_FIELDS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(ANALYTICS_FIELDS)}")
        rows = self._read("top_people", metric=metric, limit=limit,
                          department=department.lower() if department else None)
        return [_person(r["props"]) for r in rows]
