"""The docutils nodes of the maps (no logic)."""

from __future__ import annotations

from docutils import nodes


class map_placeholder(nodes.General, nodes.Element):
    """Stands for a graph or map until the page is written.

    Attribute: ``spec`` (a :class:`~.data.MapSpec`); its children, if any, are
    the caption's inline nodes.
    """


class map_figure(nodes.container):
    """A drawn graph or map with its legend and caption (``<figure>`` in HTML);
    every other builder renders it as a container."""


class map_caption(nodes.paragraph):
    """The caption of a :class:`map_figure` (``<figcaption>`` in HTML)."""


class map_drawing(nodes.General, nodes.Element):
    """A drawing to make when the page is written.

    Attributes: ``code`` (DOT), ``label`` (its accessible name), ``spec`` and
    ``docname``.  Made for HTML and LaTeX only, whose visitors run Graphviz
    (in the writing processes of ``-j N``) and add its legend, or its list
    when Graphviz fails, as children to write: neither is in the doctree the
    search index reads.
    """
