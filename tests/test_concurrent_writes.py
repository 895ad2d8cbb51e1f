"""Concurrent writers on one store, as real processes: each reads before any of them writes.

Every test starts several processes on the same SQLite file or the same Neo4j server. A
barrier stands in front of each process's first write transaction (the stores' ``_write``),
so every process has read what it decides on before any of them writes: the interleaving
that lost updates before (issue 9, defects 2 and 10). Whatever order the processes then
write in, the rules must hold.

Inside the transaction each process pauses again after its reads, until every process has
read too or :data:`PAUSE` seconds have passed. A store that runs such transactions one after
the other (SQLite's ``BEGIN IMMEDIATE``; Neo4j with the locks the services name) keeps the
others from reading meanwhile, so the first one writes after the pause and the next reads
what it wrote; a store that let them overlap would have them all read the same state.
"""
from __future__ import annotations

import multiprocessing
from threading import BrokenBarrierError

from graphsvc import accounts, introductions
from graphsvc.goals import GoalSpec, add_goal, get_goal
from graphsvc.store import open_store
from importers.run import run_import
from tests.helpers import build

#: spawn, not fork: each process starts clean and opens its own store (a Neo4j driver's
#: threads and sockets do not survive a fork)
SPAWN = multiprocessing.get_context("spawn")
#: seconds a process waits for the others at the barrier, and for its answer to arrive
WAIT = 120
#: seconds a transaction that has read waits for the others to have read too
PAUSE = 5

PEOPLE = {
    "R": "Rae Requester", "I": "Ivo Introducer", "T": "Tia Target", "U": "Uma Target",
    "BUSY": {"name": "Bo Busy", "max_intros_per_month": 2},
    **{f"R{n}": f"Requester {n}" for n in range(1, 5)},
    "P1": "Pia Early", "P2": "Pat Later",
}


# ---------------------------------------------------------------- the harness

def _run(uri: str, barriers, answers, index: int, call, args: tuple) -> None:
    """In a process of its own: open the store, wait at the first barrier before the first
    write and at the second after the reads inside it, make the call, and answer ``(index,
    outcome, message)`` (outcome ``ok`` or the exception's class name)."""
    before_writing, after_reading = barriers
    store = open_store(uri)
    write, transact = store._write, store.transact
    waited = False

    def waiting_write(*a, **kw):
        nonlocal waited
        if not waited:
            waited = True
            before_writing.wait(WAIT)
        return write(*a, **kw)

    def pausing_transact(work, *a, **kw):
        def pausing_work(reads):
            records = list(work(reads))
            try:
                after_reading.wait(PAUSE)
            except BrokenBarrierError:  # the others could not read meanwhile: as it should be
                pass
            return records
        return transact(pausing_work, *a, **kw)
    store._write, store.transact = waiting_write, pausing_transact
    try:
        call(store, *args)
        answers.put((index, "ok", ""))
    except Exception as exc:  # the outcome is the test's to judge
        answers.put((index, type(exc).__name__, str(exc)))
    finally:
        store.close()


def at_once(uri: str, *calls: tuple) -> list[tuple[str, str]]:
    """Run each ``(function, *args)`` as ``function(store, *args)`` in its own process, all
    reading before any writes; their ``(outcome, message)``, in the order given."""
    barriers, answers = (SPAWN.Barrier(len(calls)), SPAWN.Barrier(len(calls))), SPAWN.Queue()
    processes = [SPAWN.Process(target=_run, args=(uri, barriers, answers, i, call[0], call[1:]))
                 for i, call in enumerate(calls)]
    for p in processes:
        p.start()
    try:
        got = dict((i, (outcome, message)) for i, outcome, message in
                   (answers.get(timeout=WAIT) for _ in calls))
    finally:
        for p in processes:
            p.join(WAIT)
            if p.is_alive():
                p.kill()
    return [got[i] for i in range(len(calls))]


def outcomes(answers: list[tuple[str, str]]) -> list[str]:
    return sorted(outcome for outcome, _ in answers)


# What the processes do (top-level functions, so that a spawned process can find them).

def _move(store, intro_id: str, to: str, actor: str) -> None:
    introductions.transition(store, intro_id, to, actor)


def _request(store, requester: str, introducer: str, target: str) -> None:
    introductions.request_intro(store, requester, introducer, target)


def _disable(store, email: str, actor: str) -> None:
    accounts.disable_user(store, email, actor=actor)


def _import(store, kind: str, path: str) -> None:
    run_import(store, kind, path)


# ---------------------------------------------------------------- the races

def test_an_accept_and_a_withdrawal_at_once_one_wins_and_the_other_is_told(store):
    build(store, PEOPLE, [])
    intro = introductions.request_intro(store, "R", "I", "T")
    answers = at_once(store.uri, (_move, intro["id"], "introducer_accepted", "I"),
                      (_move, intro["id"], "withdrawn", "R"))
    assert outcomes(answers) == ["Conflict", "ok"], answers
    winner = ["introducer_accepted", "withdrawn"][[outcome for outcome, _ in answers].index("ok")]
    assert "changed meanwhile" in dict(answers)["Conflict"]
    stored = store.get_record("Introduction", intro["id"])
    assert stored["status"] == winner
    assert [h["status"] for h in stored["history"]] == ["requested", winner]
    assert stored["version"] == 2
    moves = [e for e in store.find_records("AuditEntry", subject=intro["id"]) if e["action"] != "intro.request"]
    assert [e["action"] for e in moves] == [f"intro.{winner}"]


def test_two_introductions_made_at_once_both_count_toward_their_goal(store):
    build(store, PEOPLE, [])
    goal = add_goal(store, "R", "Meet two product people", GoalSpec(departments=["Product"]),
                    "introductions made", 2, "2099-01-01")
    intros = []
    for target in ("T", "U"):
        intro = introductions.request_intro(store, "R", "I", target, goal_id=goal["id"])
        introductions.transition(store, intro["id"], "introducer_accepted", "I")
        introductions.transition(store, intro["id"], "target_accepted", target)
        intros.append(intro["id"])
    answers = at_once(store.uri, *((_move, intro_id, "made", "I") for intro_id in intros))
    assert outcomes(answers) == ["ok", "ok"], answers
    counted = get_goal(store, goal["id"])
    assert counted["current_value"] == 2 and counted["status"] == "achieved"
    assert sorted(counted["counted_introductions"]) == sorted(intros)
    assert len(counted["history"]) == 2


def test_the_introducers_monthly_cap_holds_against_concurrent_requests(store):
    build(store, PEOPLE, [])
    answers = at_once(store.uri, *((_request, f"R{n}", "BUSY", "T") for n in range(1, 5)))
    assert outcomes(answers) == ["RequestRefused", "RequestRefused", "ok", "ok"], answers
    assert all("their limit is 2" in message for outcome, message in answers if outcome != "ok")
    assert len(store.find_records("Introduction", introducer="BUSY")) == 2


def test_of_one_request_sent_three_times_at_once_one_is_made(store):
    build(store, PEOPLE, [])
    answers = at_once(store.uri, *((_request, "R", "I", "T") for _ in range(3)))
    assert outcomes(answers) == ["RequestRefused", "RequestRefused", "ok"], answers
    assert all("you already asked" in message for outcome, message in answers if outcome != "ok")
    assert len(store.find_records("Introduction", requester="R")) == 1


def test_two_admins_disabling_each_other_at_once_leave_one_admin(store):
    for email in ("ann@example.org", "bob@example.org"):
        accounts.add_user(store, email, "correct horse 1", ["admin"])
    answers = at_once(store.uri, (_disable, "bob@example.org", "ann@example.org"),
                      (_disable, "ann@example.org", "bob@example.org"))
    assert outcomes(answers) == ["AccountError", "ok"], answers
    assert "is the only admin" in dict(answers)["AccountError"]
    enabled = [a["email"] for a in accounts.list_users(store) if not a["disabled"]]
    assert len(enabled) == 1


def test_two_positions_imports_at_once_make_former_colleagues_of_their_people(store, tmp_path):
    """Defect 10: each file holds one of two overlapping tenures at one employer."""
    build(store, PEOPLE, [])
    early, later = tmp_path / "early.csv", tmp_path / "later.csv"
    early.write_text("person,organization,title,since,until\nP1,Acme Inc.,Engineer,2015-01-01,2018-01-01\n")
    later.write_text("person,organization,title,since,until\nP2,ACME,Analyst,2016-06-01,2019-01-01\n")
    answers = at_once(store.uri, (_import, "positions", str(early)), (_import, "positions", str(later)))
    assert outcomes(answers) == ["ok", "ok"], answers
    ties = store.ties_between("WORKED_WITH", [("P1", "P2")])
    assert [(t.props["kind"], t.props["since"], t.props["until"]) for t in ties] == \
        [("company", "2016-06-01", "2018-01-01")]
    assert ties[0].props["context"] == store.get_organizations(["acme"])["acme"]  # the name stored first
    weighed = store.weighted_neighbours(["P1"], endpoints=["P1"])
    assert "P2" in weighed.weights["P1"]  # and the pair is weighed

