"""The key flows, end to end through the pages, on the embedded store and on a real Neo4j."""
from __future__ import annotations

import os
import re
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from graphsvc import introductions
from tests.helpers import DATA, Browser, graph_data
from webui.storage import get_store



def _intro_id(response) -> str:
    return re.search(r"/introductions/([\w-]+)$", response.headers["Location"]).group(1)


def test_introduction_with_double_opt_in_adds_a_tie(any_app):
    eve, ida, tom = (Browser(any_app).login(r) for r in ("mentee", "introducer", "target"))
    goal = any_app.config["SEED_IDS"]["eve_goal"]
    found = eve.get("/intro?to=tom").get_data(as_text=True)
    assert "Ida Introducer" in found and "worked together on Launch &lt;i&gt;X&lt;/i&gt;" in found
    assert "/introductions/new?introducer=ida&amp;target=tom" in found or "introducer=ida" in found

    eve.get("/introductions/new?introducer=ida&target=tom")
    sent = eve.post("/introductions/new", {"introducer": "ida", "target": "tom", "goal": goal,
                                          "message": "Hi Ida, could you introduce me to Tom?"})
    assert sent.status_code == 302
    intro = _intro_id(sent)
    page = f"/introductions/{intro}"
    assert tom.get(page).status_code == 403  # not the target's business before Ida says yes
    assert "Accept (as introducer)" in ida.get(page).get_data(as_text=True)

    ida.post(f"{page}/move", {"to": "introducer_accepted"})
    seen_by_tom = tom.get(page).get_data(as_text=True)
    assert "Accept (as target)" in seen_by_tom and "eve@example.com" not in seen_by_tom
    assert "tom@example.com" not in eve.get(page).get_data(as_text=True)

    refused = ida.post(f"{page}/move", {"to": "target_accepted"})
    assert refused.status_code == 302 and "only the target may" in ida.get(page).get_data(as_text=True)

    tom.post(f"{page}/move", {"to": "target_accepted"})
    shared = eve.get(page).get_data(as_text=True)
    assert "tom@example.com" in shared and "eve@example.com" in shared

    ida.post(f"{page}/move", {"to": "made"})
    assert "made" in eve.get(page).get_data(as_text=True)
    assert "introduced through intrograph" in eve.get("/people/eve").get_data(as_text=True)
    graph = eve.get("/people/eve/network/graph").get_data(as_text=True)
    _, edges = graph_data(graph)
    assert [e["title"].splitlines()[1:] for e in edges if {e["from"], e["to"]} == {"eve", "tom"}] == [
        [f"introduced through intrograph (since {date.today().year})"]]
    assert "50%" in eve.get(f"/goals/{goal}").get_data(as_text=True)  # 1 of 2 introductions made

    eve.post(f"{page}/move", {"to": "met"})
    eve.post(f"{page}/move", {"to": "closed"})
    assert "closing an introduction needs an outcome note" in eve.get(page).get_data(as_text=True)
    eve.post(f"{page}/move", {"to": "closed", "note": "We meet monthly now"})
    assert "We meet monthly now" in eve.get(page).get_data(as_text=True)

    admin = Browser(any_app).login("admin")
    log = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("intro.request", "intro.introducer_accepted", "intro.target_accepted", "intro.made",
                   "intro.met", "intro.closed"):
        assert action in log


def test_smart_goal_form_names_each_part_that_is_wrong(any_app):
    eve = Browser(any_app).login("mentee")
    eve.get("/goals/new")
    response = eve.post("/goals/new", {"statement": "", "measure": "", "target_value": "lots",
                                       "due": "2001-01-01"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("statement", "spec", "measure", "target_value", "due"):
        assert f'id="error-{field}"' in body, field
    assert "the due date must be in the future" in body and "lots" in body

    response = eve.post("/goals/new", {"statement": "Learn roadmapping", "skills": "Roadmaps, Strategy",
                                       "measure": "sessions held", "target_value": "4", "due": "2099-03-01"})
    assert response.status_code == 302
    goal = response.headers["Location"]
    eve.post(f"{goal}/progress", {"value": "1", "note": "first session with Tom"})
    page = eve.get(goal).get_data(as_text=True)
    assert "25%" in page and "first session with Tom" in page and "skills: Roadmaps, Strategy" in page
    eve.post(f"{goal}/progress", {"value": "-3"})
    assert "progress is a number of at least 0" in eve.get(goal).get_data(as_text=True)
    eve.post(f"{goal}/status", {"status": "dropped"})
    assert "dropped" in eve.get("/goals").get_data(as_text=True)
    max_ = Browser(any_app).login("mentor")
    assert "Learn roadmapping" in max_.get("/goals").get_data(as_text=True)  # Eve's mentor sees it
    assert max_.post(f"{goal}/status", {"status": "open"}).status_code == 403


def _upload_orgchart(admin, name: str):
    """The import page's upload of tests/data/NAME as an org chart (a dry run)."""
    with open(DATA / name, "rb") as f:
        return admin.post("/admin/imports", {"kind": "orgchart", "file": (f, name)},
                          content_type="multipart/form-data")


def test_admin_imports_show_every_problem_by_line_then_write_a_good_file(any_app):
    admin = Browser(any_app).login("admin")
    admin.get("/admin/imports")
    response = _upload_orgchart(admin, "orgchart_bad.csv")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "9 problem(s) found; nothing was written" in body
    assert "person A5 would merge with person eve (same e-mail)" in body  # checked against the store too
    assert "<td>3</td><td>Email</td><td>malformed e-mail &#39;bob@example&#39;</td>" in body
    assert "reporting cycle" in body and "missing id" in body

    response = _upload_orgchart(admin, "orgchart_small.csv")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Dry run of orgchart_small.csv" in body
    assert "8 would be created" in body
    assert admin.get("/people?q=Lindqvist").get_data(as_text=True).count("Bo Lindqvist") == 0

    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    done = admin.post("/admin/imports/confirm", {"token": token, "kind": "orgchart", "owner": ""})
    assert done.status_code == 302
    history = admin.get("/admin/imports").get_data(as_text=True)
    assert "Imported orgchart_small.csv: 8 nodes created" in history
    assert "<td>orgchart_small.csv</td><td>orgchart</td><td>admin@example.org</td>" in history
    assert "Bo Lindqvist" in admin.get("/people?q=Lindqvist").get_data(as_text=True)
    again = admin.post("/admin/imports/confirm", {"token": token, "kind": "orgchart"})
    assert again.status_code == 404  # an upload is imported once


def test_admin_manages_accounts_and_every_change_is_audited(any_app):
    admin = Browser(any_app).login("admin")
    admin.get("/admin/accounts")
    admin.post("/admin/accounts", {"email": "img@example.com", "password": "long enough 1", "roles": ["mentee"]})
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert "Account img@example.com created." in page
    admin.post("/admin/accounts", {"email": "nobody@example.com", "password": "long enough 1", "roles": ["mentee"]})
    assert "no person has the e-mail nobody@example.com" in admin.get("/admin/accounts").get_data(as_text=True)
    admin.post("/admin/accounts/img@example.com", {"action": "roles", "roles": ["mentee", "mentor"]})
    admin.post("/admin/accounts/img@example.com", {"action": "disable"})
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert re.search(r"img@example.com.*?mentor, mentee.*?disabled", page, re.S)
    log = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("account.add", "account.roles", "account.disable"):
        assert action in log
    assert admin.post("/admin/accounts/img@example.com", {"action": "explode"}).status_code == 400


def test_rerun_analytics_shows_progress_then_connectors(app, login):
    admin = login("admin")
    admin.get("/admin/analytics")
    assert admin.post("/admin/analytics").status_code == 302
    deadline = time.monotonic() + 60
    while "The last run finished" not in (page := admin.get("/admin/analytics").get_data(as_text=True)):
        assert "failed" not in page and time.monotonic() < deadline
        time.sleep(0.2)
    connectors = admin.get("/connectors").get_data(as_text=True)
    assert "Max Mentor" in connectors or "Ida Introducer" in connectors
    dashboard = admin.get("/").get_data(as_text=True)
    assert "At the last analytics run:" in dashboard and "2 mentees without a mentor" in dashboard  # Tom, Xss
    assert "analytics.run" in admin.get("/admin/audit").get_data(as_text=True)


def test_people_search_pages_through_everyone(any_app):
    eve = Browser(any_app).login("mentee")
    everyone = eve.get("/api/v1/people?limit=3").json
    assert everyone["total"] == 7 and len(everyone["people"]) == 3
    rest = eve.get("/api/v1/people?limit=3&offset=3").json["people"] + \
        eve.get("/api/v1/people?limit=3&offset=6").json["people"]
    assert len({p["person_id"] for p in everyone["people"] + rest}) == 7
    page = eve.get("/people?department=sales").get_data(as_text=True)
    assert "Ida Introducer" in page and "Zed Gone" in page and "Tom Target" not in page


def test_requests_nobody_moves_expire_and_can_no_longer_move(app, login, monkeypatch):
    monkeypatch.setenv("INTROGRAPH_INTRO_EXPIRY_DAYS", "3")
    with app.app_context():
        intro = introductions.request_intro(get_store(), "eve", "ida", "tom",
                                            now=datetime.now(timezone.utc) - timedelta(days=4))
    eve, ida = login("mentee"), login("introducer")
    assert "expired" in eve.get("/introductions").get_data(as_text=True)
    page = ida.get(f"/introductions/{intro['id']}").get_data(as_text=True)
    assert 'id="intro-status">expired' in page and "Accept (as introducer)" not in page


def test_a_mentee_without_a_mentor_sees_candidates(login):
    tom = login("target")  # a mentee with no mentor
    tom.post("/goals/new", {"statement": "Lead a team", "skills": "Leadership", "measure": "talks with leads",
                            "target_value": "3", "due": "2099-01-01"})
    page = tom.get("/").get_data(as_text=True)
    assert 'id="mentor-candidates"' in page and "Max Mentor" in page
    assert 'id="mentor-candidates"' not in login("mentee").get("/").get_data(as_text=True)  # Eve has Max


def test_a_large_network_is_capped_with_a_note(login, monkeypatch):
    monkeypatch.setattr("webui.people.NETWORK_CAP", 3)
    eve = login("mentee")
    page = eve.get("/people/eve/network?depth=2").get_data(as_text=True)
    assert "only the 3 reached through the strongest ties are drawn" in page and "3 people" in page
    nodes, _ = graph_data(eve.get("/people/eve/network/graph?depth=2").get_data(as_text=True))
    assert len(nodes) == 3 and "eve" in {n["id"] for n in nodes}
    assert "larger than" not in eve.get("/people/tom/network").get_data(as_text=True)


def test_unconfirmed_uploads_are_swept_after_a_day(app, login):
    admin = login("admin")
    old = Path(app.config["WORK_DIR"]) / "uploads" / "abandoned"
    old.mkdir(parents=True)
    (old / "orgchart.csv").write_text("Employee ID,Name\n")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    _upload_orgchart(admin, "orgchart_small.csv")
    assert not old.exists()
    assert len(list(old.parent.iterdir())) == 1  # the new upload waits for its confirmation
