"""Questions asked of the graph: ``intro``."""
from __future__ import annotations

from graphsvc.cli import emit, store_from_args
from graphsvc.introductions import open_requests_by_introducer
from graphsvc.warm_paths import warm_intro


def register(sub, common) -> None:
    p = sub.add_parser("intro", parents=[common], help="warmest introduction paths from one person to another")
    p.add_argument("source", metavar="FROM", help="person_id or e-mail of who wants the introduction")
    p.add_argument("target", metavar="TO", help="person_id or e-mail of who they want to meet")
    p.add_argument("-k", type=int, default=5, help="how many paths (default 5)")
    p.add_argument("--max-hops", type=int, default=4, help="longest path considered (default 4)")
    p.set_defaults(handler=cmd_intro)


def intro_text(data: dict) -> str:
    if not data["paths"]:
        lines = [f"No path from {data['from']} to {data['to']} within the hop limit."]
        if data.get("next_steps"):
            lines.append("Ask the people you know best whether they know someone close to them:")
            lines += [f"  {p['name']} ({p['person_id']}), tie strength {p['strength']:.2f}" for p in data["next_steps"]]
        return "\n".join(lines)
    lines = []
    for i, path in enumerate(data["paths"], 1):
        names = " → ".join(p["name"] for p in path["people"])
        busy = f", score {path['score']:.3f} (introducers busy)" if path["score"] < path["warmth"] - 1e-12 else ""
        lines.append(f"{i}. {names}   warmth {path['warmth']:.3f}{busy}")
        by_id = {p["person_id"]: p["name"] for p in path["people"]}
        for hop in path["hops"]:
            lines.append(f"     {by_id[hop['from']]} – {by_id[hop['to']]} ({hop['strength']:.2f}): "
                         + "; ".join(hop["evidence"]))
    return "\n".join(lines)


def cmd_intro(args) -> int:
    with store_from_args(args) as store:
        result = warm_intro(store, args.source, args.target, k=args.k, max_hops=args.max_hops,
                            open_requests=open_requests_by_introducer(store))
    emit(args, result.as_json(), intro_text)
    return 0
