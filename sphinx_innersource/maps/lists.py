"""The docutils side of a drawing: its legend, and the plain linked list
shown in its place when it cannot be drawn (in any output format)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from ..core.model import Maturity
from ..directives.pattern import maturity_badge
from ..domain import maturity_label
from ..i18n import _
from .data import Branch, Drawing, Shown
from .dot import level_key

if TYPE_CHECKING:
    from sphinx.builders import Builder


def pattern_link(builder: Builder, fromdoc: str, pattern: Shown) -> nodes.Node:
    """A link to the pattern's page (its patlet as title), or its title alone
    where the page is not part of the output."""
    inner = nodes.inline(pattern.title, pattern.title, classes=["innersource-pattern-ref"])
    try:
        return make_refnode(builder, fromdoc, pattern.docname, "", inner,
                            pattern.patlet or None)
    except NoUri:
        return inner


def _links(builder: Builder, fromdoc: str, patterns: list[Shown]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for n, pattern in enumerate(patterns):
        if n:
            out.append(nodes.Text(", "))
        out.append(pattern_link(builder, fromdoc, pattern))
    return out


def _item(builder: Builder, fromdoc: str, pattern: Shown) -> nodes.paragraph:
    para = nodes.paragraph()
    para += pattern_link(builder, fromdoc, pattern)
    if pattern.level:
        para += nodes.Text(" ")
        para += maturity_badge(Maturity(pattern.level))
    return para


def graph_list(builder: Builder, fromdoc: str, drawing: Drawing) -> nodes.bullet_list:
    """Each pattern of a graph with the patterns it is related to in the graph."""
    by_id = drawing.by_id()
    neighbours: dict[str, list[Shown]] = {p.id: [] for p in drawing.patterns}
    for a, b in drawing.edges:
        neighbours[a].append(by_id[b])
        neighbours[b].append(by_id[a])
    items = nodes.bullet_list(classes=["innersource-graph-list"])
    for pattern in drawing.patterns:
        item = nodes.list_item("", _item(builder, fromdoc, pattern))
        if neighbours[pattern.id]:
            label = _("Related patterns") + ": "
            item += nodes.paragraph("", "", nodes.Text(label),
                                    *_links(builder, fromdoc, neighbours[pattern.id]),
                                    classes=["innersource-graph-related"])
        items += item
    return items


def map_list(builder: Builder, fromdoc: str, drawing: Drawing, root: str,
             uncategorised: str) -> list[nodes.Node]:
    """The category tree as nested lists under the root's name."""
    by_id = drawing.by_id()

    def branch_list(branches: tuple[Branch, ...]) -> nodes.bullet_list:
        items = nodes.bullet_list()
        for branch in branches:
            name = branch.name or uncategorised
            item = nodes.list_item("", nodes.paragraph("", "", nodes.strong(name, name)))
            inner = branch_list(branch.children) if branch.children else nodes.bullet_list()
            for pattern_id in branch.patterns:
                inner += nodes.list_item("", _item(builder, fromdoc, by_id[pattern_id]))
            item += inner
            items += item
        return items

    tree = branch_list(drawing.tree)
    tree["classes"].append("innersource-map-list")
    return [nodes.paragraph("", "", nodes.strong(root, root)), tree]


def border(level: int) -> str:
    """How a drawing marks the level, in words."""
    return {3: _("double border"), 2: _("solid border"), 1: _("dashed border"),
            0: _("dotted border")}[level]


def key(drawing: Drawing) -> nodes.paragraph:
    """The legend: the maturity levels of the drawn patterns, styled like their nodes."""
    para = nodes.paragraph(classes=["innersource-graph-key"])
    para += nodes.Text(_("Maturity") + ": ")
    levels = sorted({p.level for p in drawing.patterns}, reverse=True)
    for n, level in enumerate(levels):
        if n:
            para += nodes.Text(" ")
        text = maturity_label(Maturity(level) if level else None)
        item = nodes.inline("", "", nodes.Text(text),
                            classes=["innersource-graph-key-item",
                                     f"innersource-maturity-{level_key(level)}"])
        # In words for readers who cannot tell the borders apart (hidden on screen).
        note = f" ({border(level)})"
        item += nodes.inline(note, note, classes=["innersource-graph-key-note"])
        para += item
    return para
