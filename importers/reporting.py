"""The reporting tree across a file and the store: what a file's reporting lines change beyond its rows.

An org chart is the truth about who reports to whom for the people it lists; the store holds
the rest of the tree. So:

* a file's lines are checked for cycles together with the current stored lines of everyone
  above its people (:func:`reporting_cycles`) — "B1 reports to A1" stored and "A1 reports to
  B1" in a new file is a cycle, unless the file also lists B1 and so replaces B1's line;
* a stored line the org chart no longer lists ends on the day of the import
  (:func:`ended_lines`): kept as history, no longer anyone's current manager;
* someone who leaves their manager's team leaves it for their teammates too: their team
  ties with the people still in it end that day (:func:`ended_team_ties`), so that the tie
  decays like any past evidence instead of staying current forever.
"""
from __future__ import annotations

from datetime import date
from typing import Collection, Iterable, Mapping

from graphsvc.model import Tie, pair_of
from graphsvc.store import GraphStore

__all__ = ["find_cycles", "reporting_cycles", "cycle_message", "ended_lines", "ended_team_ties",
           "is_current_solid"]


def is_current_solid(tie: Tie) -> bool:
    """A solid reporting line that has not ended: the one that makes a manager and a team."""
    return (tie.props.get("kind") or "solid") == "solid" and not tie.props.get("until")


def find_cycles(managers: Mapping[str, Collection[str]]) -> list[list[str]]:
    """Reporting cycles among people's managers, each as the people on it in reporting order.

    With one manager per person every cycle is found once; with several (lines from more
    than one source), one cycle per line that closes one.

    >>> find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]})
    [['a', 'b', 'c']]
    """
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles = []
    for start in managers:
        if start in state:
            continue
        state[start] = 1
        walk, branches = [start], [iter(sorted(managers[start]))]
        while branches:
            step = next(branches[-1], None)
            if step is None:
                state[walk.pop()] = 2
                branches.pop()
            elif state.get(step) is None:
                state[step] = 1
                walk.append(step)
                branches.append(iter(sorted(managers.get(step, ()))))
            elif state[step] == 1:
                cycles.append(walk[walk.index(step):])
    return cycles


def _lines_above(store: GraphStore, file_lines: Mapping[str, Collection[str]], listed: Collection[str],
                 restated: Collection[tuple]) -> dict[str, set[str]]:
    """Every current solid line after the import that a cycle through the file's lines could use:
    the file's own, and the stored ones of everyone above them (read one level of the tree
    at a time) but for those the file replaces (see :func:`reporting_cycles`)."""
    lines = {p: set(ms) for p, ms in file_lines.items()}
    seen = set(listed)  # the file's rows say who they report to
    frontier = {m for ms in file_lines.values() for m in ms} - seen
    while frontier:
        seen |= frontier
        for tie in store.reporting_lines(frontier):
            if is_current_solid(tie) and tie.key not in restated:
                lines.setdefault(tie.source, set()).add(tie.target)
        frontier = {m for p in frontier for m in lines.get(p, ())} - seen
    return lines


def reporting_cycles(store: GraphStore, file_lines: Mapping[str, Collection[str]], listed: Collection[str] = (),
                     restated: Collection[tuple] = ()) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """The cycles the file's current solid lines would close, alone or with stored lines.

    ``file_lines`` maps people to the managers the file gives them. The file replaces the
    stored lines of the people it ``listed`` (an org chart: everyone it has a row for) and the
    stored ties it writes again (``restated``, by key: a relationships file may end a line).
    Each cycle comes with the stored lines on it (none: the file alone closes it); a cycle of
    stored lines only is the store's, not this file's, and is left out.
    """
    lines = _lines_above(store, file_lines, listed, restated)
    out = []
    for cycle in find_cycles(lines):
        steps = list(zip(cycle, cycle[1:] + cycle[:1]))
        stored = [(p, m) for p, m in steps if m not in file_lines.get(p, ())]
        if len(stored) < len(steps):
            out.append((cycle, stored))
    return out


def cycle_message(cycle: list[str], stored: list[tuple[str, str]], names: Mapping[str, str]) -> str:
    """What to tell the user about a reporting cycle (``names``: display names of the stored people)."""
    if not stored:
        return "reporting cycle: " + " → ".join(cycle + cycle[:1])

    def who(p: str) -> str:
        return f"{p} ({names[p]})" if names.get(p) else p
    held = ", ".join(f"{who(p)} reporting to {who(m)}" for p, m in stored)
    return (f"reporting cycle with lines already stored: {' → '.join(who(p) for p in cycle + cycle[:1])}; "
            f"the store has {held}. End that line first, or import an org chart that lists "
            f"{' and '.join(p for p, _ in stored)} with their manager now")


def ended_lines(stored_lines: Iterable[Tie], managers: Mapping[str, str], dotted: Mapping[str, str],
                today: date) -> list[Tie]:
    """The stored current lines of an org chart's people that the file no longer lists, ended today.

    ``stored_lines`` are the stored ``REPORTS_TO`` ties of the people the file lists. The old
    line is kept as history (``until``: it still tells that the two worked closely) but is no
    longer anyone's current manager, nor makes teammates.
    """
    ended = []
    for tie in stored_lines:
        kind = tie.props.get("kind") or "solid"
        listed = (managers if kind == "solid" else dotted).get(tie.source)
        if tie.target != listed and not tie.props.get("until"):
            ended.append(Tie("REPORTS_TO", tie.source, tie.target, _until(tie, today)))
    return ended


def ended_team_ties(store: GraphStore, stored_lines: Iterable[Tie], managers: Mapping[str, str],
                    kept: Collection[tuple], today: date) -> list[Tie]:
    """Current team ties between people who leave a manager's team and its members, ended today.

    ``stored_lines`` are the stored ``REPORTS_TO`` ties of the people the org chart lists and
    ``managers`` their solid managers in it: someone whose current stored manager is not
    their manager in the file leaves that manager's team. Their team ties (``WORKED_WITH
    {kind: team}``) with the people reporting to that manager end, except the ties the
    import writes again (``kept``, by key: two who move to one new team under the same team
    name stay teammates).
    """
    left: dict[str, set[str]] = {}
    for tie in stored_lines:
        if is_current_solid(tie) and managers.get(tie.source) != tie.target:
            left.setdefault(tie.target, set()).add(tie.source)
    if not left:
        return []
    teams = store.direct_reports(left)
    pairs = {pair_of(p, q) for m, movers in left.items() for p in movers for q in teams.get(m, ()) if q != p}
    return [Tie(t.type, t.source, t.target, _until(t, today)) for t in store.ties_between("WORKED_WITH", pairs)
            if t.props.get("kind") == "team" and not t.props.get("until") and t.key not in kept]


def _until(tie: Tie, today: date) -> dict:
    """The tie's properties, ended today (never before it began)."""
    return {**tie.props, "until": max(today.isoformat(), tie.props.get("since") or "")}
