"""Mentoring capacity in the web UI and the API: the admin's form (CSRF and role checked), the
person page, network health's mentors over capacity, and one click from a mentee without a
mentor to their suggested mentors."""
from __future__ import annotations

import re

import pytest

from graphsvc import accounts, audit
from graphsvc.goals import GoalSpec, add_goal
from tests.helpers import ACCOUNTS, Browser
from webui.storage import get_store


def _max_mentees(app, person_id: str):
    with app.app_context():
        return get_store().get_people([person_id])[person_id].get("max_mentees")


def test_an_admin_sets_capacity_on_the_person_page(app, login):
    admin = login("admin")
    page = admin.get("/people/max").get_data(as_text=True)
    assert 'id="capacity-form"' in page and re.search(r'id="max-mentees">3<', page)  # the default
    response = admin.post("/admin/people/max/max-mentees", {"max_mentees": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/people/max")
    page = admin.get("/people/max").get_data(as_text=True)
    assert "takes at most 1 mentees" in page and re.search(r'id="max-mentees">1<', page)
    assert _max_mentees(app, "max") == 1
    with app.app_context():
        assert audit.recent(get_store(), 1)[0]["action"] == "set_max_mentees"


def test_a_bad_capacity_is_explained_and_changes_nothing(app, login):
    admin = login("admin")
    admin.post("/admin/people/max/max-mentees", {"max_mentees": "lots"})
    assert "max_mentees: a whole number from 0 to 100" in admin.get("/people/max").get_data(as_text=True)
    assert _max_mentees(app, "max") is None


def test_only_admins_see_and_use_the_form_and_only_with_its_token(app, login):
    mentor = login("mentor")
    assert 'id="capacity-form"' not in mentor.get("/people/max").get_data(as_text=True)
    assert mentor.post("/admin/people/max/max-mentees", {"max_mentees": "9"}).status_code == 403
    admin = Browser(app).login("admin")
    forged = admin.client.post("/admin/people/max/max-mentees", data={"max_mentees": "9"})
    assert forged.status_code == 400
    assert _max_mentees(app, "max") is None


def test_health_lists_mentors_over_capacity_and_links_mentees_to_their_suggested_mentors(app, login):
    admin = login("admin")
    admin.post("/admin/people/max/max-mentees", {"max_mentees": "0"})
    with app.app_context():  # Tom, a mentee without a mentor, aims for leadership
        add_goal(get_store(), "tom", "Lead a team", GoalSpec(skills=["Leadership"]), "talks with leads", 3,
                 "2099-01-01")
    page = admin.get("/admin/health").get_data(as_text=True)
    over = page.split('id="over-capacity"')[1].split("</section>")[0]
    assert "Max Mentor" in over and "1 mentees (takes 0)" in over
    without = page.split('id="without-mentor"')[1].split("</section>")[0]
    assert 'href="/people/tom/mentors"' in without
    # Max is full now: nobody is suggested; with room again, he is
    assert "Max Mentor" not in admin.get("/people/tom/mentors").get_data(as_text=True)
    admin.post("/admin/people/max/max-mentees", {"max_mentees": "2"})
    suggested = admin.get("/people/tom/mentors").get_data(as_text=True)
    assert "Max Mentor" in suggested and "mentoring 1 of 2" in suggested


def test_the_api_sets_capacity_for_admins_only(app):
    with app.app_context():
        tokens = {role: accounts.create_token(get_store(), ACCOUNTS[role][0]) for role in ("admin", "mentor")}

    def post(role, body):
        return app.test_client().post("/api/v1/people/max/max_mentees", json=body,
                                      headers={"Authorization": f"Bearer {tokens[role]}"})
    assert post("mentor", {"max_mentees": 9}).status_code == 403
    assert post("admin", {"max_mentees": 101}).status_code == 422
    assert _max_mentees(app, "max") is None
    assert post("admin", {"max_mentees": 4}).json == {"person_id": "max", "max_mentees": 4}
    health = app.test_client().get("/api/v1/health", headers={"Authorization": f"Bearer {tokens['admin']}"}).json
    assert health["mentors_over_capacity"] == []


@pytest.mark.parametrize("role, expected", [("target", 200), ("admin", 200), ("mentee", 403), ("introducer", 403)])
def test_suggested_mentors_are_for_the_mentee_their_mentors_and_admins(shared_clients, role, expected):
    assert shared_clients[role].get("/people/tom/mentors").status_code == expected
