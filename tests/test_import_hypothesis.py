"""Bad input never hurts: every importer, fed mangled files, imports cleanly or refuses clearly.

Hypothesis starts from a small valid file of each kind and mangles it: cells replaced by
spreadsheet formulas, stray quotes, unknown people, self-references and cycles, bad dates,
NULs and emoji; columns dropped or added; rows cut short or made too long; a field far past
the CSV limit; other encodings; truncation; empty files. Whatever comes out, the import
either succeeds (and then importing it again changes nothing) or raises ImportRejected whose
every problem names the file, and then the store is exactly as before. Any other exception
fails the test.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.problems import ImportRejected
from importers.run import run_import

#: Examples per importer and store: enough to meet every mangling, cheap enough for CI.
EXAMPLES = {"embedded": 40, "neo4j": 12}

_NOTES = ['Notes:', '"When exporting your connection data, you may notice that some of the email addresses '
          'are missing."', '']

#: A small valid file per kind, written against orgchart_small.csv (people E1..E8).
BASE = {
    "orgchart": (["Employee ID", "Name", "Email", "Manager ID", "Level"],
                 [["N1", "Nia Noor", "nia@example.com", "E1", "4"], ["N2", "Ola Oak", "ola@example.com", "N1", "3"],
                  ["N3", "Pia Pine", "", "N1", "2"]]),
    "people": (["person_id", "email", "skills", "interests", "linkedin_url", "active", "open_to_intros", "level"],
               [["E1", "", "Go;Rust", "Chess", "https://www.linkedin.com/in/ana-ruiz", "true", "true", "8"],
                ["", "bo@example.com", "Sales", "", "", "yes", "no", ""]]),
    "relationships": (["source", "target", "type", "since", "until", "context", "interactions"],
                      [["E1", "E5", "KNOWS", "2020-01-01", "", "", ""],
                       ["E5", "hiro@example.com", "WORKED_WITH", "2021-01-01", "2022-01-01", "Atlas", "3"],
                       ["E6", "E4", "REPORTS_TO", "", "", "", ""]]),
    "mentorships": (["mentor", "mentee", "since", "until", "status", "program"],
                    [["E2", "E5", "2023-01-15", "", "active", "Guild"],
                     ["E3", "gala@example.com", "2022-01-01", "2022-12-31", "completed", "Track"]]),
    "positions": (["person", "organization", "title", "since", "until"],
                  [["E5", "Initech, Inc.", "Engineer", "2015-01-01", "2018-06-30"],
                   ["E6", "INITECH", "Engineer", "2017-01-01", ""], ["E7", "Globex", "", "", ""]]),
    "linkedin": (["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
                 [["Bo", "Lindqvist", "https://www.linkedin.com/in/bo", "bo@example.com", "Acme", "VP", "15 Mar 2024"],
                  ["Zed", "Zimmer", "https://www.linkedin.com/in/zed", "", "Globex", "", "1 Feb 2023"],
                  ["Hiro", "Tanaka", "", "", "", "", ""]]),
}

NASTY = st.sampled_from([
    "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@A1", '"', 'a "quoted" word', "a,b", "line\nbreak", "nul\x00",
    "é", "😀", "E1", "E2", "N1", "N2", "N3", "E404", "nobody@example.com", "not-an-email@", "2020-13-45",
    "15 Mar 2024", "-1", "99999999999999999999", "KNOWS", "MENTORS", "FRIENDS", "true", "maybe", "", " ",
    "https://www.linkedin.com/in/someone", "linkedin.com/in/", "x" * 300, "z" * 9000,
]) | st.text(max_size=12)


@st.composite
def mangled(draw, kind: str) -> tuple[str, bytes]:
    """(suffix, file bytes) of a mangled file of ``kind``."""
    header, rows = BASE[kind]
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["cell", "cell", "cell", "drop", "add", "extra", "short", "dup", "huge"]))
        if op == "cell" and any(rows):
            row = draw(st.sampled_from([r for r in rows if r]))
            row[draw(st.integers(0, len(row) - 1))] = draw(NASTY)
        elif op == "drop" and len(header) > 1:
            i = draw(st.integers(0, len(header) - 1))
            del header[i]
            for row in rows:
                if i < len(row):
                    del row[i]
        elif op == "add":
            header.append(draw(st.sampled_from(["Notes", "Employee ID", "email", "", "=1+1"])))
            for row in rows:
                row.append(draw(NASTY))
        elif op == "extra" and rows:
            draw(st.sampled_from(rows)).append(draw(NASTY))
        elif op == "short" and rows:
            row = draw(st.sampled_from(rows))
            del row[draw(st.integers(0, len(row))):]
        elif op == "dup" and rows:
            rows.append(list(draw(st.sampled_from(rows))))
        elif op == "huge" and any(rows):
            draw(st.sampled_from([r for r in rows if r]))[0] = "y" * 200_000
    fmt = draw(st.sampled_from(["csv", "csv", "raw", "json"] if kind != "linkedin" else ["csv", "raw"]))
    if fmt == "json":
        text = json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False)
    else:
        out = io.StringIO()
        if kind == "linkedin" and draw(st.booleans()):
            out.write("\n".join(_NOTES) + "\n")
        if fmt == "raw":  # no quoting at all: commas and quotes in cells land as they are
            out.write("\n".join(",".join(r) for r in [header] + rows) + "\n")
        else:
            csv.writer(out, lineterminator="\n").writerows([header] + rows)
        text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    cut = draw(st.sampled_from([None, None, None, 0, 3, len(data) // 2]))
    return (".json" if fmt == "json" else ".csv"), (data if cut is None else data[:cut])


def _state(store):
    """What an import could have changed, in a form two snapshots can be compared by."""
    return store.counts(), store.get_people([f"E{i}" for i in range(1, 9)] + ["N1", "N2", "N3"])


def _check(store, kind: str, path) -> None:
    before = _state(store)
    options = {"owner": "E1"} if kind == "linkedin" else {}
    try:
        run_import(store, kind, path, **options)
    except ImportRejected as exc:
        assert exc.problems and all(str(p).startswith(str(path)) for p in exc.problems)
        assert _state(store) == before
        return
    counts = store.counts()
    assert not run_import(store, kind, path, **options).summary.changed
    assert store.counts() == counts


@pytest.mark.parametrize("kind", sorted(BASE))
def test_mangled_files_import_cleanly_or_are_refused_with_nothing_written(store, data_dir, tmp_path, kind):
    store_kind = "neo4j" if type(store).__name__ == "Neo4jStore" else "embedded"
    seen = iter(range(10 ** 6))

    @settings(max_examples=EXAMPLES[store_kind], deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(file=mangled(kind))
    def check(file):
        suffix, data = file
        store.delete_everything()
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
        path = tmp_path / f"{kind}_{next(seen)}{suffix}"
        path.write_bytes(data)
        _check(store, kind, path)

    check()


def test_garbage_workbook_is_refused(embedded_store, tmp_path):
    path = tmp_path / "chart.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(ImportRejected, match=r"chart.xlsx: not a readable .xlsx workbook"):
        run_import(embedded_store, "orgchart", path)
    assert embedded_store.counts() == {"nodes": {}, "relationships": {}}
