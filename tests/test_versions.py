"""Every record has a version, and every workflow change is a compare-and-set on it.

The store's half (``transact``: read, check and write in one transaction, versions bumped by
the store) and the services' half (a change decided on an older version is refused with
``Conflict`` and writes nothing), on both stores. The same changes made by concurrent
processes are in ``test_concurrent_writes.py``.
"""
from __future__ import annotations

import threading
import time

import pytest

from graphsvc import accounts, audit, goals, introductions
from graphsvc.goals import GoalSpec
from graphsvc.model import Conflict, ImportBatch
from graphsvc.records import Record, lock_key
from graphsvc.store import open_store
from tests.helpers import build

PEOPLE = {"R": "Rae Requester", "I": "Ivo Introducer", "T": "Tia Target"}


# ---------------------------------------------------------------- the store

def test_a_record_starts_at_version_1_and_every_write_adds_one(store):
    store.write_records([Record("Goal", "G-1", {"owner": "a", "status": "open"})])
    assert store.get_record("Goal", "G-1")["version"] == 1
    # a version in the data is the writer's copy, not an instruction: the store counts
    store.write_records([Record("Goal", "G-1", {"owner": "a", "status": "achieved", "version": 9})])
    assert store.get_record("Goal", "G-1") == {"id": "G-1", "owner": "a", "status": "achieved", "version": 2}
    store.write_records([Record("Goal", "G-1", None)])
    store.write_records([Record("Goal", "G-1", {"owner": "b", "status": "open"})])
    assert store.find_records("Goal", owner="b")[0]["version"] == 1


def test_transact_changes_the_record_as_stored_and_returns_it_as_written(store):
    store.write_records([Record("Goal", "G-1", {"owner": "a", "status": "open", "notes": ["first"]})])

    def add_note(reads):
        goal = reads.get_record("Goal", "G-1")
        return [Record("Goal", "G-1", {**goal, "notes": [*goal["notes"], "second"]})]
    done = store.transact(add_note, locks=[lock_key("Goal", "G-1")])
    assert done.data("Goal", "G-1") == store.get_record("Goal", "G-1")
    assert done.data("Goal", "G-1")["notes"] == ["first", "second"] and done.data("Goal", "G-1")["version"] == 2
    assert done.data("Goal", "G-2") is None
    assert store.counts()["nodes"] == {"Goal": 1}  # locks are no part of the organisation


def test_work_that_refuses_writes_nothing_not_even_the_batch_before_it(store):
    def refuse(reads):
        assert reads.summary.nodes_created == 1  # the batch is written before the work runs
        assert reads.find_records("Goal") == []
        raise Conflict("goal G-1", "achieved")
    with pytest.raises(Conflict, match=r"goal G-1 changed meanwhile \(it is now achieved\): reload it"):
        store.transact(refuse, locks=[lock_key("Goal", "G-1")], batch=ImportBatch(people={"a": {"name": "A"}}))
    assert store.get_people(["a"]) == {}
    assert store.counts() == {"nodes": {}, "relationships": {}}


def test_transactions_naming_one_lock_run_one_after_the_other(store):
    """The second reads what the first wrote, even while the first dawdles between its read
    and its write: it waits (up to 2 s) for the second to read the count too, which a store
    that let them overlap would do, and both would then write 1."""
    store.write_records([Record("Goal", "G-1", {"owner": "a", "status": "open", "count": 0})])
    second_read = threading.Event()

    def count(reads, then=None):
        goal = reads.get_record("Goal", "G-1")
        if then is not None:
            then()
        return [Record("Goal", "G-1", {**goal, "count": goal["count"] + 1})]
    with open_store(store.uri) as other:
        first = threading.Thread(target=store.transact, args=(
            lambda reads: count(reads, lambda: second_read.wait(2)), [lock_key("Goal", "G-1")]))
        first.start()
        time.sleep(0.2)  # the first holds the lock
        other.transact(lambda reads: count(reads, second_read.set), [lock_key("Goal", "G-1")])
        first.join()
    assert store.get_record("Goal", "G-1")["count"] == 2


# ---------------------------------------------------------------- the services

@pytest.fixture
def net(store):
    build(store, PEOPLE, [])
    return store


def test_a_move_decided_on_an_older_version_is_refused_and_changes_nothing(net):
    intro = introductions.request_intro(net, "R", "I", "T")
    accepted = introductions.transition(net, intro["id"], "introducer_accepted", "I", version=intro["version"])
    assert accepted["version"] == intro["version"] + 1 == net.get_record("Introduction", intro["id"])["version"]
    entries = len(audit.recent(net))
    with pytest.raises(Conflict, match="it is now introducer accepted"):
        introductions.transition(net, intro["id"], "withdrawn", "R", version=intro["version"])
    assert net.get_record("Introduction", intro["id"]) == accepted
    assert len(audit.recent(net)) == entries
    assert introductions.transition(net, intro["id"], "withdrawn", "R", version=accepted["version"])["status"] == \
        "withdrawn"


def test_goal_changes_build_on_the_goal_as_stored_unless_decided_on_an_older_version(net):
    goal = goals.add_goal(net, "R", "Meet product people", GoalSpec(departments=["Product"]), "meetings", 4,
                          "2099-01-01")
    assert goal["version"] == 1
    goals.update_progress(net, goal["id"], 1, "first", actor="R")
    second = goals.update_progress(net, goal["id"], 2, "second", actor="R")  # no version: no check
    assert [h["note"] for h in second["history"]] == ["first", "second"] and second["version"] == 3
    with pytest.raises(Conflict, match=f"goal {goal['id']} changed meanwhile"):
        goals.update_progress(net, goal["id"], 3, "on an old page", actor="R", version=2)
    with pytest.raises(Conflict):
        goals.set_status(net, goal["id"], "dropped", actor="R", version=goal["version"])
    assert goals.get_goal(net, goal["id"]) == second


def test_an_account_change_decided_on_an_older_version_is_refused(net):
    seen = accounts.add_user(net, "ann@example.org", "correct horse 1", ["admin"])
    accounts.add_user(net, "bob@example.org", "correct horse 1", ["admin"])
    accounts.set_password(net, "ann@example.org", "another horse 2", actor="bob@example.org")
    with pytest.raises(Conflict, match="account ann@example.org changed meanwhile"):
        accounts.disable_user(net, "ann@example.org", actor="bob@example.org", version=seen["version"])
    assert not accounts.get_user(net, "ann@example.org")["disabled"]
    assert accounts.authenticate(net, "ann@example.org", "another horse 2") is not None
