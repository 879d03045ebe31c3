"""Reading the drawings of pattern-graph and pattern-map out of built pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@dataclass
class Drawn:
    """One inline SVG: its nodes (by Graphviz id) and its edges."""

    svg: ET.Element
    #: node id -> label (the lines of its text joined by spaces)
    labels: dict[str, str]
    #: node id -> href of its link (None for a category or the root)
    hrefs: dict[str, str | None]
    #: node id -> its <title> (the tooltip browsers show)
    tooltips: dict[str, str]
    #: node id -> its classes
    classes: dict[str, list[str]]
    #: pairs of labels, one per edge
    edges: list[frozenset[str]]

    def by_label(self, label: str) -> str:
        (node_id,) = [k for k, v in self.labels.items() if v == label]
        return node_id

    def patterns(self) -> set[str]:
        return {self.labels[k] for k, c in self.classes.items()
                if "innersource-graph-pattern" in c}


def drawings(html: str) -> list[Drawn]:
    """The inline SVG drawings of a page, in order."""
    result = []
    for text in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        svg = ET.fromstring(text)
        labels, hrefs, tooltips, classes = {}, {}, {}, {}
        for group in svg.iter(f"{SVG}g"):
            cls = group.get("class", "").split()
            if "node" not in cls:
                continue
            node_id = group.get("id")
            labels[node_id] = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
            link = group.find(f".//{SVG}a")
            hrefs[node_id] = link.get(f"{XLINK}href") if link is not None else None
            tooltips[node_id] = group.find(f"{SVG}title").text
            classes[node_id] = cls
        edges = []
        prefix = svg.find(f"{SVG}g").get("id")
        for group in svg.iter(f"{SVG}g"):
            if "edge" in group.get("class", "").split():
                # edge ids are <prefix>-<name>-<name>, node ids <prefix>-<name>
                a, b = group.get("id")[len(prefix) + 1:].split("-")
                edges.append(frozenset({labels[f"{prefix}-{a}"], labels[f"{prefix}-{b}"]}))
        result.append(Drawn(svg, labels, hrefs, tooltips, classes, edges))
    return result


def page_drawings(outdir: Path, name: str) -> list[Drawn]:
    return drawings((outdir / name).read_text(encoding="utf-8"))
