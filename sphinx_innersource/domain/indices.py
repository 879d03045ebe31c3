"""The two domain indices: patterns by maturity, and organisations with their known instances."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sphinx.domains import Index, IndexEntry

from ..core.model import Maturity, sort_key_title
from ..core.organisations import adopter_anchor
from ..i18n import Translated, _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from . import InnerSourceDomain


def maturity_label(maturity: Maturity | None) -> str:
    """Translated display name of a maturity level."""
    if maturity is None:
        return _("Unspecified")
    return {
        Maturity.INITIAL: _("Initial"),
        Maturity.STRUCTURED: _("Structured"),
        Maturity.VALIDATED: _("Validated"),
    }[maturity]


def summary_anchor(pattern_id: str) -> str:
    """HTML id / LaTeX label of an indexed pattern's summary box."""
    return f"innersource-pattern-{pattern_id}"


class PatternIndexPage(Index):
    """All patterns, grouped by maturity (highest first), sorted by title."""

    name = "patterns"
    localname = Translated("Pattern index")
    shortname = Translated("patterns")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: InnerSourceDomain = self.domain  # type: ignore[assignment]
        wanted = set(docnames) if docnames is not None else None
        groups: dict[int, list[IndexEntry]] = {}
        for pattern in sorted(domain.patterns.values(), key=sort_key_title):
            if wanted is not None and pattern.docname not in wanted:
                continue
            entry = IndexEntry(
                pattern.title or pattern.id,
                0,
                pattern.docname,
                # The LaTeX writer drops entries without an anchor.
                summary_anchor(pattern.id),
                maturity_label(pattern.maturity),
                "",
                pattern.patlet,
            )
            groups.setdefault(pattern.level, []).append(entry)
        content = [
            (maturity_label(Maturity(level)) if level else maturity_label(None), groups[level])
            for level in sorted(groups, reverse=True)
        ]
        return content, False


class OrganisationIndexPage(Index):
    """Known instances by organisation: organisation -> patterns it applies."""

    name = "organisations"
    localname = Translated("Known instances by organisation")
    shortname = Translated("organisations")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: InnerSourceDomain = self.domain  # type: ignore[assignment]
        wanted = set(docnames) if docnames is not None else None
        letters: dict[str, list[IndexEntry]] = {}
        by_org = domain.index.instances_by_organisation()
        for organisation in sorted(by_org, key=str.casefold):
            instances = [
                i for i in by_org[organisation] if wanted is None or i.docname in wanted
            ]
            if not instances:
                continue
            letter = organisation[:1].upper() or "?"
            entries = letters.setdefault(letter, [])
            # Linked to its first instance: the LaTeX writer drops entries
            # without an anchor, which left the PDF without organisation names.
            first = instances[0]
            page = domain.adopter_docname(first.org_key)
            target = ((page, adopter_anchor(first.org_key)) if page
                      else (first.docname, first.anchor))
            entries.append(IndexEntry(organisation, 1, *target, "", "", ""))
            subentries = []
            for instance in instances:
                # ``:pattern:`` may name an alias or title: resolve it like a link.
                pattern = domain.find_pattern(instance.pattern_id or "")
                title = pattern.title if pattern else (instance.pattern_id or "")
                subentries.append(
                    IndexEntry(
                        title or _("(no pattern)"),
                        2,
                        instance.docname,
                        instance.anchor,
                        instance.year,
                        "",
                        pattern.patlet if pattern else "",
                    )
                )
            subentries.sort(key=lambda e: e.name.casefold())
            entries.extend(subentries)
        # Not collapsed: the patterns of each organisation are what readers came for.
        return sorted(letters.items()), False


#: Stylesheet of the two index pages (names in the body font, not as code).
INDEX_CSS = "sphinx-innersource-indices.css"
INDEX_PAGES = tuple(f"innersource-{index.name}"
                    for index in (PatternIndexPage, OrganisationIndexPage))


def add_index_stylesheet(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """Link the index stylesheet from the two index pages only (page-specific
    ``add_css_file`` during ``html-page-context``, as the landing pages do)."""
    add = getattr(app.builder, "add_css_file", None)
    if add is not None and pagename in INDEX_PAGES:
        add(INDEX_CSS)
