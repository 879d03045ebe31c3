"""Selecting and ordering patterns for toctrees, listings and exports.

Plain Python on the data model: the directives parse their options into a
:class:`Query`, and :func:`select` applies it to the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Maturity, Pattern, sort_key_title

SORTS = ("title", "maturity", "id")


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``*`` and ``?`` stay within one folder, ``**`` crosses folders."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out[-1] = "(?:.*/)?"
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(docname: str, patterns: Sequence[str]) -> bool:
    return any(_glob_regex(p).match(docname) for p in patterns)


def parse_maturity_filter(value: str | Sequence[str] | None) -> tuple[set[int] | None, list[str]]:
    """Read a maturity filter.

    One level means "this level or higher"; several levels (comma,
    semicolon or space separated, or a list), or levels after ``only``
    (``only initial``), mean exactly those; ``all``
    (or ``any``) means every pattern, even one without a maturity.  Returns
    the allowed levels (``None`` for all) and the values it could not read.
    """
    if value is None:
        return None, []
    if isinstance(value, str):
        items = [v for v in re.split(r"[\s,;]+", value.strip()) if v]
        # "structured" is a minimum; "only structured", "structured," or
        # "initial, validated" a list.
        only = bool(items) and items[0].lower() == "only"
        items = items[1:] if only else items
        single = len(items) == 1 and not re.search(r"[,;]", value) and not only
    else:
        items = [str(v).strip() for v in value if str(v).strip()]
        single = False
    if not items or any(i.lower() in {"all", "any", "*"} for i in items):
        return None, []
    levels: set[int] = set()
    bad = []
    for item in items:
        level = Maturity.parse(item)
        if level is None:
            bad.append(item)
        else:
            levels.add(int(level))
    if single and levels:
        (low,) = levels
        levels = {int(m) for m in Maturity if m >= low}
    return levels, bad


@dataclass(frozen=True)
class Query:
    """Which patterns to take and in which order."""

    #: Allowed maturity levels; ``None`` takes every pattern.
    levels: frozenset[int] | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: Docname globs (already made absolute); empty takes every folder.
    globs: tuple[str, ...] = ()
    sort: str = "title"
    #: Docnames never selected (the page holding the toctree itself).
    exclude: tuple[str, ...] = field(default=())

    def matches(self, pattern: Pattern) -> bool:
        if pattern.docname in self.exclude:
            return False
        if self.levels is not None and pattern.level not in self.levels:
            return False
        if self.categories:
            have = {c.casefold() for c in pattern.categories}
            if not have & {c.casefold() for c in self.categories}:
                return False
        if self.tags:
            have = {t.casefold() for t in pattern.tags}
            if not have & {t.casefold() for t in self.tags}:
                return False
        return not self.globs or glob_match(pattern.docname, self.globs)


def sort_patterns(patterns: Iterable[Pattern], how: str = "title") -> list[Pattern]:
    if how == "id":
        return sorted(patterns, key=lambda p: p.id)
    if how == "maturity":
        return sorted(patterns, key=lambda p: (-p.level, *sort_key_title(p)))
    return sorted(patterns, key=sort_key_title)


def select(patterns: Iterable[Pattern], query: Query) -> list[Pattern]:
    """The patterns *query* takes, in its order (one per id)."""
    return sort_patterns((p for p in patterns if query.matches(p)), query.sort)
