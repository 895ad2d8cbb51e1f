"""Introduction intelligence: ``helpers``, ``analyze``, ``connectors``, ``mentors``, ``picks``,
``meet`` and ``health``.

Each command reads a store, asks one pure question of :mod:`graphsvc` and prints its answer
(``--json``: the same data the web UI gets).
"""
from __future__ import annotations

import sys

from graphsvc.analytics import connectors, run_analysis
from graphsvc.cli import emit, store_from_args
from graphsvc.cli.goal_cmds import cli_actor
from graphsvc.goal_search import DEFAULT_MAX_HOPS, who_can_help
from graphsvc.relevance import merge_specs
from graphsvc.goals import GoalSpec, get_goal
from graphsvc.health import network_health
from graphsvc.introductions import open_requests_by_introducer
from graphsvc.meet import people_to_meet
from graphsvc.mentors import mentor_candidates, mentor_picks
from graphsvc.model import ANALYTICS_FIELDS


def register(sub, common) -> None:
    p = sub.add_parser("helpers", parents=[common], help="who could help with a goal, warmest first")
    p.add_argument("person", metavar="PERSON", help="person_id or e-mail of who needs the help")
    p.add_argument("--skill", action="append", default=[], help="a skill the helper has (repeatable)")
    p.add_argument("--title", action="append", default=[], help="words of the helper's title (repeatable)")
    p.add_argument("--department", action="append", default=[], help="the helper's department (repeatable)")
    p.add_argument("--org", action="append", default=[],
                   help="an organisation the helper works or worked at (repeatable)")
    p.add_argument("--location", action="append", default=[], help="the helper's location (repeatable)")
    p.add_argument("--level", action="append", default=[], type=int, help="the helper's level (repeatable)")
    p.add_argument("--goal", metavar="GOAL_ID", help="add what this stored goal targets")
    p.add_argument("-k", type=int, default=10, help="how many helpers (default 10)")
    p.add_argument("--max-hops", type=int, default=DEFAULT_MAX_HOPS,
                   help=f"furthest helper considered (default {DEFAULT_MAX_HOPS}, at most 4)")
    p.set_defaults(handler=cmd_helpers)

    p = sub.add_parser("analyze", parents=[common],
                       help="compute connector metrics (betweenness, PageRank, bridges) onto every person")
    p.set_defaults(handler=cmd_analyze)

    p = sub.add_parser("connectors", parents=[common], help="the people who connect the organisation")
    p.add_argument("--top", type=int, default=20, help="how many (default 20)")
    p.add_argument("--department", help="only this department")
    p.add_argument("--by", choices=ANALYTICS_FIELDS, default="betweenness", help="ranking metric (default betweenness)")
    p.set_defaults(handler=cmd_connectors)

    people_command(sub, common, "mentors", "mentors matching a mentee's goals", cmd_mentors,
                   ("person", "PERSON", "the mentee"))
    people_command(sub, common, "picks", "a mentor's colleagues worth introducing to a mentee for their goals",
                   cmd_picks, ("mentor", "MENTOR", "the mentor"), ("mentee", "MENTEE", "the mentee"))
    people_command(sub, common, "meet", "people two hops away worth meeting", cmd_meet,
                   ("person", "PERSON", "who wants to meet people"))

    p = sub.add_parser("health", parents=[common],
                       help="isolated people, mentees without mentors, unlinked departments, busy introducers")
    p.set_defaults(handler=cmd_health)


def people_command(sub, common, name: str, help: str, handler, *people: tuple[str, str, str]) -> None:
    """A subcommand taking people (dest, metavar, who) and ``-k``."""
    p = sub.add_parser(name, parents=[common], help=help)
    for dest, metavar, who in people:
        p.add_argument(dest, metavar=metavar, help=f"person_id or e-mail of {who}")
    p.add_argument("-k", type=int, default=10, help="how many (default 10)")
    p.set_defaults(handler=handler)


def _who(r: dict) -> str:
    extra = ", ".join(x for x in (r.get("title"), r.get("department")) if x)
    return f"{r['name']} ({r['person_id']}{', ' + extra if extra else ''})"


def helpers_text(rows: list[dict]) -> str:
    if not rows:
        return "Nobody matching within reach. Widen the search (more hops, fewer conditions), or ask a connector."
    lines = []
    for i, r in enumerate(rows, 1):
        lines.append(f"{i}. {_who(r)}   score {r['score']:.3f} = relevance {r['relevance']:.2f} "
                     f"× warmth {r['warmth']:.3f}")
        lines.append("     why: " + "; ".join(r["reasons"]))
        lines.append("     via: " + " → ".join(p["name"] for p in r["path"]["people"]))
    return "\n".join(lines)


def cmd_helpers(args) -> int:
    spec = GoalSpec(skills=args.skill, titles=args.title, departments=args.department,
                    organizations=args.org, locations=args.location, levels=args.level)
    with store_from_args(args) as store:
        person = args.person
        if args.goal:
            goal = get_goal(store, args.goal)
            spec = merge_specs([spec, GoalSpec.from_dict(goal["spec"])])
        rows = who_can_help(store, person, spec, k=args.k, max_hops=args.max_hops,
                            open_requests=open_requests_by_introducer(store))
    emit(args, rows, helpers_text)
    return 0


def analyze_text(summary: dict) -> str:
    how = summary["betweenness"]
    if how == "sampled":
        how += (f" from {summary['pivots']} pivots (each value within ±{summary['error_bound']} "
                f"with {summary['confidence']:.0%} confidence)")
    total = sum(summary["seconds"].values())
    return (f"analysed {summary['active_people']:,} active of {summary['people']:,} people, "
            f"{summary['ties']:,} ties; betweenness {how}; {total:.1f}s "
            f"({', '.join(f'{k} {v:.1f}s' for k, v in summary['seconds'].items())})")


def cmd_analyze(args) -> int:
    progress = None if args.json else (lambda msg: print(msg, file=sys.stderr))
    with store_from_args(args) as store:
        summary = run_analysis(store, progress=progress, actor=cli_actor())
    emit(args, summary, analyze_text)
    return 0


def connectors_text(rows: list[dict]) -> str:
    if not rows:
        return "No connector metrics stored: run `intrograph analyze` first."
    lines = [f"{'#':>3}  {'betweenness':>11}  {'pagerank':>9}  {'bridges':>7}  person"]
    lines += [f"{r['rank']:>3}  {r['betweenness']:>11.4f}  {r['pagerank']:>9.5f}  {r['bridge_score']:>7.2f}  {_who(r)}"
              for r in rows]
    return "\n".join(lines)


def cmd_connectors(args) -> int:
    with store_from_args(args) as store:
        rows = connectors(store, top=args.top, department=args.department, by=args.by)
    emit(args, rows, connectors_text)
    return 0


def _ranked_text(rows: list[dict], empty: str, detail) -> str:
    if not rows:
        return empty
    lines = []
    for i, r in enumerate(rows, 1):
        lines.append(f"{i}. {_who(r)}   score {r['score']:.3f}")
        lines += [f"     {line}" for line in detail(r)]
    return "\n".join(lines)


def mentors_text(rows: list[dict]) -> str:
    return _ranked_text(rows, "No mentor candidates: nobody more senior matches the mentee's goals, "
                              "skills or department with room for a mentee.", lambda r: r["reasons"])


def cmd_mentors(args) -> int:
    with store_from_args(args) as store:
        rows = mentor_candidates(store, args.person, k=args.k)
    emit(args, rows, mentors_text)
    return 0


def picks_text(rows: list[dict]) -> str:
    return _ranked_text(rows, "No picks: none of the mentor's contacts matches the mentee's open goals "
                              "(or the mentee knows them already).",
                        lambda r: ["why: " + "; ".join(r["reasons"]), "you know them: " + "; ".join(r["evidence"])])


def cmd_picks(args) -> int:
    with store_from_args(args) as store:
        rows = mentor_picks(store, args.mentor, args.mentee, k=args.k)
    emit(args, rows, picks_text)
    return 0


def meet_text(rows: list[dict]) -> str:
    def detail(r):
        lines = ["you both know: " + ", ".join(p["name"] for p in r["shared"])]
        return lines + (["relevant to your goals: " + "; ".join(r["reasons"])] if r["reasons"] else [])
    return _ranked_text(rows, "Nobody two hops away: no contact of yours knows someone you do not.", detail)


def cmd_meet(args) -> int:
    with store_from_args(args) as store:
        rows = people_to_meet(store, args.person, k=args.k)
    emit(args, rows, meet_text)
    return 0


def health_text(report: dict) -> str:
    def people(rows):
        return ", ".join(f"{r['name']} ({r['person_id']})" for r in rows[:10]) + \
            (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    lines = [f"{report['active_people']:,} active of {report['people']:,} people, "
             f"{len(report['departments'])} departments"]
    lines.append(f"isolated people: {len(report['isolated'])}" +
                 (f" — {people(report['isolated'])}" if report["isolated"] else ""))
    lines.append(f"mentees without a mentor: {len(report['mentees_without_mentor'])}" +
                 (f" — {people(report['mentees_without_mentor'])}" if report["mentees_without_mentor"] else ""))
    lines.append(f"department pairs with no tie: {len(report['unlinked_departments'])}")
    lines += [f"  {a} – {b}" for a, b in report["unlinked_departments"]]
    lines.append("introducers with the most pending requests:" if report["busiest_introducers"]
                 else "no pending introduction requests")
    lines += [f"  {r['name']} ({r['person_id']}): {r['open_requests']} open, "
              f"capacity {r['max_intros_per_month']}/month" for r in report["busiest_introducers"]]
    over = report["mentors_over_capacity"]
    lines.append(f"mentors over capacity: {len(over)}" + (" — " + ", ".join(
        f"{r['name']} ({r['person_id']}): {r['mentees']} mentees, takes {r['max_mentees']}" for r in over[:10])
        if over else ""))
    return "\n".join(lines)


def cmd_health(args) -> int:
    with store_from_args(args) as store:
        report = network_health(store)
    emit(args, report, health_text)
    return 0
