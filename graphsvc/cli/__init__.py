"""The ``intrograph`` command: the one place that wires the graph service, importers and web UI.

Each area keeps its subcommands in a module of this package with a ``register(sub, common)``
function; ``COMMAND_MODULES`` lists them in the order ``--help`` shows them.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any, Callable

from graphsvc.model import StoreError

__all__ = ["main", "build_parser", "CliError"]

COMMAND_MODULES = [
    "graphsvc.cli.web_cmds",
    "graphsvc.cli.import_cmds",
    "graphsvc.cli.interaction_cmds",
    "graphsvc.cli.query_cmds",
    "graphsvc.cli.intel_cmds",
    "graphsvc.cli.goal_cmds",
    "graphsvc.cli.introduce_cmds",
    "graphsvc.cli.user_cmds",
    "graphsvc.cli.notify_cmds",
    "graphsvc.cli.data_cmds",
    "graphsvc.cli.neo4j_cmds",
]


class CliError(Exception):
    """A failure the user can act on: printed without a traceback, exit status 1."""


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes, so they may follow the subcommand's name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="store URI: sqlite:///PATH (default: INTROGRAPH_STORE or "
                        "~/.local/share/intrograph/intrograph.db), bolt://…, neo4j://…, neo4j+s://…")
    common.add_argument("--neo4j-user", help="Neo4j user (default: NEO4J_USER)")
    common.add_argument("--neo4j-password", help="Neo4j password (default: NEO4J_PASSWORD)")
    common.add_argument("--neo4j-database", help="Neo4j database (default: NEO4J_DATABASE or neo4j)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intrograph", description="Warm introductions through your organisation's network.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def store_from_args(args: argparse.Namespace):
    """The store the options name (URI from --store, else env, else the default file)."""
    from graphsvc.store import open_store
    options = {k: v for k, v in (("user", args.neo4j_user), ("password", args.neo4j_password),
                                 ("database", args.neo4j_database)) if v}
    return open_store(args.store, **options)


def emit(args: argparse.Namespace, data: Any, text: Callable[[Any], str]) -> None:
    """Print ``data`` as JSON with --json, else as the text ``text(data)`` renders."""
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(text(data))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except (CliError, StoreError, ValueError) as exc:
        print(f"intrograph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("intrograph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`intrograph intro … | head`): not an error of ours. Point stdout
        # at devnull so the interpreter's flush at exit does not raise the same error again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
