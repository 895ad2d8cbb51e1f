"""people.csv: each employee's skills, interests, LinkedIn URL and availability."""
from __future__ import annotations

from dataclasses import dataclass

from importers.generate.departments import CROSS_SKILLS, DEPARTMENTS, INTERESTS, MANAGER_SKILLS
from importers.generate.draws import phase_rng
from importers.generate.names import url_slug
from importers.generate.org import Person


@dataclass
class Profile:
    skills: list[str]
    interests: list[str]
    linkedin_url: str
    active: bool
    open_to_intros: bool


def build_profiles(people: list[Person], seed: int) -> list[Profile]:
    """Skills from the department's vocabulary, a few cross-over skills and interests."""
    rng = phase_rng(seed, "profiles")
    slugs: set[str] = set()
    out = []
    for p in people:
        spec = DEPARTMENTS.get(p.dept)
        own = spec.skills if spec else ("Strategy", "Leadership", "Fundraising", "Public Speaking")
        k = rng.randint(3, 6)
        cross = rng.choice((0, 1, 1, 2))
        skills = rng.sample(own, min(len(own), max(1, k - cross)))
        if p.reports and rng.random() < 0.6:
            skills.append(rng.choice(MANAGER_SKILLS))
        for s in rng.sample(CROSS_SKILLS, cross):
            if s not in skills:
                skills.append(s)
        skills = skills[:6]
        interests = rng.sample(INTERESTS, rng.randint(1, 3))
        url = ""
        if rng.random() < 0.8 or p.manager < 0:
            base = url_slug(p.first, p.last)
            slug = base if base not in slugs and rng.random() < 0.4 else ""
            while not slug or slug in slugs:
                slug = f"{base}-{rng.getrandbits(32):08x}"
            slugs.add(slug)
            url = f"https://www.linkedin.com/in/{slug}"
        active = not (not p.reports and rng.random() < 0.024)  # leavers: ICs, ~2% overall
        open_ = rng.random() >= 0.05
        out.append(Profile(skills, interests, url, active, open_))
    return out
