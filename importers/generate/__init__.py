"""Deterministic synthetic organisation generator.

Why it exists: demos, benchmarks and tests need an organisation that looks real (diverse
names, titles that match level and department, teams, projects, mentorship programmes,
former employers, LinkedIn exports) and that is large enough to stress the stores, without
touching anybody's personal data.  Everything is written in the same import formats a real
admin would upload, so the generator exercises the importers end to end.

Design rules:

* **Deterministic.**  Every phase draws from its own ``random.Random`` seeded with
  ``"<seed>:<phase>"`` (string seeds are hashed with SHA-512 by ``random``, so they do not
  depend on ``PYTHONHASHSEED``), dates are relative to the fixed :data:`AS_OF` day rather
  than "today", and nothing iterates over a set of strings.  Same seed and same N give
  byte-identical files; changing one phase does not reshuffle the others.
* **Build records, then write.**  The ``build_*`` functions of each module return plain
  records; :mod:`~importers.generate.writers` only formats them.  The tie-count estimate
  (:mod:`~importers.generate.ties`) is computed from the records so it costs no second pass
  over the files.
* **Realistic shape, bounded degree.**  Spans of control 3..10, levels that fall strictly
  down every reporting line, teams that share a location, cross-department projects of
  4..8 people with a per-person cap, a company pool sized so that former-colleague cliques
  stay small.  The graph grows linearly with N and is not dominated by hubs; the ``hubs``
  shape adds them on top, leaving every draw of this one as it was.

The modules, in the order :func:`generate` uses them: ``draws`` and ``dates`` (seeded
streams, the fixed day), ``names`` and ``departments`` (vocabulary), ``org`` (the reporting
tree and who everyone is), ``profiles`` (people.csv), ``projects`` (relationships.csv),
``mentoring``, ``careers`` (positions.csv), ``connections`` (LinkedIn exports), ``hubs``
(the ``hubs`` shape), ``writers`` and ``ties``; ``signals`` (calendar, mail, opt-outs) on request.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from importers.generate.careers import build_companies, build_positions
from importers.generate.connections import build_linkedin
from importers.generate.dates import AS_OF
from importers.generate.hubs import add_connectors, build_extra_knows
from importers.generate.mentoring import build_mentorships
from importers.generate.org import assign_dotted, assign_identity, build_org
from importers.generate.profiles import build_profiles
from importers.generate.projects import build_knows, build_projects
from importers.generate.signals import write_signals
from importers.generate.ties import tie_estimate
from importers.generate.writers import LINKEDIN_NOTE, GeneratedFiles, write_files

__all__ = ["GeneratedFiles", "generate", "SHAPES", "AS_OF", "LINKEDIN_NOTE"]

#: The degree distributions :func:`generate` can give the organisation.
SHAPES = ("org", "hubs")


def generate(people: int, out_dir: Path, seed: int = 1,
             progress: Callable[[str], None] | None = None, shape: str = "org",
             signals: bool = False) -> GeneratedFiles:
    """Write a synthetic organisation of ``people`` employees as import files in ``out_dir``.

    ``shape`` is one of :data:`SHAPES`: ``org`` (bounded degrees) or ``hubs`` (the same
    organisation plus connectors with 1,000+ LinkedIn ties, power-law KNOWS and degree-1
    outsiders: see :mod:`~importers.generate.hubs`).  Same ``seed``, ``people`` and
    ``shape`` give byte-identical files.  ``progress`` receives short status lines (phase
    and elapsed seconds), ending with the tie-count estimate, which is also returned in
    ``GeneratedFiles.ties``. With ``signals``, a calendar export, a mail archive and a people
    file of who opted out of interaction signals are written too, into ``signals/``
    (:mod:`~importers.generate.signals`); the other files do not change.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        say(f"[{time.perf_counter() - t0:5.1f}s] {msg}")

    org = build_org(people, seed)
    assign_identity(org, seed)
    assign_dotted(org, seed)
    step(f"org chart: {len(org)} people, "
         f"{sum(1 for p in org if p.reports)} managers, {len({p.team for p in org})} teams")
    profiles = build_profiles(org, seed)
    projects = build_projects(org, seed)
    knows = build_knows(org, seed)
    step(f"relationships: {len(projects)} project pairs, {len(knows)} KNOWS")
    mentorships = build_mentorships(org, profiles, seed)
    companies, weights = build_companies(people, seed)
    positions = build_positions(org, companies, weights, seed)
    step(f"mentorships: {len(mentorships)}; positions: {len(positions)} at "
         f"{len(companies)} companies")
    exports = build_linkedin(org, profiles, companies, seed)
    if shape == "hubs":
        connectors = add_connectors(exports, seed)
        extra = build_extra_knows(org, knows, connectors, seed)
        step(f"hubs: {len(connectors)} connectors, {len(extra)} more KNOWS")
        knows = knows + extra
    linkedin = exports.rows

    files = write_files(Path(out_dir), org, profiles, projects + knows, mentorships, positions, linkedin)
    step(f"files written to {out_dir}")

    ties = tie_estimate(org, projects, knows, mentorships, positions, linkedin)
    step("tie estimate: " + ", ".join(f"{k}={v}" for k, v in ties.items()))
    if signals:
        extra = write_signals(Path(out_dir), org, profiles, seed)
        step(f"interaction signals written to {extra.calendar.parent}")
        files = replace(files, calendar=extra.calendar, mail=extra.mail, privacy=extra.privacy)
    return replace(files, ties=ties)
