"""Maps of the book: the related-patterns graph and the category mind map.

``pattern-graph`` draws the patterns a selection takes (or the neighbourhood
of one pattern) and their ``:related:`` relations; ``pattern-map`` draws the
tree of their ``:categories:`` around the book's title.  With
``innersource_pattern_graph = True`` every pattern page gets a small graph
of its neighbours below its summary.  Graphviz lays them out (see
:mod:`.render`); without it, a plain linked list stands in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

def setup_maps(app: Sphinx) -> None:
    from . import build, directives
    from .collector import MapsCollector
    from .prerender import on_write_started

    # graphviz_dot and graphviz_dot_args: the same settings as Sphinx's graphviz.
    app.setup_extension("sphinx.ext.graphviz")
    directives.setup(app)
    build.setup(app)
    app.add_env_collector(MapsCollector)
    app.connect("write-started", on_write_started)
