"""Each chart drawn in a real browser, with its table of numbers, and a screenshot of each
(``chart-*.png`` in ``$INTROGRAPH_ARTIFACTS``), on half a year of seeded history."""
from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import months_ago

pytestmark = pytest.mark.browser


def month(months: int) -> str:
    return months_ago(date.today(), months, 1).strftime("%Y-%m")


def chart(page, figure_id: str):
    """The figure, after checking its chart is an image named by its title, and with its table open."""
    figure = page.locator(f"figure#{figure_id}")
    svg = figure.locator("svg.chart[role=img]")
    assert svg.is_visible()
    assert page.evaluate("(id) => document.getElementById(id).textContent",
                         svg.get_attribute("aria-labelledby").split()[0])
    figure.locator("summary").click()
    return figure


def row(figure, header: str) -> list[str]:
    return figure.locator("tr", has=figure.page.locator(f"th:text-is('{header}')")).locator("td").all_inner_texts()


def test_introductions_by_stage_per_month(open_as, history_site, shoot):
    admin = open_as("admin", site=history_site)
    admin.click("header nav >> text=Reports")
    figure = chart(admin, "stages")
    headers = figure.locator("thead th").all_inner_texts()
    assert headers == ["Month", "requested", "accepted", "made", "met", "declined", "expired"]
    assert row(figure, month(4)) == ["1", "1", "1", "0", "1", "0"]
    assert row(figure, month(3)) == ["1", "0", "0", "1", "0", "0"]
    assert row(figure, month(2)) == ["1", "0", "0", "0", "1", "1"]
    assert figure.locator("svg rect title", has_text=f"{month(2)}: 1 expired").count() == 1
    shoot(figure, "chart-introductions-by-stage")


def test_department_matrix_highlights_missing_and_single_bridges(open_as, history_site, shoot):
    admin = open_as("admin", site=history_site)
    admin.goto(f"{history_site.url}/admin/reports")
    figure = chart(admin, "matrix")
    assert row(figure, "Sales")[3] == "1 tie, 1 bridge"  # Sales – Product: Ida alone
    assert figure.locator("td.no-tie").count() == 2 * 4 and figure.locator("td.one-bridge").count() == 2 * 6
    assert figure.locator("svg rect title", has_text="Ops – Sales: 0 ties, no tie").count() == 1
    assert figure.locator("svg rect title", has_text="Engineering – Ops: 2 ties, one bridge").count() == 1
    assert figure.locator("svg text", has_text="<b>Ops</b>").count() == 2  # a name, as text
    assert "Ops — Sales: no tie" in admin.inner_text("ul.weak-pairs")
    shoot(figure, "chart-department-matrix")


def test_mentor_sees_each_mentees_goal_progress(open_as, history_site, shoot):
    max_ = open_as("mentor", site=history_site)
    figure = chart(max_, "progress-of-eve")
    assert figure.locator("svg polyline").count() == 2
    table = figure.locator("table").inner_text()
    assert "Meet someone in Product" in table and "Learn roadmapping" in table
    assert figure.locator("tbody td").all_inner_texts()[-2:] == [
        months_ago(date.today(), 1, 12).date().isoformat(), "75%"]
    shoot(figure, "chart-mentee-goal-progress")


def test_person_page_shows_strength_of_ties_by_kind(open_as, history_site, shoot):
    eve = open_as("mentee", site=history_site)
    eve.goto(f"{history_site.url}/people/eve")
    figure = chart(eve, "tie-strength")
    kinds = figure.locator("tbody th").all_inner_texts()
    assert kinds[:3] == ["mentorship", "reporting line", "same team"] and "introduction" in kinds
    assert row(figure, "introduction")[0] == "2"
    assert figure.locator("svg circle").count() == 6  # one dot per tie of each kind
    shoot(figure, "chart-tie-strength-by-kind")
