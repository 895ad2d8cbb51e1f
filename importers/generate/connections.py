"""LinkedIn ``Connections.csv`` exports of a few employees: colleagues and outsiders."""
from __future__ import annotations

import re
from datetime import date
from random import Random

from graphsvc.model import normalise_org
from importers.generate.careers import CO_FIRST, CO_SECOND, CO_SECTOR, EMPLOYER_NAMES
from importers.generate.dates import AS_OF_DAY, linkedin_date
from importers.generate.departments import DEPT_PRIORITY, ic_title
from importers.generate.draws import phase_rng
from importers.generate.names import NAMES, REGIONS, email_stem, url_slug
from importers.generate.org import Person
from importers.generate.profiles import Profile


class LinkedInExports:
    """Connection exports by owner, and what they are drawn from.

    Colleague rows carry the colleague's linkedin_url (the join key an importer uses);
    e-mail addresses are mostly missing, as in real exports.  Every URL given out so far is
    remembered, so an outsider never shares a URL (and so an identity) with anyone else.
    """

    def __init__(self, people: list[Person], profiles: list[Profile], companies: list[str], employer: str):
        self.people, self.profiles, self.companies, self.employer = people, profiles, companies, employer
        self.with_url = [p.idx for p in people if profiles[p.idx].linkedin_url]
        self.by_dept: dict[str, list[int]] = {}
        for i in self.with_url:
            self.by_dept.setdefault(people[i].dept, []).append(i)
        self.used_urls = {profiles[i].linkedin_url for i in self.with_url}
        #: owner's person_id → rows as ``Connections.csv`` lists them
        self.rows: dict[str, list[tuple]] = {}

    def owner_candidates(self) -> list[int]:
        """Who may own an export: active employees below the CEO with a LinkedIn profile."""
        return [i for i in self.with_url if self.profiles[i].active and self.people[i].manager >= 0]

    def add(self, rng: Random, o: int, total: int, colleagues: int) -> None:
        """``people[o]``'s export of ``total`` connections, about ``colleagues`` of them employees."""
        people, profiles = self.people, self.profiles
        owner = people[o]
        want_in = min(len(self.with_url) - 1, colleagues)
        near = [i for i in (owner.manager, *owner.reports) if i >= 0 and profiles[i].linkedin_url]
        if owner.manager >= 0:
            near += [i for i in people[owner.manager].reports if profiles[i].linkedin_url]
        chosen: list[int] = []
        seen = {o}
        pools = (near, self.by_dept.get(owner.dept, []), self.with_url)
        tries = 0
        while len(chosen) < want_in and tries < want_in * 20:
            tries += 1
            r = rng.random()
            pool = pools[0] if r < 0.25 and near else pools[1] if r < 0.65 else pools[2]
            if not pool:
                continue
            i = pool[rng.randrange(len(pool))]
            if i in seen:
                continue
            seen.add(i)
            chosen.append(i)
        rows = []
        for i in chosen:
            c = people[i]
            lo = max(owner.join, c.join)
            on = rng.randint(lo, max(lo, AS_OF_DAY - 1))
            email = c.email if rng.random() < 0.2 else ""
            rows.append((on, c.first, c.last, profiles[i].linkedin_url, email, self.employer, c.title))
        for _ in range(total - len(chosen)):
            rows.append(_outsider(rng, self.companies, self.used_urls))
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))        # LinkedIn lists newest first
        self.rows[owner.pid] = [(*r[1:], linkedin_date(r[0])) for r in rows]


def build_linkedin(people: list[Person], profiles: list[Profile], companies: list[str],
                   seed: int) -> LinkedInExports:
    """A few owners' connection exports (30..200 each): mostly colleagues, some outsiders."""
    rng = phase_rng(seed, "linkedin")
    n = len(people)
    exports = LinkedInExports(people, profiles, companies, EMPLOYER_NAMES[rng.randrange(len(EMPLOYER_NAMES))])
    candidates = exports.owner_candidates()
    owners_n = min(len(candidates), 3 if n < 5000 else min(10, 3 + n // 14000))
    for o in sorted(rng.sample(candidates, owners_n)):
        total = rng.randint(30, 200)
        exports.add(rng, o, total, round(total * rng.uniform(0.65, 0.85)))
    return exports


def _outsider(rng: Random, companies: list[str], used_urls: set[str]) -> tuple:
    """A connection outside the organisation, working at a pool company or elsewhere."""
    firsts, lasts = rng.choice(NAMES[rng.choice(REGIONS)])
    first, last = rng.choice(firsts), rng.choice(lasts)
    url = ""
    while not url or url in used_urls:
        url = f"https://www.linkedin.com/in/{url_slug(first, last)}-{rng.getrandbits(32):08x}"
    used_urls.add(url)
    if rng.random() < 0.7:
        company = rng.choice(companies)
    else:
        company = f"{rng.choice(CO_FIRST)}{rng.choice(CO_SECOND)} {rng.choice(CO_SECTOR[3:])}"
    dept = rng.choice(DEPT_PRIORITY)
    position = ic_title(rng, dept, rng.randint(1, 5))
    email = ""
    if rng.random() < 0.1:                       # the few who share their address
        domain = re.sub(r"[^a-z0-9]", "", normalise_org(company))[:20]
        email = f"{email_stem(first, last)}@{domain}.com"
    on = rng.randint(date(2009, 1, 1).toordinal(), AS_OF_DAY - 1)
    return (on, first, last, url, email, company, position)
