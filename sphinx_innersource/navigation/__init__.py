"""Full navigation at linear cost: the navigation cache.

Themes show the whole table of contents on every page by calling the
``toctree()`` template function; Sphinx resolves and renders the complete
navigation for each page, N entries on each of N pages.  With the
extension enabled, ``toctree()`` is computed once per set of arguments and
output folder, and each page only gets its own ``current`` marks and open
branch (see :mod:`.cache`); the HTML is the same as Sphinx's.  furo's
rewriting of that HTML is made once as well (:mod:`.furo`).

``innersource_fast_navigation``: ``True`` (default) for the cache,
``False`` for Sphinx's own navigation, ``"shared"`` to write the navigation
once per book and let the browser show it on each page (:mod:`.shared`).
:mod:`.collector` rewrites every page when the navigation changed, and
only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import compat
from ..config import conf_location
from ..logs import warn
from . import furo
from .cache import CACHES, NavigationCache
from .collector import NavigationCollector, note_written
from .shared import contents_page, theme_supported
from .shared import install as install_shared

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CONFIG = "innersource_fast_navigation"


def mode(app: Sphinx) -> str | None:
    """``"inline"``, ``"shared"`` or None (off), from ``innersource_fast_navigation``.

    The value was checked with the others when the configuration was read
    (:mod:`sphinx_innersource.config`).
    """
    value = app.config[CONFIG]
    if value == "shared":
        return "shared"
    return "inline" if value else None


def install(app: Sphinx) -> None:
    """``builder-inited``: put the cache in place of the builder's ``toctree()``."""
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    value = mode(app)
    if value is None:
        return
    kind = compat.local_toctree_kind(app.builder)
    if kind is None or not compat.navigation_api_available():
        return
    shared = value == "shared" and kind == "html"
    if shared and not theme_supported(app):
        shared = False
        warn(f"{CONFIG} = 'shared' is not available with the theme "
             f"{app.builder.theme.name!r}, which rewrites the navigation HTML itself; each "
             f"page gets the whole navigation (the cache's default). Fix: use a theme that "
             f"shows toctree() as it is (alabaster, furo, Sphinx's themes), or set {CONFIG} "
             "= True", subtype="config", location=conf_location(app.confdir, CONFIG))
    cache = CACHES[app] = NavigationCache(app, kind, shared=shared)
    if shared:
        install_shared(cache)
    furo.install()


def count_page(app: Sphinx, *args: Any) -> None:
    """``html-page-context``: count the pages written (see ``collector.note_written``)."""
    cache = CACHES.get(app)
    if cache is not None:
        cache.stats["pages"] += 1


def uninstall(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: give the builder its own ``toctree()`` back."""
    cache = CACHES.pop(app, None)
    if cache is not None:
        cache.restore()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", install)
    app.connect("build-finished", uninstall)
    app.add_env_collector(NavigationCollector)
    app.connect("build-finished", note_written, priority=400)  # before uninstall
    app.connect("html-collect-pages", contents_page)
    app.connect("html-page-context", count_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
