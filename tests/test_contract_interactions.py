"""Interaction signals on both stores: calendar and e-mail imports, privacy, and every question
that reads the graph.

The calendar (tests/data/calendar_small.ics) and archive (tests/data/mail_small.mbox) are
small enough to count by hand; the counts below are worked out in the comments. Windows are
given explicitly, so nothing depends on the day the tests run; the stores weigh as of
``WEIGHTS_DATE`` (2026-01-01).
"""
from __future__ import annotations

import mailbox
import zipfile
from pathlib import Path

import pytest

from graphsvc import audit
from graphsvc.analytics import run_analysis
from graphsvc.embedded import EmbeddedStore
from graphsvc.goals import GoalSpec, add_goal
from graphsvc.health import network_health
from graphsvc.interaction_privacy import forget_channel, set_sharing
from graphsvc.meet import people_to_meet
from graphsvc.mentors import mentor_picks
from graphsvc.model import ImportBatch, Tie
from graphsvc.person_network import ties_of
from graphsvc.warm_paths import warm_intro
from importers.run import run_import
from tests.helpers import WEIGHTS_DATE, build, path_ids, person_ids

WINDOW = {"since": "2025-01-01", "until": "2025-12-31"}


def _org(store, **extra):
    """ana (Eng, under mia) and bo (Sales, under noa) meet weekly; their managers know each other
    on LinkedIn. dee opted out of interaction signals; eli is closed to introductions."""
    people = {p: {"name": p.title(), "email": f"{p}@example.com"} for p in ("ana", "bo", "cy", "dee", "eli",
                                                                           "fay", "mia", "noa")}
    people["ana"].update(department="Eng", title="Engineer")
    people["bo"].update(department="Sales", title="Account Executive", skills=["Negotiation"])
    people["dee"]["share_interactions"] = False
    people["eli"]["open_to_intros"] = False
    for pid, props in extra.items():
        people[pid].update(props)
    build(store, people, [Tie("REPORTS_TO", "ana", "mia", {}), Tie("REPORTS_TO", "bo", "noa", {}),
                          Tie("KNOWS", "mia", "noa", {"source": "linkedin"})])


def _interactions(store, channel=None) -> dict[tuple[str, str], dict]:
    edges, _ = store.export_graph()
    return {(t.source, t.target): t.props for e in edges for t in e.ties
            if t.type == "INTERACTED" and (channel is None or t.props["channel"] == channel)}


def _weights(store) -> dict[tuple[str, str], float]:
    return {(a, b): w for a, b, w in store.export_weights()[1]}


# ---------------------------------------------------------------- calendar

def test_calendar_import_counts_meetings_per_pair_in_their_time_zones(store, data_dir):
    _org(store)
    report = run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    found = _interactions(store)
    # weekly 1:1, 10 weeks from 6 Jan 09:30 Berlin (08:30 UTC), 13 Jan left out by EXDATE, 20 Jan
    # moved to the 21st: 9 meetings of 2; plus the project review of 4 (cy, ana, bo, a guest) on
    # 25 Feb 02:00 in a zone of +05:30 that only the file's VTIMEZONE defines: 24 Feb 20:30 UTC
    assert found[("ana", "bo")] == {"channel": "meeting", "count": 10, "first": "2025-01-06T08:30:00Z",
                                    "last": "2025-03-10T08:30:00Z", "sizes": [9, 0, 1]}
    # the review, and lunch on 1 Apr (fay declined: a meeting of two)
    assert found[("ana", "cy")] == {"channel": "meeting", "count": 2, "first": "2025-02-24T20:30:00Z",
                                    "last": "2025-04-01T12:00:00Z", "sizes": [1, 0, 1]}
    assert found[("bo", "cy")]["sizes"] == [0, 0, 1]
    # the cancelled meeting, the all-hands of 13, and everything with dee or eli left nothing
    assert set(found) == {("ana", "bo"), ("ana", "cy"), ("bo", "cy")}
    s = report.stats
    assert (s["read"], s["in_window"], s["cancelled"], s["broadcasts"], s["declined"]) == (8, 14, 1, 1, 1)
    assert (s["unknown_addresses"], s["interactions_dropped_opted_out"], s["opted_out_people"]) == (1, 3, 2)
    assert (s["pairs"], s["interactions"], s["new_interactions"]) == (3, 13, 13)
    assert "skipped: 1 cancelled, 1 broadcast (more than 12 people)" in report.notes
    assert "3 interactions dropped: 2 people opted out of interaction signals or introductions" in report.notes
    assert store.find_people(emails=["guest@partner.example"]) == []  # unknown addresses are never added
    assert store.counts()["nodes"] == {"Person": 8}


def test_calendar_reimport_changes_nothing_and_a_later_export_adds_only_what_is_new(store, data_dir):
    _org(store)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    before, weights = _interactions(store), _weights(store)
    again = run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    assert not again.summary.changed and again.summary.relationships_unchanged == 3
    assert again.stats["new_interactions"] == 0
    assert (_interactions(store), _weights(store)) == (before, weights)
    # the later export: the series ran two more weeks (17 and 24 Mar), and bo met fay
    later = run_import(store, "calendar", data_dir / "calendar_later.ics", **WINDOW)
    assert (later.summary.relationships_created, later.summary.relationships_updated) == (1, 1)
    assert later.stats["new_interactions"] == 3
    after = _interactions(store)
    assert after[("ana", "bo")] == {"channel": "meeting", "count": 12, "first": "2025-01-06T08:30:00Z",
                                    "last": "2025-03-24T08:30:00Z", "sizes": [11, 0, 1]}
    assert after[("ana", "cy")] == before[("ana", "cy")]
    assert after[("bo", "fay")]["count"] == 1
    assert _weights(store)[("ana", "bo")] > weights[("ana", "bo")]


def test_dry_run_of_a_calendar_counts_and_writes_nothing(store, data_dir):
    _org(store)
    before = store.counts()
    report = run_import(store, "calendar", data_dir / "calendar_small.ics", dry_run=True, **WINDOW)
    assert report.summary.relationships_created == 3 and report.stats["interactions"] == 13
    assert store.counts() == before


# ---------------------------------------------------------------- e-mail

def _mail_sources(data_dir: Path, tmp_path: Path) -> dict[str, Path]:
    """mail_small.mbox as it comes, and the same messages as a Maildir, a folder of .eml files
    and a .zip of that folder."""
    box = mailbox.mbox(data_dir / "mail_small.mbox")
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    emls = tmp_path / "eml"
    emls.mkdir()
    with zipfile.ZipFile(tmp_path / "mail.zip", "w") as archive:
        for number, message in enumerate(box, start=1):
            maildir.add(message)
            (emls / f"{number:03d}.eml").write_bytes(message.as_bytes())
            archive.writestr(f"export/{number:03d}.eml", message.as_bytes())
    return {"mbox": data_dir / "mail_small.mbox", "maildir": tmp_path / "Maildir", "eml": emls,
            "zip": tmp_path / "mail.zip"}


def test_email_counts_reciprocal_pairs_once_per_message_and_reports_the_rest(store, data_dir):
    _org(store)
    report = run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    # ana↔bo: m1 (10:00 +0200), m2, m3 (its copy counts once) and m11 in upper case
    assert _interactions(store) == {("ana", "bo"): {"channel": "email", "count": 4, "first": "2025-09-01T08:00:00Z",
                                                    "last": "2025-10-15T09:00:00Z"}}
    s = report.stats
    assert (s["read"], s["in_window"], s["malformed"], s["duplicates"], s["broadcasts"]) == (12, 9, 2, 1, 1)
    # ana→cy (Cc of m3) and fay→ana went one way only; someone@elsewhere.example is no one
    assert (s["one_way_pairs"], s["unknown_addresses"]) == (2, 1)
    assert (s["interactions_dropped_opted_out"], s["opted_out_people"]) == (2, 1)  # dee both ways
    file = str(data_dir / "mail_small.mbox")
    assert report.warnings == [f"{file}: message 7: no From address; skipped",
                               f"{file}: message 8: unreadable Date 'sometime next week'; skipped"]


def test_every_kind_of_archive_gives_the_same_ties(store, data_dir, tmp_path):
    _org(store)
    sources = _mail_sources(data_dir, tmp_path)
    found = {}
    for kind, path in sources.items():
        report = run_import(store, "email", path, dry_run=True, **WINDOW)
        found[kind] = (report.summary.relationships_created, report.stats["interactions"],
                       report.stats["malformed"], report.stats["duplicates"])
    assert set(found.values()) == {(1, 4, 2, 1)}, found
    maildir = run_import(store, "email", sources["maildir"], dry_run=True, **WINDOW)
    assert all("/Maildir/cur/" in w or "/Maildir/new/" in w for w in maildir.warnings)
    run_import(store, "email", sources["zip"], **WINDOW)
    assert not run_import(store, "email", sources["maildir"], **WINDOW).summary.changed


def test_email_reimport_changes_nothing_and_a_later_archive_adds_only_what_is_new(store, data_dir):
    _org(store)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    before = _interactions(store)
    assert not run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW).summary.changed
    assert _interactions(store) == before
    later = run_import(store, "email", data_dir / "mail_later.mbox", **WINDOW)
    assert later.stats["new_interactions"] == 3
    after = _interactions(store)
    assert after[("ana", "bo")]["count"] == 5  # m13
    # cy answered at last (m14): with m3 the pair wrote both ways
    assert after[("ana", "cy")] == {"channel": "email", "count": 2, "first": "2025-09-03T09:00:00Z",
                                    "last": "2025-11-21T09:00:00Z"}


def _everything_stored(store) -> bytes:
    """Every byte the store keeps: the embedded store's files (database, WAL, adjacency
    snapshots), or every property of every node and relationship in Neo4j, read past the
    store's own reads."""
    if isinstance(store, EmbeddedStore):
        return b"".join(p.read_bytes() for p in sorted(store.path.parent.rglob("*")) if p.is_file())
    records, _, _ = store._driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN properties(n) AS node, collect(properties(r)) AS rels",
        database_=store.database)
    return repr([(r["node"], r["rels"]) for r in records]).encode()


def test_no_subject_and_no_body_reaches_the_store(store, data_dir):
    _org(store)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    stored = _everything_stored(store)
    assert b"ana@example.com" in stored and b"2025-09-01T08:00:00Z" in stored  # the grep reads the data
    for text in (b"MAILSUBJECT-5521", b"MAILBODY-9087", b"CALSUBJECT-7731", b"CALBODY-4409", b"desk of Ana"):
        assert text not in stored, text


# ---------------------------------------------------------------- privacy

def test_opting_out_by_import_removes_stored_evidence_and_its_pair(store, data_dir, tmp_path):
    _org(store)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    assert ("bo", "cy") in _weights(store)
    opt_out = tmp_path / "privacy.csv"
    opt_out.write_text("person_id,share_interactions\ncy,false\n")
    report = run_import(store, "people", opt_out)
    # cy's two meeting ties go; bo–cy had no other evidence, so it is no longer a pair
    assert report.summary.relationships_deleted == 2
    assert set(_interactions(store)) == {("ana", "bo")}
    assert ("bo", "cy") not in _weights(store) and ("ana", "cy") not in _weights(store)
    assert "cy" not in store.weighted_neighbours(["bo"], ["bo"]).weights["bo"]
    # nor does a new import bring it back
    assert run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW).stats["opted_out_people"] == 3
    assert set(_interactions(store)) == {("ana", "bo")}


def test_closing_to_introductions_removes_evidence_too(store, data_dir, tmp_path):
    _org(store)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    closed = tmp_path / "closed.csv"
    closed.write_text("person_id,open_to_intros\nbo,false\n")
    assert run_import(store, "people", closed).summary.relationships_deleted == 1
    assert _interactions(store) == {}


def test_a_person_switches_signals_off_and_the_audit_log_says_so(store, data_dir):
    _org(store)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    summary = set_sharing(store, "ana@example.com", False, actor="ana")
    assert summary.relationships_deleted == 2
    assert set(_interactions(store)) == {("bo", "cy")}
    assert store.get_person("ana")["share_interactions"] is False
    entry = audit.recent(store, 1)[0]
    assert (entry["action"], entry["subject"], entry["details"]) == ("interactions.opt_out", "ana", {"deleted": 2})
    set_sharing(store, "ana", True, actor="ana")
    assert set(_interactions(store)) == {("bo", "cy")}  # nothing comes back by itself …
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    assert _interactions(store)[("ana", "bo")]["count"] == 10  # … but the next import counts again


def test_the_store_itself_never_writes_evidence_of_people_who_do_not_share(store):
    _org(store)
    batch = ImportBatch()
    for a, b in (("ana", "dee"), ("ana", "eli"), ("ana", "fay")):
        batch.add_tie(Tie("INTERACTED", a, b, {"channel": "email", "count": 2, "first": "2025-01-01T00:00:00Z",
                                               "last": "2025-02-01T00:00:00Z"}))
    batch.people["fay"] = {"share_interactions": False}  # the same batch closes fay
    summary = store.upsert(batch)
    assert summary.relationships_created == 0 and _interactions(store) == {}


def test_an_admin_forgets_one_channel(store, data_dir):
    _org(store)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    weights = _weights(store)
    assert forget_channel(store, "email", actor="admin@example.org") == 1
    assert {p["channel"] for p in _interactions(store).values()} == {"meeting"}
    assert _weights(store)[("ana", "bo")] < weights[("ana", "bo")]
    assert forget_channel(store, "meeting", actor="admin@example.org") == 3
    assert forget_channel(store, "meeting", actor="admin@example.org") == 0
    assert _interactions(store) == {}
    assert set(_weights(store)) == {("ana", "mia"), ("bo", "noa"), ("mia", "noa")}
    assert audit.recent(store, 1)[0]["details"] == {"deleted": 0}
    with pytest.raises(ValueError, match="unknown interaction channel 'phone'"):
        forget_channel(store, "phone", actor="admin@example.org")


# ---------------------------------------------------------------- everywhere the graph is used

def test_weekly_meetings_change_the_warm_path(store, data_dir):
    _org(store)
    # before: through both managers, 0.8 × 0.3 × 0.8
    first = warm_intro(store, "ana", "bo")
    assert path_ids(first)[0] == ["ana", "mia", "noa", "bo"]
    assert first.paths[0]["warmth"] == pytest.approx(0.192)
    run_import(store, "calendar", data_dir / "calendar_later.ics", **WINDOW)
    run_import(store, "email", data_dir / "mail_small.mbox", **WINDOW)
    after = warm_intro(store, "ana", "bo")
    assert path_ids(after)[0] == ["ana", "bo"]
    assert after.paths[0]["hops"][0]["evidence"] == ["12 meetings, the last on 24 Mar 2025",
                                                     "e-mailed both ways 4 times since Sep 2025"]


def test_person_page_mentor_picks_and_people_to_meet_see_meetings(store, data_dir):
    _org(store, fay={"department": "Legal"})
    build(store, {}, [Tie("MENTORS", "cy", "fay", {"status": "active"})])
    add_goal(store, "fay", "Meet Sales", GoalSpec(departments=["Sales"]), "introductions", 1, "2027-01-01",
             today=WEIGHTS_DATE)
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    # the person page: bo's ties, each with its evidence
    bo = {t["person"]["person_id"]: t["evidence"] for t in ties_of(store, "bo")}
    assert bo["ana"] == ["10 meetings, the last on 10 Mar 2025"]
    assert bo["cy"] == ["1 meeting, on 24 Feb 2025"]  # 02:00 at +05:30 on the 25th
    # mentor's picks: cy knows bo (Sales) only from the project review; fay does not know bo
    picks = mentor_picks(store, "cy", "fay", today=WEIGHTS_DATE)
    assert person_ids(picks) == ["bo"]
    assert picks[0]["evidence"] == ["1 meeting, on 24 Feb 2025"]
    # people to meet: fay's one contact is cy, who met ana and bo
    assert set(person_ids(people_to_meet(store, "fay", today=WEIGHTS_DATE))) == {"ana", "bo"}


def test_analytics_and_health_see_meetings(store, data_dir):
    _org(store)
    run_analysis(store, today=WEIGHTS_DATE)
    assert store.get_person("ana")["betweenness"] == 0  # only tied to her manager
    assert "cy" in person_ids(network_health(store, today=WEIGHTS_DATE)["isolated"])
    run_import(store, "calendar", data_dir / "calendar_small.ics", **WINDOW)
    run_analysis(store, today=WEIGHTS_DATE)
    assert store.get_person("ana")["betweenness"] > 0  # cy reaches mia through her
    assert "cy" not in person_ids(network_health(store, today=WEIGHTS_DATE)["isolated"])
