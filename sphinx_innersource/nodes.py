"""Every custom docutils node class of the extension (classes only, no logic).

Each module that creates a node imports it from here and registers its
visitors in its own ``setup()``; keeping the classes together lets the
domain, the directives and the post-transforms refer to each other's nodes
without importing each other.
"""

from __future__ import annotations

from docutils import nodes


class pattern_summary(nodes.container):
    """The summary block of a pattern.

    It derives from ``container`` so that every builder without a visitor of
    its own (text, man, texinfo, xml, third-party ones) renders its children
    like any container.
    """


class pattern_meta(nodes.General, nodes.Element):
    """The metadata of a pattern, as read: a leaf with the values as attributes.

    :class:`ExpandPatternMeta` turns it into a field list (maturity badge,
    aliases, authors, ..., related patterns) when the page is resolved for a
    builder.  Keeping the read doctree small matters on big books: every
    transform Sphinx and docutils run after reading walks every node of every
    page, and the field list would roughly double the nodes of a short
    pattern page.  The field labels are ours (translated by our catalogue),
    so they need not be in the read doctree for Sphinx's gettext builder.
    """


class known_instance(nodes.admonition):
    """A known instance block; builders fall back to ``visit_admonition``."""


class landing_block(nodes.container):
    """A block of the landing page (hero section, calendar).

    Only the pages that hold one link the landing stylesheet.
    """


class hero_section(landing_block):
    """The whole hero block; non-HTML builders treat it as a container."""


class hero_part(nodes.container):
    """The media or the text column of a hero (a plain ``<div>`` in HTML)."""


class calendar_embed(landing_block):
    """The calendar block: an iframe in HTML, its children everywhere."""


class catalogue_placeholder(nodes.General, nodes.Element):
    """Stands for a catalogue until the page is written."""


class reference_list(nodes.General, nodes.Element):
    """Placeholder for a page's reference list, filled when the page is resolved."""


class book_bibliography(nodes.General, nodes.Element):
    """Placeholder for ``pattern-bibliography``, replaced at ``doctree-resolved``."""


class adopter_placeholder(nodes.General, nodes.Element):
    """Stands for the known instances of an adopter page until the page is written."""
