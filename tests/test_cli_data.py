"""``intrograph person …``, ``dump`` and ``restore`` through the real entry point."""
from __future__ import annotations

import json

from graphsvc import accounts
from graphsvc.store import open_store
from tests.helpers import DATA, PASSWORD, run_cli


def _store(tmp_path, name="cli.db") -> str:
    return f"sqlite:///{tmp_path / name}"


def test_person_export_erase_and_unerase(capsys, tmp_path):
    uri = _store(tmp_path)
    assert run_cli(capsys, "import", "orgchart", str(DATA / "orgchart_small.csv"), "--store", uri, "--quiet")[0] == 0
    with open_store(uri) as store:
        accounts.add_user(store, "eun@example.com", PASSWORD, ["mentee"])

    status, out, _ = run_cli(capsys, "person", "export", "eun@example.com", "--store", uri)
    exported = json.loads(out)
    assert status == 0 and exported["person"]["person_id"] == "E5" and exported["accounts"][0]["roles"] == ["mentee"]
    assert "password_hash" not in out
    status, _, err = run_cli(capsys, "person", "export", "E5", "--out", str(tmp_path / "e5.json"), "--store", uri)
    assert status == 0 and json.loads((tmp_path / "e5.json").read_text())["person"] == exported["person"]

    status, _, err = run_cli(capsys, "person", "erase", "E5", "--store", uri)
    assert status == 1 and "add --yes" in err
    status, out, _ = run_cli(capsys, "person", "erase", "E5", "--yes", "--store", uri)
    assert status == 0 and "erased E5" in out and "1 accounts" in out
    status, _, err = run_cli(capsys, "import", "orgchart", str(DATA / "orgchart_small.csv"), "--store", uri)
    assert status == 1 and "orgchart_small.csv:6: Employee ID: E5 was erased on" in err
    status, out, _ = run_cli(capsys, "person", "unerase", "eun@example.com", "--store", uri)
    assert status == 0 and "lifted erasure" in out
    assert run_cli(capsys, "import", "orgchart", str(DATA / "orgchart_small.csv"), "--store", uri, "--quiet")[0] == 0


def test_dump_and_restore(capsys, tmp_path):
    source, target = _store(tmp_path, "a.db"), _store(tmp_path, "b.db")
    run_cli(capsys, "import", "orgchart", str(DATA / "orgchart_small.csv"), "--store", source, "--quiet")
    status, out, _ = run_cli(capsys, "dump", str(tmp_path / "d.jsonl"), "--store", source)
    assert status == 0 and "8 person" in out
    status, out, _ = run_cli(capsys, "restore", str(tmp_path / "d.jsonl"), "--store", target, "--json")
    assert status == 0 and json.loads(out)["counts"]["person"] == 8
    status, _, err = run_cli(capsys, "restore", str(tmp_path / "d.jsonl"), "--store", target)
    assert status == 1 and "is not empty" in err
    stats = [json.loads(run_cli(capsys, "stats", "--json", "--store", uri)[1]) for uri in (source, target)]
    assert stats[0] == stats[1]
