"""The templates' ``toctree()``: resolved once per set of arguments, marked per page.

:class:`NavigationCache` takes the place of the builder's
``_get_local_toctree`` (the function behind ``toctree()`` in the
templates) for one build.  For each distinct set of arguments it resolves
the navigation once (:class:`~.skeleton.Skeleton`), renders it once with
markers (:class:`~.template.Template`), fills the links once per output
folder (:class:`~.template.Folder`); a page then costs its marks and a
join.  Whatever it cannot do exactly as Sphinx (a builder with other
links, arguments Sphinx would refuse, a page below an ``only`` block, a
link with characters to escape) goes to Sphinx's own function, so the
output is the same either way.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging, url_re

from .. import compat
from .skeleton import NAV_ID, NavArgs, PageMarks, Skeleton, numbered, pages_with_only
from .template import Folder, Markers, Template, TemplateError, class_attribute, safe_href
from .urls import UrlModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The cache of each application being built.
CACHES: weakref.WeakKeyDictionary[Sphinx, NavigationCache] = weakref.WeakKeyDictionary()

_ARGUMENTS = {"includehidden", "maxdepth", "titles_only"}


class NavHTML(str):
    """The navigation HTML of one page, with what made it (for theme adapters)."""

    __slots__ = ("innersource_page",)


class PageNav:
    """One page's navigation: the entry, folder and marks it was made from."""

    __slots__ = ("docname", "entry", "key", "links", "marks")

    def __init__(self, entry: Entry, docname: str, key: tuple[str, str], marks: PageMarks,
                 links: dict[int, str]) -> None:
        self.entry, self.docname, self.key = entry, docname, key
        self.marks, self.links = marks, links


class Entry:
    """Everything made once for one set of arguments."""

    def __init__(self, cache: NavigationCache, args: NavArgs) -> None:
        self.cache = cache
        self.args = args
        builder = cache.builder
        self.skeleton = Skeleton(builder.env, builder.tags, args, cache.only_pages)
        self.item_of: dict[int, int] = {}
        self.targets: dict[int, tuple[str, str]] = {}
        self.marked_html = ""
        self.template: Template | None = None
        self.folders: dict[tuple[str, str], Folder | None] = {}
        self.themes: dict[str, Any] = {}
        if self.skeleton.rendered is not None:
            self._render()
            cache.model.add(target for target, _anchor in self.targets.values())

    def _render(self) -> None:
        """Render the skeleton once with markers and cut it into a template."""
        markers = self.cache.markers
        tree = self.skeleton.rendered
        watched: dict[int, int] = {}
        expected = 0
        for node in tree.findall(numbered):
            node_id = node.get(NAV_ID)
            if node_id is None:
                raise TemplateError("a node of the navigation has no number")
            expected += 1
            node["classes"].append(markers.css(node_id))
            if isinstance(node, nodes.reference):
                refuri = node.get("refuri", "")
                if not url_re.match(refuri):
                    self.targets[node_id] = (refuri, node.get("anchorname", ""))
                    node["refuri"] = markers.href(node_id)
            elif isinstance(node, nodes.bullet_list) and isinstance(node.parent, nodes.list_item):
                self.item_of[node_id] = node.parent[NAV_ID]
                watched[id(node)] = node_id
        fragment, body, spans = compat.trace_translator(
            self.cache.builder, tree, lambda node: id(node) in watched)
        ranges: dict[int, tuple[int, int]] = {}
        if self.args.collapse:
            if "".join(body) != fragment:
                raise TemplateError("the translator's pieces are not the fragment")
            offsets = [0]
            for piece in body:
                offsets.append(offsets[-1] + len(piece))
            for key, (first, end) in spans.items():
                if end >= 0:
                    ranges[watched[key]] = (offsets[first], offsets[end])
        template = Template.cut(fragment, markers, ranges=ranges)
        if len(template.classes) != expected or len(template.hrefs) != len(self.targets):
            raise TemplateError("markers lost in rendering")
        self.marked_html = fragment
        self.template = template

    def links(self, key: tuple[str, str]) -> dict[int, str] | None:
        """The links of the pages of *key*; None when one must be escaped."""
        model = self.cache.model
        cached: dict[str, str] = {}
        links = {}
        for node_id, (target, anchor) in self.targets.items():
            base = cached.get(target)
            if base is None:
                base = cached[target] = model.shared(key, target)
            href = (base + anchor) or "#"
            if not safe_href(href):
                return None
            links[node_id] = href
        return links

    def folder(self, key: tuple[str, str]) -> Folder | None:
        if key not in self.folders:
            links = self.links(key)
            self.folders[key] = None if links is None else Folder(self.template, links)
        return self.folders[key]

    def page(self, docname: str) -> NavHTML | None:
        """The navigation of *docname*, or None for Sphinx to make it."""
        cache = self.cache
        if self.template is None:
            return NavHTML("")
        ancestors = compat.toctree_ancestors(cache.parents, docname)
        if cache.only_pages and not cache.only_pages.isdisjoint(ancestors):
            return None
        key = cache.model.key(docname)
        folder = self.folder(key)
        if folder is None:
            return None
        marks = self.skeleton.marks(docname, ancestors)
        own = self.own_links(docname)
        if own is None:
            return None
        overrides = self.overrides(self.template, marks, own)
        expand = (self.template.open_ranges(marks.open_items, self.item_of)
                  if self.args.collapse else None)
        html = NavHTML(folder.assemble(overrides, expand))
        html.innersource_page = PageNav(self, docname, key, marks, own)
        return html

    def own_links(self, docname: str) -> dict[int, str] | None:
        """Links whose target the builder must give for this page itself."""
        model = self.cache.model
        own: dict[int, str] = {}
        for target in model.exceptions(docname):
            refs = self.skeleton.occurrences.get(target)
            if not refs:
                continue
            base = model.link(docname, target)
            for ref in refs:
                node_id = ref[NAV_ID]
                if node_id in self.targets:
                    href = (base + self.targets[node_id][1]) or "#"
                    if not safe_href(href):
                        return None
                    own[node_id] = href
        return own

    @staticmethod
    def overrides(template: Template, marks: PageMarks, own: dict[int, str],
                  extra: Callable[[int], tuple[str, ...]] | None = None) -> dict[int, str]:
        result: dict[int, str] = {}
        for node_id in marks.current:
            slot = template.classes.get(node_id)
            if slot is not None:
                index, tokens = slot
                result[index] = class_attribute(tokens, True, extra(node_id) if extra else (),
                                                dedupe=template.dedupe)
        for node_id, href in own.items():
            index = template.hrefs.get(node_id)
            if index is not None:
                result[index] = href
        return result


class NavigationCache:
    """Stands for the builder's ``_get_local_toctree`` during one build."""

    def __init__(self, app: Sphinx, kind: str, shared: bool = False) -> None:
        self.app = app
        self.builder = app.builder
        self.kind = kind
        #: ``innersource_fast_navigation = "shared"`` (see :mod:`.shared`)
        self.shared = shared
        self.markers = Markers()
        self.entries: dict[NavArgs, Entry | None] = {}
        self.stats: Counter[str] = Counter()
        self.reasons: dict[NavArgs, str] = {}
        self.original: Callable[..., str] = compat.replace_local_toctree(self.builder,
                                                                         self.toctree)
        self._state: tuple[dict[str, str], set[str], UrlModel] | None = None

    def restore(self) -> None:
        compat.restore_local_toctree(self.builder)

    def _prepare(self) -> tuple[dict[str, str], set[str], UrlModel]:
        if self._state is None:
            env = self.builder.env
            parents = compat.toctree_parents(env.toctree_includes)
            only = pages_with_only(env)
            self._state = (parents, only, UrlModel(self.builder, ()))
        return self._state

    @property
    def parents(self) -> dict[str, str]:
        return self._prepare()[0]

    @property
    def only_pages(self) -> set[str]:
        return self._prepare()[1]

    @property
    def model(self) -> UrlModel:
        return self._prepare()[2]

    def arguments(self, collapse: Any, kwargs: dict[str, Any]) -> NavArgs | None:
        """The arguments as ``_get_local_toctree`` hands them to Sphinx."""
        kwargs = dict(kwargs)
        if self.kind == "single":
            hidden = kwargs.get("includehidden")
            if isinstance(hidden, str) and hidden.lower() in ("true", "false"):
                kwargs["includehidden"] = hidden.lower() == "true"
        else:
            kwargs.setdefault("includehidden", False)
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        if not set(kwargs) <= _ARGUMENTS:
            return None
        try:
            maxdepth = int(kwargs.get("maxdepth", 0))
        except (TypeError, ValueError):
            return None
        return NavArgs(collapse=bool(collapse),
                       includehidden=bool(kwargs.get("includehidden", True)),
                       maxdepth=maxdepth, titles_only=bool(kwargs.get("titles_only", False)))

    def entry(self, args: NavArgs) -> Entry | None:
        if args not in self.entries:
            try:
                self.entries[args] = Entry(self, args)
            except Exception as error:  # Sphinx's own navigation instead
                self.entries[args] = None
                self._left_to_sphinx(args, error)
        return self.entries[args]

    def _left_to_sphinx(self, args: NavArgs, error: Exception) -> None:
        """Note why the navigation with *args* is Sphinx's (a test reads it)."""
        self.reasons[args] = f"{type(error).__name__}: {error}"
        logger.info("sphinx-innersource: the navigation %s is left to Sphinx (%s)",
                    args, self.reasons[args])

    def _left_inline(self, args: NavArgs, error: Exception) -> None:
        """Note why the shared navigation with *args* is written on each page."""
        self.reasons[args] = f"not shared: {type(error).__name__}: {error}"
        logger.info("sphinx-innersource: the navigation %s is written on each page (%s)",
                    args, self.reasons[args])

    def page(self, docname: str, args: NavArgs) -> NavHTML | None:
        entry = self.entry(args) if self.model.supported else None
        if entry is None:
            return None
        try:
            return entry.page(docname)
        except Exception as error:  # Sphinx's own navigation instead
            self._left_to_sphinx(args, error)
            return None

    def toctree(self, docname: str, collapse: bool = True, **kwargs: Any) -> str:
        args = self.arguments(collapse, kwargs)
        html = self.page(docname, args) if args is not None else None
        if html is None:
            self.stats["sphinx"] += 1
            return self.original(docname, collapse=collapse, **kwargs)
        self.stats["cached"] += 1
        return html
