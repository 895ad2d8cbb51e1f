"""One person, one node: which stored person (if any) each incoming person record is.

Every source names people its own way: an org chart by HR id, a LinkedIn export by profile
URL and sometimes e-mail, a people file by any of those. A record is the stored person with
its id, else the one with its e-mail (case-insensitive), else the one with its LinkedIn URL.
A record that matches nobody becomes a new person, whose id is the source's own id, else the
lower-cased e-mail, else an id derived from the LinkedIn URL or the name (see
:func:`derived_id`), so that importing the same file again finds the same person.

Records that share only a name with someone are not merged (two people may well be called
Wei Chen): they are imported as new people and reported as possible duplicates.

A record that would create a person erased on request (``graphsvc.erasure``: by id, e-mail
or LinkedIn URL) is an error on its row, and so is a tie naming one: an erased person is
never re-created silently, only after an admin lifts the erasure.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from graphsvc.erasure import Erasures, describe, erasures
from graphsvc.store import GraphStore
from importers.cells import name_key
from importers.problems import Collector
from importers.table import Row

__all__ = ["Incoming", "Matched", "derived_id", "is_derived", "match_people", "resolve_refs"]

#: Prefix of ids the importers make up for people no source gave an id or e-mail for.
DERIVED_PREFIX = "li-"


@dataclass
class Incoming:
    """What one record says about who it is (``None`` where the source is silent)."""

    row: Row
    person_id: str | None = None
    email: str | None = None
    linkedin_url: str | None = None
    name: str | None = None
    #: may a record that matches nobody become a new person?
    create: bool = True


@dataclass
class Matched:
    #: the person each record is, in order (``None`` where the record has an error)
    person_ids: list[str | None]
    #: stored properties of every matched stored person
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ids of the people the import will create
    new: set[str] = field(default_factory=set)


def derived_id(record: Incoming) -> str:
    """A stable id for a person who came without one: e-mail, else LinkedIn slug, else name."""
    if record.email:
        return record.email
    if record.linkedin_url:
        return DERIVED_PREFIX + record.linkedin_url.rstrip("/").rsplit("/", 1)[-1]
    digest = hashlib.sha1(name_key(record.name or "").encode()).hexdigest()[:12]
    return f"{DERIVED_PREFIX}{digest}"


def is_derived(person: dict[str, Any]) -> bool:
    """Was this person's id made up by an importer (so a record with a real id may claim it)?"""
    pid = person["person_id"]
    return pid == person.get("email") or pid.startswith(DERIVED_PREFIX)


def _ref(record: Incoming) -> tuple[str, str]:
    """(field, value) by which a record names its person, for messages."""
    for name in ("person_id", "email", "linkedin_url", "name"):
        value = getattr(record, name)
        if value:
            return name, value
    return "person_id", ""


def match_people(store: GraphStore, records: Iterable[Incoming], report: Collector) -> Matched:
    """Decide who each record is; conflicts become errors and same-name strangers warnings."""
    records = list(records)
    found = store.find_people(
        ids=[r.person_id or derived_id(r) for r in records],
        emails=[r.email for r in records if r.email],
        linkedin_urls=[r.linkedin_url for r in records if r.linkedin_url])
    by_id = {p["person_id"]: p for p in found}
    by_email = {p["email"]: p for p in found if p.get("email")}
    by_url = {p["linkedin_url"]: p for p in found if p.get("linkedin_url")}

    matched = Matched([])
    new_by: dict[str, dict[str, str]] = {"id": {}, "email": {}, "url": {}}
    erased = erasures(store)
    for r in records:
        pid = _match_one(r, by_id, by_email, by_url, new_by, report)
        if pid is not None and pid not in by_id and _is_erased(r, pid, erased, report):
            pid = None
        matched.person_ids.append(pid)
        if pid is None:
            continue
        if pid in by_id:
            matched.stored[pid] = by_id[pid]
        else:
            matched.new.add(pid)
            new_by["id"][pid] = pid
            if r.email:
                new_by["email"].setdefault(r.email, pid)
            if r.linkedin_url:
                new_by["url"].setdefault(r.linkedin_url, pid)
    _possible_duplicates(store, records, matched, report)
    return matched


def _match_one(r: Incoming, by_id, by_email, by_url, new_by, report: Collector) -> str | None:
    own = by_id.get(r.person_id) if r.person_id else None
    mail = by_email.get(r.email) if r.email else None
    url = by_url.get(r.linkedin_url) if r.linkedin_url else None
    chosen = own or mail or url
    if chosen is None and not r.person_id:
        chosen = by_id.get(derived_id(r))
    if chosen is not None:
        for other, column, what in ((mail, "email", f"e-mail {r.email}"),
                                    (url, "linkedin_url", f"LinkedIn URL {r.linkedin_url}")):
            if other is not None and other["person_id"] != chosen["person_id"]:
                report.row_error(r.row, column, f"{what} already belongs to person {other['person_id']}, "
                                                f"not {chosen['person_id']}")
                return None
        if own is None and r.person_id and not is_derived(chosen):
            column = "email" if chosen is mail else "linkedin_url"
            report.row_error(r.row, column, f"person {r.person_id} would merge with person {chosen['person_id']} "
                                            f"(same {'e-mail' if chosen is mail else 'LinkedIn URL'}), who has "
                                            "another id: one person cannot have two ids")
            return None
        return chosen["person_id"]
    for kind, value in (("id", r.person_id), ("email", r.email), ("url", r.linkedin_url)):
        if value and value in new_by[kind]:
            return new_by[kind][value]
    if not r.create:
        column, value = _ref(r)
        report.row_error(r.row, column, f"unknown person {value!r}: not in the store "
                                        "(import the org chart or people first)")
        return None
    return r.person_id or derived_id(r)


def _is_erased(r: Incoming, pid: str, erased: Erasures, report: Collector) -> bool:
    """Is the new person this record would create someone erased on request? Then it is an error
    on the row: an erased person comes back only once an admin lifts the erasure."""
    for column, value in (("person_id", r.person_id), ("email", r.email), ("linkedin_url", r.linkedin_url),
                          (_ref(r)[0], pid)):
        found = erased.find(value)
        if found is not None:
            report.row_error(r.row, column, f"{value} was {describe(found)}; remove the row, or have an admin "
                                            f"lift the erasure first (`intrograph person unerase {value}`)")
            return True
    return False


def _possible_duplicates(store: GraphStore, records: list[Incoming], matched: Matched,
                         report: Collector) -> None:
    """Warn about each new person who has a namesake (stored, or new without an id of its own)."""
    fresh = [(r, pid) for r, pid in zip(records, matched.person_ids) if pid in matched.new and r.name]
    if not fresh:
        return
    namesakes: dict[str, set[str]] = defaultdict(set)
    for person in store.find_people(names=[r.name for r, _ in fresh]):
        namesakes[name_key(person.get("name") or "")].add(person["person_id"])
    # Within the file, a source's own ids tell its people apart; only records without one
    # (a LinkedIn connection, say) may be someone else of the same name.
    everyone: dict[str, set[str]] = defaultdict(set)
    anonymous: dict[str, set[str]] = defaultdict(set)
    for r, pid in fresh:
        everyone[name_key(r.name)].add(pid)
        if not r.person_id:
            anonymous[name_key(r.name)].add(pid)
    warned: set[str] = set()
    for r, pid in fresh:
        key = name_key(r.name)
        others = (namesakes[key] | (anonymous[key] if r.person_id else everyone[key])) - {pid}
        if others and pid not in warned:
            warned.add(pid)
            listed = ", ".join(sorted(others)[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            report.warn(r.row.line, report.column(r.row, "name"),
                        f"possible duplicate: {r.name} (new person {pid}) has the same name as {listed} "
                        "but no id, e-mail or LinkedIn URL in common; not merged")


def resolve_refs(store: GraphStore, rows: Iterable[Row], fields: Iterable[str], report: Collector) -> dict[str, str]:
    """person_id of every existing person the rows name (by id or e-mail) in ``fields``.

    Each reference to nobody is an error on its row and column: ties, mentorships and
    positions never create people, since a typo would otherwise become a stranger.
    """
    rows, fields = list(rows), list(fields)
    found = store.resolve_many({r.values[f] for r in rows for f in fields if r.values.get(f)})
    erased: Erasures | None = None
    for row in rows:
        for f in fields:
            ref = row.values.get(f)
            if ref and ref not in found:
                erased = erased if erased is not None else erasures(store)
                gone = erased.find(ref)
                report.row_error(row, f, f"unknown person {ref!r}: " + (f"they were {describe(gone)}" if gone else
                                                                          "no one in the store has this id or e-mail"))
    return found
