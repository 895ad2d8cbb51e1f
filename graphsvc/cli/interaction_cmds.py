"""``intrograph interactions {forget|opt-out|opt-in}``: interaction evidence, for admins."""
from __future__ import annotations

from graphsvc.cli import emit, store_from_args
from graphsvc.cli.goal_cmds import cli_actor
from graphsvc.interaction_privacy import forget_channel, set_sharing
from graphsvc.model import CHANNELS


def register(sub, common) -> None:
    top = sub.add_parser("interactions", help="interaction evidence (calendars, e-mail): delete a channel, "
                                              "opt a person out or in")
    top_sub = top.add_subparsers(dest="interactions_command", required=True, metavar="ACTION")

    p = top_sub.add_parser("forget", parents=[common], help="delete all evidence of one channel, for everyone")
    p.add_argument("channel", choices=CHANNELS)
    p.set_defaults(handler=cmd_forget)

    for name, share, text in (("opt-out", False, "stop using a person's interactions and delete theirs"),
                              ("opt-in", True, "use a person's interactions again, from the next import")):
        p = top_sub.add_parser(name, parents=[common], help=text)
        p.add_argument("person", metavar="PERSON", help="person_id or e-mail")
        p.set_defaults(handler=cmd_share, share=share)


def cmd_forget(args) -> int:
    with store_from_args(args) as store:
        deleted = forget_channel(store, args.channel, cli_actor())
    emit(args, {"channel": args.channel, "deleted": deleted},
         lambda d: f"deleted {d['deleted']:,} {d['channel']} interaction ties; their pairs are re-weighed")
    return 0


def cmd_share(args) -> int:
    with store_from_args(args) as store:
        person_id = store.resolve(args.person)
        summary = set_sharing(store, person_id, args.share, cli_actor())
    emit(args, {"person_id": person_id, "share_interactions": args.share, "deleted": summary.relationships_deleted},
         lambda d: f"{d['person_id']}: interaction signals {'on' if d['share_interactions'] else 'off'}"
                   + ("" if d["share_interactions"] else f"; {d['deleted']:,} interaction ties deleted"))
    return 0
