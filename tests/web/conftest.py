"""Fixtures for the web UI: the seeded organisation of ``tests.helpers`` (with hostile names),
an app on it, and test clients logged in per role.

Read-only tests share one seeded embedded store (``shared_app``); tests that change things
get a fresh copy (``app``), and the key flows run again on a real Neo4j (``any_app``).
"""
from __future__ import annotations

import shutil

import pytest

from graphsvc.embedded import EmbeddedStore
from tests.helpers import ACCOUNTS, Browser, make_app, seed


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
