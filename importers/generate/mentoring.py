"""mentorships.csv: mentorship programmes pairing people with more senior colleagues."""
from __future__ import annotations

from datetime import date
from random import Random

from importers.generate.dates import AS_OF_DAY, iso
from importers.generate.draws import phase_rng
from importers.generate.org import Person
from importers.generate.profiles import Profile

_PROGRAMS = ("Leadership Track", "Engineering Mentorship", "Women in Tech", "New Manager Program",
             "Sales Academy", "Career Accelerator", "Emerging Leaders", "Cross-Functional Exchange",
             "Data Guild Mentoring", "Inclusion Circles")


def build_mentorships(people: list[Person], profiles: list[Profile], seed: int) -> list[tuple]:
    """About 15% of people are mentees of a more senior, active colleague.

    Never the mentee's manager or skip-level manager (that is a reporting line, not
    mentoring); each mentor carries 1..4 mentees.
    """
    rng = phase_rng(seed, "mentors")
    by_level: dict[int, list[int]] = {}
    for p in people:
        if profiles[p.idx].active and p.manager >= 0:
            by_level.setdefault(p.level, []).append(p.idx)
    capacity: dict[int, int] = {}
    load: dict[int, int] = {}
    rows = []
    eligible = [p.idx for p in people if p.manager >= 0 and profiles[p.idx].active and p.level < 7]
    want = round(len(people) * 0.15)
    mentees = sorted(rng.sample(eligible, min(want, len(eligible))))
    for e in mentees:
        mentee = people[e]
        boss = mentee.manager
        skip = people[boss].manager if boss >= 0 else -1
        for _ in range(30):
            lvl = min(7, mentee.level + rng.choice((1, 1, 2, 2, 3)))
            pool = by_level.get(lvl)
            if not pool:
                continue
            m = pool[rng.randrange(len(pool))]
            if m in (boss, skip) or m == e:
                continue
            cap = capacity.setdefault(m, rng.choice((1, 2, 2, 3, 3, 4)))
            if load.get(m, 0) >= cap:
                continue
            load[m] = load.get(m, 0) + 1
            rows.append(_mentorship_row(rng, people[m], mentee))
            break
    return rows


def _mentorship_row(rng: Random, mentor: Person, mentee: Person) -> tuple:
    lo = max(mentor.join, mentee.join, AS_OF_DAY - 3 * 365)
    since = rng.randint(lo, max(lo, AS_OF_DAY - 14))
    year = date.fromordinal(since).year
    program = f"{rng.choice(_PROGRAMS)} {year}"
    end = since + rng.randint(120, 365)
    if end < AS_OF_DAY and rng.random() < 0.7:
        return (mentor.pid, mentee.pid, iso(since), iso(end), "completed", program)
    return (mentor.pid, mentee.pid, iso(since), "", "active", program)
