"""One embedded store shared by threads (``flask run``, gunicorn's threaded workers) while it is written.

Readers ask every kind of question in a loop while writers import continuously, through the
same store object (an upload on the web) and through a second one on the same file (the CLI
beside the server): small changes the readers catch up with through the change log, large
ones and re-weighings that make them load a new snapshot. The writes never touch what the
questions are about, so every answer must equal the one given before the writes began, and
no thread may raise.
"""
from __future__ import annotations

import threading
from datetime import date
import time
import traceback

import pytest

from graphsvc import accounts
from graphsvc.embedded import EmbeddedStore
from graphsvc.embedded_graph import OVERLAY_MAX
from graphsvc.goal_search import who_can_help
from graphsvc.analytics import connectors, run_analysis
from graphsvc.goals import GoalSpec, add_goal
from graphsvc.health import network_health
from graphsvc.mentors import mentor_candidates, mentor_picks
from graphsvc.meet import people_to_meet
from graphsvc.model import ImportBatch, Tie
from graphsvc.person_network import network_around, ties_of
from graphsvc.warm_paths import warm_intro
from tests.helpers import WEIGHTS_DATE, build, csrf_of, make_app

SECONDS = 4.0
TODAY = date(2026, 1, 1)
READERS = 4
DEPARTMENTS = ("Data", "Sales", "Legal")


def _base(store) -> None:
    """A ring of 40 people with chords, three departments, one who left and one opted out."""
    people = {f"b{i:02d}": {"name": f"Base {i:02d}", "department": DEPARTMENTS[i % 3], "level": i % 5,
                            "skills": ["Rust"] if i % 4 == 0 else ["Go"]} for i in range(40)}
    people["b07"]["active"] = False
    people["b11"]["open_to_intros"] = False
    ties = [Tie("KNOWS", f"b{i:02d}", f"b{(i + 1) % 40:02d}", {"source": "manual"}) for i in range(40)]
    ties += [Tie("WORKED_WITH", f"b{i:02d}", f"b{(i + 7) % 40:02d}", {"kind": "project", "context": "P"})
             for i in range(0, 40, 3)]
    build(store, people, ties)


def _questions(store, client):
    """Every answer the readers give, as plain data."""
    return {
        "paths": [p["people"] for p in warm_intro(store, "b00", "b13", k=3).paths],
        "helpers": [(h["person_id"], round(h["score"], 9)) for h in who_can_help(store, "b03", GoalSpec(skills=["Rust"]))],
        "meet": [m["person_id"] for m in people_to_meet(store, "b05")],
        "search": [p["person_id"] for p in store.search_people("base 1")[0]],
        "ties": [(t["person"]["person_id"], t["evidence"]) for t in ties_of(store, "b09")],
        "network": sorted(network_around(store, "b12", 2, 30)[0]),
        "mentors": [(m["person_id"], round(m["score"], 9)) for m in mentor_candidates(store, "b03", today=TODAY)],
        "picks": [p["person_id"] for p in mentor_picks(store, "b09", "b03", today=TODAY)],
        "connectors": [c["person_id"] for c in connectors(store, top=5)],
        "health": _stable(network_health(store, today=TODAY)),
        "page": client.get("/people/b09").status_code,
        "intro page": client.get("/intro?to=b13").status_code,
    }


def _stable(health):
    """What the writes leave alone in the health report: findings about the base people."""
    return ([p["person_id"] for p in health["isolated"] if p["person_id"].startswith("b")],
            health["unlinked_departments"])


def _write_forever(store, stop: threading.Event, name: str, errors: list) -> None:
    """Imports apart from the base graph, and touches of base people that change no answer."""
    try:
        i = 0
        while not stop.is_set():
            i += 1
            batch = ImportBatch(people={f"{name}{i}": {"name": f"Writer {i}"}, f"{name}{i}x": {"name": "X"},
                                        f"b{i % 40:02d}": {"location": f"Room {i}"}})
            batch.add_tie(Tie("KNOWS", f"{name}{i}", f"{name}{i}x", {"source": "manual"}))
            if i % 25 == 0:  # past the overlay: readers load a new snapshot
                batch.people.update({f"{name}{i}-{j}": {"name": "Bulk"} for j in range(OVERLAY_MAX + 1)})
            store.upsert(batch)
            if i % 40 == 0:
                store.refresh_weights(WEIGHTS_DATE)  # "reload everything", weights unchanged
    except Exception:
        errors.append(f"writer {name}: {traceback.format_exc()}")


@pytest.mark.slow
def test_questions_answer_alike_while_other_threads_write(tmp_path):
    uri = f"sqlite:///{tmp_path / 'intrograph.db'}"
    app = make_app(uri, tmp_path / "web")
    store = app.extensions["intrograph.store"].get()
    store.refresh_weights(WEIGHTS_DATE)
    _base(store)
    add_goal(store, "b03", "Learn Rust", GoalSpec(skills=["Rust"]), "introductions", 2, "2099-01-01", today=TODAY)
    run_analysis(store, today=WEIGHTS_DATE)
    other = EmbeddedStore(uri)  # a second writer on the file, as the CLI is
    expected = _questions(store, _logged_in(app))
    assert all(v for k, v in expected.items() if k != "health"), expected
    assert expected["page"] == expected["intro page"] == 200

    stop, errors, answers = threading.Event(), [], [0] * READERS

    # log in before the threads start: four logins of one account from one address at the same
    # moment count as a burst of guesses (graphsvc/login_throttle.py), which is not under test here
    clients = [_logged_in(app) for _ in range(READERS)]

    def read(reader: int) -> None:
        client = clients[reader]
        try:
            while not stop.is_set():
                got = _questions(store, client)
                assert got == expected, f"{got} != {expected}"
                answers[reader] += 1
        except Exception:
            errors.append(f"reader: {traceback.format_exc()}")

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    threads += [threading.Thread(target=_write_forever, args=(s, stop, name, errors))
                for s, name in ((store, "w"), (other, "cli"))]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    deadline = time.monotonic() + 120  # on a loaded machine: until every reader answered during the writes
    while not all(answers) and not errors and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    other.close()
    assert not errors, "\n".join(errors)
    assert all(answers), answers


def _logged_in(app):
    """A test client with a session of a mentee linked to a base person."""
    store = app.extensions["intrograph.store"].get()
    if not store.find_records("Account"):
        store.upsert(ImportBatch(people={"b01": {"email": "b01@example.com"}}))
        accounts.add_user(store, "b01@example.com", "a long passphrase", ["mentee"])
    client = app.test_client()
    token = csrf_of(client.get("/login"))
    response = client.post("/login", data={"email": "b01@example.com", "password": "a long passphrase",
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


#: How long a step may take before the test calls it stuck (far above what it needs).
STUCK = 20.0


def _hold_open(store, batch, holding: threading.Event, release: threading.Event) -> threading.Thread:
    """Write ``batch`` in a thread that keeps its transaction open until ``release``."""
    def progress(done, total):
        holding.set()
        release.wait(STUCK)
    thread = threading.Thread(target=store.upsert, args=(batch,), kwargs={"progress": progress})
    thread.start()
    assert holding.wait(STUCK), "the write never began"
    return thread


def _ask_meanwhile(store) -> list[list[str]] | None:
    """The warm paths from a to b, asked in another thread; None when the question is stuck."""
    answer = []
    thread = threading.Thread(target=lambda: answer.append(
        [[p["person_id"] for p in path["people"]] for path in warm_intro(store, "a", "b").paths]), daemon=True)
    thread.start()
    thread.join(STUCK)
    return answer[0] if answer else None


def _new_tie(a, b) -> ImportBatch:
    batch = ImportBatch(people={a: {"name": a.upper()}, b: {"name": b.upper()}})
    batch.add_tie(Tie("KNOWS", a, b, {"source": "manual"}))
    return batch


def test_questions_are_answered_while_a_write_is_open(tmp_path):
    """Reads never wait for a write: while an import is being written, by this store object
    (an upload in another thread of the web server) or by another on the file (the CLI),
    questions are answered from the last commit, also when a write of this store object is
    queued behind the other one."""
    uri = f"sqlite:///{tmp_path / 'intrograph.db'}"
    store, cli = EmbeddedStore(uri), EmbeddedStore(uri)
    store.upsert(_new_tie("a", "b"))
    assert _ask_meanwhile(store) == [["a", "b"]]

    holding, release = threading.Event(), threading.Event()
    upload = _hold_open(store, _new_tie("a", "c"), holding, release)
    try:
        assert _ask_meanwhile(store) == [["a", "b"]], "a question waited for this store's own write"
    finally:
        release.set()
        upload.join()

    holding, release = threading.Event(), threading.Event()
    import_ = _hold_open(cli, _new_tie("b", "d"), holding, release)
    queued = threading.Thread(target=store.upsert, args=(_new_tie("c", "e"),))
    queued.start()
    try:
        assert _ask_meanwhile(store) == [["a", "b"]], "a question waited for another process's write"
    finally:
        release.set()
        import_.join()
        queued.join()
    assert store.get_people(["d", "e"]).keys() == {"d", "e"}
    cli.close()
    store.close()
