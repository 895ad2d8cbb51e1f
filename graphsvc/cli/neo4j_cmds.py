"""``intrograph neo4j start|stop|status``: a local Neo4j Community server for development."""
from __future__ import annotations

import sys

from graphsvc import neo4j_server as server
from graphsvc.cli import CliError, emit


def register(sub, common) -> None:
    p = sub.add_parser("neo4j", parents=[common], help="run a local Neo4j server (downloaded with Maven)")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument("--home", help="server directory (default: INTROGRAPH_NEO4J_HOME or ~/.cache/intrograph/neo4j)")
    p.add_argument("--port", type=int, help="Bolt port (default: a free one)")
    p.add_argument("--heap", default=server.DEFAULT_HEAP, help=f"JVM heap (default {server.DEFAULT_HEAP}; imports are written in bounded "
                   "transactions, so the default takes files of 100,000 people)")
    p.add_argument("--pagecache", default=server.DEFAULT_PAGECACHE,
                   help=f"page cache, memory for the store's files beside the heap (default {server.DEFAULT_PAGECACHE}: "
                        "a store of 100,000 people and a million ties fits)")
    p.set_defaults(handler=cmd_neo4j)


def cmd_neo4j(args) -> int:
    from pathlib import Path

    home = Path(args.home) if args.home else None
    progress = (lambda msg: print(msg, file=sys.stderr)) if not args.json else None
    try:
        if args.action == "start":
            info = server.start(home=home, port=args.port, heap=args.heap, pagecache=args.pagecache,
                                progress=progress)
        elif args.action == "stop":
            stopped = server.stop(home=home)
            emit(args, {"stopped": stopped}, lambda d: "stopped" if d["stopped"] else "no server was running")
            return 0
        else:
            info = server.status(home=home)
            if info is None:
                emit(args, {"running": False}, lambda d: "not running")
                return 3
    except server.Neo4jServerError as exc:
        raise CliError(str(exc)) from exc
    data = {"running": True, "uri": info.uri, "pid": info.pid, "home": str(info.home)}
    emit(args, data, lambda d: f"Neo4j is running at {d['uri']} (pid {d['pid']}, home {d['home']})\n"
                               f"use it with: export INTROGRAPH_STORE={d['uri']}")
    return 0
