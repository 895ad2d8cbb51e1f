"""How long something held, in years: ``year_span`` and the two places that word it.

Evidence explanations (``strength.explain``) and "who can help" reasons
(``relevance.spec_relevance``) share ``year_span`` but word it each their own way: the
reasons put it in parentheses after an employer and leave out a tenure known only by its end.
"""
from __future__ import annotations

from datetime import date

import pytest

from graphsvc.dates import year_span
from graphsvc.relevance import spec_relevance
from graphsvc.goals import GoalSpec
from graphsvc.model import Tie
from graphsvc.strength import explain

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("since, until, span", [
    ("2019-03-01", "2023-06-30", "2019–2023"),
    ("2021-01-01", "2021-12-31", "2021"),
    ("2019-03-01", None, "since 2019"),
    (None, "2023-06-30", "until 2023"),
    (None, None, ""),
    ("", "", ""),
    (date(2019, 3, 1), date(2023, 6, 30), "2019–2023"),
    ("15 Mar 2019", "2023", "2019–2023"),
])
def test_year_span(since, until, span):
    assert year_span(since, until) == span


def test_year_span_refuses_text_that_is_not_a_date():
    with pytest.raises(ValueError, match="not a date: 'soon'"):
        year_span("soon", None)


@pytest.mark.parametrize("props, line", [
    ({"since": "2019-03-01", "until": "2023-06-30"}, "Bo mentored by Ana (2019–2023)"),
    ({"since": "2021-01-01", "until": "2021-12-31"}, "Bo mentored by Ana (2021)"),
    ({"since": "2019-03-01"}, "Bo mentored by Ana (since 2019)"),
    ({"until": "2023-06-30"}, "Bo mentored by Ana (until 2023)"),
    ({}, "Bo mentored by Ana"),
])
def test_evidence_says_the_span_in_parentheses(props, line):
    assert explain(Tie("MENTORS", "ana", "bo", props), {"ana": "Ana", "bo": "Bo"}) == line


@pytest.mark.parametrize("tenure, reason", [
    ({"since": "2015-03-01", "until": "2019-06-30"}, "formerly at Initech (2015–2019)"),
    ({"since": "2015-03-01", "until": "2015-06-30"}, "formerly at Initech (2015)"),
    ({"since": "2015-03-01"}, "works at Initech (since 2015)"),
    ({"until": "2019-06-30"}, "formerly at Initech"),
    ({}, "works at Initech"),
])
def test_helper_reasons_say_the_tenure_after_the_employer(tenure, reason):
    position = {"org_key": "initech", "org_name": "Initech", **tenure}
    assert spec_relevance(GoalSpec(organizations=("Initech",)), {"person_id": "xi"}, [position], TODAY) \
        == (1.0, [reason])
