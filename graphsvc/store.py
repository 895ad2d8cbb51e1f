"""The one interface both stores implement, and the URI that picks one.

A store persists people, ties, organisations and positions, keeps one combined weight per
pair of people (for path search), and answers the few primitive reads its clients need,
grouped by client: importers, questions, workflow records, administration. Anything
cleverer (path ranking, analytics) lives in pure modules that call these primitives, so
both stores give the same answers.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from graphsvc import csr
from graphsvc.model import CHANNELS, Edge, ImportBatch, PersonNotFound, Position, Tie, WriteSummary
from graphsvc.records import Record, RecordsOf
from graphsvc.strength import StrengthConfig

__all__ = ["GraphStore", "ImportLookups", "GraphReads", "RecordReads", "TransactionReads", "Work", "Transacted",
           "RecordStore", "Administration", "WholeStore", "DUMP_SECTIONS", "WeightedNeighbourhood", "Neighbourhood",
           "WriteProgress", "WriteTally", "check_channel", "data_dir", "default_store_uri", "open_store", "passable",
           "search_order"]

#: (ties incident to the asked people, properties of every person at either end)
Neighbourhood = tuple[list[Edge], dict[str, dict[str, Any]]]
#: ``progress(done, total)``: how many records of an upsert are written so far
WriteProgress = Callable[[int, int], None]


class WriteTally:
    """Counts the records an upsert has written, for its ``progress`` callback (if any).

    Only the batch's own records count: ties the store derives while writing them (former
    colleagues, ``graphsvc.tenures``) are written along without moving the count past them.
    """

    def __init__(self, batch: ImportBatch, progress: WriteProgress | None):
        self.progress = progress
        self.done = 0
        self.total = (len(batch.people) + len(batch.ties) + len(batch.organizations)
                      + len(batch.positions)) if progress else 0

    def add(self, n: int) -> None:
        if self.progress is not None and n:
            self.done = min(self.done + n, self.total)
            self.progress(self.done, self.total)


def passable(person: dict[str, Any] | None) -> bool:
    """May this person be an intermediate of an introduction path?"""
    return bool(person) and person.get("active", True) is not False \
        and person.get("open_to_intros", True) is not False


@dataclass
class WeightedNeighbourhood:
    """What path search needs of a part of the graph: who is tied to whom, how strongly.

    ``weights[u][v]`` is the stored combined strength of the pair (see
    :meth:`GraphReads.weights_as_of`) for every asked person ``u`` that may be walked
    through; ``passable[p]`` says for every person seen (asked or neighbour) whether they may
    be an intermediate (:func:`passable`). No evidence and no other property is read.
    """

    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    passable: dict[str, bool] = field(default_factory=dict)


class ImportLookups(ABC):
    """Reads the importers need to merge a file into what is stored."""

    @abstractmethod
    def find_people(self, ids: Iterable[str] = (), emails: Iterable[str] = (),
                    linkedin_urls: Iterable[str] = (), names: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Stored properties of every person with one of these ids, e-mails, LinkedIn URLs or names.

        E-mails match case-insensitively; ids, URLs and names exactly. Importers use it to
        merge records from several sources into one person (id, then e-mail, then LinkedIn
        URL) and to spot possible duplicates (same name, nothing else in common).
        """

    @abstractmethod
    def get_organizations(self, keys: Iterable[str]) -> dict[str, str]:
        """Display name of each stored organisation, by normalised key."""

    @abstractmethod
    def positions_at(self, org_keys: Iterable[str]) -> list[Position]:
        """Every stored ``WORKS_AT`` tenure at these organisations (``since`` inside ``props``)."""

    @abstractmethod
    def reporting_lines(self, person_ids: Iterable[str]) -> list[Tie]:
        """Every stored ``REPORTS_TO`` tie from these people, current or ended, solid or dotted.

        An org chart import ends the lines its file no longer lists (see ``importers.orgchart``).
        """

    @abstractmethod
    def ties_between(self, type_: str, pairs: Iterable[tuple[str, str]]) -> list[Tie]:
        """Stored ties of one type (one of ``TIE_TYPES``) from each ``source`` to each ``target``.

        For importers that combine a new piece of evidence with what is stored, such as
        the same LinkedIn connection dated differently in the two people's exports.
        """

    @abstractmethod
    def resolve_many(self, refs: Iterable[str]) -> dict[str, str]:
        """person_id for each ref that names a person by id or (case-insensitive) e-mail."""


class GraphReads(ABC):
    """Reads behind the questions (warm paths, who can help, connectors, mentors, health)."""

    #: Does reading ties cost per tie (a server's store)? Then a question that walks out far
    #: first reads the nearer part and then only the farthest people who could change its
    #: answer (``weights_around``'s ``last``). The embedded store hands over its arrays whole.
    narrow_walks: bool = False

    @abstractmethod
    def get_people(self, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored properties of each existing person (defaults not filled in)."""

    @abstractmethod
    def weighted_neighbours(self, person_ids: Iterable[str],
                            endpoints: Iterable[str] = ()) -> WeightedNeighbourhood:
        """The stored pair weights around those of ``person_ids`` that may be walked through.

        A person is walked through when it is one of ``endpoints`` or is :func:`passable`;
        the others contribute no weights (but are still marked in ``passable``).
        """

    def path_neighbourhood(self, source: str, target: str, max_hops: int) -> WeightedNeighbourhood:
        """The pair weights of the ties on walks of at most ``max_hops`` hops from ``source``
        to ``target`` through passable people (``graphsvc.neighbourhood.short_walk_ties``):
        all that ranking the paths between them needs, both ways, with everyone's passability.

        A store may compute it where its ties live; by default it walks out from both ends.
        """
        from graphsvc.neighbourhood import between  # the walk is built on this interface
        return between(self, source, target, max_hops)

    def weights_around(self, person_id: str, radius: int, last: Iterable[str] | None = None) -> "csr.Snapshot":
        """The pair weights of everyone within ``radius`` hops of ``person_id`` (walking
        through passable people), as arrays (:mod:`graphsvc.csr`, people in id order), for
        searches that reach tens of thousands of people. With ``last``, of the people
        exactly ``radius`` hops away only those of ``last`` need their weights handed over.
        A store may hand over more of its graph, never less.
        """
        from graphsvc.neighbourhood import as_arrays, walk_out  # the walk is built on this interface
        return as_arrays(walk_out(self, {person_id: radius}))

    @abstractmethod
    def weights_as_of(self) -> date | None:
        """The date every stored pair weight was computed for (``None``: nothing stored yet).

        Writes weigh the pairs they touch as of this date, so all weights stay comparable;
        :meth:`Administration.refresh_weights` (run by ``analyze``) moves it.
        """

    @abstractmethod
    def incident_edges(self, person_ids: Iterable[str]) -> Neighbourhood:
        """Every tie incident to these people, grouped per pair (:func:`group_edges`), with
        the properties of every person at either end."""

    @abstractmethod
    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> list[Edge]:
        """The evidence of each of these pairs (either order), grouped per pair.

        For the hops of the paths shown to a person, and nothing else.
        """

    def path_evidence(self, person_ids: Iterable[str], pairs: Iterable[tuple[str, str]]
                      ) -> tuple[dict[str, dict[str, Any]], list[Edge], date | None]:
        """What explaining shown paths needs, in one read where the store can: the people's
        properties, the evidence of the pairs, and the weights date."""
        return self.get_people(person_ids), self.edges_between(pairs), self.weights_as_of()

    @abstractmethod
    def direct_reports(self, manager_ids: Iterable[str]) -> dict[str, list[str]]:
        """Sorted ids of the people with a current (no ``until``) solid reporting line to each manager."""

    @abstractmethod
    def search_people(self, text: str = "", skill: str | None = None, department: str | None = None,
                      offset: int = 0, limit: int = 20, emails: bool | str = False
                      ) -> tuple[list[dict[str, Any]], int]:
        """One page of the people matching every given criterion, and how many match in all.

        ``text``, folded (:func:`graphsvc.search_keys.fold`: case, accents, Unicode forms), is
        found anywhere in the person's stored search key: name, title, department or id, and
        the e-mail as ``emails`` allows (``True``: anyone's; a person_id: that person's only;
        ``False``: nobody's; see :func:`graphsvc.visibility.email_search`). ``skill`` and
        ``department`` match case-insensitively and exactly. People come sorted by
        :func:`search_order`, so both stores page alike (the web UI's search and autocomplete).
        """

    @abstractmethod
    def people_named(self, name: str) -> list[dict[str, Any]]:
        """Stored properties of every person whose whole name is ``name`` as search folds it
        (case, accents, Unicode forms, spacing), sorted by :func:`search_order` (finding a
        person someone typed). Found through the start of the stored search key."""

    @abstractmethod
    def export_graph(self) -> Neighbourhood:
        """Every tie (grouped per pair, as :meth:`incident_edges` gives them) and every person.

        For whole-graph work that runs on demand (network health), never per request.
        """

    @abstractmethod
    def export_weights(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]]]:
        """Every person's properties and every stored pair weight ``(a, b, w)`` with ``a < b``.

        For ``analyze``, which needs how strongly people are tied but not why.
        """

    def export_analysis(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, float]] | csr.Snapshot]:
        """:meth:`export_weights`, each person's properties perhaps narrowed to those
        ``analyze`` reads: ``active`` (where false) and ``department``; the weights perhaps
        as the whole graph's CSR arrays (of everyone, people sorted by id).

        A store that can read just those overrides it: parsing every person's whole
        properties costs more than a second on a large graph, and so does reading every
        pair back where arrays of them are at hand.
        """
        return self.export_weights()

    @abstractmethod
    def people_matching(self, skills: Iterable[str] = (), title_words: Iterable[str] = (),
                        departments: Iterable[str] = (), locations: Iterable[str] = (),
                        levels: Iterable[int] = (), person_ids: Iterable[str] = (),
                        members: bool = False, among: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Active people matching at least one criterion, by person_id.

        A cheap superset for the pure code to refine: texts are compared lower-cased (give
        them lower-cased); a skill, department or location matches exactly, a title word
        anywhere in the title; ``members`` matches everyone in the org chart (people with a
        department). With ``among``, only those people are considered (say, the ones a
        question can reach), so a large department is never read whole.
        """

    @abstractmethod
    def positions_of(self, person_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The ``WORKS_AT`` tenures of these people, sorted by person, organisation and start.

        Each as ``{person_id, org_key, org_name, title, since, until}`` (absent values None).
        """

    @abstractmethod
    def top_people(self, metric: str, limit: int, department: str | None = None) -> list[dict[str, Any]]:
        """Passable people with the highest stored ``metric`` (one of ``ANALYTICS_FIELDS``).

        Sorted by the metric (descending), then person_id; ``department`` matches
        case-insensitively. People without the metric (never analysed) are left out.
        """


class RecordReads(ABC):
    """Reading workflow records, in a store or inside one of its write transactions."""

    @abstractmethod
    def find_records(self, kind: str, record_id: str | None = None, **equals: Any) -> list[dict[str, Any]]:
        """Records of ``kind`` (sorted by id) whose allow-listed fields equal ``equals``.

        Each comes with its ``id`` and ``version`` (see ``graphsvc.records``).
        """

    def get_record(self, kind: str, record_id: str) -> dict[str, Any] | None:
        found = self.find_records(kind, record_id=record_id)
        return found[0] if found else None


class TransactionReads(RecordReads):
    """What the work of :meth:`RecordStore.transact` reads: the latest committed records
    (and this transaction's own writes), as of the moment it holds its locks."""

    #: what the graph batch written before the work changed (nothing, without a batch)
    summary: WriteSummary


#: ``work(reads)`` of :meth:`RecordStore.transact`: the records to write
Work = Callable[[TransactionReads], Iterable[Record]]


@dataclass
class Transacted:
    """What :meth:`RecordStore.transact` wrote: each record as stored (its data carrying its
    new ``version``; a deletion as given), and what the graph batch changed."""

    records: list[Record]
    summary: WriteSummary

    def data(self, kind: str, record_id: str) -> dict[str, Any] | None:
        """The stored data of a record this transaction wrote (``None``: it did not write it)."""
        found = [r.data for r in self.records if r.kind == kind and r.id == record_id]
        return found[-1] if found else None


class RecordStore(RecordReads):
    """Goals, introductions, accounts and the audit log: JSON records beside the graph."""

    @abstractmethod
    def transact(self, work: Work, locks: Iterable[str] = (), batch: ImportBatch | None = None,
                 progress: WriteProgress | None = None) -> Transacted:
        """Read, check and write in one all-or-nothing transaction.

        In order: take the write locks named by ``locks`` (:func:`graphsvc.records.lock_key`),
        write the graph ``batch`` if any, call ``work(reads)``, which reads through ``reads``
        and returns the records to write (``data=None`` deletes one), write those records,
        each with its version one higher than stored, and commit. An exception raised by
        ``work`` (a service's "changed meanwhile" or "not allowed") rolls everything back.

        Two transactions naming a common lock run one after the other, and the second
        reads what the first committed: so a check made in ``work`` (a version, a cap, "at
        least one admin") still holds when its records are written. The embedded store's
        ``BEGIN IMMEDIATE`` already runs every write transaction one at a time; Neo4j, which
        reads at read-committed isolation, needs the locks. ``work`` may run more than once
        (a retried transaction), so it only reads and computes.
        """

    def write_records(self, records: RecordsOf, batch: ImportBatch | None = None,
                      progress: WriteProgress | None = None) -> WriteSummary:
        """Write records, and optionally a graph batch, in one all-or-nothing transaction,
        whatever is stored (a blind write: nothing is read, no lock is taken).

        ``records`` may be a function of the batch's :class:`WriteSummary`, for records that
        say what the write did (an import's journal entry).
        """
        return self.transact(lambda reads: records(reads.summary) if callable(records) else records,
                             batch=batch, progress=progress).summary


class Administration(ABC):
    """Writing the graph, and keeping its derived weights fresh."""

    #: How many rows one write transaction may hold (``None``: no limit). Imports larger than
    #: this are written in journaled batches (``graphsvc.import_journal``).
    transaction_rows: int | None = None

    @abstractmethod
    def upsert(self, batch: ImportBatch, dry_run: bool = False,
               progress: WriteProgress | None = None) -> WriteSummary:
        """Write a batch all or nothing; writing the same batch again changes nothing.

        The pairs whose evidence changed are re-weighed in the same transaction, as of
        :meth:`GraphReads.weights_as_of` (today, on a store that has none yet). With
        ``dry_run`` the summary says what would change and nothing is written.
        ``progress(done, total)`` is told how many of the batch's records are written.

        Interaction evidence stays private: an ``INTERACTED`` tie with a person who does not
        share interactions (:func:`graphsvc.model.shares_interactions`, after the batch's
        people are written) is not written, and a batch that closes a person (sets
        ``open_to_intros`` or ``share_interactions`` false) deletes their stored ones,
        counted in ``relationships_deleted``.
        """

    @abstractmethod
    def refresh_weights(self, as_of: date, config: StrengthConfig | None = None) -> list[tuple[str, str, float]]:
        """Re-weigh every pair as of ``as_of`` (time decay moves on); returns every pair's
        weight now stored, ``(a, b, w)`` with ``a < b`` in order, as :meth:`export_weights`
        would read them back (``analyze`` needs them next)."""

    @abstractmethod
    def forget_interactions(self, channel: str) -> int:
        """Delete every ``INTERACTED`` tie of one channel (``meeting`` or ``email``) and re-weigh
        their pairs; returns how many were deleted. Running it again deletes nothing more."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, zero counts left out."""

    @abstractmethod
    def delete_everything(self) -> None:
        """Empty the store (tests and ``demo`` use this)."""


#: What :meth:`WholeStore.contents` yields, in this order: what a line refers to comes first.
DUMP_SECTIONS = ("person", "organization", "tie", "position", "record")


class WholeStore(ABC):
    """Work on everything stored, or on everything about one person: dump and erasure."""

    @abstractmethod
    def contents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Everything stored but derived data, as ``(section, item)`` in a fixed order.

        Sections come in :data:`DUMP_SECTIONS` order: people (their properties, by id),
        organisations (``{key, name}``, by key), ties (``{type, source, target, props}``, by
        type, source, target and discriminator), positions (``{person_id, org_key, props}``, by
        person, organisation and start), records (``{kind, id, data}``, by kind and id). Pair
        weights are left out: they follow from the ties and the weights date. Streamed, so a
        million ties are never in memory at once; read in one read transaction.
        """

    @abstractmethod
    def erase_person(self, person_id: str, records: Iterable[Record]) -> dict[str, int]:
        """Delete a person with their ties, positions and pair weights, and write ``records``
        (the anonymised workflow records and the erasure's audit entry), in one transaction.

        Returns how many ``ties``, ``positions`` and ``pairs`` went. The people they were tied
        to are re-weighed by removal: a pair exists only while it has evidence.
        """


class GraphStore(ImportLookups, GraphReads, RecordStore, Administration, WholeStore):
    """The graph of people. Implementations: ``EmbeddedStore``, ``Neo4jStore``.

    The interface is the union of the five parts above, one per kind of client, so a
    reader finds the primitive a feature needs next to the others its client uses.
    """

    uri: str

    def close(self) -> None:
        """Release connections; the store is unusable afterwards."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Conveniences shared by both stores.

    def resolve(self, ref: str) -> str:
        """person_id of the person named by id or e-mail, else :class:`PersonNotFound`."""
        found = self.resolve_many([ref]).get(ref)
        if found is None:
            raise PersonNotFound(ref)
        return found

    def get_person(self, ref: str) -> dict[str, Any]:
        person_id = self.resolve(ref)
        return self.get_people([person_id])[person_id]


def check_channel(channel: str) -> None:
    """``ValueError`` unless ``channel`` is one of the interaction channels."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown interaction channel {channel!r}; one of {', '.join(CHANNELS)}")


def search_order(person: dict[str, Any]) -> tuple[str, str]:
    """Sort key of people search results: lower-cased name (or id when unnamed), then id."""
    return ((person.get("name") or person["person_id"]).lower(), person["person_id"])


def data_dir() -> Path:
    """Where intrograph keeps its files: ``$XDG_DATA_HOME/intrograph``, by default
    ``~/.local/share/intrograph`` (the default store, the demo's store, the web UI's uploads)."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "intrograph"


def default_store_uri() -> str:
    """``INTROGRAPH_STORE``, else an SQLite file in the user's data directory."""
    if os.environ.get("INTROGRAPH_STORE"):
        return os.environ["INTROGRAPH_STORE"]
    return f"sqlite:///{data_dir() / 'intrograph.db'}"


def open_store(uri: str | None = None, **neo4j_options: Any) -> GraphStore:
    """The store a URI names: ``sqlite:///path`` or ``bolt://`` / ``neo4j://`` / ``neo4j+s://``.

    ``neo4j_options`` (user, password, database) fall back to ``NEO4J_USER``,
    ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.
    """
    uri = uri or default_store_uri()
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme == "sqlite":
        from graphsvc.embedded import EmbeddedStore
        return EmbeddedStore(uri)
    if scheme in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
        from graphsvc.neo4j_store import Neo4jStore
        return Neo4jStore(uri, **neo4j_options)
    raise ValueError(f"unknown store URI {uri!r}: use sqlite:///PATH, bolt://HOST:PORT or neo4j[+s]://HOST")
