"""Tests of graphsvc.neo4j_server: pure helpers always, a real server on request.

The integration test starts its own JVM, so it runs only with
INTROGRAPH_REQUIRE_NEO4J=1 (as CI sets); the rest of the suite shares a server
started elsewhere.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graphsvc import neo4j_server as ns


# --------------------------------------------------------------------------- pure parts


def test_config_is_loopback_only_with_given_port(tmp_path: Path) -> None:
    text = ns.render_config(tmp_path, 17999, pagecache="32m")
    settings = dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert settings["server.bolt.listen_address"] == "127.0.0.1:17999"
    assert settings["server.default_listen_address"] == "127.0.0.1"
    assert settings["server.bolt.enabled"] == "true"
    assert settings["server.bolt.tls_level"] == "DISABLED"
    assert settings["server.http.enabled"] == "false"
    assert settings["server.https.enabled"] == "false"
    assert settings["dbms.security.auth_enabled"] == "false"
    assert settings["dbms.usage_report.enabled"] == "false"
    assert settings["server.memory.pagecache.size"] == "32m"
    assert settings["dbms.memory.transaction.total.max"] == "256m"
    for kind in ("data", "logs", "run", "plugins", "import"):
        assert settings[f"server.directories.{kind}"] == str(tmp_path / kind)
    assert "0.0.0.0" not in text


def test_heap_and_page_cache_must_fit_the_machine() -> None:
    ns.check_memory("2g", ns.DEFAULT_PAGECACHE, 24 * 1024)
    with pytest.raises(ns.Neo4jServerError, match=r"heap 2g and page cache 1g need 3,072 MiB, more than the "
                                                  r"2,048 MiB of memory here; start with a smaller --heap or --pagecache"):
        ns.check_memory("2g", "1g", 2048)
    with pytest.raises(ns.Neo4jServerError, match="page cache '1 GB' is not a size like 512m or 4g"):
        ns.check_memory("2g", "1 GB", 2048)


def test_start_refuses_a_page_cache_larger_than_memory_before_any_jvm(tmp_path: Path) -> None:
    home = tmp_path / "neo4j-home"
    out = subprocess.run([sys.executable, "-m", "graphsvc.cli", "neo4j", "start", "--home", str(home),
                          "--pagecache", "100000g"], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "page cache 100000g need" in out.stderr and "--pagecache" in out.stderr
    assert "Traceback" not in out.stderr
    assert ns.status(home) is None and not (home / "logs" / "console.log").exists()


def test_free_port_is_bindable_on_loopback() -> None:
    port = ns.free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_previous_port_is_read_back_from_generated_config(tmp_path: Path) -> None:
    conf = tmp_path / "neo4j.conf"
    conf.write_text(ns.render_config(tmp_path, 24242))
    assert ns._previous_port(conf) == 24242
    assert ns._previous_port(tmp_path / "missing.conf") is None


@pytest.mark.parametrize(
    "text, major",
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_381"', 8),
        ("garbage", None),
    ],
)
def test_parse_java_version(text: str, major: int | None) -> None:
    assert ns.parse_java_version(text) == major


def test_java_command_uses_entry_point_heap_and_home(tmp_path: Path) -> None:
    cmd = ns.java_command("/usr/bin/java", tmp_path / "lib", tmp_path, heap="256m")
    assert cmd[0] == "/usr/bin/java"
    assert "-Xms256m" in cmd and "-Xmx256m" in cmd
    assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in cmd
    entry = cmd.index("org.neo4j.server.CommunityEntryPoint")
    assert cmd[entry + 1 :] == [
        f"--home-dir={tmp_path}",
        f"--config-dir={tmp_path / 'conf'}",
        "--console-mode",
    ]
    assert str(tmp_path / "lib" / "*") in cmd[cmd.index("-cp") + 1]


def test_default_home_prefers_env_then_xdg(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INTROGRAPH_NEO4J_HOME", str(tmp_path / "explicit"))
    assert ns.default_home() == (tmp_path / "explicit").resolve()
    monkeypatch.delenv("INTROGRAPH_NEO4J_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ns.default_home() == tmp_path / "xdg" / "intrograph" / "neo4j"
    assert ns.lib_dir() == tmp_path / "xdg" / "intrograph" / f"neo4j-lib-{ns.NEO4J_VERSION}" / "lib"


def test_status_and_stop_without_server(tmp_path: Path) -> None:
    assert ns.status(tmp_path) is None
    assert ns.stop(tmp_path) is False
    assert not (tmp_path / "run").exists()


def test_stale_state_file_is_cleaned_up(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = tmp_path / "run" / "intrograph.json"
    state.parent.mkdir()
    state.write_text(json.dumps({"pid": dead.pid, "port": 1}))
    assert ns.status(tmp_path) is None
    assert not state.exists()


def test_state_of_unrelated_live_process_is_not_trusted(tmp_path: Path) -> None:
    """A recycled pid (here: this very test process) is not mistaken for the server."""
    state = tmp_path / "run" / "intrograph.json"
    state.parent.mkdir()
    state.write_text(json.dumps({"pid": os.getpid(), "port": 1}))
    if not Path("/proc").is_dir():
        pytest.skip("pid ownership check needs /proc")
    assert ns.status(tmp_path) is None


def test_missing_java_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ns.Neo4jServerError, match="Java not found"):
        ns.find_java()


def _fake_java(bin_dir: Path, version: str) -> Path:
    bin_dir.mkdir(parents=True)
    java = bin_dir / "java"
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2024-01-01' >&2\n")
    java.chmod(0o755)
    return java


def test_java_home_is_preferred_and_version_checked(monkeypatch, tmp_path: Path) -> None:
    java = _fake_java(tmp_path / "jdk" / "bin", "21.0.2")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    assert ns.find_java() == str(java)
    _fake_java(tmp_path / "old" / "bin", "11.0.1")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "old"))
    with pytest.raises(ns.Neo4jServerError, match="Java 17\\+ is needed"):
        ns.find_java()


def test_missing_maven_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ns.Neo4jServerError, match="Maven \\(mvn\\) not found"):
        ns.install()
    assert not (ns.lib_dir().parent / ".intrograph-complete").exists()


# --------------------------------------------------------------------------- real server


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("INTROGRAPH_REQUIRE_NEO4J") != "1",
    reason="starts its own Neo4j JVM; set INTROGRAPH_REQUIRE_NEO4J=1",
)
def test_start_query_stop_real_server(tmp_path: Path) -> None:
    from neo4j import GraphDatabase

    home = tmp_path / "neo4j-home"
    messages: list[str] = []
    info = ns.start(home=home, heap="256m", progress=messages.append)
    try:
        assert info.uri == f"bolt://127.0.0.1:{info.port}"
        assert info.home == home.resolve()
        assert ns.status(home) == info
        assert ns.start(home=home) == info  # idempotent: returns the running server
        with GraphDatabase.driver(info.uri, auth=None) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
        assert records[0]["one"] == 1
        state = json.loads((home / "run" / "intrograph.json").read_text())
        assert (state["pid"], state["port"]) == (info.pid, info.port)
        assert any("ready" in m for m in messages)
    finally:
        stopped = ns.stop(home)
    assert stopped is True
    assert ns.status(home) is None
    assert not (home / "run" / "intrograph.json").exists()
    assert ns.stop(home) is False
