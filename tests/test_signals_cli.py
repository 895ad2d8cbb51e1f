"""Interaction signals from the command line: ``import calendar|email``, ``interactions
forget|opt-out|opt-in``, and ``generate --signals`` imported whole (``import_generated``)."""
from __future__ import annotations

import json

import pytest

from graphsvc.embedded import EmbeddedStore
from importers.generate import generate
from importers.generate.signals import BODY_MARK, SUBJECT_MARK
from importers.run import import_generated
from tests.helpers import build, run_cli

WINDOW = ("--since", "2025-01-01", "--until", "2025-12-31")


@pytest.fixture
def uri(tmp_path):
    uri = f"sqlite:///{tmp_path / 'i.db'}"
    store = EmbeddedStore(uri)
    people = {p: {"name": p.title(), "email": f"{p}@example.com"} for p in ("ana", "bo", "cy", "dee", "eli", "fay")}
    people["dee"]["share_interactions"] = False
    people["eli"]["open_to_intros"] = False
    build(store, people, [])
    store.close()
    return uri


def test_import_calendar_prints_what_it_skipped_and_counted(capsys, uri, data_dir):
    code, out, err = run_cli(capsys, "import", "calendar", str(data_dir / "calendar_small.ics"), *WINDOW,
                             "--store", uri)
    assert code == 0 and err == ""
    assert out.splitlines()[1:] == [
        "  nodes were: 0 created, 0 updated, 0 unchanged",
        "  relationships were: 3 created, 0 updated, 0 unchanged",
        "  8 events; 14 meetings in 2025-01-01 – 2025-12-31",
        "  skipped: 1 cancelled, 1 broadcast (more than 12 people)",
        "  1 declined attendance left out",
        "  1 address of no one in the store: counted, not added",
        "  3 interactions dropped: 2 people opted out of interaction signals or introductions",
        "  13 interactions between 3 pairs; 13 new (the rest were counted by an earlier import)"]
    code, out, _ = run_cli(capsys, "import", "calendar", str(data_dir / "calendar_small.ics"), *WINDOW,
                           "--max-attendees", "3", "--json", "--store", uri)
    report = json.loads(out)
    assert code == 0 and report["stats"]["broadcasts"] == 2 and report["stats"]["limit"] == 3


def test_import_email_lists_malformed_messages_as_warnings(capsys, uri, data_dir):
    mbox = data_dir / "mail_small.mbox"
    code, out, _ = run_cli(capsys, "import", "email", str(mbox), *WINDOW, "--store", uri)
    assert code == 0
    assert "  skipped: 2 malformed (listed as warnings), 1 duplicate (same Message-ID), " \
           "1 broadcast (more than 10 recipients)" in out
    assert "  2 pairs e-mailed one way only (no reply): no tie" in out
    assert f"  warning: {mbox}: message 7: no From address; skipped" in out
    code, _, err = run_cli(capsys, "import", "email", str(mbox), "--max-attendees", "4", "--store", uri)
    assert code == 1 and err == "intrograph: error: --max-attendees is not an option of email imports\n"


def test_admins_forget_a_channel_and_opt_people_out_and_in(capsys, uri, data_dir):
    run_cli(capsys, "import", "calendar", str(data_dir / "calendar_small.ics"), *WINDOW, "--store", uri)
    run_cli(capsys, "import", "email", str(data_dir / "mail_small.mbox"), *WINDOW, "--store", uri)
    code, out, _ = run_cli(capsys, "interactions", "opt-out", "CY@example.com", "--store", uri)
    assert code == 0 and out == "cy: interaction signals off; 2 interaction ties deleted\n"
    code, out, _ = run_cli(capsys, "interactions", "forget", "email", "--json", "--store", uri)
    assert json.loads(out) == {"channel": "email", "deleted": 1}
    code, out, _ = run_cli(capsys, "stats", "--store", uri)
    assert "INTERACTED" in out  # ana–bo's meetings are left
    code, out, _ = run_cli(capsys, "interactions", "forget", "meeting", "--store", uri)
    assert out == "deleted 1 meeting interaction ties; their pairs are re-weighed\n"
    code, out, _ = run_cli(capsys, "interactions", "opt-in", "cy", "--store", uri)
    assert out == "cy: interaction signals on\n"
    code, _, err = run_cli(capsys, "interactions", "opt-out", "nobody@example.com", "--store", uri)
    assert code == 1 and "no person with id or e-mail 'nobody@example.com'" in err


def test_generated_signals_are_deterministic_and_import_with_the_rest(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "generate", "--people", "120", "--out", str(tmp_path / "a"), "--signals",
                           "--json", "--quiet")
    files = json.loads(out)
    assert code == 0 and {"privacy", "calendar", "email"} <= set(files)
    again = generate(120, tmp_path / "b", seed=1, signals=True)
    for name in ("calendar.ics", "mail.mbox", "privacy.csv"):
        assert (tmp_path / "a" / "signals" / name).read_bytes() == (again.calendar.parent / name).read_bytes()
    assert generate(120, tmp_path / "c", seed=1).calendar is None  # only on request

    store = EmbeddedStore(f"sqlite:///{tmp_path / 'demo.db'}")
    reports = {r.kind: r for r in import_generated(store, again, quiet=True)}
    meeting, email = reports["calendar"].stats, reports["email"].stats
    assert meeting["pairs"] > 100 and meeting["broadcasts"] > 0 and meeting["cancelled"] > 0
    assert meeting["declined"] > 0 and meeting["unknown_addresses"] > 0 and meeting["opted_out_people"] > 0
    assert email["pairs"] > 10 and email["malformed"] == 2 and email["duplicates"] > 0
    assert email["one_way_pairs"] > 0 and email["broadcasts"] > 0
    # every weekly pair met and the opted-out kept nothing
    edges, _ = store.export_graph()
    interacted = {(t.source, t.target) for e in edges for t in e.ties if t.type == "INTERACTED"}
    org_ids = [f"E{i + 1:06d}" for i in range(120)]
    assert {(org_ids[a], org_ids[b]) for a, b in weekly_pairs_of(again)} <= interacted
    out_ids = set(opted_out_of(again))
    assert out_ids and not {p for pair in interacted for p in pair} & out_ids
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("demo.db*"))
    assert SUBJECT_MARK.encode() not in stored and BODY_MARK.encode() not in stored
    store.close()


def weekly_pairs_of(files):
    """The generator's weekly 1:1 pairs, read back from the calendar it wrote."""
    text = files.calendar.read_text()
    return [tuple(int(pid[1:]) - 1 for pid in uid.split("@")[0].split("-")[-2:])
            for uid in (line[4:] for line in text.splitlines() if line.startswith("UID:one-on-one-"))]


def opted_out_of(files):
    return [line.split(",")[0] for line in files.privacy.read_text().splitlines()[1:]]
