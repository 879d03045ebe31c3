"""Configuration values of the extension (``innersource_*`` in ``conf.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "innersource_required_sections", DEFAULT_REQUIRED_SECTIONS, "env", types=(list, tuple)
    )
    app.add_config_value("innersource_sections_min_maturity", "initial", "env", types=(str,))
    app.add_config_value("innersource_min_instances", DEFAULT_MIN_INSTANCES, "env", types=(dict,))
    app.add_config_value("innersource_check_related_maturity", True, "env", types=(bool,))
    app.add_config_value(
        "innersource_book_maturity", DEFAULT_BOOK_MATURITY, "env", types=(list, tuple, str)
    )
    app.add_config_value("innersource_short_urls", "", "html", types=(str,))
    app.add_config_value("innersource_embed_hosts", DEFAULT_EMBED_HOSTS, "env", types=(list, tuple))
    app.add_config_value("innersource_pattern_references", True, "env", types=(bool,))
    # "now" for the upcoming events of calendar-embed :ics: (ISO 8601 or Unix
    # time); None: $SOURCE_DATE_EPOCH, else the clock.
    app.add_config_value("innersource_calendar_now", None, "env", types=(str, int, float))
