"""``intrograph import`` and ``intrograph generate`` as a user runs them, and a whole generated
organisation imported into both stores with ``import_generated``."""
from __future__ import annotations

import csv
import json

from graphsvc.cli import main
from importers.generate import generate
from importers.run import import_generated
from tests.helpers import run_cli


def test_import_prints_counts_then_a_dry_run_and_a_rejection(capsys, tmp_path, data_dir):
    store = f"sqlite:///{tmp_path / 'g.db'}"
    code, out, err = run_cli(capsys, "import", "orgchart", str(data_dir / "orgchart_small.csv"), "--store", store)
    assert code == 0 and err == ""  # stderr is no terminal here: no progress bar
    assert "nodes were: 8 created, 0 updated, 0 unchanged" in out
    assert "relationships were: 10 created, 0 updated, 0 unchanged" in out

    code, out, _ = run_cli(capsys, "import", "people", str(data_dir / "import_people.csv"), "--dry-run",
                        "--store", store)
    assert code == 0 and "people import (dry run: nothing written)" in out
    assert "nodes would be: 0 created, 3 updated, 5 unchanged" not in out  # only the file's people count
    assert "nodes would be: 0 created, 3 updated, 0 unchanged" in out

    bad = data_dir / "import_mentorships_bad.csv"
    code, out, err = run_cli(capsys, "import", "mentorships", str(bad), "--store", store)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"{bad}:2: mentee: a person cannot mentor themselves"
    assert lines[-1] == "intrograph: 5 problem(s) found; nothing was written"


def test_import_linkedin_needs_an_owner_and_reports_warnings_as_json(capsys, tmp_path, data_dir):
    store = f"sqlite:///{tmp_path / 'g.db'}"
    run_cli(capsys, "import", "orgchart", str(data_dir / "orgchart_small.csv"), "--store", store)
    export = str(data_dir / "import_linkedin_connections.csv")
    code, _, err = run_cli(capsys, "import", "linkedin", export, "--store", store)
    assert code == 1 and "needs --owner PERSON" in err
    code, out, _ = run_cli(capsys, "import", "linkedin", export, "--owner", "ana.ruiz@example.com", "--json",
                        "--quiet", "--store", store)
    report = json.loads(out)
    assert code == 0 and report["summary"]["nodes_created"] == 7  # 4 new people, 3 new organisations
    assert any("possible duplicate: Hiro Tanaka" in w for w in report["warnings"])


def test_generate_writes_the_import_files(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "generate", "--people", "40", "--seed", "3", "--out", str(tmp_path), "--json")
    files = json.loads(out)
    assert code == 0
    assert open(files["orgchart"], encoding="utf-8").readline().startswith("Employee ID,First Name,Last Name")
    assert files["linkedin"] and all(p.endswith("_Connections.csv") for p in files["linkedin"].values())


def test_a_generated_organisation_imports_into_one_graph_idempotently(store, tmp_path):
    files = generate(300, tmp_path / "org", seed=5)
    reports = import_generated(store, files, quiet=True)
    assert [r.kind for r in reports][:5] == ["orgchart", "people", "relationships", "mentorships", "positions"]
    counts = store.counts()
    employees = sum(1 for _ in open(files.orgchart, encoding="utf-8")) - 1
    assert counts["nodes"]["Person"] >= employees
    assert set(counts["relationships"]) == {"REPORTS_TO", "WORKED_WITH", "MENTORS", "KNOWS", "WORKS_AT"}
    # people.csv and the LinkedIn exports named employees by id and URL: no employee twice
    linked = store.find_people(linkedin_urls=[p["linkedin_url"] for p in store.find_people(
        ids=[f"E{i:06d}" for i in range(1, employees + 1)]) if p.get("linkedin_url")])
    assert all(p["person_id"].startswith("E") for p in linked)
    again = import_generated(store, files, quiet=True)
    assert not any(r.summary.changed for r in again)
    assert store.counts() == counts


def test_problems_csv_escapes_cells_a_spreadsheet_would_run(capsys, tmp_path):
    store = f"sqlite:///{tmp_path / 'g.db'}"
    chart = tmp_path / "chart.csv"
    chart.write_text("Employee ID,Name,+Lvl\nA1,Eve,=1+1\n", encoding="utf-8")
    report = tmp_path / "problems.csv"
    code, _, _ = run_cli(capsys, "import", "orgchart", str(chart), "--map", "+Lvl=level",
                      "--problems-csv", str(report), "--store", store)
    assert code == 1
    assert list(csv.reader(open(report, encoding="utf-8"))) == [
        ["severity", "file", "line", "column", "problem"],
        ["error", str(chart), "2", "'+Lvl", "must be a whole number, not '=1+1'"]]


def test_formulas_are_stored_as_text(capsys, tmp_path):
    store = f"sqlite:///{tmp_path / 'g.db'}"
    chart = tmp_path / "chart.csv"
    chart.write_text("Employee ID,Name,Title\nA1,Eve,=cmd|' /C calc'!A0\n", encoding="utf-8")
    assert run_cli(capsys, "import", "orgchart", str(chart), "--store", store)[0] == 0
    code, out, _ = run_cli(capsys, "import", "orgchart", str(chart), "--store", store, "--json")
    assert json.loads(out)["summary"]["nodes_unchanged"] == 1
    from graphsvc.store import open_store
    with open_store(store) as opened:
        assert opened.get_person("A1")["title"] == "=cmd|' /C calc'!A0"


def test_stats_show_the_date_pair_weights_are_computed_for(capsys, tmp_path, data_dir):
    from datetime import date
    uri = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["stats", "--store", uri, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["weights_as_of"] is None
    assert main(["import", "orgchart", str(data_dir / "orgchart_small.csv"), "--store", uri]) == 0
    capsys.readouterr()
    assert main(["stats", "--store", uri]) == 0
    assert f"pair weights as of {date.today().isoformat()}" in capsys.readouterr().out
