"""The ``adopter-page`` directive and what it shows.

See :mod:`sphinx_innersource.book.adopters` for how the pages are made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ...collectors import may_hold
from ...compat import env_builder
from ...config import conf_location
from ...core.model import KnownInstance, Listing, slugify
from ...core.organisations import adopter_anchor
from ...core.paths import is_local_file, local_file_problem
from ...core.query import Query
from ...domain import get_domain
from ...domain.referrers import signatures
from ...i18n import _
from ...logs import warn
from ...nodes import adopter_placeholder, known_instance

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ...domain import InnerSourceDomain

#: The kind of the listing an ``adopter-page`` directive records.
KIND = "adopter-page"
# -- the page -----------------------------------------------------------------------------

class AdopterPageDirective(SphinxDirective):
    """``adopter-page`` ORGANISATION: the registry's data and the organisation's instances."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        name = " ".join(self.arguments[0].split())
        domain = get_domain(self.env)
        entry = domain.registry().entry(name)
        key = slugify(domain.registry().canonical(name)) or name
        out: list[nodes.Node] = []
        if entry is not None and entry.logo and (image := self._logo(entry.name, entry.logo)):
            out.append(image)
        if entry is not None and entry.description:
            out.append(nodes.paragraph(entry.description, entry.description,
                                       classes=["innersource-adopter-description"]))
        if entry is not None and entry.url:
            para = nodes.paragraph(classes=["innersource-adopter-url"])
            para += nodes.Text(_("Website") + ": ")
            para += nodes.reference(entry.url, entry.url, refuri=entry.url)
            out.append(para)
        # Recorded like a catalogue: the page is written again when what it shows
        # changed (book/catalogues.py asks :func:`shown_data`).
        domain.note_listing(self.env.docname, Listing(
            kind=KIND, query=Query(), lineno=self.lineno, options={"organisation": key}))
        node = adopter_placeholder(organisation=key, ids=[adopter_anchor(key)])
        self.set_source_info(node)
        out.append(node)
        return out

    def _logo(self, name: str, logo: str) -> nodes.image | None:
        abspath = Path(self.env.srcdir, logo.lstrip("/"))
        problem = local_file_problem(logo, self.env.srcdir, abspath) or (
            None if is_local_file(abspath) else "the file does not exist")
        if problem:
            warn(f"innersource_organisations[{name!r}]['logo'] = {logo!r} is refused: "
                 f"{problem}; the adopter page shows no logo. Fix: give an image file "
                 "inside the source folder, relative to it", subtype="config",
                 location=conf_location(self.env.srcdir, "innersource_organisations",
                                        mentioning=logo))
            return None
        return nodes.image(uri="/" + logo.lstrip("/"), alt=f"{name} logo",
                           classes=["innersource-adopter-logo"])


def instances_of(domain: InnerSourceDomain, key: str) -> list[tuple[KnownInstance, Any]]:
    """(instance, pattern) of the organisation *key*, by pattern title (all organisations
    are grouped once while the index is unchanged)."""
    def group() -> dict[str, list[tuple[KnownInstance, Any]]]:
        rows: dict[str, list[tuple[KnownInstance, Any]]] = {}
        for instance in domain.index.iter_instances():
            pattern = domain.find_pattern(instance.pattern_id or "")
            if pattern is not None:
                rows.setdefault(instance.org_key or instance.organisation, []).append(
                    (instance, pattern))
        for items in rows.values():
            items.sort(key=lambda r: (r[1].title.casefold(), r[1].id, r[0].docname,
                                      r[0].anchor))
        return rows

    return domain.derived("adopter-rows", group).get(key, [])


def shown_data(domain: InnerSourceDomain, key: str) -> list[tuple]:
    """Everything an adopter page shows from other pages; equal data renders equal output."""
    rows = []
    for instance, pattern in instances_of(domain, key):
        links = signatures(domain, domain.references.get(instance.docname, ()))
        rows.append((instance.organisation, instance.organisation_as_written, instance.docname,
                     instance.anchor, instance.year, instance.url, instance.story_digest,
                     pattern.id, pattern.docname, pattern.title, sorted(links.items())))
    return rows


# -- rendering ----------------------------------------------------------------------------

def link_or_text(builder: Builder, fromdoc: str, todoc: str, anchor: str, inner: nodes.Node,
                 title: str | None = None) -> nodes.Node:
    """A reference, or *inner* alone where the target is not part of the output (a
    LaTeX document that does not include that page)."""
    try:
        return make_refnode(builder, fromdoc, todoc, anchor, inner, title)
    except NoUri:
        return inner


#: Nodes of a story that make no sense on another page (targets, index
#: entries, citations of the pattern page).  Footnote references are kept
#: with their footnotes (see :func:`_carry_footnotes`).
_DROPPED = (nodes.target, nodes.system_message, nodes.footnote, nodes.citation,
            addnodes.index, addnodes.toctree)


def _clean(copy: nodes.Element, fromdoc: str) -> None:
    """Remove from *copy* what belongs to the pattern page: ids and names, what
    points into that page; resolve its cross-references from *fromdoc*."""
    for node in list(copy.findall(nodes.Element)):
        if isinstance(node, _DROPPED) and node.parent is not None:
            node.parent.remove(node)
            continue
        if isinstance(node, nodes.footnote_reference):
            node["innersource_ids"] = node["ids"]  # for _carry_footnotes
        for attribute in ("ids", "names", "dupnames", "backrefs"):
            node[attribute] = []
        if isinstance(node, nodes.reference) and node.get("refid") and node.parent:
            node.replace_self(nodes.inline("", "", *node.children))
        elif isinstance(node, addnodes.pending_xref):
            target, refdoc = node.get("reftarget", ""), node.get("refdoc", "")
            if node.get("reftype") == "doc" and refdoc and not target.startswith("/"):
                node["reftarget"] = "/" + docname_join(refdoc, target)
            node["refdoc"] = fromdoc


def _carry_footnotes(copies: list[nodes.Node], footnotes: dict[str, nodes.footnote],
                     prefix: str, fromdoc: str) -> list[nodes.footnote]:
    """The footnotes the story's references point to, copied after it.

    The references and the copies get ids of their own (*prefix*, made of
    the pattern page's name and the instance's anchor, in front), so that two
    stories on one adopter page never share one; a reference whose footnote
    is not found is removed.
    """
    carried: dict[str, nodes.footnote] = {}
    for copy in copies:
        if not isinstance(copy, nodes.Element):
            continue
        for ref in list(copy.findall(nodes.footnote_reference)):
            refid, own_ids = ref.get("refid", ""), ref.attributes.pop("innersource_ids", [])
            if refid not in footnotes:
                ref.parent.remove(ref)
                continue
            if refid not in carried:
                note = footnotes[refid].deepcopy()
                _clean(note, fromdoc)
                for inner in list(note.findall(nodes.footnote_reference)):
                    inner.parent.remove(inner)  # a footnote's own notes stay on its page
                note["ids"] = [f"{prefix}-{refid}"]
                carried[refid] = note
            ref["refid"] = f"{prefix}-{refid}"
            ref["ids"] = [f"{prefix}-{i}" for i in own_ids[:1]]
            carried[refid]["backrefs"].extend(ref["ids"])
    return list(carried.values())


def number_footnotes(page: nodes.Element, fromdoc: str) -> None:
    """Number the footnotes carried into *page* 1, 2, ... in their order (each story
    brought its own numbers, which repeat), as footnotes of *fromdoc*: LaTeX output
    tells footnotes apart by page and number."""
    numbers: dict[str, str] = {}
    for note in page.findall(nodes.footnote):
        numbers[note["ids"][0]] = number = str(len(numbers) + 1)
        if note.children and isinstance(note[0], nodes.label):
            note[0].children = []
            note[0] += nodes.Text(number)
        note["docname"] = fromdoc
    for ref in page.findall(nodes.footnote_reference):
        if ref.get("refid") in numbers:
            ref.children = []
            ref += nodes.Text(numbers[ref["refid"]])
            ref["docname"] = fromdoc


def story_copy(instance_node: nodes.Element, fromdoc: str,
               footnotes: dict[str, nodes.footnote] | None = None,
               prefix: str = "") -> list[nodes.Node]:
    """The story of a known-instance block, copied for the page *fromdoc*: without ids
    and names (they belong to the pattern page), without what points into it, its
    cross-references resolved from *fromdoc* (``{doc}`` targets made absolute), and
    followed by the footnotes it refers to (*footnotes*: the pattern page's, by id)."""
    copies = [child.deepcopy() for child in instance_node.children
              if not isinstance(child, nodes.title)]
    for copy in copies:
        _clean(copy, fromdoc)
    copies = [c for c in copies if not isinstance(c, _DROPPED)]
    return copies + _carry_footnotes(copies, footnotes or {}, prefix, fromdoc)


def _story(env: BuildEnvironment, fromdoc: str, instance: KnownInstance) -> list[nodes.Node]:
    doctree = env.get_doctree(instance.docname)
    for node in doctree.findall(known_instance):
        if instance.anchor in node["ids"]:
            footnotes = {i: note for note in doctree.findall(nodes.footnote)
                         for i in note["ids"]}
            return story_copy(node, fromdoc, footnotes,
                              nodes.make_id(f"{instance.docname}-{instance.anchor}"))
    return []


def render_instance(env: BuildEnvironment, builder: Builder, fromdoc: str,
                    instance: KnownInstance, pattern: Any) -> nodes.Element:
    box = nodes.container(classes=["innersource-adopter-instance"])
    heading = nodes.rubric(classes=["innersource-adopter-pattern"])
    title = pattern.title or pattern.id
    heading += link_or_text(builder, fromdoc, instance.docname, instance.anchor,
                     nodes.inline(title, title, classes=["innersource-pattern-ref"]))
    if instance.year:
        heading += nodes.inline("", f" ({instance.year})", classes=["innersource-year"])
    box += heading
    if instance.organisation_as_written not in ("", instance.organisation):
        label = _("Written as")  # (no call inside an f-string: Babel would not see it)
        box += nodes.paragraph("", f"{label}: {instance.organisation_as_written}",
                               classes=["innersource-adopter-written-as"])
    box.extend(_story(env, fromdoc, instance))
    if instance.url:
        para = nodes.paragraph(classes=["innersource-adopter-source"])
        para += nodes.Text(_("Source") + ": ")
        para += nodes.reference(instance.url, instance.url, refuri=instance.url)
        box += para
    return box


class RenderAdopterPages(SphinxPostTransform):
    """Fill each adopter page with its organisation's instances and stories.

    Before the references are resolved (priority 10) and before the
    literature transform (4), so that the links and citations of the copied
    stories are resolved for this page like any other.
    """

    default_priority = 3

    def run(self, **kwargs: Any) -> None:
        builder = env_builder(self.env)
        if not may_hold(builder, self.env.docname, adopter_placeholder):
            return
        placeholders = list(self.document.findall(adopter_placeholder))
        if not placeholders:
            return
        domain = get_domain(self.env)
        for node in placeholders:
            rows = instances_of(domain, node["organisation"])
            wrapper = nodes.container(classes=["innersource-adopter"])
            wrapper.source, wrapper.line = node.source, node.line
            # A target, not the container's ids: LaTeX writes labels for targets only,
            # and the organisations index links to it.
            wrapper += nodes.target("", "", ids=node["ids"])
            node["ids"] = []  # (replace_self would give them to the container as well)
            for instance, pattern in rows:
                wrapper += render_instance(self.env, builder, self.env.docname, instance,
                                           pattern)
            if not rows:
                wrapper += nodes.paragraph("", _("No known instance matches this listing."),
                                           classes=["innersource-empty"])
            number_footnotes(wrapper, self.env.docname)
            node.replace_self(wrapper)


def organisation_link(env: BuildEnvironment, builder: Builder, fromdoc: str, key: str,
                      inner: nodes.Node) -> nodes.Node | None:
    """*inner* linked to the adopter page of *key*, or None when the book has none."""
    docname = get_domain(env).adopter_docname(key)
    if docname is None:
        return None
    return link_or_text(builder, fromdoc, docname, adopter_anchor(key), inner)
