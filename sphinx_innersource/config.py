"""Configuration values of the extension (``innersource_*`` in ``conf.py``).

Every value is registered from :data:`SETTINGS` and checked when the
configuration is read (``config-inited``): a value of the wrong type gets a
``config`` warning located at its line of ``conf.py`` and is replaced by the
default; a list or dict with a wrong item keeps its good items.  Code that
reads a value afterwards can rely on its type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .core.defaults import (
    DEFAULT_BOOK_MATURITY,
    DEFAULT_EMBED_HOSTS,
    DEFAULT_GRAPH_MAX_PATTERNS,
    DEFAULT_MIN_INSTANCES,
    DEFAULT_REQUIRED_SECTIONS,
)
from .core.model import Maturity
from .core.query import parse_maturity_filter
from .logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

def conf_location(confdir: str | Path | None, name: str, mentioning: str | None = None
                  ) -> nodes.Element:
    """``conf.py`` and the line that sets *name* (or, first, the line mentioning
    *mentioning*), as a node: Sphinx would take a plain string for a docname."""
    conf_py = Path(confdir or ".") / "conf.py"
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    tests = [lambda line: mentioning in line] if mentioning else []
    tests.append(lambda line: re.match(rf"\s*{re.escape(name)}\s*(\[.*\]\s*)?[:+]?=", line))
    node = nodes.Element()
    node.source = str(conf_py)
    node.line = next((n for test in tests for n, line in enumerate(lines, 1) if test(line)),
                     None)
    return node


# -- the checks of each value --------------------------------------------------------
# Each takes a value of an accepted type and returns (value to use, problems);
# a problem is the rest of a sentence that starts with the value's name.

Checked = tuple[Any, list[str]]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _maturity(value: Any) -> Checked:
    if Maturity.parse(value) is None:
        return "initial", [f" = {_short(value)} is not a maturity; the section check applies to "
                           f"every pattern. Fix: use {Maturity.choices()}"]
    return value, []


def _sections(value: Any) -> Checked:
    good, problems = [], []
    for entry in value:
        if isinstance(entry, str) or (isinstance(entry, (list, tuple)) and entry
                                      and all(isinstance(e, str) for e in entry)):
            good.append(entry)
        else:
            problems.append(f" has the entry {_short(entry)}, which is skipped. Fix: give a "
                            "heading ('Problem') or a tuple of accepted spellings "
                            "(('Solution', 'Solutions'))")
    return good, problems


def _min_instances(value: Any) -> Checked:
    good, problems = {}, []
    for key, count in value.items():
        if Maturity.parse(key) is None:
            problems.append(f" has the key {_short(key)}, which is not a maturity; it is "
                            f"ignored. Fix: use {Maturity.choices()}")
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            problems.append(f"[{key!r}] = {_short(count)} is not a count; it is ignored. "
                            "Fix: give a whole number such as 1 or 3")
        else:
            good[key] = count
    return good, problems


def _book_maturity(value: Any) -> Checked:
    if not isinstance(value, str):
        wrong = [item for item in value if not isinstance(item, str)]
        if wrong:
            value = [item for item in value if isinstance(item, str)]
            return value, [f" has the item(s) {', '.join(map(_short, wrong))}, which are not "
                           f"text; they are ignored. Fix: use {Maturity.choices()}, or 'all'"]
    levels, bad = parse_maturity_filter(value)
    if bad:
        # the valid levels apply; with none, the default
        return (value if levels else list(DEFAULT_BOOK_MATURITY)), [
            f" has {', '.join(map(repr, bad))}, which is not a maturity. Fix: use "
            f"{Maturity.choices()}, or 'all'"]
    return value, []


def _hosts(value: Any) -> Checked:
    from .core.urls import host_problem

    good, problems = [], []
    for item in value:
        problem = "it is not text" if not isinstance(item, str) else (
            "give the host name alone, without a scheme, path or port"
            if re.search(r"[/:@?#\s]", item) else host_problem(item.lower()))
        if problem:
            problems.append(f" has the entry {_short(item)}, which is ignored: {problem}. "
                            "Fix: give host names such as 'calendar.google.com'")
        else:
            good.append(item)
    return good, problems


def _calendar_now(value: Any) -> Checked:
    from .core.ics import build_now

    if value in (None, ""):
        return value, []
    _moment, problem = build_now(value)
    if problem:
        return None, [f" = {_short(value)} is not an ISO 8601 date-time or a Unix time; the "
                      "current time is used. Fix: write a value such as "
                      "'2026-12-01T12:00:00+00:00'"]
    return value, []


def _fast_navigation(value: Any) -> Checked:
    if value is True or value is False or value == "shared":
        return value, []
    return True, [f" = {_short(value)} is not one of True, False and 'shared'; the navigation "
                  "cache is on, as with True. Fix: write True (the default), False (Sphinx's "
                  "own navigation) or 'shared'"]


def _graph_max_patterns(value: Any) -> Checked:
    if value > 0:
        return value, []
    return DEFAULT_GRAPH_MAX_PATTERNS, [
        f" = {_short(value)} is not a positive whole number; using "
        f"{DEFAULT_GRAPH_MAX_PATTERNS}. Fix: give the most patterns a drawing may show, such "
        "as 100"]


def _languages(value: Any) -> Checked:
    from .core.translations import parse_languages

    languages, problems = parse_languages(value)
    fix = (". Fix: give each language code and its folder relative to the source "
           "language's, such as {'en': '', 'ja': 'ja'}")
    return {lang.code: lang.folder for lang in languages}, [p + fix for p in problems]


def _organisations(value: Any) -> Checked:
    from .core.organisations import read_registry

    registry, problems = read_registry(value)
    if not problems:
        return value, []
    return {name: {"aliases": list(entry.aliases), "url": entry.url,
                   "description": entry.description, "logo": entry.logo}
            for name, entry in registry.entries.items()}, problems


def _pages_folder(value: Any) -> Checked:
    folder = value.strip().strip("/")
    parts = folder.split("/") if folder else []
    if value and (not parts or any(p in ("", ".", "..") or p.startswith(("_", "."))
                                   for p in parts)
                  or not re.fullmatch(r"[A-Za-z0-9_./-]+", folder)):
        return "", [f" = {_short(value)} is not a folder name inside the source folder; no "
                    "adopter pages are generated. Fix: give a name such as 'organisations' "
                    "(letters, digits, '-', '_' and '/', not starting with '_' or '.')"]
    return folder, []


def _accept(value: Any) -> Checked:
    return value, []


@dataclass(frozen=True)
class Setting:
    """One ``innersource_*`` value: its default, types and check."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    check: Callable[[Any], Checked] = _accept

    def type_ok(self, value: Any) -> bool:
        if isinstance(value, bool) and bool not in self.types:
            return False  # True is an int for Python, not for a count or a time
        return (value is None and self.default is None) or isinstance(value, self.types)

    def expected(self) -> str:
        names = [t.__name__ for t in self.types] + (["None"] if self.default is None else [])
        return " or ".join(names)


SETTINGS = [
    Setting("innersource_required_sections", DEFAULT_REQUIRED_SECTIONS, "env", (list, tuple),
            _sections),
    Setting("innersource_sections_min_maturity", "initial", "env", (str, int), _maturity),
    Setting("innersource_min_instances", DEFAULT_MIN_INSTANCES, "env", (dict,),
            _min_instances),
    Setting("innersource_check_related_maturity", True, "env", (bool,)),
    Setting("innersource_book_maturity", DEFAULT_BOOK_MATURITY, "env", (list, tuple, str),
            _book_maturity),
    Setting("innersource_short_urls", "", "html", (str,)),
    Setting("innersource_embed_hosts", DEFAULT_EMBED_HOSTS, "env", (list, tuple), _hosts),
    Setting("innersource_pattern_references", True, "env", (bool,)),
    # "now" for the upcoming events of calendar-embed :ics: (ISO 8601 or Unix
    # time); None: $SOURCE_DATE_EPOCH, else the clock.
    Setting("innersource_calendar_now", None, "env", (str, int, float), _calendar_now),
    # The navigation cache (sphinx_innersource.navigation): True, False or "shared".
    Setting("innersource_fast_navigation", True, "html", (bool, str), _fast_navigation),
    Setting("innersource_tune_gc", True, "", (bool,)),
    # The maps (sphinx_innersource.maps): a graph on every pattern page, and
    # the largest drawing (above it, a list is shown instead).
    Setting("innersource_pattern_graph", False, "env", (bool,)),
    Setting("innersource_graph_max_patterns", DEFAULT_GRAPH_MAX_PATTERNS, "env", (int,),
            _graph_max_patterns),
    # The sharing picture of pattern pages without an image of their own
    # (landing/sharing.py checks the file or URL).
    Setting("innersource_default_image", "", "html", (str,)),
    # Every language of a book in several languages: code -> folder (book/languages.py
    # checks it and links the languages together).
    Setting("innersource_languages", {}, "env", (dict,), _languages),


    # One name per organisation (core/organisations.py): canonical name -> aliases,
    # or a dict with aliases, url, description and logo.
    Setting("innersource_organisations", {}, "env", (dict,), _organisations),
    # A folder for the generated adopter pages (book/adopters.py); "" for none.
    Setting("innersource_organisation_pages", "", "env", (str,), _pages_folder),
    # Fonts and babel for the PDF when latex_engine is "lualatex" (book/pdf.py).
    Setting("innersource_latex_fonts", True, "", (bool,)),
]


def check_config(app: Sphinx, config: Config) -> None:
    """Warn about the values the extension cannot use, and use the defaults instead.

    Runs at ``config-inited``, before Sphinx's own type check (which then
    finds nothing) and before the environment compares the configuration
    with the previous build's (so a repaired value does not make every
    build a full one).
    """
    for setting in SETTINGS:
        name = setting.name
        value = getattr(config, name)
        if not setting.type_ok(value):
            warn(f"{name} = {_short(value)} has the type {type(value).__name__}, not "
                 f"{setting.expected()}; the default {setting.default!r} is used. Fix: give "
                 f"a value of the documented type", subtype="config",
                 location=conf_location(app.confdir, name))
            setattr(config, name, deepcopy(setting.default))
            continue
        usable, problems = setting.check(value)
        for problem in problems:
            warn(f"{name}{problem}", subtype="config",
                 location=conf_location(app.confdir, name))
        if problems:
            setattr(config, name, usable)


def setup(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild,
                             types=setting.types)
    # Before Sphinx's own check of the types (priority 800).
    app.connect("config-inited", check_config, priority=400)
