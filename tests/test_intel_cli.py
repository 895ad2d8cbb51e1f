"""The intelligence commands end to end through ``intrograph``'s main, on both stores."""
from __future__ import annotations

import json

import pytest

from graphsvc.goals import GoalSpec, add_goal
from graphsvc.model import Tie
from tests.helpers import build, run_cli


@pytest.fixture
def run(store, capsys):
    """``run(*argv)`` → (exit status, stdout, stderr) of ``intrograph argv --store <store>``."""
    return lambda *argv: run_cli(capsys, *argv, "--store", store.uri)


@pytest.fixture
def org(store):
    """Two departments joined by one tie (bo – cy); ann mentors dee; cy is a Go programmer."""
    build(store, {
        "ann": {"name": "Ann", "department": "Eng", "level": 5, "skills": ["Go", "Python"]},
        "bo": {"name": "Bo", "department": "Eng", "level": 3, "skills": ["Python"]},
        "cy": {"name": "Cy", "department": "Ops", "level": 4, "skills": ["Go"], "title": "SRE Lead"},
        "dee": {"name": "Dee", "department": "Eng", "level": 2, "skills": ["Python"], "email": "dee@example.com"},
        "eli": {"name": "Eli", "department": "Ops", "level": 2},
    }, [Tie("MENTORS", "ann", "dee", {"status": "active"}),
        Tie("WORKED_WITH", "ann", "bo", {"kind": "team", "context": "Core"}),
        Tie("WORKED_WITH", "bo", "dee", {"kind": "team", "context": "Core"}),
        Tie("KNOWS", "bo", "cy", {"source": "manual"}),
        Tie("WORKED_WITH", "cy", "eli", {"kind": "team", "context": "Ops"})])
    return store


def test_helpers_by_flags_and_by_goal(run, org):
    code, out, _ = run("helpers", "dee@example.com", "--skill", "Go", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["person_id"] for r in rows] == ["ann", "cy"]
    goal = add_goal(org, "dee", "Learn Go from an SRE", GoalSpec(titles=("sre",)), "introductions", 1, "2099-01-01")
    code, out, _ = run("helpers", "dee", "--goal", goal["id"])
    assert code == 0 and out.startswith("1. Cy (cy, SRE Lead, Ops)") and "why: title: SRE Lead" in out
    assert "via: Dee → Bo → Cy" in out
    code, _, err = run("helpers", "dee")
    assert code == 1 and "say what help is needed" in err


def test_analyze_then_connectors(run, org):
    code, out, _ = run("connectors")
    assert code == 0 and "run `intrograph analyze` first" in out
    code, out, err = run("analyze")
    assert code == 0 and out.startswith("analysed 5 active of 5 people, 5 ties; betweenness exact")
    assert "read graph" in err  # progress on stderr
    code, out, _ = run("connectors", "--top", "2", "--json")
    rows = json.loads(out)
    assert [r["person_id"] for r in rows] == ["bo", "cy"]  # the bridge between Eng and Ops
    code, out, _ = run("connectors", "--department", "ops", "--by", "bridge_score")
    assert code == 0 and out.splitlines()[1].endswith("Cy (cy, SRE Lead, Ops)")


def test_mentors_picks_meet_health(run, org):
    add_goal(org, "eli", "Learn Python", GoalSpec(skills=("Python",)), "introductions", 1, "2099-01-01")
    code, out, _ = run("mentors", "eli", "--json")
    # both match the goal and share Python; Bo has more room (3 of 3 free against Ann's 2)
    # and a closer level: 0.819 against Ann's 0.812
    assert code == 0 and [r["person_id"] for r in json.loads(out)] == ["bo", "ann", "cy"]
    code, out, _ = run("picks", "cy", "eli")
    assert code == 0 and out.startswith("1. Bo (bo, Eng)") and "you know them: know each other" in out
    code, out, _ = run("meet", "dee")
    assert code == 0 and out.startswith("1. Cy") and "you both know: Bo" in out
    code, out, _ = run("health", "--json")
    report = json.loads(out)
    assert code == 0 and report["unlinked_departments"] == [] and report["isolated"] == []
    code, out, _ = run("health")
    assert "mentees without a mentor: 0" in out and "no pending introduction requests" in out
    assert "mentors over capacity: 0" in out


def test_output_cut_short_by_its_reader_is_no_traceback(tmp_path):
    """`intrograph … | head -1`: the reader leaves early; the command ends quietly (141, as a
    shell reports a pipe closed under it), never with a BrokenPipeError traceback."""
    import subprocess
    import sys
    cli = [sys.executable, "-m", "graphsvc.cli"]
    uri = f"sqlite:///{tmp_path / 's.db'}"
    for argv in (["generate", "--people", "1500", "--out", str(tmp_path), "--quiet"],
                 ["import", "orgchart", str(tmp_path / "orgchart.csv"), "--store", uri],
                 ["analyze", "--store", uri]):
        subprocess.run(cli + argv, check=True, capture_output=True)
    # far more than a pipe holds, so the writer meets the closed pipe
    proc = subprocess.run(f"{' '.join(cli)} connectors --top 1500 --store {uri} | head -1",
                          shell=True, capture_output=True, text=True)
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
