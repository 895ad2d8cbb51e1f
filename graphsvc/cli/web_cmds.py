"""``intrograph serve`` (the web UI under gunicorn) and ``intrograph demo`` (a ready-made org).

``demo`` builds a generated organisation into its own embedded store, one account per role
(the mentor and mentee are real people of the org, in a current mentorship), prints how to
log in, and serves the UI on 127.0.0.1.
"""
from __future__ import annotations

import csv
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from graphsvc.cli import CliError, emit, store_from_args

__all__ = ["register", "build_demo", "DemoLogin", "serve"]


def register(sub, common) -> None:
    p = sub.add_parser("serve", parents=[common], help="run the web UI under gunicorn")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8),
                   help="worker processes (default: 2 × CPUs + 1, at most 8)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("demo", parents=[common], help="generate a demo organisation with accounts and serve it")
    p.add_argument("--people", type=int, default=200, help="size of the organisation (default 200)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--no-serve", action="store_true", help="build the demo and print the logins, then stop")
    p.set_defaults(handler=cmd_demo)


def _export_store_options(args) -> None:
    """Hand the store options to the app (and every gunicorn worker) through the environment."""
    for option, name in (("store", "INTROGRAPH_STORE"), ("neo4j_user", "NEO4J_USER"),
                         ("neo4j_password", "NEO4J_PASSWORD"), ("neo4j_database", "NEO4J_DATABASE")):
        if getattr(args, option, None):
            os.environ[name] = getattr(args, option)


def serve(host: str, port: int, workers: int) -> None:
    """Run ``webui.create_app()`` under gunicorn until interrupted.

    Workers must share one secret key, or a session made by one would be refused by the
    next: without ``INTROGRAPH_SECRET_KEY`` one is made here, before gunicorn forks.
    """
    from gunicorn.app.base import BaseApplication

    if not os.environ.get("INTROGRAPH_SECRET_KEY"):
        print("intrograph: INTROGRAPH_SECRET_KEY is not set; sessions will end when the server stops",
              file=sys.stderr)
        os.environ["INTROGRAPH_SECRET_KEY"] = secrets.token_hex(32)

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "accesslog": None,
                               "errorlog": "-", "loglevel": "warning", "timeout": 60,
                               "proc_name": "intrograph"}.items():
                self.cfg.set(key, value)

        def load(self):
            from webui import create_app
            return create_app()

    Server().run()


def cmd_serve(args) -> int:
    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    _export_store_options(args)
    print(f"intrograph: serving on http://{args.host}:{args.port}/ with {args.workers} workers", file=sys.stderr)
    serve(args.host, args.port, args.workers)
    return 0


@dataclass
class DemoLogin:
    role: str
    email: str
    password: str
    person_id: str | None
    name: str | None


def _mentorship_pair(mentorships: Path, people: dict[str, dict]) -> tuple[str, str]:
    """A current mentorship of the generated org whose two people are active and have e-mails."""
    with open(mentorships, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pair = (row["mentor"], row["mentee"])
            if row["status"] == "active" and not row["until"] and all(
                    people.get(p, {}).get("email") and people[p].get("active", True) for p in pair):
                return pair
    raise CliError("the generated organisation has no current mentorship; try another --seed or more --people")


def build_demo(store, people: int = 200, seed: int = 1, passwords: dict[str, str] | None = None,
               progress=None) -> list[DemoLogin]:
    """Fill an empty ``store`` with a generated org, analytics, a goal and one account per role."""
    from graphsvc import accounts, goals
    from graphsvc.analytics import run_analysis
    from graphsvc.goals import GoalSpec
    from importers.generate import generate
    from importers.run import import_generated

    say = progress or (lambda message: None)
    passwords = passwords or {}
    with tempfile.TemporaryDirectory(prefix="intrograph-demo-") as tmp:
        say(f"generating an organisation of {people} people")
        files = generate(people, Path(tmp), seed=seed)
        say("importing it")
        import_generated(store, files, quiet=True)
        org = {p["person_id"]: p for p in store.search_people(limit=10 * people)[0]}
        mentor, mentee = _mentorship_pair(files.mentorships, org)
    say("computing connectors")
    run_analysis(store)
    other = sorted({p.get("department") for p in org.values()} - {org[mentee].get("department"), None})
    goals.add_goal(store, mentee, f"Meet people in {other[0]} to learn how they work", GoalSpec(departments=[other[0]]),
                   "introductions made", 2, (date.today() + timedelta(days=180)).isoformat(),
                   achievable="my mentor knows people there", relevant="I want to move closer to the product")
    logins = []
    for role, email, pid in (("admin", "admin@demo.intrograph", None), ("mentor", org[mentor]["email"], mentor),
                             ("mentee", org[mentee]["email"], mentee)):
        password = passwords.get(role) or secrets.token_urlsafe(9)
        accounts.add_user(store, email, password, [role])
        logins.append(DemoLogin(role, email, password, pid, org[pid].get("name") if pid else None))
    return logins


def _demo_uri() -> str:
    from graphsvc.store import data_dir
    return f"sqlite:///{data_dir() / 'demo.db'}"


def cmd_demo(args) -> int:
    if args.people < 20:
        raise CliError("--people must be at least 20 for a demo with mentorships")
    if not args.store:
        args.store = _demo_uri()
        path = Path(args.store[len("sqlite:///"):])
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    progress = None if args.json else (lambda message: print(f"intrograph demo: {message}", file=sys.stderr))
    with store_from_args(args) as store:
        if store.counts()["nodes"]:
            raise CliError(f"{store.uri} is not empty: the demo needs an empty store (leave --store off "
                           "to use its own file)")
        logins = build_demo(store, args.people, args.seed, progress=progress)
    url = f"http://127.0.0.1:{args.port}/"
    emit(args, {"store": args.store, "url": url, "logins": [vars(login) for login in logins]},
         lambda d: "\n".join([f"Demo store: {d['store']}", f"Open {d['url']} and log in as:"] + [
             f"  {x['role']:<7} {x['email']:<40} password {x['password']}"
             + (f"   ({x['name']}, {x['person_id']})" if x["person_id"] else "") for x in d["logins"]]))
    if args.no_serve:
        return 0
    _export_store_options(args)
    os.environ.setdefault("INTROGRAPH_SECURE_COOKIES", "0")  # plain http on loopback
    serve("127.0.0.1", args.port, 2)
    return 0
