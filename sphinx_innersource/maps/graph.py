"""The related-patterns graph: which patterns, which relations, and its DOT source.

Relations are undirected: a relation stated on both pages is one edge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..core.model import Pattern
from .data import Drawing, Shown
from .dot import URL, attributes, header, pattern_node

Resolve = Callable[[str], "Pattern | None"]


def adjacency(patterns: Iterable[Pattern], resolve: Resolve) -> dict[str, frozenset[str]]:
    """id -> ids of the patterns it relates to or that relate to it.

    A relation names its target by id, alias or title (*resolve* finds it);
    one naming no pattern, or the pattern itself, is left out.
    """
    links: dict[str, set[str]] = {}
    for pattern in patterns:
        links.setdefault(pattern.id, set())
        for target in pattern.related:
            other = resolve(target)
            if other is None or other.id == pattern.id:
                continue
            links[pattern.id].add(other.id)
            links.setdefault(other.id, set()).add(pattern.id)
    return {key: frozenset(value) for key, value in links.items()}


def graph_drawing(selected: list[Pattern], adj: dict[str, frozenset[str]],
                  center: Pattern | None = None, depth: int = 1,
                  position: dict[str, int] | None = None) -> Drawing:
    """The selected patterns (or those within *depth* relations of *center*,
    walking through selected patterns only) and the relations between them.

    *position* (id -> index in *selected*, computed when not given) lets many
    small graphs of one book share that work.
    """
    if center is not None:
        if position is None:
            position = {p.id: n for n, p in enumerate(selected)}
        reached = {center.id}
        frontier = {center.id}
        for _ in range(depth):
            frontier = {n for f in frontier for n in adj.get(f, ()) if n in position} - reached
            if not frontier:
                break
            reached |= frontier
        chosen = [center] + [selected[position[i]]
                             for i in sorted(reached - {center.id}, key=position.__getitem__)]
    else:
        chosen = list(selected)
    order = {p.id: n for n, p in enumerate(chosen)}
    edges = sorted({tuple(sorted((a, b), key=order.__getitem__))
                    for a in order for b in adj.get(a, ()) if b in order},
                   key=lambda e: (order[e[0]], order[e[1]]))
    return Drawing("graph", tuple(Shown.of(p) for p in chosen),
                   edges=tuple(edges),  # type: ignore[arg-type]
                   center=center.id if center is not None else "")


def graph_dot(drawing: Drawing, *, title: str, prefix: str, layout: str,
              urls: dict[str, str], link: str = URL) -> str:
    """The DOT source of a graph drawing; *urls* maps pattern ids to their pages
    (written in the node attribute *link*)."""
    names = {p.id: f"p{n}" for n, p in enumerate(drawing.patterns)}
    lines = header(title, prefix, layout)
    for pattern in drawing.patterns:
        name = names[pattern.id]
        lines.append(pattern_node(name, pattern, f"{prefix}-{name}", urls.get(pattern.id),
                                  emphasis=pattern.id == drawing.center, link=link))
    titles = {p.id: p.title for p in drawing.patterns}
    for a, b in drawing.edges:
        values = {"id": f"{prefix}-{names[a]}-{names[b]}",
                  "tooltip": f"{titles[a]} \u2013 {titles[b]}"}
        lines.append(f"  {names[a]} -- {names[b]} {attributes(values)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
