"""Personal data on both stores: export everything about a person, erase them, keep them erased."""
from __future__ import annotations

import json

import pytest

from graphsvc import accounts, erasure, goals
from graphsvc.erasure import ERASED, ErasureError
from graphsvc.goals import GoalSpec
from graphsvc.model import ImportBatch, PersonNotFound, Position
from graphsvc.person_data import export_person
from graphsvc.store import open_store
from graphsvc.warm_paths import warm_intro
from importers.problems import ImportRejected
from importers.run import run_import
from tests.helpers import PASSWORD, path_ids, seed


@pytest.fixture
def seeded(store):
    """The web UI's organisation, plus what makes the hostile person ``xss`` touch everything:
    a tenure, an API token, a goal of Eve's naming them, and an introduction they are the target of."""
    ids = seed(store)
    store.upsert(ImportBatch(organizations={"initech": "Initech"},
                             positions=[Position("xss", "initech", {"title": "Spy", "since": "2020-01-01"})]))
    accounts.create_token(store, "xss@example.com")
    ids["eve_names_xss"] = goals.add_goal(store, "eve", "Learn from Xss", GoalSpec(people=["xss"]),
                                          "conversations", 1, "2099-01-01")["id"]
    goals.update_progress(store, ids["eve_names_xss"], 0.5, note="Xss wrote this", actor="xss")
    from graphsvc import introductions
    ids["to_xss"] = introductions.request_intro(store, "eve", "tom", "xss", message="please")["id"]
    return ids


def _everything(store) -> str:
    """The whole store as text, to look for a person's traces in."""
    return json.dumps(list(store.contents()), sort_keys=True)


def test_export_holds_everything_stored_about_a_person(store, seeded):
    data = export_person(store, "xss@example.com")
    assert data["format"] == "intrograph-person-export" and data["person"]["person_id"] == "xss"
    assert {(t["type"], t["source"], t["target"]) for t in data["ties"]} == {("KNOWS", "eve", "xss"),
                                                                            ("KNOWS", "tom", "xss")}
    assert data["ties"][0]["props"]["source"] == "manual"  # the evidence comes along
    assert data["mentorships"] == []
    assert [(p["org_key"], p["title"]) for p in data["positions"]] == [("initech", "Spy")]
    assert {g["id"] for g in data["goals"]} == {seeded["xss_goal"], seeded["eve_names_xss"]}
    assert {i["id"] for i in data["introductions"]} == {seeded["xss_intro"], seeded["to_xss"]}
    (account,) = data["accounts"]
    assert account["email"] == "xss@example.com" and account["token_created"]
    assert "password_hash" not in account and "token_hash" not in account
    assert "$" not in json.dumps(data["accounts"])  # no hash of any kind
    assert {e["action"] for e in data["audit"]} >= {"account.add", "account.token", "goal.add", "intro.request",
                                                    "goal.progress"}
    assert all("xss" in json.dumps(e) or e["subject"] in {seeded["to_xss"], seeded["eve_names_xss"]}
               for e in data["audit"])

    mentor = export_person(store, "max")
    assert [(t["source"], t["target"], t["props"]["program"]) for t in mentor["mentorships"]] == [
        ("max", "eve", "Pilot")]
    with pytest.raises(PersonNotFound):
        export_person(store, "nobody")


def test_erase_removes_the_person_and_anonymises_what_others_share(store, seeded):
    before = store.counts()
    done = erasure.erase(store, "xss", actor="admin@example.org")
    assert done["ties"] == 2 and done["positions"] == 1 and done["pairs"] == 2 and done["accounts"] == 1
    assert done["goals_deleted"] == 1 and done["goals_anonymised"] == 1 and done["introductions_anonymised"] == 2

    assert store.get_people(["xss"]) == {} and store.resolve_many(["xss", "xss@example.com"]) == {}
    assert store.positions_of(["xss"]) == []
    assert store.get_record("Account", "xss@example.com") is None
    assert store.get_record("Goal", seeded["xss_goal"]) is None
    after = store.counts()
    assert after["nodes"]["Person"] == before["nodes"]["Person"] - 1
    assert after["relationships"]["KNOWS"] == before["relationships"]["KNOWS"] - 2

    theirs = store.get_record("Introduction", seeded["xss_intro"])
    assert theirs["requester"] == ERASED and theirs["message"] == "" and theirs["status"] == "withdrawn"
    assert theirs["introducer"] == "eve" and theirs["target"] == "max"
    to_them = store.get_record("Introduction", seeded["to_xss"])
    assert to_them["target"] == ERASED and to_them["requester"] == "eve" and to_them["message"] == "please"
    eves = store.get_record("Goal", seeded["eve_names_xss"])
    assert eves["spec"]["people"] == [ERASED] and eves["history"][0] == {**eves["history"][0], "by": ERASED,
                                                                         "note": ""}

    everything = _everything(store)
    assert '"xss"' not in everything and "xss@example.com" not in everything and "Xss wrote" not in everything
    (tombstone,) = [e for e in store.find_records("AuditEntry", action="person.erase")]
    assert tombstone["actor"] == "admin@example.org" and tombstone["subject"] == done["erasure"]
    assert tombstone["details"]["ties"] == 2

    with pytest.raises(ErasureError, match="erased on .* already"):
        erasure.erase(store, "xss")


def test_the_path_through_an_erased_person_is_gone_for_every_reader(store, seeded):
    reader = open_store(store.uri)  # another process's view, loaded before the erasure
    try:
        assert ["eve", "xss", "tom"] in path_ids(warm_intro(reader, "eve", "tom"))
        erasure.erase(store, "xss")
        assert path_ids(warm_intro(reader, "eve", "tom")) == [["eve", "ida", "tom"]]
        assert reader.weighted_neighbours(["eve"]).weights["eve"].keys() == {"ida", "max"}
    finally:
        reader.close()


def test_an_erased_person_is_reported_by_imports_until_an_admin_lifts_it(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    erasure.erase(store, "E8", actor="admin@example.org")
    with pytest.raises(ImportRejected) as rejected:
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    (problem,) = rejected.value.problems
    assert (problem.line, problem.column) == (9, "Employee ID") and "E8 was erased on" in problem.message
    assert "intrograph person unerase E8" in problem.message
    with pytest.raises(ImportRejected, match=r"import_positions.csv:6: person: unknown person 'hiro@example.com': "
                                             "they were erased on"):
        run_import(store, "positions", data_dir / "import_positions.csv")
    assert store.get_people(["E8"]) == {}

    with pytest.raises(ErasureError, match="no erased person"):
        erasure.unerase(store, "E1")
    lifted = erasure.unerase(store, "hiro@example.com", actor="admin@example.org")
    assert lifted["erased_by"] == "admin@example.org" and store.find_records("Erasure") == []
    assert [e["subject"] for e in store.find_records("AuditEntry", action="person.unerase")] == [lifted["erasure"]]
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    assert store.get_person("E8")["name"] == "Hiro Tanaka"


def test_the_last_admin_cannot_be_erased(store):
    store.upsert(ImportBatch(people={"boss": {"name": "Boss", "email": "boss@example.com"}}))
    accounts.add_user(store, "boss@example.com", PASSWORD, ["admin"])
    with pytest.raises(ErasureError, match="only enabled admin"):
        erasure.erase(store, "boss")
    assert store.get_record("Account", "boss@example.com") is not None
    accounts.add_user(store, "other@example.org", PASSWORD, ["admin"])
    erasure.erase(store, "boss", actor="other@example.org")
    assert store.get_people(["boss"]) == {}
