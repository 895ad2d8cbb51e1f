"""Every import source on both stores: what it writes, that re-importing changes nothing,
that a dry run writes nothing, and that a malformed file is rejected naming its lines."""
from __future__ import annotations

from datetime import date

import pytest

from graphsvc.person_network import ties_of
from graphsvc.warm_paths import warm_intro
from importers.problems import ImportRejected
from importers.run import run_import


def _rels(store):
    return store.counts()["relationships"]


def _ties(store, a, b):
    """Evidence between two people, as path search sees it."""
    edges, _ = store.incident_edges([a])
    return [t for e in edges if e.other(a) == b for t in e.ties]


def _rejected(store, kind, path, *expected, **options):
    """Import a bad file: it must be refused, write nothing, and name each expected problem."""
    before = store.counts()
    with pytest.raises(ImportRejected) as caught:
        run_import(store, kind, path, **options)
    assert store.counts() == before
    text = str(caught.value)
    for problem in expected:
        assert f"{path}:{problem}" in text, f"{path}:{problem!r} not in\n{text}"
    return text


@pytest.fixture
def org(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    return store


def _assert_reimport_changes_nothing(store, kind, path, **options):
    counts = store.counts()
    again = run_import(store, kind, path, **options)
    assert not again.summary.changed, again.summary
    assert store.counts() == counts


# ------------------------------------------------------------------ people

def test_people_sets_attributes_by_id_email_and_keeps_formulas_as_text(org, data_dir):
    report = run_import(org, "people", data_dir / "import_people.csv")
    assert report.summary.nodes_updated == 3 and report.summary.nodes_created == 0
    ana = org.get_person("E1")
    assert ana["skills"] == ["Strategy", "Fundraising"] and ana["interests"] == ["Chess"]
    assert ana["title"] == "CEO"  # columns the file does not have are left alone
    eun = org.get_person("eun@example.com")
    assert eun["person_id"] == "E5"
    assert eun["skills"] == ["Python", "Go"]
    assert eun["linkedin_url"] == "https://www.linkedin.com/in/eun-kim"
    assert eun["open_to_intros"] is False
    femi = org.get_person("E6")
    assert femi["skills"] == ["=cmd|' /C calc'!A0"] and femi["active"] is False
    _assert_reimport_changes_nothing(org, "people", data_dir / "import_people.csv")


def test_people_rejects_every_bad_row(org, data_dir):
    _rejected(org, "people", data_dir / "import_people_bad.csv",
              "2: level: must be a whole number, not 'senior'",
              "3: person_id: unknown person 'E404'",
              "4: email: malformed e-mail 'bo@example'",
              "5: active: must be true or false, not 'maybe'",
              "6: linkedin_url: not a LinkedIn profile URL",
              "7: email: e-mail dev@example.com already belongs to person E4, not E5",
              "8: person_id: person E1 again (first on line 2)")


def test_people_from_xlsx(org, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Person ID", "Skills", "Level", "Open To Intros"])
    sheet.append(["E7", "Negotiation;Spanish", 5, False])
    sheet.append(["E8", "=HYPERLINK(\"http://x\")", 4.0, True])
    book.save(tmp_path / "people.xlsx")
    run_import(org, "people", tmp_path / "people.xlsx")
    assert org.get_person("E7")["skills"] == ["Negotiation", "Spanish"]
    assert org.get_person("E7")["level"] == 5 and org.get_person("E7")["open_to_intros"] is False
    assert org.get_person("E8")["skills"] == ['=HYPERLINK("http://x")'] and org.get_person("E8")["level"] == 4


# ----------------------------------------------------------- relationships

def test_relationships_by_id_or_email_with_their_evidence(org, data_dir):
    before = _rels(org)
    report = run_import(org, "relationships", data_dir / "import_relationships.csv")
    assert report.summary.relationships_created == 4
    after = _rels(org)
    assert after["KNOWS"] == 1 and after["MENTORS"] == 1
    assert after["WORKED_WITH"] == before["WORKED_WITH"] + 1
    assert after["REPORTS_TO"] == before["REPORTS_TO"] + 1
    [atlas] = [t for t in _ties(org, "E5", "E8") if t.type == "WORKED_WITH"]
    assert atlas.props == {"kind": "project", "context": "Atlas", "since": "2021-03-01",
                           "until": "2022-06-30", "interactions": 40}
    dotted = [t for t in _ties(org, "E7", "E2") if t.type == "REPORTS_TO"]
    assert [t.props["kind"] for t in dotted] == ["dotted"]
    _assert_reimport_changes_nothing(org, "relationships", data_dir / "import_relationships.csv")


def test_relationships_reject_every_bad_row(org, data_dir):
    _rejected(org, "relationships", data_dir / "import_relationships_bad.csv",
              "2: type: unknown type 'FRIENDS'",
              "3: target: unknown person 'nobody@example.com'",
              "4: target: a tie needs two different people",
              "5: since: not a date: '2020-13-01'",
              "6: until: ends (2021-01-01) before it starts (2022-01-01)",
              "7: interactions: must be at least 0, not -3",
              "8: target: reporting cycle: ",
              "9: target: reporting cycle: ",
              "10: kind: kind 'team' does not fit KNOWS")


# -------------------------------------------------------------- mentorships

def test_mentorships_and_their_path_evidence(org, data_dir):
    report = run_import(org, "mentorships", data_dir / "import_mentorships.csv")
    assert report.summary.relationships_created == 2
    [tie] = [t for t in _ties(org, "E2", "E5") if t.type == "MENTORS"]
    assert (tie.source, tie.target) == ("E2", "E5")
    assert tie.props == {"since": "2023-01-15", "status": "active", "program": "Engineering Mentorship 2023"}
    org.refresh_weights(date(2024, 1, 1))  # while the Leadership Track mentorship was recent
    hop = warm_intro(org, "E7", "E1").paths[0]["hops"][0]
    assert any("Leadership Track" in e for e in hop["evidence"])
    _assert_reimport_changes_nothing(org, "mentorships", data_dir / "import_mentorships.csv")


def test_mentorships_reject_every_bad_row(org, data_dir):
    _rejected(org, "mentorships", data_dir / "import_mentorships_bad.csv",
              "2: mentee: a person cannot mentor themselves",
              "3: mentee: unknown person 'ghost@example.com'",
              "4: status: unknown status 'ongoing'",
              "5: since: not a date: '15/13/2023'",
              "6: mentee: missing mentee")


# ---------------------------------------------------------------- positions

def test_positions_normalise_employers_and_link_former_colleagues(org, data_dir):
    run_import(org, "positions", data_dir / "import_positions.csv")
    counts = org.counts()
    assert counts["nodes"]["Organization"] == 2
    assert counts["relationships"]["WORKS_AT"] == 6
    assert org.get_organizations(["initech", "globex"]) == {"initech": "Initech, Inc.",
                                                            "globex": "Globex Corporation"}
    [initech] = [t for t in _ties(org, "E5", "E6") if t.props.get("kind") == "company"]
    assert initech.props == {"kind": "company", "context": "Initech, Inc.", "since": "2017-01-01",
                             "until": "2018-06-30"}
    assert not [t for t in _ties(org, "E5", "E7") if t.props.get("kind") == "company"]  # 45 days only
    [globex] = [t for t in _ties(org, "E2", "E8") if t.props.get("kind") == "company"]
    assert globex.props == {"kind": "company", "context": "Globex Corporation", "since": "2020-01-01"}
    _assert_reimport_changes_nothing(org, "positions", data_dir / "import_positions.csv")


def test_positions_overlap_with_tenures_already_stored(org, data_dir):
    run_import(org, "positions", data_dir / "import_positions.csv")
    report = run_import(org, "positions", data_dir / "import_positions_more.csv")
    assert report.summary.relationships_created == 2  # the tenure, and E4–E5 (303 days together)
    [tie] = [t for t in _ties(org, "E4", "E5") if t.props.get("kind") == "company"]
    assert tie.props["since"] == "2016-06-01" and tie.props["until"] == "2017-03-31"
    # E4 and E6 overlapped from 2017-01-01 to 2017-03-31: 89 days, under three months
    assert not [t for t in _ties(org, "E4", "E6") if t.props.get("kind") == "company"]
    assert org.get_organizations(["initech"]) == {"initech": "Initech, Inc."}  # first name kept


def test_positions_reject_every_bad_row(org, data_dir):
    _rejected(org, "positions", data_dir / "import_positions_bad.csv",
              "2: person: unknown person 'E404'",
              "3: organization: missing organization",
              "4: organization: organization '!!!' has no letters or digits",
              "5: until: ends (2015-01-01) before it starts (2016-01-01)",
              "6: since: not a date: 'last year'")


# ----------------------------------------------------------------- LinkedIn

def test_linkedin_export_merges_connections_into_people(org, data_dir):
    run_import(org, "people", data_dir / "import_people.csv")  # gives Eun her LinkedIn URL
    people_before = org.counts()["nodes"]["Person"]
    report = run_import(org, "linkedin", data_dir / "import_linkedin_connections.csv", owner="ana.ruiz@example.com")
    # Bo by e-mail, Eun by URL; Zed, the other Hiro and Quinn are new
    assert org.counts()["nodes"]["Person"] == people_before + 3
    assert org.get_person("E2")["linkedin_url"] == "https://www.linkedin.com/in/bo-lindqvist"
    assert org.get_person("E2")["title"] == "VP Engineering"
    zed = org.get_person("li-zed-zimmer")
    assert zed["name"] == "Zed Zimmer" and zed["title"] == "Designer" and "email" not in zed
    assert org.get_person("quinn@outside.org")["name"] == "Quinn Quark"
    assert org.resolve("li-hiro-t-123") != "E8"
    [warning] = [w for w in report.warnings if "possible duplicate" in w]
    assert ":8: First Name: possible duplicate: Hiro Tanaka (new person li-hiro-t-123) has the same name as E8" \
        in warning
    knows = [t for t in _ties(org, "E1", "E2") if t.type == "KNOWS"]
    assert [t.props for t in knows] == [{"source": "linkedin", "since": "2024-03-15"}]
    assert org.counts()["relationships"]["KNOWS"] == 5
    assert org.get_organizations(["acme", "globex", "umbrella"]) == {
        "acme": "Acme, Inc.", "globex": "Globex", "umbrella": "Umbrella Corp"}
    assert org.counts()["relationships"]["WORKS_AT"] == 5
    org.refresh_weights(date(2024, 6, 1))
    hop = warm_intro(org, "E1", "li-zed-zimmer").paths[0]["hops"][0]
    assert hop["evidence"] == [e for e in hop["evidence"] if "LinkedIn" in e]
    _assert_reimport_changes_nothing(org, "linkedin", data_dir / "import_linkedin_connections.csv",
                                     owner="E1")


def test_org_chart_after_linkedin_names_the_same_person_by_email(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    run_import(store, "linkedin", data_dir / "import_linkedin_connections.csv", owner="E1")
    people = store.counts()["nodes"]["Person"]
    report = run_import(store, "orgchart", data_dir / "import_orgchart_after_linkedin.csv")
    assert report.summary.nodes_created == 0
    assert store.counts()["nodes"]["Person"] == people
    quinn = store.get_person("quinn@outside.org")
    assert quinn["title"] == "Advisor to the CEO"
    reports_to = [t for t in _ties(store, "quinn@outside.org", "E1") if t.type == "REPORTS_TO"]
    assert len(reports_to) == 1
    _assert_reimport_changes_nothing(store, "orgchart", data_dir / "import_orgchart_after_linkedin.csv")


def test_linkedin_rejects_every_bad_row_and_unknown_owners(org, data_dir):
    file = str(data_dir / "import_linkedin_bad.csv")
    _rejected(org, "linkedin", file,
              "5: Connected On: not a date: '32 Foo 2024'",
              "6: Email Address: malformed e-mail 'zed@@example.com'",
              "7: URL: not a LinkedIn profile URL",
              "8: First Name: a connection needs a name, an e-mail or a URL", owner="E1")
    text = _rejected(org, "linkedin", data_dir / "import_linkedin_connections.csv", owner="nobody@example.com")
    assert "--owner 'nobody@example.com': no person has this id or e-mail" in text


# ---------------------------------------------------------------- org charts

def test_matrix_managers_are_a_second_weaker_reporting_line(store, data_dir):
    run_import(store, "orgchart", data_dir / "import_orgchart_matrix.csv")
    kinds = sorted(t.props["kind"] for t in _ties(store, "M3", "M2") if t.type == "REPORTS_TO")
    assert kinds == ["dotted"]
    assert store.counts()["relationships"]["REPORTS_TO"] == 3


@pytest.mark.parametrize("id_column,manager_column", [
    ("Employee ID", "Manager ID"), ("PersonID", "SupervisorID"), ("employeeId", "Supervisor ID"),
    ("ID", "Reports To"), ("Employee ID", "Boss ID")])
def test_org_chart_header_aliases(embedded_store, tmp_path, id_column, manager_column):
    path = tmp_path / "chart.csv"
    path.write_text(f"{id_column},First Name,Last Name,{manager_column}\nB1,Bea,Boss,\nB2,Cy,Crew,B1\n",
                    encoding="utf-8")
    run_import(embedded_store, "orgchart", path)
    assert embedded_store.get_person("B2")["name"] == "Cy Crew"
    assert embedded_store.direct_reports(["B1"]) == {"B1": ["B2"]}


def test_org_chart_from_xlsx_with_manager_by_email(store, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Full Name", "Email", "supervisorEmail", "Level"])
    sheet.append([101, "Xe Xavier", "xe@example.com", None, 6])
    sheet.append([102, "Yo Young", "yo@example.com", "XE@example.com", 3])
    book.save(tmp_path / "chart.xlsx")
    report = run_import(store, "orgchart", tmp_path / "chart.xlsx")
    assert report.summary.nodes_created == 2
    assert store.get_person("102")["level"] == 3
    assert store.direct_reports(["101"]) == {"101": ["102"]}


def test_dry_run_of_every_kind_writes_nothing(org, data_dir):
    before = org.counts()
    for kind, name, options in (("people", "import_people.csv", {}),
                                ("relationships", "import_relationships.csv", {}),
                                ("mentorships", "import_mentorships.csv", {}),
                                ("positions", "import_positions.csv", {}),
                                ("linkedin", "import_linkedin_connections.csv", {"owner": "E1"})):
        report = run_import(org, kind, data_dir / name, dry_run=True, **options)
        assert report.summary.changed, kind
        assert org.counts() == before, kind


def test_progress_counts_every_record_of_the_batch(org, data_dir):
    seen = []
    run_import(org, "positions", data_dir / "import_positions.csv",
               progress=lambda stage, done, total: seen.append((stage, done, total)))
    writing = [(done, total) for stage, done, total in seen if stage == "writing" and total]
    assert writing and writing[-1][0] == writing[-1][1]
    assert [done for done, _ in writing] == sorted(done for done, _ in writing)
    assert [stage for stage, _, _ in seen][:2] == ["validating", "writing"]


def test_a_reorganised_org_chart_ends_the_old_reporting_lines(org, tmp_path):
    moved = tmp_path / "reorg.csv"
    moved.write_text("Employee ID,Name,Manager ID\nE5,Eun Kim,E2\nE7,Gala Ortiz,\n", encoding="utf-8")
    report = run_import(org, "orgchart", moved)
    today = date.today().isoformat()
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        f"Manager ID: E5 no longer reports to E4 (now to E2): that line ends {today}, "
        "as do the team ties with 1 former teammate",
        f"Manager ID: E7 no longer reports to E3: that line ends {today}, as do the team ties with 1 former teammate"]
    assert org.direct_reports(["E4", "E2", "E3"]) == {"E4": ["E6"], "E2": ["E4", "E5"], "E3": ["E8"]}
    [old] = [t for t in _ties(org, "E5", "E4") if t.type == "REPORTS_TO"]
    assert old.props == {"kind": "solid", "until": today}
    assert _rels(org)["REPORTS_TO"] == 8
    _assert_reimport_changes_nothing(org, "orgchart", moved)


def test_moving_to_another_team_ends_the_team_ties_with_former_teammates(org, tmp_path):
    """E5 moves from Dev Patel's (E4) Payments team to Chiara Okafor's (E3): the tie to E6,
    still in Payments, ends today and decays from then on; E5 becomes E7's and E8's teammate,
    a team the explanations name by its manager."""
    moved = tmp_path / "reorg.csv"
    moved.write_text("Employee ID,Name,Manager ID\nE5,Eun Kim,E3\n", encoding="utf-8")
    today = date.today()
    report = run_import(org, "orgchart", moved)
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        f"Manager ID: E5 no longer reports to E4 (now to E3): that line ends {today.isoformat()}, "
        "as do the team ties with 1 former teammate"]
    [former] = [t for t in _ties(org, "E5", "E6") if t.type == "WORKED_WITH"]
    assert former.props == {"kind": "team", "context": "Payments", "until": today.isoformat()}
    [new] = [t for t in _ties(org, "E5", "E7") if t.type == "WORKED_WITH"]
    assert new.props == {"kind": "team", "context": "reporting to E3", "manager_name": "Chiara Okafor"}
    assert [t for t in _ties(org, "E6", "E4") if t.type == "REPORTS_TO"][0].props == {"kind": "solid"}
    assert {t["person"]["person_id"]: t["evidence"] for t in ties_of(org, "E5")}["E7"] == [
        "same team reporting to Chiara Okafor"]
    [path] = warm_intro(org, "E6", "E5", k=1, max_hops=1).paths
    assert path["hops"][0]["evidence"] == [f"same team Payments (until {today.year})"]
    org.refresh_weights(today.replace(year=today.year + 4))  # one half-life later
    weights = org.weighted_neighbours(["E5"], ["E5"]).weights["E5"]
    assert weights["E6"] == pytest.approx(0.35)
    assert weights["E7"] == pytest.approx(0.7)  # the current team does not decay
    _assert_reimport_changes_nothing(org, "orgchart", moved)


def test_two_who_move_together_keep_their_team_tie(org, tmp_path):
    """E5 and E6 move from E4 to E2 together and stay the Payments team: their tie stays current."""
    moved = tmp_path / "reorg.csv"
    moved.write_text("Employee ID,Name,Team,Manager ID\nE5,Eun Kim,Payments,E2\nE6,Femi Adeyemi,Payments,E2\n",
                     encoding="utf-8")
    run_import(org, "orgchart", moved)
    [tie] = [t for t in _ties(org, "E5", "E6") if t.type == "WORKED_WITH"]
    assert tie.props == {"kind": "team", "context": "Payments"}


def _chart(path, *rows):
    path.write_text("Employee ID,Name,Manager ID\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_a_reporting_cycle_with_the_stored_lines_is_rejected(store, tmp_path):
    """B1 reports to A1 from one file; a second that says A1 reports to B1 closes a cycle."""
    run_import(store, "orgchart", _chart(tmp_path / "first.csv", "A1,Ann Ash,", "B1,Bo Bell,A1", "C1,Cy Cole,B1"))
    before = store.counts()
    second = _chart(tmp_path / "second.csv", "A1,Ann Ash,C1")
    text = _rejected(store, "orgchart", second, "2: Manager ID: reporting cycle with lines already stored: "
                     "A1 (Ann Ash) → C1 (Cy Cole) → B1 (Bo Bell) → A1 (Ann Ash); the store has C1 (Cy Cole) "
                     "reporting to B1 (Bo Bell), B1 (Bo Bell) reporting to A1 (Ann Ash)")
    assert "import an org chart that lists C1 and B1 with their manager now" in text
    assert store.counts() == before and store.direct_reports(["A1", "B1"]) == {"A1": ["B1"], "B1": ["C1"]}
    # Listing B1 with a new manager replaces the stored line that closed the cycle.
    run_import(store, "orgchart", _chart(tmp_path / "third.csv", "B1,Bo Bell,", "A1,Ann Ash,C1"))
    assert store.direct_reports(["A1", "B1", "C1"]) == {"B1": ["C1"], "C1": ["A1"]}


def test_a_relationships_file_cannot_close_a_reporting_cycle_with_the_store(store, tmp_path):
    run_import(store, "orgchart", _chart(tmp_path / "chart.csv", "A1,Ann Ash,", "B1,Bo Bell,A1"))
    lines = tmp_path / "lines.csv"
    lines.write_text("source,target,type,since,until\nA1,B1,REPORTS_TO,2026-01-01,\n", encoding="utf-8")
    _rejected(store, "relationships", lines, "2: target: reporting cycle with lines already stored: "
              "A1 (Ann Ash) → B1 (Bo Bell) → A1 (Ann Ash); the store has B1 (Bo Bell) reporting to A1 (Ann Ash)")
    # ending the stored line in the same file is no cycle
    lines.write_text("source,target,type,since,until\nA1,B1,REPORTS_TO,2026-01-01,\n"
                     "B1,A1,REPORTS_TO,,2026-01-01\n", encoding="utf-8")
    run_import(store, "relationships", lines)
    assert store.direct_reports(["A1", "B1"]) == {"B1": ["A1"]}
