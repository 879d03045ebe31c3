"""The defaults of the ``innersource_*`` values that the Sphinx-free code reads too.

``config`` registers them with Sphinx; the checks, ``lint`` and ``import`` read them
without a build.
"""

from __future__ import annotations

#: The mandatory headings of the upstream pattern template.  An entry is a
#: heading or a tuple of accepted spellings of one heading.
DEFAULT_REQUIRED_SECTIONS: list[str | tuple[str, ...]] = [
    "Problem",
    "Context",
    "Forces",
    ("Solutions", "Solution"),
    "Resulting Context",
    ("Known Instances", "Known Instance"),
    "Status",
    ("Authors", "Author", "Author(s)"),
]

DEFAULT_MIN_INSTANCES = {"structured": 1, "validated": 3}

#: The published levels of the book (``patterns-toctree`` default).
DEFAULT_BOOK_MATURITY = ["structured", "validated"]

DEFAULT_EMBED_HOSTS = ["calendar.google.com"]

#: ``innersource_graph_max_patterns``: above, a drawing becomes a list.
DEFAULT_GRAPH_MAX_PATTERNS = 100
