"""The drawing of a spec, from the domain's index (cached until the index changes).

Whole-book views (the selection of a query cut to some branches, its
positions, the relations) are computed once per build and shared: the
graphs of a thousand pattern pages all select from the same patterns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .data import Drawing, MapSpec, in_branches
from .graph import adjacency, graph_drawing
from .mindmap import map_drawing

if TYPE_CHECKING:
    from ..core.model import Pattern
    from ..core.query import Query
    from ..domain import InnerSourceDomain


def _selected(domain: InnerSourceDomain, query: Query,
              branches: tuple[tuple[str, ...], ...]) -> tuple[list[Pattern], dict[str, int]]:
    """The patterns *query* takes within *branches*, and id -> position."""

    def compute() -> tuple[list[Pattern], dict[str, int]]:
        patterns = [p for p in domain.select(replace(query, categories=()))
                    if in_branches(p, branches)]
        return patterns, {p.id: n for n, p in enumerate(patterns)}

    return domain.derived(("maps", "selected", query, branches), compute)


def drawing_of(domain: InnerSourceDomain, spec: MapSpec) -> Drawing:
    """What *spec* shows of the book as it is now."""

    def compute() -> Drawing:
        branches = spec.branches
        selected, position = _selected(domain, spec.query, branches)
        if spec.kind == "map":
            return map_drawing(selected, branches)
        center = None
        if spec.around:
            center = domain.find_pattern(spec.around)
            if center is None:
                return Drawing("graph", unknown_around=spec.around)
            if spec.auto and center.docname != spec.docname:
                return Drawing("graph")  # a duplicate id: the page's pattern is not indexed
        adj = domain.derived(("maps", "adjacency"), lambda: adjacency(
            domain.patterns.values(), domain.find_pattern))
        return graph_drawing(selected, adj, center, spec.depth, position)

    return domain.derived(("maps", spec), compute)
