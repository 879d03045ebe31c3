"""Warnings of the extension.

Every warning has the type ``innersource`` and one of the subtypes below, so
that a book can silence one kind with ``suppress_warnings =
["innersource.<subtype>"]`` (or all of them with ``["innersource"]``).
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_innersource")

WARNING_TYPE = "innersource"

#: subtype -> what it is about (documented in docs/reference/warnings).
SUBTYPES = {
    "option": "an option value that is not allowed (for example a bad maturity)",
    "duplicate_id": "two pattern pages declare the same id",
    "patlet": "a pattern without a patlet",
    "multiple_patterns": "a second pattern directive on one page",
    "sections": "a pattern page lacks a section the template requires",
    "related": "related names a pattern that does not exist",
    "related_maturity": "a pattern of level 2 or 3 relates to a pattern of a lower level",
    "instance": "a known instance with no pattern, or naming an unknown one",
    "maturity": "a pattern has fewer known instances than its maturity needs",
    "orphan": "a pattern page that is in no toctree and no listing",
    "toctree": "a page left out of a patterns-toctree, where it would make a cycle",
    "url": "a URL that is refused (scheme or host not allowed)",
    "image": "an image problem (missing alt text, file outside the source folder)",
    "calendar": "a calendar-embed option that is not allowed",
    "citation": "a problem with literature citations",
    "config": "a configuration value of the extension that cannot be used",
    "short_url": "a short URL that cannot be written (bad folder, clash with another name)",
    "export": "patterns.json cannot be written",
    "graph": "a pattern-graph or pattern-map that cannot be drawn (unknown :around: pattern, "
             "too many patterns, Graphviz missing or failing)",
    "front_matter": "a front matter value (title, subtitle, description) that is empty or unusable",
    "organisation": "organisation names that look like spellings of one organisation, "
                    "not declared in innersource_organisations",
    "adopter_page": "an adopter page that is not written: a file of yours has its name",
    "pdf": "a font the PDF needs is not installed",
}


def warn(message: str, *, subtype: str, location: Any = None, **kwargs: Any) -> None:
    """Emit one located warning of the extension."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype, **kwargs)
