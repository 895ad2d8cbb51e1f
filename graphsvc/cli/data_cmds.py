"""Personal data and the store as a whole: ``intrograph person {export|erase|unerase}``,
``intrograph dump``, ``intrograph restore`` and ``intrograph backup``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from graphsvc.cli import CliError, emit, store_from_args
from graphsvc.cli.goal_cmds import cli_actor


def register(sub, common) -> None:
    person = sub.add_parser("person", help="personal data: export everything about a person, erase them")
    person_sub = person.add_subparsers(dest="person_command", required=True, metavar="ACTION")

    p = person_sub.add_parser("export", parents=[common], help="everything stored about a person, as JSON")
    p.add_argument("person", metavar="ID", help="person_id or e-mail")
    p.add_argument("--out", metavar="FILE", help="write the JSON to FILE instead of standard output")
    p.set_defaults(handler=cmd_export)

    p = person_sub.add_parser("erase", parents=[common],
                              help="erase a person: node, ties, accounts; anonymise introductions (irreversible)")
    p.add_argument("person", metavar="ID", help="person_id or e-mail")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=cmd_erase)

    p = person_sub.add_parser("unerase", parents=[common],
                              help="lift an erasure, so that imports may create the person again")
    p.add_argument("person", metavar="ID", help="the erased person's id, e-mail or LinkedIn URL")
    p.set_defaults(handler=cmd_unerase)

    p = sub.add_parser("dump", parents=[common], help="write the whole store to a portable JSON Lines file")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_dump)

    p = sub.add_parser("restore", parents=[common], help="load a dump into an empty store (embedded or Neo4j)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("backup", parents=[common],
                       help="copy the embedded store file, safely while the server runs")
    p.add_argument("file", metavar="FILE", help="the copy to write (replaced once complete)")
    p.set_defaults(handler=cmd_backup)


def cmd_export(args) -> int:
    from graphsvc.person_data import export_person
    with store_from_args(args) as store:
        data = export_person(store, args.person)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.out is None:
        print(text)
        return 0
    try:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    print(f"wrote everything stored about {data['person']['person_id']} to {args.out}", file=sys.stderr)
    return 0


def _confirmed(person_id: str) -> bool:
    """On a terminal, the user types the id again; elsewhere ``--yes`` is needed."""
    if not sys.stdin.isatty():
        raise CliError("erasing cannot be undone: add --yes to confirm when not at a terminal")
    answer = input(f"Erase {person_id} for good? Type the id again to confirm: ")
    return answer.strip() == person_id


def _erased_text(done: dict) -> str:
    return (f"erased {done['person_id']} (erasure {done['erasure']}): {done['ties']} ties, {done['positions']} "
            f"positions, {done['accounts']} accounts and {done['goals_deleted']} goals deleted; "
            f"{done['introductions_anonymised']} introductions, {done['goals_anonymised']} goals of others and "
            f"{done['audit_entries_anonymised']} audit entries anonymised")


def cmd_erase(args) -> int:
    from graphsvc.erasure import erase
    with store_from_args(args) as store:
        person_id = store.resolve(args.person)
        if not args.yes and not _confirmed(person_id):
            raise CliError("not confirmed; nothing was erased")
        done = erase(store, person_id, actor=cli_actor())
    emit(args, done, _erased_text)
    return 0


def cmd_unerase(args) -> int:
    from graphsvc.erasure import unerase
    with store_from_args(args) as store:
        lifted = unerase(store, args.person, actor=cli_actor())
    emit(args, lifted, lambda d: f"lifted erasure {d['erasure']} (erased {d['erased_at']} by {d['erased_by']}); "
                                 "imports may create the person again")
    return 0


def cmd_dump(args) -> int:
    from graphsvc.dump import write_dump
    with store_from_args(args) as store:
        counts = write_dump(store, args.file)
    emit(args, {"file": args.file, "counts": counts},
         lambda d: f"wrote {d['file']}: " + ", ".join(f"{n:,} {section}" for section, n in d["counts"].items()))
    return 0


def cmd_restore(args) -> int:
    from graphsvc.dump import restore
    from importers.progress import ProgressBar
    bar = ProgressBar(enabled=False if args.quiet or args.json else None)
    try:
        with store_from_args(args) as store:
            done = restore(store, args.file, progress=bar)
    finally:
        bar.close()
    emit(args, done, lambda d: f"restored {d['file']} into {d['store']} in {d['batches']} transaction(s)"
                               + (f" (1–{d['resumed']} by an earlier run)" if d["resumed"] else "") + ": "
                               + ", ".join(f"{n:,} {section}" for section, n in d["counts"].items()))
    return 0


def cmd_backup(args) -> int:
    from graphsvc.store import default_store_uri
    uri = args.store or default_store_uri()
    if not uri.startswith("sqlite:///"):
        raise CliError(f"`intrograph backup` copies the embedded store's file, and {uri} is no embedded store: "
                       "use `intrograph dump FILE`, or Neo4j's own backup (neo4j-admin database dump)")
    with store_from_args(args) as store:
        store.backup(args.file)
    emit(args, {"file": args.file, "store": store.uri}, lambda d: f"backed up {d['store']} to {d['file']}")
    return 0
