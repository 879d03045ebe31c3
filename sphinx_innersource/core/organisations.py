"""One name per organisation: the registry and the variant rule (Sphinx-free).

Known instances name their organisation as their authors wrote it: "Acme",
"Acme GmbH", "ACME", "Acme's". The book counts and lists organisations, so
it needs one name for each. Two mechanisms, used by the importer, the
``innersource`` domain, the cross-page validation and ``lint``:

* The **registry** (``innersource_organisations`` in ``conf.py``) maps a
  canonical name to its aliases, and optionally a URL, a short description
  and a logo file. :meth:`Registry.canonical` gives the canonical name of a
  name as written; names are compared by their slug (case and punctuation do
  not matter), so the alias "Acme GmbH" also covers "ACME GmbH".
* The **variant rule** (:func:`variant_key`) finds names that probably mean
  the same organisation although nobody declared it: they differ only in
  case, punctuation, a legal suffix (GmbH, AG, Inc., Ltd., Corp., S.A., plc
  and a few more), a trailing parenthesised remark ("Acme (Germany)") or a
  trailing possessive ("Acme's"). The book warns about each such group
  once; the importer proposes registry entries for them. A group whose names
  differ by a remark is proposed commented out (:func:`sure_key` tells
  whether the remark is all that separates them): "Acme (Germany)" may be a
  part of Acme that wants its own entry.

:func:`clean_name` trims what is not part of a name (a possessive, trailing
punctuation) from text the importer reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .model import slugify
from .urls import url_problem

#: Legal forms that do not change which organisation a name means (compared
#: without case and punctuation, at the end of the name).
LEGAL_SUFFIXES = ("gmbh", "ag", "inc", "incorporated", "ltd", "limited", "corp",
                  "corporation", "co", "company", "sa", "s-a", "plc", "llc", "se", "nv",
                  "bv", "oy", "ab", "as", "spa", "srl", "kg", "gmbh-co-kg", "pty")

_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$", re.IGNORECASE)
_REMARK = re.compile(r"\s*[(\uff08][^()\uff08\uff09]*[)\uff09]\s*$")
#: Punctuation that ends a lead but not a name ("Acme:" "Acme -" "Acme,").
_TRAILING = " \t:;,.!?-\u2013\u2014/|*_"


def clean_name(text: str) -> str:
    """*text* as a name: spaces squeezed, a trailing possessive and the
    punctuation that ends a lead removed ("Acme's" and "Acme:" give "Acme").

    A final full stop that belongs to an abbreviation ("Inc.", "S.A.") is kept.
    """
    name = re.sub(r"\s+", " ", text).strip()
    while True:
        before = name
        name = _POSSESSIVE.sub("", name).rstrip(_TRAILING.replace(".", ""))
        last = name.rsplit(" ", 1)[-1]
        if name.endswith(".") and "." not in last[:-1] and \
                last[:-1].casefold() not in LEGAL_SUFFIXES:
            name = name[:-1]
        name = name.strip()
        if name == before:
            return name


def _strip_suffixes(slug: str) -> str:
    while True:
        for suffix in sorted(LEGAL_SUFFIXES, key=len, reverse=True):
            if slug.endswith("-" + suffix):
                slug = slug[: -len(suffix) - 1]
                break
        else:
            return slug


@lru_cache(maxsize=1 << 14)  # the same names come back for every instance
def sure_key(name: str) -> str:
    """The name without case, punctuation, possessive or legal suffix:
    names with the same key surely mean one organisation."""
    text = _POSSESSIVE.sub("", re.sub(r"\s+", " ", name).strip())
    slug = slugify(text.replace(".", ""))
    return _strip_suffixes(slug) or slug


@lru_cache(maxsize=1 << 14)  # the same names come back for every instance
def variant_key(name: str) -> str:
    """:func:`sure_key` also without a trailing parenthesised remark: names with
    the same key probably mean one organisation."""
    without = _REMARK.sub("", name)
    return sure_key(without or name)


@dataclass(frozen=True)
class Organisation:
    """One entry of the registry."""

    name: str
    aliases: tuple[str, ...] = ()
    url: str = ""
    description: str = ""
    logo: str = ""


@dataclass
class Registry:
    """``innersource_organisations``, read: canonical name -> :class:`Organisation`."""

    entries: dict[str, Organisation] = field(default_factory=dict)
    #: slug of every canonical name and alias -> canonical name.
    lookup: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        """The canonical name of *name* (itself when the registry does not know it)."""
        return self.lookup.get(slugify(name), name)

    def entry(self, name: str) -> Organisation | None:
        return self.entries.get(self.canonical(name))


def _entry(name: str, value: object) -> tuple[Organisation | None, list[str]]:
    """One registry entry from its ``conf.py`` value, and the problems found."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, (list, tuple)):
        value = {"aliases": list(value)}
    if not isinstance(value, Mapping):
        return None, [f"[{name!r}] = {value!r:.60} is neither a list of aliases nor a dict; "
                      "the entry is ignored. Fix: write a list such as ['Acme GmbH'] or a "
                      "dict with 'aliases', 'url', 'description' and 'logo'"]
    problems = []
    unknown = sorted(set(map(str, value)) - {"aliases", "url", "description", "logo"})
    if unknown:
        problems.append(f"[{name!r}] has the unknown key(s) {', '.join(unknown)}, which are "
                        "ignored. Fix: use 'aliases', 'url', 'description' and 'logo'")
    aliases = value.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, (list, tuple)):
        aliases = []
    good = tuple(a.strip() for a in aliases if isinstance(a, str) and a.strip())
    if len(good) < len(aliases):
        problems.append(f"[{name!r}] has aliases that are not names; they are ignored. Fix: "
                        "give the aliases as a list of strings")
    texts = {}
    for key in ("url", "description", "logo"):
        text = value.get(key, "")
        if not isinstance(text, str):
            problems.append(f"[{name!r}][{key!r}] is not text; it is ignored. Fix: give a "
                            "string")
            text = ""
        texts[key] = " ".join(text.split())
    if texts["url"] and (problem := url_problem(texts["url"])):
        problems.append(f"[{name!r}]['url'] = {texts['url']!r} is refused: {problem}; the "
                        "organisation is not linked. Fix: use an absolute https:// URL")
        texts["url"] = ""
    return Organisation(name.strip(), good, **texts), problems


def read_registry(value: object) -> tuple[Registry, list[str]]:
    """The registry of a ``conf.py`` value (a dict), and its problems (each the rest
    of a sentence that starts with ``innersource_organisations``)."""
    registry, problems = Registry(), []
    if not isinstance(value, Mapping):
        return registry, problems
    for name, raw in value.items():
        if not isinstance(name, str) or not slugify(name):
            problems.append(f" has the key {name!r:.60}, which is not a name; the entry is "
                            "ignored. Fix: use the organisation's name as the key")
            continue
        entry, found = _entry(name, raw)
        problems.extend(found)
        if entry is None:
            continue
        registry.entries[entry.name] = entry
        for spelling in (entry.name, *entry.aliases):
            owner = registry.lookup.setdefault(slugify(spelling), entry.name)
            if owner != entry.name:
                problems.append(f"[{entry.name!r}]: the alias {spelling!r} also belongs to "
                                f"{owner!r}; it stays with {owner!r}. Fix: list each name "
                                "under one organisation")
    return registry, problems


# -- variants ---------------------------------------------------------------------------

@dataclass
class VariantGroup:
    """Names that look like spellings of one organisation: canonical name ->
    the places (anything printable, in order) that write it."""

    key: str
    names: dict[str, list] = field(default_factory=dict)

    @property
    def sure(self) -> bool:
        """Whether the names differ in case, punctuation, suffix or possessive only."""
        return len({sure_key(name) for name in self.names}) == 1

    def preferred(self, registry: Registry | None = None) -> str:
        """The name to keep: a name of the registry, else the most used, then the
        shortest, then the first."""
        order = list(self.names)
        for name in order:
            if registry is not None and name in registry.entries:
                return name
        return min(order, key=lambda n: (-len(self.names[n]), len(n), order.index(n)))

    def aliases(self, registry: Registry | None = None) -> list[str]:
        keep = self.preferred(registry)
        return [name for name in self.names if name != keep]

    def entry(self, registry: Registry | None = None) -> str:
        """The registry entry that declares the group, as Python source."""
        return f"{self.preferred(registry)!r}: {self.aliases(registry)!r}"

    def source(self) -> list[str]:
        """The entry as lines of ``conf.py``: the aliases that differ from the kept
        name by a remark only are commented out (they may be a part of it)."""
        keep = self.preferred()
        sure = [a for a in self.aliases() if sure_key(a) == sure_key(keep)]
        unsure = [a for a in self.aliases() if a not in sure]
        if not sure:
            return [f"    # {keep!r}: {unsure!r},  (unsure: the names differ by a remark)"]
        if not unsure:
            return [f"    {keep!r}: {sure!r},"]
        return [f"    {keep!r}: [{', '.join(map(repr, sure))},",
                *[f"        # {a!r},  (unsure: differs by a remark)" for a in unsure],
                "    ],"]


def variant_groups(names: Iterable[tuple[str, object]],
                   registry: Registry | None = None) -> list[VariantGroup]:
    """Groups of *names* ((name, place) pairs) that are probably one organisation
    but have more than one canonical name; sorted by key."""
    registry = registry or Registry()
    groups: dict[str, VariantGroup] = {}
    for name, place in names:
        canonical = registry.canonical(name)
        key = variant_key(canonical)
        if not key:
            continue
        group = groups.setdefault(key, VariantGroup(key))
        group.names.setdefault(canonical, []).append(place)
    return [groups[key] for key in sorted(groups) if len(groups[key].names) > 1]


def registry_source(groups: Iterable[VariantGroup]) -> list[str]:
    """``innersource_organisations = {...}`` for ``conf.py``, one entry per group
    (see :meth:`VariantGroup.source`); no lines without groups."""
    groups = list(groups)
    if not groups:
        return []
    return ["innersource_organisations = {",
            *[line for group in groups for line in group.source()], "}"]


# -- adopter pages ----------------------------------------------------------------------

def page_name(key: str) -> str:
    """The file name (without suffix) of the adopter page of the organisation *key*."""
    name = key[:80].strip("-") or "organisation"
    return f"{name}-organisation" if name == "index" else name


def adopter_anchor(key: str) -> str:
    """The target id of an organisation on its adopter page."""
    return f"innersource-adopter-{key}"
