"""Helpers for tests that build a copy of a root several times."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import ROOTS


def copy_root(name: str, dest: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def build_root(make_app, name: str, srcdir: Path, buildername: str = "html", **kwargs):
    """Build the copy of the root ``test-<name>`` kept in *srcdir* (copied on first use)."""
    if not srcdir.exists():
        copy_root(name, srcdir)
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        # Unregister this app's node classes before the next app registers them.
        app.cleanup()
    return app


def build(make_app, srcdir: Path, buildername: str = "html", *, written: list | None = None,
          **kwargs):
    """Build *srcdir* (incrementally when it was built before); return the app."""
    # sphinx.testing picks the "basic" theme, which has no navigation sidebar.
    overrides = {"html_theme": "alabaster", **kwargs.pop("confoverrides", {})}
    app = make_app(buildername, srcdir=srcdir, confoverrides=overrides, **kwargs)
    if written is not None:
        app.connect("html-page-context",
                    lambda app, pagename, *args: written.append(pagename))
    # make_app shares one warning stream between apps: keep this build's only.
    app.warning.seek(0)
    app.warning.truncate()
    try:
        app.build()
    finally:
        # Unregister this app's node classes before the next app registers them.
        app.cleanup()
    return app


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def body_toctree(outdir: Path, name: str) -> list[str]:
    """hrefs of the top-level entries of the toctrees in a page's body."""
    soup = page(outdir, name)
    return [a["href"] for a in soup.select("div.body li.toctree-l1 > a")]


def navigation(outdir: Path) -> dict[str, dict[str, list[str]]]:
    """For every HTML page: sidebar toctree, next/prev links, body toctree."""
    result = {}
    for path in sorted(outdir.rglob("*.html")):
        rel = path.relative_to(outdir).as_posix()
        if rel.startswith(("_", "genindex", "search", "innersource-")):
            continue
        soup = page(outdir, rel)
        result[rel] = {
            "sidebar": [a["href"] for a in soup.select("div.sphinxsidebar li[class^=toctree] > a")],
            "next": [link["href"] for link in soup.select("link[rel=next]")],
            "prev": [link["href"] for link in soup.select("link[rel=prev]")],
            "body": [a["href"] for a in soup.select("div.body li[class^=toctree] > a")],
        }
    return result
