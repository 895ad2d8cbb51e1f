"""``search_people`` (the web UI's people search and autocomplete) on both stores."""
from __future__ import annotations

import pytest

from graphsvc.model import ImportBatch
from tests.helpers import person_ids

PEOPLE = {
    "p1": {"name": "Ana Lima", "department": "Engineering", "skills": ["Rust", "Go"]},
    "p2": {"name": "anatole Brun", "department": "engineering", "skills": ["rust"]},
    "p3": {"name": "Bea Cole", "department": "Sales", "skills": ["Negotiation"]},
    "p4": {"name": "<script>alert(1)</script>", "department": "Sales"},
    "xana": {"department": "Legal"},
}


@pytest.fixture
def people(store):
    store.upsert(ImportBatch(people=PEOPLE))
    return store


def test_text_matches_name_or_id_case_insensitively_sorted_by_name(people):
    found, total = people.search_people("ANA")
    assert person_ids(found) == ["p1", "p2", "xana"] and total == 3


def test_skill_and_department_match_exactly_ignoring_case(people):
    assert person_ids(people.search_people(skill="RUST")[0]) == ["p1", "p2"]
    assert person_ids(people.search_people(skill="rus")[0]) == []
    assert person_ids(people.search_people(department="SALES")[0]) == ["p4", "p3"]
    assert person_ids(people.search_people("an", skill="go", department="engineering")[0]) == ["p1"]


def test_pages_share_one_order_and_total(people):
    first, total = people.search_people(limit=2)
    second, again = people.search_people(offset=2, limit=2)
    rest, _ = people.search_people(offset=4, limit=2)
    assert total == again == 5
    assert person_ids(first) + person_ids(second) + person_ids(rest) == ["p4", "p1", "p2", "p3", "xana"]


def test_people_come_with_their_properties(people):
    found, _ = people.search_people("bea")
    assert found[0]["skills"] == ["Negotiation"] and found[0]["department"] == "Sales"
