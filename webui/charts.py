"""Charts drawn on the server as inline SVG, from the plain data of :mod:`graphsvc.chart_data`.

Inline SVG needs no script and no request: it passes the site's Content-Security-Policy as
it is (colours are presentation attributes, never ``style``), prints, scales to a phone and
reads in a screen reader through its ``<title>`` and ``<desc>``. Every chart also has a table
of the same numbers beside it (``templates/charts/macros.html``). Every text is escaped here, by
:func:`_el`, the one place markup is made.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterable

from markupsafe import Markup, escape

__all__ = ["stage_chart", "matrix_chart", "progress_chart", "strength_chart", "STAGE_COLOURS", "SERIES_COLOURS"]

INK, MUTED, GRID = "#1f2a33", "#5f6f7a", "#d9e0e5"
# Okabe–Ito colours (told apart with every common kind of colour blindness) and a grey.
STAGE_COLOURS = {"requested": "#56b4e9", "accepted": "#0072b2", "made": "#009e73", "met": "#cc79a7",
                 "declined": "#d55e00", "expired": "#8a9ba8"}
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#7f4f24")
NO_TIE, ONE_BRIDGE = "#b03a2e", "#b86e00"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _el(tag: str, body: str | Iterable[str] = "", **attrs: Any) -> str:
    """One SVG element: attribute names with ``_`` become ``-``; values and plain text are
    escaped, nested elements (made by this function) are passed as a list."""
    text = "".join(body) if not isinstance(body, str) else escape(body)
    shown = "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(_num(value))}"'
                    for name, value in attrs.items() if value is not None)
    return f"<{tag}{shown}>{text}</{tag}>"


def _num(value: Any) -> Any:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


def _svg(chart_id: str, width: int, height: int, title: str, description: str, parts: list[str]) -> Markup:
    """The chart: ``role=img`` named by its title and described by its description."""
    head = [_el("title", title, id=f"{chart_id}-title"), _el("desc", description, id=f"{chart_id}-desc")]
    return Markup(_el("svg", head + parts, xmlns="http://www.w3.org/2000/svg", class_="chart", id=chart_id,
                      viewBox=f"0 0 {width} {height}", role="img",
                      aria_labelledby=f"{chart_id}-title {chart_id}-desc", font_family="system-ui, sans-serif",
                      font_size=13, fill=INK))


def _nice_top(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… at least ``value`` (an axis' top)."""
    top = 1
    while top < value:
        top = top * 5 // 2 if str(top)[0] == "2" else top * 2
    return top


def _ticks(top: int) -> list[int]:
    """Four or five steps up to a top made by :func:`_nice_top`."""
    step = max(1, top // (4 if str(top)[0] == "2" else 5))
    return list(range(0, top + 1, step))


def _legend(x: float, y: float, rows: list[tuple[str, str]], width: float) -> tuple[list[str], float]:
    """Colour swatches with their labels, wrapped to ``width``; returns the parts and the height used."""
    parts, cx, cy = [], x, y
    for colour, text in rows:
        w = 24 + 7.2 * len(text)
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 20
        parts += [_el("rect", x=cx, y=cy - 10, width=12, height=12, fill=colour),
                  _el("text", text, x=cx + 17, y=cy)]
        cx += w + 12
    return parts, cy - y + 20


def _month_label(month: str) -> str:
    return _MONTHS[int(month[5:7]) - 1]


def stage_chart(data: dict[str, Any], chart_id: str = "stage-chart") -> Markup:
    """Grouped bars: for each month, how many introductions reached each stage."""
    months, stages = data["months"], data["stages"]
    width, left, right, top_pad = 760, 44, 12, 12
    legend, legend_h = _legend(left, top_pad + 10, [(STAGE_COLOURS[s], s) for s in stages], width - left - right)
    plot_top, plot_h = top_pad + legend_h + 10, 200
    base_y = plot_top + plot_h
    top = _nice_top(max((m["counts"][s] for m in months for s in stages), default=0) or 1)
    parts = list(legend)
    for tick in _ticks(top):
        y = base_y - plot_h * tick / top
        parts += [_el("line", x1=left, x2=width - right, y1=y, y2=y, stroke=GRID),
                  _el("text", str(tick), x=left - 6, y=y + 4, text_anchor="end", fill=MUTED)]
    group = (width - left - right) / max(1, len(months))
    bar = group * 0.8 / len(stages)
    for i, m in enumerate(months):
        gx = left + i * group + group * 0.1
        for j, stage in enumerate(stages):
            n = m["counts"][stage]
            if n:
                h = plot_h * n / top
                parts.append(_el("rect", [_el("title", f"{m['month']}: {n} {stage}")], x=gx + j * bar,
                                 y=base_y - h, width=max(1.0, bar - 1), height=h, fill=STAGE_COLOURS[stage]))
        label = _month_label(m["month"])
        parts.append(_el("text", label, x=left + (i + 0.5) * group, y=base_y + 16, text_anchor="middle"))
        if i == 0 or label == "Jan":
            parts.append(_el("text", m["month"][:4], x=left + (i + 0.5) * group, y=base_y + 32,
                             text_anchor="middle", fill=MUTED))
    parts.append(_el("line", x1=left, x2=width - right, y1=base_y, y2=base_y, stroke=INK))
    total = {s: sum(m["counts"][s] for m in months) for s in stages}
    description = (f"Introductions by stage per month, {months[0]['month']} to {months[-1]['month']}: "
                   + ", ".join(f"{n} {s}" for s, n in total.items()) + ".")
    return _svg(chart_id, width, base_y + 40, "Introductions by stage per month", description, parts)


def _fill(ties: int, most: int) -> str:
    """A blue as dark as the tie count is large (log scale), white for none."""
    if ties == 0:
        return "#ffffff"
    share = math.log1p(ties) / math.log1p(max(most, 1))
    light, dark = (232, 241, 248), (0, 84, 140)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark))


def _ties(n: int) -> str:
    return f"{n} tie" if n == 1 else f"{n} ties"


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def matrix_chart(data: dict[str, Any], chart_id: str = "department-matrix") -> Markup:
    """The department-to-department matrix: ties per pair as shades; pairs with no tie
    outlined in red, pairs hanging on one bridge in a dashed amber outline."""
    names, cells = data["departments"], data["cells"]
    n, size = len(names), 46
    left = 20 + 8 * max((len(_short(d)) for d in names), default=4)
    top = 20 + 5.2 * max((len(_short(d)) for d in names), default=4)
    most = max((c["ties"] for row in cells for c in row), default=0)
    parts = []
    for i, name in enumerate(names):
        parts.append(_el("text", _short(name), x=left - 8, y=top + i * size + size / 2 + 4, text_anchor="end"))
        cx = left + i * size + size / 2
        parts.append(_el("text", _short(name), x=cx, y=top - 8, text_anchor="start",
                         transform=f"rotate(-45 {cx:.1f} {top - 8:.1f})"))
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            x, y = left + j * size, top + i * size
            ties, bridges = cell["ties"], cell.get("bridges")
            fill = "#eef1f4" if i == j else _fill(ties, most)
            words = f"{names[i]} – {names[j]}: {_ties(ties)}"
            outline = {}
            if i != j and bridges == 0:
                outline, words = {"stroke": NO_TIE, "stroke_width": 3}, words + ", no tie"
            elif i != j and bridges == 1:
                outline = {"stroke": ONE_BRIDGE, "stroke_width": 3, "stroke_dasharray": "5 3"}
                words += ", one bridge"
            elif i != j:
                words += f", {bridges} bridges"
            parts.append(_el("rect", [_el("title", words)], x=x + 2, y=y + 2, width=size - 4, height=size - 4,
                             fill=fill, **(outline or {"stroke": GRID})))
            dark = i != j and ties and math.log1p(ties) / math.log1p(max(most, 1)) > 0.55
            parts.append(_el("text", str(ties), x=x + size / 2, y=y + size / 2 + 5, text_anchor="middle",
                             fill="#ffffff" if dark else INK))
    key_y = top + n * size + 24
    parts += [_el("rect", x=left, y=key_y - 12, width=16, height=16, fill="#ffffff", stroke=NO_TIE, stroke_width=3),
              _el("text", "no tie", x=left + 24, y=key_y + 1),
              _el("rect", x=left + 90, y=key_y - 12, width=16, height=16, fill="#ffffff", stroke=ONE_BRIDGE,
                  stroke_width=3, stroke_dasharray="5 3"),
              _el("text", "one bridge: one person's leaving would cut the pair apart", x=left + 114, y=key_y + 1)]
    weak = data["weak"]
    description = (f"Ties between {n} departments. " + (
        "Weak pairs: " + "; ".join(f"{w['a']} and {w['b']}: " + ("no tie" if w["bridges"] == 0 else "one bridge")
                                   for w in weak) if weak else "Every pair has at least two bridges."))
    width = max(left + n * size + 20, left + 520)
    return _svg(chart_id, round(width), round(key_y + 16), "Connections between departments", description, parts)


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def progress_chart(series: list[dict[str, Any]], today: date, chart_id: str, title: str) -> Markup:
    """Each goal's progress as a step line from when it was set until today, 0–100 %."""
    width, left, right, top_pad, plot_h = 640, 48, 16, 10, 170
    rows = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], _short(s["statement"], 40)) for i, s in enumerate(series)]
    legend, legend_h = _legend(left, top_pad + 10, rows, width - left - right)
    plot_top = top_pad + legend_h + 8
    base_y = plot_top + plot_h
    first = min((_day(p["at"]) for s in series for p in s["points"]), default=today.toordinal())
    last = max(today.toordinal(), first + 1)
    plot_w = width - left - right

    def x_of(day: int) -> float:
        return left + plot_w * (day - first) / (last - first)

    def y_of(progress: float) -> float:
        return base_y - plot_h * progress

    parts = list(legend)
    for pct in (0, 25, 50, 75, 100):
        parts += [_el("line", x1=left, x2=width - right, y1=y_of(pct / 100), y2=y_of(pct / 100), stroke=GRID),
                  _el("text", f"{pct}%", x=left - 6, y=y_of(pct / 100) + 4, text_anchor="end", fill=MUTED)]
    for i, s in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        points = s["points"]
        steps = []
        for k, p in enumerate(points):
            end = _day(points[k + 1]["at"]) if k + 1 < len(points) else last
            y = y_of(p["progress"])
            steps += [f"{x_of(_day(p['at'])):.1f},{y:.1f}", f"{x_of(end):.1f},{y:.1f}"]
        parts.append(_el("polyline", points=" ".join(steps), fill="none", stroke=colour, stroke_width=3))
        parts += [_el("circle", [_el("title", f"{s['statement']}: {round(100 * p['progress'])}% on {p['at']}")],
                      cx=x_of(_day(p["at"])), cy=y_of(p["progress"]), r=4.5, fill=colour) for p in points]
    parts += [_el("line", x1=left, x2=width - right, y1=base_y, y2=base_y, stroke=INK),
              _el("text", date.fromordinal(first).isoformat(), x=left, y=base_y + 18, fill=MUTED),
              _el("text", f"today, {today.isoformat()}", x=width - right, y=base_y + 18, text_anchor="end",
                  fill=MUTED)]
    description = "; ".join(f"{s['statement']}: {round(100 * s['points'][-1]['progress'])}% now"
                            for s in series) or "No goals yet."
    return _svg(chart_id, width, base_y + 26, title, description, parts)


def strength_chart(kinds: list[dict[str, Any]], chart_id: str = "tie-strength-chart") -> Markup:
    """One row per kind of evidence: a dot per tie at its strength (0–1) and a mark at the mean."""
    width, left, right, row_h, top_pad = 660, 150, 150, 34, 26
    plot_w = width - left - right
    parts = []
    for v in (0, 0.25, 0.5, 0.75, 1):
        x = left + plot_w * v
        parts += [_el("line", x1=x, x2=x, y1=top_pad - 6, y2=top_pad + row_h * len(kinds), stroke=GRID),
                  _el("text", f"{v:g}", x=x, y=top_pad - 10, text_anchor="middle", fill=MUTED)]
    for i, k in enumerate(kinds):
        y = top_pad + row_h * i + row_h / 2
        parts.append(_el("text", k["label"], x=left - 10, y=y + 4, text_anchor="end"))
        parts += [_el("circle", [_el("title", f"{k['label']}: {s:.2f}")], cx=left + plot_w * s, cy=y, r=6,
                      fill=SERIES_COLOURS[0], fill_opacity=0.55) for s in k["strengths"]]
        mean_x = left + plot_w * k["mean"]
        parts += [_el("line", x1=mean_x, x2=mean_x, y1=y - 11, y2=y + 11, stroke=INK, stroke_width=3),
                  _el("text", f"mean {k['mean']:.2f}, {_ties(len(k['strengths']))}", x=width - right + 12,
                      y=y + 4, fill=MUTED)]
    height = top_pad + row_h * len(kinds) + 8
    description = "; ".join(f"{k['label']}: {_ties(len(k['strengths']))}, mean strength {k['mean']:.2f}"
                            for k in kinds) or "No ties."
    return _svg(chart_id, width, height, "Strength of ties by kind of evidence", description, parts)
