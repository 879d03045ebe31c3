"""Catalogue directives: ``pattern-list`` and ``known-instances``.

Both leave a placeholder node in the doctree; the placeholder is replaced by
the rendered catalogue when the page is written (``doctree-resolved``),
when the whole index is known.  ``env-get-updated`` tells Sphinx to rewrite
a page that holds a catalogue when the data it shows changed -- and only
then -- by comparing a fingerprint of that data with the previous build's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..collectors import may_hold
from ..core.model import KnownInstance, Listing, Maturity, Pattern
from ..directives.base import repair_options
from ..directives.pattern import maturity_badge
from ..domain import get_domain, maturity_label
from ..i18n import _
from ..logs import warn
from ..nodes import catalogue_placeholder
from . import adopters
from .adopters import link_or_text
from .toctree import QUERY_OPTIONS, parse_query

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..domain import InnerSourceDomain

STYLES = ("list", "table", "cards")
GROUPS = ("none", "maturity", "category")
BY = ("organisation", "pattern")


def _choice(directive: SphinxDirective, name: str, allowed: tuple[str, ...]) -> str:
    value = (directive.options.get(name) or allowed[0]).strip().lower()
    if value == "organization":
        value = "organisation"
    if value not in allowed:
        warn(f"unknown {name} {value!r}. Fix: use one of {', '.join(allowed)}; "
             f"using {allowed[0]!r}", subtype="option", location=directive.get_location())
        value = allowed[0]
    return value


class _CatalogueDirective(SphinxDirective):
    kind = ""
    has_content = False

    def settings(self) -> dict[str, str]:
        return {}

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        query = parse_query(self, exclude_self=False)
        listing = Listing(kind=self.kind, query=query, lineno=self.lineno,
                          options=self.settings())
        get_domain(self.env).note_listing(self.env.docname, listing)
        node = catalogue_placeholder(listing=listing,
                                     classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]


class PatternListDirective(_CatalogueDirective):
    """Patterns with their patlets, as a list, a table or cards."""

    kind = "pattern-list"
    option_spec: ClassVar[dict[str, Any]] = {
        **QUERY_OPTIONS,
        "style": directives.unchanged,
        "group": directives.unchanged,
        "class": directives.class_option,
    }

    def settings(self) -> dict[str, str]:
        style = _choice(self, "style", STYLES)
        if style == "cards" and "sphinx_design" not in self.config.extensions:
            warn("style 'cards' needs sphinx-design. Fix: add 'sphinx_design' to extensions "
                 "in conf.py; showing a list instead", subtype="option",
                 location=self.get_location())
            style = "list"
        return {"style": style, "group": _choice(self, "group", GROUPS)}


class KnownInstancesDirective(_CatalogueDirective):
    """A table of organisations and the patterns they apply (or the reverse)."""

    kind = "known-instances"
    option_spec: ClassVar[dict[str, Any]] = {
        **QUERY_OPTIONS,
        "by": directives.unchanged,
        "class": directives.class_option,
    }

    def settings(self) -> dict[str, str]:
        return {"by": _choice(self, "by", BY)}


# -- what a catalogue shows -------------------------------------------------

def listed_patterns(domain: InnerSourceDomain, listing: Listing) -> list[Pattern]:
    return domain.select(listing.query)


def listed_instances(domain: InnerSourceDomain,
                     listing: Listing) -> list[tuple[KnownInstance, Pattern]]:
    def compute() -> list[tuple[KnownInstance, Pattern]]:
        patterns = {p.id: p for p in listed_patterns(domain, listing)}
        rows = []
        for instance in domain.index.iter_instances():
            pattern = patterns.get(instance.pattern_id or "")
            if pattern is not None:
                rows.append((instance, pattern))
        return rows

    return domain.derived(("instances", listing.query), compute)


def shown_data(domain: InnerSourceDomain, listing: Listing) -> tuple:
    """Everything a catalogue displays; equal data renders equal output."""
    if listing.kind == "pattern-list":
        return tuple((p.id, p.docname, p.title, p.patlet, p.level, tuple(p.categories))
                     for p in listed_patterns(domain, listing))
    if listing.kind == adopters.KIND:
        return tuple(adopters.shown_data(domain, listing.options["organisation"]))
    return tuple((i.organisation, i.docname, i.anchor, i.year, p.id, p.docname, p.title)
                 for i, p in listed_instances(domain, listing))


# -- rendering --------------------------------------------------------------

def _pattern_link(builder: Builder, fromdoc: str, pattern: Pattern) -> nodes.Node:
    text = pattern.title or pattern.id
    inner = nodes.inline(text, text, classes=["innersource-pattern-ref"])
    return link_or_text(builder, fromdoc, pattern.docname, "", inner, pattern.patlet or None)


def _instance_link(builder: Builder, fromdoc: str, instance: KnownInstance,
                   text: str) -> nodes.Node:
    return link_or_text(builder, fromdoc, instance.docname, instance.anchor,
                 nodes.inline(text, text), instance.organisation)


def _groups(patterns: list[Pattern], group: str) -> list[tuple[str | None, list[Pattern]]]:
    if group == "maturity":
        levels = sorted({p.level for p in patterns}, reverse=True)
        return [(maturity_label(Maturity(level)) if level else maturity_label(None),
                 [p for p in patterns if p.level == level]) for level in levels]
    if group == "category":
        names: dict[str, str] = {}
        for p in patterns:
            for c in p.categories:
                names.setdefault(c.casefold(), c)
        result: list[tuple[str | None, list[Pattern]]] = [
            (names[key], [p for p in patterns
                          if key in {c.casefold() for c in p.categories}])
            for key in sorted(names)
        ]
        rest = [p for p in patterns if not p.categories]
        if rest:
            result.append((_("Uncategorised"), rest))
        return result
    return [(None, patterns)]


def _table(builder: Builder, headers: list[str], rows: list[list[list[nodes.Node]]],
           widths: list[int], classes: list[str]) -> list[nodes.Node]:
    """A table whose columns take *widths* percent of the line in LaTeX.

    In LaTeX each column is set ragged right at its share of the line (a
    ``tabularcolumns`` spec); left to Sphinx's automatic widths, a column of
    one-word cells got so narrow that "Maturity" and "Structured" were
    hyphenated.  HTML sizes the columns by their content.
    """
    table = nodes.table(classes=classes)
    tgroup = nodes.tgroup(cols=len(headers))
    table += tgroup
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    tgroup += thead
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph(header, header))
    thead += row
    tbody = nodes.tbody()
    tgroup += tbody
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", *cell))
        tbody += row
    if builder.format != "latex":
        return [table]
    spec = addnodes.tabular_col_spec()
    spec["spec"] = "".join(rf">{{\raggedright\arraybackslash}}\Y{{{width / 100:.2f}}}"
                           for width in widths)
    return [spec, table]


def _pattern_table(builder: Builder, fromdoc: str, patterns: list[Pattern],
                   with_maturity: bool) -> list[nodes.Node]:
    """Pattern, maturity and patlet; no maturity column under a maturity heading."""
    if not with_maturity:
        rows = [[[_pattern_link(builder, fromdoc, p)], [nodes.Text(p.patlet)]] for p in patterns]
        return _table(builder, [_("Pattern"), _("Patlet")], rows, [30, 70],
                      ["innersource-pattern-table"])
    rows = [[[_pattern_link(builder, fromdoc, p)],
             [maturity_badge(p.maturity)] if p.maturity else [],
             [nodes.Text(p.patlet)]] for p in patterns]
    return _table(builder, [_("Pattern"), _("Maturity"), _("Patlet")], rows, [28, 17, 55],
                  ["innersource-pattern-table"])


def render_pattern_list(builder: Builder, fromdoc: str, listing: Listing,
                        patterns: list[Pattern]) -> list[nodes.Node]:
    style = listing.options.get("style", "list")
    out: list[nodes.Node] = []
    for heading, items in _groups(patterns, listing.options.get("group", "none")):
        if heading is not None:
            out.append(nodes.rubric(heading, heading, classes=["innersource-group"]))
        if style == "table":
            out.extend(_pattern_table(builder, fromdoc, items,
                                      listing.options.get("group") != "maturity"))
        elif style == "cards":
            out.append(_cards(builder, fromdoc, items))
        else:
            bullets = nodes.bullet_list(classes=["innersource-pattern-list"])
            for p in items:
                para = nodes.paragraph()
                para += _pattern_link(builder, fromdoc, p)
                if p.maturity:
                    para += nodes.Text(" ")
                    para += maturity_badge(p.maturity)
                item = nodes.list_item("", para)
                if p.patlet:
                    item += nodes.paragraph(p.patlet, p.patlet, classes=["innersource-patlet"])
                bullets += item
            out.append(bullets)
    if not patterns:
        out.append(nodes.paragraph("", _("No pattern matches this listing."),
                                   classes=["innersource-empty"]))
    return out


def _sd(name: str, classes: list[str]) -> nodes.container:
    """A sphinx-design component: a plain ``<div>`` with its classes."""
    return nodes.container(is_div=True, design_component=name, classes=classes)


def _cards(builder: Builder, fromdoc: str, patterns: list[Pattern]) -> nodes.Node:
    """A sphinx-design grid of cards, as its ``grid`` and ``card`` directives make."""
    grid = _sd("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4",
                                  "innersource-pattern-cards"])
    row = _sd("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-1", "sd-row-cols-md-2",
                           "sd-row-cols-lg-3", "sd-g-3", "sd-g-xs-3", "sd-g-sm-3", "sd-g-md-3",
                           "sd-g-lg-3"])
    grid += row
    for p in patterns:
        col = _sd("grid-item", ["sd-col", "sd-d-flex-row"])
        card = _sd("card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm",
                            "innersource-pattern-card"])
        body = _sd("card-body", ["sd-card-body"])
        title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
        title += _pattern_link(builder, fromdoc, p)
        body += title
        if p.maturity:
            body += nodes.paragraph("", "", maturity_badge(p.maturity),
                                    classes=["sd-card-text"])
        if p.patlet:
            body += nodes.paragraph(p.patlet, p.patlet, classes=["sd-card-text"])
        card += body
        col += card
        row += col
    return grid


def render_known_instances(builder: Builder, fromdoc: str, listing: Listing,
                           rows: list[tuple[KnownInstance, Pattern]]) -> list[nodes.Node]:
    if not rows:
        return [nodes.paragraph("", _("No known instance matches this listing."),
                                classes=["innersource-empty"])]
    table_rows: list[list[list[nodes.Node]]] = []
    if listing.options.get("by") == "pattern":
        by_pattern: dict[str, list[tuple[KnownInstance, Pattern]]] = {}
        for instance, pattern in rows:
            by_pattern.setdefault(pattern.id, []).append((instance, pattern))
        order = sorted(by_pattern.values(), key=lambda items: (
            items[0][1].title.casefold(), items[0][1].id))
        for items in order:
            cell: list[nodes.Node] = []
            for n, (instance, _pattern) in enumerate(
                    sorted(items, key=lambda r: r[0].organisation.casefold())):
                if n:
                    cell.append(nodes.Text(", "))
                cell.append(_instance_link(builder, fromdoc, instance, instance.organisation))
            table_rows.append([[_pattern_link(builder, fromdoc, items[0][1])], cell])
        headers, widths = [_("Pattern"), _("Organisations")], [35, 65]
    else:
        by_org: dict[str, list[tuple[KnownInstance, Pattern]]] = {}
        names: dict[str, str] = {}
        for instance, pattern in rows:
            key = instance.org_key or instance.organisation
            names.setdefault(key, instance.organisation)
            by_org.setdefault(key, []).append((instance, pattern))
        for key in sorted(by_org, key=lambda k: names[k].casefold()):
            cell = []
            for n, (instance, pattern) in enumerate(
                    sorted(by_org[key], key=lambda r: r[1].title.casefold())):
                if n:
                    cell.append(nodes.Text(", "))
                cell.append(_instance_link(builder, fromdoc, instance,
                                           pattern.title or pattern.id))
            table_rows.append([[nodes.Text(names[key])], cell])
        headers, widths = [_("Organisation"), _("Patterns")], [30, 70]
    return _table(builder, headers, table_rows, widths, ["innersource-known-instances-table"])


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app.builder, docname, catalogue_placeholder):
        return
    domain = get_domain(app.env)
    for node in list(doctree.findall(catalogue_placeholder)):
        listing: Listing = node["listing"]
        if listing.kind == "pattern-list":
            content = render_pattern_list(app.builder, docname, listing,
                                          listed_patterns(domain, listing))
        else:
            content = render_known_instances(app.builder, docname, listing,
                                             listed_instances(domain, listing))
        wrapper = nodes.container(classes=[f"innersource-{listing.kind}", *node["classes"]])
        wrapper.extend(content)
        wrapper.source, wrapper.line = node.source, node.line
        node.replace_self(wrapper)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages with a catalogue whose shown data changed."""
    domain = get_domain(env)
    return [docname for docname, record in list(domain.index.iter_records())
            if record.listings and domain.shown_changed(docname, [
                (listing.kind, sorted(listing.options.items()), shown_data(domain, listing))
                for listing in record.listings])]


def listed_docnames(domain: InnerSourceDomain) -> set[str]:
    """Pattern pages shown by some ``pattern-list``."""
    result: set[str] = set()
    for _docname, record in domain.index.iter_records():
        for listing in record.listings:
            if listing.kind == "pattern-list":
                result.update(p.docname for p in listed_patterns(domain, listing))
    return result


def setup(app: Sphinx) -> None:
    app.add_node(catalogue_placeholder)
    app.add_directive("pattern-list", PatternListDirective)
    app.add_directive("known-instances", KnownInstancesDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-get-updated", on_env_get_updated)
