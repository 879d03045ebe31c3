"""Adopter pages: one generated page per organisation (``innersource_organisation_pages``).

With ``innersource_organisation_pages = "organisations"`` every organisation
named by a known instance (by its canonical name, see
:mod:`~sphinx_innersource.core.organisations`) gets a page
``organisations/<key>``: its name, URL, description and logo (from
``innersource_organisations``) and every pattern it applies with the story
its known instance tells. ``organisations/index`` ("Adopters") lists them in a
toctree: a book whose toctree lists it gets an "Adopters" chapter in its PDF.

**How the pages are made.** They must be real pages (in the search index,
the LaTeX document, the navigation), and Sphinx builds only documents that
have a source file (``html-collect-pages`` makes HTML only). So the
extension writes small source files into the source folder and Sphinx
reads them like any other page:

* The organisations are known once every page is read. At ``env-updated``
  (after the generated toctrees are settled, :mod:`..toctree`) the wanted
  files are compared with the folder: a file whose text differs is written,
  a file of ours no longer wanted is deleted, Sphinx's list of documents is
  refreshed (``BuildEnvironment.find_files``) and the written pages are read
  with ``Builder.read_doc``, as :mod:`..toctree` reads its stale pages. An
  unchanged book writes nothing, so the next build has nothing to read.
  The index page is written at ``builder-inited`` when it is missing, so that
  a toctree naming it finds it in a first build.
* A generated file has a marker line (:data:`MARKER`). A file without it is
  the user's: it is never overwritten or deleted, and reported (subtype
  ``adopter_page``). The domain's data remembers the files written, so a
  folder renamed in ``conf.py`` is cleaned up too.
* A file holds the title and an ``adopter-page`` directive only, so it
  changes only with the organisation's name. The directive renders the
  registry's data and leaves a placeholder, filled when the page is written
  (a post-transform, before references are resolved) with a copy of each
  story's nodes from its pattern page. The directive records itself like a
  catalogue, so that ``env-get-updated`` (:mod:`..catalogues`) rewrites the
  page when what it shows changed (an instance, its pattern's title, the
  pattern links of its story), and only then.

All of it runs in the main process (``env-updated``), so parallel builds
equal serial ones, and an incremental build ends with the files and pages a
clean one makes. The files are reStructuredText when the book reads ``.rst``
files, else MyST; each is ``orphan`` (no warning when no toctree lists them).

The package: :mod:`.files` writes the source files and has them read,
:mod:`.page` is the ``adopter-page`` directive and what it renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...nodes import adopter_placeholder
from .files import CONFIG, MARKER, on_builder_inited, on_env_updated
from .page import (
    KIND,
    AdopterPageDirective,
    RenderAdopterPages,
    link_or_text,
    organisation_link,
    shown_data,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["CONFIG", "KIND", "MARKER", "link_or_text", "organisation_link", "shown_data"]


def setup(app: Sphinx) -> None:
    app.add_node(adopter_placeholder)
    app.add_directive("adopter-page", AdopterPageDirective)
    app.add_post_transform(RenderAdopterPages)
    # After the generated toctrees are settled (book/toctree.py, priority 200).
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-updated", on_env_updated, priority=300)

