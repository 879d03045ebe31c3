"""The ``pattern`` directive: one pattern per page, its metadata and summary.

The directive records a :class:`~sphinx_innersource.core.model.Pattern` in the
domain and renders a summary block (patlet, maturity badge, aliases,
authors, related patterns).  The page's own sections stay ordinary document
sections.  After the page is read, :func:`on_doctree_read` completes the
record (title, section list), attaches the page's known instances and
checks the sections against ``innersource_required_sections``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..collectors import may_hold
from ..compat import add_index_entries, env_builder
from ..core.checks import (
    missing_sections,
    patlet_message,
    required_sections,
    sections_apply,
    sections_message,
)
from ..core.model import Maturity, Pattern, slugify, split_list, split_people
from ..core.urls import LINK
from ..domain import DOMAIN, get_domain, maturity_label, summary_anchor
from ..i18n import _
from ..logs import warn
from ..nodes import pattern_meta, pattern_summary
from .base import checked_url, repair_options

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


#: The list-valued attributes of :class:`pattern_meta`, in display order.
META_LISTS = ("aliases", "authors", "acknowledgments", "categories", "tags", "related")


def visit_summary_html(self: HTML5Translator, node: pattern_summary) -> None:
    self.body.append(
        self.starttag(node, "aside", CLASS="docutils", **{"aria-label": _("Pattern summary")})
    )


def depart_summary_html(self: HTML5Translator, node: pattern_summary) -> None:
    self.body.append("</aside>\n")


def visit_summary_latex(self: LaTeXTranslator, node: pattern_summary) -> None:
    # The label first: LaTeX writes none for a topic's ids.
    self.body.append("\n" + self.hypertarget_to(node, anchor=True))
    # A framed box, like a topic, whatever the Sphinx version calls it.
    self.visit_topic(node)


def depart_summary_latex(self: LaTeXTranslator, node: pattern_summary) -> None:
    self.depart_topic(node)


def pattern_id_from_docname(docname: str) -> str:
    """``patterns/2-structured/trusted-committer`` -> ``trusted-committer``.

    A page called ``index`` or ``README`` takes the name of its folder.
    """
    parts = docname.split("/")
    name = parts[-1]
    if name.lower() in {"index", "readme"} and len(parts) > 1:
        name = parts[-2]
    return slugify(name)


def _field(label: str, body: list[nodes.Node], key: str) -> nodes.field:
    field = nodes.field(classes=[f"innersource-field-{key}"])
    field += nodes.field_name(label, label)
    field += nodes.field_body("", nodes.paragraph("", "", *body))
    return field


def _joined(items: list[str], cls: str, urls: dict[str, str] | None = None
            ) -> list[nodes.Node]:
    """*items* separated by commas; those with a URL in *urls* linked to it."""
    out: list[nodes.Node] = []
    for i, item in enumerate(items):
        if i:
            out.append(nodes.Text(", "))
        node: nodes.Node = nodes.inline(item, item, classes=[cls])
        if urls and urls.get(item):
            node = nodes.reference("", "", node, refuri=urls[item])
        out.append(node)
    return out


def maturity_badge(maturity: Maturity) -> nodes.inline:
    label = maturity_label(maturity)
    return nodes.inline(
        label, label, classes=["innersource-badge", f"innersource-maturity-{maturity.key}"]
    )


def related_xref(target: str, docname: str) -> addnodes.pending_xref:
    """A link to another pattern; an unknown one is reported by validation."""
    ref = addnodes.pending_xref(
        "", refdomain=DOMAIN, reftype="pattern", reftarget=target, refexplicit=False,
        refwarn=False, refdoc=docname,
    )
    ref += nodes.inline(target, target, classes=["xref", DOMAIN, f"{DOMAIN}-pattern"])
    return ref


class PatternDirective(SphinxDirective):
    """Declare the pattern described by the current page."""

    has_content = True
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {
        "id": directives.unchanged,
        "title": directives.unchanged,
        "patlet": directives.unchanged,
        "maturity": directives.unchanged,
        "aliases": directives.unchanged,
        "authors": directives.unchanged,
        "acknowledgments": directives.unchanged,
        "categories": directives.unchanged,
        "related": directives.unchanged,
        "tags": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        docname = self.env.docname
        location = self.get_location()
        domain = get_domain(self.env)
        record = domain.doc_record(docname)
        first = record.patterns[0] if record and record.patterns else None

        pattern = self._record(docname, location)
        pattern_id, maturity = pattern.id, pattern.maturity

        summary = pattern_summary(
            classes=["innersource-pattern-summary", *self.options.get("class", [])],
            pattern_id=pattern_id,
        )
        if maturity is not None:
            summary["classes"].append(f"innersource-maturity-{maturity.key}")
        self.set_source_info(summary)
        messages: list[nodes.Node] = []
        if first is None:
            # Before the content is parsed: a pattern directive nested in it
            # is then the page's second one, not the first.
            domain.note_pattern(pattern)

        patlet_nodes = self._patlet(pattern, messages)
        if patlet_nodes is not None:
            summary += patlet_nodes
        else:
            warn(patlet_message(pattern_id), subtype="patlet", location=location)

        meta = pattern_meta(
            pattern_id=pattern_id, refdoc=docname,
            maturity=maturity.key if maturity is not None else None,
            person_urls=dict(pattern.person_urls),
            **{key: list(getattr(pattern, key)) for key in META_LISTS},
        )
        self.set_source_info(meta)
        summary += meta

        if first is not None:
            warn(f"second pattern directive on this page (the first, line {first.lineno}, "
                 f"declares {first.id!r}); {pattern_id!r} is shown but not indexed. "
                 "Fix: a page describes one pattern: move this one to a page of its own",
                 subtype="multiple_patterns", location=location)
            summary["classes"].append("innersource-unindexed")
        else:
            anchor = summary_anchor(pattern_id)
            if anchor not in self.state.document.ids:
                summary["ids"].append(anchor)
                self.state.document.ids[anchor] = summary
        return [*messages, summary]

    def _record(self, docname: str, location: Any) -> Pattern:
        """The pattern as the options declare it (a bad id or maturity warned about)."""
        raw_id = self.options.get("id", "").strip()
        pattern_id = slugify(raw_id) if raw_id else pattern_id_from_docname(docname)
        if raw_id and not pattern_id:
            warn(f"pattern id {raw_id!r} has no letters or digits; using the file name "
                 "instead. Fix: give :id: a value such as 'trusted-committer'",
                 subtype="option", location=location)
            pattern_id = pattern_id_from_docname(docname)

        maturity = None
        raw_maturity = self.options.get("maturity", "").strip()
        if raw_maturity:
            maturity = Maturity.parse(raw_maturity)
            if maturity is None:
                warn(f"unknown maturity {raw_maturity!r} for pattern {pattern_id!r}. "
                     f"Fix: use one of {Maturity.choices()}",
                     subtype="option", location=location)

        people = {key: self._people(key, location) for key in ("authors", "acknowledgments")}
        return Pattern(
            id=pattern_id,
            docname=docname,
            lineno=self.lineno,
            title=self.options.get("title", "").strip(),
            maturity=maturity,
            aliases=split_list(self.options.get("aliases")),
            authors=[name for name, _url in people["authors"]],
            acknowledgments=[name for name, _url in people["acknowledgments"]],
            person_urls={name: url for pairs in people.values() for name, url in pairs if url},
            categories=split_list(self.options.get("categories")),
            related=[slugify(r) or r for r in split_list(self.options.get("related"))],
            tags=split_list(self.options.get("tags")),
        )

    def _people(self, key: str, location: Any) -> list[tuple[str, str]]:
        """``(name, url)`` of ``:authors:`` or ``:acknowledgments:``; a URL the policy
        refuses is warned about and dropped (the name stays)."""
        result = []
        for name, url in split_people(self.options.get(key)):
            if not url and ("<" in name or ">" in name):
                warn(f":{key}: {name!r} is not a name followed by one <URL>; it is shown as "
                     "text, without a link. Fix: write 'Name <https://...>'", subtype="url",
                     location=location)
            if url:
                url = checked_url(url, what=f":{key}: {name!r}", location=location,
                                  schemes=LINK, outcome="the name is not linked",
                                  fix="write 'Name <https://...>' with an absolute https://, "
                                  "http:// or mailto: URL") or ""
            result.append((name, url))
        return result

    def _patlet(self, pattern: Pattern, messages: list[nodes.Node]) -> nodes.Element | None:
        text = self.options.get("patlet", "").strip()
        if text and any(line.strip() for line in self.content):
            # Typically a MyST ``:name: value`` option wrapped onto a second
            # line: that line and every option after it became content.
            warn(f"pattern {pattern.id!r} has both a ':patlet:' option and content; the "
                 "content is ignored. Fix: keep only one of them (in MyST, an option "
                 "cannot continue on the next line: use a '---' YAML option block for "
                 "long values)", subtype="option", location=self.get_location())
        if text:
            text = re.sub(r"\s*\n\s*", " ", text)
            inline, msgs = self.state.inline_text(text, self.lineno)
            messages.extend(msgs)
            para = nodes.paragraph(text, "", *inline, classes=["innersource-patlet"])
            pattern.patlet = para.astext()
            return para
        if self.content:
            box = nodes.container(classes=["innersource-patlet"])
            self.state.nested_parse(self.content, self.content_offset, box)
            pattern.patlet = re.sub(r"\s+", " ", box.astext()).strip()
            if pattern.patlet:
                return box
        return None


def meta_fields(meta: pattern_meta) -> nodes.field_list:
    """The field list shown for *meta*: maturity badge, aliases, authors,
    acknowledgments, categories, tags and links to the related patterns."""
    fields = nodes.field_list(classes=["innersource-pattern-meta"])
    maturity = Maturity.parse(meta["maturity"]) if meta.get("maturity") else None
    if maturity is not None:
        fields += _field(_("Maturity"), [maturity_badge(maturity)], "maturity")
    for key, label, cls in (
            ("aliases", _("Also known as"), "innersource-alias"),
            ("authors", _("Authors"), "innersource-author"),
            ("acknowledgments", _("Acknowledgments"), "innersource-acknowledgment"),
            ("categories", _("Categories"), "innersource-category"),
            ("tags", _("Tags"), "innersource-tag")):
        if meta.get(key):
            people = key in ("authors", "acknowledgments")
            fields += _field(label, _joined(meta[key], cls, meta.get("person_urls") if people
                                            else None), key)
    if meta.get("related"):
        links: list[nodes.Node] = []
        for i, target in enumerate(meta["related"]):
            if i:
                links.append(nodes.Text(", "))
            links.append(related_xref(target, meta["refdoc"]))
        fields += _field(_("Related patterns"), links, "related")
    for element in fields.findall(nodes.Element):
        element.source, element.line = meta.source, meta.line
    return fields


class ExpandPatternMeta(SphinxPostTransform):
    """Replace each :class:`pattern_meta` by its field list.

    Runs before Sphinx resolves references (priority 10), so that the links
    to related patterns are resolved like any other.
    """

    default_priority = 2

    def run(self, **kwargs: Any) -> None:
        if not may_hold(env_builder(self.env), self.env.docname, pattern_meta):
            return
        for meta in list(self.document.findall(pattern_meta)):
            meta.replace_self(meta_fields(meta))


# -- after the page is read ---------------------------------------------------

# The pure checks live in ``checks`` (shared with the ``lint`` command); they
# are re-exported here for existing imports.
__all__ = ["missing_sections", "required_sections"]


def section_nodes(node: nodes.Element) -> Iterator[nodes.section]:
    """The sections in *node*, in document order, as ``node.findall(nodes.section)``
    gives them (without *node* itself), but without a look inside paragraphs,
    titles and other text elements, which cannot hold a section: most of a
    page's nodes are in them."""
    for child in node.children:
        if isinstance(child, nodes.section):
            yield child
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.TextElement):
            yield from section_nodes(child)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = get_domain(env)
    record = domain.doc_record(env.docname)
    if record is None:
        return
    sections = [s[0].astext() for s in section_nodes(doctree)
                if s.children and isinstance(s[0], nodes.title)] if record.patterns else []
    pattern = domain.complete_page(env.docname, sections)
    if pattern is None:
        return

    # The general index gets an entry for the pattern and its aliases.
    for summary in doctree.findall(pattern_summary):
        if summary.get("pattern_id") != pattern.id:
            continue
        kind = _("pattern")  # (no call inside an f-string: see shorturls.redirect_page)
        entries = [("single", f"{pattern.title}; {kind}", "", "", None)]
        entries += [("see", f"{alias}; {pattern.title}", "", "", None)
                    for alias in pattern.aliases if alias != pattern.title]
        summary.parent.insert(summary.parent.index(summary),
                              addnodes.index(entries=entries, inline=False))
        # The index domain collected the page's index nodes before
        # doctree-read (SphinxDomains transform): record these ones too.
        add_index_entries(env, env.docname, entries)
        break

    if sections_apply(pattern, app.config):
        local = sum(1 for i in record.instances if i.pattern_id == pattern.id)
        missing = missing_sections(pattern, local, app.config)
        if missing:
            warn(sections_message(pattern.id, missing),
                 subtype="sections", location=(pattern.docname, pattern.lineno))


def setup(app: Sphinx) -> None:
    app.add_node(
        pattern_summary,
        html=(visit_summary_html, depart_summary_html),
        latex=(visit_summary_latex, depart_summary_latex),
    )
    app.add_node(pattern_meta)
    app.add_directive("pattern", PatternDirective)
    app.add_post_transform(ExpandPatternMeta)
    app.connect("doctree-read", on_doctree_read)
