"""``innersource_fast_navigation = "shared"``: the navigation written once per book.

With the whole table of contents on every page, the HTML of a large book is
mostly navigation: N entries on each of N pages.  In ``"shared"`` mode the
navigation HTML (links relative to the book's root, no page marked) is
written once into ``_static/innersource-nav-*.js``, and each page gets a
placeholder: a link to the full table of contents (the
``innersource-contents`` page, for readers without JavaScript), the page's
marks as data (which items are ``current``, its own links, the branches
``collapse`` keeps open, furo's checked boxes) and the script, which puts
the navigation in place of the placeholder, applies the marks and makes the
links relative to the page.  Only for themes that show ``toctree()`` as
it is (Sphinx's themes, alabaster) or through the furo adapter; others
get the navigation cache's inline HTML, with a warning.
"""

from __future__ import annotations

import hashlib
import html as html_module
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import _ as sphinx_label

from .. import compat
from .cache import CACHES, NavHTML, NavigationCache
from .skeleton import NavArgs
from .template import Folder, Template

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from .cache import Entry, PageNav

#: Themes whose templates show the ``toctree()`` HTML as it is, and furo.
THEMES = {"alabaster", "basic", "classic", "sphinxdoc", "scrolls", "agogo", "traditional",
          "nature", "haiku", "pyramid", "bizstyle", "sphinx_rtd_theme", "furo"}

#: The page with the whole table of contents (the link without JavaScript).
CONTENTS = "innersource-contents"

_ELEMENT = re.compile(r"<(?:li|ul|a)[\s>]")

#: The script of a shared navigation; ``%s`` are the key and the HTML (JSON).
SCRIPT = """\
/* sphinx-innersource: the navigation of the book, shown on each page
   (innersource_fast_navigation = "shared"). */
(function (key, html) {
  "use strict";
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var boxes = document.querySelectorAll('div[data-innersource-nav="' + key + '"]');
  each(boxes, function (box) {
    var marks = JSON.parse(box.getAttribute("data-innersource-marks"));
    var root = box.getAttribute("data-innersource-root");
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var elements = holder.querySelectorAll("li, ul, a");
    each(holder.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (!/^(?:[a-z][a-z0-9+.-]*:|#|\\/)/i.test(href)) { a.setAttribute("href", root + href); }
    });
    each(marks.c || [], function (i) { elements[i].classList.add("current"); });
    each(marks.h || [], function (p) { elements[p[0]].setAttribute("href", p[1]); });
    each(marks.k || [], function (i) {
      var input = elements[i].querySelector("input.toctree-checkbox");
      if (input) { input.setAttribute("checked", ""); input.checked = true; }
    });
    if (marks.p !== undefined) { elements[marks.p].classList.add("current-page"); }
    if (marks.x) {
      var open = {};
      each(marks.x, function (i) { open[i] = true; });
      each(elements, function (e, i) {
        var parent = e.parentNode;
        if (e.tagName === "UL" && parent && parent.tagName === "LI" && !open[i]) {
          parent.removeChild(e);
        }
      });
    }
    while (holder.firstChild) { box.parentNode.insertBefore(holder.firstChild, box); }
    box.parentNode.removeChild(box);
  });
})(%s, %s);
"""


def theme_supported(app: Sphinx) -> bool:
    theme = getattr(app.builder, "theme", None)
    return getattr(theme, "name", None) in THEMES


class Shared:
    """One navigation file per set of arguments (and theme variant)."""

    def __init__(self, entry: Entry, variant: str, template: Template) -> None:
        cache = entry.cache
        links = entry.links(("file", ""))
        if links is None:
            raise ValueError("a link of the navigation must be escaped")
        self.html = "".join(Folder(template, links).parts)
        slots = sorted(template.classes, key=lambda node_id: template.classes[node_id][0])
        self.index = {node_id: number for number, node_id in enumerate(slots)}
        if len(_ELEMENT.findall(self.html)) != len(self.index):
            raise ValueError("an item, list or link of the navigation has no marker")
        args = entry.args
        self.key = f"{variant}-{hashlib.sha256(repr(args).encode()).hexdigest()[:10]}"
        script = SCRIPT % (json.dumps(self.key), json.dumps(self.html))
        self.version = hashlib.sha256(script.encode()).hexdigest()[:12]
        self.file = f"innersource-nav-{self.key}.js"
        _write(Path(cache.builder.outdir) / "_static" / self.file, script)

    def placeholder(self, page: PageNav, template: Template, extra: dict[str, Any]) -> str:
        """The HTML that stands for the navigation on one page."""
        builder = page.entry.cache.builder
        index = self.index
        marks: dict[str, Any] = {"c": sorted(index[n] for n in page.marks.current if n in index)}
        own = sorted([index[n], href] for n, href in page.links.items() if n in index)
        if own:
            marks["h"] = own
        if page.entry.args.collapse:
            kept = template.open_ranges(page.marks.open_items, page.entry.item_of)
            marks["x"] = sorted(index[ul] for ul in kept if ul in index)
        marks.update(extra)
        uri = builder.get_target_uri(page.docname).partition("#")[0]
        root = "../" * uri.count("/")
        contents = builder.get_relative_uri(page.docname, CONTENTS)
        data = html_module.escape(json.dumps(marks, separators=(",", ":")))
        label = html_module.escape(sphinx_label("Table of Contents"))
        return (f'<div class="innersource-navigation" data-innersource-nav="{self.key}" '
                f'data-innersource-root="{root}" data-innersource-marks="{data}">'
                f'<p><a href="{contents}">{label}</a></p></div>\n'
                f'<script defer src="{root}_static/{self.file}?v={self.version}"></script>\n')


def shared(entry: Entry, variant: str, template: Template) -> Shared | None:
    """The shared navigation of *entry* for *variant*, or None to write it inline."""
    key = ("shared", variant)
    if key not in entry.themes:
        try:
            entry.themes[key] = Shared(entry, variant, template)
        except (ValueError, OSError) as error:
            entry.themes[key] = None
            entry.cache._left_inline(entry.args, error)
    return entry.themes[key]


def install(cache: NavigationCache) -> None:
    """Make the templates' ``toctree()`` give the placeholder of a shared navigation."""

    def toctree(docname: str, collapse: bool = True, **kwargs: Any) -> str:
        html = cache.toctree(docname, collapse=collapse, **kwargs)
        page = getattr(html, "innersource_page", None)
        if page is None or page.entry.template is None:
            return html
        common = shared(page.entry, "html", page.entry.template)
        if common is None:
            return html
        placeholder = NavHTML(common.placeholder(page, page.entry.template, {}))
        placeholder.innersource_page = page
        cache.stats["shared"] += 1
        return placeholder

    compat.replace_local_toctree(cache.builder, toctree)


def _write(path: Path, text: str) -> None:
    """Write *path* unless it has *text* already (atomically: -j writes in parallel)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def contents_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the page with the whole table of contents."""
    cache = CACHES.get(app)
    if cache is None or not cache.shared or CONTENTS in app.env.all_docs:
        return
    # every page, without their sections (as furo's sidebar)
    entry = cache.entry(NavArgs(collapse=False, includehidden=True, maxdepth=-1,
                                titles_only=True))
    html = entry.page(CONTENTS) if entry is not None else None
    if html is None:
        html = cache.original(CONTENTS, collapse=False, includehidden=True, maxdepth=-1,
                              titles_only=True)
    title = sphinx_label("Table of Contents")
    body = (f'<section id="innersource-contents"><h1>{html_module.escape(title)}</h1>\n'
            f'<div class="toctree-wrapper compound">\n{html}</div>\n</section>\n')
    yield CONTENTS, {"title": title, "body": body}, "page.html"
