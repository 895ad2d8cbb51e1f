"""Tie strength: how likely a person is to act on an introduction request through a tie.

One piece of evidence (one relationship) gives a strength in (0, 1]:

    s = min(cap, base[kind] × decay × overlap_growth × interaction_growth)

* ``base`` — the kind of evidence (DESIGN.md defaults: mentorship 0.9, reporting line 0.8,
  same team 0.7, same project 0.6, former colleagues 0.4, LinkedIn 0.3, introduction 0.5).
* ``decay = 0.5 ** (years since the tie was last active / half_life_years)``; a tie with no
  ``until`` is active today and does not decay.
* ``overlap_growth = 1 + overlap_gain × (1 − e^(−years together / overlap_scale_years))``.
* ``interaction_growth = 1 + interaction_gain × (1 − e^(−interactions / interaction_scale))``.

Both growths saturate, so no amount of history makes a weak kind of tie a strong one.
Several pieces of evidence between one pair combine by noisy-OR: ``1 − Π(1 − s_i)``.

Every number lives in :class:`StrengthConfig`. Set ``INTROGRAPH_STRENGTH_CONFIG`` to a TOML
file with any of its fields (``[base]`` table for the kinds) to change them.
"""
from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from graphsvc.dates import parse_date
from graphsvc.model import Tie

__all__ = ["StrengthConfig", "evidence_kind", "tie_strength", "combine", "explain", "load_config"]

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
    base: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASE))
    half_life_years: float = 4.0
    overlap_gain: float = 0.25
    overlap_scale_years: float = 2.0
    interaction_gain: float = 0.25
    interaction_scale: float = 25.0
    #: Below 1 so that no hop is free: the cost −log s stays positive.
    cap: float = 0.99


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
    return replace(StrengthConfig(), base=base, **{k: float(v) for k, v in data.items()})


@lru_cache(maxsize=1)
def default_config() -> StrengthConfig:
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
    """The strength of one piece of evidence on ``today``."""
    c = config or default_config()
    s = c.base[evidence_kind(tie)]
    since = parse_date(tie.props.get("since"))
    until = parse_date(tie.props.get("until"))
    if until is not None and until < today:
        s *= 0.5 ** (_years(until, today) / c.half_life_years)
    if since is not None:
        s *= 1 + c.overlap_gain * _saturate(_years(since, min(until or today, today)) / c.overlap_scale_years)
    interactions = tie.props.get("interactions") or 0
    if interactions:
        s *= 1 + c.interaction_gain * _saturate(float(interactions) / c.interaction_scale)
    return min(c.cap, s)


def combine(strengths) -> float:
    """Noisy-OR: the chance that at least one piece of evidence carries the request."""
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - s
    return 1.0 - miss


def _span(props: dict) -> str:
    since, until = parse_date(props.get("since")), parse_date(props.get("until"))
    if since and until:
        return f"{since.year}–{until.year}" if since.year != until.year else str(since.year)
    if since:
        return f"since {since.year}"
    if until:
        return f"until {until.year}"
    return ""


def explain(tie: Tie, names: dict[str, str]) -> str:
    """One line a person can read: why this tie exists."""
    p = tie.props
    a, b = names.get(tie.source, tie.source), names.get(tie.target, tie.target)
    span = _span(p)
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
