"""Generated tables of contents that would make a cycle.

A ``patterns-toctree`` on a pattern's own page lists the other pattern
pages, and those may hold one too: page A lists B and B lists A, and Sphinx
dies with a recursion error while it walks the tables of contents.  The
entries of the generated toctrees are therefore decided for the whole book
at once: each toctree, in a fixed order, keeps the entries that make no
cycle with what is already there (the toctrees the author wrote, and the
generated entries kept before).  The order puts the toctrees nearest the
root document first (then by page name), so the page closer to the root
keeps its entries, and the result does not depend on the order in which
pages were read (a parallel or incremental build gives the same).

Nothing here imports Sphinx.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

#: A generated toctree: (page, its position among the page's generated toctrees).
Key = tuple[str, int]


def depths(root: str, edges: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Breadth-first distance of every page reachable from *root*."""
    found = {root: 0}
    queue = deque([root])
    while queue:
        page = queue.popleft()
        for child in edges.get(page, ()):
            if child not in found:
                found[child] = found[page] + 1
                queue.append(child)
    return found


def _reaches(graph: Mapping[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        page = stack.pop()
        if page == goal:
            return True
        for child in graph.get(page, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def break_cycles(root: str, fixed: Mapping[str, Sequence[str]],
                 generated: Mapping[Key, Sequence[str]]
                 ) -> dict[Key, tuple[list[str], list[str]]]:
    """(kept entries, left-out entries) of each generated toctree.

    *fixed* holds the entries of the toctrees the author wrote, by page;
    *generated* the entries each generated toctree would list.
    """
    every: dict[str, list[str]] = {page: list(children) for page, children in fixed.items()}
    for (page, _n), entries in generated.items():
        every.setdefault(page, []).extend(entries)
    distance = depths(root, every)
    far = len(distance) + 1
    graph: dict[str, set[str]] = {page: set(children) for page, children in fixed.items()}
    result: dict[Key, tuple[list[str], list[str]]] = {}
    for key in sorted(generated, key=lambda k: (distance.get(k[0], far), k)):
        host = key[0]
        kept: list[str] = []
        left_out: list[str] = []
        for entry in generated[key]:
            if entry == host or _reaches(graph, entry, host):
                left_out.append(entry)
            else:
                graph.setdefault(host, set()).add(entry)
                kept.append(entry)
        result[key] = (kept, left_out)
    return result
