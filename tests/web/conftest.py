"""Fixtures for the web UI: a small seeded organisation (with hostile names), an app on it,
and test clients logged in per role.

The organisation is small and hand-built so that each test can say exactly what it
expects; it carries names and titles made of HTML so that every page is also an escaping
test. Read-only tests share one seeded embedded store (``shared_app``); tests that change
things get a fresh copy (``app``), and the key flows run again on a real Neo4j (``any_app``).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from graphsvc import accounts, goals, introductions
from graphsvc.embedded import EmbeddedStore
from graphsvc.goals import GoalSpec
from graphsvc.model import ImportBatch, Tie
from webui import create_app

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
ROLES = ("admin", "mentor", "mentee")


def seed(store) -> dict[str, str]:
    """The organisation, its accounts, a goal of Eve's and one of the hostile person's."""
    batch = ImportBatch(people=PEOPLE)
    for tie in TIES:
        batch.add_tie(tie)
    store.upsert(batch)
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


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """A seeded embedded store file, built once; tests copy it."""
    path = tmp_path_factory.mktemp("seeded") / "intrograph.db"
    store = EmbeddedStore(f"sqlite:///{path}")
    ids = seed(store)
    store.close()
    return path, ids


@pytest.fixture(scope="session")
def shared_app(seeded_db, tmp_path_factory):
    """One app on one seeded store, for tests that only read."""
    path, _ = seeded_db
    copy = tmp_path_factory.mktemp("shared") / "intrograph.db"
    shutil.copy(path, copy)
    app = make_app(f"sqlite:///{copy}", copy.parent / "web")
    yield app
    app.extensions["intrograph.store"].close()


@pytest.fixture(scope="session")
def shared_clients(shared_app):
    """A logged-in browser per account, on the shared app."""
    return {role: Browser(shared_app).login(role) for role in ACCOUNTS}


@pytest.fixture
def ids(seeded_db):
    return seeded_db[1]


@pytest.fixture
def app(seeded_db, tmp_path):
    """A fresh app on a fresh copy of the seeded store."""
    path, _ = seeded_db
    shutil.copy(path, tmp_path / "intrograph.db")
    app = make_app(f"sqlite:///{tmp_path / 'intrograph.db'}", tmp_path / "web")
    yield app
    app.extensions["intrograph.store"].close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_app(request, tmp_path):
    """A fresh seeded app on each kind of store (the key flows run on both)."""
    store = request.getfixturevalue(f"{request.param}_store")
    ids = seed(store)
    app = make_app(store.uri, tmp_path / "web")
    app.config["SEED_IDS"] = ids
    yield app
    app.extensions["intrograph.store"].close()


@pytest.fixture
def login(app):
    """``login(role)`` → a Browser logged in on the fresh app."""
    return lambda role: Browser(app).login(role)
