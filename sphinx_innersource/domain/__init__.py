"""The ``innersource`` domain: the book's index of patterns and known instances.

The domain keeps a :class:`~sphinx_innersource.core.model.PatternIndex` in the
environment (``env.domaindata['innersource']``), purges a document's records
when it is re-read or removed, merges the records of parallel readers, and
resolves ``{pattern}`` cross-references.  It also provides two domain
indices: patterns by maturity and known instances by organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..core.model import KnownInstance, Maturity, Pattern, PatternIndex, slugify, sort_key_title
from ..core.query import Query, select
from ..i18n import Translated, _, __
from ..nodes import pattern_meta

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

DOMAIN = "innersource"

T = TypeVar("T")


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
            entries.append(IndexEntry(organisation, 1, first.docname, first.anchor, "", "", ""))
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
        return sorted(letters.items()), True


class PatternXRefRole(XRefRole):
    """``{pattern}`id``` and ``{pattern}`text <id>```.

    Registered both as ``innersource:pattern`` and, for convenience, as the
    plain role ``pattern``; either way the reference belongs to this domain.
    Without an explicit title the link text is the pattern's title.
    """

    def run(self):
        self.refdomain, self.reftype = DOMAIN, "pattern"
        self.classes = ["xref", DOMAIN, f"{DOMAIN}-pattern"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        return title.strip(), target.strip()


class InnerSourceDomain(Domain):
    name = DOMAIN
    label = "InnerSource"
    object_types: ClassVar[dict[str, ObjType]] = {
        "pattern": ObjType(__("pattern"), "pattern"),
        "instance": ObjType(__("known instance"), "instance"),
    }
    roles: ClassVar[dict[str, Any]] = {
        "pattern": PatternXRefRole(warn_dangling=True, innernodeclass=nodes.inline)
    }
    indices: ClassVar[list[type[Index]]] = [PatternIndexPage, OrganisationIndexPage]
    initial_data: ClassVar[dict[str, Any]] = {"index": PatternIndex(), "references": {}}
    dangling_warnings: ClassVar[dict[str, str]] = {
        "pattern": "unknown pattern %(target)r: use the id of a pattern directive "
        "(by default the file name of its page) or one of its aliases",
    }

    # The index is mutated in place; Sphinx copies ``initial_data`` with
    # ``copy.deepcopy`` for each new environment.
    @property
    def index(self) -> PatternIndex:
        return self.data["index"]

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed from the whole index, kept until the index changes.

        Every recording, purge and merge moves the generation counter on, so
        a page's handler can ask for a whole-index view (patterns by id, the
        selection of a query...) without recomputing it for every page: a
        build computes each view once after reading, not once per page.
        The value is shared: callers must not modify it.
        """
        cache = getattr(self, "_derived", None)
        if cache is None or cache[0] is not self.index or cache[1] != self._generation:
            cache = self._derived = (self.index, self._generation, {})
        store = cache[2]
        if key not in store:
            store[key] = compute()
        return store[key]

    @property
    def patterns(self) -> dict[str, Pattern]:
        """id -> owning pattern (cached until the index changes)."""
        return self.derived("patterns", self.index.patterns_by_id)

    def select(self, query: Query) -> list[Pattern]:
        """The patterns *query* takes, in its order (cached until the index changes)."""
        return self.derived(("select", query), lambda: select(self.patterns.values(), query))

    _generation = 0
    #: Set during a build when the generated toctrees changed (see book.py).
    navigation_changed = False
    #: The pages read in the current build (see book.py).
    read_now: set[str] = set()
    #: The entries of the generated toctrees decided for the whole book, while
    #: the pages whose toctrees change are read again (see book.py).
    planned: ClassVar[dict] = {}

    def _changed(self) -> None:
        self._generation += 1

    # -- recording ---------------------------------------------------------
    def note_pattern(self, pattern: Pattern) -> None:
        self.index.add_pattern(pattern)
        self._changed()

    def note_instance(self, instance: KnownInstance) -> None:
        self.index.add_instance(instance)
        self._changed()

    def doc_record(self, docname: str):
        return self.index.docs.get(docname)

    @property
    def references(self) -> dict[str, list[str]]:
        """docname -> targets of its pattern references (to rewrite it when they change)."""
        return self.data.setdefault("references", {})

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        targets: set[str] = set()
        for node in document.findall(addnodes.pending_xref):
            if node.get("refdomain") == DOMAIN and node.get("reftarget"):
                targets.add(node["reftarget"])
        # A summary's related patterns become links when the page is resolved.
        for meta in document.findall(pattern_meta):
            targets.update(meta.get("related", ()))
        if targets:
            self.references[docname] = sorted(targets)

    def clear_doc(self, docname: str) -> None:
        self.index.clear_doc(docname)
        self.references.pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        docnames = list(docnames)
        self.index.merge(otherdata["index"], docnames)
        other_refs = otherdata.get("references", {})
        for docname in docnames:
            if docname in other_refs:
                self.references[docname] = other_refs[docname]
            else:
                self.references.pop(docname, None)
        self._changed()

    # -- lookups -------------------------------------------------------------
    def find_pattern(self, target: str) -> Pattern | None:
        """A pattern by id, then by the slug of an alias or title."""
        patterns = self.patterns
        if target in patterns:
            return patterns[target]
        slug = slugify(target)
        if slug in patterns:
            return patterns[slug]
        alias_id = self._aliases().get(slug)
        return patterns.get(alias_id) if alias_id else None

    def _aliases(self) -> dict[str, str]:
        return self.derived("aliases", self.index.alias_map)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for pattern in self.patterns.values():
            yield (pattern.id, pattern.title or pattern.id, "pattern", pattern.docname, "", 1)
        for instance in self.index.iter_instances():
            if instance.pattern_id:
                name = f"{instance.pattern_id}/{instance.org_key}"
                yield (name, instance.organisation, "instance", instance.docname,
                       instance.anchor, 1)

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        return node.get("reftarget")

    # -- resolving -------------------------------------------------------------
    def _pattern_refnode(
        self,
        builder: Builder,
        fromdocname: str,
        pattern: Pattern,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference:
        if not node.get("refexplicit"):
            contnode = nodes.inline(pattern.title or pattern.id, pattern.title or pattern.id,
                                    classes=["innersource-pattern-ref"])
        refnode = make_refnode(builder, fromdocname, pattern.docname, "", contnode,
                               pattern.patlet or None)
        return refnode

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ != "pattern":
            return None
        pattern = self.find_pattern(target)
        if pattern is None:
            return None
        return self._pattern_refnode(builder, fromdocname, pattern, node, contnode)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        pattern = self.find_pattern(target)
        if pattern is None:
            return []
        return [(f"{DOMAIN}:pattern",
                 self._pattern_refnode(builder, fromdocname, pattern, node, contnode))]


def get_domain(env: BuildEnvironment) -> InnerSourceDomain:
    return env.get_domain(DOMAIN)  # type: ignore[return-value]


def _pattern_names(domain: InnerSourceDomain, docnames: Iterable[str]) -> set[str]:
    """Every name (id, alias and title slugs) of the patterns of *docnames*."""
    names: set[str] = set()
    for docname in docnames:
        record = domain.doc_record(docname)
        for pattern in record.patterns if record else []:
            names.add(pattern.id)
            names.update(slugify(n) for n in [*pattern.aliases, pattern.title])
    return names


def _signatures(domain: InnerSourceDomain, names: Iterable[str]) -> dict[str, tuple]:
    """What a ``{pattern}`` link to each name shows: target page, title, patlet."""
    result = {}
    for name in names:
        pattern = domain.find_pattern(name)
        result[name] = (pattern.docname, pattern.title, pattern.patlet) if pattern else None
    return result


def _note_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Remember what links to the patterns about to be re-read or purged show."""
    domain = get_domain(env)
    domain._before = _signatures(domain, _pattern_names(domain, {*changed, *removed}))
    domain._reread = {*added, *changed}
    return []


def _rewrite_referrers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose pattern links now resolve differently must be rewritten.

    Without this, a page linking to a deleted (or renamed, or new) pattern
    keeps its old output, and the dangling reference is never reported.  A
    pattern whose page was edited without changing its title, patlet or
    location changes no link, and its referrers are left alone.
    """
    domain = get_domain(env)
    before: dict[str, tuple] = getattr(domain, "_before", {})
    names = set(before) | _pattern_names(domain, getattr(domain, "_reread", ()))
    if not names:
        return []
    after = _signatures(domain, names)
    changed = {name for name in names if before.get(name) != after[name]}
    if not changed:
        return []
    return [docname for docname, targets in domain.references.items()
            if docname in env.all_docs
            and any(t in changed or slugify(t) in changed for t in targets)]


def setup(app: Sphinx) -> None:
    app.add_domain(InnerSourceDomain)
    app.connect("env-get-outdated", _note_outdated)
    app.connect("env-get-updated", _rewrite_referrers)
    # ``{pattern}`` without the domain prefix, as users write it.
    app.add_role("pattern", PatternXRefRole(warn_dangling=True, innernodeclass=nodes.inline))
