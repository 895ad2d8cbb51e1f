"""``intrograph goal …`` and ``intrograph users …`` through the real entry point."""
from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest

from graphsvc import accounts, cli
from graphsvc.model import ImportBatch
from graphsvc.store import open_store
from tests.helpers import run_cli

DUE = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture
def uri(tmp_path):
    """A store with two people."""
    uri = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(uri) as store:
        store.upsert(ImportBatch(people={"E1": {"name": "Ana", "email": "ana@example.com"},
                                         "E2": {"name": "Ben", "email": "ben@example.com"}}))
    return uri


def run(capsys, uri, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *argv, "--store", uri)


def test_goal_add_list_progress_and_show(capsys, uri):
    status, out, _ = run(capsys, uri, "goal", "add", "ana@example.com", "--statement", "Meet Rust people",
                         "--skill", "Rust", "--skill", "Go", "--org", "Initech", "--person", "ben@example.com",
                         "--level", "5", "--measure", "introductions made", "--target", "3", "--due", DUE,
                         "--relevant", "team moves to Rust", "--json")
    assert status == 0
    goal = json.loads(out)
    assert goal["spec"]["skills"] == ["Rust", "Go"] and goal["spec"]["people"] == ["E2"]
    assert goal["spec"]["levels"] == [5] and goal["target_value"] == 3 and goal["relevant"] == "team moves to Rust"

    status, out, _ = run(capsys, uri, "goal", "list", "E1")
    assert status == 0 and goal["id"] in out and "introductions made: 0 of 3 (0%)" in out
    assert "skills: Rust, Go; organisations: Initech; people: E2; levels: 5" in out
    assert run(capsys, uri, "goal", "list", "E2")[1].strip() == "No goals."

    status, out, _ = run(capsys, uri, "goal", "progress", goal["id"], "2", "--note", "met Cy")
    assert status == 0 and "2 of 3 (67%)" in out and "— met Cy" in out
    assert "[achieved]" in run(capsys, uri, "goal", "progress", goal["id"], "3")[1]
    status, out, _ = run(capsys, uri, "goal", "show", goal["id"], "--json")
    shown = json.loads(out)
    assert [h["value"] for h in shown["history"]] == [2, 3] and shown["history"][0]["by"].startswith("cli")
    assert json.loads(run(capsys, uri, "goal", "list", "--status", "achieved", "--json")[1])[0]["id"] == goal["id"]
    assert "[dropped]" in run(capsys, uri, "goal", "status", goal["id"], "dropped")[1]


def test_goal_errors_are_plain_messages(capsys, uri):
    status, _, err = run(capsys, uri, "goal", "add", "E1", "--statement", "Grow", "--measure", "m",
                         "--target", "many", "--due", "2020-01-01")
    assert status == 1 and "spec: name at least one specific target" in err
    assert "the target must be a number, not 'many'" in err and "the due date must be in the future" in err
    status, _, err = run(capsys, uri, "goal", "progress", "G-nope", "1")
    assert status == 1 and err.strip() == "intrograph: error: no goal with id 'G-nope'"
    status, _, err = run(capsys, uri, "goal", "list", "nobody@example.com")
    assert status == 1 and "no person with id or e-mail 'nobody@example.com'" in err


def test_users_add_list_token_and_disable(capsys, uri, monkeypatch):
    status, out, _ = run(capsys, uri, "users", "add", "Ana@Example.com", "--role", "mentee", "--role", "mentor",
                         stdin="correct horse\n", monkeypatch=monkeypatch)
    assert status == 0 and "ana@example.com" in out and "mentor,mentee" in out and "E1" in out
    status, _, err = run(capsys, uri, "users", "add", "ben@example.com", "--role", "mentor",
                         stdin="short\n", monkeypatch=monkeypatch)
    assert status == 1 and "at least 8 characters" in err
    status, _, err = run(capsys, uri, "users", "add", "ben@example.com", "--role", "mentor",
                         stdin="", monkeypatch=monkeypatch)
    assert status == 1 and "no password" in err

    status, out, _ = run(capsys, uri, "users", "list", "--json")
    listed = json.loads(out)
    assert [u["email"] for u in listed] == ["ana@example.com"] and "password_hash" not in listed[0]

    status, out, err = run(capsys, uri, "users", "token", "ana@example.com")
    token = out.strip()
    assert status == 0 and "shown once" in err
    with open_store(uri) as store:
        assert accounts.user_for_token(store, token)["email"] == "ana@example.com"
        assert accounts.authenticate(store, "ana@example.com", "correct horse")["roles"] == ["mentor", "mentee"]

    assert "DISABLED" in run(capsys, uri, "users", "disable", "ana@example.com")[1]
    assert "has API token  DISABLED" in run(capsys, uri, "users", "list")[1]
    status, _, err = run(capsys, uri, "users", "token", "nobody@example.com")
    assert status == 1 and "no account for 'nobody@example.com'" in err


def test_an_unknown_role_is_refused_by_the_parser(capsys, uri):
    with pytest.raises(SystemExit) as caught:
        cli.main(["users", "add", "ana@example.com", "--role", "owner", "--store", uri])
    assert caught.value.code == 2 and "invalid choice: 'owner'" in capsys.readouterr().err
