"""The questions as the viewer asks them, answered as plain data: the pages render it and the
JSON API returns it as it is. Evidence comes as the viewer may see it (:mod:`graphsvc.visibility`)."""
from __future__ import annotations

from typing import Any

from graphsvc.goal_search import who_can_help
from graphsvc.goals import GoalSpec
from graphsvc.introductions import open_requests_by_introducer
from graphsvc.warm_paths import warm_intro
from webui.lookups import goal_or_404, who_asks, with_people_found
from webui.params import int_arg, optional_arg, source_arg, spec_arg
from webui.storage import get_store

__all__ = ["find_paths", "helpers_for"]


def _add_names(path: dict[str, Any]) -> None:
    """A path's ``names``: person_id → name, for the pages' and scripts' convenience."""
    path["names"] = {p["person_id"]: p["name"] for p in path["people"]}


def find_paths(source: str, target: str) -> dict[str, Any]:
    """Ranked warm paths from ``source`` to ``target`` (``k`` and ``max_hops`` from the query),
    each with a name lookup."""
    store = get_store()
    result = warm_intro(store, source, target, k=int_arg("k", 5, 1, 10), max_hops=int_arg("max_hops", 4, 1, 6),
                        open_requests=open_requests_by_introducer(store), viewer=who_asks()).as_json()
    for path in result["paths"]:
        _add_names(path)
    return result


def helpers_for() -> dict[str, Any]:
    """People who could help with a goal (``goal``) or a spec given part by part in the query."""
    goal_id = optional_arg("goal")
    if goal_id:
        goal = goal_or_404(goal_id)
        source, spec = goal["owner"], GoalSpec.from_dict(goal["spec"])
    else:
        source, spec = source_arg(), with_people_found(spec_arg())
    store = get_store()
    found = [] if spec.is_empty() else who_can_help(store, source, spec, k=int_arg("k", 10, 1, 50),
                                                    open_requests=open_requests_by_introducer(store),
                                                    viewer=who_asks())
    for helper in found:
        _add_names(helper["path"])
    return {"from": source, "goal": goal_id, "spec": spec.as_dict(), "helpers": found}
