"""Index pages written again only when what they show changed.

Sphinx's HTML builder renders the general index (``genindex``) and every
domain index at each build, even when one page's text was edited.  In a
pattern book these are the largest pages: every pattern and alias is in the
general index, every pattern in the pattern index, every known instance in
the organisations index.  With 5,000 patterns, rendering them took about as
long as everything else an incremental build does (``docs/scaling.md``).

So before an index page is rendered (:func:`~sphinx_innersource.compat.guard_index_pages`)
its fingerprint is taken: what it lists (the index domain's entries for the
general index, before they are grouped, which is the costly part; the
generated content of a domain index), the navigation of its sidebar
(:func:`~sphinx_innersource.navigation.collector.navigation_fingerprint`) and the
builder's build information (the configuration and tags Sphinx keeps in
``.buildinfo``), the domain indices of the relation bar and the versions of
Sphinx and the extension.  The page is left as it is when the fingerprint is the one
it was last written with (kept in :data:`STAMP` in the output folder), its
file exists and is newer than the newest template, and the configuration did
not change; otherwise it is rendered as Sphinx renders it.  The output is
therefore the same as a build that writes every index page.

The general index entries are Sphinx's own, so this holds for any page of a
book that enables the extension, and for other domains' indices too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from sphinx.environment import CONFIG_OK

from .. import compat
from ..core.fingerprint import fingerprint
from ..navigation.collector import navigation_fingerprint
from .shorturls import BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: File of the output folder: index page -> the fingerprint it was written with.
STAMP = ".innersource-index-pages.json"


class IndexPages:
    """Decides, for one build, which index pages to render; remembers what they showed."""

    def __init__(self, builder: Builder, versions: tuple[str, ...]) -> None:
        self.builder = builder
        self.versions = versions
        self.path = Path(builder.outdir) / STAMP
        self.written = self._load()
        self._context: str | None = None

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def context(self) -> str | None:
        """What every index page shows besides its entries; None: render every page."""
        if self._context is None:
            builder, env = self.builder, self.builder.env
            info = getattr(builder, "build_info", None)
            templates = getattr(builder, "templates", None)
            if env.config_status != CONFIG_OK or info is None \
                    or not hasattr(templates, "newest_template_mtime"):
                return None
            # The relation bar links every domain index that has entries.
            indices = [entry[0] for entry in getattr(builder, "domain_indices", ())]
            self._context = fingerprint((navigation_fingerprint(env), info.config_hash,
                                         info.tags_hash, builder.name, indices,
                                         self.versions))
        return self._context

    def wanted(self, pagename: str, shown: Any) -> bool:
        """Whether *pagename* must be rendered; notes the fingerprint it is written with."""
        context = self.context()
        if context is None:
            self.written.pop(pagename, None)
            return True
        digest = fingerprint((context, shown))
        if self.written.get(pagename) == digest and self._fresh(pagename):
            return False
        self.written[pagename] = digest
        return True

    def _fresh(self, pagename: str) -> bool:
        """The page's file exists and is newer than every template."""
        try:
            mtime = Path(self.builder.get_outfilename(pagename)).stat().st_mtime
        except OSError:
            return False
        return mtime > self.builder.templates.newest_template_mtime()

    def save(self) -> None:
        text = json.dumps(self.written, indent=1, sort_keys=True) + "\n"
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return
        except OSError:
            pass
        self.path.write_text(text, encoding="utf-8")


def install(app: Sphinx) -> None:
    """``builder-inited``: index pages of ``html`` and ``dirhtml`` only when changed."""
    if app.builder.name not in BUILDERS:
        return
    extension = app.extensions.get(__name__.split(".")[0])
    versions = (sphinx.__version__, getattr(extension, "version", ""))
    pages = IndexPages(app.builder, versions)
    compat.guard_index_pages(app.builder, pages.wanted, pages.save)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", install)
