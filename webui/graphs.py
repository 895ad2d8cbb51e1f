"""Interactive graphs of paths and networks: pyvis turns a networkx graph into vis-network's
data, and the app's own template draws it.

The graph page is served on its own URL and embedded with a sandboxed ``<iframe>`` (scripts,
but not the site's origin), so not even a flaw in the drawing library could reach the
session. It loads vis-network from the app itself (the copy pyvis ships, served by
:data:`vis_files`) and has no inline script: the drawing's data sits in a
``<script type="application/json">`` block that ``static/graph.js`` reads, so the page's
Content-Security-Policy allows scripts from the site only. pyvis's own template is not used:
it links Bootstrap from a CDN and is rendered without autoescaping.

User text reaches a graph as node labels (drawn on a canvas) and tooltips (vis-network puts
a string title into the tooltip with ``innerText``), always as text; it reaches the page only
through ``tojson``, which escapes ``<``, ``>`` and ``&``.

Paths are laid out in layers (:func:`layered_positions`: the source on the left, the target
on the right, each hop a column, every tie running left to right) with physics off; a
person's network keeps the force layout, coloured by department and sized by connector score.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import pyvis
from flask import Blueprint, Response, render_template
from pyvis.network import Network

__all__ = ["Drawing", "label", "tooltip", "edge_width", "layered_positions", "department_colours", "render",
           "graph_response", "paths_graph", "network_graph", "vis_files", "GRAPH_CSP"]

GRAPH_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "frame-ancestors 'self'")
#: vis-network as pyvis ships it (the version its data format targets), served by the app.
vis_files = Blueprint("vis", __name__, static_folder=str(Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2"),
                      static_url_path="/static/vis-network")

# Okabe–Ito colours: told apart with every common kind of colour blindness.
ROLE_COLOURS = {"source": "#0072b2", "target": "#d55e00", "path": "#e69f00"}
DEPARTMENT_PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f4f24",
                      "#6a3d9a")
OTHER_COLOUR = "#8a9ba8"
EDGE_COLOUR = "#7b8a96"
CENTRE_BORDER = "#1f2a33"
#: The strengths the legend shows a line of, with their words.
STRENGTH_STEPS = ((0.2, "weak"), (0.5, "fair"), (0.8, "strong"))
COLUMN_GAP, ROW_GAP = 200, 100
_LABEL_MAX = 40


def label(text: Any) -> str:
    """A short one-line label: long names are cut, control characters dropped."""
    clean = "".join(ch for ch in str(text or "") if ch.isprintable())
    return clean if len(clean) <= _LABEL_MAX else clean[:_LABEL_MAX - 1] + "…"


def tooltip(lines: Iterable[Any]) -> str:
    return "\n".join(str(line) for line in lines if line)


def edge_width(strength: float) -> float:
    """Line width of a tie: 1 (no strength) to 8 (certain)."""
    return round(1 + 7 * strength, 2)


@dataclass
class Drawing:
    """What a graph page shows: the graph (nodes and edges with vis-network's attributes),
    vis-network options, a legend (``{"mark", "colour", "size", "text"}`` rows) and, for
    paths, the person ids along each path so the page can highlight one."""

    graph: nx.Graph
    title: str
    options: dict[str, Any]
    legend: list[dict[str, Any]]
    paths: list[list[str]] = field(default_factory=list)


def _strength_legend() -> list[dict[str, Any]]:
    return [{"mark": "line", "size": edge_width(s), "colour": EDGE_COLOUR, "text": f"tie strength {s:.1f} ({word})"}
            for s, word in STRENGTH_STEPS]


def render(drawing: Drawing) -> str:
    """The graph page of ``drawing`` (call inside a request: it renders a Flask template)."""
    graph = drawing.graph.copy()  # from_nx rewrites attributes of the graph it is given
    net = Network()
    net.from_nx(graph, show_edge_weights=False)
    nodes, edges, *_ = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": drawing.options, "paths": drawing.paths}
    return render_template("graph/frame.html", title=drawing.title, legend=drawing.legend, data=data)


def graph_response(page: str) -> Response:
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = GRAPH_CSP
    return response


def _person_title(person: dict[str, Any], *more: Any) -> str:
    return tooltip([person.get("name") or person["person_id"], person.get("title"), person.get("department"), *more])


def layered_positions(paths: list[list[str]]) -> dict[str, tuple[int, int]]:
    """Fixed ``(x, y)`` of everyone on these paths (all from one source to one target).

    Each person's column is one more than the column of whoever comes before them on any of
    the paths (the longest-path layering), so every tie of every path runs left to right; the
    target takes the column after the last. Two people on two paths in opposite orders (rare)
    end up in one column. Within a column people are stacked in the order of the first
    (warmest) path they are on, centred on the source–target line.

    Examples
    --------
    >>> layered_positions([["s", "a", "t"], ["s", "b", "c", "t"]])
    {'s': (0, 0), 'a': (200, -50), 'b': (200, 50), 'c': (400, 0), 't': (600, 0)}
    """
    source, target = paths[0][0], paths[0][-1]
    column = {source: 0}
    order = [source]
    for path in paths:
        order += [pid for pid in path[1:-1] if pid not in order]
    last = len(order) - 1  # no chain of people is longer; the cap ends the relaxing of a cycle
    for _ in range(len(order)):  # relax until nothing moves
        moved = False
        for path in paths:
            for before, pid in zip(path, path[1:-1]):
                wanted = min(last, column.get(before, 0) + 1)
                if column.get(pid, 0) < wanted:
                    column[pid], moved = wanted, True
        if not moved:
            break
    used = sorted(set(column.values()))  # close the gaps a cycle leaves
    column = {pid: used.index(c) for pid, c in column.items()}
    column[target] = len(used)
    rows: dict[int, list[str]] = {}
    for pid in [*order, target]:
        rows.setdefault(column[pid], []).append(pid)
    return {pid: (column[pid] * COLUMN_GAP, round((i - (len(members) - 1) / 2) * ROW_GAP))
            for members in rows.values() for i, pid in enumerate(members)}


def paths_graph(paths: list[dict[str, Any]], people: dict[str, dict[str, Any]]) -> Drawing:
    """The union of ranked intro paths in layers, each hop as wide as it is strong and titled
    with its evidence."""
    graph = nx.Graph()
    ids = [[p["person_id"] for p in path["people"]] for path in paths]
    if not paths:
        return Drawing(graph, "No paths", {}, [])
    positions = layered_positions(ids)
    ends = {ids[0][0]: "source", ids[0][-1]: "target"}
    for path in paths:
        for p in path["people"]:
            pid = p["person_id"]
            person = people.get(pid) or {"person_id": pid, "name": p["name"]}
            x, y = positions[pid]
            graph.add_node(pid, label=label(person.get("name") or pid), title=_person_title(person),
                           color=ROLE_COLOURS[ends.get(pid, "path")], size=22 if pid in ends else 16, x=x, y=y)
        for hop in path["hops"]:
            names = path["names"]
            skips = abs(positions[hop["to"]][0] - positions[hop["from"]][0]) > COLUMN_GAP
            graph.add_edge(hop["from"], hop["to"], label=f"{hop['strength']:.2f}", color=EDGE_COLOUR,
                           title=tooltip([f"{names[hop['from']]} – {names[hop['to']]}: tie strength "
                                          f"{hop['strength']:.2f}", *hop["evidence"]]),
                           weight=edge_width(hop["strength"]),
                           # a tie across a column bends, so that it does not run through its people
                           smooth={"enabled": True, "type": "curvedCW", "roundness": 0.2} if skips else False)
    source, target = (people.get(pid) or {"person_id": pid} for pid in (ids[0][0], ids[0][-1]))
    legend = [{"mark": "dot", "colour": ROLE_COLOURS["source"], "text": "start"},
              {"mark": "dot", "colour": ROLE_COLOURS["path"], "text": "introducer"},
              {"mark": "dot", "colour": ROLE_COLOURS["target"], "text": "the person to reach"},
              *_strength_legend(),
              {"mark": "line", "size": 5, "colour": CENTRE_BORDER, "text": "the selected path"}]
    options = {"physics": {"enabled": False},
               "interaction": {"hover": True, "tooltipDelay": 100},
               # large type: a graph of long paths is drawn zoomed out to fit its frame
               "nodes": {"font": {"size": 20}},
               "edges": {"smooth": False, "font": {"size": 15, "align": "top"}}}
    title = (f"Warm paths from {source.get('name') or source['person_id']} "
             f"to {target.get('name') or target['person_id']}")
    return Drawing(graph, title, options, legend, ids)


def department_colours(people: Iterable[dict[str, Any]]) -> dict[str, str]:
    """A colour per department, the largest departments first; past the palette, the rest
    share :data:`OTHER_COLOUR`."""
    sizes: dict[str, int] = {}
    for person in people:
        if person.get("department"):
            sizes[person["department"]] = sizes.get(person["department"], 0) + 1
    ranked = sorted(sizes, key=lambda d: (-sizes[d], d))
    return {d: DEPARTMENT_PALETTE[i] if i < len(DEPARTMENT_PALETTE) else OTHER_COLOUR for i, d in enumerate(ranked)}


def _node_size(score: float | None, top: float) -> int:
    """10 for no connector score, up to 40 for the highest score in the drawing (by area)."""
    return 10 + round(30 * math.sqrt((score or 0) / top)) if top > 0 else 10


def network_graph(center: str, people: dict[str, dict[str, Any]],
                  edges: list[tuple[str, str, float, list[str]]]) -> Drawing:
    """A person's network: ``edges`` are (a, b, strength, evidence lines). People are coloured
    by department and sized by connector score (betweenness, from the last ``analyze``)."""
    graph = nx.Graph()
    colours = department_colours(people.values())
    top = max((p.get("betweenness") or 0 for p in people.values()), default=0)
    for pid, person in people.items():
        score = person.get("betweenness")
        shown = f"connector score {score:.4f}" if score is not None else "connector score not computed yet"
        node = {"label": label(person.get("name") or pid), "title": _person_title(person, shown),
                "color": colours.get(person.get("department"), OTHER_COLOUR), "size": _node_size(score, top)}
        if pid == center:
            node.update(color={"background": node["color"], "border": CENTRE_BORDER}, borderWidth=4,
                        font={"size": 18, "bold": True})
        graph.add_node(pid, **node)
    for a, b, strength, evidence in edges:
        graph.add_edge(a, b, title=tooltip([f"tie strength {strength:.2f}", *evidence]), color=EDGE_COLOUR,
                       weight=edge_width(strength))
    shown = set(colours.values())
    legend = [{"mark": "dot", "colour": colour, "text": department} for department, colour in colours.items()
              if colour != OTHER_COLOUR]
    if OTHER_COLOUR in shown or any(not p.get("department") for p in people.values()):
        legend.append({"mark": "dot", "colour": OTHER_COLOUR, "text": "other or no department"})
    legend.append({"mark": "ring", "colour": CENTRE_BORDER, "text": "this person"})
    if top > 0:
        legend += [{"mark": "size", "size": 5, "colour": OTHER_COLOUR, "text": "small: few paths run through them"},
                   {"mark": "size", "size": 11, "colour": OTHER_COLOUR, "text": "large: a connector (betweenness)"}]
    else:
        legend.append({"mark": "size", "size": 5, "colour": OTHER_COLOUR,
                       "text": "one size: connector scores come with the next analytics run"})
    legend += _strength_legend()
    centre = people.get(center, {"person_id": center})
    options = {"physics": {"stabilization": {"iterations": 150}},
               "interaction": {"hover": True, "tooltipDelay": 100}}
    return Drawing(graph, f"Network of {centre.get('name') or center}", options, legend)

