"""``intrograph serve`` and ``intrograph demo``, run as the console script runs them."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from graphsvc import accounts
from graphsvc.cli import build_parser
from graphsvc.neo4j_server import free_port
from graphsvc.store import open_store

INTROGRAPH = [sys.executable, "-m", "graphsvc.cli"]


def test_options_and_defaults():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000) and 1 <= args.workers <= 8
    args = build_parser().parse_args(["demo", "--people", "50", "--no-serve", "--port", "9000"])
    assert (args.people, args.no_serve, args.port) == (50, True, 9000)


def test_demo_builds_its_own_store_and_prints_working_logins(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    env.pop("INTROGRAPH_STORE", None)
    sizes = []
    for _ in range(2):  # recreated on each run, not added to
        out = subprocess.run([*INTROGRAPH, "demo", "--people", "60", "--no-serve", "--json"],
                             env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        shown = json.loads(out.stdout)
        with open_store(shown["store"]) as store:
            sizes.append(store.counts())
    assert sizes[0] == sizes[1] and sizes[0]["nodes"]["Account"] == 3
    assert shown["store"] == f"sqlite:///{tmp_path / 'intrograph' / 'demo.db'}"
    assert [x["role"] for x in shown["logins"]] == ["admin", "mentor", "mentee"]
    with open_store(shown["store"]) as store:
        assert store.search_people(department="engineering")[1] > 0  # employees (LinkedIn adds outsiders)
        by_role = {x["role"]: x for x in shown["logins"]}
        for login in shown["logins"]:
            user = accounts.authenticate(store, login["email"], login["password"])
            assert user["roles"] == [login["role"]]
        mentee = by_role["mentee"]["person_id"]
        edges, _ = store.incident_edges([mentee])
        assert any(t.type == "MENTORS" and t.source == by_role["mentor"]["person_id"] for e in edges for t in e.ties)
        assert store.find_records("Goal", owner=mentee)


def test_demo_refuses_a_store_that_is_not_empty(tmp_path):
    uri = f"sqlite:///{tmp_path / 'full.db'}"
    with open_store(uri) as store:
        from graphsvc.model import ImportBatch
        store.upsert(ImportBatch(people={"a": {"name": "A"}}))
    out = subprocess.run([*INTROGRAPH, "demo", "--no-serve", "--store", uri],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "is not empty" in out.stderr + out.stdout


def test_serve_runs_the_app_under_gunicorn(tmp_path):
    port = free_port()
    env = {**os.environ, "INTROGRAPH_WEB_DIR": str(tmp_path / "web")}
    server = subprocess.Popen([*INTROGRAPH, "serve", "--port", str(port), "--workers", "2",
                               "--store", f"sqlite:///{tmp_path / 'served.db'}"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:
                    assert response.status == 200 and b"Log in" in response.read()
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2) as response:
            assert json.load(response)["info"]["title"] == "intrograph API"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output
