"""Shared fixtures: a store of each kind, and a real Neo4j server for the test session.

The Neo4j half uses ``NEO4J_URI`` when it is set; otherwise it starts the project's own
Neo4j Community server once per session (in a temporary home) and stops it afterwards.
With ``INTROGRAPH_REQUIRE_NEO4J=1`` (as in CI) a Neo4j test that cannot run fails instead of
being skipped; ``INTROGRAPH_REQUIRE_BROWSER=1`` does the same for browser tests.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before the import below: helpers' asserts (in Browser.login, for one) report like a test's.
pytest.register_assert_rewrite("tests.helpers")

from graphsvc.embedded import EmbeddedStore  # noqa: E402
from tests.helpers import DATA, WEIGHTS_DATE  # noqa: E402

REQUIRED_MARKERS = {"neo4j": "INTROGRAPH_REQUIRE_NEO4J", "browser": "INTROGRAPH_REQUIRE_BROWSER"}


def _required(marker: str) -> bool:
    return os.environ.get(REQUIRED_MARKERS[marker]) == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped Neo4j or browser test is a failure, whatever skipped it."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        for marker in REQUIRED_MARKERS:
            if item.get_closest_marker(marker) and _required(marker):
                report.outcome = "failed"
                report.longrepr = f"{marker} test skipped but {REQUIRED_MARKERS[marker]}=1: {report.longrepr}"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A reachable Neo4j: NEO4J_URI, else a server this session starts and stops."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield uri
        return
    from graphsvc import neo4j_server
    home = tmp_path_factory.mktemp("neo4j-home")
    try:
        info = neo4j_server.start(home=home, heap="768m")
    except neo4j_server.Neo4jServerError as exc:
        pytest.skip(f"cannot start Neo4j: {exc}")
    try:
        yield info.uri
    finally:
        neo4j_server.stop(home=home)


@pytest.fixture
def neo4j_store(neo4j_uri):
    from graphsvc.neo4j_store import Neo4jStore
    store = Neo4jStore(neo4j_uri)
    store.delete_everything()
    store.refresh_weights(WEIGHTS_DATE)
    yield store
    store.close()


@pytest.fixture
def embedded_store(tmp_path):
    store = EmbeddedStore(f"sqlite:///{tmp_path / 'intrograph.db'}")
    store.refresh_weights(WEIGHTS_DATE)
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    """Each contract test runs once on the embedded store and once on a real Neo4j."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def data_dir() -> Path:
    return DATA
