"""Load benchmark of the web UI: the intro page and the intro API under ``intrograph serve``.

Run on demand, not as a test::

    python bench/load_bench.py                         # 10,000 people, 20 s of load
    python bench/load_bench.py --people 2000 --seconds 10 --connections 8

It generates an organisation (``importers.generate``) into a fresh embedded store, makes a
mentee account (for the page, through a logged-in session) and an API token, starts
``intrograph serve`` (gunicorn, loopback only), and drives it with
``wrk`` (``apt-get install wrk``), each request asking for the warm paths to one of many
targets in turn — half of them the HTML page, half the JSON API. It prints requests per
second, the 99th percentile latency and the error count, and exits non-zero when a target
is missed (issue 8's targets): at least 200 requests/s, p99 at most 250 ms, at most 8 ms
of server CPU per request, no errors. Everything runs in a temporary folder and is bounded
in time.

With ``--store URI`` it serves an existing embedded store instead (say the 100,000-person
one ``intro_bench.py`` builds), adding a mentee account to it, and also prints how long the
first answer took after the start (every worker maps the shared snapshot) and the resident
memory of the server and all its workers: ``--store sqlite:///… --workers 5`` is the
``intrograph serve --workers 5`` measurement (targets: first answer ≤ 3 s, ≤ 2.5 GB in all).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"requests_per_second": 200.0, "p99_ms": 250.0, "server_cpu_ms_per_request": 8.0, "errors": 0}
#: serving an existing store (--store): the first answer after start, all processes' memory
SERVE_TARGETS = {"first_answer_s": 3.0, "rss_mb": 2500.0}
PASSWORD = "bench-password-1"

#: wrk script: walk the request paths in turn; page requests carry the session cookie,
#: API requests the bearer token.
WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  local headers = {}
  if string.sub(path, 1, 5) == "/api/" then
    headers["Authorization"] = "Bearer %(token)s"
  else
    headers["Cookie"] = "%(cookie)s"
  end
  return wrk.format("GET", path, headers)
end
"""


def build(folder: Path, people: int, uri: str | None = None) -> tuple[str, str, list[str]]:
    """The store URI, the mentee's e-mail and the targets to ask paths to (``uri``: an
    existing store to use instead of a generated one)."""
    from graphsvc import accounts
    from graphsvc.store import open_store
    from importers.generate import generate
    from importers.run import import_generated

    generated = uri is None
    uri = uri or f"sqlite:///{folder / 'bench.db'}"
    started = time.monotonic()
    with open_store(uri) as store:
        if generated:
            import_generated(store, generate(people, folder / "org", seed=7), quiet=True)
        staff, _ = store.search_people(department="engineering", limit=2000)
        mentee = next(p for p in staff if p.get("email") and p.get("active", True))
        if not accounts.get_user(store, mentee["email"]):
            accounts.add_user(store, mentee["email"], PASSWORD, ["mentee"])
        everyone, _ = store.search_people(limit=people)
        targets = [p["person_id"] for p in everyone[::max(1, len(everyone) // 60)]
                   if p["person_id"] != mentee["person_id"]][:50]
    print(f"built a {people}-person organisation in {time.monotonic() - started:.0f}s; "
          f"mentee {mentee['person_id']}, {len(targets)} targets", flush=True)
    return uri, mentee["email"], targets


def start_server(uri: str, port: int, workers: int, folder: Path) -> subprocess.Popen:
    """``intrograph serve`` in its own process group, on loopback only."""
    env = {**os.environ, "INTROGRAPH_STORE": uri, "INTROGRAPH_SECRET_KEY": "bench-secret",
           "INTROGRAPH_WEB_DIR": str(folder / "web")}
    server = subprocess.Popen([sys.executable, "-m", "graphsvc.cli", "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(workers)],
                              env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.3)


def session_and_token(base: str, email: str) -> tuple[str, str]:
    """A logged-in session cookie (as a browser holds it) and an API token for the mentee."""
    with urllib.request.urlopen(f"{base}/login") as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    request = urllib.request.Request(f"{base}/login", data=form, headers={"Cookie": cookie})
    try:
        urllib.request.build_opener(NoRedirect).open(request)
    except urllib.error.HTTPError as exc:  # the 302 to the dashboard
        cookie = exc.headers["Set-Cookie"].split(";")[0]
    page = urllib.request.urlopen(urllib.request.Request(f"{base}/account", headers={"Cookie": cookie})).read()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.decode()).group(1)
    made = urllib.request.urlopen(urllib.request.Request(
        f"{base}/account/token", data=urllib.parse.urlencode({"csrf_token": csrf}).encode(),
        headers={"Cookie": cookie})).read().decode()
    return cookie, re.search(r'<code id="api-token">([^<]+)</code>', made).group(1)


def check(base: str, paths: list[str], cookie: str, api_token: str) -> None:
    """Every path answers 200 before any load (a wrong setup is not a benchmark)."""
    for path in paths[:4]:
        headers = {"Authorization": f"Bearer {api_token}"} if path.startswith("/api/") else {"Cookie": cookie}
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)) as response:
            assert response.status == 200, path


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) used so far by the gunicorn master and its workers.

    The machine may be shared: dividing this by the requests served gives the server's own
    cost per request, which does not depend on what else runs beside it.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master or ppid == master:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def server_rss_mb(master: int) -> float:
    """Resident memory of the gunicorn master and its workers, in MB (pages of the shared
    snapshot count once per process that touched them, so this overstates the total)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(status.parent.name) == master or int(fields.get("PPid", "0").strip()) == master:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(base: str, script: Path, seconds: int, connections: int, threads: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "--timeout", "5s", "-s", str(script), base], capture_output=True, text=True,
                         timeout=seconds + 60, check=True).stdout
    print(out, flush=True)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = (sum(map(int, socket.groups())) if socket else 0) + (int(non_2xx.group(1)) if non_2xx else 0)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99_ms": _ms(re.search(r"99%\s+(\S+)", out).group(1)), "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20, help="length of the load (default 20)")
    parser.add_argument("--warmup", type=int, default=15, help="unmeasured load first (default 15 s)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1,
                        help="gunicorn workers (default 2 × CPUs + 1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--store", help="serve this existing store (sqlite:///…) instead of a generated one")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    from graphsvc.neo4j_server import free_port

    folder = Path(tempfile.mkdtemp(prefix="intrograph-load-"))
    server = None
    try:
        uri, email, targets = build(folder, args.people, args.store)
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        server = start_server(uri, port, args.workers, folder)
        cookie, api_token = session_and_token(base, email)
        paths = [p for t in targets for p in (f"/intro?to={t}", f"/api/v1/intro?to={t}")]
        asked = time.monotonic()
        check(base, paths[1:2], cookie, api_token)  # one API answer, the first after the start
        first = {"first_answer_s": round(time.monotonic() - asked, 2),
                 "start_to_first_answer_s": round(time.monotonic() - started, 2)}
        print(f"first answer after the start: {first}", flush=True)
        check(base, paths, cookie, api_token)
        script = folder / "intro.lua"
        script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "token": api_token,
                                        "cookie": cookie})
        # Each worker loads the graph on its first request (seconds for 10,000 people): warm
        # them all up first, so that the figures are of the steady state.
        print(f"warm-up: {args.warmup}s", flush=True)
        run_wrk(base, script, args.warmup, args.connections, args.threads)
        print(f"load: {args.seconds}s, {args.connections} connections, {args.workers} workers, "
              f"{len(paths)} paths (intro page and API in turn)", flush=True)
        cpu_before = server_cpu_seconds(server.pid)
        result = run_wrk(base, script, args.seconds, args.connections, args.threads)
        result["server_cpu_ms_per_request"] = round(1000 * (server_cpu_seconds(server.pid) - cpu_before)
                                                    / max(1, result["requests"]), 1)
        result.update(first, rss_mb=round(server_rss_mb(server.pid)), workers=args.workers)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result))
    cores = os.cpu_count() or 1
    print(f"the server used {result['server_cpu_ms_per_request']} ms of CPU per request: on {cores} idle "
          f"cores it could serve about {1000 * cores / max(0.1, result['server_cpu_ms_per_request']):.0f} "
          f"requests/s (load average now {os.getloadavg()[0]:.1f}: other work on this machine slows the run)")
    targets = {**TARGETS, **(SERVE_TARGETS if args.store else {})}
    missed = [k for k, target in targets.items()
              if (result[k] < target if k == "requests_per_second" else result[k] > target)]
    print(f"requests/s {result['requests_per_second']:.1f} (target ≥ {TARGETS['requests_per_second']:.0f}), "
          f"p99 {result['p99_ms']:.0f} ms (target ≤ {TARGETS['p99_ms']:.0f}), server CPU "
          f"{result['server_cpu_ms_per_request']} ms per request (target ≤ {TARGETS['server_cpu_ms_per_request']:g}), "
          f"errors {result['errors']} (target {TARGETS['errors']})"
          + (f", first answer {result['first_answer_s']} s (target ≤ {SERVE_TARGETS['first_answer_s']:g}), "
             f"{result['rss_mb']} MB resident in all ({args.workers} workers; target ≤ {SERVE_TARGETS['rss_mb']:g})"
             if args.store else "")
          + f": {'MISSED ' + ', '.join(missed) if missed else 'all targets met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
