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
from .render import DotError, dot_command, run_dot, store_svg, svg_path
from .selection import drawing_of
from .source import CACHE, dot_source, drawn

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


def missing_sources(app: Sphinx, command: list[str], cache: Path) -> list[str]:
    """The DOT sources of the book's small drawings that the cache lacks."""
    domain = get_domain(app.env)
    sources: dict[str, None] = {}
    for docname, page in sorted(pages(app.env).items()):
        for n, spec in enumerate(page.specs, 1):
            drawing = drawing_of(domain, spec)
            if drawn(app, spec, drawing) and drawing.size <= SMALL:
                code = dot_source(app, spec, drawing, docname, n)
                if not svg_path(cache, command, code).is_file():
                    sources[code] = None
    return list(sources)


def draw_batch(command: list[str], cache: Path, batch: list[str]) -> None:
    try:
        output = run_dot(command, "".join(batch), "svg")
    except DotError:
        return  # each page draws (and reports) its own
    parts = [_XML_START + part for part in output.split(_XML_START)[1:]]
    if len(parts) == len(batch):
        for code, data in zip(batch, parts, strict=True):
            store_svg(svg_path(cache, command, code), _PAGE_ID.sub(b'<g id="', data, count=1))


def on_write_started(app: Sphinx, builder: Builder) -> None:
    if builder.format != "html" or not pages(app.env):
        return
    command = dot_command(app.config)
    cache = Path(builder.doctreedir) / CACHE
    sources = missing_sources(app, command, cache)
    batches = [sources[i:i + BATCH] for i in range(0, len(sources), BATCH)]
    if len(batches) > 1 and app.parallel > 1:
        with ThreadPoolExecutor(app.parallel) as pool:
            list(pool.map(lambda batch: draw_batch(command, cache, batch), batches))
    else:
        for batch in batches:
            draw_batch(command, cache, batch)
