"""Names, titles, goals and messages made of HTML are shown as text on every page and graph."""
from __future__ import annotations

import re

import networkx as nx
import pytest

from tests.helpers import IMG, SCRIPT, graph_data
from webui.graphs import Drawing, render

ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

#: (who looks, page, whether the hostile text must be visible on it)
PAGES = [
    ("hostile", "/", False),
    ("mentee", "/people", True),
    ("mentee", "/people?q=alert", True),
    ("mentee", "/people/xss", True),
    ("mentee", "/people/img", True),
    ("mentee", "/people/eve", True),
    ("mentee", "/people/xss/network", True),
    ("mentee", "/intro?to=tom", True),
    ("mentee", "/intro?to=xss", True),
    ("mentee", "/intro/helpers?skills=%3Cscript%3Ealert(1)%3C/script%3E", True),
    ("mentee", "/introductions", True),
    ("mentee", "/introductions/new?introducer=xss&target=tom", True),
    ("mentee", "/introductions/{xss_intro}", True),
    ("hostile", "/goals", True),
    ("hostile", "/goals/{xss_goal}", True),
    ("hostile", "/introductions/{xss_intro}", True),
    ("admin", "/connectors", False),
    ("admin", "/admin/health", False),
    ("admin", "/admin/audit", False),
    ("admin", "/people/xss", True),
]


@pytest.mark.parametrize("role,url,shown", PAGES, ids=[f"{r}:{u}" for r, u, _ in PAGES])
def test_html_in_user_text_is_shown_as_text(shared_clients, ids, role, url, shown):
    response = shared_clients[role].get(url.format(**ids))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SCRIPT not in body and IMG not in body and "<b>Ops</b>" not in body
    if shown:
        assert ESCAPED_SCRIPT in body or "&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.mark.parametrize("url", ["/people/xss/network/graph?depth=2", "/people/eve/network/graph",
                                 "/intro/graph?to=xss", "/intro/graph?to=tom"])
def test_graphs_carry_hostile_text_only_as_json_strings(shared_clients, url):
    response = shared_clients["mentee"].get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SCRIPT not in body and IMG not in body
    nodes, _ = graph_data(body)
    labels = {n["label"] for n in nodes}
    assert SCRIPT in labels or IMG in labels  # drawn on the canvas, as text
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_tooltips_stay_plain_text_and_the_page_has_no_inline_script(shared_app):
    """vis-network shows a string title with innerText; nothing may swap in an HTML popup."""
    graph = nx.Graph()
    graph.add_node("a", label="a", title=IMG)
    graph.add_node("b", label="b", title="<a href=x onmouseover=alert(1)>b</a>")
    with shared_app.test_request_context():
        page = render(Drawing(graph, SCRIPT, {}, [{"mark": "dot", "colour": "#000", "text": IMG}]))
    assert {n["id"]: n["title"] for n in graph_data(page)[0]} == {"a": IMG, "b": "<a href=x onmouseover=alert(1)>b</a>"}
    assert SCRIPT not in page and IMG not in page and "innerHTML" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)


def test_render_leaves_the_callers_graph_alone(shared_app):
    graph = nx.Graph()
    graph.add_node("a", label="a", title="<a href=x>")
    graph.add_edge("a", "b", width=3)
    before = (dict(graph.nodes(data=True)), list(graph.edges(data=True)))
    with shared_app.test_request_context():
        render(Drawing(graph, "a graph", {}, []))
    assert (dict(graph.nodes(data=True)), list(graph.edges(data=True))) == before
