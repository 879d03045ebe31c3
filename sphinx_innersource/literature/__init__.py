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

The parts: :mod:`.records` (what each page cites), :mod:`.references` (the
per-pattern lists and the links of citations), :mod:`.bibliography` (the book's
bibliography) and :mod:`.bibtex`, the adapter to sphinxcontrib-bibtex and pybtex
(the only module importing them, and never at module level: a book without them
builds as before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..nodes import book_bibliography, reference_list
from .bibliography import (
    PatternBibliographyDirective,
    on_doctree_resolved,
    on_env_get_updated,
    parse_maturity_filter,
)
from .bibtex import on_builder_inited_late, on_config_inited
from .records import LiteratureCollector, pattern_references
from .references import LiteratureTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["parse_maturity_filter", "pattern_references", "setup"]


# -- nodes -------------------------------------------------------------------

def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


_SKIP = (_skip, None)


# -- setup ---------------------------------------------------------------------------

def setup(app: Sphinx) -> None:
    for node in (reference_list, book_bibliography):
        app.add_node(node, html=_SKIP, latex=_SKIP, text=_SKIP, man=_SKIP, texinfo=_SKIP)
    app.add_directive("pattern-bibliography", PatternBibliographyDirective)
    app.add_post_transform(LiteratureTransform)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited_late, priority=600)
    app.add_env_collector(LiteratureCollector)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", on_doctree_resolved)
