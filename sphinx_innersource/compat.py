"""The one place that knows which Sphinx or docutils version it runs on.

sphinx-innersource supports a range of versions (``docs/installation.md``).
Wherever the public API differs between them, or only a private name does
the job, the difference lives here, once, with the reason and the version it
depends on; the rest of the package calls these functions.  Each entry has a
test in ``tests/test_compat.py``.

When a lower bound is raised past the version an entry mentions, the entry
goes (or shrinks to the public call).
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import sphinx
from docutils import nodes
from docutils.transforms import Transform

if TYPE_CHECKING:
    from collections.abc import Callable, Container

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

SPHINX_VERSION: tuple[int, int] = sphinx.version_info[:2]
DOCUTILS_VERSION: tuple[int, int] = docutils.__version_info__[:2]


# -- the application behind an environment -----------------------------------------
# A post-transform gets the environment, not the application, yet needs the
# builder (to make links).  Sphinx 9.0 renamed ``BuildEnvironment.app`` to the
# private ``_app`` and deprecated the public name (removal in Sphinx 11) without
# a replacement; before 9.0 only ``app`` exists.  Sphinx's own post-transforms
# read ``env._app`` from 9.0 on.

def env_builder(env: BuildEnvironment) -> Builder:
    """The builder of the build that *env* belongs to."""
    app = env._app if SPHINX_VERSION >= (9, 0) else env.app
    return app.builder


# -- static files -----------------------------------------------------------------------
# Our stylesheets must be in ``_static`` before the pages are written: the
# HTML builder links a stylesheet with a ``?v=`` checksum only when the file is
# there, so copying at ``build-finished`` made clean and incremental builds
# differ.  Sphinx 9.1 added ``Sphinx.add_static_dir()``; before it, the folder
# is put in front of ``html_static_path`` at ``builder-inited`` (after the
# ``html`` build-info hash is taken, so incremental builds see no config
# change).  Either way Sphinx copies the files with the theme's, before
# writing, and a file of the same name in the user's ``html_static_path``
# wins.

def add_static_dir(app: Sphinx, path: Path) -> None:
    """Have every HTML builder copy the files of *path* into ``_static``."""
    if SPHINX_VERSION >= (9, 1):
        app.add_static_dir(path)  # type: ignore[attr-defined]
        return

    def register(app: Sphinx) -> None:
        if app.builder.format != "html":
            return
        entries = list(app.config.html_static_path)
        if str(path) not in entries:
            app.config.html_static_path = [str(path), *entries]

    app.connect("builder-inited", register)


# -- lazy translations --------------------------------------------------------------
# Labels kept in module-level constants must be translated when they are shown,
# in the book's language.  ``sphinx.locale.get_translation()`` returns a lazy
# proxy only while the catalogue is not loaded yet, so a second build in the
# same process would get a string in the first build's language.  Sphinx's
# proxy class has been ``sphinx.locale._TranslationProxy`` since Sphinx 7.0
# (private, not renamed since).

def lazy_translation(catalog: str, namespace: str, message: str) -> str:
    """A string-like object that translates *message* each time it is used."""
    from sphinx.locale import _TranslationProxy

    return _TranslationProxy(catalog, namespace, message)  # type: ignore[return-value]


# -- transitions inside a directive ---------------------------------------------------
# docutils before 0.22 stops the build with an AssertionError when a
# transition (a line of dashes) opens a directive's body, such as a
# known-instance whose text starts with ``-----``; docutils 0.22 reports a
# transition outside a section and goes on.  Sphinx 8 needs docutils < 0.22,
# so there this transform, which runs just before docutils' own, does what
# 0.22 does.

class MisplacedTransitions(Transform):
    """Report and drop transitions that are not in a section or the document."""

    default_priority = 829  # docutils' Transitions transform is 830

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.transition)):
            if not isinstance(node.parent, (nodes.document, nodes.section)):
                self.document.reporter.warning(
                    "Transition must be child of <document> or <section>.", base_node=node)
                node.parent.remove(node)


# -- navigation cache (sphinx_innersource.navigation) ---------------------------------------
#
# The navigation cache resolves the global toctree once for all pages with
# Sphinx's own helpers, then gives each page its "current" marks.  Sphinx has
# no public API for the pieces of ``global_toctree_for_doc``; the helpers
# below have had these signatures since Sphinx 7.2 (checked up to 9.1).  When
# one is missing, ``navigation_api_available()`` is false and the extension
# leaves Sphinx's navigation alone.

try:
    from sphinx.environment.adapters import toctree as _toctree_adapter

    _entries_from_toctree = _toctree_adapter._entries_from_toctree
    _toctree_add_classes = _toctree_adapter._toctree_add_classes
    _toctree_copy = _toctree_adapter._toctree_copy
except (ImportError, AttributeError):  # pragma: no cover - other Sphinx versions
    _toctree_adapter = None


def navigation_api_available() -> bool:
    """Whether the Sphinx helpers the navigation cache needs are there."""
    return _toctree_adapter is not None


def toctree_entries(env: BuildEnvironment, toctree: Any, *, titles_only: bool, collapse: bool,
                    includehidden: bool, tags: Tags, expanded: Container[str]) -> list:
    """The entries of one toctree node, as ``_resolve_toctree`` collects them.

    ``sphinx.environment.adapters.toctree._entries_from_toctree`` (Sphinx 7.2+)
    copies the table of contents of every page the toctree lists; a page
    whose name is in *expanded* keeps its whole table of contents, as
    Sphinx keeps it for the ancestors of the page being written.
    """
    from sphinx.util.matching import Matcher

    included = Matcher(env.config.include_patterns)
    excluded = Matcher(env.config.exclude_patterns)
    return _entries_from_toctree(env, True, titles_only, collapse, includehidden, tags,
                                 expanded, included, excluded, toctree, [])


def toctree_add_classes(node: nodes.Element, docname: str) -> None:
    """``_toctree_add_classes(node, 1, docname)``: depth classes and current marks.

    Private in Sphinx 7.2+; it is the step of ``_resolve_toctree`` that adds
    ``toctree-lN`` and, for *docname*, ``current``.
    """
    _toctree_add_classes(node, 1, docname)


def toctree_copy(node: nodes.Element, maxdepth: int, collapse: bool, tags: Tags) -> Any:
    """``_toctree_copy(node, 1, maxdepth, collapse, tags)``: the pruning step.

    Private in Sphinx 7.2+ (``tags`` since 7.2).
    """
    return _toctree_copy(node, 1, maxdepth, collapse, tags)


def toctree_parents(toctree_includes: dict[str, list[str]]) -> dict[str, str]:
    """Child page -> the parent ``_get_toctree_ancestors`` follows.

    ``sphinx.environment.adapters.toctree._get_toctree_ancestors`` (7.2+)
    rebuilds this map on every call (once per page written); the cache
    builds it once.  A page listed by several toctrees takes the parent
    that comes last, as there.
    """
    parent: dict[str, str] = {}
    for doc, children in toctree_includes.items():
        parent |= dict.fromkeys(children, doc)
    return parent


def toctree_ancestors(parents: dict[str, str], docname: str) -> dict[str, None]:
    """The ancestors of *docname* (itself first), as ``_get_toctree_ancestors``."""
    ancestors: dict[str, None] = {}
    current = docname
    while current in parents and current not in ancestors:
        ancestors[current] = None
        current = parents[current]
    return ancestors


def local_toctree_kind(builder: Builder) -> str | None:
    """Which ``_get_local_toctree`` the builder has: ``"html"``, ``"single"`` or None.

    ``StandaloneHTMLBuilder._get_local_toctree`` is the private method behind
    the ``toctree()`` function of the templates (Sphinx 1.6+; the argument
    handling used by the cache is that of 7.3 to 9.1).  ``singlehtml``
    overrides it to accept ``includehidden`` as a string.  Another override
    (a third-party builder) is left alone.
    """
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    method = getattr(type(builder), "_get_local_toctree", None)
    if method is StandaloneHTMLBuilder._get_local_toctree:
        return "html"
    if method is SingleFileHTMLBuilder._get_local_toctree:
        return "single"
    return None


def replace_local_toctree(builder: Builder, function: Callable[..., str]) -> Callable[..., str]:
    """Make the templates' ``toctree()`` call *function*; return the original.

    ``handle_page`` looks ``self._get_local_toctree`` up at every call, so
    an attribute of the builder instance replaces the method for this
    build only.
    """
    original = builder._get_local_toctree
    builder._get_local_toctree = function
    return original


def restore_local_toctree(builder: Builder) -> None:
    """Undo :func:`replace_local_toctree`: the builder's own method again."""
    builder.__dict__.pop("_get_local_toctree", None)


def relative_uri_kind(builder: Builder) -> str | None:
    """How the builder makes links between pages: ``"relative"``, ``"single"`` or None.

    ``"relative"``: ``Builder.get_relative_uri`` (public), that is
    ``relative_uri(get_target_uri(from), get_target_uri(to))``, so that a
    link depends only on the folder of the page it is written on.
    ``"single"``: ``singlehtml``, whose links do not depend on the page.
    """
    from sphinx.builders import Builder as BaseBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    method = type(builder).get_relative_uri
    if method is BaseBuilder.get_relative_uri:
        return "relative"
    if method is SingleFileHTMLBuilder.get_relative_uri:
        return "single"
    return None


def trace_translator(builder: Any, node: nodes.Element,
                     watch: Callable[[nodes.Node], bool]) -> tuple[str, list[str], dict]:
    """Render *node* as ``render_partial`` does, noting where watched nodes go.

    Returns the fragment, the translator's ``body`` (the pieces it wrote)
    and, for each watched node, ``(first piece, end piece)``: the node's
    HTML is ``"".join(body[first:end])``.  The translator is made by the
    builder (so a theme's translator class is used) and wrapped by an
    attribute of the builder instance for this one call of the public
    ``render_partial``; ``dispatch_visit``/``dispatch_departure`` are the
    public hooks of docutils' ``NodeVisitor``.
    """
    spans: dict[int, list[int]] = {}
    seen: list[Any] = []
    create = builder.create_translator

    def traced(*args: Any) -> Any:
        translator = create(*args)
        visit, depart = translator.dispatch_visit, translator.dispatch_departure

        def dispatch_visit(visited: nodes.Node) -> Any:
            if watch(visited):
                spans[id(visited)] = [len(translator.body), -1]
            return visit(visited)

        def dispatch_departure(departed: nodes.Node) -> Any:
            result = depart(departed)
            if id(departed) in spans:
                spans[id(departed)][1] = len(translator.body)
            return result

        translator.dispatch_visit = dispatch_visit
        translator.dispatch_departure = dispatch_departure
        seen.append(translator)
        return translator

    own = builder.__dict__.get("create_translator")
    builder.create_translator = traced
    try:
        fragment = builder.render_partial(node)["fragment"]
    finally:
        if own is None:
            del builder.create_translator
        else:
            builder.create_translator = own
    body = list(seen[0].body) if seen else []
    return fragment, body, spans


def furo_navigation_hook(wrap: Callable[[Callable[[str], str]], Callable[[str], str]]) -> bool:
    """Wrap furo's ``get_navigation_tree`` (furo 2022.x to 2025.12).

    furo rewrites the ``toctree()`` HTML of every page with BeautifulSoup in
    ``furo.navigation.get_navigation_tree``, which ``furo/__init__.py``
    imports by name; the cache replaces that name so that pages whose
    navigation it made are rewritten from a template made once.  Returns
    False when furo is not installed or has another shape.
    """
    try:
        import furo
    except ImportError:
        return False
    original = getattr(furo, "get_navigation_tree", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "innersource_wrapped", False):
        return True
    wrapped = wrap(original)
    wrapped.innersource_wrapped = True  # type: ignore[attr-defined]
    furo.get_navigation_tree = wrapped
    return True


# -- end of the navigation cache block -----------------------------------------------------


# -- index entries added after reading -------------------------------------------------
# The pattern directive adds general-index entries for a pattern and its aliases
# in a ``doctree-read`` handler, after Sphinx's ``SphinxDomains`` transform has
# collected the page's ``index`` nodes.  ``IndexDomain`` has no public method to
# add entries to a document; ``IndexDomain.entries`` (docname -> entries) is what
# its own ``process_doc`` fills (Sphinx 1.x to 9.x).

def add_index_entries(env: BuildEnvironment, docname: str, entries: list[tuple]) -> None:
    """Add general-index *entries* to *docname*, as an ``index`` node read with it would."""
    env.get_domain("index").entries.setdefault(docname, []).extend(entries)


# -- index pages of the HTML builder ------------------------------------------------------
# ``StandaloneHTMLBuilder.finish()`` renders the general index (``write_genindex``)
# and the domain indices (``write_domain_indices``, from the ``domain_indices``
# that ``prepare_writing`` fills) at every build; no event can leave one out.
# Both methods are replaced on the builder instance (public names since Sphinx
# 1.x; checked from 8.2 to 9.1).  See :mod:`.book.index_pages`.

def guard_index_pages(builder: Builder, wanted: Callable[[str, Any], bool],
                      done: Callable[[], None]) -> bool:
    """Render an index page only if ``wanted(pagename, what it shows)``, then call ``done()``."""
    genindex, domain = (getattr(builder, name, None)
                        for name in ("write_genindex", "write_domain_indices"))
    if not (callable(genindex) and callable(domain) and hasattr(builder, "domain_indices")):
        return False

    def write_genindex() -> None:
        entries = builder.env.get_domain("index").entries  # docname -> entries
        if wanted("genindex", sorted(entries.items())):
            genindex()
            done()

    def write_domain_indices() -> None:
        every = builder.domain_indices
        builder.domain_indices = [e for e in every if wanted(e[0], (e[2], e[3]))]
        try:
            domain()
        finally:
            builder.domain_indices = every
        done()

    builder.write_genindex, builder.write_domain_indices = write_genindex, write_domain_indices
    return True


# -- pages read in this build -------------------------------------------------------------
# Sphinx writes the pages of the list it handed to ``env-before-read-docs``:
# ``Builder.read`` returns that same list object (Sphinx 7 to 9.1; the event is
# documented for reordering and adding, not for this).  A page whose source
# went away after it was read (a generated adopter page) is taken out of it.

def unlist_read(reading: list[str], docname: str) -> None:
    """Take *docname* out of *reading*, the list ``env-before-read-docs`` got."""
    while docname in reading:
        reading.remove(docname)


# -- sphinxcontrib-bibtex's bibliography data -----------------------------------------
# The works of the ``.bib`` files and the files themselves are the undocumented
# ``BibtexDomain.bibdata`` (a named tuple ``BibData(encoding, bibfiles, data)``,
# sphinxcontrib-bibtex 2.2 to 2.7); nothing public gives them.

def bib_entries(cite_domain: Any) -> Any:
    """pybtex's entries (key -> Entry, keys case-insensitive) of the ``cite`` domain."""
    return cite_domain.bibdata.data.entries


def bib_files(cite_domain: Any) -> dict[Any, Any]:
    """path -> (mtime...) info of the ``.bib`` files sphinxcontrib-bibtex read."""
    return cite_domain.bibdata.bibfiles


# -- pybtex's .bib errors -----------------------------------------------------------------
# pybtex raises on a malformed ``.bib`` entry, which aborts the build, unless its
# module-level list ``pybtex.errors.captured_errors`` is set: then the errors are
# collected there (pybtex 0.22 to 0.25; "strict mode" is otherwise only a
# command-line switch).  Which applications turned capturing on is kept here,
# not in an attribute set on the Sphinx application.

_CAPTURING: weakref.WeakSet[Any] = weakref.WeakSet()


def capture_bib_errors(app: Sphinx) -> None:
    """Collect pybtex's ``.bib`` errors from now on instead of raising them."""
    import pybtex.errors

    if pybtex.errors.captured_errors is None:
        pybtex.errors.captured_errors = []
        _CAPTURING.add(app)


def captured_bib_errors(app: Sphinx) -> list[Any]:
    """The errors collected since :func:`capture_bib_errors` for *app*; stops collecting."""
    if app not in _CAPTURING:
        return []
    import pybtex.errors

    errors = pybtex.errors.captured_errors or []
    pybtex.errors.captured_errors = None
    _CAPTURING.discard(app)
    return list(errors)


def setup(app: Sphinx) -> None:
    if DOCUTILS_VERSION < (0, 22):
        app.add_transform(MisplacedTransitions)
