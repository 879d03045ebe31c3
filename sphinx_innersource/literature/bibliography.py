"""The book's bibliography: the ``pattern-bibliography`` directive, what it lists, its rendering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..collectors import may_hold
from ..compat import bib_files
from ..core import query
from ..core.fingerprint import changed
from ..core.model import Maturity, Pattern, slugify, split_list
from ..directives.base import repair_options
from ..domain import get_domain
from ..i18n import _
from ..logs import warn
from ..nodes import book_bibliography
from .bibtex import (
    bib_entries,
    canonical_key,
    cite_domain,
    docname_order,
    entry_item,
    format_works,
    style_exists,
)
from .records import PageLiterature, page_data, page_pattern

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: Environment attribute: the fingerprint of what the book's bibliography shows.
ENV_FINGERPRINT = "innersource_literature_fingerprint"


# -- the book's bibliography: what it lists ----------------------------------------

def parse_maturity_filter(value: str) -> tuple[set[Maturity] | None, list[str]]:
    """Read the ``maturity`` option as the book's other directives do
    (:func:`sphinx_innersource.core.query.parse_maturity_filter`); no value, or no
    valid level at all (reported by the caller), means no filter."""
    levels, bad = query.parse_maturity_filter(value or "")
    return ({Maturity(level) for level in levels} if levels else None), bad


@dataclass
class Place:
    """A page or known instance citing a work, as the bibliography links it."""

    docname: str
    anchor: str
    text: str
    pattern: Pattern | None


def _place(env: BuildEnvironment, docname: str, anchor: str | None) -> Place:
    domain = get_domain(env)
    pattern = page_pattern(env, docname)
    if anchor:
        record = domain.doc_record(docname)
        for instance in record.instances if record else []:
            if instance.anchor == anchor:
                owner = domain.find_pattern(instance.pattern_id or "") or pattern
                title = (owner.title or owner.id) if owner else ""
                text = (_("%(organisation)s (known instance of %(pattern)s)")
                        % {"organisation": instance.organisation, "pattern": title}
                        if title else instance.organisation)
                return Place(docname, anchor, text, owner)
    if pattern is not None:
        return Place(docname, "", pattern.title or pattern.id, pattern)
    title = env.titles.get(docname)
    return Place(docname, "", title.astext() if title else docname, None)


def _passes(place: Place, levels: set[Maturity] | None, categories: set[str]) -> bool:
    if levels is None and not categories:
        return True
    pattern = place.pattern
    if pattern is None:
        return False
    if levels is not None and pattern.maturity not in levels:
        return False
    return not categories or bool(categories & {slugify(c) for c in pattern.categories})


def cited_works(env: BuildEnvironment, options: dict[str, Any]
                ) -> tuple[list[str], dict[str, list[Place]]]:
    """Keys cited in the book (in citation order) and where, under *options*' filters."""
    data = page_data(env)
    entries = bib_entries(env)
    levels = options.get("levels")
    categories = set(options.get("categories", ()))
    order: list[str] = []
    places: dict[str, list[Place]] = {}
    seen: set[tuple[str, str, str]] = set()
    for docname in docname_order(env):
        page = data.get(docname)
        if page is None:
            continue
        for cite in page.cites:
            key = canonical_key(entries, cite.key)
            if key is None:
                continue
            place = _place(env, docname, cite.anchor)
            if not _passes(place, levels, categories):
                continue
            if key not in places:
                order.append(key)
                places[key] = []
            if (key, place.docname, place.anchor) not in seen:
                seen.add((key, place.docname, place.anchor))
                places[key].append(place)
    return order, places


def bibliography_id_prefix(index: int) -> str:
    return "innersource-bib-" if index == 1 else f"innersource-bib{index}-"


def shown_data(env: BuildEnvironment) -> tuple:
    """Everything the book's bibliography shows, as a comparable value."""
    domain = cite_domain(env)
    data = page_data(env)
    items = []
    for docname in sorted(data):
        page = data[docname]
        if not page.cites:
            continue
        for key, anchor in sorted({(c.key, c.anchor or "") for c in page.cites}):
            place = _place(env, docname, anchor)
            pattern = place.pattern
            items.append((docname, key, anchor, place.text,
                          pattern.maturity_key if pattern else "",
                          tuple(pattern.categories) if pattern else ()))
    bibfiles = tuple(sorted((str(path), info.mtime)
                            for path, info in bib_files(domain).items())) \
        if domain is not None else ()
    return (tuple(items), bibfiles)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages holding a ``pattern-bibliography``, when what it shows changed."""
    if cite_domain(env) is None:
        return []
    store = getattr(env, ENV_FINGERPRINT, None)
    if not isinstance(store, dict):
        store = {}
        setattr(env, ENV_FINGERPRINT, store)
    if not changed(store, "bibliography", shown_data(env)):
        return []
    return sorted(docname for docname, page in page_data(env).items()
                  if page.book_bibliographies)


# -- the directive --------------------------------------------------------------------

class PatternBibliographyDirective(SphinxDirective):
    """``pattern-bibliography``: every cited work and the patterns citing it."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "maturity": directives.unchanged,
        "categories": directives.unchanged,
        "style": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        location = self.get_location()
        if cite_domain(self.env) is None:
            warn("pattern-bibliography needs sphinxcontrib-bibtex; nothing is listed. Fix: "
                 "add 'sphinxcontrib.bibtex' to extensions and set bibtex_bibfiles in "
                 "conf.py", subtype="citation", location=location)
            return []
        levels, bad = parse_maturity_filter(self.options.get("maturity", ""))
        if bad:
            warn(f"pattern-bibliography: unknown maturity {', '.join(bad)}; "
                 f"{'it is' if len(bad) == 1 else 'they are'} ignored. "
                 f"Fix: use {Maturity.choices()}", subtype="option", location=location)
        style = self.options.get("style", "").strip() or self.config.bibtex_default_style
        if not style_exists(style):
            warn(f"pattern-bibliography: unknown bibliography style {style!r}; using "
                 f"{self.config.bibtex_default_style!r}. Fix: use a pybtex style such as "
                 "alpha, plain, unsrt or unsrtalpha", subtype="option", location=location)
            style = self.config.bibtex_default_style
        docname = self.env.docname
        page = page_data(self.env).setdefault(docname, PageLiterature())
        options = {
            "levels": sorted(levels) if levels is not None else None,
            "categories": sorted({slugify(c) for c in
                                  split_list(self.options.get("categories"))}),
            "style": style,
            "index": len(page.book_bibliographies) + 1,
        }
        page.book_bibliographies.append(options)
        node = book_bibliography("", docname=docname, options=options,
                                 classes=["innersource-bibliography",
                                          *self.options.get("class", [])])
        self.set_source_info(node)
        return [node]


def book_options(options: dict[str, Any]) -> dict[str, Any]:
    levels = options.get("levels")
    return {**options, "levels": set(levels) if levels is not None else None}


def render_book_bibliography(app: Sphinx, node: book_bibliography, fromdocname: str) -> None:
    env = app.env
    builder = app.builder
    options = book_options(node["options"])
    docname = node["docname"]
    order, places = cited_works(env, options)
    works = format_works(env, order, options["style"],
                         bibliography_id_prefix(options["index"]),
                         location=node)
    if not works:
        para = nodes.paragraph("", _("No work is cited yet."),
                               classes=["innersource-bibliography-empty"])
        node.replace_self(para)
        return
    result = nodes.bullet_list(classes=node["classes"])
    for work in works:
        item = entry_item(builder, docname, work, ["innersource-bibliography-entry"], node)
        cited = nodes.paragraph(classes=["innersource-cited-by"])
        cited += nodes.inline("", _("Cited in:") + " ", classes=["innersource-label"])
        for i, place in enumerate(places[work.key]):
            if i:
                cited += nodes.Text(", ")
            link_text = nodes.inline(place.text, place.text)
            cited += make_refnode(builder, fromdocname, place.docname, place.anchor or None,
                                  link_text)
        item += cited
        result += item
    node.replace_self(result)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app.builder, docname, book_bibliography):
        return
    for node in list(doctree.findall(book_bibliography)):
        if cite_domain(app.env) is None:
            node.parent.remove(node)
            continue
        render_book_bibliography(app, node, docname)
