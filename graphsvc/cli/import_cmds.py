"""``intrograph import KIND FILE`` and ``intrograph stats``."""
from __future__ import annotations

import sys

from graphsvc.cli import emit, store_from_args
from importers.problems import ImportRejected
from importers.run import KINDS, run_import


def register(sub, common) -> None:
    p = sub.add_parser("import", parents=[common], help="validate and import a file")
    p.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
    p.add_argument("file", help="CSV or JSON file")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="read the file's COLUMN as FIELD (repeatable)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("stats", parents=[common], help="count nodes and relationships")
    p.set_defaults(handler=cmd_stats)


def _column_map(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            raise ValueError(f"--map expects COLUMN=FIELD, got {pair!r}")
        out[column] = field
    return out


def _summary_text(report: dict) -> str:
    s = report["summary"]
    verb = "would be" if report["dry_run"] else "were"
    lines = [f"{report['file']}: {report['kind']} import{' (dry run: nothing written)' if report['dry_run'] else ''}",
             f"  nodes {verb}: {s['nodes_created']} created, {s['nodes_updated']} updated, "
             f"{s['nodes_unchanged']} unchanged",
             f"  relationships {verb}: {s['relationships_created']} created, {s['relationships_updated']} updated, "
             f"{s['relationships_unchanged']} unchanged"]
    lines += [f"  warning: {w}" for w in report["warnings"]]
    return "\n".join(lines)


def cmd_import(args) -> int:
    with store_from_args(args) as store:
        try:
            report = run_import(store, args.kind, args.file, dry_run=args.dry_run,
                                column_map=_column_map(args.map))
        except ImportRejected as exc:
            if args.json:
                emit(args, {"errors": [p.as_dict() for p in exc.problems]}, str)
            else:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                print(f"intrograph: {len(exc.problems)} problem(s) found; nothing was written", file=sys.stderr)
            return 1
    emit(args, report.as_dict(), _summary_text)
    return 0


def _stats_text(counts: dict) -> str:
    lines = ["nodes:"] + [f"  {k:<14} {v:>10,}" for k, v in counts["nodes"].items()]
    lines += ["relationships:"] + [f"  {k:<14} {v:>10,}" for k, v in counts["relationships"].items()]
    return "\n".join(lines)


def cmd_stats(args) -> int:
    with store_from_args(args) as store:
        emit(args, store.counts(), _stats_text)
    return 0
