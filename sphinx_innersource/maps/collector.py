"""Which pages hold a graph or map, and when they must be written again.

The specs of each page are environment data of their own (an
``EnvironmentCollector``: purged, merged after a parallel read and pickled
like Sphinx's own).  After reading, ``env-get-updated`` compares a
fingerprint of what each page's drawings show (patterns, titles, patlets,
maturity, relations, categories, the pages they link to) with the previous
build's, and has Sphinx rewrite the pages where it changed -- and only those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.environment.collectors import EnvironmentCollector

from ..core.fingerprint import fingerprint
from ..core.query import Query
from ..domain import get_domain
from ..nodes import pattern_summary
from .data import MapSpec
from .nodes import map_placeholder
from .selection import drawing_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Environment attribute: docname -> :class:`PageMaps`.
ENV_DATA = "innersource_maps"


@dataclass
class PageMaps:
    specs: list[MapSpec] = field(default_factory=list)
    #: Fingerprint of what the drawings showed when the page was last written.
    shown: str = ""


def pages(env: BuildEnvironment) -> dict[str, PageMaps]:
    return vars(env).setdefault(ENV_DATA, {})


def add_pattern_graph(app: Sphinx, doctree: nodes.document) -> None:
    """``innersource_pattern_graph``: a graph around the page's pattern, below its summary."""
    docname = app.env.docname
    record = get_domain(app.env).doc_record(docname)
    if not record or not record.patterns:
        return
    pattern = record.patterns[0]
    for summary in doctree.findall(pattern_summary):
        if summary.get("pattern_id") == pattern.id \
                and "innersource-unindexed" not in summary["classes"]:
            spec = MapSpec("graph", Query(), lineno=summary.line, around=pattern.id, auto=True,
                           docname=docname)
            node = map_placeholder(spec=spec, classes=["innersource-related-graph"])
            node.source, node.line = summary.source, summary.line
            summary.parent.insert(summary.parent.index(summary) + 1, node)
            return


class MapsCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        pages(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        theirs = pages(other)
        for docname in docnames:
            if docname in theirs:
                pages(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if app.config.innersource_pattern_graph:
            add_pattern_graph(app, doctree)
        specs = [node["spec"] for node in doctree.findall(map_placeholder)]
        if specs:
            pages(app.env)[app.env.docname] = PageMaps(specs)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        domain = get_domain(env)
        changed = []
        for docname, page in sorted(pages(env).items()):
            shown = fingerprint([(spec, drawing_of(domain, spec))
                                 for spec in page.specs])
            if shown != page.shown:
                page.shown = shown
                changed.append(docname)
        return changed
