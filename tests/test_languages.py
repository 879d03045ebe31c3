"""The language switcher and the alternate links in every theme (a small book, en + ja).

The root ``test-languages`` is an English book with a Japanese translation in
``ja/`` (``innersource_languages``).  Only the English book is built here, once
per theme: the switcher finds the Japanese pages in their source folder.  The
corpus site (``test_site.py``) checks the links both ways.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
from bs4 import BeautifulSoup
from helpers import ROOTS, build_app, strip_ansi, subprocess_env
from sphinx.testing.util import SphinxTestApp

THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """theme -> (output folder, warnings) of the English book."""
    result = {}
    for theme in THEMES:
        if theme != "alabaster":
            pytest.importorskip(theme)
        src = tmp_path_factory.mktemp(theme) / "src"
        shutil.copytree(ROOTS / "test-languages", src)
        app = SphinxTestApp("html", srcdir=src, confoverrides={"html_theme": theme},
                            warning=io.StringIO())
        build_app(app)
        result[theme] = (app.outdir, strip_ansi(app.warning.getvalue()))
    return result


def page(outdir, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("theme", THEMES)
def test_switcher_in_every_theme(built, theme):
    outdir, warnings = built[theme]
    assert "WARNING" not in warnings, warnings
    # the Japanese folder is not part of the English book
    assert not (outdir / "ja").exists()
    alpha = page(outdir, "patterns/alpha.html")
    switchers = alpha.select("nav.innersource-languages")
    assert len(switchers) == 1
    nav = switchers[0]
    # inside the page's content, where every theme shows it
    assert nav.find_parent(attrs={"role": "main"}) or nav.find_parent("main") \
        or nav.find_parent(class_="body") or nav.find_parent("article"), theme
    current = nav.select_one("li.innersource-language-current span")
    assert current.get_text() == "English" and current["aria-current"] == "page"
    link = nav.select_one('a[hreflang="ja"]')
    assert link.get_text() == "日本語" and link["lang"] == "ja"
    assert link["href"] == "../ja/patterns/alpha.html"
    assert "innersource-language-missing" not in link.get("class", [])
    # beta is not translated: the link leads to the Japanese front page
    beta = page(outdir, "patterns/beta.html").select_one('nav.innersource-languages a')
    assert beta["href"] == "../ja/index.html"
    assert "innersource-language-missing" in beta["class"] and beta["title"]
    # alternate links: relative without html_baseurl, only where the page exists
    alternates = {link["hreflang"]: link["href"]
                  for link in alpha.select('head link[rel="alternate"][hreflang]')}
    assert alternates == {"en": "alpha.html", "ja": "../ja/patterns/alpha.html",
                          "x-default": "alpha.html"}
    assert not page(outdir, "patterns/beta.html").select('link[rel="alternate"][hreflang]')


def _switchers(outdir) -> dict[str, str]:
    return {path.relative_to(outdir).as_posix(): str(page(outdir, path.relative_to(
        outdir).as_posix()).select_one("nav.innersource-languages"))
        for path in sorted(outdir.rglob("*.html")) if "_static" not in path.parts}


def test_incremental_and_parallel_builds_equal_a_clean_one(tmp_path):
    """A page added to the Japanese book rewrites the English pages that link to it."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-languages", src)

    def build(builddir, **kwargs):
        app = SphinxTestApp("html", srcdir=src, builddir=builddir, warning=io.StringIO(),
                            **kwargs)
        build_app(app)
        return app.outdir

    incremental = build(tmp_path / "inc")
    beta = page(incremental, "patterns/beta.html").select_one("nav a[hreflang=ja]")
    assert beta["href"] == "../ja/index.html"
    (src / "ja" / "patterns" / "beta.md").write_text(
        (src / "patterns" / "beta.md").read_text(encoding="utf-8").replace(
            "# Beta Practice", "# ベータの実践"), encoding="utf-8")
    incremental = build(tmp_path / "inc")
    beta = page(incremental, "patterns/beta.html").select_one("nav a[hreflang=ja]")
    assert beta["href"] == "../ja/patterns/beta.html"
    clean = build(tmp_path / "clean", freshenv=True)
    parallel = build(tmp_path / "parallel", freshenv=True, parallel=2)
    assert _switchers(incremental) == _switchers(clean) == _switchers(parallel)


@pytest.mark.parametrize(("value", "message"), [
    ({"en": "", "ja": "../ja"}, "['ja'] = '../ja' is refused: the segment '..'"),
    ({"en": "", "Japanese": "ja"}, "has the key 'Japanese', which is not a language code"),
    ({"en": "x", "ja": "ja"}, "has no language at the root folder ''"),
    ({"de": "", "ja": "ja"}, "has no entry for the language of this book ('en')"),
    ({"en": "", "ja": "jp"}, "the folder 'jp' of 'ja' does not exist"),
    (["en", "ja"], "has the type list, not dict"),
])
def test_unusable_languages_are_located_warnings(tmp_path, value, message):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-languages", src)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"innersource_languages": value},
                        warning=io.StringIO())
    build_app(app)
    warnings = [w for w in strip_ansi(app.warning.getvalue()).splitlines() if "WARNING" in w]
    found = [w for w in warnings if message in w]
    assert len(found) == 1, warnings
    assert found[0].startswith(f"{src / 'conf.py'}:") and "[innersource.config]" in found[0]
    assert "Fix:" in found[0]
    # the book builds; the switcher shows the languages that could be used
    nav = page(app.outdir, "patterns/alpha.html").select("nav.innersource-languages a")
    assert len(nav) <= 1


def test_latexmkrc_makes_the_index_with_upmendex(tmp_path):
    """makeindex takes the first byte of an entry such as アルファ for its letter heading."""
    if shutil.which("upmendex") is None:
        pytest.skip("upmendex is not installed")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-languages", src)
    app = SphinxTestApp("latex", srcdir=src / "ja", confoverrides={
        "latex_engine": "lualatex", "latex_use_xindy": False}, warning=io.StringIO())
    build_app(app)
    rc = (app.outdir / "latexmkrc").read_text(encoding="utf-8")
    assert "$makeindex = 'upmendex -s python.ist" in rc and "'makeindex -s" not in rc


@pytest.mark.latex
@pytest.mark.skipif(not (shutil.which("latexmk") and shutil.which("lualatex")),
                    reason="latexmk or lualatex is not installed")
def test_japanese_pdf_builds_with_warnings_as_errors(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-languages", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'latex_engine = "lualatex"\n',
                    encoding="utf-8")
    out = tmp_path / "pdf"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src / "ja"), str(out), "-q",
         "-W"], capture_output=True, text=True, check=False, timeout=1200,
        env=subprocess_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pdf_file = next((out / "latex").glob("*.pdf"))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True,
                              text=True, check=True).stdout
        # (the font maps 索 to a compatibility ideograph, which NFKC undoes)
        text = unicodedata.normalize("NFKC", text)
        # the index, under the letter heading ア
        assert re.search(r"索引\s+ア\s+アルファの実践", text), text[-500:]
