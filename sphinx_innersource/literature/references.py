"""The per-pattern reference lists and the links of the citations (a post-transform)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..compat import env_builder
from ..nodes import reference_list
from .bibliography import bibliography_id_prefix, book_options, cited_works
from .bibtex import (
    Formatted,
    bib_entries,
    canonical_key,
    citation_targets,
    cite_domain,
    cite_xrefs,
    entry_item,
    format_works,
    render_citation,
)
from .records import page_data

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
        domain = cite_domain(env)
        if domain is None:
            return
        data = page_data(env)
        builder = env_builder(self.env)
        style_name = self.config.bibtex_default_style
        pages: dict[str, dict[str, Formatted]] = {}

        def page_works(docname: str, location: Any = None) -> dict[str, Formatted]:
            if docname not in pages:
                page = data.get(docname)
                keys = [k for k in (canonical_key(bib_entries(env), c.key)
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
                lst += entry_item(builder, docname, work, ["innersource-reference"],
                                   (docname, None))
            node.replace_self(lst)

        fallback: dict[str, tuple[str, Formatted]] | None = None
        for xref in list(cite_xrefs(self.document)):
            refdoc = xref.get("refdoc", env.docname)
            page = data.get(refdoc)
            if page is not None and page.handled:
                works = page_works(refdoc)
                targets = [(t, works.get(t.key.lower())) for t in citation_targets(xref)]
                self._replace(xref, refdoc, [(t, refdoc, w) for t, w in targets if w])
                continue
            # Not ours: sphinxcontrib-bibtex resolves it if some bibliography
            # directive lists every key; otherwise link to the book's bibliography.
            targets = citation_targets(xref)
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
        data = page_data(env)
        result: dict[str, tuple[str, Formatted]] = {}
        for docname in sorted(data):
            for options in data[docname].book_bibliographies:
                opts = book_options(options)
                order, _places = cited_works(env, opts)
                for work in format_works(env, order, opts["style"],
                                         bibliography_id_prefix(opts["index"])):
                    result.setdefault(work.key.lower(), (docname, work))
        return result

    def _replace(self, xref: addnodes.pending_xref, refdoc: str,
                 found: list[tuple[Any, str, Formatted]]) -> None:
        """Render *xref* like sphinxcontrib-bibtex, linking to our entries."""
        xref.replace_self(render_citation(self.env, xref, refdoc, found))
