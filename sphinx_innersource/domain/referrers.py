"""Which pages to rewrite when what their ``{pattern}`` links show changed.

A page linking to a pattern that was deleted, renamed, or whose title or
patlet changed must be written again (and a dangling link reported); a page
linking to a pattern whose page changed nothing the link shows is left alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.model import slugify

if TYPE_CHECKING:
    from . import InnerSourceDomain


def pattern_names(domain: InnerSourceDomain, docnames: Iterable[str]) -> set[str]:
    """Every name (id, alias and title slugs) of the patterns of *docnames*."""
    names: set[str] = set()
    for docname in docnames:
        record = domain.doc_record(docname)
        for pattern in record.patterns if record else []:
            names.add(pattern.id)
            names.update(slugify(n) for n in [*pattern.aliases, pattern.title])
    return names


def signatures(domain: InnerSourceDomain, names: Iterable[str]) -> dict[str, tuple]:
    """What a ``{pattern}`` link to each name shows: target page, title, patlet."""
    result = {}
    for name in names:
        pattern = domain.find_pattern(name)
        result[name] = (pattern.docname, pattern.title, pattern.patlet) if pattern else None
    return result
