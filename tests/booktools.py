"""Helpers for tests that build a copy of a root several times."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import ROOTS, build_app


def copy_root(name: str, dest: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def build_root(make_app, name: str, srcdir: Path, buildername: str = "html", **kwargs):
    """Build the copy of the root ``test-<name>`` kept in *srcdir* (copied on first use)."""
    if not srcdir.exists():
        copy_root(name, srcdir)
    return build_app(make_app(buildername, srcdir=srcdir, **kwargs))


def build(make_app, srcdir: Path, buildername: str = "html", *, written: list | None = None,
          **kwargs):
    """Build *srcdir* (incrementally when it was built before); return the app."""
    # sphinx.testing picks the "basic" theme, which has no navigation sidebar.
    overrides = {"html_theme": "alabaster", **kwargs.pop("confoverrides", {})}
    app = make_app(buildername, srcdir=srcdir, confoverrides=overrides, **kwargs)
    return build_app(app, written=written, fresh_warnings=True)


def book_with_toctree(tmp_path: Path, options: str, more: str = "catalogue\ndonuts\nlinks"
                      ) -> Path:
    """A copy of the ``book`` root whose index holds a ``patterns-toctree`` with
    *options* and a hidden toctree of the pages *more* (one per line)."""
    src = copy_root("book", tmp_path / "src")
    (src / "index.md").write_text(
        f"# Test book\n\n```{{patterns-toctree}}\n{options}\n```\n\n"
        f"```{{toctree}}\n:hidden:\n{more}\n```\n", encoding="utf-8")
    return src


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
