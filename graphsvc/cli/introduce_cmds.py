"""``intrograph introduce --by MENTOR --mentee M --to T``: a mentor's introduction of their mentee."""
from __future__ import annotations

from graphsvc.cli import emit, store_from_args
from graphsvc.introductions import introduce_by_mentor


def register(sub, common) -> None:
    p = sub.add_parser("introduce", parents=[common],
                       help="a mentor introduces their current mentee to a colleague (waits on the colleague's "
                            "consent)")
    p.add_argument("--by", required=True, metavar="MENTOR", help="person_id or e-mail of the mentor (introducer)")
    p.add_argument("--mentee", required=True, metavar="M", help="person_id or e-mail of their current mentee")
    p.add_argument("--to", required=True, metavar="T", help="person_id or e-mail of the colleague to meet")
    p.add_argument("--goal", metavar="G", help="id of the mentee's goal it serves")
    p.add_argument("--message", default="", help="a note to the colleague and the mentee")
    p.set_defaults(handler=cmd_introduce)


def intro_text(intro: dict) -> str:
    goal = f", for goal {intro['goal_id']}" if intro.get("goal_id") else ""
    return (f"{intro['id']}  [{intro['status']}] {intro['requester']} → {intro['target']} "
            f"via {intro['introducer']}{goal}\n    waiting for {intro['target']} to accept or decline")


def cmd_introduce(args) -> int:
    with store_from_args(args) as store:
        intro = introduce_by_mentor(store, args.by, args.mentee, args.to, goal_id=args.goal, message=args.message)
    emit(args, intro, intro_text)
    return 0
