"""Interactive graphs of paths and networks, drawn by pyvis into a string.

The graph page is served on its own URL and embedded with a sandboxed ``<iframe>``: pyvis
needs inline scripts, which the rest of the site's Content-Security-Policy forbids, and
the sandbox keeps that page away from the session. ``cdn_resources="in_line"`` puts vis.js
inside the page, so graphs draw with no network access.

User text reaches the graph only as node and edge labels and titles. vis draws labels on a
canvas and puts a string title into the tooltip with ``innerText``, so both are text; but
pyvis swaps in its own popup that uses ``innerHTML`` for every node as soon as any node title
contains "href". :func:`render` escapes the titles exactly then, so a name is shown as text
either way.
"""
from __future__ import annotations

import html
from typing import Any, Iterable

import networkx as nx
from flask import Response
from pyvis.network import Network

__all__ = ["label", "tooltip", "render", "graph_response", "paths_graph", "network_graph", "NODE_COLOURS"]

GRAPH_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
             "img-src data:; frame-ancestors 'self'")
NODE_COLOURS = {"source": "#1d6fa5", "target": "#c0392b", "path": "#e0a800", "other": "#8a9ba8"}
_LABEL_MAX = 40


def label(text: Any) -> str:
    """A short one-line label: long names are cut, control characters dropped."""
    clean = "".join(ch for ch in str(text or "") if ch.isprintable())
    return clean if len(clean) <= _LABEL_MAX else clean[:_LABEL_MAX - 1] + "…"


def tooltip(lines: Iterable[Any]) -> str:
    return "\n".join(str(line) for line in lines if line)


def render(graph: nx.Graph, height: str = "560px") -> str:
    """The pyvis page of ``graph`` (nodes with label/title/color/size, edges with title and weight, drawn as width)."""
    graph = graph.copy()  # from_nx rewrites attributes of the graph it is given
    titles = nx.get_node_attributes(graph, "title")
    if any("href" in t for t in titles.values()):
        nx.set_node_attributes(graph, {n: html.escape(t) for n, t in titles.items()}, "title")
    net = Network(height=height, width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    net.from_nx(graph, show_edge_weights=False)
    net.set_options('{"physics": {"stabilization": {"iterations": 150}}, '
                    '"interaction": {"hover": true, "tooltipDelay": 100}}')
    return net.generate_html()


def graph_response(page: str) -> Response:
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = GRAPH_CSP
    return response


def _person_node(graph: nx.Graph, person: dict[str, Any], role: str, size: int = 16) -> None:
    graph.add_node(person["person_id"], label=label(person.get("name") or person["person_id"]),
                   title=tooltip([person.get("name") or person["person_id"], person.get("title"),
                                  person.get("department")]),
                   color=NODE_COLOURS[role], size=size)


def paths_graph(paths: list[dict[str, Any]], people: dict[str, dict[str, Any]]) -> nx.Graph:
    """The union of ranked intro paths: ends coloured, each hop titled with its evidence."""
    graph = nx.Graph()
    if not paths:
        return graph
    ends = {paths[0]["people"][0]["person_id"]: "source", paths[0]["people"][-1]["person_id"]: "target"}
    for path in paths:
        for p in path["people"]:
            pid = p["person_id"]
            _person_node(graph, people.get(pid) or {"person_id": pid, "name": p["name"]},
                         ends.get(pid, "path"), 22 if pid in ends else 16)
        for hop in path["hops"]:
            graph.add_edge(hop["from"], hop["to"], title=tooltip(hop["evidence"]),
                           weight=1 + 6 * hop["strength"])
    return graph


def network_graph(center: str, people: dict[str, dict[str, Any]], edges: list[tuple[str, str, float, list[str]]]) -> nx.Graph:
    """A person's network: ``edges`` are (a, b, strength, evidence lines)."""
    graph = nx.Graph()
    for pid, person in people.items():
        _person_node(graph, person, "source" if pid == center else "other", 24 if pid == center else 12)
    for a, b, strength, evidence in edges:
        graph.add_edge(a, b, title=tooltip(evidence), weight=1 + 6 * strength)
    return graph
