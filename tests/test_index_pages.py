"""The index pages are rendered again only when what they show changed (book/index_pages.py).

One small book, built again after each kind of change; each build is compared
with what a build that renders every index page gives (a clean build).
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from helpers import build_app, write_files
from sphinx.testing.util import SphinxTestApp

from sphinx_innersource.book.index_pages import STAMP

#: The three index pages of a book.
INDEX_PAGES = {"genindex", "innersource-patterns", "innersource-organisations"}


def pattern(title: str, org: str) -> str:
    return (f"# {title}\n\n:::{{pattern}}\n:maturity: structured\n:patlet: Some problem. "
            f"Its solution.\n:::\n\n## Known Instances\n\n:::{{known-instance}} {org}\n"
            f"A story.\n:::\n\n:::{{known-instance}} Other Org\nAnother story.\n:::\n")


BOOK = {
    "conf.py": 'extensions = ["myst_parser", "sphinx_innersource"]\n'
               'myst_enable_extensions = ["colon_fence"]\n'
               'innersource_required_sections = []\ntemplates_path = ["_templates"]\n',
    "_templates/unused.html": "<p>not used by any page</p>\n",
    "index.md": "# Book\n\n```{patterns-toctree}\n```\n",
    "alpha.md": pattern("Alpha Pattern", "Acme"),
    "beta.md": pattern("Beta Pattern", "Initech"),
}


def build(src: Path, out: Path, **overrides) -> set[str]:
    """Build into *out*; the pages rendered."""
    written: list[str] = []
    app = SphinxTestApp("html", srcdir=src, builddir=out, warning=io.StringIO(),
                        confoverrides=overrides)
    build_app(app, written=written)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return set(written)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def book(tmp_path):
    src = write_files(tmp_path / "src", BOOK)
    out = tmp_path / "out"
    assert build(src, out) >= INDEX_PAGES
    return src, out


def html_of(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "html").glob("*.html")}


def same_as_clean(src: Path, out: Path, tmp: Path) -> None:
    clean = tmp / f"clean-{time.monotonic_ns()}"
    build(src, clean)
    assert html_of(out) == html_of(clean)


def test_unchanged_index_pages_are_not_rendered(book, tmp_path):
    src, out = book
    before = html_of(out)
    assert not build(src, out) & INDEX_PAGES
    # The text of a pattern: no index shows it.
    edit(src / "alpha.md", "A story.", "A longer story.")
    assert not build(src, out) & INDEX_PAGES
    assert {k: v for k, v in html_of(out).items() if k != "alpha.html"} == {
        k: v for k, v in before.items() if k != "alpha.html"}
    same_as_clean(src, out, tmp_path)


@pytest.mark.parametrize("change, rendered", [
    ("title", INDEX_PAGES),
    ("organisation", {"innersource-organisations"}),
    ("navigation", INDEX_PAGES),
    ("config", INDEX_PAGES),
    ("template", INDEX_PAGES),
    ("deleted", {"genindex"}),
])
def test_index_pages_follow_what_they_show(book, tmp_path, change, rendered):
    src, out = book
    overrides = {}
    if change == "title":  # in every index (the general index lists patterns by title)
        edit(src / "alpha.md", "# Alpha Pattern", "# Alpha Renamed")
    elif change == "organisation":
        edit(src / "beta.md", "known-instance} Initech", "known-instance} Initrode")
    elif change == "navigation":  # the sidebar of every page
        write_files(src, {"gamma.md": "# Gamma\n\nA page.\n",
                          "index.md": BOOK["index.md"] + "\n```{toctree}\ngamma\n```\n"})
    elif change == "config":
        overrides = {"html_title": "Another title"}
    elif change == "template":
        future = time.time() + 60
        os.utime(src / "_templates/unused.html", (future, future))
    else:
        (out / "html/genindex.html").unlink()
    assert build(src, out, **overrides) & INDEX_PAGES == rendered
    if change == "config":
        clean = tmp_path / "clean"
        build(src, clean, **overrides)
        assert html_of(out) == html_of(clean)
    else:
        same_as_clean(src, out, tmp_path)


def test_a_lost_stamp_renders_every_index_page(book):
    src, out = book
    (out / "html" / STAMP).unlink()
    assert build(src, out) >= INDEX_PAGES
    shutil.rmtree(out / "html")
    assert build(src, out) >= INDEX_PAGES
