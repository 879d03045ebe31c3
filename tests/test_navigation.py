"""The navigation cache: links by folder, incremental builds, the switch."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from navbooks import build, copy_book, differences, empty_app
from sphinx.testing.util import SphinxTestApp

from sphinx_innersource.navigation.collector import STAMP
from sphinx_innersource.navigation.template import Folder, Template
from sphinx_innersource.navigation.urls import UrlModel

#: Page names that put the link rules to the test: nested folders, names
#: that are prefixes of others, indexes at every level, non-ASCII, spaces.
NAMES = ["index", "a", "a/index", "a/b", "a/b/index", "a/b/c", "a/bc", "a/bc/index", "ab",
         "ab/index", "ab/x", "z/y/x/w", "z/y/index", "genindex", "search", "café",
         "x/café/index", "p q", "p q/r"]


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_folder_links_are_the_builders_links(tmp_path, builder):
    """For every pair of pages, the folder's link is the builder's, but for
    the few targets the model names as the page's own exceptions."""
    with empty_app(tmp_path, builder) as app:
        builder_ = app.builder
        app.env.all_docs.update(dict.fromkeys(NAMES, 0))
        model = UrlModel(builder_, NAMES)
        assert model.supported
        for page in NAMES:
            own = model.exceptions(page)
            for target in NAMES:
                expected = builder_.get_relative_uri(page, target)
                assert model.link(page, target) == expected
                if target not in own:
                    assert model.shared(model.key(page), target) == expected, (page, target)
            # the exceptions: the page itself and, with dirhtml, the pages in
            # its folder and the index of the folder above
            uri = builder_.get_target_uri(page)
            above = uri[:-1].rpartition("/")[0] + "/" if "/" in uri[:-1] else ""
            assert page in own
            assert all(t == page or (builder == "dirhtml" and uri and (
                builder_.get_target_uri(t).startswith(uri)
                or builder_.get_target_uri(t) == above)) for t in own), (page, own)


# -- incremental builds ------------------------------------------------------------

def small_book(dest: Path) -> Path:
    """The navigation book with six patterns (builds faster; enough here)."""
    src = copy_book(dest)
    for pattern in sorted((src / "patterns").glob("*.md"))[6:]:
        pattern.unlink()
    return src


@pytest.fixture
def book(tmp_path):
    src = small_book(tmp_path / "src")
    first = build(src, tmp_path / "build", freshenv=True)
    assert first["stats"]["cached"] > 0
    return src, tmp_path


def same_as_clean_build(src: Path, tmp_path: Path, after: dict) -> None:
    clean = build(src, tmp_path / f"clean{len(list(tmp_path.iterdir()))}", freshenv=True)
    # (Sphinx leaves the HTML of a removed page in place)
    assert not differences(clean["outdir"], after["outdir"], only_left=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_text_edit_rewrites_no_other_page(book):
    src, tmp_path = book
    edit(src / "guide/topics/t03.md", "Text.", "Text, edited.")
    after = build(src, tmp_path / "build")
    # the page, and the page whose toctree lists it (Sphinx's own rule)
    assert after["written"] == ["guide/topics/index", "guide/topics/t03"]
    assert build(src, tmp_path / "build")["written"] == []


@pytest.mark.parametrize("change", ["retitle", "add", "remove", "section", "maturity"])
def test_navigation_change_rewrites_every_page(book, change):
    src, tmp_path = book
    if change == "retitle":
        edit(src / "guide/topics/t03.md", "# Topic 3", "# Topic three")
    elif change == "add":
        (src / "guide/topics/t07.md").write_text("# Topic 7\n\nNew.\n", encoding="utf-8")
    elif change == "remove":
        (src / "guide/topics/t02.md").unlink()
    elif change == "section":
        edit(src / "reference/cli.md", "## Options", "## Flags")
    else:
        edit(src / "patterns/p03.md", ":maturity: initial", ":maturity: validated")
    after = build(src, tmp_path / "build")
    pages = {p.relative_to(src).with_suffix("").as_posix() for p in src.rglob("*")
             if p.suffix in (".md", ".rst")}
    assert after["written"] == sorted(pages)
    same_as_clean_build(src, tmp_path, after)
    if change == "retitle":
        # a sibling's "next" link, which Sphinx alone leaves stale
        page = after["outdir"] / "guide/topics/t02.html"
        sidebar = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert "Topic three" in sidebar.select_one("div.sphinxsidebar").get_text()


def test_another_builder_on_the_same_environment_hides_no_change(book):
    """The text builder re-reads a retitled page; the next HTML build still
    rewrites every page (the stamp in the HTML output is older)."""
    src, tmp_path = book
    edit(src / "guide/topics/t03.md", "# Topic 3", "# Topic three")
    text_app = SphinxTestApp("text", srcdir=src, builddir=tmp_path / "build",
                             warning=io.StringIO())
    try:
        text_app.build()
    finally:
        text_app.cleanup()
    after = build(src, tmp_path / "build")
    assert "about" in after["written"]
    same_as_clean_build(src, tmp_path, after)
    assert (after["outdir"] / STAMP).is_file()


# -- the switch --------------------------------------------------------------------

def test_switched_off_sphinx_makes_the_navigation(tmp_path):
    result = build(small_book(tmp_path / "src"), tmp_path / "build", fast=False,
                   freshenv=True, overrides={"html_sidebars": {"**": ["navigation.html"]}})
    assert result["stats"] == {}


def test_wrong_value_is_reported_and_the_cache_stays_on(tmp_path):
    src = small_book(tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('innersource_fast_navigation = "yes"\n')
    result = build(src, tmp_path / "build", fast="yes", freshenv=True)
    assert result["stats"]["cached"] > 0
    warnings = result["warnings"]
    assert re.search(r"conf\.py:\d+: WARNING: innersource_fast_navigation = 'yes' is not one "
                     r"of True, False and 'shared'.*Fix:", warnings)
    assert "[innersource.config]" in warnings


def test_other_builders_are_left_alone(tmp_path):
    result = build(small_book(tmp_path / "src"), tmp_path / "build", builder="text",
                   freshenv=True)
    assert result["stats"] == {}


#: Builds a book in a process of its own and tells which of furo's modules
#: it imported and whether furo's navigation function was wrapped.
FURO_PROBE = """
import json, sys
from sphinx.application import Sphinx
src, out, theme = sys.argv[1:]
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=None, warning=None,
             confoverrides={"html_theme": theme}, freshenv=True)
app.build()
furo = sys.modules.get("furo")
print(json.dumps({"furo": furo is not None, "bs4": "bs4" in sys.modules,
                  "wrapped": bool(getattr(getattr(furo, "get_navigation_tree", None),
                                          "innersource_wrapped", False))}))
"""


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_furo_is_imported_only_for_a_furo_book(tmp_path, theme):
    """With alabaster, the cache does not import furo and BeautifulSoup (a
    tenth of a second per build); with furo, it wraps furo's function."""
    src = small_book(tmp_path / "src")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent.parent),
                                                      env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-c", FURO_PROBE, str(src), str(tmp_path / "out"),
                           theme], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    if theme == "furo":
        assert seen == {"furo": True, "bs4": True, "wrapped": True}
    else:
        assert seen == {"furo": False, "bs4": False, "wrapped": False}


def test_toctree_warnings_are_still_reported(tmp_path):
    """A toctree entry that names no page: the warning Sphinx gives when it
    resolves the navigation is given (once) with the cache too."""
    src = small_book(tmp_path / "src")
    edit(src / "guide/index.md", "topics/index\n", "topics/index\nmissing-page\n")
    result = build(src, tmp_path / "build", freshenv=True)
    assert "missing-page" in result["warnings"]
    assert result["stats"]["cached"] > 0


def test_shared_with_a_theme_that_rewrites_the_navigation_is_reported(tmp_path):
    """pydata-sphinx-theme rewrites the toctree() HTML with BeautifulSoup: a
    placeholder would lose its classes; the navigation stays on each page."""
    src = small_book(tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('innersource_fast_navigation = "shared"\n')
    result = build(src, tmp_path / "build", theme="sphinx_book_theme", fast="shared",
                   freshenv=True)
    assert re.search(r"conf\.py:\d+: WARNING: innersource_fast_navigation = 'shared' is not "
                     r"available with the theme 'sphinx_book_theme'.*Fix:", result["warnings"])
    assert result["stats"]["cached"] > 0
    assert "shared" not in result["stats"]
    assert not list((result["outdir"] / "_static").glob("innersource-nav-*.js"))


def test_shared_navigation_is_written_once(tmp_path):
    src = small_book(tmp_path / "src")
    result = build(src, tmp_path / "build", fast="shared", freshenv=True)
    outdir = result["outdir"]
    scripts = sorted(p.name for p in (outdir / "_static").glob("innersource-nav-*.js"))
    # alabaster's navigation.html and the two other calls of navvariants.html
    assert len(scripts) == 3
    page = BeautifulSoup((outdir / "guide/topics/t03.html").read_text(encoding="utf-8"),
                         "html.parser")
    boxes = page.select("div.innersource-navigation")
    assert len(boxes) == 3
    assert {box["data-innersource-root"] for box in boxes} == {"../../"}
    sources = [s["src"] for s in page.select("script[src*=innersource-nav-]")]
    assert all((outdir / "guide/topics" / s.partition("?")[0]).resolve().is_file()
               for s in sources)
    assert (outdir / "innersource-contents.html").is_file()
    # the page itself holds no copy of the navigation
    assert not page.select("div.sphinxsidebar li.toctree-l1")


def test_pages_without_the_navigation_are_not_rewritten_for_it(tmp_path):
    """Sidebars without ``toctree()`` (the --small-nav remedy): a retitled
    page rewrites the pages Sphinx rewrites, not the whole book."""
    src = small_book(tmp_path / "src")
    overrides = {"html_sidebars": {"**": ["searchbox.html"]}}
    build(src, tmp_path / "build", freshenv=True, overrides=overrides)
    edit(src / "guide/topics/t03.md", "# Topic 3", "# Topic three")
    after = build(src, tmp_path / "build", overrides=overrides)
    assert after["written"] == ["guide/topics/index", "guide/topics/t03"]


def test_shared_navigation_in_parallel_is_the_serial_one(tmp_path):
    src = small_book(tmp_path / "src")
    serial = build(src, tmp_path / "serial", fast="shared", freshenv=True)
    parallel = build(src, tmp_path / "parallel", fast="shared", freshenv=True, parallel=2)
    assert not differences(serial["outdir"], parallel["outdir"])
    scripts = sorted((serial["outdir"] / "_static").glob("innersource-nav-*.js"))
    assert [p.read_text(encoding="utf-8") for p in scripts] == [
        (parallel["outdir"] / "_static" / p.name).read_text(encoding="utf-8") for p in scripts]


# -- a page's pieces ------------------------------------------------------------


@given(parts=st.lists(st.text(max_size=5), min_size=1, max_size=30), data=st.data())
def test_a_page_with_every_list_open_is_the_join_of_its_pieces(parts, data):
    """``Folder.assemble`` cuts the overridden pieces out of the text joined
    once; the page must be what joining every piece, overrides put in, gives."""
    folder = Folder(Template(parts=list(parts)), {})
    indexes = data.draw(st.sets(st.integers(0, len(parts) - 1)))
    overrides = {i: data.draw(st.text(max_size=5)) for i in indexes}
    expected = list(parts)
    for index, text in overrides.items():
        expected[index] = text
    assert folder.assemble(overrides, None) == "".join(expected)
    assert folder.assemble({}, None) == "".join(parts)  # the joined text is not changed
