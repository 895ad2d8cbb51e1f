"""The browser walk: a mentee asks for an introduction, the introducer and the target say
yes, the new tie shows in the graph; an admin imports an org chart; HTML names stay text."""
from __future__ import annotations

import pytest

from tests.helpers import DATA, IMG, graph_frame

pytestmark = pytest.mark.browser


def test_typing_before_the_script_runs_still_suggests(open_as, live_server):
    """app.js is deferred: someone who types into "To" before it has run (a slow network,
    or a test that fills the field right after the click) still gets suggestions."""
    eve = open_as("mentee")
    held = []
    eve.route("**/static/app.js", lambda route: held.append(route))
    eve.goto(f"{live_server}/intro", wait_until="commit")
    eve.fill("input[name=to]", "Tom")
    for _ in range(200):  # the handler runs while Playwright waits
        if held:
            break
        eve.wait_for_timeout(50)
    assert held, "the page never asked for app.js"
    held[0].continue_()
    eve.locator("#people-suggestions option").first.wait_for(state="attached")
    assert "Tom Target" in eve.locator("#people-suggestions option").first.text_content()


def test_mentee_to_made_introduction(open_as, live_server, shoot):
    eve = open_as("mentee")
    assert eve.locator("#mentee-goals").is_visible()
    shoot(eve, "01-mentee-dashboard")

    eve.click("text=Find an introduction")
    eve.fill("input[name=to]", "Tom")
    eve.locator("#people-suggestions option").first.wait_for(state="attached")
    assert "Tom Target" in eve.locator("#people-suggestions option").first.text_content()
    eve.fill("input[name=to]", "tom")
    eve.click("form.inline button[type=submit]")
    eve.wait_for_selector("ol.paths")
    assert "Ida Introducer" in eve.locator("ol.paths").inner_text()
    graph_frame(eve)
    shoot(eve, "02-mentee-paths")

    eve.click("text=Ask Ida Introducer to introduce you to Tom Target")
    eve.fill("textarea[name=message]", "Hi Ida, could you introduce me to Tom? I'd like to learn about roadmaps.")
    eve.select_option("select[name=goal]", label="Meet someone in Product")
    eve.click("form.stack button[type=submit]")
    eve.wait_for_selector("#intro-status")
    assert eve.inner_text("#intro-status") == "requested"
    intro_url = eve.url
    shoot(eve, "03-mentee-request-sent")

    ida = open_as("introducer")
    assert "Eve Mentee" in ida.inner_text("#waiting")
    ida.click("#waiting a")
    ida.click("button[value=introducer_accepted]")
    assert ida.inner_text("#intro-status") == "introducer accepted"
    shoot(ida, "04-introducer-accepted")

    tom = open_as("target")
    tom.goto(f"{live_server}/introductions")
    tom.click("text=open")
    assert "Contact details are shared once" in tom.inner_text("main")
    tom.click("button[value=target_accepted]")
    assert "eve@example.com" in tom.inner_text("ul.contact")
    shoot(tom, "05-target-accepted-contact-shared")

    ida.goto(intro_url)
    ida.click("button[value=made]")
    eve.goto(intro_url)
    assert eve.inner_text("#intro-status") == "made" and "tom@example.com" in eve.inner_text("ul.contact")
    shoot(eve, "06-mentee-introduction-made")

    eve.goto(f"{live_server}/people/eve/network")
    frame = graph_frame(eve)
    edge = frame.evaluate("edges.get().filter(e => [e.from, e.to].sort().join() === 'eve,tom').map(e => e.title)")
    assert edge and "introduced through intrograph" in edge[0].splitlines()[1]
    shoot(eve, "07-mentee-network-with-new-tie")


def test_admin_import_reports_lines_then_people_appear(open_as, live_server, shoot, watch):
    watch.expect("the server responded with a status of 422")  # the file with problems is refused
    admin = open_as("admin")
    assert admin.locator("#admin-health").is_visible()
    shoot(admin, "08-admin-dashboard")
    admin.click("header nav >> text=Imports")
    admin.select_option("select[name=kind]", "orgchart")
    admin.set_input_files("input[name=file]", str(DATA / "orgchart_bad.csv"))
    admin.click("text=Check the file (dry run)")
    report = admin.inner_text("#import-report")
    assert "cannot be imported" in report and "malformed e-mail 'bob@example'" in report
    assert admin.locator("table.problems tr", has_text="bob@example").locator("td").first.inner_text() == "3"
    shoot(admin, "09-admin-import-problems")

    admin.set_input_files("input[name=file]", str(DATA / "orgchart_small.csv"))
    admin.click("text=Check the file (dry run)")
    assert "nothing written yet" in admin.inner_text("#import-report")
    admin.click("text=Import orgchart_small.csv")
    assert "Imported orgchart_small.csv" in admin.inner_text("p.flash")
    shoot(admin, "10-admin-import-done")

    admin.goto(f"{live_server}/people?department=engineering")
    assert "Bo Lindqvist" in admin.inner_text("table.list")
    shoot(admin, "11-admin-people-appear")


def test_tooltip_of_a_node_with_an_html_name_is_text(open_as, live_server, shoot):
    eve = open_as("mentee")
    alerts = []
    eve.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    eve.goto(f"{live_server}/people/img/network")
    frame = graph_frame(eve)
    box = eve.locator("figure.graph iframe").bounding_box()
    for _ in range(20):  # the layout may still be settling: aim again until the tooltip shows
        spot = frame.evaluate("network.canvasToDOM(network.getPositions(['img'])['img'])")
        eve.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
        tooltip = frame.locator("div.vis-tooltip")  # vis's own popup (pyvis' replaces it only for "href")
        try:
            tooltip.wait_for(state="visible", timeout=1_500)
            break
        except Exception:
            eve.mouse.move(box["x"] + 5, box["y"] + 5)
    assert tooltip.is_visible()
    assert IMG in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0 and frame.locator("img").count() == 0
    assert alerts == []
    shoot(eve, "12-tooltip-html-name-as-text")

