"""The synthetic organisation generator: determinism, structure and file formats.

Small organisations (200 = demo size, 1000) keep the suite fast; the properties checked are
the ones importers and the demo rely on (ids resolve, no reporting cycles, spans 3..10,
mentors are never the mentee's reporting line, LinkedIn exports look like LinkedIn's).
"""
from __future__ import annotations

import collections
import csv
import hashlib
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from graphsvc.model import normalise_org
from importers import generate as gen
from importers.generate import GeneratedFiles, generate
from importers.generate.careers import PEOPLE_PER_COMPANY
from importers.generate.departments import DEPARTMENTS
from importers.generate.projects import MAX_PROJECT_PAIRS
from importers.run import import_generated
from tests.helpers import ROOT


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _linkedin_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\n")
    return list(csv.DictReader(lines[3:]))


def _all_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


class Org:
    """One generated organisation, parsed once."""

    def __init__(self, files: GeneratedFiles, n: int):
        self.files = files
        self.n = n
        self.org = _rows(files.orgchart)
        self.by_id = {r["Employee ID"]: r for r in self.org}
        self.people = {r["person_id"]: r for r in _rows(files.people)}
        self.rels = _rows(files.relationships)
        self.mentorships = _rows(files.mentorships)
        self.positions = _rows(files.positions)
        self.reports = collections.defaultdict(list)
        for r in self.org:
            if r["Manager ID"]:
                self.reports[r["Manager ID"]].append(r["Employee ID"])

    def manager(self, pid: str) -> str:
        return self.by_id[pid]["Manager ID"] if pid else ""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Org:
    return Org(generate(200, tmp_path_factory.mktemp("demo"), seed=1), 200)


@pytest.fixture(scope="module")
def org1000(tmp_path_factory) -> Org:
    return Org(generate(1000, tmp_path_factory.mktemp("org1000"), seed=7), 1000)


@pytest.fixture(params=["demo", "org1000"])
def org(request) -> Org:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- determinism


def test_same_seed_same_bytes_different_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(200, a, seed=3)
    generate(200, b, seed=3)
    generate(200, c, seed=4)
    files_a, files_b = _all_files(a), _all_files(b)
    assert files_a == files_b
    assert len(files_a) == 5 + 3
    assert files_a["orgchart.csv"] != _all_files(c)["orgchart.csv"]


#: sha256 of :func:`_tree_digest` over the organisations of :data:`DIGEST_RUNS`, written
#: before ``importers/generate.py`` became a package: a refactor must not change one byte.
OUTPUT_DIGEST = "297d13621e1739eb51cd294c936518a97102dee6f23ae1470a2d32f2151d2236"
#: (people, seed) of each organisation in the digest: two seeds, and the demo's own.
DIGEST_RUNS = ((300, 1), (300, 2), (200, 1))


def _tree_digest(root: Path) -> str:
    """sha256 over every file below ``root``: sorted relative names, sizes and contents."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            h.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()


def test_output_digest_is_unchanged(tmp_path):
    for people, seed in DIGEST_RUNS:
        generate(people, tmp_path / f"{people}-{seed}", seed=seed)
    assert _tree_digest(tmp_path) == OUTPUT_DIGEST


def test_output_does_not_depend_on_hash_seed(tmp_path):
    """String hashing is randomised per process: nothing may iterate over a string set."""
    digests = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        code = (f"from pathlib import Path; from importers.generate import generate; "
                f"generate(300, Path({str(out)!r}), seed=5)")
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
        digests.append(hashlib.sha256(b"".join(_all_files(out).values())).hexdigest())
    assert digests[0] == digests[1]


def test_regenerating_into_same_dir_leaves_no_stale_linkedin_files(tmp_path):
    first = generate(200, tmp_path, seed=1)
    second = generate(200, tmp_path, seed=2)
    on_disk = sorted(p.name for p in (tmp_path / "linkedin").iterdir())
    assert on_disk == sorted(p.name for p in second.linkedin.values())
    assert set(first.linkedin) != set(second.linkedin)


# ---------------------------------------------------------------- headers


def test_headers_are_exact(demo):
    f = demo.files
    assert _header(f.orgchart) == ["Employee ID", "First Name", "Last Name", "Email", "Title",
                                   "Department", "Team", "Location", "Level", "Manager ID",
                                   "Dotted Line Manager ID"]
    assert _header(f.people) == ["person_id", "skills", "interests", "linkedin_url", "active",
                                 "open_to_intros"]
    assert _header(f.relationships) == ["source", "target", "type", "since", "until", "context",
                                        "interactions"]
    assert _header(f.mentorships) == ["mentor", "mentee", "since", "until", "status", "program"]
    assert _header(f.positions) == ["person", "organization", "title", "since", "until"]
    for path in (f.orgchart, f.people, f.relationships, f.mentorships, f.positions):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        data.decode("utf-8")


# ---------------------------------------------------------------- org chart


def test_ids_and_emails_unique(org):
    ids = [r["Employee ID"] for r in org.org]
    emails = [r["Email"] for r in org.org]
    assert len(ids) == org.n == len(set(ids))
    assert all(re.fullmatch(r"E\d{6}", i) for i in ids)
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+\d*@example\.com", e) for e in emails)
    assert set(org.people) == set(ids)


def test_one_ceo_managers_exist_no_cycles(org):
    ceos = [r for r in org.org if not r["Manager ID"]]
    assert len(ceos) == 1 and ceos[0]["Level"] == "8"
    assert ceos[0]["Title"] == "Chief Executive Officer"
    for r in org.org:
        seen = set()
        pid = r["Employee ID"]
        while pid:
            assert pid in org.by_id, f"unknown manager {pid}"
            assert pid not in seen, f"reporting cycle through {pid}"
            seen.add(pid)
            pid = org.manager(pid)


def test_levels_fall_down_every_reporting_line(org):
    for r in org.org:
        level = int(r["Level"])
        assert 1 <= level <= 8
        if r["Manager ID"]:
            assert int(org.by_id[r["Manager ID"]]["Level"]) > level


def test_spans_of_control_between_3_and_10(org):
    """The rule has no leftover exception: every manager has 3..10 direct reports."""
    spans = [len(v) for v in org.reports.values()]
    assert spans and min(spans) >= 3 and max(spans) <= 10


@pytest.mark.parametrize("n", list(range(1, 41)))
def test_tiny_organisations(tmp_path, n):
    files = generate(n, tmp_path, seed=n)
    o = Org(files, n)
    assert len(o.org) == n
    spans = [len(v) for v in o.reports.values()]
    if n >= 4:
        assert all(3 <= s <= 10 for s in spans)
    else:
        assert spans == ([n - 1] if n > 1 else [])


def test_departments_teams_locations(org):
    depts = collections.Counter(r["Department"] for r in org.org)
    assert {"Engineering", "Product", "Design", "Sales", "Marketing", "Finance", "People", "Legal",
            "Operations", "Data", "Customer Success"} <= set(depts)
    assert depts.most_common(1)[0][0] == "Engineering"
    assert 6 <= len({r["Location"] for r in org.org}) <= 8
    # Department heads report to the CEO (Design to the head of Product).
    ceo = next(r["Employee ID"] for r in org.org if not r["Manager ID"])
    heads = {r["Department"]: r for r in org.org if r["Manager ID"] == ceo}
    assert heads["Engineering"]["Title"] == "VP of Engineering"
    assert org.by_id[heads["Product"]["Employee ID"]]["Level"] == "7"
    assert len(org.reports[ceo]) <= 10
    # A team is a manager and their reports: frontline reports share the manager's team,
    # and team names are not reused across managers.
    team_of_manager = {}
    for mgr, reps in org.reports.items():
        if all(r not in org.reports for r in reps):
            teams = {org.by_id[r]["Team"] for r in reps}
            assert teams == {org.by_id[mgr]["Team"]}
            team_of_manager[mgr] = org.by_id[mgr]["Team"]
    assert len(set(team_of_manager.values())) == len(team_of_manager)


def test_titles_match_level_and_department(demo):
    for r in demo.org:
        title, level = r["Title"], int(r["Level"])
        managed = r["Employee ID"] in demo.reports
        if level == 1 and not managed:
            assert re.match(r"(Junior|Associate) |.*Representative|Paralegal|Legal Operations"
                            r"|Customer Support Specialist", title), title
        if level == 3 and not managed and r["Department"] == "Engineering":
            assert title.startswith("Senior "), title
        if managed and level <= 6 and r["Department"] == "Engineering":
            assert "Engineering" in title, title
    titles = {r["Title"] for r in demo.org}
    assert len(titles) > 40                      # realistic variety for the demo
    names = {(r["First Name"], r["Last Name"]) for r in demo.org}
    assert len(names) > 190
    assert len({r["First Name"] for r in demo.org}) > 120


def test_dotted_lines_cross_departments(org1000):
    dotted = [r for r in org1000.org if r["Dotted Line Manager ID"]]
    assert 10 <= len(dotted) <= 60                # ~3%
    for r in dotted:
        m = org1000.by_id[r["Dotted Line Manager ID"]]
        assert m["Department"] != r["Department"]
        assert int(m["Level"]) > int(r["Level"])
        assert m["Employee ID"] != r["Manager ID"]


# ---------------------------------------------------------------- people.csv


def test_people_profiles(org1000):
    rows = list(org1000.people.values())
    for r in rows:
        assert 3 <= len(r["skills"].split(";")) <= 6
        assert len(set(r["skills"].split(";"))) == len(r["skills"].split(";"))
        assert 1 <= len(r["interests"].split(";")) <= 3
        assert r["active"] in ("true", "false") and r["open_to_intros"] in ("true", "false")
        if r["linkedin_url"]:
            assert re.fullmatch(r"https://www\.linkedin\.com/in/[a-z0-9-]+", r["linkedin_url"])
    n = len(rows)
    urls = [r["linkedin_url"] for r in rows if r["linkedin_url"]]
    assert len(urls) == len(set(urls))
    assert 0.72 < len(urls) / n < 0.88
    assert 0.005 < sum(r["active"] == "false" for r in rows) / n < 0.04
    assert 0.02 < sum(r["open_to_intros"] == "false" for r in rows) / n < 0.09
    eng = [r for pid, r in org1000.people.items() if org1000.by_id[pid]["Department"] == "Engineering"]
    eng_skills = collections.Counter(s for r in eng for s in r["skills"].split(";"))
    assert set(dict(eng_skills.most_common(5))) <= set(DEPARTMENTS["Engineering"].skills)


# ---------------------------------------------------------------- relationships.csv


def test_projects_are_cross_department_groups(org1000):
    by_project = collections.defaultdict(list)
    for r in org1000.rels:
        assert r["source"] in org1000.by_id and r["target"] in org1000.by_id
        assert r["source"] != r["target"]
        assert r["type"] in ("WORKED_WITH", "KNOWS")
        since = date.fromisoformat(r["since"])
        if r["until"]:
            assert date.fromisoformat(r["until"]) >= since
        if r["type"] == "WORKED_WITH":
            assert re.fullmatch(r"Project [A-Z][A-Za-z ]+( \d+)?", r["context"])
            assert 1 <= int(r["interactions"]) <= 200
            by_project[r["context"]].append(r)
        else:
            assert r["context"] == ""
    assert by_project
    pairs_per_person = collections.Counter()
    for rows in by_project.values():
        members = {m for r in rows for m in (r["source"], r["target"])}
        assert 4 <= len(members) <= 8
        assert len(rows) == len(members) * (len(members) - 1) // 2
        assert len({org1000.by_id[m]["Department"] for m in members}) >= 2
        for r in rows:
            pairs_per_person[r["source"]] += 1
            pairs_per_person[r["target"]] += 1
    assert max(pairs_per_person.values()) <= MAX_PROJECT_PAIRS
    assert sum(r["type"] == "KNOWS" for r in org1000.rels) > 0.8 * org1000.n


# ---------------------------------------------------------------- mentorships.csv


def test_mentorship_rules(org):
    rows = org.mentorships
    assert 0.10 * org.n <= len(rows) <= 0.17 * org.n
    load = collections.Counter(r["mentor"] for r in rows)
    assert max(load.values()) <= 4
    assert len({r["mentee"] for r in rows}) == len(rows)
    for r in rows:
        mentor, mentee = org.by_id[r["mentor"]], org.by_id[r["mentee"]]
        assert int(mentor["Level"]) >= int(mentee["Level"]) + 1
        boss = mentee["Manager ID"]
        assert r["mentor"] not in (boss, org.manager(boss)), "mentor is the reporting line"
        assert org.people[r["mentor"]]["active"] == "true"
        assert r["status"] in ("active", "completed")
        assert bool(r["until"]) == (r["status"] == "completed")
        assert re.fullmatch(r"[A-Z][A-Za-z &-]+ 20\d\d", r["program"])
        assert r["program"].endswith(r["since"][:4])
    assert sum(r["status"] == "active" for r in rows) > len(rows) / 2


# ---------------------------------------------------------------- positions.csv


def test_positions_history_and_company_pool(org1000):
    rows = org1000.positions
    per_person = collections.Counter(r["person"] for r in rows)
    assert 0.5 < len(per_person) / org1000.n < 0.7
    assert max(per_person.values()) <= 3
    keys = collections.Counter(normalise_org(r["organization"]) for r in rows)
    pool = max(20, round(org1000.n / PEOPLE_PER_COMPANY))
    assert len(keys) <= pool
    spellings = collections.defaultdict(set)
    for r in rows:
        spellings[normalise_org(r["organization"])].add(r["organization"])
        since, until = date.fromisoformat(r["since"]), date.fromisoformat(r["until"])
        assert since < until <= gen.AS_OF
    assert any(len(v) > 1 for v in spellings.values()), "no company written two ways"
    suffixes = {re.sub(r".*\b(Inc|Ltd|GmbH|plc|LLC|AG|BV|SA|Corp)\b.*", r"\1", r["organization"])
                for r in rows}
    assert {"Inc", "Ltd", "GmbH"} <= suffixes


def _overlap_neighbours(rows) -> dict[str, set[str]]:
    by_company = collections.defaultdict(list)
    for r in rows:
        by_company[normalise_org(r["organization"])].append(
            (date.fromisoformat(r["since"]), date.fromisoformat(r["until"]), r["person"]))
    out = collections.defaultdict(set)
    for stints in by_company.values():
        for i, (s1, u1, p1) in enumerate(stints):
            for s2, u2, p2 in stints[i + 1:]:
                if p1 != p2 and (min(u1, u2) - max(s1, s2)).days >= 90:
                    out[p1].add(p2)
                    out[p2].add(p1)
    return out


def test_former_colleague_cliques_stay_small(org1000):
    neighbours = _overlap_neighbours(org1000.positions)
    holders = {r["person"] for r in org1000.positions}
    assert neighbours, "nobody overlapped at a former employer"
    avg = sum(len(v) for v in neighbours.values()) / len(holders)
    assert avg < 10
    assert org1000.files.ties["company_overlap"] == sum(len(v) for v in neighbours.values()) // 2


# ---------------------------------------------------------------- LinkedIn


def test_linkedin_exports_look_like_linkedin(demo):
    assert len(demo.files.linkedin) == 3
    urls = {r["linkedin_url"]: pid for pid, r in demo.people.items() if r["linkedin_url"]}
    for owner, path in demo.files.linkedin.items():
        assert path.name == f"{owner}_Connections.csv"
        assert demo.people[owner]["linkedin_url"]
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfNotes:\n\"When exporting your connection data")
        lines = raw.decode("utf-8-sig").split("\n")
        assert lines[0] == "Notes:" and lines[1].startswith('"') and lines[1].endswith('"')
        assert lines[2] == ""
        assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
        rows = _linkedin_rows(path)
        assert 30 <= len(rows) <= 200
        colleagues = [r for r in rows if r["URL"] in urls]
        outsiders = [r for r in rows if r["URL"] not in urls]
        assert len(colleagues) > len(outsiders) > 0
        assert owner not in {urls[r["URL"]] for r in colleagues}
        for r in colleagues:
            person = demo.by_id[urls[r["URL"]]]
            assert (r["First Name"], r["Last Name"]) == (person["First Name"], person["Last Name"])
            assert r["Email Address"] in ("", person["Email"])
        assert sum(not r["Email Address"] for r in rows) > len(rows) / 2
        for r in rows:
            assert r["URL"].startswith("https://www.linkedin.com/in/")
            assert r["Company"] and r["Position"]
            assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", r["Connected On"])
            datetime.strptime(r["Connected On"], "%d %b %Y")


# ---------------------------------------------------------------- tie estimate


def test_tie_estimate_matches_files(org1000):
    t = org1000.files.ties
    assert t["reports_to"] == org1000.n - 1
    assert t["team"] == sum(len(v) * (len(v) - 1) // 2 for v in org1000.reports.values())
    assert t["project"] == sum(r["type"] == "WORKED_WITH" for r in org1000.rels)
    assert t["knows"] == sum(r["type"] == "KNOWS" for r in org1000.rels)
    assert t["mentorship"] == len(org1000.mentorships)
    assert t["dotted_line"] == sum(bool(r["Dotted Line Manager ID"]) for r in org1000.org)
    assert t["linkedin"] == sum(len(_linkedin_rows(p)) for p in org1000.files.linkedin.values())
    assert t["total"] == sum(v for k, v in t.items() if k != "total")


def test_tie_estimate_grows_linearly(tmp_path):
    """Ties per person stay flat as N grows: ~10+ per person, enough for 1M at 100k."""
    per_person = {}
    for n in (1000, 4000):
        ties = generate(n, tmp_path / str(n), seed=2).ties
        per_person[n] = (ties["total"] - ties["linkedin"]) / n
    assert 0.8 < per_person[4000] / per_person[1000] < 1.25
    assert per_person[4000] > 10.5


def test_progress_is_reported(tmp_path):
    messages = []
    generate(50, tmp_path, progress=messages.append)
    assert messages and "tie estimate" in messages[-1]


def test_rejects_empty_organisation(tmp_path):
    with pytest.raises(ValueError):
        generate(0, tmp_path)


# ---------------------------------------------------------------- the hubs shape


@pytest.fixture(scope="module")
def hubs(tmp_path_factory) -> GeneratedFiles:
    return generate(2000, tmp_path_factory.mktemp("hubs"), seed=11, shape="hubs")


def _degrees(files: GeneratedFiles) -> collections.Counter:
    """Distinct people each person has a tie with, over every tie the files state.

    A LinkedIn connection is the employee with that URL, or else an outsider known by it.
    """
    by_url = {r["linkedin_url"]: r["person_id"] for r in _rows(files.people) if r["linkedin_url"]}
    pairs = set()
    for r in _rows(files.orgchart):
        pairs.update((r["Employee ID"], m) for m in (r["Manager ID"], r["Dotted Line Manager ID"]) if m)
    pairs.update((r["source"], r["target"]) for r in _rows(files.relationships))
    pairs.update((r["mentor"], r["mentee"]) for r in _rows(files.mentorships))
    for owner, path in files.linkedin.items():
        pairs.update((owner, by_url.get(r["URL"], r["URL"])) for r in _linkedin_rows(path))
    degree = collections.Counter()
    for a, b in {tuple(sorted(p)) for p in pairs}:
        degree[a] += 1
        degree[b] += 1
    return degree


def test_hubs_have_a_long_tail_of_degrees(hubs):
    degree = _degrees(hubs)
    assert max(degree.values()) >= 1000                      # connectors
    assert sum(d == 1 for p, d in degree.items() if p.startswith("https://")) > 1000
    # KNOWS alone (the org shape has at most ~8 each): most people know a few, a few know many.
    knows = collections.Counter()
    for r in _rows(hubs.relationships):
        if r["type"] == "KNOWS":
            knows.update((r["source"], r["target"]))
    counts = sorted(knows[f"E{i:06d}"] for i in range(1, 2001))
    median, p99 = counts[1000], counts[1980]
    assert p99 > 3 * median and counts[-1] > 15 * median


def test_hubs_keep_the_organisation_and_add_to_it(hubs, tmp_path):
    org = generate(2000, tmp_path, seed=11)
    for kind in ("orgchart", "people", "mentorships", "positions"):
        assert getattr(hubs, kind).read_bytes() == getattr(org, kind).read_bytes(), kind
    assert hubs.relationships.read_bytes().startswith(org.relationships.read_bytes())
    for owner, path in org.linkedin.items():
        assert hubs.linkedin[owner].read_bytes() == path.read_bytes()
    connectors = set(hubs.linkedin) - set(org.linkedin)
    assert len(connectors) == 3
    assert all(1000 <= len(_linkedin_rows(hubs.linkedin[c])) <= 30000 for c in connectors)


def test_hubs_same_seed_same_bytes(hubs, tmp_path):
    again = generate(2000, tmp_path, seed=11, shape="hubs")
    assert _all_files(tmp_path) == _all_files(hubs.orgchart.parent)
    assert again.ties == hubs.ties and hubs.ties["linkedin"] >= 3000


def test_hubs_import_cleanly(hubs, embedded_store):
    reports = import_generated(embedded_store, hubs, quiet=True)
    assert len(reports) == 5 + len(hubs.linkedin)
    outsiders = {r["URL"] for path in hubs.linkedin.values() for r in _linkedin_rows(path)} - {
        r["linkedin_url"] for r in _rows(hubs.people)}
    assert embedded_store.counts()["nodes"]["Person"] == 2000 + len(outsiders)


def test_unknown_shape_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match="unknown shape 'star': use one of org, hubs"):
        generate(10, tmp_path / "out", shape="star")
    assert not (tmp_path / "out").exists()
