"""positions.csv: former employers and tenures before joining, from a pool of companies whose
names are written several ways, as people type them."""
from __future__ import annotations

import re
from random import Random

from graphsvc.model import normalise_org
from importers.generate.departments import DEPARTMENTS, ic_title
from importers.generate.draws import cumulative_weights, phase_rng, weighted_index
from importers.generate.org import Person

PEOPLE_PER_COMPANY = 20          # pool ~N/20: keeps former-colleague cliques small
_P_FORMER = 0.62                # of people with some career before joining
OVERLAP_DAYS = 90               # "former colleagues" need 3+ months at the same company


# Company names: root = first part + second part ("North" + "wind"), then an optional sector
# word and a legal suffix.  Suffixes avoid inner dots ("S.A.") so that the usual
# normalisation (case, punctuation, trailing legal words) folds every variant to one key.
CO_FIRST = ("North", "Blue", "Silver", "Iron", "Bright", "Cedar", "Summit", "Stone", "River",
            "Clear", "Red", "Oak", "Pine", "Star", "Sun", "Green", "Harbor", "Maple", "Falcon",
            "Crystal", "Golden", "West", "East", "High", "Quick", "True", "Bold", "Deep", "Wide",
            "Swift", "Prime", "Nova", "Terra", "Aqua", "Vita", "Omni", "Zen", "Apex", "Lumen",
            "Astra")
CO_SECOND = ("wind", "peak", "stone", "field", "bridge", "gate", "point", "line", "works",
             "forge", "wave", "spring", "brook", "ridge", "light", "path", "crest", "vale",
             "port", "mark", "leaf", "hill", "core", "scale", "shift", "loop", "grid", "bay",
             "view", "dale")
CO_SECTOR = ("", "", "", "Systems", "Labs", "Analytics", "Health", "Logistics", "Capital", "Foods",
             "Energy", "Software", "Partners", "Group", "Technologies", "Media", "Robotics",
             "Networks", "Consulting", "Bank", "Insurance", "Retail", "Games", "Biotech",
             "Solutions", "Digital", "Holdings", "Pharma", "Airlines", "Motors")
_CO_SUFFIX = (", Inc.", " Inc", " Inc.", " Ltd", " Ltd.", " LLC", " GmbH", " AG", " plc",
              " Corp.", " Corporation", " Limited", " SA", " BV", " Pty Ltd", " Oy", " AB", "")
_CO_FAMOUS = ("Initech", "Globex", "Umbrella", "Hooli", "Vandelay Industries", "Acme", "Soylent",
              "Cyberdyne Systems", "Tyrell", "Wonka Industries", "Stark Industries",
              "Wayne Enterprises", "Pied Piper", "Massive Dynamic", "Oscorp", "Aperture Science",
              "Dunder Mifflin", "Prestige Worldwide", "Gringotts", "Monsters", "Nakatomi Trading",
              "Sterling Cooper", "Bluth Development", "Vehement Capital", "Gekko Partners")
EMPLOYER_NAMES = ("Brightwave Technologies, Inc.", "Lumenfield Inc.", "Northgate Labs, Inc.",
                  "Clearpath Software Ltd", "Cedarline Systems, Inc.")


def build_companies(n_people: int, seed: int) -> tuple[list[str], list[float]]:
    """A pool of ~N/50 (at least 20) distinct companies and their hiring weights."""
    rng = phase_rng(seed, "companies")
    size = max(20, round(n_people / PEOPLE_PER_COMPANY))
    employer_keys = {normalise_org(e) for e in EMPLOYER_NAMES}
    seen: set[str] = set(employer_keys)
    names: list[str] = []
    famous = list(_CO_FAMOUS)
    rng.shuffle(famous)
    candidates = (f for f in famous)
    while len(names) < size:
        root = next(candidates, None)
        if root is None:
            root = rng.choice(CO_FIRST) + rng.choice(CO_SECOND)
            sector = rng.choice(CO_SECTOR)
            root = f"{root} {sector}" if sector else root
        key = normalise_org(root)
        if key in seen:
            continue
        seen.add(key)
        names.append(root + rng.choice(_CO_SUFFIX))
    weights = [rng.uniform(0.4, 1.6) for _ in names]
    return names, weights


def _variant(rng: Random, name: str) -> str:
    """The same company written differently, as people type it ("initech inc")."""
    style = rng.randrange(4)
    if style == 0:
        return re.sub(r"[^a-z0-9& ]", "", name.lower()).strip()
    if style == 1:
        return name.upper()
    if style == 2:
        # The legal suffix dropped: the words the organisation's key keeps, in their own case.
        return " ".join(re.sub(r"[,.]", "", name).split()[:len(normalise_org(name).split())])
    return name.replace(", ", " ").replace(".", "")


def build_positions(people: list[Person], companies: list[str], weights: list[float],
                    seed: int) -> list[tuple]:
    """Former employers for ~60% of people, 1..3 each, walking back from the join date.

    Rows are (person_idx, company_idx, written_name, title, since_ord, until_ord).
    """
    rng = phase_rng(seed, "positions")
    cum = cumulative_weights(weights)
    rows = []
    for p in people:
        years_before = (p.join - p.career) / 365
        if years_before < 0.75 or rng.random() >= _P_FORMER:
            continue
        k = min(3, int(years_before / 1.5) + 1, rng.choice((1, 1, 1, 2, 2, 3)))
        until = p.join - rng.randint(0, 120)
        used: list[int] = []
        for s in range(k):
            length = int(365 * rng.triangular(0.5, 3.5, 1.0))
            since = max(p.career, until - length)
            if until - since < 120:
                break
            c = weighted_index(rng, cum)
            if c in used:
                continue
            used.append(c)
            name = companies[c] if rng.random() >= 0.12 else _variant(rng, companies[c])
            rows.append((p.idx, c, name, _former_title(rng, p, s), since, until))
            until = since - rng.randint(0, 400)
    return rows


_FOUNDER_TITLES = ("Chief Operating Officer", "General Manager", "Co-founder & CTO",
                   "SVP of Product", "Chief Revenue Officer")


def _former_title(rng: Random, p: Person, steps_back: int) -> str:
    """A plausible earlier title: one level lower per job back, managers stay managers."""
    level = max(1, p.level - 1 - steps_back)
    if p.manager < 0:
        return rng.choice(_FOUNDER_TITLES)
    spec = DEPARTMENTS[p.dept]
    if p.reports and level >= 3:
        return spec.head if level >= 7 else spec.managers[min(6, level)]
    return ic_title(rng, p.dept, min(6, level))


def overlap_pairs(positions: list[tuple], min_days: int = OVERLAP_DAYS) -> int:
    """Pairs of people who overlapped at least ``min_days`` at the same company."""
    by_company: dict[int, list[tuple[int, int, int]]] = {}
    for person, c, _name, _title, since, until in positions:
        by_company.setdefault(c, []).append((since, until, person))
    pairs: set[tuple[int, int]] = set()
    for stints in by_company.values():
        stints.sort()
        for i, (s_i, u_i, p_i) in enumerate(stints):
            for j in range(i + 1, len(stints)):
                s_j, u_j, p_j = stints[j]
                if s_j > u_i - min_days:
                    break
                if min(u_i, u_j) - s_j >= min_days and p_i != p_j:
                    pairs.add((p_i, p_j) if p_i < p_j else (p_j, p_i))
    return len(pairs)
