"""relationships.csv: cross-department projects (``WORKED_WITH``) and acquaintances (``KNOWS``)."""
from __future__ import annotations

from random import Random
from typing import Iterable

from importers.generate.dates import AS_OF_DAY, iso
from importers.generate.draws import phase_rng
from importers.generate.org import Person

MAX_PROJECT_PAIRS = 40          # per person: keeps the project graph from growing hubs
MAX_PROJECTS_PER_PERSON = 6

_CODENAMES = ("Atlas", "Phoenix", "Orion", "Helios", "Mercury", "Apollo", "Nimbus", "Aurora",
              "Borealis", "Cascade", "Comet", "Falcon", "Horizon", "Juniper", "Kestrel", "Lighthouse",
              "Meridian", "Nebula", "Odyssey", "Pegasus", "Quasar", "Redwood", "Sequoia", "Sierra",
              "Tango", "Titan", "Vanguard", "Voyager", "Zephyr", "Beacon", "Compass", "Everest",
              "Glacier", "Harbor", "Ironclad", "Jade", "Keystone", "Lantern", "Monsoon", "Northstar",
              "Obsidian", "Polaris", "Quill", "Raven", "Sapphire", "Thunderbird", "Unity", "Vertex",
              "Willow", "Yukon", "Zenith", "Anchor", "Bluebird", "Cobalt", "Drift", "Ember", "Fjord",
              "Granite", "Hummingbird", "Indigo", "Jetstream", "Kraken", "Lynx", "Mosaic", "Nova",
              "Onyx", "Prism", "Quartz", "Ridgeline", "Spire", "Tundra", "Umbra", "Velvet",
              "Wavelength", "Xenon", "Yarrow", "Zodiac", "Acorn", "Basalt", "Citadel", "Dynamo")
_CODE_ADJECTIVES = ("Blue", "Crimson", "Silver", "Golden", "Silent", "Rapid", "Bright", "Hidden",
                    "Iron", "Emerald", "Scarlet", "Amber", "Swift", "Quiet", "Bold", "Frozen",
                    "Electric", "Lunar", "Solar", "Velvet")

# Company names: root = first part + second part ("North" + "wind"), then an optional sector


def _codenames(rng: Random) -> Iterable[str]:
    """Unique project names: single code names, then two-word ones, then numbered."""
    singles = list(_CODENAMES)
    rng.shuffle(singles)
    yield from (f"Project {w}" for w in singles)
    doubles = [f"{a} {w}" for a in _CODE_ADJECTIVES for w in _CODENAMES]
    rng.shuffle(doubles)
    yield from (f"Project {w}" for w in doubles)
    n = 2
    while True:
        for w in doubles:
            yield f"Project {w} {n}"
        n += 1


def build_projects(people: list[Person], seed: int) -> list[tuple]:
    """Cross-department project teams of 4..8: one WORKED_WITH row per pair.

    Members cluster by location (projects are staffed locally more often than not) and
    nobody takes part in more than MAX_PROJECT_PAIRS pairs, so degrees stay moderate.
    """
    rng = phase_rng(seed, "projects")
    n = len(people)
    if n < 8:
        return []
    by_loc: dict[str, list[int]] = {}
    for p in people:
        by_loc.setdefault(p.location, []).append(p.idx)
    pairs_of = [0] * n
    count_of = [0] * n
    rows: list[tuple] = []
    names = _codenames(rng)
    for _ in range(int(n * 0.3) + 1):
        size = rng.randint(4, 8)
        anchor = rng.randrange(n)
        local = by_loc[people[anchor].location]
        members = [anchor]
        tries = 0
        while len(members) < size and tries < size * 8:
            tries += 1
            cand = local[rng.randrange(len(local))] if rng.random() < 0.6 else rng.randrange(n)
            if (cand in members or pairs_of[cand] + size - 1 > MAX_PROJECT_PAIRS
                    or count_of[cand] >= MAX_PROJECTS_PER_PERSON):
                continue
            members.append(cand)
        if pairs_of[anchor] + len(members) - 1 > MAX_PROJECT_PAIRS or len(members) < 4:
            continue
        if len({people[m].dept for m in members}) < 2:
            continue                                   # projects are cross-department
        start_lo = max(people[m].join for m in members)
        since = rng.randint(start_lo, max(start_lo, AS_OF_DAY - 30))
        end = since + rng.randint(60, 540)
        until = iso(end) if end < AS_OF_DAY else ""
        context = next(names)
        for m in members:
            pairs_of[m] += len(members) - 1
            count_of[m] += 1
        since_s = iso(since)
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                inter = 1 + int(199 * rng.random() ** 2.5)
                rows.append((people[members[i]].pid, people[members[j]].pid, "WORKED_WITH",
                             since_s, until, context, inter))
    return rows


def build_knows(people: list[Person], seed: int) -> list[tuple]:
    """About one KNOWS tie per person, mostly within a department or a city."""
    rng = phase_rng(seed, "knows")
    n = len(people)
    if n < 3:
        return []
    by_dept: dict[str, list[int]] = {}
    by_loc: dict[str, list[int]] = {}
    for p in people:
        by_dept.setdefault(p.dept, []).append(p.idx)
        by_loc.setdefault(p.location, []).append(p.idx)
    seen: set[tuple[int, int]] = set()
    rows = []
    for _ in range(n):
        a = rng.randrange(n)
        r = rng.random()
        group = by_dept[people[a].dept] if r < 0.5 else by_loc[people[a].location] if r < 0.8 else None
        b = group[rng.randrange(len(group))] if group else rng.randrange(n)
        key = (a, b) if a < b else (b, a)
        if a == b or key in seen or people[a].manager == b or people[b].manager == a:
            continue
        seen.add(key)
        lo = max(people[a].join, people[b].join)
        since = rng.randint(lo, max(lo, AS_OF_DAY - 1))
        rows.append((people[key[0]].pid, people[key[1]].pid, "KNOWS", iso(since), "", "", ""))
    return rows
