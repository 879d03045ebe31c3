"""Plain data model of a pattern book.

Nothing in this module imports Sphinx or docutils: the directives fill these
records, and the domain, the listings, the validation and the exports read
them.  Every record is a dataclass made of builtins and enums so that it
pickles with the build environment and compares by value (the tests compare
an incremental build with a clean one by ``==``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .query import Query


class Maturity(IntEnum):
    """The three maturity levels of the InnerSource contributor handbook."""

    INITIAL = 1
    STRUCTURED = 2
    VALIDATED = 3

    @property
    def key(self) -> str:
        """The lower-case name used in options, CSS classes and JSON."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: object) -> Maturity | None:
        """Read a maturity from an option value.

        Accepted: ``initial``/``structured``/``validated`` (any case), the
        numbers ``1``/``2``/``3`` and the upstream folder names
        ``1-initial``/``2-structured``/``3-validated``.  Returns ``None``
        for anything else.
        """
        if isinstance(value, Maturity):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                return None
        if not isinstance(value, str):
            return None
        return _maturity_of_text(value)

    @classmethod
    def choices(cls) -> str:
        """Human readable list of accepted spellings, for warnings."""
        names = ", ".join(level.key for level in cls)
        return f"{names} (or 1, 2, 3, or 1-initial, 2-structured, 3-validated)"


@lru_cache(maxsize=256)  # a book has a few spellings, read for every pattern
def _maturity_of_text(value: str) -> Maturity | None:
    text = value.strip().lower()
    match = re.fullmatch(r"([123])(?:\s*[-_:.]?\s*([a-z]+))?", text)
    if match:
        level = Maturity(int(match.group(1)))
        name = match.group(2)
        return level if name in (None, level.key) else None
    for level in Maturity:
        if text == level.key:
            return level
    return None


#: What the general rule of :func:`slugify` gives for ASCII text, in one step.
_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Make a stable identifier from a title, file name or organisation.

    Letters are folded to ASCII where Unicode allows it; other characters
    (CJK, for example) are kept, so that translated books still get distinct
    identifiers.  Runs of anything that is not a letter or digit become one
    hyphen.
    """
    if text.isascii():
        return _NOT_ALNUM_ASCII.sub("-", text.lower()).strip("-")
    folded = unicodedata.normalize("NFKD", text)
    out = []
    for char in folded:
        if unicodedata.combining(char):
            continue
        out.append(char.lower() if char.isalnum() else "-")
    slug = re.sub(r"-+", "-", "".join(out)).strip("-")
    return slug


def split_list(value: str | None) -> list[str]:
    """Split a list option.

    One item per line when the value has several lines; otherwise items are
    separated by semicolons when there is one (so that ``Smith, J.`` stays a
    single author), else by commas.  Empty items are dropped, order is kept,
    exact duplicates are removed.
    """
    if not value:
        return []
    text = value.strip()
    if "\n" in text:
        parts = text.splitlines()
    elif ";" in text:
        parts = text.split(";")
    else:
        parts = text.split(",")
    seen: dict[str, None] = {}
    for part in parts:
        item = part.strip().lstrip("-*").strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


_PERSON = re.compile(r"^(.*?)\s*<([^<>]*)>$")


def split_people(value: str | None) -> list[tuple[str, str]]:
    """Split a list of people (``:authors:``): ``(name, url)`` pairs.

    An item may end with a link in angle brackets, ``Jane Doe
    <https://example.org/jane>``; the URL is returned as written (checking it
    is the caller's part) and ``""`` when there is none. Separators inside
    the angle brackets do not split (see :func:`split_list`).
    """
    if not value:
        return []
    hidden: list[str] = []

    def hide(match: re.Match) -> str:
        hidden.append(match.group(0))
        return f"<\x00{len(hidden) - 1}\x00>"

    masked = re.sub(r"<[^<>\n]*>", hide, value)
    people: dict[str, str] = {}
    for item in split_list(masked):
        item = re.sub("<\x00(\\d+)\x00>", lambda m: hidden[int(m.group(1))], item)
        match = _PERSON.match(item)
        name, url = (match.group(1).strip(), match.group(2)) if match else (item, "")
        if name:
            people.setdefault(name, url)
    return list(people.items())


@dataclass
class Pattern:
    """One pattern, declared by the ``pattern`` directive of one page."""

    id: str
    docname: str
    lineno: int | None = None
    title: str = ""
    patlet: str = ""
    maturity: Maturity | None = None
    aliases: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    acknowledgments: list[str] = field(default_factory=list)
    #: Links of the people named in ``authors`` and ``acknowledgments``: name -> URL.
    person_urls: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: Titles of the page's sections, in document order (for validation).
    sections: list[str] = field(default_factory=list)

    @property
    def level(self) -> int:
        """Numeric maturity, 0 when the page gives none."""
        return int(self.maturity) if self.maturity is not None else 0

    @property
    def maturity_key(self) -> str:
        return self.maturity.key if self.maturity is not None else ""


@dataclass
class KnownInstance:
    """An organisation that applies a pattern (``known-instance`` directive).

    ``organisation`` is the canonical name (``innersource_organisations``,
    see :mod:`.organisations`), ``organisation_as_written`` the name the block
    gives; the domain sets the first from the second when it records the block.
    """

    organisation: str
    docname: str
    #: Target id of the block in its page.
    anchor: str
    #: The pattern the instance belongs to, once known.  ``None`` when the
    #: directive named none and its page declares no pattern.
    pattern_id: str | None = None
    #: True when the ``pattern`` option named it explicitly.
    explicit_pattern: bool = False
    url: str = ""
    year: str = ""
    story: str = ""
    lineno: int | None = None
    organisation_as_written: str = ""
    #: A digest of the story's source, so that pages showing it can tell it changed.
    story_digest: str = ""

    @property
    def org_key(self) -> str:
        return slugify(self.organisation)


@dataclass
class GeneratedToctree:
    """A ``patterns-toctree`` of a page: its query and what it selected
    when the page was read (docnames, in order)."""

    query: Query
    selected: list[str] = field(default_factory=list)
    reverse: bool = False
    lineno: int | None = None


@dataclass
class Listing:
    """A catalogue directive (``pattern-list``, ``known-instances``)."""

    kind: str
    query: Query
    lineno: int | None = None
    #: Presentation settings (style, grouping...), already validated.
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class DocRecord:
    """What one source document contributed to the index."""

    patterns: list[Pattern] = field(default_factory=list)
    instances: list[KnownInstance] = field(default_factory=list)
    toctrees: list[GeneratedToctree] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)


@dataclass
class PatternIndex:
    """All patterns and known instances of a book, keyed by document.

    Keeping the records per document makes purging a document and merging
    the results of parallel readers a matter of replacing dictionary
    entries.  Everything that needs a global view is derived on demand and
    ordered deterministically (by document name, then position), so the
    same sources give the same index whatever order they were read in.
    """

    docs: dict[str, DocRecord] = field(default_factory=dict)

    # -- mutation ---------------------------------------------------------
    def record(self, docname: str) -> DocRecord:
        return self.docs.setdefault(docname, DocRecord())

    def add_pattern(self, pattern: Pattern) -> None:
        self.record(pattern.docname).patterns.append(pattern)

    def add_instance(self, instance: KnownInstance) -> None:
        self.record(instance.docname).instances.append(instance)

    def clear_doc(self, docname: str) -> None:
        self.docs.pop(docname, None)

    def merge(self, other: PatternIndex, docnames: Iterable[str]) -> None:
        for docname in docnames:
            if docname in other.docs:
                self.docs[docname] = other.docs[docname]
            else:
                self.docs.pop(docname, None)

    # -- queries ----------------------------------------------------------
    def iter_patterns(self) -> Iterator[Pattern]:
        """Every declared pattern, by document name (duplicates included)."""
        for docname in sorted(self.docs):
            yield from self.docs[docname].patterns

    def iter_records(self) -> Iterator[tuple[str, DocRecord]]:
        for docname in sorted(self.docs):
            yield docname, self.docs[docname]

    def iter_instances(self) -> Iterator[KnownInstance]:
        for docname in sorted(self.docs):
            yield from self.docs[docname].instances

    def patterns_by_id(self) -> dict[str, Pattern]:
        """The pattern that owns each id; the first by document name wins."""
        result: dict[str, Pattern] = {}
        for pattern in self.iter_patterns():
            result.setdefault(pattern.id, pattern)
        return result

    def duplicates(self) -> list[tuple[Pattern, Pattern]]:
        """Pairs (later declaration, the one that owns the id)."""
        owners: dict[str, Pattern] = {}
        dups = []
        for pattern in self.iter_patterns():
            owner = owners.setdefault(pattern.id, pattern)
            if owner is not pattern:
                dups.append((pattern, owner))
        return dups

    def alias_map(self) -> dict[str, str]:
        """Slug of each alias (and of each title) -> pattern id."""
        result: dict[str, str] = {}
        for pattern in self.iter_patterns():
            for name in [*pattern.aliases, pattern.title]:
                slug = slugify(name)
                if slug:
                    result.setdefault(slug, pattern.id)
        return result

    def instances_by_pattern(self) -> dict[str, list[KnownInstance]]:
        result: dict[str, list[KnownInstance]] = {}
        for instance in self.iter_instances():
            if instance.pattern_id:
                result.setdefault(instance.pattern_id, []).append(instance)
        return result

    def instances_by_organisation(self) -> dict[str, list[KnownInstance]]:
        """Organisation display name -> its instances (grouped by slug)."""
        groups: dict[str, list[KnownInstance]] = {}
        names: dict[str, str] = {}
        for instance in self.iter_instances():
            key = instance.org_key or instance.organisation
            names.setdefault(key, instance.organisation)
            groups.setdefault(key, []).append(instance)
        return {names[key]: items for key, items in groups.items()}


def sort_key_title(pattern: Pattern) -> tuple[str, str]:
    return (pattern.title.casefold() or pattern.id, pattern.id)
