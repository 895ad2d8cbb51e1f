"""Accessibility: axe-core on every page for every role, a keyboard-only walk through finding
and requesting an introduction, and pages that fit a phone.

axe-core is the vendored ``vendor/axe-core/axe.min.js`` (see its README), evaluated into each
page and into each graph frame by Playwright (so the pages' own Content-Security-Policy,
which allows no inline script, stays as it is). Serious and critical violations fail; every
violation is listed in the summary printed at the end of the run and written to
``$INTROGRAPH_ARTIFACTS/axe-summary.txt``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import IMG, graph_frame

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
FAILING_IMPACTS = {"serious", "critical"}

PEOPLE = ("mentor", "mentee")
EVERYONE = ("admin", *PEOPLE)
#: every page of the web UI, and the roles that may open it
PAGES = [
    ("/", EVERYONE), ("/account", EVERYONE), ("/people", EVERYONE), ("/people?q=e", EVERYONE),
    ("/people/eve", EVERYONE), ("/people/eve/network", EVERYONE), ("/people/eve/network?depth=2", EVERYONE),
    ("/connectors", EVERYONE), ("/intro", EVERYONE), ("/intro?to=tom", PEOPLE),
    ("/intro/helpers?departments=Product", PEOPLE), ("/introductions", EVERYONE),
    ("/introductions/new?introducer=ida&target=tom", PEOPLE), ("/goals", PEOPLE), ("/goals/new", PEOPLE),
    ("/goals/{eve_goal}", EVERYONE), ("/introductions/{made}", ("admin", "mentee")),
    ("/admin/imports", ("admin",)), ("/admin/health", ("admin",)), ("/admin/accounts", ("admin",)),
    ("/admin/analytics", ("admin",)), ("/admin/audit", ("admin",)), ("/admin/reports", ("admin",)),
    ("/admin/personal-data", ("admin",)), ("/admin/personal-data?person=eve", ("admin",)),
]
#: the error page, as a person meets it: (page, its status)
ERROR_PAGES = [("/people/nobody", 404), ("/admin/health", 403)]
#: pages that must fit a phone's width, by role: (screenshot name, page)
PHONE_PAGES = {
    "mentee": [("dashboard", "/"), ("paths", "/intro?to=tom"), ("person", "/people/eve"),
               ("network", "/people/eve/network"), ("introductions", "/introductions"),
               ("request", "/introductions/new?introducer=ida&target=tom"), ("goals", "/goals"),
               ("goal", "/goals/{eve_goal}")],
    "mentor": [("dashboard", "/")],
    "admin": [("reports", "/admin/reports"), ("health", "/admin/health"), ("imports", "/admin/imports"),
              ("accounts", "/admin/accounts"), ("audit", "/admin/audit"), ("connectors", "/connectors")],
}

def axe_violations(frame) -> list[dict]:
    """axe-core's violations in one document (a page or a frame), most serious first."""
    frame.evaluate(AXE)
    found = frame.evaluate("""async () => {
        // no preload: it would fetch the stylesheets again, which a graph frame's CSP refuses
        const result = await axe.run(document, {resultTypes: ["violations"], iframes: false, preload: false});
        return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.map((n) => n.target.join(" "))}));
    }""")
    order = ["critical", "serious", "moderate", "minor"]
    return sorted(found, key=lambda v: order.index(v["impact"]) if v["impact"] in order else len(order))


def _check(page, role: str, where: str, summary: list[str]) -> list[str]:
    """axe over the page and each of its graph frames: a summary line for each, and the failures."""
    documents = [(where, page.main_frame)]
    if page.locator("figure.graph iframe").count():
        documents.append((f"{where} [graph frame]", graph_frame(page)))
    failures = []
    for name, document in documents:
        found = axe_violations(document)
        shown = ", ".join(f"{v['impact']} {v['id']} ({len(v['nodes'])})" for v in found) or "none"
        summary.append(f"{role:<9} {name:<52} {shown}")
        failures += [f"{role} {name}: {v['impact']} {v['id']} — {v['help']}: {v['nodes'][:3]}"
                     for v in found if v["impact"] in FAILING_IMPACTS]
    return failures


@pytest.mark.parametrize("role", [None, *EVERYONE], ids=["anonymous", *EVERYONE])
def test_no_serious_or_critical_axe_violations(open_as, history_site, report, watch, role):
    summary = report("axe-summary")
    if not summary:
        summary.append(f"axe-core {AXE_VERSION}: violations by role and page: impact rule (nodes)")
    page = open_as(role, site=history_site)
    failures = _check(page, "anonymous", "/login", summary) if role is None else []
    for path, roles in PAGES:
        if role in roles:
            url = path.format(**history_site.ids)
            response = page.goto(history_site.url + url)
            assert response.status == 200, url
            failures += _check(page, role, path, summary)
    if role == "mentee":
        for path, status in ERROR_PAGES:
            watch.expect(f"the server responded with a status of {status}")  # Chromium logs the page's status
            assert page.goto(history_site.url + path).status == status, path
            failures += _check(page, role, f"{path} ({status})", summary)
    assert failures == [], "\n".join(failures)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus in {limit} presses of Tab")


def test_keyboard_only_finding_and_requesting_an_introduction(open_as, live_server, shoot):
    """Eve finds paths to the person with an HTML name and asks her mentor for the introduction,
    with Tab, Enter and typing only (no mouse from the dashboard on)."""
    eve = open_as("mentee")
    _tab_to(eve, "header nav a[href='/intro']")
    eve.keyboard.press("Enter")
    eve.wait_for_url(f"{live_server}/intro")
    _tab_to(eve, "input[name=to]")
    eve.keyboard.type("img")
    eve.keyboard.press("Enter")
    eve.wait_for_selector("ol.paths")
    _tab_to(eve, "ol.paths a.button[href*='introducer=max']")
    assert eve.evaluate("document.activeElement.textContent") == f"Ask Max Mentor to introduce you to {IMG}"
    eve.keyboard.press("Enter")
    eve.wait_for_selector("textarea[name=message]")
    _tab_to(eve, "textarea[name=message]")
    eve.keyboard.type("Hi Max, could you introduce me? I would like to learn about operations.")
    _tab_to(eve, "form.stack button[type=submit]")
    shoot(eve, "a11y-keyboard-request-form")
    eve.keyboard.press("Enter")
    eve.wait_for_selector("#intro-status")
    assert eve.inner_text("#intro-status") == "requested"
    shoot(eve, "a11y-keyboard-request-sent")


@pytest.mark.parametrize("role", list(PHONE_PAGES))
def test_pages_fit_a_phone(open_as, history_site, shoot, role):
    page = open_as(role, site=history_site, viewport={"width": 390, "height": 844}, is_mobile=True)
    wide = []
    for name, path in PHONE_PAGES[role]:
        url = path.format(**history_site.ids)
        page.goto(history_site.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{url}: {width}px")
        shoot(page, f"phone-{role}-{name}")
    assert wide == [], "wider than the phone's 390px: " + ", ".join(wide)
