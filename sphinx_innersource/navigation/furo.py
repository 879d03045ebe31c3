"""furo's navigation tree, made once per set of arguments.

furo passes the ``toctree()`` HTML of every page through
``get_navigation_tree``, which parses it with BeautifulSoup and adds a
checkbox and a label to every item with children, ``checked`` to the
current branch and ``current-page`` to the last current item: N items
parsed on each of N pages.  For a page whose navigation the cache made,
the adapter runs furo's function once on the marked HTML of the whole
navigation, cuts the result into a template like the cache's, and gives
each page its marks: furo's checkboxes stay where furo puts them, and the
page gets the same HTML as from furo itself.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from docutils import nodes

from .. import compat
from .shared import shared
from .template import Folder, Template, TemplateError

if TYPE_CHECKING:
    from collections.abc import Callable

    from .cache import Entry, PageNav

_CHECKBOX = ' class="toctree-checkbox"'


def install() -> None:
    """Wrap furo's function, if furo is loaded.

    Sphinx imports furo's package when it loads the theme (or a theme that
    inherits from it), before ``builder-inited``; a book with another theme
    does not pay for importing furo and BeautifulSoup.
    """
    if "furo" in sys.modules:
        compat.furo_navigation_hook(_wrap)


def _wrap(original: Callable[[str], str]) -> Callable[[str], str]:
    def get_navigation_tree(toctree_html: str) -> str:
        page = getattr(toctree_html, "innersource_page", None)
        if page is not None:
            html = render(page, original)
            if html is not None:
                return html
        return original(str(toctree_html))

    return get_navigation_tree


def _template(entry: Entry, original: Callable[[str], str]) -> Template | None:
    """furo's rewriting of the marked navigation, cut at the markers."""
    if "furo" in entry.themes:
        return entry.themes["furo"]
    template = None
    if not entry.args.collapse:
        try:
            template = _cut(entry, original(entry.marked_html))
        except TemplateError:
            template = None
    entry.themes["furo"] = template
    return template


def _cut(entry: Entry, html: str) -> Template:
    markers = entry.cache.markers
    with_children = set(entry.item_of.values())
    checkboxes = []
    for match in markers.slot.finditer(html):
        value = match.group(1)
        if value is None:
            continue
        for name in value.split(" "):
            marker = markers.token.match(name)
            if marker and int(marker.group(1)) in with_children:
                checkboxes.append((_checkbox(html, match.end()), int(marker.group(1))))
    template = Template.cut(html, markers, extra=checkboxes, dedupe=False)
    if len(template.extra) != len(with_children):
        raise TemplateError("an item with children has no checkbox")
    return template


def _checkbox(html: str, after: int) -> int:
    """Where ``checked`` goes in the checkbox furo put after an item's link."""
    start = html.find("<input ", after)
    following = [p for p in (html.find("<li", after), html.find("<ul", after)) if p >= 0]
    if start < 0 or (following and start > min(following)):
        raise TemplateError("no checkbox after an item with children")
    end = html.find(">", start)
    position = html.find(_CHECKBOX, start, end)
    if position < 0:
        raise TemplateError("unexpected checkbox")
    return position


def render(page: PageNav, original: Callable[[str], str]) -> str | None:
    """furo's navigation tree for one page, or None to let furo make it."""
    entry = page.entry
    template = _template(entry, original)
    if template is None:
        return None
    folders = entry.themes.setdefault("furo-folders", {})
    folder = folders.get(page.key)
    if folder is None:
        links = entry.links(page.key)
        if links is None:
            return None
        folder = folders[page.key] = Folder(template, links)
    items = [n for n in page.marks.current if n in template.classes and _is_item(entry, n)]
    last = max(items, key=lambda n: template.classes[n][0], default=None)
    overrides = entry.overrides(template, page.marks, page.links,
                                lambda n: ("current-page",) if n == last else ())
    checked = [n for n in page.marks.current if n in template.extra]
    for node_id in checked:
        overrides[template.extra[node_id]] = ' checked=""'
    if entry.cache.shared:
        common = shared(entry, "furo", template)
        if common is not None:
            extra = {"k": sorted(common.index[n] for n in checked)}
            if last is not None:
                extra["p"] = common.index[last]
            return common.placeholder(page, template, extra)
    return folder.assemble(overrides, None)


def _is_item(entry: Entry, node_id: int) -> bool:
    return isinstance(entry.skeleton.nodes.get(node_id), nodes.list_item)
