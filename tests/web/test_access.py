"""Every route × role: who may see what (403 for the rest), and nothing without a login."""
from __future__ import annotations

import pytest

from tests.helpers import ACCOUNTS, PEOPLE, Browser

PEOPLE_ROLES = ("mentor", "mentee", "introducer", "target", "hostile")
EVERYONE = {role: 200 for role in ACCOUNTS}
AS_PERSON = {**EVERYONE, "admin": 403}  # needs an account linked to a person
ADMIN_ONLY = {role: 200 if role == "admin" else 403 for role in ACCOUNTS}
#: Eve's goal, her suggested mentors and people to meet: Eve, her mentor Max and admins
EVE_GOAL = {**{r: 403 for r in ACCOUNTS}, "admin": 200, "mentee": 200, "mentor": 200}
#: Xss asked Eve to introduce them to Max; Max is not asked until Eve accepts
XSS_INTRO = {**{r: 403 for r in ACCOUNTS}, "admin": 200, "hostile": 200, "mentee": 200}

PAGES = [
    ("/", EVERYONE),
    ("/account", EVERYONE),
    ("/people", EVERYONE),
    ("/people?q=e&skill=python&department=engineering&page=1", EVERYONE),
    ("/people/eve", EVERYONE),
    ("/people/eve/network", EVERYONE),
    ("/people/eve/network?depth=2", EVERYONE),
    ("/people/eve/network/graph?depth=2", EVERYONE),
    ("/people/eve/mentors", EVE_GOAL),
    ("/connectors", EVERYONE),
    ("/intro", EVERYONE),
    ("/intro?to=tom", {**AS_PERSON, "target": 422}),
    ("/intro/graph?to=tom", {**AS_PERSON, "target": 422}),
    ("/intro/helpers?departments=Product", AS_PERSON),
    ("/introductions", EVERYONE),
    ("/introductions/new?introducer=ida&target=tom", AS_PERSON),
    ("/goals", {**AS_PERSON}),
    ("/goals/new", AS_PERSON),
    ("/goals/{eve_goal}", EVE_GOAL),
    ("/introductions/{xss_intro}", XSS_INTRO),
    ("/admin/imports", ADMIN_ONLY),
    ("/admin/health", ADMIN_ONLY),
    ("/admin/accounts", ADMIN_ONLY),
    ("/admin/analytics", ADMIN_ONLY),
    ("/admin/audit", ADMIN_ONLY),
    ("/admin/personal-data", ADMIN_ONLY),
    ("/admin/personal-data?person=eve", ADMIN_ONLY),
    ("/admin/personal-data/eve.json", ADMIN_ONLY),
    ("/api/v1/people?q=e", EVERYONE),
    ("/api/v1/people/eve", EVERYONE),
    ("/api/v1/people/eve/export", ADMIN_ONLY),
    ("/api/v1/people/eve/network?depth=2", EVERYONE),
    ("/api/v1/people/eve/mentors", EVE_GOAL),
    ("/api/v1/people/eve/meet", EVE_GOAL),
    ("/api/v1/dashboard", EVERYONE),
    ("/api/v1/health", ADMIN_ONLY),
    ("/api/v1/connectors", EVERYONE),
    ("/api/v1/intro?to=tom", {**AS_PERSON, "target": 422}),
    ("/api/v1/helpers?departments=Product", AS_PERSON),
    ("/api/v1/goals", AS_PERSON),
    ("/api/v1/goals/{eve_goal}", EVE_GOAL),
    ("/api/v1/introductions", AS_PERSON),
    ("/api/v1/introductions/{xss_intro}", XSS_INTRO),
]


@pytest.mark.parametrize("role", list(ACCOUNTS))
@pytest.mark.parametrize("url,expected", PAGES, ids=[p[0] for p in PAGES])
def test_route_by_role(shared_clients, ids, role, url, expected):
    response = shared_clients[role].get(url.format(**ids))
    assert response.status_code == expected[role], response.get_data(as_text=True)[:500]
    if response.status_code == 403:
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and ("Not yours to see" in body or '"status":403' in body)


def test_every_route_needs_a_login(shared_app, ids):
    """Anonymous GETs of pages go to the login page; of the API, 401 — for every route there is."""
    client = shared_app.test_client()
    public = {"/login", "/api/v1/openapi.json", "/static/<path:filename>", "/static/vis-network/<path:filename>"}
    checked = 0
    for rule in shared_app.url_map.iter_rules():
        if rule.rule in public or "GET" not in rule.methods:
            continue
        url = rule.rule.replace("<person_id>", "eve").replace("<goal_id>", ids["eve_goal"]) \
            .replace("<intro_id>", ids["xss_intro"]).replace("<email>", "eve@example.com")
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401 and response.json["error"]["status"] == 401, url
        else:
            assert response.status_code == 302 and "/login?next=" in response.headers["Location"], url
        checked += 1
    assert checked >= 30


def test_every_form_action_needs_a_login(shared_app, ids):
    """POST-only routes refuse an anonymous user even with a valid CSRF token."""
    browser = Browser(shared_app)
    browser.get("/login")
    posts = [r.rule for r in shared_app.url_map.iter_rules() if "GET" not in r.methods and r.rule != "/logout"]
    assert len(posts) >= 8
    for rule in posts:
        url = rule.replace("<goal_id>", ids["eve_goal"]).replace("<intro_id>", ids["xss_intro"]) \
            .replace("<email>", "eve@example.com")
        response = browser.post(url, {"to": "declined"}, headers={"Accept": "text/html"})
        assert response.status_code in (302, 401), (url, response.status_code)


def test_admin_pages_say_why_they_are_forbidden(shared_clients):
    body = shared_clients["mentee"].get("/admin/imports").get_data(as_text=True)
    assert "This is for admin accounts." in body


def test_emails_only_for_admins_and_the_person(shared_clients):
    assert "tom@example.com" in shared_clients["admin"].get("/people/tom").get_data(as_text=True)
    assert "tom@example.com" in shared_clients["target"].get("/people/tom").get_data(as_text=True)
    for role in ("mentor", "mentee", "introducer"):
        assert "tom@example.com" not in shared_clients[role].get("/people/tom").get_data(as_text=True)
        own = ACCOUNTS[role][0]
        listing = shared_clients[role].get("/people").get_data(as_text=True)
        assert not [p["email"] for p in PEOPLE.values() if p["email"] != own and p["email"] in listing]
        api = shared_clients[role].get("/api/v1/people?q=tom").json
        assert api["people"] and all("email" not in p for p in api["people"])
        assert "email" not in shared_clients[role].get("/api/v1/people/tom").json["person"]


def test_unknown_things_are_friendly_404s(shared_clients):
    for url in ("/people/nobody", "/goals/G-nope", "/introductions/I-nope", "/no/such/page"):
        response = shared_clients["admin"].get(url)
        assert response.status_code == 404 and "Not found" in response.get_data(as_text=True), url
    api = shared_clients["admin"].get("/api/v1/people/nobody")
    assert api.status_code == 404 and api.json["error"]["message"]
