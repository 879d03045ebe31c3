"""Build the navigation book with and without the navigation cache.

``tests/roots/test-navigation`` has about forty pages: nested folders,
captions, hidden and numbered toctrees, ``:titlesonly:`` and ``:maxdepth:``,
a glob toctree, a ``self`` entry, a link, ``genindex``, a page listed twice,
a page with two top-level sections, one with ``tocdepth``, one with ``only``
blocks, an orphan, and two ``patterns-toctree``.
"""

from __future__ import annotations

import io
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpers import build_app
from sphinx.testing.util import SphinxTestApp

from sphinx_innersource import navigation

ROOT = Path(__file__).parent / "roots" / "test-navigation"

#: Sidebars calling ``toctree()`` with other arguments than the theme's.
SIDEBARS = {
    # alabaster's sidebars, plus two other calls of toctree()
    "alabaster": {"**": ["about.html", "navigation.html", "navvariants.html", "relations.html",
                         "searchbox.html"]},
    # pydata's section navigation, plus the whole book with collapse=True
    "pydata_sphinx_theme": {"**": ["pst-fullnav.html", "sidebar-nav-bs.html"]},
}


@contextmanager
def empty_app(tmp_path: Path, builder: str = "html"):
    """An application with an empty conf.py, not built (cleaned up afterwards)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("", encoding="utf-8")
    app = SphinxTestApp(builder, srcdir=src, builddir=tmp_path / "build")
    try:
        yield app
    finally:
        app.cleanup()


def copy_book(dest: Path) -> Path:
    shutil.copytree(ROOT, dest)
    return dest


def build(srcdir: Path, builddir: Path, *, theme: str = "alabaster", builder: str = "html",
          fast: Any = True, parallel: int = 0, freshenv: bool = False,
          overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build; return the written pages, the cache's counts, the warnings."""
    confoverrides = {"html_theme": theme, "innersource_fast_navigation": fast,
                     **(overrides or {})}
    if theme in SIDEBARS:
        confoverrides.setdefault("html_sidebars", SIDEBARS[theme])
    warning = io.StringIO()
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=builddir, freshenv=freshenv,
                        confoverrides=confoverrides, warning=warning, parallel=parallel)
    written: list[str] = []
    stats: dict[str, Any] = {}

    def keep_stats(app: Any, exception: Exception | None) -> None:
        cache = navigation.CACHES.get(app)
        if cache is not None:
            stats.update(cache.stats, reasons=dict(cache.reasons))

    app.connect("build-finished", keep_stats, priority=100)
    build_app(app, written=written)
    return {"outdir": Path(app.outdir), "written": sorted(set(written) & app.env.found_docs),
            "stats": stats, "warnings": warning.getvalue()}


def html_files(outdir: Path) -> dict[str, str]:
    return {path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(outdir.rglob("*.html"))}


def differences(a: Path, b: Path, *, only_left: bool = False) -> list[str]:
    """The HTML files that differ (or exist in one output only; with
    *only_left*, files only in *b* are not counted)."""
    left, right = html_files(a), html_files(b)
    names = left.keys() if only_left else left.keys() | right.keys()
    return sorted(name for name in names if left.get(name) != right.get(name))
