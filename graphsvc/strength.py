"""Tie strength: how likely a person is to act on an introduction request through a tie.

One piece of evidence (one relationship) gives a strength in (0, 1):

    s = min(cap, (1 − (1 − base[kind]) ** growth) × decay)

* ``base`` — the kind of evidence (DESIGN.md defaults: mentorship 0.9, reporting line 0.8,
  same team 0.7, same project 0.6, former colleagues 0.4, LinkedIn 0.3, introduction 0.5;
  two kinds DESIGN.md does not name: a dotted reporting line 0.6 and a manually entered
  acquaintance 0.5).
* ``growth = overlap_growth × interaction_growth`` (both ≥ 1, both saturating):
  ``overlap_growth = 1 + overlap_gain × (1 − e^(−years together / overlap_scale_years))`` and
  ``interaction_growth = 1 + interaction_gain × (1 − e^(−interactions / interaction_scale))``.
  Growth works like ``growth`` independent repetitions of the same evidence combined by
  noisy-OR, so it raises a strength toward 1 without ever reaching it. (Multiplying the base
  instead pushed every mentorship or reporting line with a year of history past 1, so all
  strong ties collapsed onto the cap and could no longer be told apart.) With the default
  gains a LinkedIn connection can grow from 0.3 to at most 1 − 0.7^1.5625 ≈ 0.43: no
  amount of history makes a weak kind of tie a strong one.
* ``decay = 0.5 ** (years since the tie was last active / half_life_years)``: a tie whose
  ``until`` lies in the past has not been active since then; a tie with no ``until`` (or
  one in the future) is active today and does not decay.

Interaction evidence (``INTERACTED``, from calendars and e-mail headers; see
:mod:`graphsvc.interactions`) follows the same shape with numbers of its own:

* ``base`` per channel: ``meeting`` 0.25, ``email`` 0.2 (one meeting says less than a
  LinkedIn connection; many say a lot).
* ``growth = 1 + interacted_gain × (1 − e^(−weighed count / interacted_scale))``. Each
  meeting of ``n`` people weighs ``(1 / (n − 1)) ** meeting_size_exponent``: a 1:1 weighs 1,
  a meeting of five 0.5, of ten 1/3; each e-mail weighs 1. With the defaults a pair that met
  1:1 weekly for a year (≈ 50) is at about 0.74, close to a reporting line; interactions
  alone never pass 1 − 0.75^5 ≈ 0.76.
* ``decay = 0.5 ** (years since the last interaction / interacted_half_life_years)``
  (one year): interactions stop counting soon after they stop happening.

Several pieces of evidence between one pair combine by noisy-OR: ``1 − Π(1 − s_i)``.

Every number lives in :class:`StrengthConfig`. Set ``INTROGRAPH_STRENGTH_CONFIG`` to a TOML
file with any of its fields (``[base]`` table for the kinds) to change them, e.g.::

    half_life_years = 3.0
    [base]
    linkedin = 0.2
"""
from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable

from graphsvc.dates import parse_date, year_span
from graphsvc.interactions import day_text, instant_day, month_text
from graphsvc.model import INTERACTED, Edge, Tie, sorted_keys

__all__ = ["StrengthConfig", "evidence_kind", "tie_strength", "weighed_count", "combine", "edge_strength",
           "pair_strengths", "weigh_sorted", "evidence_fields", "explain", "load_config", "default_config"]

DEFAULT_BASE = {
    "mentorship": 0.9,
    "reporting_line": 0.8,
    "dotted_line": 0.6,
    "same_team": 0.7,
    "same_project": 0.6,
    "former_colleagues": 0.4,
    "linkedin": 0.3,
    "introduction": 0.5,
    "knows": 0.5,
    "meeting": 0.25,
    "email": 0.2,
}


@dataclass(frozen=True)
class StrengthConfig:
    """Every number tie strength depends on (see the module docstring for the formula)."""

    base: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASE))
    half_life_years: float = 4.0
    overlap_gain: float = 0.25
    overlap_scale_years: float = 2.0
    interaction_gain: float = 0.25
    interaction_scale: float = 25.0
    #: Interaction evidence (``INTERACTED``): growth with the weighed count of meetings or
    #: e-mails, decay from the last one, and how much less a larger meeting weighs.
    interacted_gain: float = 4.0
    interacted_scale: float = 20.0
    interacted_half_life_years: float = 1.0
    meeting_size_exponent: float = 0.5
    #: Below 1 so that no hop is free (the cost −log s stays positive) even when a base
    #: strength is configured as 1.
    cap: float = 0.99

    def __post_init__(self):
        for kind, value in self.base.items():
            if not 0 < value <= 1:
                raise ValueError(f"base strength of {kind!r} must be in (0, 1], got {value}")
        for name in ("half_life_years", "overlap_scale_years", "interaction_scale", "interacted_scale",
                     "interacted_half_life_years"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("overlap_gain", "interaction_gain", "interacted_gain", "meeting_size_exponent"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        if not 0 < self.cap <= 1:
            raise ValueError(f"cap must be in (0, 1], got {self.cap}")


def load_config(path: str | os.PathLike | None = None) -> StrengthConfig:
    """The default config, overridden by a TOML file (``INTROGRAPH_STRENGTH_CONFIG``)."""
    path = path or os.environ.get("INTROGRAPH_STRENGTH_CONFIG")
    if not path:
        return StrengthConfig()
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    base = dict(DEFAULT_BASE)
    for kind, value in data.pop("base", {}).items():
        if kind not in base:
            raise ValueError(f"{path}: [base]: unknown evidence kind {kind!r}; known: {sorted(base)}")
        base[kind] = float(value)
    unknown = set(data) - set(StrengthConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {sorted(unknown)}")
    try:
        return replace(StrengthConfig(), base=base, **{k: float(v) for k, v in data.items()})
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_config() -> StrengthConfig:
    """The process-wide config, read once (``load_config``)."""
    return load_config()


#: The properties a tie's strength depends on, in the order :func:`evidence_fields` gives
#: them: of an ``INTERACTED`` tie, and of any other.
INTERACTED_FIELDS = ("channel", "count", "sizes", "last")
PLAIN_FIELDS = ("kind", "source", "since", "until", "interactions")

_WORKED_WITH_KINDS = {"team": "same_team", "company": "former_colleagues"}
_KNOWS_SOURCES = {"linkedin": "linkedin", "introduction": "introduction"}


def evidence_kind(tie: Tie) -> str:
    """Which base weight a tie takes."""
    p = tie.props
    if tie.type == INTERACTED:
        return _interacted_kind(p.get("channel"))
    return _plain_kind(tie.type, p.get("kind"), p.get("source"))


def _interacted_kind(channel) -> str:
    return "meeting" if channel == "meeting" else "email"


def _plain_kind(type_: str, kind, source) -> str:
    if type_ == "MENTORS":
        return "mentorship"
    if type_ == "REPORTS_TO":
        return "dotted_line" if kind == "dotted" else "reporting_line"
    if type_ == "WORKED_WITH":
        return _WORKED_WITH_KINDS.get(kind, "same_project")
    return _KNOWS_SOURCES.get(source, "knows")


def evidence_fields(type_: str, props: dict) -> tuple:
    """All a tie's strength depends on besides its type: the values of ``INTERACTED_FIELDS``
    or ``PLAIN_FIELDS``, ``None`` when absent (which the formula takes as absent too)."""
    get = props.get
    if type_ == INTERACTED:
        return (get("channel"), get("count"), get("sizes"), get("last"))
    return (get("kind"), get("source"), get("since"), get("until"), get("interactions"))


def _years(start: date, end: date) -> float:
    return max(0.0, (end - start).days / 365.25)


def _saturate(x: float) -> float:
    return 1.0 - math.exp(-x)


def tie_strength(tie: Tie, today: date, config: StrengthConfig | None = None) -> float:
    """The strength of one piece of evidence on ``today``.

    Examples
    --------
    >>> t = Tie("MENTORS", "m", "e", {"since": "2024-01-01", "until": "2025-01-01"})
    >>> round(tie_strength(t, date(2025, 1, 1)), 4)   # one year together, just ended
    0.9203
    """
    return _strength(tie.type, evidence_fields(tie.type, tie.props), today, config or default_config(),
                     parse_date, instant_day)


def _strength(type_: str, fields, today: date, c: StrengthConfig, day_of, instant_of) -> float:
    """:func:`tie_strength` from the tie's :func:`evidence_fields`, the one formula.
    ``day_of``/``instant_of`` parse a date/an instant (``pair_strengths`` hands memoised ones)."""
    if type_ == INTERACTED:
        channel, count, sizes, last = fields
        base = c.base[_interacted_kind(channel)]
        growth = 1 + c.interacted_gain * _saturate(_weighed(channel, count, sizes, c) / c.interacted_scale)
        s = 1.0 - (1.0 - base) ** growth
        if last and instant_of(last) < today:
            s *= 0.5 ** (_years(instant_of(last), today) / c.interacted_half_life_years)
        return min(c.cap, s)
    kind, source, since, until, interactions = fields
    base = c.base[_plain_kind(type_, kind, source)]
    since = day_of(since)
    until = day_of(until)
    growth = 1.0
    if since is not None:
        together = _years(since, min(until or today, today))
        growth *= 1 + c.overlap_gain * _saturate(together / c.overlap_scale_years)
    interactions = max(0.0, float(interactions or 0))
    growth *= 1 + c.interaction_gain * _saturate(interactions / c.interaction_scale)
    s = 1.0 - (1.0 - base) ** growth
    if until is not None and until < today:
        s *= 0.5 ** (_years(until, today) / c.half_life_years)
    return min(c.cap, s)


def weighed_count(tie: Tie, config: StrengthConfig | None = None) -> float:
    """How much an ``INTERACTED`` tie's interactions weigh: meetings by their size, e-mails 1 each.

    >>> weighed_count(Tie("INTERACTED", "a", "b", {"channel": "meeting", "count": 3, "sizes": [2, 0, 0, 1]}))
    2.5
    """
    p = tie.props
    return _weighed(p.get("channel"), p.get("count"), p.get("sizes"), config or default_config())


def _weighed(channel, count, sizes, c: StrengthConfig) -> float:
    if channel != "meeting":
        return float(count or 0)
    # sizes[i] meetings of i + 2 people, each weighing (1 / (i + 1)) ** exponent
    return sum(n * (1.0 / (i + 1)) ** c.meeting_size_exponent for i, n in enumerate(sizes or ()))


def combine(strengths) -> float:
    """Noisy-OR: the chance that at least one piece of evidence carries the request."""
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - s
    return 1.0 - miss


def edge_strength(edge: Edge, as_of: date, config: StrengthConfig | None = None) -> float:
    """The combined strength of all the evidence between one pair on ``as_of``.

    This is the weight each store keeps per pair for path search (refreshed when the pair's
    evidence changes and by ``analyze``), so both stores must compute it here, the one way.
    """
    return combine(tie_strength(t, as_of, config) for t in edge.ties)


def pair_strengths(ties: Iterable[tuple[str, str, str, str, dict]], as_of: date,
                   config: StrengthConfig | None = None) -> dict[tuple[str, str], float]:
    """:func:`edge_strength` of every pair of people with ties, from ``(type, source,
    target, disc, props)`` rows of every tie in any order (``disc`` as :attr:`Tie.disc`; a
    tie given twice counts once, its last row), bit for bit.

    Sorts the rows as :func:`weigh_sorted` takes them (measured quicker than grouping them
    per pair); a store that can read its ties in that order hands them to it itself.
    """
    found: dict[tuple, tuple] = {}
    for type_, source, target, disc, props in ties:
        a, b = (source, target) if source < target else (target, source)
        fields = evidence_fields(type_, props)
        if type_ == INTERACTED:  # hashable: the evidence is looked up by value
            fields = (fields[0], fields[1], tuple(fields[2] or ()), fields[3])
        found[a, b, type_, source, target, disc] = (type_, fields)  # a tie given twice: its last row
    return {(a, b): w for a, b, w in weigh_sorted(((k[0], k[1], found[k]) for k in sorted_keys(found)),
                                                   as_of, config)}


def weigh_sorted(rows: Iterable[tuple[str, str, Hashable]], as_of: date, config: StrengthConfig | None = None,
                 decode: Callable[[Any], tuple[str, tuple]] | None = None) -> list[tuple[str, str, float]]:
    """``(a, b, weight)`` of every pair, in the rows' order, each weight bit for bit
    :func:`edge_strength`: the one loop behind :func:`pair_strengths` and ``analyze``.

    ``rows`` are ``(a, b, evidence)`` of every tie, ``a < b`` its pair, each pair's ties
    together and in tie key order ``(type, source, target, disc)`` (the order
    :func:`group_edges` combines a pair's evidence in), each tie once. ``evidence`` is ``(type, fields)`` with hashable
    :func:`evidence_fields`, or anything hashable that ``decode`` turns into that (equal
    evidence must weigh the same). For re-weighing a whole graph: a million ties share far
    fewer distinct pieces of evidence, and dates, each computed once; a pair's evidence
    arrives together and in order, so it combines as it comes, without grouping.
    """
    c = config or default_config()
    days: dict[Any, date | None] = {}
    instants: dict[Any, date] = {}

    def day_of(value):  # memoised for text only: 1 == 1.0 == True, yet each parses apart
        if value.__class__ is not str:
            return parse_date(value)
        found = days.get(value, days)
        if found is days:
            found = days[value] = parse_date(value)
        return found

    def instant_of(value):
        if value.__class__ is not str:
            return instant_day(value)
        found = instants.get(value)
        if found is None:
            found = instants[value] = instant_day(value)
        return found

    misses: dict[Hashable, float] = {}  # evidence → 1 − its strength, combine's factor
    out: list[tuple[str, str, float]] = []
    append = out.append
    last_a = last_b = None
    miss = 1.0
    for a, b, evidence in rows:
        factor = misses.get(evidence)
        if factor is None:
            type_, fields = decode(evidence) if decode else evidence
            factor = misses[evidence] = 1.0 - _strength(type_, fields, as_of, c, day_of, instant_of)
        if b == last_b and a == last_a:
            miss *= factor  # combine(): miss *= 1 − s, in the same order
        else:
            if last_a is not None:
                append((last_a, last_b, 1.0 - miss))
            last_a, last_b, miss = a, b, factor  # combine()'s 1.0 × (1 − s) is exactly (1 − s)
    if last_a is not None:
        append((last_a, last_b, 1.0 - miss))
    return out


def explain(tie: Tie, names: dict[str, str]) -> str:
    """One line a person can read: why this tie exists."""
    p = tie.props
    a, b = names.get(tie.source, tie.source), names.get(tie.target, tie.target)
    span = year_span(p.get("since"), p.get("until"))
    when = f" ({span})" if span else ""
    kind = evidence_kind(tie)
    if kind == "mentorship":
        program = f" in {p['program']}" if p.get("program") else ""
        return f"{b} mentored by {a}{program}{when}"
    if kind == "reporting_line":
        return f"{a} reports to {b}{when}"
    if kind == "dotted_line":
        return f"{a} has a dotted-line reporting to {b}{when}"
    if kind == "same_team":
        # An org chart keys a team without a name by its manager's id; people read the manager's name
        team = f"reporting to {p['manager_name']}" if p.get("manager_name") else p.get("context")
        return f"same team {team}{when}" if team else f"same team{when}"
    if kind == "former_colleagues":
        return f"colleagues at {p.get('context') or 'a former employer'}{when}"
    if kind == "same_project":
        seen = f", {p['interactions']} interactions" if p.get("interactions") else ""
        return f"worked together on {p.get('context') or 'a project'}{when}{seen}"
    if kind == "linkedin":
        return f"connected on LinkedIn{when}"
    if kind == "introduction":
        return f"introduced through intrograph{when}"
    if kind == "meeting":
        n, last = int(p.get("count") or 0), day_text(instant_day(p["last"]))
        return f"1 meeting, on {last}" if n == 1 else f"{n} meetings, the last on {last}"
    if kind == "email":
        n = int(p.get("count") or 0)
        times = "once" if n == 1 else f"{n} times"
        return f"e-mailed both ways {times} since {month_text(instant_day(p['first']))}"
    return f"know each other{when}"
