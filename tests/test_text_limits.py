"""Every text a person types has a limit, checked by the services (so the CLI, the pages and
the API refuse alike) and listed in README.md. 8 MB goals and notes used to be stored, and
one API answer that showed them reached 25 MB."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from graphsvc import accounts, limits
from graphsvc.goals import GoalInvalid, GoalSpec, add_goal, update_progress
from graphsvc.introductions import TransitionError, request_intro, transition
from graphsvc.model import ImportBatch
from tests.helpers import ROOT, run_cli

DUE = (date.today() + timedelta(days=30)).isoformat()
EIGHT_MB = "x" * 8_000_000


@pytest.fixture
def people(embedded_store):
    embedded_store.upsert(ImportBatch(people={
        "R": {"name": "Rea", "email": "rea@example.com"}, "I": {"name": "Ian", "email": "ian@example.com"},
        "T": {"name": "Tia", "email": "tia@example.com"}}))
    return embedded_store


def _goal(store, **changes):
    values = {"statement": "Meet Go people", "spec": GoalSpec(skills=["Go"]), "measure": "intros",
              "target_value": 2, "due": DUE, "achievable": "", "relevant": ""} | changes
    return add_goal(store, "R", **values)


def test_a_goal_refuses_every_part_past_its_limit_and_stores_nothing(people):
    with pytest.raises(GoalInvalid) as caught:
        _goal(people, statement=EIGHT_MB, measure="m" * 201, achievable=EIGHT_MB, relevant="r" * 2_001,
              spec=GoalSpec(skills=["s" * 201]))
    assert caught.value.errors == {
        "statement": "at most 500 characters, not 8,000,000", "measure": "at most 200 characters, not 201",
        "achievable": "at most 2,000 characters, not 8,000,000", "relevant": "at most 2,000 characters, not 2,001",
        "spec": "skills, entry 1: at most 200 characters, not 201"}
    with pytest.raises(GoalInvalid, match="spec: titles: at most 50 entries, not 51"):
        _goal(people, spec=GoalSpec(titles=[f"T{i}" for i in range(51)]))
    assert people.find_records("Goal") == []
    at_the_limit = _goal(people, statement="s" * limits.GOAL_STATEMENT, relevant="r" * limits.GOAL_REASON)
    assert len(at_the_limit["statement"]) == 500


def test_progress_and_introduction_notes_are_limited(people):
    goal = _goal(people)
    with pytest.raises(GoalInvalid, match="note: at most 2,000 characters, not 8,000,000"):
        update_progress(people, goal["id"], 1, note=EIGHT_MB)
    assert people.get_record("Goal", goal["id"])["history"] == []
    intro = request_intro(people, "R", "I", "T", message="m" * limits.INTRO_MESSAGE)
    with pytest.raises(TransitionError, match="note: at most 2,000 characters, not 8,000,000"):
        transition(people, intro["id"], "declined", "I", note=EIGHT_MB)
    assert people.get_record("Introduction", intro["id"])["status"] == "requested"
    with pytest.raises(TransitionError, match="keep it under 2000"):
        request_intro(people, "R", "I", "T", message=EIGHT_MB)


def test_account_emails_are_limited(people):
    with pytest.raises(accounts.AccountError, match="e-mail: at most 254 characters, not 8,000,012"):
        accounts.add_user(people, EIGHT_MB + "@example.com", "long enough", ["admin"])
    assert accounts.list_users(people) == []


def test_the_cli_gets_the_same_limits(capsys, tmp_path):
    uri = f"sqlite:///{tmp_path / 'g.db'}"
    run_cli(capsys, "import", "orgchart", str(ROOT / "tests" / "data" / "orgchart_small.csv"), "--store", uri)
    code, out, err = run_cli(capsys, "goal", "add", "E1", "--statement", "s" * 501, "--skill", "Go",
                             "--measure", "intros", "--target", "2", "--due", DUE, "--store", uri)
    assert code != 0 and out == ""
    assert "statement: at most 500 characters, not 501" in err


def test_readme_lists_every_limit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| ([^|]+?) \| ([\d,]+) \|$", readme, re.MULTILINE))
    assert {what: int(n.replace(",", "")) for what, n in table.items()} == limits.LIMITS
