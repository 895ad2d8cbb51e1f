"""Tie strength, checked against values worked out by hand from DESIGN.md's rules.

Dates are chosen so that spans are whole multiples of 365.25 days (2022-01-01 → 2026-01-01
is 1461 days = 4 years), which keeps the hand arithmetic exact.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphsvc.model import Tie
from graphsvc.strength import (StrengthConfig, combine, edge_strength, evidence_kind, explain, load_config,
                               pair_strengths, tie_strength)
from importers.generate import generate
from importers.run import run_import

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("tie, kind, base", [
    (Tie("MENTORS", "m", "e", {"program": "P"}), "mentorship", 0.9),
    (Tie("REPORTS_TO", "e", "m", {"kind": "solid"}), "reporting_line", 0.8),
    (Tie("REPORTS_TO", "e", "m", {"kind": "dotted"}), "dotted_line", 0.6),
    (Tie("WORKED_WITH", "a", "b", {"kind": "team", "context": "T"}), "same_team", 0.7),
    (Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "Atlas"}), "same_project", 0.6),
    (Tie("WORKED_WITH", "a", "b", {"kind": "company", "context": "Initech"}), "former_colleagues", 0.4),
    (Tie("KNOWS", "a", "b", {"source": "linkedin"}), "linkedin", 0.3),
    (Tie("KNOWS", "a", "b", {"source": "introduction"}), "introduction", 0.5),
    (Tie("KNOWS", "a", "b", {"source": "manual"}), "knows", 0.5),
    (Tie("INTERACTED", "a", "b", {"channel": "meeting"}), "meeting", 0.25),
    (Tie("INTERACTED", "a", "b", {"channel": "email"}), "email", 0.2),
])
def test_each_kind_of_evidence_starts_from_its_design_default(tie, kind, base):
    # no dates, no interactions: growth 1, no decay, so s = 1 − (1 − base)^1 = base
    assert evidence_kind(tie) == kind
    assert tie_strength(tie, TODAY) == pytest.approx(base)


def test_decay_halves_every_half_life_since_the_tie_ended():
    # ended 2018-01-01, eight years (two half-lives of 4 years) before today: 0.8 × 0.25
    tie = Tie("REPORTS_TO", "e", "m", {"kind": "solid", "until": "2018-01-01"})
    assert tie_strength(tie, TODAY) == pytest.approx(0.2)
    # a tie that ends in the future, or has no end, is active today and does not decay
    assert tie_strength(Tie("REPORTS_TO", "e", "m", {"until": "2027-01-01"}), TODAY) == pytest.approx(0.8)


def test_overlap_grows_strength_toward_one_and_saturates():
    # four years together, scale 2 years: growth = 1 + 0.25 (1 − e^−2) = 1.2161662
    # s = 1 − 0.3^1.2161662 = 1 − 0.2312558 = 0.7687442
    tie = Tie("WORKED_WITH", "a", "b", {"kind": "team", "context": "T", "since": "2022-01-01"})
    assert tie_strength(tie, TODAY) == pytest.approx(0.7687442, abs=1e-7)
    # a hundred years together cannot take growth past 1.25: 1 − 0.3^1.25
    old = Tie("WORKED_WITH", "a", "b", {"kind": "team", "context": "T", "since": "1926-01-01"})
    assert tie_strength(old, TODAY) < 1 - 0.3 ** 1.25


def test_interactions_grow_strength_and_saturate():
    # 25 interactions, scale 25: growth = 1 + 0.25 (1 − e^−1) = 1.1580301
    # s = 1 − 0.4^1.1580301 = 1 − 0.3460776 = 0.6539224
    tie = Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "X", "interactions": 25})
    assert tie_strength(tie, TODAY) == pytest.approx(0.6539224, abs=1e-7)
    # however many interactions, a project tie stays below 1 − 0.4^1.25 = 0.6818917 < team's 0.7
    busy = Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "X", "interactions": 10**6})
    assert tie_strength(busy, TODAY) == pytest.approx(0.6818917, abs=1e-7)
    # imported as text, counted all the same
    as_text = Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "X", "interactions": "25"})
    assert tie_strength(as_text, TODAY) == tie_strength(tie, TODAY)


def test_overlap_counts_only_until_the_tie_ended_and_then_decays():
    # mentored 2018-01-01 → 2022-01-01 (4 years): growth 1.2161662, s = 1 − 0.1^1.2161662 = 0.9392098
    # then 4 years idle, one half-life: 0.9392098 / 2 = 0.4696049
    tie = Tie("MENTORS", "m", "e", {"since": "2018-01-01", "until": "2022-01-01", "status": "completed"})
    assert tie_strength(tie, TODAY) == pytest.approx(0.4696049, abs=1e-7)


def test_a_tie_starting_in_the_future_has_no_overlap_yet():
    tie = Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "X", "since": "2026-06-01"})
    assert tie_strength(tie, TODAY) == pytest.approx(0.6)


def test_strong_ties_stay_distinguishable_below_the_cap():
    # two reporting lines, one fresh and one of four years: both strong, neither at the cap
    fresh = tie_strength(Tie("REPORTS_TO", "e", "m", {"since": "2025-12-01"}), TODAY)
    long = tie_strength(Tie("REPORTS_TO", "e", "m", {"since": "2022-01-01"}), TODAY)
    assert 0.8 < fresh < long < 0.99
    # the cap only matters when a base strength is configured as 1
    certain = StrengthConfig(base={**StrengthConfig().base, "mentorship": 1.0})
    assert tie_strength(Tie("MENTORS", "m", "e"), TODAY, certain) == 0.99


def test_noisy_or_combines_evidence():
    assert combine([0.3, 0.6]) == pytest.approx(1 - 0.7 * 0.4)  # 0.72
    assert combine([0.5, 0.5, 0.5]) == pytest.approx(0.875)
    assert combine([]) == 0.0


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 40 * 365))
def test_strength_is_monotone_in_history_and_stays_in_the_open_interval(n1, n2, idle_days):
    lo, hi = sorted((n1, n2))
    tie = lambda n: Tie("KNOWS", "a", "b", {"source": "linkedin", "interactions": n,
                                           "until": (TODAY - timedelta(days=idle_days)).isoformat()})
    s_lo, s_hi = tie_strength(tie(lo), TODAY), tie_strength(tie(hi), TODAY)
    assert 0 < s_lo <= s_hi < 1
    later = TODAY + timedelta(days=365)
    assert tie_strength(tie(hi), later) < s_hi


def test_config_from_toml(tmp_path, monkeypatch):
    path = tmp_path / "strength.toml"
    path.write_text("half_life_years = 8\n[base]\nlinkedin = 0.2\n", encoding="utf-8")
    config = load_config(path)
    assert config.base["linkedin"] == 0.2 and config.base["mentorship"] == 0.9
    # one half-life of 8 years: 0.8 × 0.5
    tie = Tie("REPORTS_TO", "e", "m", {"until": "2018-01-01"})
    assert tie_strength(tie, TODAY, config) == pytest.approx(0.4)
    monkeypatch.setenv("INTROGRAPH_STRENGTH_CONFIG", str(path))
    assert load_config() == config


@pytest.mark.parametrize("text, message", [
    ("[base]\nfriendship = 0.5\n", "unknown evidence kind 'friendship'"),
    ("half_life = 3\n", r"unknown setting\(s\) \['half_life'\]"),
    ("[base]\nlinkedin = 1.5\n", r"base strength of 'linkedin' must be in \(0, 1\]"),
    ("half_life_years = 0\n", "half_life_years must be positive"),
])
def test_bad_config_is_refused_with_the_file_named(tmp_path, text, message):
    path = tmp_path / "strength.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_config(path)
    assert str(path) in str(pytest.raises(ValueError, load_config, path).value)


def test_explanations_name_the_evidence():
    names = {"ana": "Ana", "bo": "Bo"}
    assert explain(Tie("MENTORS", "ana", "bo", {"since": "2023-02-01"}), names) == "Bo mentored by Ana (since 2023)"
    assert explain(Tie("WORKED_WITH", "ana", "bo", {"kind": "project", "context": "Payments",
                                                    "since": "2019-03-01", "until": "2022-05-01"}),
                   names) == "worked together on Payments (2019–2022)"
    assert explain(Tie("REPORTS_TO", "bo", "ana", {"kind": "solid"}), names) == "Bo reports to Ana"
    assert explain(Tie("WORKED_WITH", "ana", "bo", {"kind": "company", "context": "Initech"}),
                   names) == "colleagues at Initech"
    assert explain(Tie("WORKED_WITH", "ana", "bo", {"kind": "team", "context": "reporting to E4",
                                                    "manager_name": "Tomasz Nowak", "until": "2026-03-01"}),
                   names) == "same team reporting to Tomasz Nowak (until 2026)"
    assert explain(Tie("WORKED_WITH", "ana", "bo", {"kind": "team"}), names) == "same team"


# ---------------------------------------------------------------- interaction evidence

def _met(sizes, last="2026-01-01T09:00:00Z", channel="meeting"):
    props = {"channel": channel, "count": sum(sizes), "first": "2025-01-01T09:00:00Z", "last": last}
    if channel == "meeting":
        props["sizes"] = sizes
    return Tie("INTERACTED", "a", "b", props)


def test_meetings_grow_with_their_weighed_count_and_saturate():
    # one 1:1 today: weighed 1, growth = 1 + 4 (1 − e^−0.05) = 1 + 4 × 0.0487706 = 1.1950823
    # s = 1 − 0.75^1.1950823 = 0.2909319
    assert tie_strength(_met([1]), TODAY) == pytest.approx(0.2909319, abs=1e-7)
    # twenty 1:1s: weighed 20 = the scale, growth = 1 + 4 (1 − e^−1) = 3.5284822
    # s = 1 − 0.75^3.5284822 = 1 − e^(−0.2876821 × 3.5284822) = 1 − 0.3623730 = 0.6376270
    assert tie_strength(_met([20]), TODAY) == pytest.approx(0.6376270, abs=1e-7)
    # ten 1:1s and twenty meetings of five, each weighing (1/4)^0.5 = 0.5: weighed 20 as well
    assert tie_strength(_met([10, 0, 0, 20]), TODAY) == pytest.approx(0.6376270, abs=1e-7)
    # a million 1:1s cannot take growth past 5: 1 − 0.75^5 = 0.7626953, below a reporting line
    assert tie_strength(_met([10**6]), TODAY) == pytest.approx(0.7626953, abs=1e-7)


def test_small_meetings_weigh_more_than_large_ones():
    one_on_one, four, twelve = (tie_strength(_met([0] * (n - 2) + [5]), TODAY) for n in (2, 4, 12))
    assert one_on_one > four > twelve > 0
    # a meeting of ten weighs (1/9)^0.5 = 1/3: thirty of them are worth ten 1:1s
    assert tie_strength(_met([0] * 8 + [30]), TODAY) == pytest.approx(tie_strength(_met([10]), TODAY))
    # with the exponent at 0 every meeting weighs 1, whatever its size
    flat = StrengthConfig(meeting_size_exponent=0.0)
    assert tie_strength(_met([0] * 10 + [5]), TODAY, flat) == pytest.approx(tie_strength(_met([5]), TODAY, flat))


def test_email_grows_with_messages_and_decays_from_the_last_one():
    # six messages, the last four years (four half-lives of one year) ago:
    # growth = 1 + 4 (1 − e^−0.3) = 1 + 4 × 0.2591818 = 2.0367271
    # s = (1 − 0.8^2.0367271) × 0.5^4 = (1 − 0.6347764) × 0.0625 = 0.3652236 × 0.0625 = 0.0228265
    tie = _met([6], last="2022-01-01T17:00:00Z", channel="email")
    assert tie_strength(tie, TODAY) == pytest.approx(0.0228265, abs=1e-7)
    assert tie_strength(_met([6], channel="email"), TODAY) == pytest.approx(0.3652236, abs=1e-7)
    # a longer half-life slows the decay: two years, so 0.5^2
    slow = StrengthConfig(interacted_half_life_years=2.0)
    assert tie_strength(tie, TODAY, slow) == pytest.approx(0.3652236 * 0.25, abs=1e-7)


def test_interaction_settings_come_from_toml_too(tmp_path):
    path = tmp_path / "strength.toml"
    path.write_text("interacted_gain = 0\n[base]\nmeeting = 0.5\n", encoding="utf-8")
    config = load_config(path)
    # no growth: however many meetings, the base
    assert tie_strength(_met([50]), TODAY, config) == pytest.approx(0.5)
    path.write_text("meeting_size_exponent = -1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="meeting_size_exponent must not be negative"):
        load_config(path)


def test_interaction_explanations():
    names = {"a": "A", "b": "B"}
    assert explain(_met([11, 0, 1], last="2025-03-24T20:30:00Z"), names) == "12 meetings, the last on 24 Mar 2025"
    assert explain(_met([1], last="2025-03-24T20:30:00Z"), names) == "1 meeting, on 24 Mar 2025"
    tie = Tie("INTERACTED", "a", "b", {"channel": "email", "count": 6, "first": "2025-09-02T07:00:00Z",
                                       "last": "2025-12-01T08:00:00Z"})
    assert explain(tie, names) == "e-mailed both ways 6 times since Sep 2025"


def test_whole_graph_reweighing_equals_edge_strength_bit_for_bit(embedded_store, tmp_path):
    """analyze re-weighs a million ties through pair_strengths: the same floats as edge_strength."""
    files = generate(200, tmp_path / "org", seed=3)
    for kind in ("orgchart", "relationships", "mentorships"):
        run_import(embedded_store, kind, getattr(files, kind))
    edges, _ = embedded_store.export_graph()
    assert sum(len(e.ties) > 1 for e in edges) >= 10  # pairs with several pieces of evidence
    rows = [(t.type, t.source, t.target, t.disc, t.props) for e in edges for t in e.ties]
    random.Random(1).shuffle(rows)  # in whatever order a store reads them
    as_of = date(2029, 3, 1)  # ended ties have decayed
    assert pair_strengths(rows, as_of) == {(e.a, e.b): edge_strength(e, as_of) for e in edges}


def test_whole_graph_reweighing_tells_interactions_apart():
    """pair_strengths computes each distinct piece of evidence once: two interaction ties that
    differ only in their counts, sizes or last date are different evidence."""
    ties = [_met([3]), _met([30]), _met([0, 0, 3]), _met([3], last="2022-01-01T09:00:00Z"),
            _met([3], channel="email")]
    rows = [(t.type, f"p{i}", f"q{i}", t.disc, t.props) for i, t in enumerate(ties)]
    expected = {(f"p{i}", f"q{i}"): tie_strength(t, TODAY) for i, t in enumerate(ties)}
    assert len(set(expected.values())) == len(ties)
    assert pair_strengths(rows, TODAY) == pytest.approx(expected, abs=1e-15)
