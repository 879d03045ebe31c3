"""What a pattern graph or a category map shows: plain data, no Sphinx.

A directive records a :class:`MapSpec` (its selection and drawing options);
once every page is read, ``graph.graph_drawing`` and ``mindmap.map_drawing``
turn it and the book's patterns into a :class:`Drawing`.  The same drawing is
rendered (DOT, or the plain list when Graphviz cannot run), checked (an
unknown ``:around:``, too many patterns) and fingerprinted (is the page to
be rewritten?), so what is shown and what decides a rewrite cannot drift
apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import Pattern
from ..core.query import Query

#: The Graphviz layout engines a drawing may ask for.
LAYOUTS = ("dot", "neato", "fdp", "sfdp", "circo", "twopi")

#: ``pattern-graph`` draws with ``dot`` up to this many patterns (compact and
#: tidy), with ``sfdp`` above: ``dot``'s layout time explodes on graphs with
#: many cycles (100 related patterns: seconds; 200: minutes).
SMALL_GRAPH = 12


def default_layout(kind: str, size: int) -> str:
    """The layout of a drawing without ``:layout:``: a map is a two-sided
    tree (``dot``); a graph, see :data:`SMALL_GRAPH`."""
    return "dot" if kind == "map" or size <= SMALL_GRAPH else "sfdp"


#: The levels of a category path: ``Adopt / Cultural Challenges``.
_LEVEL_SEPARATOR = re.compile(r"\s+/\s+")


@dataclass(frozen=True)
class MapSpec:
    """A ``pattern-graph`` (kind ``graph``) or ``pattern-map`` (kind ``map``)."""

    kind: str
    query: Query
    lineno: int | None = None
    #: ``pattern-graph :around:``: the pattern (id, alias or title) in the middle.
    around: str = ""
    depth: int = 1
    #: A Graphviz layout engine; empty for the kind's default.
    layout: str = ""
    #: ``pattern-map :root:``; empty for the book's title.
    root: str = ""
    #: ``:alt:``; empty for the default accessible name.
    alt: str = ""
    #: The graph added to a pattern page by ``innersource_pattern_graph``...
    auto: bool = False
    #: ... and that page.
    docname: str = ""

    @property
    def branches(self) -> tuple[tuple[str, ...], ...]:
        """The category paths of ``:categories:``, split into levels."""
        return tuple(p for p in map(category_path, self.query.categories) if p)


@dataclass(frozen=True)
class Shown:
    """A pattern as a drawing shows it."""

    id: str
    docname: str
    title: str
    patlet: str
    level: int

    @classmethod
    def of(cls, pattern: Pattern) -> Shown:
        return cls(pattern.id, pattern.docname, pattern.title or pattern.id, pattern.patlet,
                   pattern.level)


@dataclass(frozen=True)
class Branch:
    """A category of the map, its patterns (ids) and its sub-categories.

    The name is empty for the branch of the patterns without a category.
    """

    name: str
    patterns: tuple[str, ...] = ()
    children: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class Drawing:
    kind: str
    patterns: tuple[Shown, ...] = ()
    #: Graph: the relations, each pair once (ids, in drawing order).
    edges: tuple[tuple[str, str], ...] = ()
    #: Map: the category tree.
    tree: tuple[Branch, ...] = ()
    #: Graph: the id of the ``:around:`` pattern.
    center: str = ""
    #: The ``:around:`` value when it names no pattern (nothing is drawn).
    unknown_around: str = ""

    @property
    def size(self) -> int:
        return len(self.patterns)

    def by_id(self) -> dict[str, Shown]:
        return {p.id: p for p in self.patterns}


def category_path(text: str) -> tuple[str, ...]:
    """``"Adopt / Cultural Challenges"`` -> ``("Adopt", "Cultural Challenges")``."""
    return tuple(level for level in (s.strip() for s in _LEVEL_SEPARATOR.split(text)) if level)


def folded(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(level.casefold() for level in path)


def in_branches(pattern: Pattern, branches: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of the pattern's categories is one of *branches* or below one."""
    if not branches:
        return True
    wanted = [folded(b) for b in branches]
    for category in pattern.categories:
        path = folded(category_path(category))
        if any(path[:len(b)] == b for b in wanted):
            return True
    return False
