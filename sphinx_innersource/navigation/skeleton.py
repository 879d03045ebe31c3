"""The global toctree of one set of ``toctree()`` arguments, resolved once.

Sphinx's ``global_toctree_for_doc`` resolves every toctree of the root
document for the page being written: it copies the table of contents of
every page listed (N entries), marks the entries of the current page and
the branch above them ``current``, and prunes the tree (depth, and with
``collapse`` every branch off the current one).  Only three things depend
on the page:

1. its ancestors (the chain of toctree parents): an ancestor keeps its whole
   table of contents, another page only its title when ``collapse`` is on;
2. the ``current`` marks, on the references to the page and everything
   above them (and, with ``collapse``, which branches stay open);
3. the links, relative to the page's folder.

:class:`Skeleton` resolves the toctrees once as if every page were an
ancestor (so that every branch is there), with Sphinx's own helpers, and
numbers the lists, items and references.  :meth:`Skeleton.marks` then
finds, for one page, the references to it that Sphinx would keep and the
nodes above them: a few nodes, whatever the size of the book.

A page whose ancestors include a page with ``only`` blocks in its table of
contents is left to Sphinx, because Sphinx treats those blocks differently
for ancestors (it keeps them until after the marks, which then skip them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import url_re

from .. import compat

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

#: Attribute numbering the lists, items and references of the skeleton.
NAV_ID = "innersource_nav_id"

#: A page name no toctree lists: resolving for it marks nothing.
NOBODY = "\x00innersource-navigation"


@dataclass(frozen=True)
class NavArgs:
    """The arguments of one ``toctree()`` call, as Sphinx uses them."""

    collapse: bool
    includehidden: bool
    maxdepth: int
    titles_only: bool


@dataclass
class PageMarks:
    """What differs on one page: ``current`` nodes, open items, own links."""

    current: set[int] = field(default_factory=set)
    open_items: set[int] = field(default_factory=set)
    visible_refs: list[int] = field(default_factory=list)


class _Expanded:
    """Stands for the ancestors of the page: every page but *excluded*."""

    def __init__(self, excluded: set[str]) -> None:
        self.excluded = excluded

    def __contains__(self, docname: object) -> bool:
        return docname not in self.excluded


def pages_with_only(env: BuildEnvironment) -> set[str]:
    """Pages whose table of contents has an ``only`` block."""
    return {docname for docname, toc in env.tocs.items()
            if next(toc.findall(addnodes.only), None) is not None}


class Skeleton:
    """The toctrees of the root document, resolved for every page at once.

    ``trees``: one resolved (unpruned, unmarked) tree per toctree, as
    ``_resolve_toctree`` has it before the marks; ``rendered``: the merged,
    pruned tree Sphinx would return for a page in no toctree, with every
    branch open; ``occurrences``: page name -> references to it;
    ``owner``: list id -> the page whose table of contents the list is
    (the lists ``collapse`` removes for pages that are not ancestors).
    """

    def __init__(self, env: BuildEnvironment, tags: Tags, args: NavArgs,
                 only_pages: set[str]) -> None:
        self.args = args
        self.trees: list[nodes.Element] = []
        self.occurrences: dict[str, list[nodes.reference]] = {}
        self.owner: dict[int, str] = {}
        self.nodes: dict[int, nodes.Element] = {}
        expanded = _Expanded(only_pages)
        rendered: list[nodes.Element] = []
        for toctree in env.master_doctree.findall(addnodes.toctree):
            tree, maxdepth = self._resolve(env, tags, toctree, expanded)
            if tree is None:
                continue
            self._number(tree)
            pruned = compat.toctree_copy(tree, maxdepth, False, tags)
            if isinstance(pruned[-1], nodes.Element) and len(pruned[-1]) == 0:
                continue  # no titles found (as Sphinx)
            self.trees.append(tree)
            rendered.append(pruned)
        self.rendered: nodes.Element | None = None
        if rendered:
            self.rendered = rendered[0]
            for tree in rendered[1:]:
                self.rendered.extend(tree.children)

    def _resolve(self, env: BuildEnvironment, tags: Tags, toctree: addnodes.toctree,
                 expanded: _Expanded) -> tuple[nodes.Element | None, int]:
        """``_resolve_toctree`` up to the marks, for every page at once."""
        args = self.args
        if toctree.get("hidden", False) and not args.includehidden:
            return None, 0
        maxdepth = args.maxdepth or toctree.get("maxdepth", -1)
        titles_only = args.titles_only or bool(toctree.get("titlesonly", False))
        includehidden = args.includehidden or bool(toctree.get("includehidden", False))
        entries = compat.toctree_entries(env, toctree, titles_only=titles_only,
                                         collapse=args.collapse, includehidden=includehidden,
                                         tags=tags, expanded=expanded)
        if not entries:
            return None, maxdepth
        tree = addnodes.compact_paragraph("", "")
        caption = toctree.attributes.get("caption")
        if caption:
            title = nodes.title(caption, "", *[nodes.Text(caption)])
            title.line, title.source = toctree.line, toctree.source
            title.rawsource = toctree["rawcaption"]
            tree.append(title)
        tree.extend(entries)
        tree["toctree"] = True
        compat.toctree_add_classes(tree, NOBODY)
        return tree, maxdepth

    def _number(self, tree: nodes.Element) -> None:
        """Number lists, items and references; note owners and occurrences."""
        for node in tree.findall(numbered):
            node_id = len(self.nodes)
            node[NAV_ID] = node_id
            self.nodes[node_id] = node
            if isinstance(node, nodes.reference):
                refuri = node.get("refuri", "")
                if not url_re.match(refuri):
                    self.occurrences.setdefault(refuri, []).append(node)
            elif isinstance(node, nodes.list_item):
                owner = _entry_page(node)
                if owner is not None:
                    for child in node.children:
                        if isinstance(child, nodes.bullet_list):
                            # numbered after its item: set when it is reached
                            child["innersource_nav_owner"] = owner
            elif "innersource_nav_owner" in node:
                self.owner[node_id] = node["innersource_nav_owner"]

    def visible(self, ref: nodes.reference, ancestors: dict[str, None]) -> bool:
        """Whether Sphinx keeps *ref* for a page with these ancestors."""
        if not self.args.collapse:
            return True
        node = ref.parent
        while node is not None:
            owner = self.owner.get(node.get(NAV_ID, -1)) if isinstance(
                node, nodes.bullet_list) else None
            if owner is not None and owner not in ancestors:
                return False
            node = node.parent
        return True

    def marks(self, docname: str, ancestors: dict[str, None]) -> PageMarks:
        """The nodes ``_toctree_add_classes`` marks for *docname*."""
        marks = PageMarks()
        for ref in self.occurrences.get(docname, ()):
            if not self.visible(ref, ancestors):
                continue
            marks.visible_refs.append(ref[NAV_ID])
            own_title = not ref.get("anchorname")
            node: nodes.Node | None = ref
            while node is not None:
                node_id = node.get(NAV_ID) if isinstance(node, nodes.Element) else None
                if node_id is not None:
                    if own_title:
                        marks.current.add(node_id)
                    if isinstance(node, nodes.list_item):
                        marks.open_items.add(node_id)
                node = node.parent
        return marks


def numbered(node: nodes.Node) -> bool:
    """The nodes the skeleton numbers: lists, items, references."""
    return isinstance(node, (nodes.bullet_list, nodes.list_item, nodes.reference))


def _reference_of(item: nodes.list_item) -> nodes.reference | None:
    if item.children and isinstance(item[0], addnodes.compact_paragraph):
        for child in item[0].children:
            if isinstance(child, nodes.reference):
                return child
    return None


def _entry_page(item: nodes.list_item) -> str | None:
    """The page whose table of contents starts at *item*, if it starts one.

    An item starts a page's table of contents when its reference points to
    another page than the nearest item above it (the items of a page's
    sections point to the page itself).
    """
    ref = _reference_of(item)
    if ref is None or url_re.match(ref.get("refuri", "")):
        return None
    parent = item.parent
    while parent is not None and not isinstance(parent, nodes.list_item):
        parent = parent.parent
    if parent is not None:
        above = _reference_of(parent)
        if above is not None and above.get("refuri") == ref.get("refuri"):
            return None
    return ref["refuri"]
