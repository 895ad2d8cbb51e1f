"""``intrograph goal {add|list|show|progress|status}``: SMART goals from the command line."""
from __future__ import annotations

import getpass

from graphsvc.cli import CliError, emit, store_from_args
from graphsvc.goals import STATUSES, GoalNotFound, GoalSpec, add_goal, get_goal, list_goals, set_status, \
    update_progress

#: flag → GoalSpec part, in the order ``--help`` shows them
_SPEC_FLAGS = (("--skill", "skills", str), ("--title", "titles", str), ("--department", "departments", str),
               ("--org", "organizations", str), ("--person", "people", str), ("--location", "locations", str),
               ("--level", "levels", int))


def cli_actor() -> str:
    """Who the audit log names for a change made from a terminal."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(sub, common) -> None:
    goal = sub.add_parser("goal", help="SMART goals: add, list, show, record progress, change status")
    goal_sub = goal.add_subparsers(dest="goal_command", required=True, metavar="ACTION")

    p = goal_sub.add_parser("add", parents=[common], help="set a SMART goal for a person")
    p.add_argument("person", metavar="PERSON", help="person_id or e-mail of the goal's owner")
    p.add_argument("--statement", required=True, help="the goal in one sentence")
    for flag, dest, type_ in _SPEC_FLAGS:
        p.add_argument(flag, dest=dest, action="append", type=type_, default=[],
                       help=f"a specific target: {dest} (repeatable)")
    p.add_argument("--measure", required=True, help="how progress is measured, e.g. 'introductions made'")
    p.add_argument("--target", required=True, help="the number that means done")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="due date, in the future")
    p.add_argument("--achievable", default="", help="why it is achievable")
    p.add_argument("--relevant", default="", help="why it matters")
    p.set_defaults(handler=cmd_add)

    p = goal_sub.add_parser("list", parents=[common], help="list goals, of one person or everyone's")
    p.add_argument("person", metavar="PERSON", nargs="?", help="person_id or e-mail (default: everyone)")
    p.add_argument("--status", choices=STATUSES, help="only goals with this status")
    p.set_defaults(handler=cmd_list)

    p = goal_sub.add_parser("show", parents=[common], help="one goal with its progress history")
    p.add_argument("goal_id", metavar="GOAL_ID")
    p.set_defaults(handler=cmd_show)

    p = goal_sub.add_parser("progress", parents=[common], help="record a goal's current value")
    p.add_argument("goal_id", metavar="GOAL_ID")
    p.add_argument("value", metavar="VALUE", help="the current value (not an increment)")
    p.add_argument("--note", default="", help="what happened")
    p.set_defaults(handler=cmd_progress)

    p = goal_sub.add_parser("status", parents=[common], help="reopen, achieve or drop a goal")
    p.add_argument("goal_id", metavar="GOAL_ID")
    p.add_argument("status", choices=STATUSES)
    p.set_defaults(handler=cmd_status)


def _number(value: float) -> str:
    return f"{value:g}"


def goal_line(goal: dict) -> str:
    spec = GoalSpec.from_dict(goal["spec"]).describe()
    return (f"{goal['id']}  [{goal['status']}] {goal['statement']}\n"
            f"    owner {goal['owner']}, due {goal['due']}; {goal['measure']}: "
            f"{_number(goal['current_value'])} of {_number(goal['target_value'])} ({goal['progress']:.0%})\n"
            f"    targets {spec}")


def goal_text(goal: dict) -> str:
    lines = [goal_line(goal)]
    if goal.get("achievable"):
        lines.append(f"    achievable: {goal['achievable']}")
    if goal.get("relevant"):
        lines.append(f"    relevant: {goal['relevant']}")
    if goal.get("introductions"):
        lines.append(f"    introductions: {', '.join(goal['introductions'])}")
    for h in goal["history"]:
        note = f" — {h['note']}" if h["note"] else ""
        lines.append(f"    {h['at']} {h['by']}: {_number(h['value'])}{note}")
    return "\n".join(lines)


def _found(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except GoalNotFound as exc:
        raise CliError(str(exc)) from exc


def cmd_add(args) -> int:
    spec = GoalSpec(**{dest: getattr(args, dest) for _flag, dest, _type in _SPEC_FLAGS})
    with store_from_args(args) as store:
        goal = add_goal(store, args.person, args.statement, spec, args.measure, args.target, args.due,
                        achievable=args.achievable, relevant=args.relevant, actor=cli_actor())
    emit(args, goal, goal_text)
    return 0


def cmd_list(args) -> int:
    with store_from_args(args) as store:
        goals = list_goals(store, args.person, args.status)
    emit(args, goals, lambda gs: "\n".join(map(goal_line, gs)) if gs else "No goals.")
    return 0


def cmd_show(args) -> int:
    with store_from_args(args) as store:
        goal = _found(get_goal, store, args.goal_id)
    emit(args, goal, goal_text)
    return 0


def cmd_progress(args) -> int:
    with store_from_args(args) as store:
        goal = _found(update_progress, store, args.goal_id, args.value, note=args.note, actor=cli_actor())
    emit(args, goal, goal_text)
    return 0


def cmd_status(args) -> int:
    with store_from_args(args) as store:
        goal = _found(set_status, store, args.goal_id, args.status, actor=cli_actor())
    emit(args, goal, goal_text)
    return 0
