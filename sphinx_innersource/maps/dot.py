"""Writing Graphviz DOT: quoting, the node style of each maturity, the graph header.

Colours are chosen to read on light and dark pages alike: fills are the
border colour at low opacity (a tint of whatever is behind), borders and
edges are of middle lightness (a contrast of 3:1 or more on white and on
the dark backgrounds of furo, pydata-sphinx-theme and sphinx-book-theme),
and the HTML stylesheet gives the text the page's text colour.  Maturity is
also told by the border (double, solid, dashed, dotted), which survives
printing in black and white.
"""

from __future__ import annotations

import re
import textwrap

from ..core.model import Maturity
from .data import Shown

#: level -> (border colour, Graphviz style, number of borders).
MATURITY_STYLES: dict[int, tuple[str, str, int]] = {
    3: ("#2e9e5b", "rounded,filled", 2),
    2: ("#3b7dd8", "rounded,filled", 1),
    1: ("#8a8f98", "rounded,filled,dashed", 1),
    0: ("#8a8f98", "rounded,filled,dotted", 1),
}
#: Opacity of the fills (hex alpha): about 16 %.
FILL_ALPHA = "29"
EDGE_COLOUR = "#8a8f98"
ACCENT = "#4a7fb5"
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
#: Characters per line of a node label.
LABEL_WIDTH = 24
#: The attribute holding a node's link: Graphviz makes ``URL`` a link of the
#: SVG; for LaTeX the target is kept in an attribute of ours, which Graphviz
#: passes on in its JSON output and leaves out of the PDF.
URL = "URL"
TARGET = "innersource_target"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class Label(str):
    """An already quoted DOT string (lines joined by ``\\n``)."""


def quote(text: str) -> str:
    """A DOT string: quotes and backslashes escaped (no ``\\N``-style escapes
    reach Graphviz), control characters turned into spaces."""
    text = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def label(text: str) -> Label:
    """A label wrapped into lines of about :data:`LABEL_WIDTH` characters."""
    lines = textwrap.wrap(_CONTROL.sub(" ", text), LABEL_WIDTH) or [""]
    return Label('"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"')


def attributes(values: dict[str, str | int | float]) -> str:
    """``[name="value", ...]``."""
    return "[" + ", ".join(
        f"{name}={value if isinstance(value, (Label, int, float)) else quote(value)}"
        for name, value in values.items()) + "]"


def level_key(level: int) -> str:
    """The CSS class suffix of a level: ``validated`` ... ``none``."""
    return Maturity(level).key if level else "none"


def header(title: str, prefix: str, layout: str, **extra: str) -> list[str]:
    """The first lines of an undirected graph named *title* (the SVG's title)."""
    graph: dict[str, str | int | float] = {
        "id": prefix, "layout": layout, "bgcolor": "transparent", "pad": "0.15",
        "outputorder": "edgesfirst", "fontname": FONT, "margin": 0, **extra}
    if layout == "dot":
        graph.update(rankdir="LR", nodesep="0.25", ranksep="0.45")
    elif layout in ("neato", "fdp", "sfdp"):
        graph.update(overlap="false", sep="+8")
    else:
        graph.update(overlap="false", ranksep="1.1")
    node = {"fontname": FONT, "fontsize": 11, "shape": "box", "margin": "0.14,0.06",
            "penwidth": 1.3}
    edge = {"color": EDGE_COLOUR, "penwidth": 1.2}
    return [f"graph {quote(title)} {{", f"  graph {attributes(graph)};",
            f"  node {attributes(node)};", f"  edge {attributes(edge)};"]


def pattern_node(name: str, pattern: Shown, node_id: str, url: str | None,
                 emphasis: bool = False, link: str = URL) -> str:
    """The DOT line of a pattern: its title, a link to its page (in the
    attribute *link*), its patlet as tooltip."""
    colour, style, borders = MATURITY_STYLES.get(pattern.level, MATURITY_STYLES[0])
    values: dict[str, str | int | float] = {
        "id": node_id, "label": label(pattern.title), "tooltip": pattern.patlet or pattern.title,
        "class": f"innersource-graph-pattern innersource-maturity-{level_key(pattern.level)}",
        "style": style, "color": colour, "fillcolor": colour + FILL_ALPHA, "peripheries": borders,
    }
    if emphasis:
        values.update(penwidth=2.6, fontname=FONT_BOLD)
    if url:
        values[link] = url
    return f"  {quote(name)} {attributes(values)};"


def category_node(name: str, text: str, node_id: str, css: str, root: bool = False) -> str:
    """A category of the map (or, with *root*, the map's centre)."""
    values: dict[str, str | int | float] = {
        "id": node_id, "label": label(text), "tooltip": text, "class": css,
        "style": "rounded,filled,bold" if root else "rounded,filled", "color": ACCENT,
        "fillcolor": ACCENT + (FILL_ALPHA if root else "14"), "fontname": FONT_BOLD}
    if root:
        values.update(fontsize=13, penwidth=2)
    return f"  {quote(name)} {attributes(values)};"
