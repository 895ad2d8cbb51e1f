"""The people search page and API search real names the way the service does: accents, case
and Unicode forms ignored, titles and departments matched, e-mails only for admins and their owner."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest

from graphsvc.model import ImportBatch
from webui.storage import get_store


def _listed(browser, query: str) -> list[str]:
    return [p["person_id"] for p in browser.get(f"/api/v1/people?q={quote(query)}").json["people"]]


@pytest.mark.parametrize("role, finds_tom", [("admin", True), ("target", True), ("mentee", False),
                                             ("introducer", False)])
def test_an_email_finds_its_owner_only_for_admins_and_the_owner(shared_clients, role, finds_tom):
    browser = shared_clients[role]
    assert ("tom" in _listed(browser, "tom@example")) is finds_tom
    assert ("Tom Target" in browser.get("/people?q=tom%40example").get_data(as_text=True)) is finds_tom
    assert _listed(browser, "Target") == ["tom"]  # the name, for everyone


def test_titles_and_departments_are_searched(shared_clients):
    eve = shared_clients["mentee"]
    assert _listed(eve, "account manager") == ["ida"]
    assert _listed(eve, "PRODUCT") == ["tom"]
    page = eve.get("/people?q=staff+engineer").get_data(as_text=True)
    assert "Max Mentor" in page and "1 person found" in page


def test_accents_case_and_unicode_forms_do_not_matter(app, login):
    with app.app_context():
        get_store().upsert(ImportBatch(people={"zn": {"name": "Zoë Núñez", "department": "Ζωγραφική"}}))
    eve = login("mentee")
    for query in ("zoe nunez", "ZOË", unicodedata.normalize("NFD", "Zoë Núñez"), "ζωγραφικη"):
        assert _listed(eve, query) == ["zn"], query
    page = eve.get("/people?q=" + quote(unicodedata.normalize("NFD", "núñez"))).get_data(as_text=True)
    assert "Zoë Núñez" in page
