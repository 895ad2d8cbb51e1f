"""Interaction evidence: how meetings and e-mails between two people become one ``INTERACTED`` tie.

The calendar and e-mail importers turn their source into :class:`Contact` records, one per
pair of people per meeting or message, and this module merges them into the one tie the pair
has per channel: ``INTERACTED {channel, count, first, last}`` (meetings also keep ``sizes``,
how many meetings of each size were counted, so that ``strength`` can weigh small meetings
above large ones with whatever ``meeting_size_exponent`` is configured today).

**Idempotent and bounded: the counted span.** A tie remembers the span ``[first, last]`` of
the instants it has counted, not the ids of what it counted. A contact is new when it lies
outside that span; everything inside it is taken as counted already. So:

* importing the same calendar or archive again adds nothing (all of it is inside the span);
* a later export adds exactly what happened after ``last`` (and a wider ``--since`` what
  happened before ``first``);
* the same meeting or message read from two people's exports counts once (it has the same
  instant, inside the span once the first export is in);
* the tie's size is fixed, whatever the count: five numbers and a short list per pair and
  channel, rather than one id per meeting (which grows without bound) or a digest set.

The price, stated in the README: a meeting or message that lies *inside* an already counted
span but was missing from every earlier import (a mailbox imported later that holds mail the
first one did not) is not counted. Counts can fall short in that case; they never double.
Within one import, meetings are told apart by UID and occurrence, messages by Message-ID.

Instants are stored as UTC text, ``2025-03-24T08:30:00Z``, so they sort as text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable, Mapping

from graphsvc.model import CHANNELS, INTERACTED, Tie, pair_of, shares_interactions

__all__ = ["Contact", "Withheld", "instant", "instant_day", "day_text", "month_text", "merge_contacts",
           "ties_from_contacts", "pairs_of", "withhold_opted_out"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Contact:
    """One meeting or message between two people (``a < b``), as an importer read it."""

    a: str
    b: str
    channel: str
    #: UTC instant (:func:`instant`)
    at: str
    #: people in the meeting (attendees who did not decline, and the organiser); 2 for e-mail
    size: int = 2

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; one of {', '.join(CHANNELS)}")
        if not self.a < self.b:
            raise ValueError(f"a contact's people must be ordered and different: {self.a!r}, {self.b!r}")


def instant(moment: datetime) -> str:
    """A moment as stored: UTC, to the second (a naive moment is taken as UTC already)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant_day(text: str) -> date:
    """The UTC day of a stored instant."""
    return date.fromisoformat(text[:10])


def day_text(day: date) -> str:
    """``24 Mar 2025``, whatever the process's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_text(day: date) -> str:
    """``Sep 2025``."""
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _add_sizes(sizes: list[int], contacts: Iterable[Contact]) -> list[int]:
    out = list(sizes)
    for c in contacts:
        slot = c.size - 2
        out.extend([0] * (slot + 1 - len(out)))
        out[slot] += 1
    return out


def merge_contacts(stored: Tie | None, contacts: list[Contact]) -> tuple[Tie, int]:
    """The pair's tie for one channel after adding ``contacts``, and how many of them were new.

    ``stored`` is the pair's tie of that channel in the store (``None``: none yet); the
    contacts all belong to that pair and channel, one per meeting or message. Only contacts
    outside the stored counted span are new (see the module's doc). With none new, the
    stored tie comes back unchanged.
    """
    if not contacts:
        raise ValueError("nothing to merge")
    first = contacts[0]
    old = dict(stored.props) if stored is not None else {}
    lo, hi = old.get("first"), old.get("last")
    new = [c for c in contacts if lo is None or c.at < lo or c.at > hi]
    if stored is not None and not new:
        return stored, 0
    ats = [c.at for c in new] + ([lo, hi] if lo is not None else [])
    props: dict[str, Any] = {"channel": first.channel, "count": int(old.get("count") or 0) + len(new),
                             "first": min(ats), "last": max(ats)}
    if first.channel == "meeting":
        props["sizes"] = _add_sizes(old.get("sizes") or [], new)
    return Tie(INTERACTED, first.a, first.b, props), len(new)


@dataclass
class Withheld:
    """What privacy kept out of an import: contacts with people who do not share interactions."""

    contacts: int = 0
    people: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"interactions_dropped_opted_out": self.contacts, "opted_out_people": len(self.people)}


def withhold_opted_out(contacts: Iterable[Contact], people: Mapping[str, dict[str, Any]]
                       ) -> tuple[list[Contact], Withheld]:
    """The contacts whose two people both share interactions, and what was withheld.

    ``people`` holds the stored properties of everyone the contacts name
    (:func:`graphsvc.model.shares_interactions` decides).
    """
    kept: list[Contact] = []
    withheld = Withheld()
    for c in contacts:
        out = [p for p in (c.a, c.b) if not shares_interactions(people.get(p))]
        if out:
            withheld.contacts += 1
            withheld.people.update(out)
        else:
            kept.append(c)
    return kept, withheld


def ties_from_contacts(stored: Iterable[Tie], contacts: Iterable[Contact]) -> tuple[list[Tie], int]:
    """One tie per pair and channel from ``contacts`` merged into the ``stored`` ties of those
    pairs (:func:`merge_contacts`), sorted by key, and how many contacts were new."""
    by_key: dict[tuple[str, str, str], list[Contact]] = {}
    for c in contacts:
        by_key.setdefault((c.a, c.b, c.channel), []).append(c)
    known = {(t.source, t.target, t.disc): t for t in stored}
    ties, new = [], 0
    for key in sorted(by_key):
        tie, added = merge_contacts(known.get(key), sorted(by_key[key], key=lambda c: c.at))
        ties.append(tie)
        new += added
    return ties, new


def pairs_of(contacts: Iterable[Contact]) -> list[tuple[str, str]]:
    """The sorted pairs the contacts are between (to read their stored ties)."""
    return sorted({pair_of(c.a, c.b) for c in contacts})
