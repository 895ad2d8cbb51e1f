"""iCalendar exports (Google Calendar, Outlook, Exchange): who met whom, how often, how lately.

The file is parsed by ``icalendar`` and recurring events are expanded by
``recurring_ical_events`` within the window (RRULE, RDATE and EXDATE; occurrences moved or
cancelled one at a time through RECURRENCE-ID; time zones from VTIMEZONE blocks, TZID
parameters and Google's X-WR-TIMEZONE). Each occurrence in the window is one meeting:

* a cancelled one (``STATUS:CANCELLED``) is skipped;
* its people are the organiser and every attendee who did not decline (``PARTSTAT=DECLINED``),
  by e-mail address (``mailto:``), in any case;
* with more than ``max_attendees`` people it is a broadcast (an all-hands, a training) and
  skipped; with fewer than two there is nobody to pair;
* each pair of its people who are in the store gets one :class:`~graphsvc.interactions.Contact`
  weighed by the meeting's size; addresses of no one in the store are counted, never added.

The same occurrence twice in one file (by UID and RECURRENCE-ID, else start) counts once.
Only addresses, participation statuses, times, status and UIDs are read: an event's
summary, description and location never leave the parser.

A file the library cannot read, or an event it cannot expand (no start, a broken rule), is an
error naming the event's line, and nothing is written: a calendar export is all or nothing.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from itertools import combinations
from pathlib import Path
from typing import Any, Mapping

import icalendar
import recurring_ical_events

from graphsvc.interactions import Contact, instant
from graphsvc.store import GraphStore
from importers.cells import valid_email
from importers.problems import ImportRejected, Problem
from importers.signals import (InteractionStats, ParsedInteractions, Window, contacts_batch, people_by_email,
                               window)

__all__ = ["MAX_ATTENDEES", "parse_calendar", "meeting_people"]

#: Meetings with more people than this are broadcasts, not interactions (``--max-attendees``).
MAX_ATTENDEES = 12


def _address(value: Any) -> str | None:
    """The lower-cased e-mail of an ORGANIZER or ATTENDEE value (``mailto:x@y``), if it has one."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    text = text.strip().lower()
    return text if valid_email(text) else None


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def meeting_people(event: Mapping[str, Any]) -> tuple[list[str], int]:
    """The e-mails of one occurrence's people (organiser and attendees who did not decline),
    sorted, and how many attendees declined."""
    people: set[str] = set()
    declined = 0
    for attendee in _as_list(event.get("ATTENDEE")):
        status = str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper()
        if status == "DECLINED":
            declined += 1
            continue
        address = _address(attendee)
        if address:
            people.add(address)
    organiser = _address(event.get("ORGANIZER"))
    if organiser:
        people.add(organiser)
    return sorted(people), declined


def _moment(value: Any) -> datetime:
    """A start as a UTC-aware moment: a date is its midnight UTC, a floating time is taken as UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(), timezone.utc)
    raise ValueError(f"not a start time: {value!r}")


def _event_lines(raw: bytes) -> list[int]:
    """The line of each top-level ``BEGIN:VEVENT``, in file order (as ``walk`` finds them)."""
    return [n for n, line in enumerate(raw.splitlines(), start=1)
            if line.strip().upper() == b"BEGIN:VEVENT"]


def _check_events(cal: icalendar.Calendar, lines: list[int], file: str) -> None:
    """Every event has a start the library can read: else an error naming its line."""
    problems = []
    for number, event in enumerate(cal.walk("VEVENT")):
        line = lines[number] if number < len(lines) else 0
        try:
            _moment(event.decoded("DTSTART"))
        except (KeyError, ValueError) as exc:
            reason = "no DTSTART" if isinstance(exc, KeyError) else str(exc)
            problems.append(Problem(file, line, "DTSTART", f"event {event.get('UID', '')!s}: {reason}"))
    if problems:
        raise ImportRejected(problems)


def _occurrences(path: Path, span: Window) -> tuple[list, int]:
    """Every occurrence in the window (the library's components), and how many events the file has."""
    file = str(path)
    raw = path.read_bytes()
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except ValueError as exc:
        raise ImportRejected([Problem(file, 0, "", f"not an iCalendar file: {exc}")]) from None
    if not isinstance(cal, icalendar.Calendar):
        raise ImportRejected([Problem(file, 0, "", "not an iCalendar file: no VCALENDAR")])
    lines = _event_lines(raw)
    _check_events(cal, lines, file)
    try:
        found = recurring_ical_events.of(cal).between(span.since, span.until)
    except Exception as exc:  # the library raises several types of its own for a broken series
        raise ImportRejected([Problem(file, 0, "", f"cannot expand the recurring events: {exc}")]) from None
    return found, len(lines)


def parse_calendar(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None,
                   since: date | str | None = None, until: date | str | None = None,
                   max_attendees: int = MAX_ATTENDEES) -> ParsedInteractions:
    """Validate an ``.ics`` file and read it into ``INTERACTED {channel: meeting}`` ties."""
    if column_map:
        raise ValueError("--map is for tables; a calendar has no columns")
    if max_attendees < 2:
        raise ValueError(f"--max-attendees must be at least 2, not {max_attendees}")
    path = Path(path)
    span = window(since, until)
    found, events = _occurrences(path, span)
    stats = InteractionStats("meeting", span.text(), read=events, in_window=len(found), limit=max_attendees)
    meetings: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for event in found:
        start = _moment(event.decoded("DTSTART"))
        recurrence = event.get("RECURRENCE-ID")
        key = (str(event.get("UID", "")), instant(_moment(recurrence.dt)) if recurrence is not None else instant(start))
        if key in meetings:
            stats.duplicates += 1
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            stats.cancelled += 1
            meetings[key] = (instant(start), [])
            continue
        people, declined = meeting_people(event)
        stats.declined += declined
        if len(people) > max_attendees:
            stats.broadcasts += 1
            people = []
        elif len(people) < 2:
            stats.too_few += 1
            people = []
        meetings[key] = (instant(start), people)

    known = people_by_email(store, (a for _, people in meetings.values() for a in people))
    stats.unknown_addresses = len({a for _, people in meetings.values() for a in people} - set(known))
    contacts = []
    for at, people in meetings.values():
        ids = sorted(known[a]["person_id"] for a in people if a in known)
        contacts += [Contact(a, b, "meeting", at, len(people)) for a, b in combinations(ids, 2)]
    by_id = {p["person_id"]: p for p in known.values()}
    batch = contacts_batch(store, contacts, by_id, stats, source=str(path))
    return ParsedInteractions(batch, [], stats)
