"""What the calendar and e-mail importers share: the window, people by e-mail, privacy, merging
with what is stored, and the counts their report gives.

Both read a source into :class:`graphsvc.interactions.Contact` records (one per pair of
people per meeting or message) and hand them to :func:`contacts_batch`, which keeps out the
people who do not share interactions, merges what is left into the stored ``INTERACTED``
ties (the counted span, see :mod:`graphsvc.interactions`) and builds the batch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable

from graphsvc.interactions import Contact, Withheld, pairs_of, ties_from_contacts, withhold_opted_out
from graphsvc.model import INTERACTED, ImportBatch, Tie
from graphsvc.store import GraphStore
from importers.problems import Parsed, Problem

__all__ = ["DEFAULT_YEARS", "Window", "window", "InteractionStats", "ParsedInteractions", "people_by_email",
           "contacts_batch"]

#: How far back an import looks when no ``--since`` is given.
DEFAULT_YEARS = 3


@dataclass(frozen=True)
class Window:
    """The instants an import counts: ``since <= t < until`` (UTC)."""

    since: datetime
    until: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.since <= moment < self.until

    def text(self) -> str:
        last = (self.until - timedelta(seconds=1)).date()
        return f"{self.since.date().isoformat()} – {last.isoformat()}"


def _day(value: date | str | None, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} must be a date like 2025-01-31, not {value!r}") from None


def window(since: date | str | None = None, until: date | str | None = None, today: date | None = None) -> Window:
    """From the start of ``since`` to the end of ``until`` (UTC days; default: the last
    :data:`DEFAULT_YEARS` years up to the end of today)."""
    today = today or datetime.now(timezone.utc).date()
    end = _day(until, "--until") or today
    start = _day(since, "--since")
    if start is None:
        start = end.replace(year=end.year - DEFAULT_YEARS, day=28) if (end.month, end.day) == (2, 29) \
            else end.replace(year=end.year - DEFAULT_YEARS)
    if start > end:
        raise ValueError(f"--since {start} is after --until {end}")
    return Window(datetime.combine(start, time(), timezone.utc),
                  datetime.combine(end + timedelta(days=1), time(), timezone.utc))


@dataclass
class InteractionStats:
    """What a calendar or e-mail import read, skipped and counted, for its report."""

    channel: str
    window: str = ""
    #: calendar: VEVENTs in the file; e-mail: messages in the archive
    read: int = 0
    #: calendar: occurrences in the window (recurrences expanded); e-mail: messages in the window
    in_window: int = 0
    outside_window: int = 0
    cancelled: int = 0
    declined: int = 0
    broadcasts: int = 0
    limit: int = 0
    too_few: int = 0
    duplicates: int = 0
    malformed: int = 0
    one_way_pairs: int = 0
    unknown_addresses: int = 0
    withheld: Withheld = field(default_factory=Withheld)
    pairs: int = 0
    interactions: int = 0
    new_interactions: int = 0

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "withheld"}
        out.update(self.withheld.as_dict())
        return out

    def lines(self) -> list[str]:
        """The report in sentences (only the counts that apply)."""
        if self.channel == "meeting":
            read = f"{_n(self.read, 'event')}; {_n(self.in_window, 'meeting')} in {self.window}"
            skipped = [_n(self.cancelled, "cancelled", "cancelled"),
                       _n(self.broadcasts, "broadcast") + f" (more than {self.limit} people)",
                       _n(self.too_few, "with fewer than two people", "with fewer than two people"),
                       _n(self.duplicates, "seen twice", "seen twice")]
        else:
            read = (f"{_n(self.read, 'message')}; {self.in_window:,} in {self.window}"
                    + (f" ({self.outside_window:,} outside)" if self.outside_window else ""))
            skipped = [_n(self.malformed, "malformed", "malformed") + " (listed as warnings)",
                       _n(self.duplicates, "duplicate") + " (same Message-ID)",
                       _n(self.broadcasts, "broadcast") + f" (more than {self.limit} recipients)"]
        out = [read]
        shown = [text for text in skipped if not text.startswith("0 ")]
        if shown:
            out.append("skipped: " + ", ".join(shown))
        if self.declined:
            out.append(f"{_n(self.declined, 'declined attendance')} left out")
        if self.one_way_pairs:
            out.append(f"{_n(self.one_way_pairs, 'pair')} e-mailed one way only (no reply): no tie")
        if self.unknown_addresses:
            out.append(f"{_n(self.unknown_addresses, 'address', 'addresses')} of no one in the store: "
                       "counted, not added")
        w = self.withheld
        if w.contacts:
            out.append(f"{_n(w.contacts, 'interaction')} dropped: {_n(len(w.people), 'person', 'people')} opted out "
                       "of interaction signals or introductions")
        out.append(f"{_n(self.interactions, 'interaction')} between {_n(self.pairs, 'pair')}; "
                   f"{self.new_interactions:,} new (the rest were counted by an earlier import)")
        return out


class ParsedInteractions(Parsed):
    """A :class:`~importers.problems.Parsed` that also carries what the source held (``stats``).

    It still unpacks as ``batch, warnings`` like every parser's answer; ``run_import`` reads
    ``stats`` for the report.
    """

    stats: InteractionStats

    def __new__(cls, batch: ImportBatch, warnings: list[Problem], stats: InteractionStats):
        parsed = super().__new__(cls, batch, warnings)
        parsed.stats = stats
        return parsed


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def people_by_email(store: GraphStore, addresses: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored people by lower-cased e-mail, for every address that is someone's (any case)."""
    return {p["email"]: p for p in store.find_people(emails=sorted(set(addresses))) if p.get("email")}


def contacts_batch(store: GraphStore, contacts: list[Contact], people: dict[str, dict[str, Any]],
                   stats: InteractionStats, stored: list[Tie] | None = None, source: str = "") -> ImportBatch:
    """The batch of ``INTERACTED`` ties for these contacts, privacy applied, merged with the store.

    ``people`` holds the stored properties of everyone the contacts name, by person_id;
    ``stored`` the pairs' stored ties when the caller read them already.
    """
    kept, stats.withheld = withhold_opted_out(contacts, people)
    if stored is None:
        stored = store.ties_between(INTERACTED, pairs_of(kept)) if kept else []
    ties, stats.new_interactions = ties_from_contacts(stored, kept)
    stats.interactions, stats.pairs = len(kept), len(ties)
    batch = ImportBatch(source=source)
    batch.ties = ties
    return batch
