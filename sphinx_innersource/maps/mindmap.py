"""The category map: the tree of ``:categories:`` paths and its DOT source.

The book's title (or ``:root:``) is in the middle, each level of a category
path (``Adopt / Cultural Challenges``) is a branch, and the patterns are
its leaves, linked to their pages.
"""

from __future__ import annotations

from ..core.model import Pattern
from .data import Branch, Drawing, Shown, category_path, folded
from .dot import URL, attributes, category_node, header, pattern_node


def _tree(entries: list[tuple[tuple[str, ...], str]]) -> tuple[Branch, ...]:
    """Branches from (path, pattern id) entries; levels merged without regard to case,
    each named as first spelt, sorted by name; patterns in entry order."""
    names: dict[str, str] = {}
    direct: dict[str, list[str]] = {}
    below: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for path, pattern_id in entries:
        key = path[0].casefold()
        names.setdefault(key, path[0])
        if len(path) == 1:
            ids = direct.setdefault(key, [])
            if pattern_id not in ids:
                ids.append(pattern_id)
        else:
            direct.setdefault(key, [])
            below.setdefault(key, []).append((path[1:], pattern_id))
    return tuple(Branch(names[key], tuple(direct[key]), _tree(below.get(key, [])))
                 for key in sorted(names, key=lambda k: (k, names[k])))


def map_drawing(selected: list[Pattern], branches: tuple[tuple[str, ...], ...]) -> Drawing:
    """The category tree of the selected patterns.

    A pattern with several categories is a leaf of each; the patterns
    without a category hang from a last branch with no name.  With
    *branches*, each of them is a branch of the root (named by its whole
    path) with what lies below it.
    """
    shown: dict[str, Pattern] = {}
    paths = [(pattern, [p for p in map(category_path, pattern.categories) if p])
             for pattern in selected]
    if not branches:
        entries = [(path, pattern.id) for pattern, found in paths for path in found]
        loose = tuple(pattern.id for pattern, found in paths if not found)
        shown = {pattern.id: pattern for pattern, found in paths}
        tree = _tree(entries) + ((Branch("", loose),) if loose else ())
        return Drawing("map", tuple(Shown.of(p) for p in shown.values()), tree=tree)
    tree: tuple[Branch, ...] = ()
    for branch in branches:
        wanted = folded(branch)
        matches = [(path, pattern) for pattern, found in paths for path in found
                   if folded(path)[:len(branch)] == wanted]
        below = [(path[len(branch):], pattern) for path, pattern in matches]
        # Spelt as the pages spell it.
        name = " / ".join(matches[0][0][:len(branch)] if matches else branch)
        shown.update((pattern.id, pattern) for _rest, pattern in below)
        direct = tuple(dict.fromkeys(p.id for rest, p in below if not rest))
        tree += (Branch(name, direct,
                        _tree([(rest, p.id) for rest, p in below if rest])),)
    return Drawing("map", tuple(Shown.of(p) for p in shown.values()), tree=tree)


def _size(branch: Branch) -> int:
    return 1 + len(branch.patterns) + sum(map(_size, branch.children))


def _left(tree: tuple[Branch, ...]) -> int:
    """How many of the first top branches go right of the root (the others
    left), so that both sides are about as tall."""
    sizes = [_size(b) for b in tree]
    total = sum(sizes)
    return min(range(1, len(sizes) + 1), key=lambda k: abs(total - 2 * sum(sizes[:k]))) \
        if sizes else 0


def map_dot(drawing: Drawing, *, title: str, prefix: str, layout: str, root: str,
            uncategorised: str, urls: dict[str, str], link: str = URL) -> str:
    """The DOT source of a map drawing: *root* in the middle, *uncategorised*
    names the branch of the patterns without a category, *urls* (in the
    node attribute *link*) as for :func:`.graph.graph_dot`.

    With the ``dot`` layout, the first top branches grow to the right of the
    root and the others to the left (an edge written child first ranks the
    child before its parent), as in a hand-drawn mind map.
    """
    patterns = drawing.by_id()
    lines = header(title, prefix, layout, root="r")
    lines.append(category_node("r", root, f"{prefix}-r", "innersource-map-root", root=True))
    count = {"c": 0, "p": 0}
    right = _left(drawing.tree) if layout == "dot" else len(drawing.tree)

    def edge(parent: tuple[str, str], child: tuple[str, str], left: bool) -> None:
        values = {"id": f"{prefix}-{parent[0]}-{child[0]}",
                  "tooltip": f"{parent[1]} \u2013 {child[1]}"}
        first, second = (child, parent) if left else (parent, child)
        lines.append(f"  {first[0]} -- {second[0]} {attributes(values)};")

    def add(parent: tuple[str, str], branch: Branch, depth: int, left: bool) -> None:
        name = (f"c{count['c']}", branch.name or uncategorised)
        count["c"] += 1
        lines.append(category_node(name[0], name[1], f"{prefix}-{name[0]}",
                                   f"innersource-map-category innersource-map-level-{depth}"))
        edge(parent, name, left)
        for child in branch.children:
            add(name, child, depth + 1, left)
        for pattern_id in branch.patterns:
            leaf = f"p{count['p']}"
            count["p"] += 1
            pattern = patterns[pattern_id]
            lines.append(pattern_node(leaf, pattern, f"{prefix}-{leaf}", urls.get(pattern_id),
                                      link=link))
            edge(name, (leaf, pattern.title), left)

    for n, top in enumerate(drawing.tree):
        add(("r", root), top, 1, n >= right)
    lines.append("}")
    return "\n".join(lines) + "\n"
