"""The drawing of a spec, from the domain's index (cached until the index changes)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .data import Drawing, MapSpec, in_branches
from .graph import adjacency, graph_drawing
from .mindmap import map_drawing

if TYPE_CHECKING:
    from ..domain import InnerSourceDomain


def drawing_of(domain: InnerSourceDomain, spec: MapSpec) -> Drawing:
    """What *spec* shows of the book as it is now."""

    def compute() -> Drawing:
        query = replace(spec.query, categories=())
        selected = [p for p in domain.select(query) if in_branches(p, spec.branches)]
        if spec.kind == "map":
            return map_drawing(selected, spec.branches)
        center = None
        if spec.around:
            center = domain.find_pattern(spec.around)
            if center is None:
                return Drawing("graph", unknown_around=spec.around)
            if spec.auto and center.docname != spec.docname:
                return Drawing("graph")  # a duplicate id: the page's pattern is not indexed
        adj = domain.derived(("maps", "adjacency"), lambda: adjacency(
            domain.patterns.values(), domain.find_pattern))
        return graph_drawing(selected, adj, center, spec.depth)

    return domain.derived(("maps", spec), compute)
