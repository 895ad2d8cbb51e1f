"""Pure parts of the importers: cell parsers, table reading, overlaps, the progress bar."""
from __future__ import annotations

import io
from datetime import date

import pytest

from graphsvc.model import ImportBatch, Position
from graphsvc.tenures import company_overlaps
from importers import cells
from importers.problems import ImportRejected
from importers.progress import ProgressBar, render
from importers.run import KINDS
from importers.table import read_table

ALIASES = {"id": "person_id", "name": "name"}


@pytest.mark.parametrize("text,canonical", [
    ("https://www.linkedin.com/in/ana-ruiz", "https://www.linkedin.com/in/ana-ruiz"),
    ("linkedin.com/in/Ana-Ruiz/", "https://www.linkedin.com/in/ana-ruiz"),
    ("http://uk.linkedin.com/in/ana-ruiz?trk=profile", "https://www.linkedin.com/in/ana-ruiz"),
    ("", None),
])
def test_linkedin_urls_meet_in_one_canonical_form(text, canonical):
    assert cells.linkedin_url(text) == canonical


@pytest.mark.parametrize("text", ["https://example.com/in/ana", "https://www.linkedin.com/company/acme",
                                  "ftp://linkedin.com/in/x", "https://www.linkedin.com/in/"])
def test_other_urls_are_not_profiles(text):
    with pytest.raises(ValueError, match="not a LinkedIn profile URL"):
        cells.linkedin_url(text)


def test_cell_parsers():
    assert cells.date("15 Mar 2024") == "2024-03-15" and cells.date("2024-03") == "2024-03-01"
    assert cells.date("") is None
    with pytest.raises(ValueError, match=r"not a date: '2024-02-30' \(use YYYY-MM-DD or 15 Mar 2024\)"):
        cells.date("2024-02-30")
    assert cells.items(" Go ; Rust;;Go ") == ["Go", "Rust"] and cells.items("") is None
    assert cells.flag("Yes") is True and cells.flag("0") is False and cells.flag("") is None
    assert cells.email("Ana@Example.COM") == "ana@example.com"
    for bad in ("ana@", "@example.com", "ana@example", "a b@example.com", "ana@@example.com", "=cmd@x.com,"):
        with pytest.raises(ValueError, match="malformed e-mail"):
            cells.email(bad)
    assert cells.whole_number("+7") == 7
    with pytest.raises(ValueError, match="at least 0"):
        cells.whole_number("-1", 0)
    assert cells.name("  Ana \t Ruiz ") == "Ana Ruiz"
    assert cells.name_key("José  GARCÍA") == cells.name_key("jose garcia")


@pytest.mark.parametrize("kind,file,problem", [
    ("relationships", "source,kind\nE1,x",
     "missing column(s) target, type: expected source,target,type,since,until,context,interactions"),
    ("mentorships", "mentee,since\nE1,x",
     "missing column(s) mentor: expected mentor,mentee,since,until,status,program"),
    ("positions", "title,since\nE1,x",
     "missing column(s) person, organization: expected person,organization,title,since,until"),
    ("people", "name,title\nAnn,x",
     "no column naming the person: expected person_id, email or linkedin_url (or give --map COLUMN=person_id)"),
    ("orgchart", "Name,Title\nAnn,x",
     "no id column: expected one of Employee ID, PersonID, employeeId, ID (or give --map COLUMN=person_id)"),
    ("orgchart", "ID,Title\nE2,x",
     "no name column: expected Name, or First Name and Last Name (or give --map COLUMN=name)"),
    # A CSV without LinkedIn's header has no table at all; JSON names its columns itself.
    ("linkedin", '[{"Company": "Initech", "Position": "CTO"}]',
     "not a LinkedIn Connections.csv: expected the header "
     "First Name,Last Name,URL,Email Address,Company,Position,Connected On"),
])
def test_a_file_without_the_columns_it_needs_is_rejected_at_its_header(tmp_path, embedded_store, kind, file,
                                                                        problem):
    """Each importer's required columns, checked once at the header, with its own message."""
    embedded_store.upsert(ImportBatch(people={"E1": {"name": "Ann Owner"}}))
    path = tmp_path / (f"{kind}.json" if file.startswith("[") else f"{kind}.csv")
    path.write_text(file + "\n", encoding="utf-8")
    options = {"owner": "E1"} if kind == "linkedin" else {}
    with pytest.raises(ImportRejected) as caught:
        KINDS[kind](path, embedded_store, None, **options)
    assert [str(p) for p in caught.value.problems] == [f"{path}:1: {problem}"]


def test_table_skips_a_preamble_keeps_line_numbers_and_trailing_empty_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('Notes:\n"a note, with a comma"\n\nid,name\n1,"Ann\nAnn",\n2,Bo,,\n', encoding="utf-8-sig")
    table = read_table(path, ALIASES, is_header=lambda c: c[:2] == ["id", "name"])
    assert [(r.line, r.values) for r in table.rows] == [(5, {"person_id": "1", "name": "Ann\nAnn"}),
                                                       (7, {"person_id": "2", "name": "Bo"})]


def test_table_reads_utf16_and_refuses_other_encodings(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("id,name\n1,Zoë\n".encode("utf-16"))
    assert read_table(path, ALIASES).rows[0].values == {"person_id": "1", "name": "Zoë"}
    path.write_bytes("id,name\n1,Ann\n2,Zoë\n".encode("latin-1"))
    with pytest.raises(ImportRejected, match=r"t.csv:3: not UTF-8 text"):
        read_table(path, ALIASES)


def test_table_names_the_line_of_a_json_object_and_of_extra_cells(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[\n {"id": 1, "name": "A"},\n\n {"id": 2, "name": ["B", "C"]}\n]', encoding="utf-8")
    assert [(r.line, r.values) for r in read_table(path, ALIASES).rows] == [
        (2, {"person_id": "1", "name": "A"}), (4, {"person_id": "2", "name": "B;C"})]
    path = tmp_path / "t.csv"
    path.write_text('id,name\n1,A\n2,B",x\n', encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"t.csv:3: 3 cells but the header has 2 columns"):
        read_table(path, ALIASES)


def _tenure(pid, since, until=None, org="initech"):
    return Position(pid, org, {"since": since, **({"until": until} if until else {})})


def test_company_overlaps_need_three_months_and_keep_the_longest():
    today = date(2024, 1, 1)
    ties = company_overlaps([
        _tenure("a", "2020-01-01", "2020-03-31"),   # a–b: 90 days from 2020-01-01: enough
        _tenure("b", "2019-06-01", "2021-01-01"),
        _tenure("c", "2020-01-02", "2020-04-05"),   # a–c: 89 days (to 2020-03-31): not enough
        _tenure("b", "2023-01-01"),                 # b's second stint, current
        _tenure("a", "2022-06-01"),                 # a back too: 2023-01-01 → today, 365 days, the longest
        _tenure("d", "2020-01-01", "2022-01-01", org="globex"),
    ], {"initech": "Initech"}, today)
    got = {(t.source, t.target): t.props for t in ties}
    assert got[("a", "b")] == {"kind": "company", "context": "Initech", "since": "2023-01-01"}
    assert ("a", "c") not in got and ("a", "d") not in got
    assert got[("b", "c")] == {"kind": "company", "context": "Initech", "since": "2020-01-02", "until": "2020-04-05"}


def test_company_overlaps_only_for_new_tenures_when_asked():
    stored = [_tenure("a", "2020-01-01", "2021-01-01"), _tenure("b", "2020-01-01", "2021-01-01")]
    new = _tenure("c", "2020-06-01", "2021-06-01")
    ties = company_overlaps(stored + [new], {}, date(2024, 1, 1), {new.key})
    assert sorted((t.source, t.target) for t in ties) == [("a", "c"), ("b", "c")]


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_on_a_terminal_after_a_moment_and_never_on_a_pipe():
    now = [0.0]
    stream = _Tty()
    bar = ProgressBar(stream, delay=1.0, clock=lambda: now[0])
    bar("writing", 10, 100)
    assert stream.getvalue() == ""          # too early: quick imports print nothing
    now[0] = 2.0
    bar("writing", 50, 100)
    assert stream.getvalue() == "\r" + render("writing", 50, 100, 2.0)
    assert "[###############---------------]  50%  50/100  2s" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r")
    pipe = io.StringIO()
    silent = ProgressBar(pipe, delay=0, clock=lambda: now[0])
    silent("writing", 1, 2)
    silent.close()
    assert pipe.getvalue() == ""
    assert render("validating", 0, 0, 1.0).startswith("validating ")


def test_column_map_renames_columns_and_refuses_unknown_ones(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Staff No,Who\n7,Ann\n", encoding="utf-8")
    table = read_table(path, ALIASES, {"Staff No": "person_id", "Who": "name"})
    assert table.rows[0].values == {"person_id": "7", "name": "Ann"}
    with pytest.raises(ImportRejected) as caught:
        read_table(path, ALIASES, {"Staff": "person_id", "Who": "nmae"})
    assert str(caught.value).splitlines() == [
        f"{path}:1: Staff: --map names a column that is not in the header",
        f"{path}:1: Who: --map Who=nmae: no field 'nmae' here; fields are name, person_id"]


def test_cells_longer_than_any_name_are_refused(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[{"id": "1", "name": "' + "N" * 5000 + '"}]', encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"t.json:1: name: 5,000 characters: a cell holds at most 1,000"):
        read_table(path, ALIASES)
