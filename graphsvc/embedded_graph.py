"""The embedded store's read side: people and weighted adjacency, kept in step with the file.

Each process answers from a :class:`GraphView`: every person's properties (for search and
matching) and the pair weights, as a memory-mapped :mod:`graphsvc.csr` snapshot shared by
all processes plus a small overlay of the people changed since that snapshot. Before each
answer the view is caught up with the file's latest committed state through
``meta.version`` and the ``change`` log (see ``schema.sql``): the people a write touched
are re-read into the overlay; when too much changed, a fresh snapshot is loaded from disk
or, when none is new enough, built and saved for the other processes.

A view never changes once made: catching up builds a new one and swaps it in, so a search
running in another thread keeps iterating the view it started with.
"""
from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
import orjson

from graphsvc import csr
from graphsvc.neighbourhood import may_be_on_short_walks, short_walk_ties, weighted
from graphsvc.paths import search_radii
from graphsvc.sql_chunks import select_in
from graphsvc.store import WeightedNeighbourhood, passable

__all__ = ["People", "GraphView", "GraphCache", "OVERLAY_MAX"]

#: Past this many people changed since the snapshot, a new snapshot replaces the overlay.
OVERLAY_MAX = 2_000


def _passable_sql() -> str:
    # JSON false reads as 0 through json_extract; a missing flag means the default, true.
    return ("coalesce(json_extract(props, '$.active'), 1) != 0 "
            "AND coalesce(json_extract(props, '$.open_to_intros'), 1) != 0")


class People(Mapping):
    """Every person's properties, parsed from their stored JSON when first asked for.

    A new process reads every row at once (cheap) but parses only the people its questions
    touch: parsing all of 100,000 people costs over a second, which every web worker would
    otherwise pay before its first answer. A search or match over everyone parses them all
    once. The people it holds never change once shared (:meth:`updated` makes a new one); the
    cache of parsed ones grows under a lock, so that a newer view can copy it while other
    threads still read through this one.
    """

    def __init__(self, raw: dict[str, str], parsed: dict[str, dict[str, Any]] | None = None):
        self._raw = raw
        self._parsed = parsed if parsed is not None else {}
        self._parsing = threading.Lock()

    def __getitem__(self, person_id: str) -> dict[str, Any]:
        found = self._parsed.get(person_id)
        if found is None:
            parsed = orjson.loads(self._raw[person_id])
            with self._parsing:
                found = self._parsed.setdefault(person_id, parsed)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._raw

    def updated(self, rows: dict[str, str], changed: Iterable[str]) -> "People":
        """These people as ``rows`` now has them (absent from ``rows``: removed)."""
        with self._parsing:
            parsed = dict(self._parsed)
        raw = dict(self._raw)
        for pid in changed:
            parsed.pop(pid, None)
            if pid in rows:
                raw[pid] = rows[pid]
            else:
                raw.pop(pid, None)
        return People(raw, parsed)


@dataclass(frozen=True)
class GraphView:
    """The graph at one store version: a snapshot plus the people changed since."""

    version: int
    people: People
    snapshot: csr.Snapshot
    #: full adjacency of every person changed since the snapshot
    overlay: dict[str, dict[str, float]] = field(default_factory=dict)
    #: for each neighbour v of a changed person u: {u: weight}, the reverse of ``overlay``
    reverse: dict[str, dict[str, float]] = field(default_factory=dict)

    def neighbours_of(self, person_id: str) -> dict[str, float]:
        """Current pair weights of one person."""
        return self._row(person_id)[0]

    def _row(self, person_id: str) -> tuple[dict[str, float], dict[str, bool]]:
        """A person's pair weights, and whether each neighbour is passable.

        Read from the snapshot's arrays in one go where the overlay does not say otherwise:
        a walk reads thousands of neighbours, and one dict look-up each adds up.
        """
        if person_id in self.overlay:
            found = self.overlay[person_id]
            return found, {v: self.is_passable(v) for v in found}
        i = self.snapshot.index_of(person_id)
        found, ok = {}, {}
        if i >= 0:
            ids, weights, flags = self.snapshot.row(i)
            if self.overlay:
                for v, w, f in zip(ids, weights, flags):
                    if v not in self.overlay:
                        found[v], ok[v] = w, f
            else:
                found, ok = dict(zip(ids, weights)), dict(zip(ids, flags))
        for v, w in self.reverse.get(person_id, {}).items():
            found[v], ok[v] = w, self.is_passable(v)
        return found, ok

    def is_passable(self, person_id: str) -> bool:
        return passable(self.people.get(person_id))

    def weighted_neighbours(self, person_ids: Iterable[str], endpoints: Iterable[str]) -> WeightedNeighbourhood:
        endpoints = set(endpoints)
        out = WeightedNeighbourhood()
        for u in person_ids:
            if u not in self.people:
                continue
            ok = self.is_passable(u)
            out.passable[u] = ok
            if not ok and u not in endpoints:
                continue
            out.weights[u], flags = self._row(u)
            for v, f in flags.items():
                out.passable.setdefault(v, f)
        return out

    def path_neighbourhood(self, source: str, target: str, max_hops: int) -> WeightedNeighbourhood | None:
        """:meth:`GraphStore.path_neighbourhood` from the snapshot's arrays, patched with the
        overlay (None: someone in the overlay is not in the snapshot yet; ask through
        :meth:`weighted_neighbours`).

        The walk out from both ends and the choice of ties are array operations, so a hub's
        ties cost microseconds; only the ties kept become Python objects.
        """
        snap = self.snapshot
        ends = snap.index_of(source), snap.index_of(target)
        if min(ends) < 0 or self._patch is None:
            return None
        ok = self._patch[1]
        n = len(snap.ids)
        endpoint = np.zeros(n, dtype=bool)
        endpoint[list(ends)] = True
        expanded = np.zeros(n, dtype=bool)
        radii = search_radii(max_hops)
        frontiers = [np.array([e]) for e in ends]
        found = []
        for level in range(max(radii) + 1):
            ask = np.unique(np.concatenate([f for f, r in zip(frontiers, radii) if level <= r]))
            ask = ask[~expanded[ask]]
            if not len(ask):
                break
            expanded[ask] = True
            rows, nbrs, weights = self._ties_of(ask)
            found.append((rows, nbrs, weights))
            if level == max(radii):
                break
            for side, f in enumerate(frontiers):
                mine = np.zeros(n, dtype=bool)
                mine[f] = True
                reached = nbrs[mine[rows]]
                frontiers[side] = np.unique(reached[ok[reached] & ~expanded[reached] & ~endpoint[reached]])
        if max_hops in (3, 4) and len(found) == 2:  # most of what was read lies far from any short walk
            rows, nbrs, weights = found[1]
            walked = [f if r else f[:0] for f, r in zip(frontiers, radii)]  # 3 hops: not from the target
            keep = may_be_on_short_walks(found[0][:2], (rows, nbrs), walked, ends, max_hops, n)
            found[1] = rows[keep], nbrs[keep], weights[keep]
        a, b, w = (np.concatenate(part) for part in zip(*found))
        # numbered afresh among the people read, so that no array below is as long as the graph
        people, number = np.unique(np.concatenate([a, b, ends]), return_inverse=True)
        a, b, ends = number[:len(a)], number[len(a):-2], tuple(number[-2:].tolist())
        ok = ok[people]
        return weighted(snap.ids[people], *short_walk_ties(a, b, w, ok, *ends, max_hops), ok, ends)

    @cached_property
    def _patch(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Who changed since the snapshot, and who is passable now, by snapshot row (None:
        someone changed is not in the snapshot)."""
        snap = self.snapshot
        changed = np.zeros(len(snap.ids), dtype=bool)
        ok = snap.passable.copy()
        for person in set(self.overlay) | set(self.reverse):
            i = snap.index_of(person)
            if i < 0:
                return None
            changed[i] = person in self.overlay
            ok[i] = self.is_passable(person)
        return changed, ok

    def _ties_of(self, ask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(row, neighbour, weight)`` of every tie of these rows as they are now: the
        snapshot's, less those of people changed since, plus those the overlay holds."""
        snap = self.snapshot
        at = snap.ties(ask)
        rows, nbrs, weights = np.repeat(ask, snap.indptr[ask + 1] - snap.indptr[ask]), snap.nbr[at], snap.weight[at]
        if not self.overlay:
            return rows, nbrs, weights
        changed = self._patch[0]
        keep = ~(changed[rows] | changed[nbrs])
        extra = [(i, snap.index_of(v), w) for i, u in zip(ask.tolist(), snap.ids[ask].tolist())
                 for v, w in (self.overlay.get(u) or self.reverse.get(u) or {}).items()]
        if not extra:  # (everyone in the overlay is in the snapshot: see _patch)
            return rows[keep], nbrs[keep], weights[keep]
        i, j, w = (np.array(x) for x in zip(*extra))
        return (np.concatenate([rows[keep], i]), np.concatenate([nbrs[keep], j]),
                np.concatenate([weights[keep], w.astype(float)]))


class GraphCache:
    """Holds the current :class:`GraphView` of one store file and catches it up.

    Call :meth:`view` with a cursor inside a read transaction (one snapshot of the file).
    Threads may call it at once, each with its own connection: one catches up at a time,
    and a thread whose transaction began before another's catch-up gets the newer view (it
    is the file's latest commit all the same), never turning the view back.
    """

    def __init__(self, db_path: Path):
        self.root = db_path.with_name(db_path.name + ".adjacency")
        self._view: GraphView | None = None
        self._lock = threading.Lock()
        #: ``(version, every (a, b, weight) in key order)`` as a write just committed them (see
        #: ``pairs_known``), so that a snapshot of that version is built without reading them back.
        self._known_pairs: tuple[int, list[tuple[str, str, float]]] | None = None

    @contextmanager
    def pairs_known(self, version: int, pairs: list[tuple[str, str, float]]) -> Iterator[None]:
        """While inside, a snapshot of ``version`` takes its pairs from ``pairs``: the pair
        table as committed at that version, which no later write can change without
        another version."""
        self._known_pairs = (version, pairs)
        try:
            yield
        finally:
            self._known_pairs = None

    def carry_over(self, version: int, to: int) -> bool:
        """Save the snapshot of ``version`` as that of ``to`` as well, when one was saved: the
        writes in between changed nobody's ties or passability (``analyze`` writing its
        metrics onto everyone), so building it again from the file would give the same
        arrays, at a cost of seconds. Returns whether there was one to carry over."""
        if not self.root.is_dir():
            return False
        with open(self.root / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = csr.latest(self.root, to)
            if found is None or int(found.name[1:]) not in (version, to):
                return False
            if int(found.name[1:]) == version:
                csr.remove_older(self.root, csr.relabel(self.root, found, to))
        return True

    def view(self, cur) -> GraphView:
        version = cur.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
        with self._lock:
            old = self._view
            if old is not None and old.version >= version:
                return old
            view = self._caught_up(cur, old, version) if old is not None else None
            if view is None:
                view = self._fresh(cur, version)
            self._view = view
            return view

    def _caught_up(self, cur, old: GraphView, version: int) -> GraphView | None:
        """``old`` plus the people changed since, or None when a new snapshot is due."""
        floor = cur.execute("SELECT value FROM meta WHERE key='log_floor'").fetchone()[0]
        if old.version < floor:
            return None
        changed = {r[0] for r in cur.execute(
            "SELECT DISTINCT person_id FROM change WHERE version > ?", (old.version,))}
        if "*" in changed or len(changed | set(old.overlay)) > OVERLAY_MAX:
            return None
        people = old.people.updated(dict(_people_rows(cur, changed)), changed - {"*"})
        overlay = dict(old.overlay)
        overlay.update(_adjacency_of(cur, sorted(changed)))
        reverse: dict[str, dict[str, float]] = {}
        for u, nbrs in overlay.items():
            for v, w in nbrs.items():
                reverse.setdefault(v, {})[u] = w
        return GraphView(version, people, old.snapshot, overlay, reverse)

    def _fresh(self, cur, version: int) -> GraphView:
        """A view on the newest usable snapshot on disk, building one when none is."""
        snapshot = self._load_or_build(cur, version)
        base = GraphView(snapshot.version, People(dict(_people_rows(cur, None))), snapshot)
        if snapshot.version == version:
            return base
        return self._caught_up(cur, base, version) or GraphView(version, base.people, self.build(cur, version))

    def _load_or_build(self, cur, version: int) -> csr.Snapshot:
        floor = cur.execute("SELECT value FROM meta WHERE key='log_floor'").fetchone()[0]
        found = csr.latest(self.root, version)
        if found is not None and int(found.name[1:]) >= max(floor, 0):
            try:
                snapshot = csr.load(found)
            except FileNotFoundError:  # a newer snapshot replaced it while we looked
                return self.build(cur, version)
            if self._usable(cur, snapshot, version):
                return snapshot
        return self.build(cur, version)

    @staticmethod
    def _usable(cur, snapshot: csr.Snapshot, version: int) -> bool:
        """A snapshot is caught up cheaply unless a reload-everything or many changes came since."""
        if snapshot.version == version:
            return True
        changed = {r[0] for r in cur.execute(
            "SELECT DISTINCT person_id FROM change WHERE version > ?", (snapshot.version,))}
        return "*" not in changed and len(changed) <= OVERLAY_MAX

    def build(self, cur, version: int) -> csr.Snapshot:
        """Build the snapshot of ``version`` from the file and save it (one builder at a time)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = csr.latest(self.root, version)
            if found is not None and int(found.name[1:]) == version:
                return csr.load(found)  # another process built it while we waited
            people = cur.execute(f"SELECT person_id, {_passable_sql()} FROM person").fetchall()
            known = self._known_pairs
            pairs = known[1] if known is not None and known[0] == version else \
                cur.execute("SELECT a, b, strength FROM pair")
            snapshot = csr.build(version, people, pairs)
            folder = csr.save(self.root, snapshot)
            csr.remove_older(self.root, folder)
        return csr.load(folder)


def _people_rows(cur, ids: set[str] | None) -> list[tuple[str, str]]:
    """(person_id, props as stored JSON) of these people, or of everyone."""
    if ids is None:
        return cur.execute("SELECT person_id, props FROM person").fetchall()
    return select_in(cur, "SELECT person_id, props FROM person WHERE person_id IN ({marks})", ids - {"*"})


def _adjacency_of(cur, ids: list[str]) -> dict[str, dict[str, float]]:
    """Every stored pair weight of these people, read from the file."""
    out: dict[str, dict[str, float]] = {p: {} for p in ids}
    for a, b, w in select_in(cur, "SELECT a, b, strength FROM pair WHERE a IN ({marks}) "
                                  "UNION ALL SELECT a, b, strength FROM pair WHERE b IN ({marks})", ids, repeat=2):
        if a in out:
            out[a][b] = w
        if b in out:
            out[b][a] = w
    return out
