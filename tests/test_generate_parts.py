"""The generator's modules on their own: plain records in, plain records out, no files."""
from __future__ import annotations

import bisect
import collections
from random import Random

import pytest

from graphsvc.model import normalise_org
from importers.generate.careers import _variant, build_companies
from importers.generate.connections import build_linkedin
from importers.generate.draws import cumulative_weights, weighted_index
from importers.generate.hubs import MIN_CONNECTIONS, add_connectors, build_extra_knows
from importers.generate.org import assign_identity, build_org
from importers.generate.profiles import build_profiles
from importers.generate.projects import build_knows


@pytest.fixture(scope="module")
def org():
    people = build_org(3000, seed=5)
    assign_identity(people, seed=5)
    return people


def test_weighted_index_is_a_bisection_of_the_running_sum():
    cum = cumulative_weights([0.5, 0.0, 2.0, 1.5])
    assert cum == [0.5, 0.5, 2.5, 4.0]
    draws, again = Random(3), Random(3)
    for _ in range(1000):
        assert weighted_index(draws, cum) == bisect.bisect_right(cum, again.random() * cum[-1])


def test_every_spelling_of_a_company_folds_to_its_key():
    """Positions write some companies 'as people type them'; the importers must still see one."""
    names, _weights = build_companies(20_000, seed=2)
    rng = Random(0)
    for name in names:
        assert {normalise_org(_variant(rng, name)) for _ in range(12)} == {normalise_org(name)}
    assert len({normalise_org(n) for n in names}) == len(names)


def test_connectors_get_large_exports_with_outsiders_of_their_own(org):
    profiles = build_profiles(org, seed=5)
    companies, _weights = build_companies(len(org), seed=5)
    exports = build_linkedin(org, profiles, companies, seed=5)
    owners = list(exports.rows)
    connectors = add_connectors(exports, seed=5)
    assert len(connectors) == 3 and not {org[c].pid for c in connectors} & set(owners)
    employees = {p.linkedin_url for p in profiles if p.linkedin_url}
    appearances = collections.Counter(row[2] for rows in exports.rows.values() for row in rows)
    for c in connectors:
        rows = exports.rows[org[c].pid]
        assert MIN_CONNECTIONS <= len(rows) and len({row[2] for row in rows}) == len(rows)
        outsiders = [row[2] for row in rows if row[2] not in employees]
        assert len(outsiders) > len(rows) / 3
        assert all(appearances[url] == 1 for url in outsiders)


def test_extra_knows_repeat_no_pair_and_no_reporting_line(org):
    knows = build_knows(org, seed=5)
    connectors = [10, 20, 30]
    extra = build_extra_knows(org, knows, connectors, seed=5)
    index = {p.pid: p.idx for p in org}
    pairs = [(index[a], index[b]) for a, b, *_ in knows + extra]
    assert len(pairs) == len(set(pairs)) and all(a < b for a, b in pairs)
    assert not [(a, b) for a, b in pairs if org[a].manager == b or org[b].manager == a]
    degree = collections.Counter(p for pair in pairs for p in pair)
    assert all(degree[c] >= 0.01 * len(org) for c in connectors)   # weight 2..5% of N
    assert len(extra) > len(org)
