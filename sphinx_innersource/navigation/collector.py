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
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Environment attribute: page -> fingerprint of what the navigation shows of it.
ENV_ATTRIBUTE = "innersource_navigation"

#: File of the output folder: the navigation fingerprint the pages were written with.
STAMP = ".innersource-navigation"


def fingerprints(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, ENV_ATTRIBUTE):
        setattr(env, ENV_ATTRIBUTE, {})
    return getattr(env, ENV_ATTRIBUTE)


def fingerprint(env: BuildEnvironment, docname: str, doctree: nodes.document) -> str:
    """What the navigation takes from *docname*, hashed."""
    digest = hashlib.sha256()
    toc = env.tocs.get(docname)
    digest.update(toc.pformat().encode() if toc is not None else b"-")
    title = env.titles.get(docname)
    digest.update(b"\x00" + (title.astext().encode() if title is not None else b"-"))
    digest.update(b"\x00" + repr(env.metadata.get(docname, {}).get("tocdepth")).encode())
    for toctree in doctree.findall(addnodes.toctree):
        digest.update(b"\x00" + repr(sorted(toctree.attributes.items())).encode())
    return digest.hexdigest()


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
        current = navigation_fingerprint(env)
        if current == written_fingerprint(app):
            return []
        return sorted(env.found_docs)


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


def written_fingerprint(app: Sphinx) -> str | None:
    """The navigation fingerprint the HTML output was last written with."""
    try:
        return _stamp(app).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def note_written(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the HTML output now shows this navigation."""
    if exception is not None or app.builder.format != "html":
        return
    current = navigation_fingerprint(app.env)
    if current != written_fingerprint(app):
        _stamp(app).write_text(current + "\n", encoding="utf-8")
