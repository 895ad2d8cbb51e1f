"""Helpers that test modules and conftest files share: import them as ``from tests.helpers import …``.

They live here rather than in a conftest so that there is one import convention and each
helper is one module object (a conftest imported by name is a second copy of the one pytest
loaded). conftest files hold only fixtures and hooks.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

from graphsvc import accounts, cli, goals, introductions
from graphsvc.goals import GoalSpec
from graphsvc.model import ImportBatch, Tie
from graphsvc.records import Record
from webui import create_app

#: The repository's root: where the packages' sources are, and where child processes run.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
#: The date the stores of the ``store`` fixture weigh their pairs for, so that tests whose
#: ties have dates get the same strengths whatever day they run.
WEIGHTS_DATE = date(2026, 1, 1)


def build(store, people, ties):
    """Write a hand-built graph: people as {id: name or props}, ties as Tie records."""
    batch = ImportBatch()
    for pid, props in people.items():
        batch.people[pid] = {"name": props} if isinstance(props, str) else props
    for tie in ties:
        batch.add_tie(tie)
    return store.upsert(batch)


def path_ids(result) -> list[list[str]]:
    """The person ids along each path of a warm-introduction answer, warmest first."""
    return [[p["person_id"] for p in path["people"]] for path in result.paths]


def person_ids(rows) -> list[str]:
    """The ``person_id`` of each row, in order."""
    return [r["person_id"] for r in rows]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``intrograph argv`` through its real entry point: (exit status, stdout, stderr)."""
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# The web UI's organisation: small and hand-built so that each test can say exactly what it
# expects, with names and titles made of HTML so that every page is also an escaping test.

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
PASSWORD = "correct horse 1"

PEOPLE = {
    "eve": {"name": "Eve Mentee", "email": "eve@example.com", "title": "Engineer", "department": "Engineering",
            "level": 2, "skills": ["Python"]},
    "max": {"name": "Max Mentor", "email": "max@example.com", "title": "Staff Engineer", "department": "Engineering",
            "level": 6, "skills": ["Python", "Leadership"]},
    "ida": {"name": "Ida Introducer", "email": "ida@example.com", "title": "Account Manager", "department": "Sales",
            "level": 4},
    "tom": {"name": "Tom Target", "email": "tom@example.com", "title": "Product Lead", "department": "Product",
            "level": 5, "skills": ["Roadmaps"]},
    "xss": {"name": SCRIPT, "email": "xss@example.com", "title": IMG, "department": "<b>Ops</b>", "level": 3,
            "skills": [SCRIPT]},
    "img": {"name": IMG, "email": "img@example.com", "title": SCRIPT, "department": "Ops"},
    "gone": {"name": "Zed Gone", "email": "zed@example.com", "department": "Sales", "active": False},
}
TIES = [
    Tie("MENTORS", "max", "eve", {"since": "2025-01-01", "status": "active", "program": "Pilot"}),
    Tie("WORKED_WITH", "eve", "ida", {"kind": "team", "context": "Apollo", "since": "2023-01-01"}),
    Tie("WORKED_WITH", "ida", "tom", {"kind": "project", "context": "Launch <i>X</i>", "since": "2022-01-01",
                                      "interactions": 30}),
    Tie("KNOWS", "eve", "xss", {"source": "manual", "since": "2024-01-01"}),
    Tie("KNOWS", "xss", "tom", {"source": "linkedin", "since": "2024-03-01"}),
    Tie("KNOWS", "max", "img", {"source": "manual", "since": "2021-01-01"}),
    Tie("REPORTS_TO", "eve", "max", {"since": "2024-01-01"}),
]
#: A tie not in the seed: with it Tom, whom Max worked with, is one of Max's picks for his mentee Eve.
ATLAS = Tie("WORKED_WITH", "max", "tom", {"kind": "project", "context": "Atlas", "since": "2019-03-01",
                                          "until": "2021-06-30"})
#: role name used by tests → (account e-mail, roles)
ACCOUNTS = {
    "admin": ("admin@example.org", ["admin"]),
    "mentor": ("max@example.com", ["mentor"]),
    "mentee": ("eve@example.com", ["mentee"]),
    "introducer": ("ida@example.com", ["mentor"]),
    "target": ("tom@example.com", ["mentee"]),
    "hostile": ("xss@example.com", ["mentee"]),
}


def seed(store) -> dict[str, str]:
    """The organisation, its accounts, a goal of Eve's and one of the hostile person's."""
    build(store, PEOPLE, TIES)
    for email, roles in ACCOUNTS.values():
        accounts.add_user(store, email, PASSWORD, roles)
    eve_goal = goals.add_goal(store, "eve", "Meet someone in Product", GoalSpec(departments=["Product"]),
                              "introductions made", 2, "2099-01-01")
    xss_goal = goals.add_goal(store, "xss", SCRIPT, GoalSpec(skills=[IMG]), IMG, 3, "2099-01-01",
                              achievable=SCRIPT, relevant=IMG)
    intro = introductions.request_intro(store, "xss", "eve", "max", message=IMG)
    return {"eve_goal": eve_goal["id"], "xss_goal": xss_goal["id"], "xss_intro": intro["id"]}


def months_ago(today: date, months: int, day: int) -> datetime:
    """Noon on ``day`` of the month ``months`` before ``today``'s, in UTC."""
    index = today.year * 12 + today.month - 1 - months
    return datetime(index // 12, index % 12 + 1, day, 12, tzinfo=timezone.utc)


def seed_history(store, ids: dict[str, str], today: date) -> dict[str, str]:
    """Half a year of use on top of :func:`seed`, through the workflow's own functions dated in
    the past (each step within the 14 days before a request expires): introductions reaching
    every stage in different months, and Eve's goals moving.

    Returns the ids of the goals and introductions it adds.
    """
    def at(months, day):
        return months_ago(today, months, day)

    def backdated_goal(goal_id, created):
        goal = store.get_record("Goal", goal_id)
        store.write_records([Record("Goal", goal_id, {**goal, "created": created.isoformat(timespec="seconds")})])

    backdated_goal(ids["eve_goal"], at(6, 3))
    sessions = goals.add_goal(store, "eve", "Learn roadmapping", GoalSpec(skills=["Roadmaps"]), "sessions", 4,
                              "2099-01-01")
    backdated_goal(sessions["id"], at(4, 2))
    for months, value in ((3, 1), (2, 2), (1, 3)):
        goal = goals.with_progress(store.get_record("Goal", sessions["id"]), value, "eve",
                                   at(months, 12).isoformat(timespec="seconds"))
        store.write_records([Record("Goal", sessions["id"], goal)])

    def walk(requester, introducer, target, steps, goal=None):
        intro = introductions.request_intro(store, requester, introducer, target, goal_id=goal, now=at(*steps[0]))
        for (months, day), status, actor in steps[1:]:
            introductions.transition(store, intro["id"], status, actor, note="done" * (status == "closed"),
                                     now=at(months, day))
        return intro["id"]

    made = walk("eve", "ida", "tom", [(5, 20), ((5, 22), "introducer_accepted", "ida"),
                                      ((4, 2), "target_accepted", "tom"), ((4, 3), "made", "ida"),
                                      ((3, 8), "met", "tom")], goal=ids["eve_goal"])
    refused = walk("tom", "ida", "eve", [(4, 10), ((4, 11), "declined", "ida")])
    turned_down = walk("max", "ida", "tom", [(3, 20), ((3, 22), "introducer_accepted", "ida"),
                                             ((2, 1), "declined", "tom")])
    stale = walk("tom", "xss", "eve", [(2, 5)])
    introductions.expire_stale(store, now=at(2, 25))
    second = walk("eve", "max", "img", [(1, 3), ((1, 4), "introducer_accepted", "max"),
                                        ((1, 6), "target_accepted", "img"), ((1, 7), "made", "eve")],
                  goal=ids["eve_goal"])
    return {"sessions_goal": sessions["id"], "made": made, "refused": refused, "turned_down": turned_down,
            "stale": stale, "second": second}


def make_app(uri: str, work_dir: Path):
    return create_app({"STORE_URI": uri, "SECRET_KEY": "test-secret", "WORK_DIR": str(work_dir),
                       "TESTING": True, "SESSION_COOKIE_SECURE": False})


def graph_json(page: str) -> dict:
    """The data block of a graph page: nodes, edges, vis-network options and paths."""
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert found, "no graph data in the page"
    return json.loads(found.group(1))


def graph_data(page: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges a graph page draws."""
    data = graph_json(page)
    return data["nodes"], data["edges"]


def graph_frame(page):
    """The graph frame of a Playwright page, once vis-network has drawn its canvas."""
    page.frame_locator("figure.graph iframe").locator("canvas").wait_for()
    return next(f for f in page.frames if f.parent_frame is not None)


def csrf_of(response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "no CSRF token in the page"
    return found.group(1)


class Browser:
    """A test client that remembers the CSRF token of the page it saw last."""

    def __init__(self, app):
        self.client = app.test_client()
        self.token = ""

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        if b'name="csrf_token"' in response.data:
            self.token = csrf_of(response)
        return response

    def post(self, url, data=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token or csrf_of(self.client.get("/login")))
        return self.client.post(url, data=data, **kw)

    def login(self, role: str):
        email = ACCOUNTS[role][0]
        self.get("/login")
        response = self.post("/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.get("/")
        return self
