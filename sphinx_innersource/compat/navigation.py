"""Compatibility entries of the navigation cache (:mod:`sphinx_innersource.navigation`).

Part of :mod:`sphinx_innersource.compat` (see its docstring), which re-exports
every name: callers write ``compat.toctree_entries`` and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable, Container

    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags


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
