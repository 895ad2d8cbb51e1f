"""The mentor's picks in a browser: the evidence shown, one click to introduce, the target's consent."""
from __future__ import annotations

import pytest

from tests.browser.test_accessibility import FAILING_IMPACTS, axe_violations

pytestmark = pytest.mark.browser


def test_mentor_introduces_a_pick_and_the_target_consents(open_as, mentor_site, shoot):
    max_ = open_as("mentor", site=mentor_site)
    pick = max_.locator("#pick-eve-tom")
    assert "worked together on Atlas (2019–2021)" in pick.inner_text()
    assert "Meet someone in Product" in pick.inner_text()
    shoot(max_, "mentor-picks-evidence")
    assert not [v for v in axe_violations(max_.main_frame) if v["impact"] in FAILING_IMPACTS]

    pick.locator("button", has_text="Introduce Eve Mentee to Tom Target").click()
    max_.wait_for_selector("#intro-status")
    assert max_.inner_text("#intro-status") == "introducer accepted"
    intro_url = max_.url
    shoot(max_, "mentor-introduce-clicked")

    tom = open_as("target", site=mentor_site)
    assert "Eve Mentee" in tom.inner_text("#waiting")
    tom.goto(intro_url)
    tom.click("button[value=target_accepted]")
    assert tom.inner_text("#intro-status") == "target accepted"
    assert "eve@example.com" in tom.inner_text("ul.contact")
    shoot(tom, "target-consent")


def test_the_mentees_page_offers_the_introduction_to_their_mentor(open_as, mentor_site):
    max_ = open_as("mentor", site=mentor_site)
    max_.goto(f"{mentor_site.url}/people/eve")
    assert "worked together on Atlas (2019–2021)" in max_.inner_text("#mentor-picks")
    assert max_.locator("#mentor-picks button", has_text="Introduce Eve Mentee to Tom Target").is_visible()
    assert not [v for v in axe_violations(max_.main_frame) if v["impact"] in FAILING_IMPACTS]
