"""The organisation chart: a reporting tree with departments, teams, levels, locations, names,
titles, start dates and dotted lines.

Span rule: whenever ``people >= 4`` every manager has between 3 and 10 direct reports (no
leftover exceptions: subtree sizes are planned top-down so that sizes 2 and 3, which would
force a manager with 1 or 2 reports, never occur).  With 1..3 people the CEO simply has the
other 0..2.  Levels fall strictly down every reporting line and teams share a location.
"""
from __future__ import annotations

import math
from random import Random

from importers.generate.dates import AS_OF_DAY
from importers.generate.departments import DEPARTMENTS, DEPT_PRIORITY, NESTED, ic_title
from importers.generate.draws import cumulative_weights, phase_rng, weighted_index
from importers.generate.names import CITIES, NAMES, REGIONS, email_stem

MAX_SPAN = 10
MIN_SPAN = 3
CEO_LEVEL = 8


# Capacity of a subtree rooted at a level: with at most 10 reports and levels strictly falling
# along every reporting line, a level-L manager can have at most _CAP[L] people below them.
_CAP = {1: 0}
for _lvl in range(2, CEO_LEVEL + 1):
    _CAP[_lvl] = MAX_SPAN * (1 + _CAP[_lvl - 1])
del _lvl


class Person:
    """One employee while the organisation is being built (mutable, slots for 100k+)."""

    __slots__ = ("idx", "pid", "first", "last", "email", "title", "dept", "team", "location",
                 "level", "manager", "dotted", "reports", "area", "join", "career")

    def __init__(self, idx: int, level: int, dept: str, manager: int, location: str):
        self.idx = idx
        self.pid = f"E{idx + 1:06d}"
        self.first = self.last = self.email = self.title = self.team = self.area = ""
        self.dept = dept
        self.location = location
        self.level = level
        self.manager = manager
        self.dotted = -1
        self.reports: list[int] = []
        self.join = 0
        self.career = 0


def _split(rng: Random, total: int, parts: int, lo: int, hi: int) -> list[int]:
    """``parts`` integers in [lo, hi] summing to ``total``, roughly equal with jitter."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    extra = total - lo * parts
    wsum = sum(weights)
    sizes = [lo + int(extra * w / wsum) for w in weights]
    left = total - sum(sizes)
    j = rng.randrange(parts)
    while left > 0:
        sizes[j % parts] += 1
        left -= 1
        j += 1
    # Push any overflow above ``hi`` into parts that still have room.
    for i in range(parts):
        over = sizes[i] - hi
        k = 0
        while over > 0:
            room = hi - sizes[k]
            if room > 0:
                step = min(room, over)
                sizes[k] += step
                sizes[i] -= step
                over -= step
            k += 1
    return sizes


def _plan_children(rng: Random, level: int, descendants: int, fixed: int) -> list[int]:
    """Subtree sizes of the new direct reports of a level-``level`` manager.

    The manager already has ``fixed`` reports and must end up with 3..10 in total while
    ``descendants`` more people are placed below them.  A size of 1 is an individual
    contributor; a manager child of size ``c`` gets ``c - 1 >= 3`` people below, which is
    what guarantees the span rule all the way down.
    """
    if descendants == 0:
        return []
    slots = MAX_SPAN - fixed
    need = max(0, MIN_SPAN - fixed)
    if descendants <= slots:
        if descendants < need:
            raise AssertionError("planner produced a subtree too small for a manager")
        return [1] * descendants                      # a flat team
    if level <= 2:
        raise ValueError("organisation too large for the level range")
    cap_child = _CAP[level - 1] + 1
    # Branching needed to fit the subtree into the levels left, or a natural 4..8.
    target = max(rng.randint(4, 8), math.ceil(descendants ** (1.0 / max(1, level - 2))))
    ics = 0
    if descendants > 30 and level >= 4:
        ics = rng.choices((0, 1, 2), (70, 20, 10))[0]   # staff-level ICs beside sub-teams
    for i in (ics, 0, 1, 2, 3):
        rest = descendants - i
        lo_m = max(math.ceil(rest / cap_child), need - i, 1)
        hi_m = min(slots - i, rest // 4)
        if lo_m <= hi_m:
            preferred = min(target - i, max(1, round(rest / 7.5)))
            managers = min(max(preferred, lo_m), hi_m)
            return _split(rng, rest, managers, 4, cap_child) + [1] * i
    raise ValueError("organisation too large for the level range")


_FRONTLINE_LEVELS = (3, 4, 4, 4, 4, 5, 5)
# How common each individual-contributor level is, within what the manager's level allows:
# most ICs are mid-level, few are principal.
_IC_LEVEL_WEIGHT = {1: 3.0, 2: 4.0, 3: 4.0, 4: 2.0, 5: 1.0, 6: 0.4}


class _OrgBuilder:
    """Grows the reporting tree top-down from planned subtree sizes."""

    def __init__(self, rng: Random, cities: list[str], city_weights: list[float]):
        self.rng = rng
        self.people: list[Person] = []
        self.cities = cities
        self.city_cum = cumulative_weights(city_weights)
        self.used_teams: set[str] = set()
        self.area_cycle: dict[str, list[str]] = {}

    def city(self, near: str, keep: float) -> str:
        """Usually the manager's city: teams are mostly co-located."""
        if near and self.rng.random() < keep:
            return near
        return self.cities[weighted_index(self.rng, self.city_cum)]

    def add(self, level: int, dept: str, manager: int, location: str) -> int:
        p = Person(len(self.people), level, dept, manager, location)
        self.people.append(p)
        if manager >= 0:
            self.people[manager].reports.append(p.idx)
        return p.idx

    def unique_team(self, name: str) -> str:
        """Team names are unique so that importers grouping by team get real teams."""
        if name not in self.used_teams:
            self.used_teams.add(name)
            return name
        n = 2
        while f"{name} {n}" in self.used_teams:
            n += 1
        self.used_teams.add(f"{name} {n}")
        return f"{name} {n}"

    def next_area(self, dept: str) -> str:
        """Areas cycle through the department's list in a seeded order."""
        cycle = self.area_cycle.get(dept)
        if not cycle:
            cycle = list(DEPARTMENTS[dept].areas)
            self.rng.shuffle(cycle)
            self.area_cycle[dept] = cycle
        return cycle.pop()

    def name_team(self, idx: int, frontline: bool) -> None:
        p = self.people[idx]
        spec = DEPARTMENTS[p.dept]
        boss = self.people[p.manager] if p.manager >= 0 else None
        if boss is None or not boss.area or boss.dept != p.dept:
            p.area = self.next_area(p.dept)
            if not frontline:
                p.team = self.unique_team(p.area)
                return
        else:
            p.area = boss.area
        fresh = [sfx for sfx in spec.suffixes if f"{p.area} {sfx}" not in self.used_teams]
        sfx = self.rng.choice(fresh) if fresh else self.rng.choice(spec.suffixes)
        p.team = self.unique_team(f"{p.area} {sfx}")

    def grow(self, idx: int, descendants: int) -> None:
        """Place ``descendants`` people below ``idx`` (which may already have reports)."""
        rng = self.rng
        boss = self.people[idx]
        sizes = _plan_children(rng, boss.level, descendants, len(boss.reports))
        frontline = all(c == 1 for c in sizes)
        if frontline and boss.team.endswith(" Leadership") and boss.manager >= 0:
            self.name_team(idx, frontline=True)      # a small department is one real team
        for c in sizes:
            if c == 1:
                lo = max(1, boss.level - (4 if frontline else 2))
                levels = list(range(lo, min(6, boss.level - 1) + 1))
                level = rng.choices(levels, [_IC_LEVEL_WEIGHT[lv] for lv in levels])[0]
                child = self.add(level, boss.dept, idx, self.city(boss.location, 0.85))
                self.people[child].team = boss.team
            else:
                d = c - 1
                if d <= MAX_SPAN:
                    level = max(2, min(boss.level - 1, rng.choice(_FRONTLINE_LEVELS)))
                else:
                    level = boss.level - 1
                child = self.add(level, boss.dept, idx, self.city(boss.location, 0.7))
                self.name_team(child, frontline=d <= MAX_SPAN)
                self.grow(child, d)


def _department_sizes(staff: int) -> dict[str, int] | None:
    """Headcount per department (heads included) for ``staff`` non-CEO people.

    Uses as many departments as possible while each keeps at least 4 people (a head with 3
    reports).  ``None`` when even three departments do not fit: tiny organisations are
    grown as one tree under the CEO instead.
    """
    for count in range(len(DEPT_PRIORITY), 2, -1):
        names = DEPT_PRIORITY[:count]
        weights = [DEPARTMENTS[d].weight for d in names]
        total = sum(weights)
        raw = [staff * w / total for w in weights]
        sizes = [int(r) for r in raw]
        order = sorted(range(count), key=lambda i: (-(raw[i] - sizes[i]), i))
        for i in order[: staff - sum(sizes)]:
            sizes[i] += 1
        if min(sizes) >= 4:
            return dict(zip(names, sizes))
    return None


def build_org(n: int, seed: int) -> list[Person]:
    """The reporting tree with departments, teams, levels and locations."""
    rng = phase_rng(seed, "org")
    pool = sorted(CITIES)
    rng.shuffle(pool)
    hq = ["San Francisco", "New York", "London", "Berlin"][rng.randrange(4)]
    cities = [hq] + [c for c in pool if c != hq][: rng.randint(5, 7)]
    weights = [CITIES[c][0] * (2.0 if c == hq else 1.0) for c in cities]
    b = _OrgBuilder(rng, cities, weights)
    ceo = b.add(CEO_LEVEL, "Executive", -1, hq)
    b.people[ceo].team = "Executive Leadership"
    sizes = _department_sizes(n - 1)
    if sizes is None:
        # Tiny company: one tree under the CEO, departments by top-level branch.
        _grow_tiny(b, ceo, n - 1)
        return b.people
    heads: dict[str, int] = {}
    for dept in sizes:
        parent = heads[NESTED[dept]] if dept in NESTED else ceo
        level = CEO_LEVEL - 1 if parent == ceo else CEO_LEVEL - 2
        head = b.add(level, dept, parent, b.city(hq, 0.7))
        b.people[head].team = b.unique_team(f"{dept} Leadership")
        heads[dept] = head
    # Nested departments first: their heads are fixed reports of their parent's head.
    for dept in sorted(heads, key=lambda d: d not in NESTED):
        b.grow(heads[dept], sizes[dept] - 1)
    return b.people


def _grow_tiny(b: _OrgBuilder, ceo: int, staff: int) -> None:
    """Organisations below ~30 people: plan from the CEO, give each branch a department."""
    sizes = _plan_children(b.rng, CEO_LEVEL, staff, 0) if staff >= MIN_SPAN else [1] * staff
    for i, c in enumerate(sizes):
        dept = DEPT_PRIORITY[i % len(DEPT_PRIORITY)]
        if c == 1:
            child = b.add(b.rng.randint(4, 6), dept, ceo, b.city(b.people[ceo].location, 0.8))
            b.people[child].team = "Executive Leadership"
        else:
            child = b.add(CEO_LEVEL - 1, dept, ceo, b.people[ceo].location)
            b.people[child].team = b.unique_team(f"{dept} Leadership")
            b.grow(child, c - 1)


def _title(rng: Random, p: Person, people: list[Person]) -> str:
    """Title from department, level and whether the person manages anyone."""
    if p.manager < 0:
        return "Chief Executive Officer"
    spec = DEPARTMENTS[p.dept]
    boss = people[p.manager]
    if p.reports and (boss.dept != p.dept or boss.manager < 0):
        return spec.head
    if p.reports:
        return spec.managers[min(6, p.level)]
    return ic_title(rng, p.dept, p.level)


def assign_identity(people: list[Person], seed: int) -> None:
    """Names, unique e-mails, titles and start dates."""
    rng = phase_rng(seed, "identity")
    region_cum = {c: cumulative_weights(w for w in CITIES[c][1]) for c in CITIES}
    all_groups = [g for groups in NAMES.values() for g in groups]
    emails: dict[str, int] = {}
    taken: set[tuple[str, str]] = set()
    for p in people:
        # Redraw a few times on a name clash: a 200-person demo with two "Ananya Joshi"s
        # confuses people; at 100k, namesakes are real and the retries simply run out.
        for _ in range(4):
            region = REGIONS[weighted_index(rng, region_cum[p.location])]
            firsts, lasts = rng.choice(NAMES[region])
            p.first = rng.choice(firsts)
            if rng.random() < 0.08:                  # mixed heritage, married names, ...
                lasts = rng.choice(all_groups)[1]
            p.last = rng.choice(lasts)
            if (p.first, p.last) not in taken:
                break
        taken.add((p.first, p.last))
        stem = email_stem(p.first, p.last)
        n = emails.get(stem, 0) + 1
        emails[stem] = n
        p.email = f"{stem}{n if n > 1 else ''}@example.com"
        p.title = _title(rng, p, people)
        # A career: years of experience grow with level; part of it spent here.
        experience = int(365 * (0.5 + 2.5 * (p.level - 1) + rng.uniform(0.0, 10.0)))
        tenure = max(30, min(int(experience * rng.betavariate(1.3, 2.6)), 12 * 365))
        p.join = AS_OF_DAY - tenure
        p.career = AS_OF_DAY - experience
    # The CEO founded the company: nobody was there before them.
    people[0].join = min(p.join for p in people) - 30
    people[0].career = min(people[0].career, people[0].join - 6 * 365)


def assign_dotted(people: list[Person], seed: int) -> None:
    """~3% get a dotted-line manager: a more senior manager in another department.

    Strictly higher level keeps solid and dotted lines together acyclic.
    """
    rng = phase_rng(seed, "dotted")
    managers = [p.idx for p in people if p.reports and p.manager >= 0]
    if len(people) < 10 or not managers:
        return
    for p in people:
        if p.manager < 0 or rng.random() >= 0.03:
            continue
        for _ in range(12):
            m = people[managers[rng.randrange(len(managers))]]
            if m.dept != p.dept and m.level > p.level and m.idx != p.manager:
                p.dotted = m.idx
                break
