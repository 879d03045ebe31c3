"""Rewrite every page when the navigation changed, and only then.

Every page shows the navigation (sidebar, previous/next links), but Sphinx
rewrites on an incremental build only the pages it re-read and the pages
listing them: after a page is added, removed or retitled, the other pages
keep a stale sidebar.  This collector keeps, for each page, a fingerprint
of what the navigation takes from it: its table of contents (titles,
sections, the toctrees in it), its title, its ``tocdepth``, the toctrees of
its doctree.  When a page in the navigation was read, added or removed
and its fingerprint changed, every page is written again
(``env-get-updated``); an edit that changes none of it (the text of a
section) rewrites no other page.  The fingerprints live in the
environment through Sphinx's ``EnvironmentCollector`` (read, purged and
merged like Sphinx's own tables).

The previous/next links and the parent of each page (the relation bar and
``relations.html`` of every theme) change with the order of the toctrees
too, with or without the global navigation in the sidebar: the pages whose
relations changed since the last build into the output folder are written
again as well.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils.nodes import Text
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

from .cache import CACHES

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Environment attribute: page -> fingerprint of what the navigation shows of it.
ENV_ATTRIBUTE = "innersource_navigation"

#: Environment attribute: output folder -> page -> (parent, previous, next) when last written.
RELATIONS = "innersource_relations"

#: File of the output folder: the navigation fingerprint the pages were written with.
STAMP = ".innersource-navigation"


def fingerprints(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, ENV_ATTRIBUTE):
        setattr(env, ENV_ATTRIBUTE, {})
    return getattr(env, ENV_ATTRIBUTE)


#: Attributes of a toctree node that change what the navigation shows.
_TOCTREE = ("entries", "maxdepth", "hidden", "includehidden", "titlesonly", "caption",
            "numbered", "glob")


def fingerprint(env: BuildEnvironment, docname: str, doctree: nodes.document) -> str:
    """What the navigation takes from *docname*, hashed.

    Its table of contents (every node's kind and number of children, the
    texts, the links, the toctrees in it), its title, its ``tocdepth``, the
    pages its toctrees include (the chains of ancestors follow them) and,
    for the root page, the toctrees of its doctree (the navigation starts
    there).
    """
    parts: list[str] = []
    toc = env.tocs.get(docname)
    if toc is not None:
        _describe(toc, parts)
    title = env.titles.get(docname)
    parts.append(title.astext() if title is not None else "-")
    parts.append(repr(env.metadata.get(docname, {}).get("tocdepth")))
    parts.append(repr(env.toctree_includes.get(docname)))
    if docname == env.config.root_doc:
        for toctree in doctree.findall(addnodes.toctree):
            parts.append(repr([toctree.get(name) for name in _TOCTREE]))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _describe(node: nodes.Node, parts: list[str]) -> None:
    for item in node.findall():
        if isinstance(item, Text):
            parts.append(item.astext())
        elif isinstance(item, addnodes.toctree):
            parts.append(repr([item.get(name) for name in _TOCTREE]))
        elif isinstance(item, addnodes.only):
            parts.append(f"only:{item.get('expr')}:{len(item.children)}")
        else:
            parts.append(f"{item.tagname}:{len(item.children)}:{item.get('refuri', '')}"
                         f"{item.get('anchorname', '')}")


def in_navigation(env: BuildEnvironment) -> set[str]:
    """The root page and every page reachable from it through toctrees."""
    root = env.config.root_doc
    seen = {root}
    todo = [root]
    while todo:
        for child in env.toctree_includes.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


class NavigationCollector(EnvironmentCollector):
    """Fingerprints of the navigation, and the pages to rewrite when it changed.

    The fingerprint of the whole navigation is compared with the one the
    HTML output was last written with (a file in the output folder), so
    that a build with another builder on the same environment, or a build
    that stopped half-way, does not hide a change.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        fingerprints(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        ours, theirs = fingerprints(env), fingerprints(other)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        fingerprints(env)[env.docname] = fingerprint(env, env.docname, doctree)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        if app.builder.format != "html":
            return []
        moved = relations_changed(app, env)
        fingerprint, shown = written(app)
        if not shown or navigation_fingerprint(env) == fingerprint:
            return moved
        return sorted(env.found_docs)


def relations_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose parent, previous or next page changed since the last build
    into this output folder (the relation links of every theme show them, with or
    without the global navigation; Sphinx would leave them stale)."""
    now = {doc: tuple(related) for doc, related in env.collect_relations().items()}
    before = vars(env).setdefault(RELATIONS, {}).get(str(app.outdir))
    env.innersource_relations[str(app.outdir)] = now
    if before is None:
        return []
    return sorted(doc for doc, related in now.items()
                  if before.get(doc) != related and doc in env.found_docs)


def navigation_fingerprint(env: BuildEnvironment) -> str:
    """One fingerprint for everything the navigation shows."""
    pages = fingerprints(env)
    digest = hashlib.sha256()
    for docname in sorted(in_navigation(env)):
        digest.update(f"{docname}\x00{pages.get(docname, '-')}\x00".encode())
    if env.numbered_toctrees:
        digest.update(repr(sorted(env.toc_secnumbers.items())).encode())
    return digest.hexdigest()


def _stamp(app: Sphinx) -> Path:
    return Path(app.outdir) / STAMP


def written(app: Sphinx) -> tuple[str | None, bool]:
    """The navigation fingerprint the HTML output was last written with, and
    whether its pages show the navigation (``toctree()``); when unknown, they
    do."""
    try:
        lines = _stamp(app).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, True
    fingerprint = lines[0].strip() if lines else None
    return fingerprint, "navigation: hidden" not in lines[1:]


def note_written(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the HTML output now shows this navigation.

    The pages do not show it when the navigation cache saw pages written
    (in this process: a serial build) and none called ``toctree()``, as
    with a theme or ``html_sidebars`` without the global table of contents;
    a navigation change then rewrites no page but the ones Sphinx rewrites.
    """
    if exception is not None or app.builder.format != "html":
        return
    _before, shown = written(app)
    cache = CACHES.get(app)
    if cache is None or app.parallel > 1:
        shown = True
    elif cache.stats["pages"]:
        shown = bool(cache.stats["cached"] or cache.stats["sphinx"])
    text = f"{navigation_fingerprint(app.env)}\nnavigation: {'shown' if shown else 'hidden'}\n"
    stamp = _stamp(app)
    try:
        if stamp.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    stamp.write_text(text, encoding="utf-8")
