"""Draw the SVG of many drawings with few Graphviz runs, before HTML pages are written.

Starting ``dot`` costs more than laying out a small graph: with
``innersource_pattern_graph`` a book of 1,000 patterns would start it 1,000
times.  At ``write-started``, the DOT source of every drawing of the book
is made as its page will make it, and the sources whose SVG is not in the
cache yet go to ``dot`` in batches of :data:`BATCH` graphs (one run each,
``-j N`` runs N at a time).  This only fills the cache: the pages take
their SVG from it, and a source that did not come out of a batch (a page
whose drawings differ when written, a batch that failed) is drawn on its
own when its page is written, which also reports any error.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import get_domain
from .collector import pages
from .render import DotError, dot_command, inline_svg, run_dot, store_text, svg_classes, svg_path
from .selection import drawing_of
from .source import CACHE, alt_text, dot_source, drawn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Graphs per Graphviz run.
BATCH = 50
#: A drawing of more patterns gets a run of its own.
SMALL = 30

_XML_START = b"<?xml"
#: Graphviz gives the graph of a second, third... input graph the id
#: ``page0,1_<id>``; a run of its own gives ``<id>``.
_PAGE_ID = re.compile(rb'<g id="page\d+,\d+_')


def missing(app: Sphinx, command: list[str], cache: Path) -> list[tuple[str, str, str]]:
    """(DOT source, label, kind) of the book's small drawings the cache lacks."""
    domain = get_domain(app.env)
    wanted: dict[tuple[str, str, str], None] = {}
    for docname, page in sorted(pages(app.env).items()):
        for n, spec in enumerate(page.specs, 1):
            drawing = drawing_of(domain, spec)
            if drawn(app, spec, drawing) and drawing.size <= SMALL:
                item = (dot_source(app, spec, drawing, docname, n),
                        alt_text(app, spec, drawing), spec.kind)
                if not svg_path(cache, command, *item).is_file():
                    wanted[item] = None
    return list(wanted)


def draw_batch(command: list[str], cache: Path, batch: list[tuple[str, str, str]]) -> None:
    try:
        output = run_dot(command, "".join(code for code, _label, _kind in batch), "svg")
    except DotError:
        return  # each page draws (and reports) its own
    parts = [_XML_START + part for part in output.split(_XML_START)[1:]]
    if len(parts) != len(batch):
        return
    for (code, label, kind), data in zip(batch, parts, strict=True):
        try:
            text = inline_svg(_PAGE_ID.sub(b'<g id="', data, count=1), label=label,
                              classes=svg_classes(kind))
        except DotError:
            continue
        store_text(svg_path(cache, command, code, label, kind), text)


def on_write_started(app: Sphinx, builder: Builder) -> None:
    if builder.format != "html" or not pages(app.env):
        return
    command = dot_command(app.config)
    cache = Path(builder.doctreedir) / CACHE
    wanted = missing(app, command, cache)
    batches = [wanted[i:i + BATCH] for i in range(0, len(wanted), BATCH)]
    if len(batches) > 1 and app.parallel > 1:
        with ThreadPoolExecutor(app.parallel) as pool:
            list(pool.map(lambda batch: draw_batch(command, cache, batch), batches))
    else:
        for batch in batches:
            draw_batch(command, cache, batch)
