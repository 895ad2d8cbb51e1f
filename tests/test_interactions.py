"""The pure parts of interaction signals: merging counts by the counted span, privacy, reading
only headers, and what the calendar and e-mail importers refuse (no store needed, except
for the refusals, which run on the embedded store)."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest

from graphsvc.interactions import Contact, merge_contacts, ties_from_contacts, withhold_opted_out
from graphsvc.model import Tie
from importers.calendar_ics import meeting_people
from importers.mail_headers import header_block, read_headers
from importers.problems import ImportRejected
from importers.run import run_import
from importers.signals import window
from tests.helpers import build


def _c(at: str, size: int = 2, channel: str = "meeting") -> Contact:
    return Contact("a", "b", channel, at, size)


JAN, FEB, MAR, APR = ("2025-01-10T09:00:00Z", "2025-02-10T09:00:00Z", "2025-03-10T09:00:00Z",
                      "2025-04-10T09:00:00Z")


def test_merging_counts_each_contact_outside_the_counted_span_once():
    tie, new = merge_contacts(None, [_c(FEB), _c(MAR, 3)])
    assert new == 2 and tie.props == {"channel": "meeting", "count": 2, "first": FEB, "last": MAR, "sizes": [1, 1]}
    # the same again: nothing new, the very same tie
    again, new = merge_contacts(tie, [_c(FEB), _c(MAR, 3)])
    assert (again, new) == (tie, 0) and again.props == tie.props
    # a later export adds what came after, a wider window what came before
    later, new = merge_contacts(tie, [_c(JAN), _c(FEB), _c(MAR, 3), _c(APR, 4)])
    assert new == 2 and later.props == {"channel": "meeting", "count": 4, "first": JAN, "last": APR,
                                        "sizes": [2, 1, 1]}


def test_a_contact_inside_the_counted_span_is_taken_as_counted():
    """The documented price of a bounded tie: what lies between first and last and was missing
    from earlier imports is not counted (counts can fall short, never double)."""
    tie, _ = merge_contacts(None, [_c(JAN), _c(APR)])
    same, new = merge_contacts(tie, [_c(FEB)])
    assert (same, new) == (tie, 0)


def test_ties_from_contacts_give_one_tie_per_pair_and_channel():
    contacts = [Contact("a", "b", "meeting", FEB), Contact("a", "b", "email", FEB), Contact("a", "c", "email", MAR),
                Contact("a", "b", "meeting", MAR)]
    stored = [Tie("INTERACTED", "a", "b", {"channel": "email", "count": 3, "first": JAN, "last": FEB})]
    ties, new = ties_from_contacts(stored, contacts)
    assert [(t.source, t.target, t.props["channel"], t.props["count"]) for t in ties] == [
        ("a", "b", "email", 3), ("a", "b", "meeting", 2), ("a", "c", "email", 1)]
    assert new == 3


def test_contacts_name_an_ordered_pair_and_a_known_channel():
    with pytest.raises(ValueError, match="ordered and different"):
        Contact("b", "a", "meeting", FEB)
    with pytest.raises(ValueError, match="unknown channel 'phone'"):
        Contact("a", "b", "phone", FEB)


def test_contacts_with_anyone_who_does_not_share_are_withheld():
    people = {"a": {}, "b": {"share_interactions": False}, "c": {"open_to_intros": False}, "d": {}}
    contacts = [Contact("a", "b", "email", FEB), Contact("a", "c", "email", FEB), Contact("a", "d", "email", FEB),
                Contact("b", "c", "email", MAR)]
    kept, withheld = withhold_opted_out(contacts, people)
    assert kept == [Contact("a", "d", "email", FEB)]
    assert withheld.as_dict() == {"interactions_dropped_opted_out": 3, "opted_out_people": 2}


def test_the_default_window_is_the_last_three_years_up_to_the_end_of_today():
    w = window(today=date(2026, 3, 1))
    assert (w.since, w.until) == (datetime(2023, 3, 1, tzinfo=timezone.utc), datetime(2026, 3, 2, tzinfo=timezone.utc))
    assert w.text() == "2023-03-01 – 2026-03-01"
    assert datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc) in w
    assert datetime(2026, 3, 2, tzinfo=timezone.utc) not in w
    assert window(today=date(2024, 2, 29)).since.date() == date(2021, 2, 28)
    with pytest.raises(ValueError, match="--since 2025-02-01 is after --until 2025-01-01"):
        window("2025-02-01", "2025-01-01")
    with pytest.raises(ValueError, match="--until must be a date like 2025-01-31, not 'soon'"):
        window(until="soon")


def test_header_block_stops_at_the_blank_line_and_never_reads_the_body():
    raw = b"From: a@example.com\r\nSubject: secret\r\n\r\nthe body\r\nmore body\r\n"
    fp = io.BytesIO(raw)
    assert header_block(fp) == b"From: a@example.com\r\nSubject: secret\r\n"
    assert fp.tell() == raw.index(b"the body")  # the body is left unread


def test_read_headers_takes_five_headers_and_nothing_else():
    block = (b"From: \"Ana\" <ANA@Example.com>\nTo: bo@example.com, Ana <ana@example.com>\nCc: cy@example.com\n"
             b"Bcc: secret@example.com\nDate: Mon, 01 Sep 2025 10:00:00 +0200\nMessage-ID: <x1@host>\n"
             b"Subject: private\n")
    h = read_headers(block)
    assert (h.sender, h.recipients, h.key) == ("ana@example.com", ("bo@example.com", "cy@example.com"), "<x1@host>")
    assert h.at == datetime(2025, 9, 1, 8, tzinfo=timezone.utc)
    assert not any(hasattr(h, name) for name in ("subject", "body", "bcc"))
    # no Message-ID: known by sender, recipients and date; "-0000" (no zone known) is taken as UTC
    h2 = read_headers(b"From: a@example.com\nTo: b@example.com\nDate: Mon, 01 Sep 2025 10:00:00 -0000\n")
    assert h2.key.startswith("sha256:") and h2.at.utcoffset() == timedelta(0)
    assert h2.key == read_headers(b"Date: Mon, 01 Sep 2025 10:00:00 -0000\nTo: b@example.com\n"
                                  b"From: a@example.com\n").key


@pytest.mark.parametrize("block, message", [
    (b"To: b@example.com\nDate: Mon, 01 Sep 2025 10:00:00 +0000\n", "no From address"),
    (b"From: nobody\nTo: b@example.com\nDate: Mon, 01 Sep 2025 10:00:00 +0000\n", "no From address"),
    (b"From: a@example.com\nTo: b@example.com\n", "no Date"),
    (b"From: a@example.com\nDate: tomorrow-ish\n", "unreadable Date 'tomorrow-ish'"),
])
def test_malformed_headers_say_what_is_wrong(block, message):
    with pytest.raises(ValueError, match=message):
        read_headers(block)


class _Address(str):
    def __new__(cls, text, **params):
        obj = super().__new__(cls, text)
        obj.params = params
        return obj


def test_meeting_people_are_the_organiser_and_everyone_who_did_not_decline():
    event = {"ORGANIZER": _Address("mailto:Ana@Example.com"),
             "ATTENDEE": [_Address("mailto:bo@example.com", PARTSTAT="ACCEPTED"),
                          _Address("MAILTO:CY@example.com", PARTSTAT="TENTATIVE"),
                          _Address("mailto:dee@example.com", PARTSTAT="DECLINED"),
                          _Address("mailto:ana@example.com"),
                          _Address("invalid:nomail")]}
    assert meeting_people(event) == (["ana@example.com", "bo@example.com", "cy@example.com"], 1)


# ---------------------------------------------------------------- what the importers refuse

def test_a_file_that_is_not_a_calendar_is_refused(embedded_store, tmp_path):
    bad = tmp_path / "notes.ics"
    bad.write_text("hello, world\n")
    with pytest.raises(ImportRejected, match="not an iCalendar file"):
        run_import(embedded_store, "calendar", bad)


def test_an_event_without_a_start_is_refused_by_its_line(embedded_store, tmp_path):
    bad = tmp_path / "broken.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:ok\r\n"
                   "DTSTART:20250101T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:no-start\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n")
    with pytest.raises(ImportRejected) as caught:
        run_import(embedded_store, "calendar", bad)
    assert str(caught.value) == f"{bad}:8: DTSTART: event no-start: no DTSTART"
    assert embedded_store.counts()["relationships"] == {}


def test_an_archive_without_a_readable_message_is_refused(embedded_store, tmp_path):
    empty = tmp_path / "notes.txt"
    empty.write_text("not mail at all\n")
    with pytest.raises(ImportRejected, match="no readable message: expected an mbox file"):
        run_import(embedded_store, "email", empty)
    with pytest.raises(ImportRejected, match="no such file or folder"):
        run_import(embedded_store, "email", tmp_path / "missing")


def test_options_belong_to_their_kind(embedded_store, data_dir):
    with pytest.raises(ValueError, match="--max-attendees is not an option of email imports"):
        run_import(embedded_store, "email", data_dir / "mail_small.mbox", max_attendees=3)
    with pytest.raises(ValueError, match="--since is not an option of orgchart imports"):
        run_import(embedded_store, "orgchart", data_dir / "orgchart_small.csv", since="2025-01-01")
    with pytest.raises(ValueError, match="--max-attendees must be at least 2"):
        run_import(embedded_store, "calendar", data_dir / "calendar_small.ics", max_attendees=1)


def test_a_relationships_file_cannot_make_interaction_ties(embedded_store, tmp_path):
    build(embedded_store, {"a": "A", "b": "B"}, [])
    rel = tmp_path / "rel.csv"
    rel.write_text("source,target,type\na,b,INTERACTED\n")
    with pytest.raises(ImportRejected, match="INTERACTED ties come from `intrograph import calendar`"):
        run_import(embedded_store, "relationships", rel)


def test_a_smaller_broadcast_limit_skips_more_meetings(embedded_store, data_dir):
    people = {p: {"name": p, "email": f"{p}@example.com"} for p in ("ana", "bo", "cy")}
    build(embedded_store, people, [])
    report = run_import(embedded_store, "calendar", data_dir / "calendar_small.ics", since="2025-01-01",
                        until="2025-12-31", max_attendees=3, dry_run=True)
    # the review of four becomes a broadcast too: ana–bo keep their 1:1s, ana–cy their lunch
    assert report.stats["broadcasts"] == 2 and report.stats["pairs"] == 2
