"""``intrograph import KIND FILE``, ``intrograph imports``, ``intrograph generate`` and ``intrograph stats``."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from graphsvc.cli import emit, store_from_args
from graphsvc.cli.goal_cmds import cli_actor
from graphsvc.import_journal import batch_stage, import_runs
from importers.problems import ImportRejected
from importers.progress import ProgressBar
from importers.report_csv import write_problems_csv
from importers.run import KINDS, run_import

#: Warnings listed in the text report; --json lists them all.
_SHOWN_WARNINGS = 20


def register(sub, common) -> None:
    p = sub.add_parser("import", parents=[common], help="validate and import a file")
    p.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
    p.add_argument("file", help="CSV, JSON or (orgchart, people) .xlsx file; calendar: an .ics file; "
                   "email: an mbox file, a Maildir, a folder of .eml files or a .zip of them")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="read the file's COLUMN as FIELD (repeatable)")
    p.add_argument("--owner", metavar="PERSON",
                   help="linkedin only: person_id or e-mail of whose Connections.csv this is")
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="calendar, email: count interactions from this day (default: 3 years before --until)")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="calendar, email: … up to this day (default: today)")
    p.add_argument("--max-attendees", type=int, metavar="N",
                   help="calendar: meetings with more people are broadcasts, skipped (default 12)")
    p.add_argument("--max-recipients", type=int, metavar="N",
                   help="email: messages to more addresses are broadcasts, skipped (default 10)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--problems-csv", metavar="CSV",
                   help="also write the errors and warnings to CSV, to work through in a spreadsheet")
    p.add_argument("--batch-rows", type=int, metavar="N",
                   help="rows per transaction; a larger file is written in journaled batches that a rerun "
                   "finishes (default: INTROGRAPH_BATCH_ROWS, else 50,000 for Neo4j, no limit embedded)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("imports", parents=[common], help="the import journal: which imports are complete")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="newest N imports (default 50)")
    p.set_defaults(handler=cmd_imports)

    p = sub.add_parser("generate", parents=[common],
                       help="write a synthetic organisation as import files")
    p.add_argument("--people", type=int, required=True, metavar="N", help="how many employees")
    p.add_argument("--seed", type=int, default=1, help="same seed and N, same files (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="directory to write the files into")
    # generate() checks the shape: importing the generator here would slow every command.
    p.add_argument("--shape", default="org",
                   help="org: bounded degrees (default); hubs: the same organisation plus connectors with "
                        "1,000+ LinkedIn ties, power-law KNOWS and one-tie outsiders")
    p.add_argument("--signals", action="store_true",
                   help="also write interaction signals into DIR/signals: a calendar export (.ics), a mail "
                        "archive (.mbox) and a people file of who opted out")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(handler=cmd_generate)

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
    lines = [f"{report['file']}: {report['kind']} import{' (dry run: nothing written)' if report['dry_run'] else ''}"]
    if report["batches"] > 1:
        lines.append(f"  {'to be written' if report['dry_run'] else 'written'} in {report['batches']} batches of "
                     f"at most {report['batch_rows']:,} rows"
                     + (f" (batches 1–{report['resumed']} by an earlier run)" if report["resumed"] else ""))
    if s is None:
        lines.append("  changes are not counted ahead of a batched import (each batch builds on the ones "
                     "before); the file is valid")
    else:
        lines += [f"  nodes {verb}: {s['nodes_created']} created, {s['nodes_updated']} updated, "
                  f"{s['nodes_unchanged']} unchanged",
                  f"  relationships {verb}: {s['relationships_created']} created, {s['relationships_updated']} "
                  f"updated, {s['relationships_unchanged']} unchanged"
                  + (f", {s['relationships_deleted']} deleted (interactions of people who opted out)"
                     if s.get("relationships_deleted") else "")]
    lines += [f"  {note}" for note in report.get("notes") or ()]
    warnings = report["warnings"]
    lines += [f"  warning: {w}" for w in warnings[:_SHOWN_WARNINGS]]
    if len(warnings) > _SHOWN_WARNINGS:
        lines.append(f"  … and {len(warnings) - _SHOWN_WARNINGS} more warnings (--json lists them all)")
    return "\n".join(lines)


def _paused_in_batch(progress):
    """``progress``, pausing the import inside batch ``INTROGRAPH_PAUSE_IN_BATCH`` (if set).

    For the tests that kill an import, or its server, mid-way. Batch K reports progress once
    before its transaction begins and then from inside it as rows are sent; at the first
    report from inside (batches 1 to K-1 committed, K's transaction open) the process says
    ``PAUSED IN BATCH K`` on stderr and waits for a line on stdin.
    """
    number = os.environ.get("INTROGRAPH_PAUSE_IN_BATCH")
    if not number:
        return progress
    stage_of_batch = batch_stage(int(number), 0).removesuffix("0")  # "writing batch K of "
    reports = 0

    def pausing(stage: str, done: int, total: int) -> None:
        nonlocal reports
        progress(stage, done, total)
        if stage.startswith(stage_of_batch):
            reports += 1
            if reports == 2:
                print(f"PAUSED IN BATCH {number}", file=sys.stderr, flush=True)
                sys.stdin.readline()
    return pausing


def cmd_import(args) -> int:
    bar = ProgressBar(enabled=False if args.quiet else None)
    with store_from_args(args) as store:
        try:
            report = run_import(store, args.kind, args.file, dry_run=args.dry_run,
                                column_map=_column_map(args.map), owner=args.owner,
                                progress=_paused_in_batch(bar), batch_rows=args.batch_rows, actor=cli_actor(),
                                since=args.since, until=args.until, max_attendees=args.max_attendees,
                                max_recipients=args.max_recipients)
        except ImportRejected as exc:
            bar.close()
            if args.problems_csv:
                write_problems_csv(args.problems_csv, exc.problems, [])
            if args.json:
                emit(args, {"errors": [p.as_dict() for p in exc.problems]}, str)
            else:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                print(f"intrograph: {len(exc.problems)} problem(s) found; nothing was written", file=sys.stderr)
            return 1
        finally:
            bar.close()
    if args.problems_csv:
        write_problems_csv(args.problems_csv, [], report.warning_problems)
    emit(args, report.as_dict(), _summary_text)
    return 0


def cmd_generate(args) -> int:
    from importers.generate import generate
    if args.people < 1:
        raise ValueError("--people must be at least 1")
    quiet = args.quiet or args.json
    files = generate(args.people, Path(args.out), seed=args.seed, shape=args.shape, signals=args.signals,
                     progress=None if quiet else (lambda message: print(message, file=sys.stderr)))
    data = {"orgchart": str(files.orgchart), "people": str(files.people),
            "relationships": str(files.relationships), "mentorships": str(files.mentorships),
            "positions": str(files.positions), "linkedin": {o: str(p) for o, p in files.linkedin.items()},
            "ties": files.ties}
    if args.signals:
        data.update(privacy=str(files.privacy), calendar=str(files.calendar), email=str(files.mail))
    emit(args, data, _generated_text)
    return 0


def _generated_text(data: dict) -> str:
    lines = [f"{kind:<14} {data[kind]}" for kind in ("orgchart", "people", "relationships", "mentorships",
                                                       "positions")]
    lines += [f"{'linkedin':<14} {path}   (intrograph import linkedin {path} --owner {owner})"
              for owner, path in data["linkedin"].items()]
    lines += [f"{kind:<14} {data[kind]}   (intrograph import {'people' if kind == 'privacy' else kind} {data[kind]})"
              for kind in ("privacy", "calendar", "email") if kind in data]
    if data["ties"]:
        lines.append(f"about {data['ties'].get('total', 0):,} ties once imported")
    return "\n".join(lines)


def _imports_text(runs: list[dict]) -> str:
    if not runs:
        return "no imports yet"
    lines = []
    for run in runs:
        s = run["summary"]
        lines += [f"{run['started']}  {run['import_kind']:<13} {run['file']}  (sha256 {run['digest'][:12]})",
                  f"  {run['status_text']}",
                  f"  {run['rows']:,} rows; nodes {s['nodes_created']} created, {s['nodes_updated']} updated; "
                  f"relationships {s['relationships_created']} created, {s['relationships_updated']} updated"
                  + (f"; finished {run['finished']}" if run.get("finished") else f"; last batch {run['updated']}")]
    return "\n".join(lines)


def cmd_imports(args) -> int:
    with store_from_args(args) as store:
        runs = import_runs(store, args.limit)
    emit(args, runs, _imports_text)
    return 0


def _stats_text(counts: dict) -> str:
    lines = ["nodes:"] + [f"  {k:<14} {v:>10,}" for k, v in counts["nodes"].items()]
    lines += ["relationships:"] + [f"  {k:<14} {v:>10,}" for k, v in counts["relationships"].items()]
    lines.append(f"pair weights as of {counts['weights_as_of'] or 'never (nothing imported yet)'}")
    return "\n".join(lines)


def cmd_stats(args) -> int:
    with store_from_args(args) as store:
        as_of = store.weights_as_of()
        emit(args, {**store.counts(), "weights_as_of": as_of.isoformat() if as_of else None}, _stats_text)
    return 0
