"""Literature: sphinxcontrib-bibtex citations in patterns, reference lists, bibliography.

What this module adds when ``sphinxcontrib.bibtex`` is loaded:

* **Citation records.**  When a page has been read, every ``{cite:*}``
  reference on it (in the text, in the patlet, in ``known-instance`` bodies)
  is recorded with the known instance it sits in.  The records live in the
  environment, are purged and merged per document like the domain's index,
  and feed :func:`pattern_references`, the per-pattern lists and the book's
  bibliography.
* **Per-pattern references.**  A pattern page that cites works gets a
  "References" section listing exactly those works, formatted with
  ``bibtex_default_style``; the page's citations link to this list and are
  formatted with sphinxcontrib-bibtex's own referencing style
  (``bibtex_reference_style``).  The list is *our* rendering on top of
  sphinxcontrib-bibtex's API: nothing is registered as a ``bibliography`` of
  the ``cite`` domain, so the same work can be listed on any number of pages
  and in the book's bibliography without duplicate-citation or duplicate-label
  warnings, and the list stays where it is in LaTeX (Sphinx moves citation
  nodes to one ``thebibliography`` at the end of the PDF).
* **The book's bibliography** (``pattern-bibliography``): every cited work,
  each followed by links to the patterns and known instances citing it,
  rendered once all pages are read.  Its page is rewritten when the set of
  citations changes (``env-get-updated`` with a fingerprint kept in the
  environment).
* **Located warnings** for unknown keys, malformed ``.bib`` entries (which
  would otherwise abort the build inside pybtex) and missing ``.bib`` files.

Nothing here imports sphinxcontrib-bibtex or pybtex at module level: a book
without them builds as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.nodes import make_id
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..compat import env_builder
from ..config import conf_location
from ..core import query
from ..core.model import Maturity, Pattern, slugify, split_list
from ..directives.base import checked_url, repair_options
from ..directives.known_instance import known_instance
from ..domain import get_domain
from ..i18n import _
from ..logs import warn
from ..nodes import book_bibliography, reference_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Environment attribute: docname -> :class:`PageLiterature`.
ENV_DATA = "innersource_literature"
#: Environment attribute: fingerprint of what the book's bibliography shows.
ENV_FINGERPRINT = "innersource_literature_fingerprint"

BIBTEX_EXTENSION = "sphinxcontrib.bibtex"


# -- records -----------------------------------------------------------------

@dataclass
class CiteRecord:
    """One key of one citation role on a page."""

    key: str
    #: Target id of the known-instance block holding the citation, if any.
    anchor: str | None = None
    line: int | None = None


@dataclass
class PageLiterature:
    """The literature facts of one document."""

    cites: list[CiteRecord] = field(default_factory=list)
    #: The page has its own ``bibliography`` directive (it keeps it, and
    #: sphinxcontrib-bibtex resolves the page's citations).
    own_bibliography: bool = False
    #: The page's citations are resolved against its own reference list.
    handled: bool = False
    #: Options of each ``pattern-bibliography`` on the page, in order.
    book_bibliographies: list[dict[str, Any]] = field(default_factory=list)


def _data(env: BuildEnvironment) -> dict[str, PageLiterature]:
    data = getattr(env, ENV_DATA, None)
    if data is None:
        data = {}
        setattr(env, ENV_DATA, data)
    return data


def _cite_domain(env: BuildEnvironment) -> Any | None:
    """sphinxcontrib-bibtex's ``cite`` domain, or None when it is not loaded."""
    try:
        return env.get_domain("cite")
    except Exception:  # (ExtensionError or a missing domain)
        return None


def _entries(env: BuildEnvironment) -> Any:
    domain = _cite_domain(env)
    if domain is None:
        return {}
    return domain.bibdata.data.entries


def _canonical(entries: Any, key: str) -> str | None:
    """The key as written in the ``.bib`` file (pybtex keys ignore case)."""
    entry = entries.get(key) if key else None
    return entry.key if entry is not None else None


def pattern_references(env: BuildEnvironment, docname: str) -> list[str]:
    """Sorted keys of the works cited on *docname* (its known instances included).

    Only keys found in the ``.bib`` files are returned (an unknown key is
    reported when the page is read); the list is empty when
    sphinxcontrib-bibtex is not configured.
    """
    page = _data(env).get(docname)
    if page is None:
        return []
    entries = _entries(env)
    keys = {_canonical(entries, cite.key) for cite in page.cites}
    keys.discard(None)
    return sorted(keys)  # type: ignore[arg-type]


# -- nodes -------------------------------------------------------------------

def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


_SKIP = (_skip, None)


# -- formatting with pybtex ---------------------------------------------------

@dataclass
class Formatted:
    key: str
    entry: Any
    formatted: Any
    target_id: str


def _style(name: str) -> Any:
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.style.formatting", name)()


def style_exists(name: str) -> bool:
    from pybtex.plugin import PluginNotFound

    if not name or name.startswith("."):
        # pybtex reads a leading dot as a file suffix and raises ValueError
        # while reporting the name as unknown.
        return False
    try:
        _style(name)
    except (PluginNotFound, ValueError):
        return False
    return True


def format_works(
    env: BuildEnvironment, keys: Iterable[str], style_name: str, id_prefix: str,
    location: Any = None,
) -> list[Formatted]:
    """Format *keys* (canonical, in citation order) like sphinxcontrib-bibtex.

    The style sorts the entries (``unsrt`` keeps the citation order) and
    makes the labels, exactly as a ``bibliography`` directive would.
    """
    from pybtex.richtext import Tag
    from pybtex.style import FormattedEntry
    from pybtex.style.template import FieldIsMissing

    entries = _entries(env)
    wanted = [entries[key] for key in dict.fromkeys(keys) if key in entries]
    if not wanted:
        return []
    style = _style(style_name)
    sorted_entries = list(style.sort(wanted))
    labels = style.format_labels(sorted_entries)
    result = []
    for label, entry in zip(labels, sorted_entries, strict=True):
        try:
            formatted = style.format_entry(label, entry)
        except FieldIsMissing as exc:
            warn(f"cannot format the work {entry.key!r}: {exc}. Fix: complete the entry "
                 "in the .bib file", subtype="citation", location=location)
            formatted = FormattedEntry(entry.key, Tag("b", str(exc)), label)
        result.append(Formatted(entry.key, entry, formatted, f"{id_prefix}{make_id(entry.key)}"))
    return result


def _unlink_refused(item: nodes.Element, key: str, location: Any) -> None:
    """Keep the text, not the link, of a URL of the ``.bib`` file the policy refuses
    (a ``javascript:`` URL or DOI would otherwise be a live link)."""
    for ref in list(item.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and checked_url(uri, what=f"work {key!r} of the .bib file", location=location,
                               fix="correct the url or doi field of the entry") is None:
            ref.replace_self(nodes.inline("", "", *ref.children))


def _entry_item(builder: Builder, docname: str, work: Formatted, classes: list[str],
                location: Any = None) -> nodes.list_item:
    """A list item: the label, then the formatted entry (with ids for links)."""
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.transforms import node_text_transform

    item = nodes.list_item("", ids=[work.target_id], classes=classes)
    para = nodes.paragraph()
    if builder.format == "latex":
        # sphinxcontrib-bibtex links citations with \hyperlink{cite.DOC:ID}.
        para += nodes.raw("", f"\\hypertarget{{cite.{docname}:{work.target_id}}}{{}}",
                          format="latex")
    label = f"[{work.formatted.label}]"
    para += nodes.inline(label, label, classes=["innersource-ref-label"])
    para += nodes.Text(" ")
    para += work.formatted.text.render(BibtexDomain.backend)
    item += para
    _unlink_refused(item, work.key, location)
    node_text_transform(item)
    return item


# -- reading --------------------------------------------------------------------

def _enclosing_instance(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, known_instance) and parent["ids"]:
            return parent["ids"][0]
        parent = parent.parent
    return None


def _cite_xrefs(doctree: nodes.Node) -> Iterable[addnodes.pending_xref]:
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "cite":
            yield node


def _targets(node: addnodes.pending_xref) -> list[Any]:
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    try:
        return list(parse_citation_targets(node.get("reftarget", "")))
    except ValueError:
        return []


def _page_pattern(env: BuildEnvironment, docname: str) -> Pattern | None:
    record = get_domain(env).doc_record(docname)
    return record.patterns[0] if record and record.patterns else None


def _references_section(doctree: nodes.document, docname: str) -> nodes.Element:
    """Where the list goes: an existing "References" section, else a new one."""
    names = {_("References").casefold(), "references"}
    for section in doctree.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title) \
                and section[0].astext().strip().casefold() in names:
            section["classes"].append("innersource-references")
            return section
    base = "innersource-references"
    section_id, n = base, 1
    while section_id in doctree.ids:
        n += 1
        section_id = f"{base}-{n}"
    section = nodes.section(ids=[section_id], classes=["innersource-references"])
    section += nodes.title("", _("References"))
    doctree.ids[section_id] = section
    top = next((child for child in doctree.children if isinstance(child, nodes.section)),
               doctree)
    top += section
    return section


#: Citation roles whose text is part of the sentence (the authors' names).
_TEXTUAL_ROLES = {"t", "ts", "ct", "cts", "author", "authors", "cauthor", "cauthors"}


def _authors_text(entry: Any) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [re.sub(r"[{}]", "", " ".join(p.last_names)) for p in persons]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def _plain_patlet(doctree: nodes.document, pattern: Pattern, entries: Any) -> None:
    """Keep citation keys out of the plain-text patlet (index, tooltips, export).

    A parenthetical citation is dropped; a textual one (``{cite:t}``) becomes
    the authors' names, since it is part of the sentence.
    """
    for para in doctree.findall(nodes.Element):
        if "innersource-patlet" not in para.get("classes", ()):
            continue
        if not any(True for _x in _cite_xrefs(para)):
            return
        copy = para.deepcopy()
        for xref in list(_cite_xrefs(copy)):
            text = ""
            if xref.get("reftype") in _TEXTUAL_ROLES:
                found = [entries.get(t.key) for t in _targets(xref)]
                text = ", ".join(_authors_text(e) for e in found if e is not None)
            xref.parent.replace(xref, nodes.Text(text))
        text = re.sub(r"\s+", " ", copy.astext()).strip()
        text = re.sub(r"\s*\(\s*\)|\s*\[\s*\]", "", text)
        pattern.patlet = re.sub(r"\s+([.,;:])", r"\1", text)
        return


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record the page's citations; give a pattern page its reference list.

    Runs before Sphinx's collectors (priority 400) so that the added section
    is in the page's table of contents.
    """
    env = app.env
    domain = _cite_domain(env)
    if domain is None:
        return
    from sphinxcontrib.bibtex.nodes import bibliography

    docname = env.docname
    data = _data(env)
    page = data.get(docname) or PageLiterature()
    page.cites = []
    page.own_bibliography = any(True for _x in doctree.findall(bibliography))
    xrefs = list(_cite_xrefs(doctree))
    for xref in xrefs:
        anchor = _enclosing_instance(xref)
        for target in _targets(xref):
            page.cites.append(CiteRecord(target.key, anchor, xref.line))

    pattern = _page_pattern(env, docname)
    page.handled = bool(
        pattern is not None and page.cites and not page.own_bibliography
        and app.config.innersource_pattern_references
    )
    if pattern is not None:
        _plain_patlet(doctree, pattern, domain.bibdata.data.entries)
    if page.handled:
        entries = domain.bibdata.data.entries
        known = False
        for xref in xrefs:
            for target in _targets(xref):
                if _canonical(entries, target.key) is None:
                    warn(f"unknown citation key {target.key!r}: it is in none of the "
                         "bibtex_bibfiles. Fix: correct the key or add the work to the "
                         ".bib file", subtype="citation", location=xref)
                else:
                    known = True
        if known:
            section = _references_section(doctree, docname)
            section += reference_list("", docname=docname)
        # Re-read when a .bib file changes (a missing one would force a
        # re-read on every build: its own warning says enough).
        for bibfile in domain.bibdata.bibfiles:
            if Path(bibfile).is_file():
                env.note_dependency(str(bibfile))

    if page.cites or page.own_bibliography or page.book_bibliographies:
        data[docname] = page
    else:
        data.pop(docname, None)


def on_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _data(env).pop(docname, None)


def on_merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
                  other: BuildEnvironment) -> None:
    ours, theirs = _data(env), _data(other)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]
        else:
            ours.pop(docname, None)


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
    pattern = _page_pattern(env, docname)
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


def _docname_order(env: BuildEnvironment) -> list[str]:
    from sphinxcontrib.bibtex.domain import get_docnames

    try:
        return list(get_docnames(env))
    except Exception:  # (relations not built: fall back to names)
        return sorted(env.found_docs)


def cited_works(env: BuildEnvironment, options: dict[str, Any]
                ) -> tuple[list[str], dict[str, list[Place]]]:
    """Keys cited in the book (in citation order) and where, under *options*' filters."""
    data = _data(env)
    entries = _entries(env)
    levels = options.get("levels")
    categories = set(options.get("categories", ()))
    order: list[str] = []
    places: dict[str, list[Place]] = {}
    seen: set[tuple[str, str, str]] = set()
    for docname in _docname_order(env):
        page = data.get(docname)
        if page is None:
            continue
        for cite in page.cites:
            key = _canonical(entries, cite.key)
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


def _bibliography_id_prefix(index: int) -> str:
    return "innersource-bib-" if index == 1 else f"innersource-bib{index}-"


def fingerprint(env: BuildEnvironment) -> tuple:
    """Everything the book's bibliography shows, as a comparable value."""
    domain = _cite_domain(env)
    data = _data(env)
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
                            for path, info in domain.bibdata.bibfiles.items())) \
        if domain is not None else ()
    return (tuple(items), bibfiles)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages holding a ``pattern-bibliography``, when what it shows changed."""
    if _cite_domain(env) is None:
        return []
    current = fingerprint(env)
    if getattr(env, ENV_FINGERPRINT, None) == current:
        return []
    setattr(env, ENV_FINGERPRINT, current)
    return sorted(docname for docname, page in _data(env).items()
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
        if _cite_domain(self.env) is None:
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
        page = _data(self.env).setdefault(docname, PageLiterature())
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


def _book_options(options: dict[str, Any]) -> dict[str, Any]:
    levels = options.get("levels")
    return {**options, "levels": set(levels) if levels is not None else None}


def render_book_bibliography(app: Sphinx, node: book_bibliography, fromdocname: str) -> None:
    env = app.env
    builder = app.builder
    options = _book_options(node["options"])
    docname = node["docname"]
    order, places = cited_works(env, options)
    works = format_works(env, order, options["style"],
                         _bibliography_id_prefix(options["index"]),
                         location=node)
    if not works:
        para = nodes.paragraph("", _("No work is cited yet."),
                               classes=["innersource-bibliography-empty"])
        node.replace_self(para)
        return
    result = nodes.bullet_list(classes=node["classes"])
    for work in works:
        item = _entry_item(builder, docname, work, ["innersource-bibliography-entry"], node)
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
    for node in list(doctree.findall(book_bibliography)):
        if _cite_domain(app.env) is None:
            node.parent.remove(node)
            continue
        render_book_bibliography(app, node, docname)


# -- resolving the citations of a page ---------------------------------------------

class LiteratureTransform(SphinxPostTransform):
    """Fill the reference lists and link the citations of the pages we handle.

    Runs before sphinxcontrib-bibtex's own post-transform (priority 5) and
    Sphinx's reference resolver (10).  Citations on other pages are left to
    sphinxcontrib-bibtex, except that a key no ``bibliography`` directive
    lists but the book's bibliography does is linked to the latter.
    """

    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        env = self.env
        domain = _cite_domain(env)
        if domain is None:
            return
        data = _data(env)
        builder = env_builder(self.env)
        style_name = self.config.bibtex_default_style
        pages: dict[str, dict[str, Formatted]] = {}

        def page_works(docname: str, location: Any = None) -> dict[str, Formatted]:
            if docname not in pages:
                page = data.get(docname)
                keys = [k for k in (_canonical(domain.bibdata.data.entries, c.key)
                                    for c in (page.cites if page else [])) if k]
                works = format_works(env, keys, style_name, "innersource-ref-", location)
                pages[docname] = {work.key.lower(): work for work in works}
            return pages[docname]

        for node in list(self.document.findall(reference_list)):
            docname = node["docname"]
            works = page_works(docname, node)
            section = node.parent
            if not works:
                node.replace_self([])
                if isinstance(section, nodes.section) and len(section.children) == 1:
                    section.parent.remove(section)
                continue
            lst = nodes.bullet_list(classes=["innersource-references-list"])
            for work in works.values():
                lst += _entry_item(builder, docname, work, ["innersource-reference"],
                                   (docname, None))
            node.replace_self(lst)

        fallback: dict[str, tuple[str, Formatted]] | None = None
        for xref in list(_cite_xrefs(self.document)):
            refdoc = xref.get("refdoc", env.docname)
            page = data.get(refdoc)
            if page is not None and page.handled:
                targets = [(t, page_works(refdoc).get(t.key.lower())) for t in _targets(xref)]
                self._replace(xref, refdoc, [(t, refdoc, w) for t, w in targets if w])
                continue
            # Not ours: sphinxcontrib-bibtex resolves it if some bibliography
            # directive lists every key; otherwise link to the book's bibliography.
            targets = _targets(xref)
            listed = {citation.key for citation in domain.citations
                      if domain.bibliographies[citation.bibliography_key].list_ == "citation"}
            if not targets or all(t.key in listed for t in targets):
                continue
            if fallback is None:
                fallback = self._book_targets()
            found = [(t, *fallback[t.key.lower()]) for t in targets
                     if t.key.lower() in fallback]
            if len(found) == len(targets):
                self._replace(xref, refdoc, found)

    def _book_targets(self) -> dict[str, tuple[str, Formatted]]:
        """key -> (page, entry) of the first book bibliography listing it."""
        env = self.env
        data = _data(env)
        result: dict[str, tuple[str, Formatted]] = {}
        for docname in sorted(data):
            for options in data[docname].book_bibliographies:
                opts = _book_options(options)
                order, _places = cited_works(env, opts)
                for work in format_works(env, order, opts["style"],
                                         _bibliography_id_prefix(opts["index"])):
                    result.setdefault(work.key.lower(), (docname, work))
        return result

    def _replace(self, xref: addnodes.pending_xref, refdoc: str,
                 found: list[tuple[Any, str, Formatted]]) -> None:
        """Render *xref* like sphinxcontrib-bibtex, linking to our entries."""
        import pybtex.plugin
        from sphinxcontrib.bibtex.style.referencing import format_references
        from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

        domain = _cite_domain(self.env)
        config = self.config
        tooltips = bool(config.bibtex_tooltips)
        plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")()
        tip_style = _style(config.bibtex_tooltips_style) \
            if tooltips and config.bibtex_tooltips_style else None
        references = []
        for target, todoc, work in found:
            title = None
            if tooltips:
                tip = tip_style.format_entry(work.formatted.label, work.entry) \
                    if tip_style else work.formatted
                title = tip.text.render(plaintext).replace("\\url ", "")
            references.append((work.entry, work.formatted, SphinxReferenceInfo(
                builder=env_builder(self.env), fromdocname=refdoc, todocname=todoc,
                citation_id=work.target_id, title=title,
                pre_text=target.pre, post_text=target.post,
            )))
        result = nodes.inline(rawsource=xref.get("reftarget", ""), classes=["bibtex-citation"])
        if references:
            rendered = format_references(domain.reference_style, xref.get("reftype", "p"),
                                         references)
            result += rendered.render(domain.backend)
        xref.replace_self(result)


# -- bib files: malformed entries and missing files ------------------------------------

class GuardedCiteRole:
    """A ``cite:*`` role that reports a malformed target instead of crashing.

    sphinxcontrib-bibtex raises on ``{cite:p}`a b``` (ValueError: malformed
    citation target) and on ``{cite:p}`!key``` (KeyError), which aborts the
    whole build with a traceback.  The citation is shown as literal text with
    a located warning instead.
    """

    def __init__(self, role: Any) -> None:
        self.role = role

    def __call__(self, name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: dict | None = None, content: list | None = None) -> Any:
        try:
            return self.role(name, rawtext, text, lineno, inliner, options, content)
        except (ValueError, KeyError, AssertionError) as exc:
            env = inliner.document.settings.env
            warn(f"citation {rawtext!r} cannot be read ({type(exc).__name__}: "
                 f"{str(exc)[:200]}) and is shown as text. Fix: write {{cite:p}}`key` or "
                 "{cite:p}`key1,key2` (keys without spaces)", subtype="citation",
                 location=(env.docname, lineno))
            return [nodes.literal(rawtext, rawtext)], []


def _registered_role(name: str) -> Any:
    """The role function registered with docutils under *name*, or None."""
    from docutils.parsers.rst import languages, roles
    from docutils.utils import Reporter

    quiet = Reporter("", Reporter.SEVERE_LEVEL + 1, Reporter.SEVERE_LEVEL + 1)
    function, _messages = roles.role(name, languages.get_language("en"), 0, quiet)
    return function


def on_config_inited(app: Sphinx, config: Any) -> None:
    """Let pybtex report .bib syntax errors to us instead of aborting the build.

    sphinxcontrib-bibtex reads the .bib files when the environment is created
    (before 2.7) or at ``builder-inited`` (2.7): both come after this event.
    """
    if BIBTEX_EXTENSION not in app.extensions:
        return
    import pybtex.errors

    if pybtex.errors.captured_errors is None:
        pybtex.errors.captured_errors = []
        app._innersource_bib_capture = True  # type: ignore[attr-defined]


def on_builder_inited_early(app: Sphinx) -> None:
    """Guard the citation roles."""
    if BIBTEX_EXTENSION not in app.extensions:
        return
    domain = _cite_domain(app.env)
    if domain is not None:
        for name, role in list(domain.roles.items()):
            if not isinstance(role, GuardedCiteRole):
                domain.roles[name] = GuardedCiteRole(role)
    plain = _registered_role("cite")  # the plain {cite} role, registered globally
    if plain is not None and not isinstance(plain, GuardedCiteRole):
        app.add_role("cite", GuardedCiteRole(plain), override=True)


def on_builder_inited_late(app: Sphinx) -> None:
    """Turn the captured .bib errors into located warnings; check the files exist."""
    if BIBTEX_EXTENSION not in app.extensions:
        return
    import pybtex.errors

    if getattr(app, "_innersource_bib_capture", False):
        errors = pybtex.errors.captured_errors or []
        pybtex.errors.captured_errors = None
        app._innersource_bib_capture = False  # type: ignore[attr-defined]
        for error in errors:
            raw = getattr(error, "filename", None)
            filename = str(raw) if raw else ""
            lineno = getattr(error, "lineno", None)
            location = f"{filename}:{lineno}" if filename and lineno else (filename or None)
            warn(f"malformed .bib data: {error}. The entry may be missing or incomplete. "
                 "Fix: correct the entry in the .bib file", subtype="citation",
                 location=location)
    for name in app.config.bibtex_bibfiles or []:
        path = (Path(app.confdir) / name).resolve()
        if not path.is_file():
            warn(f"bibliography file {name!r} ({path}) does not exist; its works cannot be "
                 "cited. Fix: correct bibtex_bibfiles in conf.py or add the file",
                 subtype="citation",
                 location=conf_location(app.confdir, "bibtex_bibfiles", mentioning=name))


# -- setup ---------------------------------------------------------------------------

def setup(app: Sphinx) -> None:
    for node in (reference_list, book_bibliography):
        app.add_node(node, html=_SKIP, latex=_SKIP, text=_SKIP, man=_SKIP, texinfo=_SKIP)
    app.add_directive("pattern-bibliography", PatternBibliographyDirective)
    app.add_post_transform(LiteratureTransform)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited_early, priority=400)
    app.connect("builder-inited", on_builder_inited_late, priority=600)
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("env-purge-doc", on_purge_doc)
    app.connect("env-merge-info", on_merge_info)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", on_doctree_resolved)
