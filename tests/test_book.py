"""The generated book: patterns-toctree membership, order, navigation, PDF order."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from booktools import body_toctree, book_with_toctree, build, copy_root, navigation, page
from helpers import warnings_of

S = "patterns/2-structured/"
V = "patterns/3-validated/"
I = "patterns/1-initial/"  # noqa: E741


def toctree_of(make_app, tmp_path: Path, options: str) -> list[str]:
    src = book_with_toctree(tmp_path, options)
    app = build(make_app, src)
    return [h.removesuffix(".html") for h in body_toctree(Path(app.outdir), "index.html")]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("", [S + "apple-cart", V + "mid-point", S + "crossing"]),
        (":maturity: validated", [V + "mid-point"]),
        (":maturity: structured", [S + "apple-cart", V + "mid-point", S + "crossing"]),
        (":maturity: initial",
         [I + "another-donut", S + "apple-cart", I + "donut-one", V + "mid-point",
          S + "crossing"]),
        (":maturity: 1-initial, 3-validated",
         [I + "another-donut", I + "donut-one", V + "mid-point"]),
        (":maturity: all\n:categories: adopt", [V + "mid-point", S + "crossing"]),
        (":maturity: all\n:tags: tools", [S + "apple-cart"]),
        (":maturity: all\n:glob: patterns/1-initial/*", [I + "another-donut", I + "donut-one"]),
        (":glob: patterns/**", [S + "apple-cart", V + "mid-point", S + "crossing"]),
        (":sort: maturity", [V + "mid-point", S + "apple-cart", S + "crossing"]),
        (":sort: id", [S + "apple-cart", S + "crossing", V + "mid-point"]),
        (":reversed:", [S + "crossing", V + "mid-point", S + "apple-cart"]),
    ],
    ids=["default", "validated", "min-structured", "min-initial", "list", "categories",
         "tags", "glob", "glob-deep", "sort-maturity", "sort-id", "reversed"],
)
def test_membership_and_order(make_app, tmp_path, options, expected):
    assert toctree_of(make_app, tmp_path, options) == expected


def test_toctree_options_caption_numbered_maxdepth(make_app, tmp_path):
    src = book_with_toctree(tmp_path, ":caption: The patterns\n:numbered:\n:maxdepth: 1")
    app = build(make_app, src)
    soup = page(Path(app.outdir), "index.html")
    wrapper = soup.select_one("div.body div.innersource-patterns-toctree")
    assert wrapper.select_one(".caption-text").get_text() == "The patterns"
    entries = [a.get_text(" ", strip=True) for a in wrapper.select("li.toctree-l1 > a")]
    assert entries == ["1. Apple Cart", "2. Mid Point", "3. Zebra Crossing"]
    assert not wrapper.select("li.toctree-l2")


def test_titles_only_by_default_sections_on_request(make_app, tmp_path):
    """A pattern's Problem, Context, ... are not navigation: listed only with :sections:."""
    src = copy_root("book", tmp_path / "src")
    for name in ("2-structured/apple-cart.md", "3-validated/mid-point.md"):
        path = src / "patterns" / name
        path.write_text(path.read_text(encoding="utf-8") + "\n## Problem\n\nP.\n\n"
                        "## Solutions\n\nS.\n", encoding="utf-8")
    (src / "index.md").write_text(
        "# Test book\n\n```{patterns-toctree}\n:maturity: only structured\n```\n\n"
        "```{patterns-toctree}\n:maturity: only validated\n:sections:\n```\n\n"
        "```{toctree}\n:hidden:\ncatalogue\ndonuts\nlinks\n```\n", encoding="utf-8")
    app = build(make_app, src)
    wrappers = page(Path(app.outdir), "index.html").select(
        "div.body div.innersource-patterns-toctree")
    assert [a.get_text() for a in wrappers[0].select("li.toctree-l1 > a")] == [
        "Apple Cart", "Zebra Crossing"]
    assert not wrappers[0].select("li.toctree-l2")
    assert [a.get_text() for a in wrappers[1].select("li.toctree-l2 > a")] == [
        "Problem", "Solutions"]


def test_hidden_toctree_still_drives_navigation(make_app, tmp_path):
    src = book_with_toctree(tmp_path, ":hidden:")
    app = build(make_app, src)
    out = Path(app.outdir)
    assert body_toctree(out, "index.html") == []
    nav = navigation(out)
    assert nav["index.html"]["next"] == [S + "apple-cart.html"]
    assert nav[S + "apple-cart.html"]["next"] == ["../3-validated/mid-point.html"]


@pytest.mark.sphinx("html", testroot="book", confoverrides={"html_theme": "alabaster"})
def test_sidebar_and_prev_next_follow_generated_order(app):
    app.build()
    nav = navigation(Path(app.outdir))
    assert nav["index.html"]["sidebar"][:3] == [
        S + "apple-cart.html", V + "mid-point.html", S + "crossing.html"]
    assert nav[S + "apple-cart.html"]["prev"] == ["../../index.html"]
    assert nav[S + "apple-cart.html"]["next"] == ["../3-validated/mid-point.html"]
    assert nav[V + "mid-point.html"]["next"] == ["../2-structured/crossing.html"]
    assert nav[S + "crossing.html"]["next"] == ["../../catalogue.html"]


@pytest.mark.sphinx("singlehtml", testroot="book")
def test_singlehtml_follows_generated_order(app):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section id="([^"]+)"', html)
    assert sections[:5] == ["test-book", "apple-cart", "mid-point", "zebra-crossing", "catalogue"]


def tex_titles(outdir: Path) -> list[str]:
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    return re.findall(r"\\(?:chapter|section)\{([^}]*)\}", tex)


@pytest.mark.sphinx("latex", testroot="book")
def test_latex_chapter_order_follows_generated_toctree(app):
    app.build()
    titles = tex_titles(Path(app.outdir))
    assert titles[:4] == ["Apple Cart", "Mid Point", "Zebra Crossing", "Catalogue"]
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # The domain indices are part of the PDF.
    assert "Pattern index" in tex
    assert "Known instances by organisation" in tex


# -- incremental builds compared with clean builds -------------------------------

def _set_maturity(src: Path, rel: str, level: str) -> None:
    path = src / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r":maturity: \w+", f":maturity: {level}", text), encoding="utf-8")


def _add_page(src: Path) -> None:
    (src / S / "banana-split.md").write_text(
        "# Banana Split\n\n:::{pattern}\n:maturity: structured\n:patlet: Banana problem. "
        "Banana fix.\n:::\n\n:::{known-instance} Tailspin\nStory.\n:::\n", encoding="utf-8")


def _delete_page(src: Path) -> None:
    (src / V / "mid-point.md").unlink()


EDITS = {
    "add": _add_page,
    "delete": _delete_page,
    "promote": lambda src: _set_maturity(src, I + "donut-one.md", "structured"),
    "demote": lambda src: _set_maturity(src, S + "apple-cart.md", "initial"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_equals_clean(make_app, tmp_path, edit):
    inc = copy_root("book", tmp_path / "inc")
    build(make_app, inc, freshenv=True)
    EDITS[edit](inc)
    written: list[str] = []
    app_inc = build(make_app, inc, written=written)
    clean = tmp_path / "clean"
    shutil.copytree(inc, clean, ignore=shutil.ignore_patterns("_build"))
    app_clean = build(make_app, clean, freshenv=True)

    nav_inc = navigation(Path(app_inc.outdir))
    nav_clean = navigation(Path(app_clean.outdir))
    if edit == "delete":
        # The old output file stays on disk (Sphinx never deletes outputs).
        nav_inc.pop(V + "mid-point.html")
    assert nav_inc == nav_clean
    assert "index" in written
    from sphinx_innersource.domain import get_domain

    assert get_domain(app_inc.env).index == get_domain(app_clean.env).index

    # The PDF's chapter order follows too (the LaTeX builder reuses the environment).
    latex_inc = build(make_app, inc, "latex")
    latex_clean = build(make_app, clean, "latex")
    assert tex_titles(Path(latex_inc.outdir)) == tex_titles(Path(latex_clean.outdir))


def test_editing_text_rewrites_only_that_page(make_app, tmp_path):
    src = copy_root("book", tmp_path / "src")
    build(make_app, src, freshenv=True)
    path = src / S / "apple-cart.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Body text", "New body text"),
                    encoding="utf-8")
    written: list[str] = []
    app = build(make_app, src, written=written)
    # Sphinx itself also rewrites the page whose toctree lists a changed page;
    # links.md, which links to the pattern, shows nothing that changed.
    assert sorted(set(written) & app.env.found_docs) == ["index", S + "apple-cart"]
    assert "New body text" in (Path(app.outdir) / S / "apple-cart.html").read_text()
    assert warnings_of(app) == []


def test_editing_patlet_rewrites_catalogue_but_not_other_patterns(make_app, tmp_path):
    src = copy_root("book", tmp_path / "src")
    build(make_app, src, freshenv=True)
    path = src / S / "apple-cart.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Solution of Apple Cart", "A fresher solution"), encoding="utf-8")
    written: list[str] = []
    app = build(make_app, src, written=written)
    # The catalogue shows the patlet, and links.md shows it as the hover text
    # of its link to the pattern.
    assert sorted(set(written) & app.env.found_docs) == [
        "catalogue", "index", "links", S + "apple-cart"]
    assert "A fresher solution" in (Path(app.outdir) / "catalogue.html").read_text()


@pytest.mark.parametrize("parallel", [0, 2])
def test_toctree_page_warnings_are_reported_once(make_app, tmp_path, parallel):
    src = book_with_toctree(tmp_path, ":sort: size")
    app = build(make_app, src, freshenv=True, parallel=parallel)
    sort_warnings = [w for w in warnings_of(app) if "unknown sort 'size'" in w]
    assert len(sort_warnings) == 1, warnings_of(app)
    assert "index.md:3" in sort_warnings[0]
    assert body_toctree(Path(app.outdir), "index.html") == [
        S + "apple-cart.html", V + "mid-point.html", S + "crossing.html"]
