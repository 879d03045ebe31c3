"""Configuration values of the extension (``innersource_*`` in ``conf.py``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from .logs import warn
from .model import Maturity
from .query import parse_maturity_filter

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


def conf_location(app: Sphinx, name: str) -> nodes.Element:
    """conf.py and the line that sets *name*, as a warning location (a node:
    a plain string would be taken for a docname)."""
    conf_py = Path(app.confdir) / "conf.py"
    try:
        conf_lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        conf_lines = []
    node = nodes.Element()
    node.source = str(conf_py)
    node.line = next((n for n, line in enumerate(conf_lines, 1)
                      if re.match(rf"\s*{name}\s*[:=]", line)), None)
    return node


def check_config(app: Sphinx) -> None:
    """Warn about configuration values the extension cannot use.

    Each warning names the value, what is wrong and what is allowed; the
    build goes on with the default for that part.
    """
    config = app.config

    def where(name: str) -> nodes.Element:
        return conf_location(app, name)

    value = config.innersource_sections_min_maturity
    if Maturity.parse(value) is None:
        warn(f"innersource_sections_min_maturity = {value!r} is not a maturity; the section "
             f"check applies to every pattern. Fix: use {Maturity.choices()}",
             subtype="config", location=where("innersource_sections_min_maturity"))
    for key, count in (config.innersource_min_instances or {}).items():
        if Maturity.parse(key) is None:
            warn(f"innersource_min_instances has the key {key!r}, which is not a maturity; it "
                 f"is ignored. Fix: use {Maturity.choices()}",
                 subtype="config", location=where("innersource_min_instances"))
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            warn(f"innersource_min_instances[{key!r}] = {count!r} is not a count; it is "
                 "ignored. Fix: give a whole number such as 1 or 3",
                 subtype="config", location=where("innersource_min_instances"))
    _levels, bad = parse_maturity_filter(config.innersource_book_maturity)
    if bad:
        warn(f"innersource_book_maturity has {', '.join(map(repr, bad))}, which is not a "
             f"maturity. Fix: use {Maturity.choices()}, or 'all'",
             subtype="config", location=where("innersource_book_maturity"))
    for entry in config.innersource_required_sections or []:
        if not isinstance(entry, str) and not (
                isinstance(entry, (list, tuple)) and entry
                and all(isinstance(e, str) for e in entry)):
            warn(f"innersource_required_sections has the entry {entry!r}. Fix: give a heading "
                 "('Problem') or a tuple of accepted spellings (('Solution', 'Solutions'))",
                 subtype="config", location=where("innersource_required_sections"))


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
    # At builder-inited, when warnings can be located and filtered.
    app.connect("builder-inited", check_config)
