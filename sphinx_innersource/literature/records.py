"""Citation records: what each page cites, read when the page is read.

The records are kept per document in the environment (purged and merged with
the page) and feed :func:`pattern_references`, the per-pattern reference
lists and the book's bibliography."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from ..compat import bib_files
from ..core.model import Pattern
from ..directives.known_instance import known_instance
from ..domain import get_domain
from ..i18n import _
from ..logs import warn
from ..nodes import reference_list
from .bibtex import (
    TEXTUAL_ROLES,
    authors_text,
    bib_entries,
    canonical_key,
    citation_targets,
    cite_domain,
    cite_xrefs,
    has_bibliography,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: Environment attribute: docname -> :class:`PageLiterature`.
ENV_DATA = "innersource_literature"


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


def page_data(env: BuildEnvironment) -> dict[str, PageLiterature]:
    return vars(env).setdefault(ENV_DATA, {})


def pattern_references(env: BuildEnvironment, docname: str) -> list[str]:
    """Sorted keys of the works cited on *docname* (its known instances included).

    Only keys found in the ``.bib`` files are returned (an unknown key is
    reported when the page is read); the list is empty when
    sphinxcontrib-bibtex is not configured.
    """
    page = page_data(env).get(docname)
    if page is None:
        return []
    entries = bib_entries(env)
    keys = {canonical_key(entries, cite.key) for cite in page.cites}
    keys.discard(None)
    return sorted(keys)  # type: ignore[arg-type]


# -- reading --------------------------------------------------------------------

def _enclosing_instance(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, known_instance) and parent["ids"]:
            return parent["ids"][0]
        parent = parent.parent
    return None


def page_pattern(env: BuildEnvironment, docname: str) -> Pattern | None:
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


def _plain_patlet(doctree: nodes.document, pattern: Pattern, entries: Any) -> None:
    """Keep citation keys out of the plain-text patlet (index, tooltips, export).

    A parenthetical citation is dropped; a textual one (``{cite:t}``) becomes
    the authors' names, since it is part of the sentence.
    """
    for para in doctree.findall(nodes.Element):
        if "innersource-patlet" not in para.get("classes", ()):
            continue
        if not any(True for _x in cite_xrefs(para)):
            return
        copy = para.deepcopy()
        for xref in list(cite_xrefs(copy)):
            text = ""
            if xref.get("reftype") in TEXTUAL_ROLES:
                found = [entries.get(t.key) for t in citation_targets(xref)]
                text = ", ".join(authors_text(e) for e in found if e is not None)
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
    domain = cite_domain(env)
    if domain is None:
        return
    docname = env.docname
    data = page_data(env)
    page = data.get(docname) or PageLiterature()
    page.cites = []
    page.own_bibliography = has_bibliography(doctree)
    xrefs = list(cite_xrefs(doctree))
    for xref in xrefs:
        anchor = _enclosing_instance(xref)
        for target in citation_targets(xref):
            page.cites.append(CiteRecord(target.key, anchor, xref.line))

    pattern = page_pattern(env, docname)
    page.handled = bool(
        pattern is not None and page.cites and not page.own_bibliography
        and app.config.innersource_pattern_references
    )
    if pattern is not None:
        _plain_patlet(doctree, pattern, bib_entries(env))
    if page.handled:
        entries = bib_entries(env)
        known = False
        for xref in xrefs:
            for target in citation_targets(xref):
                if canonical_key(entries, target.key) is None:
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
        for bibfile in bib_files(domain):
            if Path(bibfile).is_file():
                env.note_dependency(str(bibfile))

    if page.cites or page.own_bibliography or page.book_bibliographies:
        data[docname] = page
    else:
        data.pop(docname, None)


class LiteratureCollector(EnvironmentCollector):
    """Keeps the citation records of each document: read, purged and merged with it."""

    def enable(self, app: Sphinx) -> None:
        # As EnvironmentCollector.enable, but the page is read at priority 400:
        # before Sphinx's own collectors (500), so that the "References"
        # section added to a pattern page is in its table of contents.
        super().enable(app)
        assert self.listener_ids is not None
        app.disconnect(self.listener_ids["doctree-read"])
        self.listener_ids["doctree-read"] = app.connect("doctree-read", self.process_doc,
                                                        priority=400)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        on_doctree_read(app, doctree)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        page_data(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        ours, theirs = page_data(env), page_data(other)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]
            else:
                ours.pop(docname, None)
