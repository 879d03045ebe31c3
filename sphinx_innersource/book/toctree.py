"""The ``patterns-toctree`` directive: the book's table of contents, from metadata.

Membership is known only from other pages' metadata, which is complete only
after every page has been read.  The mechanism, all through Sphinx's public
build events:

1. ``env-before-read-docs``: pages holding a ``patterns-toctree`` (known
   from the previous build, or whose changed source mentions it) are read
   after every other page, so that in a serial build they see the complete
   index.  (Sphinx needs the root document read before ``env-updated``, so
   they cannot wait until then.)
2. The directive emits a real ``toctree`` node (so the sidebar,
   breadcrumbs, previous/next links, ``singlehtml`` and the LaTeX chapter
   order follow it) and records its query and what it selected.
3. ``env-updated`` (every page read, parallel results merged): each
   recorded selection is compared with the selection the complete index
   gives (without the entries that would close a cycle of tables of
   contents, decided for the whole book: see :mod:`.toctree_cycles`).
   Only where they differ (a parallel build that read the page
   alongside the pages it lists, or a pattern page added, removed, or whose
   maturity, title or categories changed) is the page purged and read with
   ``Builder.read_doc``, exactly as Sphinx reads any changed page, so
   Sphinx's own toctree collector updates its tables.  A page read a second
   time in one build reports no warning the second time.
4. ``env-get-updated``: when the navigation the generated toctrees give
   (entries, order, titles) differs from the previous build, every page is
   written again, because every page shows that navigation (sidebar,
   previous/next).  Editing a pattern's text changes none of it, and only
   that page is re-read and rewritten.

``env-get-outdated`` alone (re-read the toctree page whenever any page
changes) would re-read it on every edit, and cannot tell before reading
whether the membership changed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import docname_join, logging
from sphinx.util.docutils import SphinxDirective

from ..core.defaults import DEFAULT_BOOK_MATURITY
from ..core.model import GeneratedToctree, Maturity, PatternIndex
from ..core.query import SORTS, Query, parse_maturity_filter
from ..directives.base import repair_options
from ..domain import get_domain
from ..logs import warn
from .cycles import Key, break_cycles

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..domain import InnerSourceDomain

#: Options shared by every directive that selects patterns.
QUERY_OPTIONS: dict[str, Any] = {
    "maturity": directives.unchanged,
    "categories": directives.unchanged,
    "tags": directives.unchanged,
    "glob": directives.unchanged,
    "sort": directives.unchanged,
}


def _split(value: str | None) -> tuple[str, ...]:
    from ..core.model import split_list

    return tuple(split_list(value))


def parse_query(directive: SphinxDirective, *, exclude_self: bool = True) -> Query:
    """Build a :class:`Query` from the directive's selection options.

    Problems are reported as located warnings and the offending part of the
    filter is ignored (a bad maturity value falls back to the book's
    default), so nothing is silently dropped without a word.
    """
    options = directive.options
    config = directive.config
    location = directive.get_location()
    docname = directive.env.docname

    raw = options.get("maturity")
    levels, bad = parse_maturity_filter(raw) if raw is not None else (None, [])
    if bad:
        warn(f"unknown maturity {', '.join(map(repr, bad))} in the :maturity: option. "
             f"Fix: use {Maturity.choices()}, or 'all'", subtype="option", location=location)
    if raw is None or (bad and not levels):
        levels = book_levels(config)

    sort = (options.get("sort") or "title").strip().lower()
    if sort not in SORTS:
        warn(f"unknown sort {sort!r}. Fix: use one of {', '.join(SORTS)}; sorting by title",
             subtype="option", location=location)
        sort = "title"

    globs = tuple(docname_join(docname, g) if not g.startswith("/") else g.lstrip("/")
                  for g in _split(options.get("glob")))
    return Query(
        levels=frozenset(levels) if levels is not None else None,
        categories=_split(options.get("categories")),
        tags=_split(options.get("tags")),
        globs=globs,
        sort=sort,
        exclude=(docname,) if exclude_self else (),
    )


def book_levels(config) -> set[int] | None:
    """The book's published levels (``innersource_book_maturity``).

    A value with no valid level at all (reported once, when the configuration
    is read) falls back to the default, structured and validated.
    """
    levels, bad = parse_maturity_filter(config.innersource_book_maturity)
    if bad and not levels:
        levels, _ = parse_maturity_filter(DEFAULT_BOOK_MATURITY)
    return levels


def raw_selection(domain: InnerSourceDomain, toc: GeneratedToctree) -> list[str]:
    """The docnames *toc* takes from the index, in toctree order (cycles included)."""
    names = [p.docname for p in domain.select(toc.query)]
    return names[::-1] if toc.reverse else names


def plan(env: BuildEnvironment, domain: InnerSourceDomain) -> dict[Key, tuple[list[str],
                                                                          list[str]]]:
    """(entries, entries left out to avoid a cycle) of every generated toctree.

    See :mod:`.toctree_cycles`; during reading the toctrees of pages not read
    yet are missing, and :func:`on_env_updated` decides with all of them.
    """
    generated: dict[Key, list[str]] = {}
    for docname, record in domain.index.iter_records():
        for number, toc in enumerate(record.toctrees):
            generated[(docname, number)] = raw_selection(domain, toc)
    return break_cycles(env.config.root_doc, written_toctrees(env, domain), generated)


def written_toctrees(env: BuildEnvironment, domain: InnerSourceDomain) -> dict[str, list[str]]:
    """The entries of the toctrees the author wrote, by page.

    Sphinx's table holds the entries of every toctree of a page read; those
    the generated toctrees put there when the page was read are taken out
    (one each: the author may list a page too).
    """
    fixed = {}
    for docname, children in env.toctree_includes.items():
        record = domain.index.docs.get(docname)
        ours = Counter(d for toc in (record.toctrees if record else []) for d in toc.selected)
        fixed[docname] = []
        for child in children:
            if ours[child]:
                ours[child] -= 1
            else:
                fixed[docname].append(child)
    return fixed


def selection(env: BuildEnvironment, domain: InnerSourceDomain, key: Key) -> list[str]:
    """The entries of the generated toctree *key*: decided for the whole book
    when the pages are all read, else from what is known so far."""
    planned = domain.planned if key in domain.planned else plan(env, domain)
    return planned[key][0]


class PatternsToctreeDirective(SphinxDirective):
    """A toctree of the pattern pages that match the options."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        **QUERY_OPTIONS,
        "caption": directives.unchanged_required,
        "maxdepth": int,
        "hidden": directives.flag,
        "includehidden": directives.flag,
        "numbered": directives.unchanged,
        "titlesonly": directives.flag,
        "sections": directives.flag,
        "reversed": directives.flag,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        docname = self.env.docname
        domain = get_domain(self.env)
        query = parse_query(self)
        toc = GeneratedToctree(query=query, reverse="reversed" in self.options,
                               lineno=self.lineno)
        selected = toc.selected = selection(self.env, domain, domain.note_toctree(docname, toc))

        numbered = self.options.get("numbered")
        toctree = addnodes.toctree()
        toctree["parent"] = docname
        toctree["entries"] = [(None, name) for name in selected]
        toctree["includefiles"] = list(selected)
        # The titles of the patterns only, unless asked for their sections
        # (Problem, Context, ... under every pattern are no navigation).
        toctree["maxdepth"] = self.options.get("maxdepth", -1 if "sections" in self.options
                                               else 1)
        toctree["caption"] = self.options.get("caption")
        toctree["glob"] = False
        toctree["hidden"] = "hidden" in self.options
        toctree["includehidden"] = "includehidden" in self.options
        toctree["numbered"] = (int(numbered) if numbered and numbered.strip().isdigit()
                               else (999 if numbered is not None else 0))
        toctree["titlesonly"] = "titlesonly" in self.options
        toctree["innersource_generated"] = True
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=["toctree-wrapper", "innersource-patterns-toctree",
                                          *self.options.get("class", [])])
        wrapper.append(toctree)
        self.add_name(wrapper)
        return [wrapper]


# -- build events ---------------------------------------------------------------

def _host_docnames(index: PatternIndex) -> list[str]:
    return [docname for docname, record in index.iter_records() if record.toctrees]


DIRECTIVE_NAME = "patterns-toctree"


def _mentions_directive(env: BuildEnvironment, docname: str) -> bool:
    try:
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return DIRECTIVE_NAME in text


def on_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read the pages holding a ``patterns-toctree`` after all other pages.

    Hosts are the pages that held the directive in the previous build, and
    the pages to read whose source mentions it.  In a serial build they then
    see the complete index; in a parallel one they may not (see
    :func:`on_env_updated`).
    """
    known = set(_host_docnames(get_domain(env).index))
    hosts = {d for d in docnames if d in known or _mentions_directive(env, d)}
    if hosts:
        docnames.sort(key=lambda d: d in hosts)
    get_domain(env).begin_reading(docnames)


def navigation_state(index: PatternIndex) -> dict[str, list[tuple[str, str]]]:
    """What the generated toctrees show: host -> [(docname, title)]."""
    titles = {p.docname: p.title for p in index.iter_patterns()}
    state = {}
    for docname, record in index.iter_records():
        entries = [(d, titles.get(d, "")) for toc in record.toctrees for d in toc.selected]
        if record.toctrees:
            state[docname] = entries
    return state


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    index = domain.index
    read_now = domain.end_reading()
    planned = plan(env, domain)
    stale = [docname for docname, record in list(index.iter_records())
             if any(toc.selected != planned[(docname, n)][0]
                    for n, toc in enumerate(record.toctrees))]
    with domain.planning(planned):
        read_again(app, env, stale, read_now)
    _warn_cycles(domain, planned, read_now | set(stale))

    domain.note_navigation(navigation_state(domain.index))
    return stale


def read_again(app: Sphinx, env: BuildEnvironment, stale: list[str],
               read_now: set[str]) -> None:
    """Purge *stale* pages and read them again, as Sphinx reads a changed page; the
    warnings of those already read in this build (*read_now*) are not repeated."""
    for docname in stale:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        if docname in read_now:
            # Read in this build already (in parallel, before the pages it
            # lists): its warnings were reported then.
            with logging.suppress_logging():
                app.builder.read_doc(docname)
        else:
            app.builder.read_doc(docname)


def _warn_cycles(domain: InnerSourceDomain, planned: dict[Key, tuple[list[str], list[str]]],
                 pages: set[str]) -> None:
    """Report the entries left out of the toctrees of the pages read in this build."""
    for (docname, number), (_kept, left_out) in sorted(planned.items()):
        record = domain.index.docs.get(docname)
        if not left_out or docname not in pages or record is None \
                or number >= len(record.toctrees):
            continue
        names = ", ".join(repr(name) for name in left_out)
        they = ("it would close a cycle of tables of contents (it lists" if len(left_out) == 1
                else "they would close cycles of tables of contents (they list")
        warn(f"patterns-toctree leaves out {names}: listed here, {they} this page, directly "
             "or through other pages). Fix: give the directive a :maturity:, :categories: or "
             ":glob: that does not take those pages, or keep patterns-toctree off pattern "
             "pages",
             subtype="toctree", location=(docname, record.toctrees[number].lineno))


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if get_domain(env).navigation_changed():
        return sorted(env.found_docs)
    return []


def included_docnames(env: BuildEnvironment) -> set[str]:
    result: set[str] = set()
    for children in env.toctree_includes.values():
        result.update(children)
    return result


def setup(app: Sphinx) -> None:
    app.add_directive("patterns-toctree", PatternsToctreeDirective)
    app.connect("env-before-read-docs", on_before_read_docs)
    # Before other extensions' handlers, so they see the final toctrees.
    app.connect("env-updated", on_env_updated, priority=200)
    app.connect("env-get-updated", on_env_get_updated)
