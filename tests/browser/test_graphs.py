"""The graphs in a real browser: paths in layers that the list beside them highlights, hop
tooltips that show evidence as text, and a person's network coloured by department."""
from __future__ import annotations

import pytest

from tests.helpers import graph_frame

pytestmark = pytest.mark.browser

HIGHLIGHT = "#1f2a33"


def highlighted_pairs(frame) -> set[frozenset]:
    return {frozenset(pair) for pair in frame.evaluate(
        f"edges.get().filter(e => e.color === '{HIGHLIGHT}').map(e => [e.from, e.to])")}


def tie_in_canvas(frame, a: str, b: str) -> dict[str, float]:
    """The middle of the drawn tie between ``a`` and ``b``, in the graph canvas's coordinates."""
    return frame.evaluate("""([a, b]) => { const p = network.getPositions([a, b]);
        return network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2}); }""", [a, b])


def middle_of_tie(page, frame, a: str, b: str) -> tuple[float, float]:
    """Where on the page the middle of the drawn tie between ``a`` and ``b`` is."""
    box = page.locator("figure.graph iframe").bounding_box()
    spot = frame.evaluate("""([a, b]) => { const p = network.getPositions([a, b]);
        return network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2}); }""", [a, b])
    return box["x"] + spot["x"], box["y"] + spot["y"]


def test_paths_read_left_to_right_and_the_list_highlights_one(open_as, live_server, shoot):
    eve = open_as("mentee")
    eve.goto(f"{live_server}/intro?to=tom")
    frame = graph_frame(eve)
    x = frame.evaluate("network.getPositions()")
    assert x["eve"]["x"] < x["ida"]["x"] == x["xss"]["x"] < x["tom"]["x"]  # one column per hop
    assert x["eve"]["y"] == x["tom"]["y"] and x["ida"]["y"] < x["xss"]["y"]  # the warmest path on top
    assert frame.evaluate("network.physics.options.enabled") is False

    frame.wait_for_function("document.body.dataset.highlighted === '0'")  # the first path, to start with
    assert highlighted_pairs(frame) == {frozenset({"eve", "ida"}), frozenset({"ida", "tom"})}
    eve.click("ol.paths > li:nth-child(2) button.show-path")
    frame.wait_for_function("document.body.dataset.highlighted === '1'")
    assert highlighted_pairs(frame) == {frozenset({"eve", "xss"}), frozenset({"xss", "tom"})}
    assert eve.get_attribute("ol.paths > li:nth-child(2) button.show-path", "aria-pressed") == "true"
    assert eve.get_attribute("ol.paths > li:nth-child(1) button.show-path", "aria-pressed") == "false"
    assert "selected" in eve.get_attribute("ol.paths > li:nth-child(2)", "class")
    legend = frame.inner_text("ul.legend")
    assert "tie strength 0.8 (strong)" in legend and "the selected path" in legend

    # a tie of the first path, clicked in the graph (at its middle, in the canvas's own
    # coordinates: the page has scrolled to the list by now)
    frame.locator("canvas").click(position=tie_in_canvas(frame, "ida", "tom"))
    eve.wait_for_selector("ol.paths > li:nth-child(1).selected")
    assert frame.evaluate("document.body.dataset.highlighted") == "0"

    # the screenshot last: a whole-page screenshot resizes the page, after which the graph
    # sometimes missed the next click
    eve.click("ol.paths > li:nth-child(2) button.show-path")
    frame.wait_for_function("document.body.dataset.highlighted === '1'")
    shoot(eve, "graph-paths-layered-second-path-highlighted")


def test_the_tooltip_of_a_hop_shows_its_evidence_as_text(open_as, live_server, shoot):
    eve = open_as("mentee")
    eve.goto(f"{live_server}/intro?to=tom")
    frame = graph_frame(eve)
    eve.mouse.move(*middle_of_tie(eve, frame, "ida", "tom"))
    tooltip = frame.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Ida Introducer – Tom Target: tie strength" in text
    assert "worked together on Launch <i>X</i> (since 2022), 30 interactions" in text
    assert tooltip.locator("i").count() == 0
    shoot(eve, "graph-hop-tooltip-evidence")


def test_a_network_is_coloured_by_department_with_a_legend(open_as, live_server, shoot):
    eve = open_as("mentee")
    eve.goto(f"{live_server}/people/eve/network?depth=2")
    frame = graph_frame(eve)
    legend = frame.inner_text("ul.legend")
    for words in ("Engineering", "Sales", "Product", "<b>Ops</b>", "this person", "connector scores come with"):
        assert words in legend
    assert frame.locator("ul.legend b").count() == 0
    colours = frame.evaluate("Object.fromEntries(nodes.get().map(n => [n.id, n.color.background || n.color]))")
    assert colours["eve"] == colours["max"] != colours["ida"] != colours["tom"]
    shoot(eve, "graph-network-by-department")
