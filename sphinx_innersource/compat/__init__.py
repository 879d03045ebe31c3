"""The one place that knows which Sphinx or docutils version it runs on.

sphinx-innersource supports a range of versions (``docs/installation.md``).
Wherever the public API differs between them, or only a private name does
the job, the difference lives here, once, with the reason and the version it
depends on; the rest of the package calls these functions.  Each entry has a
test in ``tests/test_compat.py`` (the navigation cache's in
``tests/test_compat_navigation.py``).

The entries of the navigation cache are in :mod:`.navigation` and those of
sphinxcontrib-bibtex and pybtex in :mod:`.bibtex`; this module re-exports
them, so the rest of the package imports ``compat`` only.

When a lower bound is raised past the version an entry mentions, the entry
goes (or shrinks to the public call).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import sphinx
from docutils import nodes
from docutils.transforms import Transform

from .bibtex import bib_entries, bib_files, capture_bib_errors, captured_bib_errors
from .navigation import (
    furo_navigation_hook,
    local_toctree_kind,
    navigation_api_available,
    relative_uri_kind,
    replace_local_toctree,
    restore_local_toctree,
    toctree_add_classes,
    toctree_ancestors,
    toctree_copy,
    toctree_entries,
    toctree_parents,
    trace_translator,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

SPHINX_VERSION: tuple[int, int] = sphinx.version_info[:2]
DOCUTILS_VERSION: tuple[int, int] = docutils.__version_info__[:2]

__all__ = [
    "DOCUTILS_VERSION",
    "SPHINX_VERSION",
    "MisplacedTransitions",
    "add_index_entries",
    "add_static_dir",
    "bib_entries",
    "bib_files",
    "capture_bib_errors",
    "captured_bib_errors",
    "env_builder",
    "furo_navigation_hook",
    "guard_index_pages",
    "lazy_translation",
    "local_toctree_kind",
    "navigation_api_available",
    "relative_uri_kind",
    "replace_local_toctree",
    "restore_local_toctree",
    "setup",
    "toctree_add_classes",
    "toctree_ancestors",
    "toctree_copy",
    "toctree_entries",
    "toctree_parents",
    "trace_translator",
    "unlist_read",
]


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


def setup(app: Sphinx) -> None:
    if DOCUTILS_VERSION < (0, 22):
        app.add_transform(MisplacedTransitions)
