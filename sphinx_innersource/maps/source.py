"""The DOT source of a drawing, as the current builder shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import NoUri

from ..core.urls import scheme_of
from ..domain import get_domain
from ..i18n import _
from .data import Drawing, MapSpec, default_layout
from .dot import TARGET, URL
from .graph import graph_dot
from .mindmap import map_dot

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Folder of the doctree directory that keeps the SVG of each drawn DOT source.
CACHE = "innersource-graphs"
MAX_PATTERNS = "innersource_graph_max_patterns"


def max_patterns(config) -> int:
    """The configured limit (checked with the other values by :mod:`..config`)."""
    return getattr(config, MAX_PATTERNS)


def prefix_of(n: int) -> str:
    """The id prefix of the page's *n*-th drawing (from 1)."""
    return f"innersource-graph-{n}"


def drawn(app: Sphinx, spec: MapSpec, drawing: Drawing) -> bool:
    """Whether Graphviz draws it (else: nothing, or a message, or the list)."""
    return bool(drawing.patterns) and not too_large(app, drawing) \
        and not (spec.auto and drawing.size < 2) and app.builder.format in ("html", "latex")


def too_large(app: Sphinx, drawing: Drawing) -> bool:
    return drawing.size > max_patterns(app.config)


def root_of(config, spec: MapSpec) -> str:
    """The name in the middle of a map."""
    return spec.root or str(config.project or "")


def alt_text(app: Sphinx, spec: MapSpec, drawing: Drawing) -> str:
    """The drawing's accessible name (and the title of its SVG)."""
    if spec.alt:
        return spec.alt
    if spec.kind == "map":
        return _("Mind map of the categories of {root}").format(root=root_of(app.config, spec))
    if drawing.center:
        title = drawing.by_id()[drawing.center].title
        return _("Graph of the patterns related to {title}").format(title=title)
    return _("Graph of {count} patterns and the relations between them").format(
        count=drawing.size)


def urls(builder: Builder, fromdoc: str, drawing: Drawing) -> dict[str, str]:
    """Pattern id -> the relative URL of its page (in LaTeX: ``%docname``, for
    the pages of the document being written)."""
    result = {}
    for pattern in drawing.patterns:
        try:
            uri = builder.get_relative_uri(fromdoc, pattern.docname)
        except NoUri:
            continue
        # A page name such as "javascript:x" must stay a relative path.
        result[pattern.id] = f"./{uri}" if scheme_of(uri) else uri
    return result


def dot_source(app: Sphinx, spec: MapSpec, drawing: Drawing, fromdoc: str, n: int) -> str:
    """The DOT source of the *n*-th drawing of page *fromdoc*.  Its links are
    URLs in HTML; in LaTeX, the ``%docname`` targets of the patterns in the
    document, which the writer lays over the image (an included image keeps
    no links of its own).  Kept until the index changes (made before
    writing, for the batches, then again for each page)."""
    key = ("maps", "dot", app.builder.name, spec, fromdoc, n)
    return get_domain(app.env).derived(key, lambda: _dot_source(app, spec, drawing, fromdoc, n))


def _dot_source(app: Sphinx, spec: MapSpec, drawing: Drawing, fromdoc: str, n: int) -> str:
    links = urls(app.builder, fromdoc, drawing)
    link = URL if app.builder.format == "html" else TARGET
    title, prefix = alt_text(app, spec, drawing), prefix_of(n)
    layout = spec.layout or default_layout(spec.kind, drawing.size)
    if spec.kind == "map":
        return map_dot(drawing, title=title, prefix=prefix, layout=layout,
                       root=root_of(app.config, spec), uncategorised=_("Uncategorised"),
                       urls=links, link=link)
    return graph_dot(drawing, title=title, prefix=prefix, layout=layout, urls=links, link=link)
