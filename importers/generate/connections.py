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


def build_linkedin(people: list[Person], profiles: list[Profile], companies: list[str],
                   seed: int) -> dict[str, list[tuple]]:
    """A few owners' connection exports: mostly colleagues, some outsiders.

    Colleague rows carry the colleague's linkedin_url (the join key an importer uses);
    e-mail addresses are mostly missing, as in real exports.
    """
    rng = phase_rng(seed, "linkedin")
    n = len(people)
    employer = EMPLOYER_NAMES[rng.randrange(len(EMPLOYER_NAMES))]
    with_url = [p.idx for p in people if profiles[p.idx].linkedin_url]
    candidates = [i for i in with_url if profiles[i].active and people[i].manager >= 0]
    owners_n = min(len(candidates), 3 if n < 5000 else min(10, 3 + n // 14000))
    owners = sorted(rng.sample(candidates, owners_n))
    by_dept: dict[str, list[int]] = {}
    for i in with_url:
        by_dept.setdefault(people[i].dept, []).append(i)
    used_urls = {profiles[i].linkedin_url for i in with_url}
    out: dict[str, list[tuple]] = {}
    for o in owners:
        owner = people[o]
        total = rng.randint(30, 200)
        want_in = min(len(with_url) - 1, round(total * rng.uniform(0.65, 0.85)))
        near = [i for i in (owner.manager, *owner.reports) if i >= 0 and profiles[i].linkedin_url]
        if owner.manager >= 0:
            near += [i for i in people[owner.manager].reports if profiles[i].linkedin_url]
        chosen: list[int] = []
        seen = {o}
        pools = (near, by_dept.get(owner.dept, []), with_url)
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
            rows.append((on, c.first, c.last, profiles[i].linkedin_url, email, employer, c.title))
        for _ in range(total - len(chosen)):
            rows.append(_outsider(rng, companies, used_urls))
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))        # LinkedIn lists newest first
        out[owner.pid] = [(*r[1:], linkedin_date(r[0])) for r in rows]
    return out


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
