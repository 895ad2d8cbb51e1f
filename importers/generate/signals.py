"""Interaction signals for the synthetic organisation: a calendar export, a mail archive and a
people file of who opted out (``generate(..., signals=True)``).

Written only on request, so the organisation's other files (and their digest) stay as they
were. Each of the three draws from its own seeded stream, and every date is relative to
:data:`~importers.generate.dates.AS_OF`, so the same seed and N give the same bytes.

The calendar (``calendar.ics``) holds what a real export holds, so that every rule of the
calendar import has something to act on:

* a weekly team meeting of every manager with their reports (Mondays, half a year up to the
  fixed day), one occurrence moved and one cancelled now and then (RECURRENCE-ID, EXDATE),
  now and then a report who declined the series;
* weekly 1:1s (Tuesdays) between people of different departments (one per 40 people),
  open-ended, so that they run up to whatever day the calendar is imported: these are the
  ties the org chart does not know about;
* ad-hoc meetings of two to six people, some cancelled, some with a guest from outside;
* a monthly all-hands per department, far above the broadcast limit.

Every organiser's events are in their city's time zone, with its VTIMEZONE block.

The mail archive (``mail.mbox``) holds threads that go both ways (teammates, the 1:1 pairs),
notes nobody answered, newsletters to dozens of people, mail with outsiders, messages
filed twice (same Message-ID), and a few malformed ones. Every subject and body contains
:data:`SUBJECT_MARK` and :data:`BODY_MARK`, so a test can show that neither reaches a store.
"""
from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from importers.generate.dates import AS_OF
from importers.generate.draws import phase_rng
from importers.generate.org import Person
from importers.generate.profiles import Profile

__all__ = ["SignalFiles", "BODY_MARK", "SUBJECT_MARK", "CITY_ZONES", "write_signals", "weekly_pairs",
           "build_calendar", "build_mail", "opted_out"]

BODY_MARK = "Body text that must never be stored"
SUBJECT_MARK = "Subject line that must never be stored"
#: The time zone of each office city of ``names.CITIES``.
CITY_ZONES = {
    "San Francisco": "America/Los_Angeles", "New York": "America/New_York", "London": "Europe/London",
    "Berlin": "Europe/Berlin", "Toronto": "America/Toronto", "Bangalore": "Asia/Kolkata",
    "Singapore": "Asia/Singapore", "Austin": "America/Chicago", "Dublin": "Europe/Dublin",
    "São Paulo": "America/Sao_Paulo", "Lagos": "Africa/Lagos", "Tokyo": "Asia/Tokyo",
}
_DOMAIN = "intrograph.example"
_TOPICS = ("budget", "roadmap", "hiring", "launch", "offsite", "incident", "planning", "review")


@dataclass(frozen=True)
class SignalFiles:
    calendar: Path
    mail: Path
    #: a people file (``person_id,share_interactions``) of the people who opted out
    privacy: Path


def _fold(line: str) -> str:
    """RFC 5545 folding: lines of at most 75 octets, continued after CRLF and a space."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    out, chunk = [], b""
    for ch in line:
        b = ch.encode()
        if len(chunk) + len(b) > (75 if not out else 74):
            out.append(chunk.decode())
            chunk = b""
        chunk += b
    out.append(chunk.decode())
    return "\r\n ".join(out) + "\r\n"


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


class _Calendar:
    """VEVENT text, one event at a time, and the zones the events use."""

    def __init__(self):
        self.lines: list[str] = []
        self.zones: set[str] = set()
        self.events = 0

    def event(self, uid: str, start: datetime, minutes: int, organiser: str, attendees: list[tuple[str, str]],
              rule: str = "", exdates: tuple[datetime, ...] = (), recurrence_id: datetime | None = None,
              status: str = "CONFIRMED") -> None:
        zone = start.tzinfo.key  # type: ignore[union-attr]
        self.zones.add(zone)
        end = start + timedelta(minutes=minutes)
        lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:" + AS_OF.strftime("%Y%m%dT000000Z")]
        if recurrence_id is not None:
            lines.append(f"RECURRENCE-ID;TZID={zone}:{_local(recurrence_id)}")
        lines += [f"DTSTART;TZID={zone}:{_local(start)}", f"DTEND;TZID={zone}:{_local(end)}"]
        if rule:
            lines.append(f"RRULE:{rule}")
        lines += [f"EXDATE;TZID={zone}:{_local(x)}" for x in exdates]
        lines += [f"SUMMARY:{SUBJECT_MARK}: meeting {self.events + 1}",
                  f"DESCRIPTION:{BODY_MARK}: agenda of meeting {self.events + 1}",
                  f"STATUS:{status}", f"ORGANIZER:mailto:{organiser}"]
        lines += [f"ATTENDEE;PARTSTAT={state}:mailto:{address}" for address, state in attendees]
        lines.append("END:VEVENT")
        self.lines += lines
        self.events += 1

    def text(self) -> str:
        head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//intrograph//synthetic organisation//EN",
                "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        zones = "".join(icalendar.Timezone.from_tzid(z, first_date=AS_OF - timedelta(days=3 * 366),
                                                     last_date=AS_OF + timedelta(days=5 * 366)).to_ical().decode()
                        for z in sorted(self.zones))
        return "".join(_fold(x) for x in head) + zones + "".join(_fold(x) for x in self.lines) + "END:VCALENDAR\r\n"


def _zone(p: Person) -> str:
    return CITY_ZONES.get(p.location, "UTC")


def _monday_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_pairs(org: list[Person], profiles: list[Profile], seed: int) -> list[tuple[int, int]]:
    """The cross-department pairs who meet 1:1 every week (one pair per 40 people)."""
    rng = phase_rng(seed, "signals:pairs")
    able = [p.idx for p, pr in zip(org, profiles) if pr.active and pr.open_to_intros]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for _ in range(max(1, len(org) // 40)):
        for _try in range(50):
            a, b = rng.sample(able, 2) if len(able) >= 2 else (0, 0)
            if a != b and org[a].dept != org[b].dept and a not in used and b not in used \
                    and org[a].manager != b and org[b].manager != a:
                pairs.append((min(a, b), max(a, b)))
                used.update((a, b))
                break
    return pairs


def build_calendar(org: list[Person], profiles: list[Profile], seed: int, meetings: int | None = None) -> str:
    """The calendar export's text (see the module's doc); ``meetings`` ad-hoc meetings (default N)."""
    rng = phase_rng(seed, "signals:calendar")
    cal = _Calendar()
    start = _monday_before(AS_OF - timedelta(days=182))
    for m in org:
        if not m.reports:
            continue
        first = _at(start, 9, 30, _zone(m))
        attendees = [(org[r].email, "DECLINED" if rng.random() < 0.08 else "ACCEPTED") for r in m.reports]
        exdates = (first + timedelta(weeks=rng.randint(1, 24)),) if rng.random() < 0.1 else ()
        uid = f"team-{m.pid}@{_DOMAIN}"
        cal.event(uid, first, 30, m.email, attendees, "FREQ=WEEKLY;COUNT=26", exdates)
        if rng.random() < 0.1:
            moved_from = first + timedelta(weeks=rng.randint(1, 24))
            cal.event(uid, moved_from + timedelta(days=1, hours=5), 30, m.email, attendees,
                      recurrence_id=moved_from)
    for a, b in weekly_pairs(org, profiles, seed):
        first = _at(_monday_before(AS_OF - timedelta(days=120)) + timedelta(days=1), 15, 0, _zone(org[a]))
        cal.event(f"one-on-one-{org[a].pid}-{org[b].pid}@{_DOMAIN}", first, 30, org[a].email,
                  [(org[b].email, "ACCEPTED")], "FREQ=WEEKLY", (first + timedelta(weeks=3),))
    by_dept: dict[str, list[int]] = {}
    for p in org:
        by_dept.setdefault(p.dept, []).append(p.idx)
    for number in range(len(org) if meetings is None else meetings):
        organiser = org[rng.randrange(len(org))]
        pool = by_dept[organiser.dept] if rng.random() < 0.7 else range(len(org))
        size = min(rng.randint(1, 5), len(pool) - 1)
        others = [org[i] for i in rng.sample(pool, size + 1) if i != organiser.idx][:size]
        attendees = [(o.email, "DECLINED" if rng.random() < 0.05 else "ACCEPTED") for o in others]
        if rng.random() < 0.1:
            attendees.append((f"guest{rng.randrange(1000)}@partner.example", "ACCEPTED"))
        day = AS_OF - timedelta(days=rng.randint(1, 365))
        cal.event(f"meeting-{number + 1}@{_DOMAIN}", _at(day, rng.randint(8, 17), rng.choice((0, 30)),
                                                          _zone(organiser)), 30, organiser.email, attendees,
                  status="CANCELLED" if rng.random() < 0.04 else "CONFIRMED")
    for dept in sorted(by_dept):
        members = by_dept[dept]
        if len(members) <= 12:
            continue
        host = org[members[0]]
        invited = [(org[i].email, "ACCEPTED") for i in members[1:41]]
        cal.event(f"all-hands-{dept.lower().replace(' ', '-')}@{_DOMAIN}",
                  _at(AS_OF - timedelta(days=180), 16, 0, _zone(host)), 60, host.email, invited,
                  "FREQ=MONTHLY;COUNT=6")
    return cal.text()


class _Mail:
    def __init__(self):
        self.messages: list[tuple[datetime, int, str]] = []

    def add(self, sender: str, to: list[str], at: datetime, message_id: str, topic: str,
            cc: tuple[str, ...] = (), headers: tuple[str, ...] | None = None) -> None:
        head = list(headers) if headers is not None else [f"From: {sender}", f"Date: {format_datetime(at)}"]
        head += [f"To: {', '.join(to)}"] + ([f"Cc: {', '.join(cc)}"] if cc else [])
        head += [f"Message-ID: <{message_id}@mail.{_DOMAIN}>", f"Subject: {SUBJECT_MARK}: {topic}",
                 "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
        body = [f"{BODY_MARK}: about the {topic}.", "", "From the notes of the last meeting:", "- one", "- two"]
        # mboxrd: a body line starting with "From " is escaped
        body = [">" + line if line.startswith("From ") else line for line in body]
        stamp = time.asctime(at.astimezone(timezone.utc).timetuple())  # the mbox separator's own format
        text = (f"From {sender or 'MAILER-DAEMON'} {stamp}\n" + "\n".join(head) + "\n\n"
                + "\n".join(body) + "\n\n")
        self.messages.append((at, len(self.messages), text))

    def text(self) -> str:
        return "".join(text for _, _, text in sorted(self.messages))


def build_mail(org: list[Person], profiles: list[Profile], seed: int, messages: int | None = None) -> str:
    """The mail archive's text, about ``messages`` messages (default 3 per person)."""
    rng = phase_rng(seed, "signals:mail")
    mail = _Mail()
    target = 3 * len(org) if messages is None else messages
    pairs = [(org[a], org[b]) for a, b in weekly_pairs(org, profiles, seed)]

    def moment(days_back: int, who: Person) -> datetime:
        day = AS_OF - timedelta(days=days_back)
        return _at(day, rng.randint(8, 18), rng.randrange(60), CITY_ZONES.get(who.location, "UTC"))

    thread = 0
    while len(mail.messages) < target:
        thread += 1
        roll = rng.random()
        if pairs and thread <= 3 * len(pairs):
            a, b = pairs[(thread - 1) % len(pairs)]
        elif roll < 0.6:
            a = org[rng.randrange(len(org))]
            mates = a.reports or ([a.manager] if a.manager >= 0 else [])
            b = org[rng.choice(mates)] if mates else org[rng.randrange(len(org))]
        else:
            a, b = org[rng.randrange(len(org))], org[rng.randrange(len(org))]
        if a.idx == b.idx:
            continue
        topic = f"{rng.choice(_TOPICS)} {thread}"
        kind = rng.random()
        back = rng.randint(1, 330)
        if kind < 0.12:  # a note nobody answered
            mail.add(a.email, [b.email], moment(back, a), f"note{thread}", topic)
        elif kind < 0.15:  # a newsletter: a broadcast
            readers = [org[i].email for i in rng.sample(range(len(org)), min(len(org), rng.randint(20, 40)))]
            mail.add(a.email, readers, moment(back, a), f"news{thread}", topic)
        elif kind < 0.2:  # with someone outside
            outsider = f"contact{rng.randrange(500)}@partner.example"
            mail.add(outsider, [a.email], moment(back, a), f"out{thread}a", topic)
            mail.add(a.email, [outsider], moment(back - 1, a), f"out{thread}b", topic)
        else:  # a thread that goes both ways
            people = (a, b)
            cc = (org[rng.randrange(len(org))].email,) if rng.random() < 0.2 else ()
            for i in range(rng.randint(2, 5)):
                sender, reader = people[i % 2], people[(i + 1) % 2]
                mail.add(sender.email, [reader.email], moment(max(0, back - i), sender), f"t{thread}.{i}",
                         topic, cc=tuple(c for c in cc if c not in (sender.email, reader.email)))
                if rng.random() < 0.02:  # filed twice: the same Message-ID again
                    at, _, text = mail.messages[-1]
                    mail.messages.append((at, len(mail.messages), text))
    someone = org[0]
    mail.add(someone.email, [org[-1].email], moment(10, someone), "broken1", "no sender",
             headers=("Date: " + format_datetime(moment(10, someone)),))
    mail.add(someone.email, [org[-1].email], moment(11, someone), "broken2", "bad date",
             headers=(f"From: {someone.email}", "Date: sometime next week"))
    return mail.text()


def opted_out(org: list[Person], profiles: list[Profile], seed: int) -> list[str]:
    """The ids of the people who opted out of interaction signals (about 3%; never one of the
    weekly 1:1 pairs, so that the demo keeps their meetings to show)."""
    rng = phase_rng(seed, "signals:privacy")
    keep = {p for pair in weekly_pairs(org, profiles, seed) for p in pair}
    return [p.pid for p in org if p.idx not in keep and rng.random() < 0.03]


def write_signals(out_dir: Path, org: list[Person], profiles: list[Profile], seed: int) -> SignalFiles:
    """``signals/calendar.ics``, ``signals/mail.mbox`` and ``signals/privacy.csv`` in ``out_dir``."""
    folder = out_dir / "signals"
    folder.mkdir(parents=True, exist_ok=True)
    files = SignalFiles(folder / "calendar.ics", folder / "mail.mbox", folder / "privacy.csv")
    files.calendar.write_bytes(build_calendar(org, profiles, seed).encode())
    files.mail.write_bytes(build_mail(org, profiles, seed).encode())
    with open(files.privacy, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person_id", "share_interactions"])
        w.writerows((pid, "false") for pid in opted_out(org, profiles, seed))
    return files
