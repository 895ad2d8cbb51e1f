"""The mentor's picks in a browser: the evidence shown, one click to introduce, the target's consent."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_mentor_introduces_a_pick_and_the_target_consents(open_as, mentor_site, shoot):
    max_ = open_as("mentor", site=mentor_site)
    pick = max_.locator("#pick-eve-tom")
    assert "worked together on Atlas (2019–2021)" in pick.inner_text()
    assert "Meet someone in Product" in pick.inner_text()
    shoot(max_, "mentor-picks-evidence")

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
