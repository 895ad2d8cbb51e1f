"""The Neo4j store: the production store, for any Neo4j 5.26+ from a laptop to Aura.

One driver per store object (one per process), an explicit database on every session,
reads and writes as transaction functions (``execute_read`` / ``execute_write``, which may
retry them, so they are idempotent and return plain data). Every statement is a file in
``cypher/``, parameters only; where a relationship type must vary, one file per type is
chosen from an allow-list. This is the only module that touches the neo4j driver.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from neo4j import GraphDatabase, Query
from neo4j.exceptions import (ClientError, ConstraintError, DatabaseUnavailable, Neo4jError,
                              ServiceUnavailable, SessionExpired)

from datetime import date

from graphsvc.model import (ANALYTICS_FIELDS, TIE_TYPES, Edge, ImportBatch, Position, StoreError,
                            StoreUnavailable, Tie, WriteSummary, group_edges, pair_of)
from graphsvc.records import RECORD_FIELDS, Record, check_filter
from graphsvc.store import GraphStore, Neighbourhood, WeightedNeighbourhood, WriteProgress, WriteTally
from graphsvc.strength import StrengthConfig, default_config, edge_strength

__all__ = ["Neo4jStore", "cypher"]

#: Rows per UNWIND statement; all of one import's statements share one transaction.
BATCH_ROWS = 5_000
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, DatabaseUnavailable)


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


def _tie_from(record_type: str, source: str, target: str, props: dict[str, Any]) -> Tie:
    return Tie(record_type, source, target, {k: v for k, v in props.items() if k != "disc"})


class Neo4jStore(GraphStore):
    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, max_retry_seconds: float | None = None,
                 connect_timeout: float | None = None):
        """``max_retry_seconds`` bounds how long a read or write keeps retrying while the
        server is unreachable (the driver's default, 30 s, suits batch jobs; a web request
        should answer 503 quickly instead); ``connect_timeout`` bounds one connection attempt."""
        self.uri = uri
        user = user or os.environ.get("NEO4J_USER")
        password = password or os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        auth = (user or "neo4j", password) if password else None
        # Schema notifications ("relationship type does not exist" on an empty database) are
        # noise to an application that creates those types itself.
        timeouts = {k: v for k, v in (("max_transaction_retry_time", max_retry_seconds),
                                      ("connection_timeout", connect_timeout)) if v is not None}
        self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF", **timeouts)
        try:
            self._driver.verify_connectivity()
            for statement in _schema_statements():
                with self._driver.session(database=self.database) as session:
                    session.run(Query(statement)).consume()
        except _UNAVAILABLE as exc:
            self._driver.close()
            raise StoreUnavailable(f"Neo4j at {uri} is unreachable: {exc}. Is the server running? "
                                   "(`intrograph neo4j start` runs a local one)") from exc
        except Neo4jError as exc:
            self._driver.close()
            raise StoreError(f"Neo4j at {uri} refused to connect: {exc.message}") from exc
        if self.weights_as_of() is None and self._read("any_tie")[0]["found"]:
            self.refresh_weights(date.today())  # a database written before pairs were weighed

    def close(self) -> None:
        self._driver.close()

    # --------------------------------------------------------------- plumbing

    def _session(self):
        return self._driver.session(database=self.database)

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
        try:
            with self._session() as session:
                return session.execute_read(work)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unreachable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j query {name} failed: {exc.message}") from exc

    # ----------------------------------------------------------------- writes

    def upsert(self, batch: ImportBatch, dry_run: bool = False,
               progress: WriteProgress | None = None) -> WriteSummary:
        """One transaction for the whole batch, however large: all or nothing.

        A batch is one imported file (a 100,000-person org chart or half a million project
        ties). Splitting it over several transactions would leave half an import behind when
        the server dies mid-way, and staging it under a marker to be switched on at the end
        would make every read filter out the marker. Instead the server is given the
        transaction memory such a file needs (three quarters of the heap on the dev server,
        see ``graphsvc.neo4j_server.transaction_memory``; the 100,000-person benchmark
        gives it a 4 GB heap), and the write is streamed in UNWIND batches of
        BATCH_ROWS inside that one transaction. Neo4j's own log makes it durable: a server
        killed mid-way recovers without it.
        """
        try:
            with self._session() as session:
                if not dry_run:
                    return session.execute_write(self._upsert_tx, batch, progress)
                with session.begin_transaction() as tx:
                    summary = self._upsert_tx(tx, batch, progress)
                    tx.rollback()
                    return summary
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} became unreachable during the import; "
                                   f"nothing was written: {exc}") from exc
        except ConstraintError as exc:
            raise StoreError(f"the import breaks a uniqueness rule ({exc.message}); nothing was written") from exc
        except ClientError as exc:
            raise StoreError(f"Neo4j rejected the import ({exc.message}); nothing was written") from exc

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
        people = [{"person_id": pid, "props": {k: v for k, v in fields.items() if v is not None}}
                  for pid, fields in batch.people.items()]
        for row in people:
            if row["props"].get("email"):
                row["props"]["email"] = row["props"]["email"].lower()
        _summarise(self._run_batches(tx, "upsert_people", people, tally), summary, "nodes", len(people))

        latest = {t.key: t for t in (t.canonical() for t in batch.ties)}
        tally.add(len(batch.ties) - len(latest))  # repeats are written with the tie they repeat
        touched: set[tuple[str, str]] = set()
        for type_ in TIE_TYPES:
            rows = [{"source": t.source, "target": t.target, "disc": t.disc, "props": t.props}
                    for t in latest.values() if t.type == type_]
            if rows:
                records = self._write_relationships(tx, f"upsert_{type_.lower()}", rows, summary,
                                                    "a tie names a person who is not in the store", tally)
                touched.update(pair_of(a, b) for r in records for a, b in r["touched"])
        self._reweigh(tx, touched)

        orgs = [{"key": k, "name": n} for k, n in batch.organizations.items()]
        _summarise(self._run_batches(tx, "upsert_organizations", orgs, tally), summary, "nodes", len(orgs))

        positions = {p.key: p for p in batch.positions}
        rows = [{"person_id": p.person_id, "org_key": p.org_key, "since": key[2],
                 "props": {k: v for k, v in p.props.items() if v is not None and k != "since"}}
                for key, p in positions.items()]
        if rows:
            self._write_relationships(tx, "upsert_positions", rows, summary,
                                      "a position names a person or organisation that is not in the store", tally)
        return summary

    def write_records(self, records: Iterable[Record], batch: ImportBatch | None = None) -> WriteSummary:
        records = list(records)
        put = [{"kind": r.kind, "id": r.id, "data": json.dumps({**r.data, "id": r.id}, sort_keys=True),
                "fields": {f: r.data[f] for f in RECORD_FIELDS[r.kind] if r.data.get(f) is not None}}
               for r in records if r.data is not None]
        delete = [{"kind": r.kind, "id": r.id} for r in records if r.data is None]

        def work(tx):
            summary = self._upsert_tx(tx, batch) if batch is not None else WriteSummary()
            if put:
                tx.run(cypher("put_records"), rows=put).consume()
            if delete:
                tx.run(cypher("delete_records"), rows=delete).consume()
            return summary
        try:
            with self._session() as session:
                return session.execute_write(work)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unreachable; nothing was written: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j rejected the write ({exc.message}); nothing was written") from exc

    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        check_filter(kind, equals)
        rows = self._read("find_records", kind=kind, record_id=record_id, equals=equals)
        return [json.loads(r["data"]) for r in rows]

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
            ties = [_tie_from(*row) for row in tx.run(cypher("pair_ties"), pairs=ordered[i:i + BATCH_ROWS]).values()]
            rows = [{"a": e.a, "b": e.b, "strength": edge_strength(e, as_of, default_config())}
                    for e in group_edges(ties)]
            tx.run(cypher("set_pair_weights"), rows=rows).consume()

    def refresh_weights(self, as_of: date, config: StrengthConfig | None = None) -> int:
        """Re-weigh every pair, in bounded transactions (each one idempotent); the date last.

        Interrupted, it leaves some pairs weighed as of the new date under the old one: the
        next ``analyze`` finishes the job.
        """
        edges, _ = self.export_graph(people=False)
        config = config or default_config()
        rows = [{"a": e.a, "b": e.b, "strength": edge_strength(e, as_of, config)} for e in edges]

        def work(tx, chunk):
            tx.run(cypher("set_pair_weights"), rows=chunk).consume()
        with self._session() as session:
            for i in range(0, len(rows), BATCH_ROWS):
                session.execute_write(work, rows[i:i + BATCH_ROWS])
            session.execute_write(lambda tx: tx.run(cypher("set_weights_date"), as_of=as_of.isoformat()).consume())
        return len(rows)

    def weights_as_of(self) -> date | None:
        found = self._read("weights_date")[0]["as_of"]
        return date.fromisoformat(found) if found else None

    def delete_everything(self) -> None:
        with self._session() as session:
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
        return [r["props"] for r in sorted(rows, key=lambda r: r["props"]["person_id"])]

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
        rows = self._read("positions_at", keys=sorted(set(org_keys)))
        return [Position(r["person_id"], r["org_key"], {k: v for k, v in r["props"].items() if v != ""})
                for r in rows]

    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {r["person_id"]: r["props"] for r in self._read("get_people", ids=list(person_ids))}

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

    def incident_edges(self, person_ids: Iterable[str]) -> Neighbourhood:
        ties, found = self._read_row("incident_ties", ids=list(person_ids))
        edges = group_edges(_tie_from(*row) for row in ties)
        people = {p["person_id"]: p for p in found}
        people.update(self.get_people(set(person_ids) - set(people)))
        return edges, people

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> list[Edge]:
        ordered = [list(p) for p in sorted({pair_of(a, b) for a, b in pairs})]
        rows = self._query("pair_ties", {"pairs": ordered}, lambda result: result.values())
        return group_edges(_tie_from(*row) for row in rows)

    def direct_reports(self, manager_ids: Iterable[str]) -> dict[str, list[str]]:
        return {r["manager"]: r["reports"] for r in self._read("direct_reports", ids=sorted(set(manager_ids)))}

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read("count_nodes")}
        rels = {r["type"]: r["n"] for r in self._read("count_relationships")}
        return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    def search_people(self, text: str = "", skill: str | None = None, department: str | None = None,
                      offset: int = 0, limit: int = 20) -> tuple[list[dict[str, Any]], int]:
        rows = self._read("search_people", text=text.lower(), skill=(skill or "").lower() or None,
                          department=(department or "").lower() or None, offset=offset, limit=limit)
        return rows[0]["page"], rows[0]["total"]

    # ------------------------------------------- reads behind the questions

    def export_graph(self, people: bool = True) -> Neighbourhood:
        # values(), not data(): a million rows are not worth copying once more in Python
        found = dict(self._query("export_people", {}, lambda result: result.values())) if people else {}
        rows = self._query("export_ties", {}, lambda result: result.values())
        edges = group_edges(_tie_from(type_, source, target, props)
                            for source, ties in rows for type_, target, props in ties)
        return edges, found

    def export_weights(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]]]:
        people = dict(self._query("export_people", {}, lambda result: result.values()))
        rows = self._query("export_weights", {}, lambda result: result.values())
        return people, sorted((a, b, w) for a, pairs in rows for b, w in pairs)

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
        return {r["person_id"]: r["props"] for r in rows}

    def positions_of(self, person_ids: Iterable[str]) -> list[dict[str, Any]]:
        rows = self._read("positions_of", ids=sorted(set(person_ids)))
        return [{**r, "since": r["since"] or None} for r in rows]

    def top_people(self, metric: str, limit: int, department: str | None = None) -> list[dict[str, Any]]:
        if metric not in ANALYTICS_FIELDS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(ANALYTICS_FIELDS)}")
        rows = self._read("top_people", metric=metric, limit=limit,
                          department=department.lower() if department else None)
        return [r["props"] for r in rows]
