"""The ``known-instance`` directive: an organisation that applies a pattern.

The block is an admonition (``known_instance`` derives from docutils'
generic ``admonition``), so every builder and theme renders it as a marked
box with a title, and its body is ordinary MyST/rST content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..book.adopters import organisation_link
from ..collectors import may_hold
from ..compat import env_builder
from ..core.fingerprint import fingerprint
from ..core.model import KnownInstance, slugify
from ..core.urls import LINK
from ..domain import get_domain
from ..i18n import _
from ..logs import warn
from ..nodes import known_instance
from .base import checked_url, repair_options

if TYPE_CHECKING:
    from sphinx.application import Sphinx

def visit_known_instance_latex(self, node: known_instance) -> None:
    # LaTeX writes no label for an admonition's ids, and the organisations
    # index points to them.
    self.body.append("\n" + self.hypertarget_to(node, anchor=True))
    self.visit_admonition(node)


def depart_known_instance_latex(self, node: known_instance) -> None:
    self.depart_admonition(node)


def unique_id(document: nodes.document, base: str) -> str:
    candidate, n = base, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class KnownInstanceDirective(SphinxDirective):
    """``known-instance`` ORGANISATION, body = the organisation's story."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "pattern": directives.unchanged,
        "url": directives.unchanged,
        "year": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        location = self.get_location()
        organisation = re.sub(r"\s+", " ", self.arguments[0]).strip()
        pattern_option = self.options.get("pattern", "").strip()
        pattern_id = (slugify(pattern_option) or pattern_option) if pattern_option else None

        url = self.options.get("url", "").strip()
        if url:
            url = checked_url(url, what=f"known instance {organisation!r}", location=location,
                              schemes=LINK, fix="use an absolute https://, http:// or "
                              "mailto: URL") or ""
        year = self.options.get("year", "").strip()
        if year and not re.fullmatch(r"\d{4}(\s*[-\u2013]\s*(\d{4})?)?", year):
            warn(f"known instance {organisation!r}: year {year!r} is not a year. Fix: write "
                 "four digits such as 2019 (or a range such as 2017-2020)", subtype="option",
                 location=location)

        document = self.state.document
        anchor = unique_id(document, f"known-instance-{slugify(organisation) or 'organisation'}")
        node = known_instance(
            "", classes=["innersource-known-instance", *self.options.get("class", [])],
            organisation=organisation,
        )
        node["ids"].append(anchor)
        document.ids[anchor] = node
        self.set_source_info(node)
        # The title is added when the page is resolved (AddInstanceTitles).
        if url:
            node["url"] = url
        if year:
            node["year"] = year

        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        story = re.sub(r"\s+", " ", "".join(child.astext() + "\n" for child in node)).strip()

        instance = KnownInstance(
            organisation=organisation,
            docname=self.env.docname,
            anchor=anchor,
            pattern_id=pattern_id,
            explicit_pattern=pattern_id is not None,
            url=url,
            year=year,
            story=story,
            lineno=self.lineno,
            story_digest=fingerprint(["\n".join(self.content), sorted(self.options.items())]),
        )
        get_domain(self.env).note_instance(instance)
        node["organisation_key"] = instance.org_key
        return [node]


def instance_title(node: known_instance, page_link: Callable[[nodes.Node], nodes.Node | None]
                   = lambda org: None) -> nodes.title:
    """"Known instance: ORGANISATION (YEAR)", the organisation linked to its adopter
    page (*page_link* links it, or gives None when the book has none), else to its URL."""
    organisation = node["organisation"]
    title = nodes.title("", "")
    title += nodes.inline("", _("Known instance") + ": ", classes=["innersource-label"])
    org: nodes.Node = nodes.inline(organisation, organisation,
                                   classes=["innersource-organisation"])
    page = page_link(org)
    title += page or (nodes.reference("", "", org, refuri=node["url"]) if node.get("url")
                      else org)
    if node.get("year"):
        title += nodes.inline("", f" ({node['year']})", classes=["innersource-year"])
    if page is not None and node.get("url"):
        title += nodes.Text(" (")
        title += nodes.reference(_("Source"), _("Source"), refuri=node["url"],
                                 classes=["innersource-source"])
        title += nodes.Text(")")
    for element in title.findall(nodes.Element):
        element.source, element.line = node.source, node.line
    return title


class AddInstanceTitles(SphinxPostTransform):
    """Give each known instance its title when the page is resolved.

    The read doctree keeps the organisation, URL and year as attributes only:
    that keeps it small for the many transforms that walk every node after a
    page is read (see :class:`~sphinx_innersource.directives.pattern.pattern_meta`).
    """

    default_priority = 2

    def run(self, **kwargs: Any) -> None:
        builder = env_builder(self.env)
        if not may_hold(builder, self.env.docname, known_instance):
            return
        for node in self.document.findall(known_instance):
            if not (node.children and isinstance(node[0], nodes.title)):
                key = node.get("organisation_key", "")
                node.insert(0, instance_title(node, lambda org, key=key: organisation_link(
                    self.env, builder, self.env.docname, key, org)))


def setup(app: Sphinx) -> None:
    app.add_node(known_instance, latex=(visit_known_instance_latex, depart_known_instance_latex))
    app.add_directive("known-instance", KnownInstanceDirective)
    app.add_post_transform(AddInstanceTitles)
