"""The admin imports page lists the import journal, an interrupted import as incomplete with the
command that finishes it."""
from __future__ import annotations

from graphsvc.import_journal import plan_import, write_journaled
from importers.people import parse_people
from importers.run import run_import
from tests.conftest import DATA
from tests.web.conftest import Browser


class _CutOff(Exception):
    pass


def test_the_imports_page_shows_complete_and_incomplete_imports(app):
    store = app.extensions["intrograph.store"].get()
    run_import(store, "orgchart", DATA / "orgchart_small.csv")
    path = DATA / "import_people.csv"
    batch, _ = parse_people(path, store, None)
    plan = plan_import(batch, 1)

    def cut_off(stage, done, total):
        if stage.startswith("writing batch 3 "):
            raise _CutOff  # as if the process died here: batches 1 and 2 are committed
    try:
        write_journaled(store, plan, kind="people", path=path, digest="ab" * 32, progress=cut_off)
    except _CutOff:
        pass

    body = Browser(app).login("admin").get("/admin/imports").get_data(as_text=True)
    journal = body[body.index('id="import-journal"'):]
    assert f"incomplete: 2 of {len(plan.parts)} batches; rerun `intrograph import people {path}` to finish" \
        in journal
    assert "<td>complete</td>" in journal and "<code>abababababab</code>" in journal
    assert journal.index("<td>people</td>") < journal.index("<td>orgchart</td>")  # newest first
