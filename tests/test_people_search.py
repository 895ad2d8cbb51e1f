"""People search for real names, on both stores: accents, case, Unicode forms, other scripts,
titles and departments, e-mails for those allowed, whole names, and stores made before search keys.
"""
from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from graphsvc.embedded import EmbeddedStore
from graphsvc.model import ImportBatch
from graphsvc.person_lookup import find_person, search_people
from graphsvc.visibility import Viewer
from tests.helpers import person_ids

PEOPLE = {
    "cia": {"name": "Ciarán Ó Briain", "title": "Staff Engineer", "department": "Recherche et Développement",
            "email": "ciaran@corp.example"},
    "koc": {"name": "Deniz Koç", "title": "Designer", "department": "Produkt"},
    "mul": {"name": "Jürgen Müller", "title": "Buchhalter", "department": "Finanzen", "email": "jm@corp.example"},
    "zoe": {"name": "Zo\u00eb Kravitz", "title": "Chef", "department": "Küche"},  # precomposed ë
    "zod": {"name": "Zoe\u0308 Decomposed", "department": "Küche"},  # e + combining diaeresis
    "lee": {"name": "李小龍", "title": "武術家", "department": "Film"},
    "zoi": {"name": "Ζωή Παπαδοπούλου", "title": "Μηχανικός", "department": "Λογιστήριο"},
    "bo@corp.example": {"name": "Bo Email-Id"},  # an id that is an e-mail (no HR id)
}


def found(store, text, emails=False):
    return person_ids(store.search_people(text, emails=emails)[0])


@pytest.fixture
def people(store):
    store.upsert(ImportBatch(people=PEOPLE))
    return store


@pytest.mark.parametrize("typed, expected", [
    ("Ciaran", ["cia"]), ("ciarán ó", ["cia"]), ("CIARAN O BRIAIN", ["cia"]),
    ("koc", ["koc"]), ("KOÇ", ["koc"]), ("Muller", ["mul"]), ("müller", ["mul"]), ("MUELLER", []),
    ("Zo\u00eb", ["zod", "zoe"]), ("Zoe\u0308", ["zod", "zoe"]), ("zoe k", ["zoe"]),
    ("李小龍", ["lee"]), ("小", ["lee"]), ("Ζωή", ["zoi"]), ("ΖΩΗ", ["zoi"]), ("παπαδοπουλου", ["zoi"]),
])
def test_names_match_ignoring_accents_case_and_unicode_form(people, typed, expected):
    assert found(people, typed) == expected


def test_titles_and_departments_match_too(people):
    assert found(people, "engineer") == ["cia"]
    assert found(people, "developpement") == ["cia"]
    assert found(people, "KUCHE") == ["zod", "zoe"]
    assert found(people, "武術") == ["lee"]
    assert found(people, "μηχανικοσ") == ["zoi"] and found(people, "ΛΟΓΙΣΤΉΡΙΟ") == ["zoi"]


def test_a_query_never_spans_two_fields(people):
    assert found(people, "chef küche") == [] and found(people, "kravitz chef") == []


def test_emails_match_only_as_allowed(people):
    assert found(people, "jm@corp") == [] and found(people, "corp.example") == []
    assert found(people, "jm@corp", emails="mul") == ["mul"]
    assert found(people, "jm@corp", emails="cia") == []
    assert found(people, "corp.example", emails=True) == ["bo@corp.example", "cia", "mul"]
    # an id that is an e-mail is an e-mail: found by it only as e-mails are
    assert found(people, "bo@") == [] and found(people, "bo@", emails="bo@corp.example") == ["bo@corp.example"]
    assert found(people, "email-id") == ["bo@corp.example"]
    assert found(people, "cia") == ["cia"]  # an HR id is public


def test_filters_and_pages_combine_with_folded_text(people):
    page, total = people.search_people("zoe", department="KÜCHE", offset=1, limit=1)
    assert person_ids(page) == ["zoe"] and total == 2


def test_people_named_folds_whole_names(people):
    assert person_ids(people.people_named("  ciaran  o briain ")) == ["cia"]
    assert person_ids(people.people_named("ZOE\u0308 KRAVITZ")) == ["zoe"]
    assert person_ids(people.people_named("ζωή παπαδοπούλου")) == ["zoi"]
    assert people.people_named("Ciaran") == [] and people.people_named("Staff Engineer") == []
    assert people.people_named(" ") == []


def test_a_write_of_some_fields_keys_the_person_by_all_of_them(people):
    people.upsert(ImportBatch(people={"koc": {"title": "Principal Typographer"}}))
    assert found(people, "typographer") == ["koc"] and found(people, "designer") == []
    assert found(people, "deniz") == ["koc"] and found(people, "produkt") == ["koc"]
    people.upsert(ImportBatch(people={"new": {"name": "Ana Núñez"}}))
    assert found(people, "nunez") == ["new"]


def test_the_search_key_stays_inside_the_store(people):
    def keyless(rows):
        return all("search_key" not in p for p in rows)
    everyone = list(PEOPLE)
    assert keyless(people.get_people(everyone).values())
    assert keyless(people.search_people("")[0]) and keyless(people.people_named("Deniz Koç"))
    assert keyless(people.export_graph()[1].values()) and keyless(people.export_weights()[0].values())
    assert keyless(people.incident_edges(["koc"])[1].values()) and keyless(people.find_people(ids=everyone))
    assert keyless(people.people_matching(person_ids=everyone).values())
    assert keyless(item for section, item in people.contents() if section == "person")


def test_find_person_uses_the_same_folding(people):
    assert find_person(people, "ciaran o briain") == "cia"
    assert find_person(people, "Zoe\u0308 Kravitz") == "zoe"


def test_the_search_as_a_viewer_hides_and_matches_emails_by_the_rule(people):
    someone, owner, admin = Viewer("koc"), Viewer("mul"), Viewer("koc", admin=True)
    assert search_people(people, someone, "jm@corp")["total"] == 0
    mine = search_people(people, owner, "jm@corp")
    assert person_ids(mine["people"]) == ["mul"] and mine["people"][0]["email"] == "jm@corp.example"
    assert person_ids(search_people(people, admin, "jm@corp")["people"]) == ["mul"]
    shown = search_people(people, someone, "ciaran")["people"]
    assert person_ids(shown) == ["cia"] and "email" not in shown[0]
    assert "email" in search_people(people, admin, "ciaran")["people"][0]


# ------------------------------------------------ stores written before search keys


def test_an_embedded_file_from_before_search_keys_gains_them_when_opened(tmp_path):
    uri = f"sqlite:///{tmp_path / 'old.db'}"
    with EmbeddedStore(uri) as store:
        store.upsert(ImportBatch(people=PEOPLE))
    db = sqlite3.connect(tmp_path / "old.db")
    db.executescript("DROP INDEX person_search_key; ALTER TABLE person DROP COLUMN search_key; "
                     "DELETE FROM meta WHERE key = 'search_keys'; PRAGMA user_version = 0;")  # as older versions left it
    db.close()
    with EmbeddedStore(uri) as store:
        assert found(store, "ciaran") == ["cia"] and person_ids(store.people_named("jurgen muller")) == ["mul"]
        assert store.search_people("")[1] == len(PEOPLE)


def test_embedded_keys_made_by_another_folding_are_made_again(tmp_path):
    uri = f"sqlite:///{tmp_path / 'stale.db'}"
    with EmbeddedStore(uri) as store:
        store.upsert(ImportBatch(people=PEOPLE))
    db = sqlite3.connect(tmp_path / "stale.db")
    db.executescript("UPDATE person SET search_key = 'stale'; UPDATE meta SET value = -1 WHERE key = 'search_keys';")
    db.close()
    with EmbeddedStore(uri) as store:
        assert found(store, "stale") == [] and found(store, "koc") == ["koc"]


@pytest.mark.neo4j
def test_a_neo4j_database_from_before_search_keys_gains_them_when_opened(neo4j_store):
    from graphsvc.neo4j_store import Neo4jStore
    neo4j_store.upsert(ImportBatch(people=PEOPLE))
    with neo4j_store._driver.session(database=neo4j_store.database) as session:  # as an older version left it
        session.run("MATCH (p:Person) REMOVE p.search_key").consume()
        session.run("MATCH (m:Meta {key: 'search_keys'}) DELETE m").consume()
    assert found(neo4j_store, "ciaran") == []
    with Neo4jStore(neo4j_store.uri) as reopened:
        assert found(reopened, "ciaran") == ["cia"] and person_ids(reopened.people_named("Deniz KOC")) == ["koc"]
        with reopened._driver.session(database=reopened.database) as session:
            session.run("MATCH (p:Person {person_id: 'koc'}) SET p.search_key = 'stale'").consume()
            session.run("MATCH (m:Meta {key: 'search_keys'}) SET m.version = -1").consume()
    with Neo4jStore(neo4j_store.uri) as again:
        assert found(again, "stale") == [] and found(again, "deniz") == ["koc"]


def test_unicode_forms_of_stored_names_do_not_matter(store):
    nfd = unicodedata.normalize("NFD", "Ciarán Ó Briain")
    store.upsert(ImportBatch(people={"d": {"name": nfd}}))
    assert found(store, "Ciarán") == ["d"] and person_ids(store.people_named("CIARÁN Ó BRIAIN")) == ["d"]
