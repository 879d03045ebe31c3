"""The template and maturity checks, free of Sphinx.

The ``pattern`` directive, the cross-page validation and the ``lint``
command (which reads upstream Markdown without building) share these
functions, so a book and a pre-commit hook report a problem with the same
words.  ``config`` is anything with the ``innersource_*`` attributes of
``conf.py`` (a Sphinx config, or :func:`default_config`).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from .defaults import DEFAULT_MIN_INSTANCES, DEFAULT_REQUIRED_SECTIONS
from .model import Maturity, Pattern


def default_config(**overrides) -> SimpleNamespace:
    """The defaults of the ``innersource_*`` values the checks read."""
    values = {
        "innersource_required_sections": DEFAULT_REQUIRED_SECTIONS,
        "innersource_sections_min_maturity": "initial",
        "innersource_min_instances": DEFAULT_MIN_INSTANCES,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def norm_heading(text: str) -> str:
    text = re.sub(r"\(optional[^)]*\)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip().casefold()


def required_sections(config) -> list[tuple[str, ...]]:
    """The configured headings, each as a tuple of accepted spellings."""
    result = []
    for entry in config.innersource_required_sections or []:
        if isinstance(entry, str):
            result.append((entry,))
        elif isinstance(entry, (list, tuple)) and entry:
            result.append(tuple(str(e) for e in entry))
        # anything else is reported when the configuration is read
    return result


#: A heading is also satisfied by metadata of the directive.
_SATISFIED_BY = {
    "status": lambda p, n: p.maturity is not None,
    "author": lambda p, n: bool(p.authors),
    "authors": lambda p, n: bool(p.authors),
    "author(s)": lambda p, n: bool(p.authors),
    "known instances": lambda p, n: n > 0,
    "known instance": lambda p, n: n > 0,
}


def missing_sections(pattern: Pattern, n_instances: int, config) -> list[str]:
    present = {norm_heading(title) for title in pattern.sections}
    missing = []
    for spellings in required_sections(config):
        keys = [norm_heading(s) for s in spellings]
        if any(k in present for k in keys):
            continue
        if any(k in _SATISFIED_BY and _SATISFIED_BY[k](pattern, n_instances) for k in keys):
            continue
        missing.append(" / ".join(spellings))
    return missing


def sections_apply(pattern: Pattern, config) -> bool:
    """True when the pattern's maturity is high enough for the section check."""
    min_level = Maturity.parse(config.innersource_sections_min_maturity) or Maturity.INITIAL
    return (pattern.maturity or Maturity.INITIAL) >= min_level


def min_instances(config) -> dict[Maturity, int]:
    result = {}
    for key, value in (config.innersource_min_instances or {}).items():
        level = Maturity.parse(key)
        # Bad keys and counts are reported when the configuration is read.
        if level is not None and isinstance(value, int) and not isinstance(value, bool) \
                and value >= 0:
            result[level] = value
    return result


def needed_instances(pattern: Pattern, config) -> int:
    """Known instances the pattern's maturity asks for (0 without maturity)."""
    if pattern.maturity is None:
        return 0
    return max((n for level, n in min_instances(config).items() if level <= pattern.maturity),
               default=0)


# -- the messages ---------------------------------------------------------------

def patlet_message(pattern_id: str) -> str:
    return (f"pattern {pattern_id!r} has no patlet. Fix: add a ':patlet:' option (or "
            "directive content) with the two-sentence summary: the problem, then the "
            "solution")


def sections_message(pattern_id: str, missing: list[str]) -> str:
    return (f"pattern {pattern_id!r} lacks the section(s) {', '.join(missing)} "
            "required by the pattern template. Fix: add a heading with that name (or "
            "set innersource_required_sections in conf.py)")


def maturity_message(pattern: Pattern, have: int, needed: int) -> str:
    return (f"{pattern.maturity_key} pattern {pattern.id!r} has {have} known "
            f"instance(s); its maturity needs at least {needed}. Fix: add "
            "known-instance blocks or lower ':maturity:'")
