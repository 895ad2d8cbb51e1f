"""Graph pages and charts, without a browser: the layered layout, what the drawings carry,
where their scripts come from, and the chart pages by role."""
from __future__ import annotations

import re
from datetime import date

import networkx as nx
import pytest
from markupsafe import Markup

from tests.helpers import ACCOUNTS, graph_json
from webui import charts
from webui.graphs import (COLUMN_GAP, DEPARTMENT_PALETTE, OTHER_COLOUR, Drawing, department_colours, edge_width,
                          layered_positions, network_graph, paths_graph, render)


def columns(positions):
    return {pid: x // COLUMN_GAP for pid, (x, _) in positions.items()}


def test_layers_run_every_tie_left_to_right_and_put_the_warmest_path_on_top():
    paths = [["s", "a", "b", "t"], ["s", "c", "t"], ["s", "b", "d", "t"], ["s", "e", "f", "t"]]
    positions = layered_positions(paths)
    assert columns(positions) == {"s": 0, "a": 1, "c": 1, "e": 1, "b": 2, "f": 2, "d": 3, "t": 4}
    assert all(positions[u][0] < positions[v][0] for p in paths for u, v in zip(p, p[1:]))
    assert positions["s"][1] == positions["t"][1] == 0
    assert positions["a"][1] < positions["c"][1] < positions["e"][1]  # stacked in path order, centred
    assert positions["a"][1] == -positions["e"][1]


def test_people_in_opposite_orders_on_two_paths_share_a_column():
    positions = layered_positions([["s", "x", "y", "t"], ["s", "y", "x", "t"], ["s", "z", "t"]])
    assert columns(positions) == {"s": 0, "z": 1, "x": 2, "y": 2, "t": 3}


def path(*people, strengths):
    return {"people": [{"person_id": p, "name": p.upper()} for p in people],
            "names": {p: p.upper() for p in people},
            "hops": [{"from": a, "to": b, "strength": s, "evidence": [f"{a} knows {b}"]}
                     for a, b, s in zip(people, people[1:], strengths)]}


def test_a_paths_drawing_has_fixed_positions_no_physics_and_widths_by_strength():
    drawing = paths_graph([path("s", "a", "t", strengths=[0.9, 0.2]), path("s", "t", strengths=[0.5])], {})
    assert drawing.options["physics"] == {"enabled": False}
    assert drawing.paths == [["s", "a", "t"], ["s", "t"]]
    g = drawing.graph
    assert (g.nodes["s"]["x"], g.nodes["a"]["x"], g.nodes["t"]["x"]) == (0, COLUMN_GAP, 2 * COLUMN_GAP)
    assert g.edges["s", "a"]["weight"] == edge_width(0.9) > g.edges["s", "t"]["weight"] > g.edges["a", "t"]["weight"]
    assert g.edges["a", "t"]["title"] == "A – T: tie strength 0.20\na knows t"
    assert g.edges["s", "t"]["smooth"]["type"] == "curvedCW" and g.edges["s", "a"]["smooth"] is False
    assert [row["text"] for row in drawing.legend if row["mark"] == "line"] == [
        "tie strength 0.2 (weak)", "tie strength 0.5 (fair)", "tie strength 0.8 (strong)", "the selected path"]


def test_a_network_is_coloured_by_department_and_sized_by_connector_score():
    people = {"me": {"name": "Me", "department": "Big", "betweenness": 0.0},
              "hub": {"name": "Hub", "department": "Big", "betweenness": 0.4},
              "mid": {"name": "Mid", "department": "Small", "betweenness": 0.1},
              "new": {"name": "New"}}
    drawing = network_graph("me", people, [("me", "hub", 0.7, ["same team"]), ("hub", "mid", 0.3, ["knows"])])
    g = drawing.graph
    assert g.nodes["hub"]["color"] == DEPARTMENT_PALETTE[0] and g.nodes["mid"]["color"] == DEPARTMENT_PALETTE[1]
    assert g.nodes["new"]["color"] == OTHER_COLOUR
    assert g.nodes["hub"]["size"] > g.nodes["mid"]["size"] > g.nodes["me"]["size"] == g.nodes["new"]["size"]
    assert g.nodes["me"]["borderWidth"] == 4 and g.nodes["me"]["color"]["background"] == DEPARTMENT_PALETTE[0]
    assert "connector score 0.4000" in g.nodes["hub"]["title"]
    assert [row["text"] for row in drawing.legend[:3]] == ["Big", "Small", "other or no department"]
    assert "large: a connector (betweenness)" in [row["text"] for row in drawing.legend]
    unscored = network_graph("me", {p: {k: v for k, v in props.items() if k != "betweenness"}
                                    for p, props in people.items()}, [])
    assert {unscored.graph.nodes[p]["size"] for p in people} == {10}
    assert "one size: connector scores come with the next analytics run" in [r["text"] for r in unscored.legend]


def test_departments_past_the_palette_share_one_colour():
    people = [{"department": f"d{i:02d}"} for i in range(len(DEPARTMENT_PALETTE) + 2)]
    colours = department_colours(people)
    assert list(colours.values()).count(OTHER_COLOUR) == 2 and len(set(colours.values())) == len(DEPARTMENT_PALETTE) + 1


def test_the_paths_graph_page_carries_the_paths_it_highlights(shared_clients):
    response = shared_clients["mentee"].get("/intro/graph?to=tom")
    data = graph_json(response.get_data(as_text=True))
    assert data["paths"] == [["eve", "ida", "tom"], ["eve", "xss", "tom"]]
    assert data["options"]["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in data["nodes"])


@pytest.mark.parametrize("url", ["/intro/graph?to=tom", "/people/eve/network/graph"])
def test_graph_pages_load_vis_network_and_their_script_from_the_app(shared_clients, url):
    page = shared_clients["mentee"].get(url).get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources == ["/static/vis-network/vis-network.css", "/static/graph.css",
                       "/static/vis-network/vis-network.min.js", "/static/graph.js"]
    for source in sources:
        assert shared_clients["mentee"].get(source).status_code == 200


def test_vis_network_is_served_without_a_login_and_only_its_own_files(shared_app):
    client = shared_app.test_client()
    script = client.get("/static/vis-network/vis-network.min.js")
    assert script.status_code == 200 and b"vis-network" in script.data[:200]
    assert client.get("/static/vis-network/../network.py").status_code == 404
    assert client.get("/static/vis-network/template.html").status_code == 404


PAGES_BY_ROLE = {"admin": ["/", "/admin/reports", "/admin/health", "/people/eve"],
                 "mentor": ["/", "/people/eve", "/people/eve/network", "/intro?to=tom"],
                 "mentee": ["/", "/intro?to=tom", "/people/eve/network", "/goals"]}


@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
def test_pages_link_nothing_outside_the_app_and_have_a_favicon(shared_app, shared_clients, role):
    for url in PAGES_BY_ROLE[role]:
        page = shared_clients[role].get(url).get_data(as_text=True)
        links = re.findall(r'(?:src|href|action)="([^"]*)"', page)
        assert [link for link in links if not link.startswith(("/", "#", "?"))] == [], url
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = shared_app.test_client().get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_reports_are_for_admins(shared_clients, role):
    response = shared_clients[role].get("/admin/reports")
    assert response.status_code == (200 if role == "admin" else 403)


def test_the_reports_draw_both_charts_with_tables_and_names_as_text(shared_clients):
    page = shared_clients["admin"].get("/admin/reports").get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert page.count('<details class="chart-table">') == 2
    assert "<b>Ops</b>" not in page and "&lt;b&gt;Ops&lt;/b&gt;" in page
    assert 'id="department-matrix-title"' in page and 'id="stage-chart-title"' in page


def test_the_person_page_and_the_mentors_dashboard_have_their_charts(shared_clients):
    person = shared_clients["mentee"].get("/people/eve").get_data(as_text=True)
    assert 'id="tie-strength"' in person and "Strength of ties by kind" in person
    mentor = shared_clients["mentor"].get("/").get_data(as_text=True)
    assert 'id="progress-of-eve"' in mentor and "Meet someone in Product" in mentor
    assert 'id="progress-of-' not in shared_clients["mentee"].get("/").get_data(as_text=True)


def test_charts_escape_text_and_draw_empty_data():
    hostile = "<script>alert(1)</script>"
    svg = charts.strength_chart([{"kind": "knows", "label": hostile, "strengths": [0.5], "mean": 0.5}], 'x"y')
    assert isinstance(svg, Markup) and hostile not in svg and "&lt;script&gt;" in svg and 'id="x&#34;y"' in svg
    empty_stages = {"stages": ["requested"], "months": [{"month": "2026-01", "counts": {"requested": 0}}]}
    assert "<title>2026-01:" not in charts.stage_chart(empty_stages)  # no bar
    assert "No ties." in charts.strength_chart([])
    one_point = [{"statement": "s", "points": [{"at": "2026-01-01", "progress": 0.0}]}]
    assert "<polyline" in charts.progress_chart(one_point, date(2026, 1, 1), "p", "t")


def test_an_empty_graph_renders(shared_app):
    with shared_app.test_request_context():
        page = render(Drawing(nx.Graph(), "empty", {}, []))
    assert graph_json(page) == {"nodes": [], "edges": [], "options": {}, "paths": []}
