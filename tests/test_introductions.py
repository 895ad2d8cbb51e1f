"""The double opt-in introduction workflow: pure rules, and the contract on both stores."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from graphsvc import audit
from graphsvc.goals import GoalSpec, add_goal, get_goal
from graphsvc.introductions import (IntroNotFound, RequestRefused, TransitionError, allowed_moves,
                                    check_transition, expire_stale, expiry_days, get_intro, inbox, is_stale,
                                    list_intros, open_requests_by_introducer, request_intro, transition,
                                    visible_contact)
from graphsvc.model import ImportBatch, PersonNotFound, Tie

#: Today, so that reads at the real time (which expire stale requests) see these as fresh.
NOW = datetime.now(timezone.utc).replace(hour=9, minute=30, second=0, microsecond=0)
PEOPLE = {
    "R": {"name": "Rae Requester", "email": "rae@example.com"},
    "I": {"name": "Ivo Introducer", "email": "ivo@example.com"},
    "T": {"name": "Tia Target", "email": "tia@example.com"},
    "X": {"name": "Xan Outsider"},
    "BUSY": {"name": "Bo Busy", "max_intros_per_month": 1},
    "SHY": {"name": "Sy Shy", "open_to_intros": False},
    "GONE": {"name": "Gil Gone", "active": False},
}


@pytest.fixture
def net(store):
    batch = ImportBatch(people={pid: dict(p) for pid, p in PEOPLE.items()})
    batch.add_tie(Tie("WORKED_WITH", "R", "I", {"kind": "team", "context": "Payments"}))
    batch.add_tie(Tie("WORKED_WITH", "I", "T", {"kind": "project", "context": "Search"}))
    store.upsert(batch)
    return store


def intro_dict(status="requested", history=("requested",)):
    return {"id": "I-1", "requester": "R", "introducer": "I", "target": "T", "status": status,
            "updated": "2026-03-01T00:00:00+00:00",
            "history": [{"status": s, "by": "R", "at": "", "note": ""} for s in history]}


WALK = [("introducer_accepted", "I"), ("target_accepted", "T"), ("made", "I"), ("met", "T")]


def walk_to(store, status, start=NOW):
    """An introduction from R through I to T, moved by its rightful parties up to ``status``."""
    intro = request_intro(store, "R", "ivo@example.com", "T", message="Keen to learn Search", now=start)
    for hours, (to, actor) in enumerate(WALK, 1):
        if intro["status"] == status:
            break
        intro = transition(store, intro["id"], to, actor, now=start + timedelta(hours=hours))
    return intro


# ------------------------------------------------------------------ pure rules

def test_who_may_move_a_request_where():
    req = intro_dict()
    assert allowed_moves(req, "I") == ["introducer_accepted", "declined"]
    assert allowed_moves(req, "R") == ["withdrawn"]
    assert allowed_moves(req, "T") == [] and allowed_moves(req, "X") == []
    assert allowed_moves(req, "admin@example.com", as_admin=True) == ["introducer_accepted", "declined", "withdrawn"]
    assert allowed_moves(intro_dict("target_accepted"), "R") == ["made", "withdrawn"]
    assert allowed_moves(intro_dict("made"), "T") == ["met"]
    assert allowed_moves(intro_dict("made"), "R") == ["met", "closed"]
    assert allowed_moves(intro_dict("closed"), "R") == []


@pytest.mark.parametrize("status, to, actor, message", [
    ("requested", "introducer_accepted", "T", "only the introducer may make introduction I-1 introducer_accepted; "
                                              "T is the target"),
    ("requested", "introducer_accepted", "X", "X is not part of introduction I-1"),
    ("requested", "target_accepted", "T", "it cannot become target_accepted"),
    ("introducer_accepted", "target_accepted", "I", "only the target may"),
    ("target_accepted", "made", "T", "only the requester or the introducer may"),
    ("made", "met", "I", "only the requester or the target may"),
    ("met", "closed", "T", "only the requester may"),
    ("met", "closed", "R", "needs an outcome note"),
    ("closed", "met", "R", "it is final"),
    ("requested", "expired", "R", "expire by themselves"),
    ("requested", "accepted", "I", "unknown status 'accepted'"),
])
def test_refused_moves_say_why(status, to, actor, message):
    with pytest.raises(TransitionError, match=message):
        check_transition(intro_dict(status), to, actor)


def test_an_admin_skips_the_who_check_but_not_the_status_check():
    check_transition(intro_dict("requested"), "introducer_accepted", "admin@example.com", as_admin=True)
    with pytest.raises(TransitionError, match="cannot become made"):
        check_transition(intro_dict("requested"), "made", "admin@example.com", as_admin=True)


def test_contact_details_only_after_the_target_consents_and_only_to_the_three():
    assert not visible_contact(intro_dict("introducer_accepted", ("requested", "introducer_accepted")), "R")
    consented = intro_dict("made", ("requested", "introducer_accepted", "target_accepted", "made"))
    assert all(visible_contact(consented, p) for p in ("R", "I", "T"))
    assert not visible_contact(consented, "X") and not visible_contact(consented, None)
    expired = intro_dict("expired", ("requested", "introducer_accepted", "target_accepted", "expired"))
    assert visible_contact(expired, "R")


def test_staleness_and_the_expiry_setting(monkeypatch):
    req = intro_dict()
    updated = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert not is_stale(req, updated + timedelta(days=14, seconds=-1), 14)
    assert is_stale(req, updated + timedelta(days=14), 14)
    assert not is_stale(intro_dict("made"), updated + timedelta(days=400), 14)
    monkeypatch.delenv("INTROGRAPH_INTRO_EXPIRY_DAYS", raising=False)
    assert expiry_days() == 14
    monkeypatch.setenv("INTROGRAPH_INTRO_EXPIRY_DAYS", "3")
    assert expiry_days() == 3 and expiry_days(5) == 5
    monkeypatch.setenv("INTROGRAPH_INTRO_EXPIRY_DAYS", "soon")
    with pytest.raises(ValueError, match="whole number of days, not 'soon'"):
        expiry_days()
    with pytest.raises(ValueError, match="at least 1 day"):
        expiry_days(0)


# ------------------------------------------------------------------ contract

def test_the_whole_workflow_with_its_tie_goal_and_audit(net):
    goal = add_goal(net, "R", "Meet search people", GoalSpec(departments=["Search"]), "introductions made", 1,
                    (date.today() + timedelta(days=60)).isoformat())
    intro = request_intro(net, "rae@example.com", "I", "tia@example.com", "Hello <b>Tia</b>", goal_id=goal["id"],
                          now=NOW)
    assert intro["status"] == "requested" and intro["message"] == "Hello <b>Tia</b>"
    assert get_goal(net, goal["id"])["introductions"] == [intro["id"]]
    assert net.counts()["relationships"] == {"WORKED_WITH": 2}

    steps = [("introducer_accepted", "ivo@example.com", ""), ("target_accepted", "T", "happy to"),
             ("made", "I", "emailed you both"), ("met", "R", ""), ("closed", "R", "Tia now mentors Rae")]
    for hours, (to, actor, note) in enumerate(steps, 1):
        intro = transition(net, intro["id"], to, actor, note=note, now=NOW + timedelta(hours=hours))
        assert get_intro(net, intro["id"]) == intro
    assert intro["status"] == "closed" and intro["outcome"] == "Tia now mentors Rae"
    assert [(h["status"], h["by"], h["note"]) for h in intro["history"]] == [
        ("requested", "R", ""), ("introducer_accepted", "I", ""), ("target_accepted", "T", "happy to"),
        ("made", "I", "emailed you both"), ("met", "R", ""), ("closed", "R", "Tia now mentors Rae")]
    assert intro["updated"] == (NOW + timedelta(hours=5)).isoformat()

    assert net.counts()["relationships"] == {"KNOWS": 1, "WORKED_WITH": 2}
    edges, _ = net.incident_edges(["R"])
    knows = [t for e in edges for t in e.ties if t.type == "KNOWS"]
    assert [(t.source, t.target, t.props) for t in knows] == [
        ("R", "T", {"source": "introduction", "since": (NOW + timedelta(hours=3)).date().isoformat()})]

    counted = get_goal(net, goal["id"])
    assert counted["current_value"] == 1 and counted["status"] == "achieved"
    assert counted["history"][-1]["note"] == f"introduction {intro['id']} made"

    trail = [(e["action"], e["actor"]) for e in audit.recent(net) if e["subject"] == intro["id"]]
    assert trail == [("intro.closed", "R"), ("intro.met", "R"), ("intro.made", "I"), ("intro.target_accepted", "T"),
                     ("intro.introducer_accepted", "I"), ("intro.request", "R")]
    assert [e["action"] for e in audit.recent(net, action="goal.progress")] == ["goal.progress"]


def test_made_adds_exactly_one_tie_and_nothing_repeats(net):
    first = walk_to(net, "made")
    assert first["status"] == "made"
    assert net.counts()["relationships"]["KNOWS"] == 1
    with pytest.raises(TransitionError, match="cannot become made"):
        transition(net, first["id"], "made", "I", now=NOW + timedelta(days=1))
    transition(net, first["id"], "closed", "R", note="done", now=NOW + timedelta(days=1))
    # a second introduction of the same pair keeps the first tie and its date
    second = walk_to(net, "made", start=NOW + timedelta(days=30))
    assert second["id"] != first["id"]
    assert net.counts()["relationships"]["KNOWS"] == 1
    edges, _ = net.incident_edges(["R"])
    assert [t.props["since"] for e in edges for t in e.ties if t.type == "KNOWS"] == [
        (NOW + timedelta(hours=3)).date().isoformat()]
    assert len(audit.recent(net, action="intro.made")) == 2


def test_refused_moves_change_nothing(net):
    intro = request_intro(net, "R", "I", "T", now=NOW)
    for to, actor in (("introducer_accepted", "T"), ("introducer_accepted", "X"), ("made", "I"),
                      ("target_accepted", "T")):
        with pytest.raises(TransitionError):
            transition(net, intro["id"], to, actor, now=NOW)
    with pytest.raises(PersonNotFound):
        transition(net, intro["id"], "introducer_accepted", "nobody@example.com", now=NOW)
    assert get_intro(net, intro["id"]) == intro
    assert [e["action"] for e in audit.recent(net)] == ["intro.request"]
    with pytest.raises(IntroNotFound, match="no introduction with id 'I-nope'"):
        transition(net, "I-nope", "declined", "I")


def test_declines_withdrawals_and_admin_overrides(net):
    declined = request_intro(net, "R", "I", "T", now=NOW)
    declined = transition(net, declined["id"], "declined", "I", note="not the right person", now=NOW)
    assert declined["status"] == "declined" and declined["history"][-1]["note"] == "not the right person"
    by_target = request_intro(net, "R", "I", "T", now=NOW)  # the earlier one is no longer open
    transition(net, by_target["id"], "introducer_accepted", "I", now=NOW)
    assert transition(net, by_target["id"], "declined", "tia@example.com", now=NOW)["status"] == "declined"
    withdrawn = request_intro(net, "X", "I", "T", now=NOW)
    assert transition(net, withdrawn["id"], "withdrawn", "X", now=NOW)["status"] == "withdrawn"
    forced = request_intro(net, "T", "I", "R", now=NOW)
    later = NOW + timedelta(minutes=1)
    forced = transition(net, forced["id"], "introducer_accepted", "admin@example.com", now=later, as_admin=True)
    assert forced["history"][-1] == {"status": "introducer_accepted", "by": "admin@example.com",
                                     "at": later.isoformat(), "note": "", "as_admin": True}
    entry = audit.recent(net, limit=1)[0]
    assert entry["actor"] == "admin@example.com" and entry["details"]["as_admin"] is True
    with pytest.raises(PersonNotFound):
        transition(net, forced["id"], "target_accepted", "admin@example.com", now=NOW)


def test_requests_that_cannot_be_made(net):
    refusals = [
        (("R", "R", "T"), "three different people"),
        (("R", "I", "I"), "three different people"),
        (("R", "SHY", "T"), "Sy Shy does not take introduction requests"),
        (("R", "GONE", "T"), "Gil Gone has left"),
        (("R", "I", "GONE"), "Gil Gone has left the organisation"),
        (("GONE", "I", "T"), "Gil Gone has left and cannot request"),
    ]
    for (requester, introducer, target), message in refusals:
        with pytest.raises(RequestRefused, match=message):
            request_intro(net, requester, introducer, target, now=NOW)
    with pytest.raises(PersonNotFound):
        request_intro(net, "R", "I", "nobody@example.com", now=NOW)
    with pytest.raises(RequestRefused, match="keep it under 2000"):
        request_intro(net, "R", "I", "T", message="x" * 2001, now=NOW)
    with pytest.raises(RequestRefused, match="has no goal with id 'G-nope'"):
        request_intro(net, "R", "I", "T", goal_id="G-nope", now=NOW)
    someone_elses = add_goal(net, "T", "Grow", GoalSpec(skills=["Go"]), "intros", 1,
                             (date.today() + timedelta(days=9)).isoformat())
    with pytest.raises(RequestRefused, match="has no goal"):
        request_intro(net, "R", "I", "X", goal_id=someone_elses["id"], now=NOW)

    first = request_intro(net, "R", "I", "T", now=NOW)
    with pytest.raises(RequestRefused, match=f"already asked Ivo Introducer .*{first['id']}, requested"):
        request_intro(net, "rae@example.com", "ivo@example.com", "tia@example.com", now=NOW)
    assert request_intro(net, "X", "I", "T", now=NOW)["requester"] == "X"  # another requester may

    request_intro(net, "R", "BUSY", "T", now=NOW)
    with pytest.raises(RequestRefused, match=r"Bo Busy has had 1 introduction requests .* limit is 1"):
        request_intro(net, "X", "BUSY", "T", now=NOW + timedelta(days=29))
    assert request_intro(net, "X", "BUSY", "T", now=NOW + timedelta(days=31))["introducer"] == "BUSY"
    assert len(list_intros(net)) == 4 and [e["action"] for e in audit.recent(net)].count("intro.request") == 4


def test_inboxes_newest_first_and_the_target_only_asked_after_the_introducer(net):
    older = request_intro(net, "R", "I", "T", now=NOW)
    newer = request_intro(net, "X", "I", "T", now=NOW + timedelta(minutes=1))
    third = request_intro(net, "R", "X", "T", now=NOW + timedelta(minutes=2))
    assert [i["id"] for i in inbox(net, "ivo@example.com")["to_introduce"]] == [newer["id"], older["id"]]
    assert [i["id"] for i in inbox(net, "R")["sent"]] == [third["id"], older["id"]]
    assert inbox(net, "T")["received"] == []
    transition(net, older["id"], "introducer_accepted", "I", now=NOW)
    transition(net, third["id"], "introducer_accepted", "X", now=NOW)
    assert [i["id"] for i in inbox(net, "T")["received"]] == [third["id"], older["id"]]
    assert inbox(net, "T")["sent"] == [] and inbox(net, "R")["received"] == []
    assert open_requests_by_introducer(net) == {"I": 2, "X": 1}
    transition(net, newer["id"], "declined", "I", now=NOW)
    assert open_requests_by_introducer(net) == {"I": 1, "X": 1}
    assert [i["id"] for i in list_intros(net, status="declined")] == [newer["id"]]


def test_stale_requests_expire_and_cannot_move_on(net):
    waiting = request_intro(net, "R", "I", "T", now=NOW)
    moved = request_intro(net, "X", "I", "T", now=NOW)
    transition(net, moved["id"], "introducer_accepted", "I", now=NOW + timedelta(days=10))
    assert expire_stale(net, now=NOW + timedelta(days=13)) == []
    assert expire_stale(net, now=NOW + timedelta(days=14)) == [waiting["id"]]
    assert expire_stale(net, now=NOW + timedelta(days=14)) == []
    assert get_intro(net, waiting["id"])["history"][-1] == {
        "status": "expired", "by": "system", "at": (NOW + timedelta(days=14)).isoformat(), "note": ""}
    with pytest.raises(TransitionError, match="nobody moved it for 3 days"):
        transition(net, moved["id"], "target_accepted", "T", now=NOW + timedelta(days=15), days=3)
    assert get_intro(net, moved["id"])["status"] == "expired"
    assert [e["subject"] for e in audit.recent(net, action="intro.expired")] == [moved["id"], waiting["id"]]
    assert open_requests_by_introducer(net) == {}


def test_reads_expire_what_is_stale_and_ranking_ignores_it_without_writing(net):
    old = request_intro(net, "R", "I", "T", now=NOW - timedelta(days=20))
    other = request_intro(net, "X", "I", "T", now=NOW - timedelta(days=20, minutes=-1))
    fresh = request_intro(net, "R", "X", "T", now=NOW)
    assert open_requests_by_introducer(net) == {"X": 1}
    assert net.get_record("Introduction", old["id"])["status"] == "requested"  # counting wrote nothing
    assert get_intro(net, old["id"])["status"] == "expired"
    assert net.get_record("Introduction", old["id"])["status"] == "expired"
    assert [(i["id"], i["status"]) for i in inbox(net, "I")["to_introduce"]] == [
        (other["id"], "expired"), (old["id"], "expired")]
    assert [i["id"] for i in list_intros(net, status="requested")] == [fresh["id"]]
    assert len(audit.recent(net, action="intro.expired")) == 2
