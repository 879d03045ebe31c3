"""The ``innersource`` domain: the book's index of patterns and known instances.

The domain keeps a :class:`~sphinx_innersource.core.model.PatternIndex` in the
environment (``env.domaindata['innersource']``), purges a document's records
when it is re-read or removed, merges the records of parallel readers, and
resolves ``{pattern}`` cross-references.  It also provides two domain
indices (:mod:`.indices`): patterns by maturity and known instances by
organisation.

The domain is the only writer of the index: directives and event handlers
record through its public ``note_*`` methods and :meth:`InnerSourceDomain.complete_page`,
and ask whether the data a page shows changed with
:meth:`InnerSourceDomain.shown_changed` (one fingerprint helper,
:mod:`sphinx_innersource.core.fingerprint`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, Index, ObjType
from sphinx.util.nodes import make_refnode

from .. import compat
from ..core.fingerprint import changed
from ..core.model import (
    GeneratedToctree,
    KnownInstance,
    Listing,
    Pattern,
    PatternIndex,
    slugify,
)
from ..core.organisations import Registry, page_name, read_registry
from ..core.query import Query, select
from ..i18n import __
from ..logs import warn
from ..nodes import pattern_meta
from .indices import (
    OrganisationIndexPage,
    PatternIndexPage,
    add_index_stylesheet,
    maturity_label,
    summary_anchor,
)
from .referrers import pattern_names, signatures
from .roles import DOMAIN, PatternXRefRole

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["DOMAIN", "InnerSourceDomain", "get_domain", "maturity_label", "summary_anchor"]

T = TypeVar("T")


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
    #: The entries of the generated toctrees decided for the whole book, while
    #: the pages whose toctrees change are read again (see :meth:`planning`).
    planned: ClassVar[dict] = {}

    def _changed(self) -> None:
        self._generation += 1

    # -- recording (the only code that changes the index) ----------------------
    def note_pattern(self, pattern: Pattern) -> None:
        self.index.add_pattern(pattern)
        self._changed()

    def note_instance(self, instance: KnownInstance) -> None:
        """Record a known instance; its ``organisation`` becomes the canonical name
        of the name as written (``innersource_organisations``)."""
        written = instance.organisation_as_written or instance.organisation
        instance.organisation_as_written = written
        instance.organisation = self.registry().canonical(written)
        self.index.add_instance(instance)
        self._changed()

    def registry(self) -> Registry:
        """``innersource_organisations``, read (once per configuration value)."""
        value = self.env.config.innersource_organisations
        cached = getattr(self, "_registry", None)
        if cached is None or cached[0] is not value:
            cached = self._registry = (value, read_registry(value)[0])
        return cached[1]

    def note_toctree(self, docname: str, toctree: GeneratedToctree) -> tuple[str, int]:
        """Record a ``patterns-toctree`` of *docname*; its key (page, position)."""
        record = self.index.record(docname)
        record.toctrees.append(toctree)
        self._changed()
        return docname, len(record.toctrees) - 1

    def note_listing(self, docname: str, listing: Listing) -> None:
        """Record a catalogue (``pattern-list``, ``known-instances``) of *docname*."""
        self.index.record(docname).listings.append(listing)
        self._changed()

    def complete_page(self, docname: str, sections: list[str]) -> Pattern | None:
        """Once *docname* is read: attach its known instances to its pattern, give
        the pattern its title and sections (*sections*: the page's section titles).

        Returns the page's pattern, if any.
        """
        record = self.doc_record(docname)
        if record is None:
            return None
        pattern = record.patterns[0] if record.patterns else None
        for instance in record.instances:
            if instance.pattern_id is None and pattern is not None:
                instance.pattern_id = pattern.id
            elif instance.pattern_id is None:
                warn(f"known instance {instance.organisation!r} has no pattern to attach to. "
                     "Fix: add ':pattern: <pattern id>' or place it on a page with a pattern "
                     "directive", subtype="instance", location=(instance.docname,
                                                                instance.lineno))
        if pattern is not None:
            if not pattern.title:
                pattern.title = (sections[0] if sections else "") or pattern.id
            pattern.sections = sections[1:] if sections else []
        self._changed()
        return pattern

    def adopter_docname(self, key: str) -> str | None:
        """The adopter page of the organisation *key* (``innersource_organisation_pages``),
        if the book has it."""
        folder = (self.env.config.innersource_organisation_pages or "").strip().strip("/")
        docname = f"{folder}/{page_name(key)}" if folder and key else None
        return docname if docname in self.env.found_docs else None

    # -- pages whose pattern links change (see referrers) --------------------------
    def note_outdated(self, added: set[str], changed: set[str], removed: set[str]) -> None:
        """Remember what links to the patterns about to be re-read or purged show."""
        self._links_before = signatures(self, pattern_names(self, {*changed, *removed}))
        self._reread = {*added, *changed}

    def referrers_to_rewrite(self, all_docs: Iterable[str]) -> list[str]:
        """Pages whose pattern links now resolve differently must be rewritten.

        Without this, a page linking to a deleted (or renamed, or new) pattern
        keeps its old output, and the dangling reference is never reported.  A
        pattern whose page was edited without changing its title, patlet or
        location changes no link, and its referrers are left alone.
        """
        before: dict[str, tuple] = getattr(self, "_links_before", {})
        names = set(before) | pattern_names(self, getattr(self, "_reread", ()))
        if not names:
            return []
        after = signatures(self, names)
        changed = {name for name in names if before.get(name) != after[name]}
        if not changed:
            return []
        return [docname for docname, targets in self.references.items()
                if docname in all_docs
                and any(t in changed or slugify(t) in changed for t in targets)]

    # -- build state (not part of the index) --------------------------------------
    def begin_reading(self, docnames: list[str]) -> None:
        """The pages read in this build (``env-before-read-docs``)."""
        self._read_now = set(docnames)
        self._reading = docnames

    def unlist_read(self, docname: str) -> None:
        """Take *docname* out of the pages read in this build: its source was removed
        after it was read (a generated page, :mod:`~sphinx_innersource.book.adopters`).

        Sphinx writes the pages of the list it gave ``env-before-read-docs``
        (:func:`~sphinx_innersource.compat.unlist_read`); a page left in it would
        be written without its data.
        """
        compat.unlist_read(getattr(self, "_reading", []), docname)

    def end_reading(self) -> set[str]:
        """The pages read in this build; forgets them."""
        read_now, self._read_now = getattr(self, "_read_now", set()), set()
        return read_now

    @contextmanager
    def planning(self, planned: dict) -> Iterator[None]:
        """Within the block, :attr:`planned` holds the toctree entries decided for the book."""
        self.planned = planned
        try:
            yield
        finally:
            self.planned = {}

    def note_navigation(self, state: dict[str, list[tuple[str, str]]]) -> None:
        """What the generated toctrees show; every page is rewritten when it changed."""
        if changed(self.data.setdefault("prints", {}), "navigation", state):
            self._navigation_changed = True

    def navigation_changed(self) -> bool:
        """Whether the navigation changed in this build (asked once, then forgotten)."""
        result, self._navigation_changed = getattr(self, "_navigation_changed", False), False
        return result

    def shown_changed(self, docname: str, value: Any) -> bool:
        """Whether what page *docname* shows from the index (*value*) changed since the
        previous build (see :func:`~sphinx_innersource.core.fingerprint.changed`)."""
        return changed(self.data.setdefault("listing_prints", {}), docname, value)

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


def _note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    get_domain(env).note_outdated(added, changed, removed)
    return []


def _rewrite_referrers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return get_domain(env).referrers_to_rewrite(env.all_docs)


def setup(app: Sphinx) -> None:
    app.add_domain(InnerSourceDomain)
    app.connect("env-get-outdated", _note_outdated)
    app.connect("env-get-updated", _rewrite_referrers)
    app.connect("html-page-context", add_index_stylesheet)
    # ``{pattern}`` without the domain prefix, as users write it.
    app.add_role("pattern", PatternXRefRole(warn_dangling=True, innernodeclass=nodes.inline))
