"""Drawing the graphs and maps when a page is written, and the checks of every build.

``doctree-resolved`` (in the main process) replaces each placeholder by a
figure holding the DOT source, the plain linked list and the legend.  The
HTML and LaTeX visitors (in the writing processes of ``-j N``) run
Graphviz: HTML pages get the SVG inline (its links are ordinary links of
the page, and the page's stylesheet reaches it, in light and dark mode),
LaTeX a PDF image with a link over each pattern's box.  Other builders,
a drawing above the size limit and a drawing Graphviz could not make show
the list; a page where Graphviz fails gets one warning, at its first
drawing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..collectors import may_hold
from ..domain import get_domain
from ..i18n import _
from ..logs import warn
from .collector import pages
from .data import Drawing, MapSpec
from .lists import graph_list, key, map_list
from .nodes import map_caption, map_drawing, map_figure, map_placeholder
from .render import DotError, PdfDrawing, dot_command, page_svg, pdf_file
from .selection import drawing_of
from .source import CACHE, alt_text, dot_source, drawn, max_patterns, root_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

MAPS_CSS = "sphinx-innersource-maps.css"
MAPS_JS = "sphinx-innersource-maps.js"


def plain_list(builder: Builder, spec: MapSpec, drawing: Drawing,
               fromdoc: str) -> list[nodes.Node]:
    if spec.kind == "map":
        return map_list(builder, fromdoc, drawing, root_of(builder.config, spec),
                        _("Uncategorised"))
    return [graph_list(builder, fromdoc, drawing)]


def render(app: Sphinx, node: map_placeholder, docname: str, n: int) -> list[nodes.Node]:
    """What replaces *node*, the page's *n*-th drawing: a figure with the DOT
    source to draw (or its list)."""
    spec: MapSpec = node["spec"]
    drawing = drawing_of(get_domain(app.env), spec)
    if spec.auto and drawing.size < 2:
        return []  # a pattern related to no other: nothing worth drawing
    figure = map_figure(classes=["innersource-graph", f"innersource-pattern-{spec.kind}",
                                 *node["classes"]])
    figure.source, figure.line = node.source, node.line
    if not drawing.patterns:
        text = _("No pattern matches this listing.")
        figure += nodes.paragraph(text, text, classes=["innersource-empty"])
    elif not drawn(app, spec, drawing):
        figure.extend(plain_list(app.builder, spec, drawing, docname))
    else:
        # The writer adds the legend, or the list if Graphviz fails.
        drawing_node = map_drawing(code=dot_source(app, spec, drawing, docname, n),
                                   label=alt_text(app, spec, drawing), spec=spec,
                                   docname=docname)
        drawing_node.source, drawing_node.line = node.source, node.line
        figure += drawing_node
    if node.children:
        figure += map_caption("", "", *node.children, classes=["innersource-graph-caption"])
    return [figure]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not may_hold(app.builder, docname, map_placeholder):
        return
    for n, node in enumerate(list(doctree.findall(map_placeholder)), 1):
        content = render(app, node, docname, n)
        if content:
            node.replace_self(content)
        else:
            node.parent.remove(node)


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Drawings that name an unknown pattern, or are too large to draw."""
    domain = get_domain(env)
    limit = max_patterns(app.config)
    for docname, page in sorted(pages(env).items()):
        for spec in page.specs:
            if spec.auto:
                continue
            drawing = drawing_of(domain, spec)
            location = (docname, spec.lineno)
            if drawing.unknown_around:
                warn(f":around: names the unknown pattern {drawing.unknown_around!r}; the "
                     "graph is left empty. Fix: use the id, an alias or the title of a pattern",
                     subtype="graph", location=location)
            elif drawing.size > limit:
                warn(f"the pattern-{spec.kind} selects {drawing.size} patterns, more than "
                     f"innersource_graph_max_patterns ({limit}); a list is shown instead of "
                     "the drawing. Fix: narrow the selection (:maturity:, :categories:, "
                     ":around:), or raise innersource_graph_max_patterns",
                     subtype="graph", location=location)


# -- writers ------------------------------------------------------------------------

def visit_figure_html(self: Any, node: map_figure) -> None:
    self.body.append(self.starttag(node, "figure"))


def depart_figure_html(self: Any, node: map_figure) -> None:
    self.body.append("</figure>\n")


def visit_caption_html(self: Any, node: map_caption) -> None:
    self.body.append(self.starttag(node, "figcaption", suffix=""))


def depart_caption_html(self: Any, node: map_caption) -> None:
    self.body.append("</figcaption>\n")


def _shown(self: Any, node: map_drawing) -> Drawing:
    return drawing_of(get_domain(self.builder.env), node["spec"])


def _failed(self: Any, node: map_drawing, error: DotError) -> None:
    """Show the list in place of the drawing (the writer visits the children
    added here); the first failure of a page warns."""
    if not getattr(self, "_innersource_graph_failed", False):
        self._innersource_graph_failed = True
        what = "map" if node["spec"].kind == "map" else "graph"
        warn(f"the {what} cannot be drawn: {error}; a list of its patterns is shown "
             "instead, as for any other drawing of this page. Fix: install Graphviz "
             "(https://graphviz.org), or set graphviz_dot in conf.py to its 'dot' program",
             subtype="graph", location=node)
    node.extend(plain_list(self.builder, node["spec"], _shown(self, node), node["docname"]))


def visit_drawing_html(self: Any, node: map_drawing) -> None:
    builder = self.builder
    try:
        svg = page_svg(dot_command(builder.config), node["code"], node["label"],
                       node["spec"].kind, Path(builder.doctreedir) / CACHE)
    except DotError as error:
        _failed(self, node, error)
        return
    self.body.append(f'<div class="innersource-graph-drawing">{svg}</div>\n')
    node += key(_shown(self, node))


def visit_figure_latex(self: Any, node: map_figure) -> None:
    """A drawn figure is one box (image, legend, caption): they share a page.

    Graphviz runs here, before the box is opened; a failure leaves no box
    (a list may be long) and is reported by :func:`visit_drawing_latex`.
    """
    drawing = next(iter(node.findall(map_drawing)), None)
    if drawing is not None:
        try:
            drawing["pdf"] = pdf_file(dot_command(self.builder.config), drawing["code"],
                                      Path(self.builder.outdir) / self.builder.imagedir)
            node["boxed"] = True
            self.body.append("\n\\par\\noindent\\begin{minipage}{\\linewidth}\\centering\n")
        except DotError as error:
            drawing["error"] = error
    self.visit_container(node)


def depart_figure_latex(self: Any, node: map_figure) -> None:
    self.depart_container(node)
    if node.get("boxed"):
        self.body.append("\\end{minipage}\n\\par\n")


def visit_drawing_latex(self: Any, node: map_drawing) -> None:
    if "error" in node:
        _failed(self, node, node["error"])
        return
    pdf: PdfDrawing = node["pdf"]
    image = (linked_image(self, pdf) if pdf.links and pdf.width and pdf.height
             else f"\\sphinxincludegraphics[]{{{pdf.name}}}")
    self.body.append(f"\n\\begin{{center}}\n{image}\n\\end{{center}}\n")
    node += key(_shown(self, node))


def linked_image(self: Any, pdf: PdfDrawing) -> str:
    """The image in a ``picture`` with a link over each pattern's box (LaTeX
    keeps no links of an included PDF).  Scaled down, as
    ``\\sphinxincludegraphics`` would, to the text width and most of the
    text height: the link boxes are placed in the same units."""
    width, height = math.ceil(pdf.width), math.ceil(pdf.height)
    boxes = "".join(
        f"\\put({x:.2f},{y:.2f}){{{self.hyperlink(target.removeprefix('%') + '::doc')}"
        f"\\makebox({w:.2f},{h:.2f}){{}}}}}}}}%\n" for target, x, y, w, h in pdf.links)
    return ("\\begingroup\\setlength{\\unitlength}{1bp}%\n"
            f"\\ifdim{width}\\unitlength>\\linewidth"
            f"\\setlength{{\\unitlength}}{{\\dimexpr\\linewidth/{width}\\relax}}\\fi\n"
            f"\\ifdim{height}\\unitlength>0.8\\textheight"
            f"\\setlength{{\\unitlength}}{{\\dimexpr0.8\\textheight/{height}\\relax}}\\fi\n"
            f"\\begin{{picture}}({pdf.width:.2f},{pdf.height:.2f})%\n"
            f"\\put(0,0){{\\includegraphics[width={pdf.width:.2f}\\unitlength]{{{pdf.name}}}}}%\n"
            f"{boxes}\\end{{picture}}\\endgroup")


def depart_drawing(self: Any, node: map_drawing) -> None:
    pass


def add_assets(app: Sphinx, pagename: str, templatename: str,
               context: dict[str, Any], doctree: nodes.document | None) -> None:
    """The maps' stylesheet and script, on the pages with a drawing only (the
    builder's ``add_*_file`` during ``html-page-context`` is for this page)."""
    builder = app.builder
    if hasattr(builder, "add_css_file") and doctree is not None \
            and may_hold(builder, pagename, map_placeholder, map_figure) \
            and next(doctree.findall(map_figure), None) is not None:
        builder.add_css_file(MAPS_CSS)
        builder.add_js_file(MAPS_JS, defer="defer")


def setup(app: Sphinx) -> None:
    app.add_node(map_placeholder)
    app.add_node(map_figure, html=(visit_figure_html, depart_figure_html),
                 latex=(visit_figure_latex, depart_figure_latex))
    app.add_node(map_caption, html=(visit_caption_html, depart_caption_html))
    # Made for the html and latex formats only (see source.drawn).
    app.add_node(map_drawing, html=(visit_drawing_html, depart_drawing),
                 latex=(visit_drawing_latex, depart_drawing))
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-check-consistency", on_check_consistency)
    app.connect("html-page-context", add_assets)
