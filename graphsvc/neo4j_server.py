"""Run a real local Neo4j Community server without Docker or a Neo4j tarball.

Why this exists: the production store is Neo4j, and the contract tests and the
``intrograph neo4j start|stop|status`` commands need a real server on machines
where only a JDK and Maven are available.  Neo4j Community 5.26 is published on
Maven Central as ordinary jars, so we let Maven resolve ``org.neo4j:neo4j`` with
all its transitive dependencies into a shared cache once, and then launch the
server's own entry point (``org.neo4j.server.CommunityEntryPoint``) directly
with ``java``, the way Neo4j's launcher script does.

Each server lives in a *home* directory (conf, data, logs, run, plugins,
import).  The server listens on the loopback interface only, with auth and TLS
off: it is a developer/test server, never one reachable from the network.
``home/run/intrograph.json`` records the pid and port, so ``status`` and
``stop`` work from any later process (the JVM runs detached in its own
session and outlives the Python process that started it).

5.26 is the last Neo4j line that runs on Java 17; later lines need Java 21+.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

NEO4J_VERSION = "5.26.25"
"""Pinned patch release, so every machine runs the very same server jars."""

MIN_JAVA = 17
#: The heap ``intrograph neo4j start`` gives a server unless told otherwise (the test suite's
#: throw-away servers take less, see :func:`start`).
DEFAULT_HEAP = "2g"
#: The page cache ``intrograph neo4j start`` gives a server unless told otherwise: room for
#: the whole store of 100,000 people and 1.3 million ties (about 500 MB on disk). With
#: 64 MiB (what the test suite's throw-away servers take) it was 5–10 % slower at that size
#: (README "Benchmarks"): the files stay in the OS's cache, but every page goes through it.
DEFAULT_PAGECACHE = "1g"
_DEPENDENCY_PLUGIN = "3.8.1"  # pinned so Maven does not pick whatever is newest
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_STATE_FILE = "intrograph.json"
_LIB_MARKER = ".intrograph-complete"

# JVM flags of Neo4j's default neo4j.conf (server.jvm.additional).  The launcher
# script normally adds them; without them Netty and the page cache misbehave.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

Progress = Callable[[str], None] | None

# Popen objects of servers started by this process, kept so that the child is
# reaped (a zombie would look alive to os.kill(pid, 0)) and no ResourceWarning
# is raised when the object is collected while the server still runs.
_CHILDREN: dict[int, subprocess.Popen] = {}


class Neo4jServerError(RuntimeError):
    """A problem the user can act on (missing Java/Maven, a server that won't start)."""


@dataclass(frozen=True)
class ServerInfo:
    uri: str
    pid: int
    port: int
    home: Path


# --------------------------------------------------------------------------- paths


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "intrograph"


def default_home() -> Path:
    """Server home: ``$INTROGRAPH_NEO4J_HOME``, else the user's cache directory.

    Deliberately outside the repository, so databases and logs never end up in
    a commit and survive a fresh clone.
    """
    explicit = os.environ.get("INTROGRAPH_NEO4J_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve()
    return _cache_root() / "neo4j"


def lib_dir() -> Path:
    """Where the jars of NEO4J_VERSION live; shared by every home (about 120 MB)."""
    return _cache_root() / f"neo4j-lib-{NEO4J_VERSION}" / "lib"


def _say(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive advisory lock, so two processes never install or start at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- pure helpers


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now (the OS picks it).

    There is a small window in which another program could take it before the
    server binds; start() then fails with the bind error in the log tail.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def parse_java_version(text: str) -> int | None:
    """Major version from ``java -version`` output ("1.8.0_x" -> 8, "17.0.15" -> 17)."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return major


def size_mib(size: str, what: str = "heap") -> float:
    """A JVM-style size ("512m", "4g") in MiB.

    >>> size_mib("4g"), size_mib("768m")
    (4096, 768)
    """
    match = re.fullmatch(r"(\d+)([kmgKMG])", size.strip())
    if not match:
        raise Neo4jServerError(f"{what} {size!r} is not a size like 512m or 4g")
    return int(match.group(1)) * {"k": 1 / 1024, "m": 1, "g": 1024}[match.group(2).lower()]


def transaction_memory(heap: str) -> str:
    """Memory all open transactions may use together: three quarters of the heap.

    An import transaction holds at most ``Neo4jStore.transaction_rows`` rows (larger files
    are written in journaled batches), which needs far less than this; the rest leaves room
    for several writers at once and for an import run with a larger ``--batch-rows``. Tying
    the limit to the heap keeps the test suite's small server small.

    >>> transaction_memory("4g"), transaction_memory("768m")
    ('3072m', '576m')
    """
    return f"{max(64, int(size_mib(heap) * 3 / 4))}m"


def check_memory(heap: str, pagecache: str, total_mib: float) -> None:
    """Refuse, with the way out, a heap and page cache that together outgrow the machine's
    memory (``total_mib``): Neo4j would refuse too, but only in its log."""
    need = size_mib(heap) + size_mib(pagecache, "page cache")
    if need > total_mib:
        raise Neo4jServerError(f"heap {heap} and page cache {pagecache} need {need:,.0f} MiB, more than the "
                               f"{total_mib:,.0f} MiB of memory here; start with a smaller --heap or --pagecache")


def _memory_mib() -> float:
    """The machine's memory (MiB), from /proc/meminfo; unknown elsewhere (no check)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def render_config(home: Path, port: int, pagecache: str = "64m", tx_memory: str = "256m",
                  extra: dict[str, str] | None = None) -> str:
    """Text of ``neo4j.conf`` for a loopback-only, auth-less development server.

    The page cache must be set: by default Neo4j takes half the RAM for it and
    refuses to start when heap + page cache exceed memory. ``tx_memory`` bounds the
    memory of open transactions (see :func:`transaction_memory`). ``extra`` settings
    are added last and win (tests use them for servers with auth, a read-only
    database or little transaction memory, which Community cannot change at run time).
    """
    home = Path(home)
    settings = {
        "server.directories.data": home / "data",
        "server.directories.logs": home / "logs",
        "server.directories.run": home / "run",
        "server.directories.plugins": home / "plugins",
        "server.directories.import": home / "import",
        # Loopback only: auth is off, so the server must not be reachable from elsewhere.
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.bolt.tls_level": "DISABLED",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "dbms.memory.transaction.total.max": tx_memory,
        "dbms.usage_report.enabled": "false",
        # Netty waits a 5 s quiet period per event-loop group (10 s in all) after
        # the databases are already checkpointed and closed; skip that wait.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        **(extra or {}),
    }
    lines = [
        f"# Generated by intrograph (graphsvc/neo4j_server.py) for Neo4j {NEO4J_VERSION}.",
        "# Rewritten on every start: local edits are lost.",
    ]
    lines += [f"{key}={value}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def java_command(java: str, lib: Path, home: Path, heap: str = "512m") -> list[str]:
    """The command Neo4j's launcher script would run, minus the script.

    ``--console-mode`` keeps the user log on stdout too, so console.log alone
    tells why a start failed (in daemon mode it only goes to logs/neo4j.log).
    """
    home = Path(home)
    classpath = os.pathsep.join(
        [str(home / "plugins" / "*"), str(home / "conf" / "*"), str(Path(lib) / "*")]
    )
    return [
        java,
        "-cp",
        classpath,
        *JVM_FLAGS,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        _ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]


def _pom_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Throw-away pom generated by intrograph to fetch the Neo4j server jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.intrograph</groupId>
  <artifactId>neo4j-server-lib</artifactId>
  <version>{NEO4J_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{NEO4J_VERSION}</version>
    </dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>{_DEPENDENCY_PLUGIN}</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
"""


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


# --------------------------------------------------------------------------- java / maven


def find_java() -> str:
    """Path of a Java 17+ ``java``; ``$JAVA_HOME/bin/java`` wins over PATH."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    if candidate is not None and candidate.is_file():
        java = str(candidate)
    else:
        java = shutil.which("java")
    if not java:
        raise Neo4jServerError(
            f"Java not found: install a JDK {MIN_JAVA}+ (e.g. `apt-get install openjdk-17-jdk-headless`) "
            "or set JAVA_HOME."
        )
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jServerError(f"Java at {java} does not run: {exc}") from exc
    major = parse_java_version(out.stderr + out.stdout)
    if major is None or major < MIN_JAVA:
        raise Neo4jServerError(
            f"Java {MIN_JAVA}+ is needed for Neo4j {NEO4J_VERSION}, but {java} reports "
            f"{(out.stderr or out.stdout).strip().splitlines()[:1]}; install a JDK {MIN_JAVA}+ "
            "or point JAVA_HOME at one."
        )
    return java


def install(progress: Progress = None) -> Path:
    """Resolve ``org.neo4j:neo4j:NEO4J_VERSION`` and its dependencies into lib_dir().

    Idempotent: the marker file is written only after Maven succeeded, so an
    interrupted download is simply redone.  Returns the lib directory.
    """
    lib = lib_dir()
    marker = lib.parent / _LIB_MARKER
    if marker.is_file() and (lib / f"neo4j-{NEO4J_VERSION}.jar").is_file():
        return lib
    with _locked(lib.parent / "install.lock"):
        if marker.is_file() and (lib / f"neo4j-{NEO4J_VERSION}.jar").is_file():
            return lib  # another process finished it while we waited
        mvn = shutil.which("mvn")
        if not mvn:
            raise Neo4jServerError(
                "Maven (mvn) not found: install Maven 3.6+ (e.g. `apt-get install maven`); "
                f"it downloads the Neo4j {NEO4J_VERSION} jars from Maven Central once."
            )
        find_java()  # Maven needs it too; fail with the clearer message
        _say(progress, f"Downloading Neo4j {NEO4J_VERSION} jars with Maven (~120 MB, once) into {lib}")
        marker.unlink(missing_ok=True)
        shutil.rmtree(lib, ignore_errors=True)
        build = lib.parent / "build"
        build.mkdir(parents=True, exist_ok=True)
        (build / "pom.xml").write_text(_pom_xml(), encoding="utf-8")
        cmd = [
            mvn, "-q", "-B", "-Dstyle.color=never",
            "dependency:copy-dependencies",
            f"-DoutputDirectory={lib}",
            "-DincludeScope=runtime",
        ]
        try:
            result = subprocess.run(
                cmd, cwd=build, capture_output=True, text=True, stdin=subprocess.DEVNULL
            )
        except OSError as exc:
            raise Neo4jServerError(f"Could not run Maven ({mvn}): {exc}") from exc
        if result.returncode != 0 or not (lib / f"neo4j-{NEO4J_VERSION}.jar").is_file():
            output = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
            raise Neo4jServerError(
                f"Maven could not fetch org.neo4j:neo4j:{NEO4J_VERSION} "
                f"(exit {result.returncode}; is Maven Central reachable?):\n{output}"
            )
        marker.write_text(NEO4J_VERSION + "\n", encoding="utf-8")
        shutil.rmtree(build, ignore_errors=True)
        _say(progress, f"Neo4j {NEO4J_VERSION}: {len(list(lib.glob('*.jar')))} jars installed")
    return lib


# --------------------------------------------------------------------------- process state


def _pid_alive(pid: int, home: Path | None = None) -> bool:
    """True if ``pid`` is a live (not zombie) process, and our server for ``home``.

    The cmdline check guards against a recycled pid after a reboot or crash.
    """
    child = _CHILDREN.get(pid)
    if child is not None and child.poll() is not None:
        _CHILDREN.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else; the cmdline check decides
    proc = Path("/proc") / str(pid)
    if proc.is_dir():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError):
            return False
        if state == "Z":
            return False
        if home is not None and (
            _ENTRY_POINT not in cmdline or f"\0--home-dir={home}\0" not in cmdline
        ):
            return False
    return True


def _state_path(home: Path) -> Path:
    return home / "run" / _STATE_FILE


def _resolve_home(home: Path | None) -> Path:
    return Path(home).expanduser().resolve() if home is not None else default_home()


def status(home: Path | None = None) -> ServerInfo | None:
    """The server running for ``home``, or None (a stale state file is removed).

    It reports the process, not readiness: a server still starting counts.
    """
    home = _resolve_home(home)
    path = _state_path(home)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        pid, port = int(state["pid"]), int(state["port"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        path.unlink(missing_ok=True)
        return None
    if not _pid_alive(pid, home):
        path.unlink(missing_ok=True)
        return None
    return ServerInfo(uri=f"bolt://127.0.0.1:{port}", pid=pid, port=port, home=home)


def _previous_port(conf: Path) -> int | None:
    """Port from an earlier neo4j.conf, so a restarted server keeps its URI."""
    try:
        match = re.search(
            r"^server\.bolt\.listen_address=127\.0\.0\.1:(\d+)$",
            conf.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _port_is_free(port: int) -> bool:
    """No one listens on 127.0.0.1:port (TIME_WAIT leftovers don't count: Netty reuses)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_ready(info: ServerInfo, log: Path, deadline: float, started: float) -> None:
    """Wait for the Bolt port, then for a Bolt handshake and routing to succeed.

    The port opens a moment before the databases are available, hence the
    driver's verify_connectivity() in a retry loop after it.
    """
    from neo4j import GraphDatabase  # only needed here; keeps the import cheap
    from neo4j.exceptions import AuthError

    last_error: Exception | None = None
    port_open = False
    while time.monotonic() < deadline:
        if not _pid_alive(info.pid, info.home):
            raise Neo4jServerError(
                f"Neo4j exited during start-up after {time.monotonic() - started:.1f}s. "
                f"Tail of {log}:\n{_tail(log)}"
            )
        if not port_open:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", info.port), timeout=1).close()
                port_open = True
        if port_open:
            try:
                # Bound the handshake too: a socket that accepts but never answers
                # would otherwise block for the driver's default 60 s.
                with GraphDatabase.driver(
                    info.uri, auth=None, connection_timeout=3, connection_acquisition_timeout=5
                ) as driver:
                    driver.verify_connectivity()
                return
            except AuthError:
                return  # a server with auth on answers, refusing the anonymous check: ready
            except Exception as exc:  # driver raises several types while starting
                last_error = exc
        time.sleep(0.25)
    raise Neo4jServerError(
        f"Neo4j did not become ready on {info.uri} within {deadline - started:.0f}s "
        f"(last error: {last_error!r}). Tail of {log}:\n{_tail(log)}"
    )


def start(
    home: Path | None = None,
    port: int | None = None,
    heap: str = "512m",
    pagecache: str = "64m",
    timeout: float = 180.0,
    progress: Progress = None,
    settings: dict[str, str] | None = None,
) -> ServerInfo:
    """Start a server for ``home`` (or return the one already running) and wait until ready.

    ``settings`` are extra ``neo4j.conf`` lines (see :func:`render_config`).

    Without ``port`` the previous port of this home is reused when still free,
    else the OS picks a free one.  On failure the half-started JVM is stopped
    and the error carries the tail of ``home/logs/console.log``.
    """
    home = _resolve_home(home)
    started = time.monotonic()
    deadline = started + timeout
    log = home / "logs" / "console.log"
    with _locked(home / "run" / "intrograph.lock"):
        running = status(home)
        if running is not None:
            if port is not None and port != running.port:
                raise Neo4jServerError(
                    f"Neo4j for {home} already runs on port {running.port}, not {port}; "
                    "stop it first."
                )
            _wait_ready(running, log, deadline, started)
            _say(progress, f"Neo4j already running on {running.uri} (pid {running.pid})")
            return running
        check_memory(heap, pagecache, _memory_mib())
        java = find_java()
        lib = install(progress)
        conf = home / "conf" / "neo4j.conf"
        if port is None:
            previous = _previous_port(conf)
            port = previous if previous and _port_is_free(previous) else free_port()
        elif not _port_is_free(port):
            raise Neo4jServerError(
                f"Port {port} on 127.0.0.1 is already in use; choose another or omit it."
            )
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        conf.write_text(render_config(home, port, pagecache, transaction_memory(heap), settings), encoding="utf-8")
        _say(progress, f"Starting Neo4j {NEO4J_VERSION} on bolt://127.0.0.1:{port} (home {home})")
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                java_command(java, lib, home, heap),
                cwd=home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives Ctrl-C and the exit of this process
            )
        _CHILDREN[proc.pid] = proc
        info = ServerInfo(uri=f"bolt://127.0.0.1:{port}", pid=proc.pid, port=port, home=home)
        _state_path(home).write_text(
            json.dumps({"pid": proc.pid, "port": port, "uri": info.uri, "version": NEO4J_VERSION}),
            encoding="utf-8",
        )
        try:
            _wait_ready(info, log, deadline, started)
        except BaseException:
            _terminate(info.pid, home, 30.0)
            _state_path(home).unlink(missing_ok=True)
            raise
    _say(progress, f"Neo4j ready on {info.uri} after {time.monotonic() - started:.1f}s")
    return info


def _terminate(pid: int, home: Path, timeout: float) -> None:
    """SIGTERM (Neo4j checkpoints and shuts down cleanly), SIGKILL after ``timeout``."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        end = time.monotonic() + wait
        while time.monotonic() < end:
            if not _pid_alive(pid, home):
                return
            time.sleep(0.1)


def stop(home: Path | None = None, timeout: float = 60.0) -> bool:
    """Stop the server of ``home``; False if none was running."""
    home = _resolve_home(home)
    if not _state_path(home).exists():
        return False  # nothing to stop; don't create directories for the lock
    with _locked(home / "run" / "intrograph.lock"):  # not while a start() is under way
        info = status(home)
        if info is None:
            return False
        _terminate(info.pid, home, timeout)
        if _pid_alive(info.pid, home):
            raise Neo4jServerError(f"Neo4j (pid {info.pid}) did not exit even after SIGKILL")
        _state_path(home).unlink(missing_ok=True)
    return True
