"""Import files that would cost far more than they weigh: spreadsheets declaring or using
column XFD, workbooks that expand like compression bombs, JSON nested 100,000 deep, files past
the row and column caps. Each is refused with its file and the limit it crossed, or read with
memory that does not grow with what the file only declares.

Memory is measured with ``tracemalloc`` as a sanity bound (the fixed reader needs about
1 MB where it used to need 220 MB), never as a timing.
"""
from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from graphsvc import limits
from importers.problems import ImportRejected
from importers.table import read_table
from tests.helpers import run_cli

ALIASES = {"employeeid": "person_id", "name": "name", "managerid": "manager_id"}
HEADER = ["Employee ID", "Name", "Manager ID"]


def _xlsx(path, rows, dimension=None, cells=(), styled=()):
    """A workbook of ``rows`` written by openpyxl, with its sheet's ``<dimension>`` rewritten
    to ``dimension`` (what another tool may declare), ``cells`` (ref → value) set and
    ``styled`` refs given a style but no value."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, value in cells:
        sheet[ref] = value
    for ref in styled:
        sheet[ref].font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if dimension and part.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert n == 1
            target.writestr(part.filename, data)
    return path


def _peak_bytes(read):
    tracemalloc.start()
    try:
        result = read()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_declared_dimension_of_xfd800_is_ignored(tmp_path):
    """800 rows declared A1:XFD800: openpyxl padded each to 16,384 cells (220 MB); now ~1 MB."""
    rows = [HEADER] + [[f"E{i}", f"Person {i}", "E0" if i else ""] for i in range(799)]
    path = _xlsx(tmp_path / "wide.xlsx", rows, dimension="A1:XFD800")
    assert path.stat().st_size < 20_000
    table, peak = _peak_bytes(lambda: read_table(path, ALIASES))
    assert len(table.rows) == 799 and table.rows[-1].values == {"person_id": "E798", "name": "Person 798",
                                                                  "manager_id": "E0"}
    assert peak < 20_000_000


def test_a_value_at_column_xfd_is_refused_naming_the_cap(tmp_path):
    path = _xlsx(tmp_path / "xfd.xlsx", [HEADER, ["E1", "Ann", ""]], cells=[("XFD1", "x")])
    with pytest.raises(ImportRejected, match=r"xfd\.xlsx:1: a value in column 16,384: an import takes at most "
                                             r"200 columns \(INTROGRAPH_IMPORT_MAX_COLUMNS\)"):
        read_table(path, ALIASES)


def test_empty_cells_and_rows_at_the_end_do_not_count(tmp_path):
    """A formatted but empty cell at XFD and an empty last row are not data."""
    path = _xlsx(tmp_path / "styled.xlsx", [HEADER, ["E1", "Ann", ""]], styled=["XFD2", "A50"])
    assert [r.values["person_id"] for r in read_table(path, ALIASES).rows] == ["E1"]


def test_row_and_column_caps_apply_to_every_format_and_can_be_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("INTROGRAPH_IMPORT_MAX_ROWS", "2")
    monkeypatch.setenv("INTROGRAPH_IMPORT_MAX_COLUMNS", "3")
    csv = tmp_path / "t.csv"
    csv.write_text("Employee ID,Name,Manager ID\nE1,A,\n\nE2,B,E1\nE3,C,E1\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"t\.csv:5: more than 2 data rows: an import takes at most 2 "
                                             r"\(INTROGRAPH_IMPORT_MAX_ROWS\); split the file"):
        read_table(csv, ALIASES)
    xlsx = _xlsx(tmp_path / "t.xlsx", [HEADER, ["E1", "A", "", "", "note"]])
    with pytest.raises(ImportRejected, match=r"t\.xlsx:2: a value in column 5: an import takes at most 3 columns"):
        read_table(xlsx, ALIASES)
    json_file = tmp_path / "t.json"
    json_file.write_text('[{"Employee ID": "E1"}, {"Name": "B", "x": 1, "y": 2}]', encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"t\.json:1: 4 different keys: an import takes at most 3 columns"):
        read_table(json_file, ALIASES)
    monkeypatch.setenv("INTROGRAPH_IMPORT_MAX_ROWS", "3")
    assert len(read_table(csv, ALIASES).rows) == 3
    monkeypatch.setenv("INTROGRAPH_IMPORT_MAX_ROWS", "lots")
    with pytest.raises(ValueError, match="INTROGRAPH_IMPORT_MAX_ROWS must be a whole number, not 'lots'"):
        read_table(csv, ALIASES)


def test_a_workbook_that_expands_like_a_compression_bomb_is_refused(tmp_path):
    """Shared strings of 70 MB in a file of 70 KB: openpyxl would hold them all in memory."""
    path = _xlsx(tmp_path / "bomb.xlsx", [HEADER, ["E1", "Ann", ""]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", b"<si><t>a</t></si>" * (limits.XLSX_EXPANSION_FLOOR // 16))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ImportRejected, match=r"bomb\.xlsx: xl/sharedStrings\.xml expands from [\d,]+ to "
                                             r"[\d,]+ bytes, more than 100 times"):
        read_table(path, ALIASES)


DEEP = "[" * 100_000


def test_json_nested_100000_deep_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"deep\.json:1: nested too deeply: an import is a list of objects "
                                             r"whose values are .* \(at most 3 levels\)"):
        read_table(path, ALIASES)


def test_json_values_deeper_than_a_list_are_refused_at_their_line_and_key(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[{"Employee ID": "E1", "Name": ["A"]},\n {"Employee ID": "E2", "Name": {"first": "B"}}]',
                    encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"t\.json:2: Name: nested too deeply"):
        read_table(path, ALIASES)


def test_cli_import_of_deep_json_is_a_clear_error_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", "orgchart", str(path), "--store", f"sqlite:///{tmp_path / 'g.db'}")
    assert code == 1 and out == ""
    assert err.splitlines() == [f"{path}:1: nested too deeply: an import is a list of objects whose values are "
                                "text, numbers, true/false or lists of those (at most 3 levels)",
                                "intrograph: 1 problem(s) found; nothing was written"]
