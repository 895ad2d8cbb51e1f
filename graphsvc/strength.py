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
from typing import Iterable

from graphsvc.dates import parse_date, year_span
from graphsvc.model import Edge, Tie

__all__ = ["StrengthConfig", "evidence_kind", "tie_strength", "combine", "edge_strength", "pair_strengths", "explain",
           "load_config", "default_config"]

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
    #: Below 1 so that no hop is free (the cost −log s stays positive) even when a base
    #: strength is configured as 1.
    cap: float = 0.99

    def __post_init__(self):
        for kind, value in self.base.items():
            if not 0 < value <= 1:
                raise ValueError(f"base strength of {kind!r} must be in (0, 1], got {value}")
        for name in ("half_life_years", "overlap_scale_years", "interaction_scale"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("overlap_gain", "interaction_gain"):
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


def evidence_kind(tie: Tie) -> str:
    """Which base weight a tie takes."""
    p = tie.props
    if tie.type == "MENTORS":
        return "mentorship"
    if tie.type == "REPORTS_TO":
        return "dotted_line" if p.get("kind") == "dotted" else "reporting_line"
    if tie.type == "WORKED_WITH":
        return {"team": "same_team", "company": "former_colleagues"}.get(p.get("kind"), "same_project")
    return {"linkedin": "linkedin", "introduction": "introduction"}.get(p.get("source"), "knows")


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
    c = config or default_config()
    base = c.base[evidence_kind(tie)]
    since = parse_date(tie.props.get("since"))
    until = parse_date(tie.props.get("until"))
    growth = 1.0
    if since is not None:
        together = _years(since, min(until or today, today))
        growth *= 1 + c.overlap_gain * _saturate(together / c.overlap_scale_years)
    interactions = max(0.0, float(tie.props.get("interactions") or 0))
    growth *= 1 + c.interaction_gain * _saturate(interactions / c.interaction_scale)
    s = 1.0 - (1.0 - base) ** growth
    if until is not None and until < today:
        s *= 0.5 ** (_years(until, today) / c.half_life_years)
    return min(c.cap, s)


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
    target, disc, props)`` rows of every tie (``disc`` as :attr:`Tie.disc`), bit for bit.

    For re-weighing a whole graph (``analyze``): a million ties share far fewer kinds,
    dates and interaction counts, so each distinct strength is computed once, and the
    evidence of a pair combines in the order :func:`group_edges` gives it.
    """
    config = config or default_config()
    known: dict[tuple, float] = {}
    pairs: dict[tuple[str, str], dict[tuple, float]] = {}
    for type_, source, target, disc, props in ties:
        get = props.get
        key = (type_, get("kind"), get("source"), get("since"), get("until"), get("interactions"))
        strength = known.get(key)
        if strength is None:
            strength = known[key] = tie_strength(Tie(type_, source, target, props), as_of, config)
        pair = (source, target) if source < target else (target, source)
        found = pairs.get(pair)
        if found is None:
            found = pairs[pair] = {}
        found[(type_, source, target, disc)] = strength
    return {pair: combine(found[k] for k in sorted(found)) for pair, found in pairs.items()}


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
        team = f" {p['context']}" if p.get("context") else ""
        return f"same team{team}{when}"
    if kind == "former_colleagues":
        return f"colleagues at {p.get('context') or 'a former employer'}{when}"
    if kind == "same_project":
        seen = f", {p['interactions']} interactions" if p.get("interactions") else ""
        return f"worked together on {p.get('context') or 'a project'}{when}{seen}"
    if kind == "linkedin":
        return f"connected on LinkedIn{when}"
    if kind == "introduction":
        return f"introduced through intrograph{when}"
    return f"know each other{when}"
