"""Helpers that test modules and conftest files share: import them as ``from tests.helpers import …``.

They live here rather than in a conftest so that there is one import convention and each
helper is one module object (a conftest imported by name is a second copy of the one pytest
loaded). conftest files hold only fixtures and hooks.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from graphsvc import accounts, cli, goals, introductions
from graphsvc.goals import GoalSpec
from graphsvc.model import ImportBatch, Tie
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


def make_app(uri: str, work_dir: Path):
    return create_app({"STORE_URI": uri, "SECRET_KEY": "test-secret", "WORK_DIR": str(work_dir),
                       "TESTING": True, "SESSION_COOKIE_SECURE": False})


def graph_data(page: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges a pyvis page draws."""
    def dataset(name):
        return json.loads(re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    return dataset("nodes"), dataset("edges")


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
