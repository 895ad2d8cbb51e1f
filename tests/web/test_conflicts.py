"""A change decided on an older version of a record: 409 by the API, a clear message on pages.

Pages carry the version they showed in a hidden field of each form; API clients send the
``version`` they read (published in the OpenAPI document). Someone else's change in between
wins, and the late one is told to reload; nothing of it is written.
"""
from __future__ import annotations

import re

from graphsvc import accounts
from tests.helpers import ACCOUNTS
from webui.storage import get_store

STALE = "changed meanwhile"


def shown_version(page: str) -> int:
    """The version a page's forms carry (each form of a page carries the same record's)."""
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_a_move_by_api_on_an_introduction_changed_meanwhile_answers_409(app):
    with app.app_context():
        tokens = {role: accounts.create_token(get_store(), ACCOUNTS[role][0]) for role in ("mentee", "introducer")}
    client = app.test_client()

    def call(role, method, url, **kw):
        return getattr(client, method)(url, headers={"Authorization": f"Bearer {tokens[role]}"}, **kw)
    intro = call("mentee", "post", "/api/v1/introductions", json={"introducer": "ida", "target": "tom"}).json
    intro_id, read = intro["introduction"]["id"], intro["introduction"]["version"]
    url = f"/api/v1/introductions/{intro_id}/transition"
    accepted = call("introducer", "post", url, json={"to": "introducer_accepted", "version": read})
    assert accepted.status_code == 200 and accepted.json["introduction"]["version"] == read + 1

    late = call("mentee", "post", url, json={"to": "withdrawn", "version": read})
    assert late.status_code == 409
    assert STALE in late.json["error"]["message"] and "introducer accepted" in late.json["error"]["message"]
    now = call("mentee", "get", f"/api/v1/introductions/{intro_id}").json["introduction"]
    assert now["status"] == "introducer_accepted" and now["version"] == read + 1
    assert call("mentee", "post", url, json={"to": "withdrawn", "version": "one"}).status_code == 422
    assert call("mentee", "post", url, json={"to": "withdrawn", "version": read + 1}).status_code == 200


def test_the_api_document_publishes_the_version_of_each_change(shared_app):
    paths = shared_app.test_client().get("/api/v1/openapi.json").json["paths"]
    for path in ("/introductions/{intro_id}/transition", "/goals/{goal_id}/progress"):
        body = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert body["properties"]["version"]["type"] == "integer"
        assert "409" in paths[path]["post"]["responses"]


def test_an_introduction_page_moved_by_someone_else_meanwhile_says_so(login):
    eve, ida = login("mentee"), login("introducer")
    sent = eve.post("/introductions/new", {"introducer": "ida", "target": "tom", "message": "Hello"})
    page = sent.headers["Location"]
    seen_by_eve = eve.get(page).get_data(as_text=True)
    seen_by_ida = ida.get(page).get_data(as_text=True)
    assert shown_version(seen_by_eve) == shown_version(seen_by_ida) == 1

    ida.post(f"{page}/move", {"to": "introducer_accepted", "version": shown_version(seen_by_ida)})
    late = eve.post(f"{page}/move", {"to": "withdrawn", "version": shown_version(seen_by_eve)})
    assert late.status_code == 302
    after = eve.get(page).get_data(as_text=True)
    assert STALE in after and 'id="intro-status">introducer accepted' in after


def test_a_goal_page_changed_meanwhile_says_so(login, ids):
    eve = login("mentee")
    page = f"/goals/{ids['eve_goal']}"
    read = shown_version(eve.get(page).get_data(as_text=True))
    eve.post(f"{page}/progress", {"value": "1", "note": "in another tab", "version": str(read)})
    eve.post(f"{page}/status", {"status": "dropped", "version": str(read)})
    after = eve.get(page).get_data(as_text=True)
    assert STALE in after and "dropped" not in after.split("<h1>", 1)[1].split("</p>", 1)[0]


def test_the_accounts_page_changed_meanwhile_says_so(login):
    admin, other = login("admin"), login("admin")
    email = ACCOUNTS["admin"][0]  # the first account listed, whose version the page shows first
    read = shown_version(admin.get("/admin/accounts").get_data(as_text=True))
    other.get("/admin/accounts")
    # a change that leaves sessions alone (a new password would end this very admin's sessions)
    other.post("/account/token", {})
    late = admin.post(f"/admin/accounts/{email}", {"action": "roles", "roles": ["admin", "mentor"],
                                                   "version": str(read)})
    assert late.status_code == 302
    after = admin.get("/admin/accounts").get_data(as_text=True)
    assert f"account {email} {STALE}" in after
    with admin.client.application.app_context():
        assert accounts.get_user(get_store(), email)["roles"] == ["admin"]
