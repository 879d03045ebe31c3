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

from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import sphinx
from docutils import nodes
from docutils.transforms import Transform

if TYPE_CHECKING:

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

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


def setup(app: Sphinx) -> None:
    if DOCUTILS_VERSION < (0, 22):
        app.add_transform(MisplacedTransitions)
