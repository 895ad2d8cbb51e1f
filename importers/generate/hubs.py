"""The ``hubs`` shape: the organisation as it is, plus the long tail real networks have.

A LinkedIn import gives its owner thousands of ties and a few people know everyone, while
most people know a handful; path search, analytics and imports behave differently on such
a graph than on the bounded degrees of the ``org`` shape.  On top of everything the ``org``
shape writes (its files are unchanged but for what is appended), this adds:

* **connectors**: a few dozen employees (one per 2,500 people, 3..40) whose LinkedIn exports
  hold 1,000 to 30,000 connections (LinkedIn's own limit), Pareto-distributed; a third to
  a half are colleagues, the rest outsiders who appear in that one export only: the
  degree-1 people of the graph;
* **extra KNOWS** with a power-law degree: each employee gets a Pareto weight, connectors a
  large one, and pairs are drawn with probability proportional to both weights (the
  Chung–Lu model), so the expected number of extra ties of a person is their weight.

Each draws from its own seeded stream (``hubs`` and ``hub-knows``), so the ``org`` shape's
draws, and its bytes, are untouched.
"""
from __future__ import annotations

from importers.generate.connections import LinkedInExports
from importers.generate.dates import AS_OF_DAY, iso
from importers.generate.draws import phase_rng
from importers.generate.org import Person

#: One connector per this many people, within CONNECTORS.
PEOPLE_PER_CONNECTOR = 2_500
CONNECTORS = (3, 40)
#: A connector's export: at least 1,000 connections, Pareto tail, LinkedIn's cap of 30,000.
MIN_CONNECTIONS = 1_000
MAX_CONNECTIONS = 30_000
CONNECTIONS_ALPHA = 1.5
#: Extra KNOWS weight of everyone else: Pareto with this shape and minimum (mean 3).
KNOWS_ALPHA = 2.0
KNOWS_MIN = 1.5


def add_connectors(exports: LinkedInExports, seed: int) -> list[int]:
    """Give a few employees who own no export yet a large one; their indexes, in order."""
    rng = phase_rng(seed, "hubs")
    people = exports.people
    candidates = [i for i in exports.owner_candidates() if people[i].pid not in exports.rows]
    lo, hi = CONNECTORS
    count = min(len(candidates), max(lo, min(hi, len(people) // PEOPLE_PER_CONNECTOR)))
    connectors = sorted(rng.sample(candidates, count))
    for o in connectors:
        total = min(MAX_CONNECTIONS, int(MIN_CONNECTIONS * rng.paretovariate(CONNECTIONS_ALPHA)))
        exports.add(rng, o, total, round(total * rng.uniform(0.33, 0.5)))
    return connectors


def build_extra_knows(people: list[Person], knows: list[tuple], connectors: list[int],
                      seed: int) -> list[tuple]:
    """KNOWS rows with a power-law degree, none repeating a pair of ``knows`` or a reporting line."""
    rng = phase_rng(seed, "hub-knows")
    n = len(people)
    if n < 3:
        return []
    weights = [KNOWS_MIN * rng.paretovariate(KNOWS_ALPHA) for _ in range(n)]
    for c in connectors:                              # people who know everyone
        weights[c] = max(weights[c], n * rng.uniform(0.02, 0.05))
    weights = [min(w, n - 1) for w in weights]
    index = {p.pid: p.idx for p in people}
    seen = {(index[a], index[b]) for a, b, *_ in knows}
    ends = rng.choices(range(n), weights=weights, k=2 * round(sum(weights) / 2))
    rows = []
    for a, b in zip(ends[::2], ends[1::2]):
        key = (a, b) if a < b else (b, a)
        if a == b or key in seen or people[a].manager == b or people[b].manager == a:
            continue
        seen.add(key)
        lo = max(people[a].join, people[b].join)
        since = lo + int(rng.random() * max(0, AS_OF_DAY - lo))  # randint's day, 3x faster
        rows.append((people[key[0]].pid, people[key[1]].pid, "KNOWS", iso(since), "", "", ""))
    return rows
