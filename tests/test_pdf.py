"""The PDF of a book (``sphinx_innersource/book/pdf.py`` and ``book/latex.py``).

The fixture ``tests/data/upstream-unicode`` is a small upstream-shaped
repository of our own with box drawing in code blocks, arrows, emoji,
zero-width spaces, typographic quotes, accented letters of many languages,
Greek, Cyrillic, Japanese and Chinese in titles, headings, body, tables and
code, and one private-use character no font has.  It is imported as a user
would, and one test builds its PDF with LuaLaTeX (marked ``latex``).

The front matter and the tables of the LaTeX output are checked on the
``.tex`` of the root ``test-latex-front``; the PDFs of ``sphinx-innersource
new``'s starter and of the example book of ``docs/`` are built (``latex``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import read, subprocess_env, warnings_of
from importing import build, run

from sphinx_innersource.book import pdf

DATA = Path(__file__).parent / "data" / "upstream-unicode"


@pytest.fixture(scope="module")
def unicode_book(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("pdf") / "book"
    code, out, err = run("import", DATA, dest)
    assert code == 0, out + err
    return dest


def test_import_and_new_write_lualatex(unicode_book, tmp_path):
    conf = (unicode_book / "conf.py").read_text("utf-8")
    assert 'latex_engine = "lualatex"' in conf
    assert 'copyright = "%Y, " + author' in conf  # no empty "©." footer
    code, out, err = run("new", tmp_path / "starter")
    assert code == 0, out + err
    assert 'latex_engine = "lualatex"' in (tmp_path / "starter" / "conf.py").read_text("utf-8")


def test_latex_output_has_fonts_and_babel(unicode_book):
    code, warnings, outdir = build(unicode_book, builder="latex")
    assert code == 0, warnings
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\setmainfont{FreeSerif}[RawFeature={fallback=innersourcerm}]" in tex
    assert 'innersource_fallback("innersourcett", {"DejaVu Sans Mono:mode=node;"' in tex
    assert '"Noto Color Emoji:mode=harf;"' in tex
    assert r"\babelprovide[import, onchar=ids]{japanese}" in tex
    assert r"\usepackage{polyglossia}" not in tex
    assert "日本語" in tex and "┌─┐" in tex and "💡" in tex


def _config(**values) -> SimpleNamespace:
    defaults = dict(innersource_latex_fonts=True, latex_engine="lualatex", language="en",
                    latex_elements={}, latex_use_xindy=True, latex_docclass={})
    return SimpleNamespace(**{**defaults, **values})


def test_settings_the_book_made_itself_are_kept(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    config = _config(latex_elements={"fontpkg": "% mine", "papersize": "a4paper"})
    pdf.apply_latex_settings(None, config)
    assert config.latex_elements["fontpkg"] == "% mine"
    assert config.latex_elements["papersize"] == "a4paper"
    assert "onchar=ids" in config.latex_elements["babel"]
    assert config.latex_use_xindy is False  # xindy is not installed
    config = _config(latex_elements={"polyglossia": r"\usepackage{polyglossia}"})
    pdf.apply_latex_settings(None, config)
    assert "babel" not in config.latex_elements
    assert "innersource_fallback" in config.latex_elements["fontpkg"]


@pytest.mark.parametrize("values", [{"latex_engine": "pdflatex"}, {"latex_engine": "xelatex"},
                                    {"innersource_latex_fonts": False}])
def test_nothing_changes_without_lualatex_or_when_turned_off(values):
    config = _config(**values)
    pdf.apply_latex_settings(None, config)
    assert config.latex_elements == {} and config.latex_use_xindy is True


def test_languages():
    config = _config(language="ja", latex_docclass={"manual": "jsbook", "howto": "jreport"})
    pdf.apply_latex_settings(None, config)
    assert config.latex_docclass == {"manual": "report", "howto": "article"}
    assert r"\babelprovide[import, main, onchar=ids]{japanese}" in config.latex_elements["babel"]
    assert "Noto Serif CJK JP" in config.latex_elements["fontpkg"]
    chinese = pdf.latex_elements_for("zh_CN")["fontpkg"]
    assert "Noto Serif CJK SC" in chinese and "CJK JP" not in chinese
    config = _config(language="ja", latex_docclass={"manual": "mybook"})
    pdf.apply_latex_settings(None, config)
    assert config.latex_docclass == {"manual": "mybook"}


def test_missing_fonts_are_warned_about_and_the_build_goes_on(unicode_book, monkeypatch):
    monkeypatch.setattr(pdf, "installed_families", lambda: {"FreeSerif", "FreeSans"})
    code, warnings, outdir = build(unicode_book, builder="latex", strict=False)
    assert code == 0
    missing = re.findall(r"the font '([^']+)' is not installed.*?Debian: apt-get install "
                         r"(\S+)\).*?\[innersource\.pdf\]", warnings, re.S)
    assert dict(missing) == {
        "FreeMono": "fonts-freefont-otf", "Noto Serif CJK JP": "fonts-noto-cjk",
        "DejaVu Sans": "fonts-dejavu-core", "Noto Color Emoji": "fonts-noto-color-emoji",
        "Noto Sans CJK JP": "fonts-noto-cjk", "DejaVu Sans Mono": "fonts-dejavu-core",
        "Noto Sans Mono CJK JP": "fonts-noto-cjk"}
    assert next(outdir.glob("*.tex")).is_file()


def test_no_font_warning_for_html_or_a_book_with_its_own_fonts(unicode_book, monkeypatch):
    monkeypatch.setattr(pdf, "installed_families", lambda: set())
    code, warnings, _ = build(unicode_book, builder="html")
    assert code == 0, warnings


needs_lualatex = pytest.mark.skipif(not (shutil.which("latexmk") and shutil.which("lualatex")),
                                    reason="latexmk or lualatex is not installed")


@pytest.mark.latex
@needs_lualatex
def test_a_missing_font_does_not_stop_lualatex(tmp_path):
    """Raw LuaLaTeX (a few seconds): the chain leaves out a font that is not there."""
    fontpkg = pdf.latex_elements_for("en")["fontpkg"]
    fontpkg = fontpkg.replace("Noto Serif CJK JP", "No Such Font Anywhere")
    fontpkg = fontpkg.replace("FreeSans", "No Such Sans")
    (tmp_path / "t.tex").write_text(
        "\\documentclass{article}\n\\usepackage{fontspec}\n" + fontpkg
        + "\\begin{document}\nBox ┌─┐ and arrow ► and \\textsf{sans}.\n\\end{document}\n",
        encoding="utf-8")
    done = subprocess.run(["lualatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path,
                          capture_output=True, text=True, check=False, timeout=600)
    log = (tmp_path / "t.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, log[-3000:]
    assert "the font No Such Font Anywhere is not installed" in log
    assert "the font No Such Sans is not installed" in log
    assert "nullfont" not in log and "Missing character" not in log


@pytest.mark.latex
@needs_lualatex
def test_pdf_of_every_kind_of_character(unicode_book):
    """The one LuaLaTeX build of a book: about a minute with a warm font cache."""
    out = unicode_book / "_build" / "pdf"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(unicode_book), str(out), "-q",
         "-W", "--keep-going"],
        capture_output=True, text=True, check=False, timeout=1200, env=subprocess_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pdf_file = next((out / "latex").glob("*.pdf"))
    assert pdf_file.read_bytes().startswith(b"%PDF")
    log = next((out / "latex").glob("*.log")).read_text(encoding="utf-8", errors="replace")
    # Every character has a glyph except the private-use one, which no font has.
    missing = re.findall(r"Missing character: There is no .*? \((U\+[0-9A-F]+)\)", log)
    assert set(missing) == {"U+E000"}, missing
    assert "is not installed" not in log
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True,
                              text=True, check=True).stdout
        for sample in ["“Ünïcödé”", "├── README.md", "┌─┐", "Кириллица", "Ελληνικά",
                       "日本語", "用語集", "术语表", "Åkersberga Łogistik", "Zoë Ñúñez-Øster"]:
            assert sample in text, sample


# -- front matter and tables (book/latex.py, book/catalogues.py) ---------------------------

RAGGED = r">{\raggedright\arraybackslash}\Y"


@pytest.mark.sphinx("latex", testroot="latex-front", freshenv=True)
def test_front_matter_and_tables_of_the_latex_output(app):
    app.build()
    assert warnings_of(app) == []
    whole, part = read(app, "whole.tex"), read(app, "part.tex")
    # The contents keep LaTeX's title for the language, not a toctree's caption.
    assert r"\contentsname" not in whole and r"\contentsname" not in part
    # The root page's text gets a heading of its own, in the contents and footers;
    # an unnumbered chapter in a manual, a section in a howto (\ifdefined\chapter).
    for tex, first in ((whole, "Opening words"), (part, "See ")):
        heading = tex.index(r"\chapter*{Introduction}")
        assert tex.index(r"\sphinxtableofcontents") < heading < tex.index(first)
        assert r"\addcontentsline{toc}{chapter}{Introduction}" in tex
        assert r"\markboth{Introduction}{Introduction}" in tex
    assert whole.count(r"\chapter*{Introduction}") == 1  # not for part.md's own text
    # Links without a text of their own print their target's title, whether
    # the target is in the PDF (a hyperlink) or not (part.tex has no notes page);
    # a link with its own text keeps it.
    assert r"\sphinxcrossref{\DUrole{doc}{Notes on the book}}" in whole
    assert r"\DUrole{std-ref}{Pattern index}" in whole
    assert r"\DUrole{std-doc}{Notes on the book}" in part
    assert r"\DUrole{std-doc}{the notes}" in part
    assert r"\DUrole{std-ref}{Known instances by organisation}" in part
    assert "{notes}" not in part and "innersource-organisations}" not in part
    # Catalogue tables: each column a fixed share of the line, ragged right; no
    # Maturity column under the maturity headings.
    # (tabular from Sphinx 9, tabulary before: either takes the given columns)
    tables = re.findall(r"\\begin\{tabulary?\}(?:\{\\linewidth\})?\[t\]\{([^\n]*)\}\n(.*?)"
                        r"\\end\{tabulary?\}", part, re.S)
    specs = [spec.replace(RAGGED, "|") for spec, _body in tables]
    assert specs == ["|{0.30}|{0.70}", "|{0.30}|{0.70}", "|{0.28}|{0.17}|{0.55}",
                     "|{0.30}|{0.70}"]
    headers = [re.findall(r"\\sphinxstyletheadfamily\s*\\sphinxAtStartPar\n(\w+)", body)
               for _spec, body in tables]
    assert headers == [["Pattern", "Patlet"], ["Pattern", "Patlet"],
                       ["Pattern", "Maturity", "Patlet"], ["Organisation", "Patterns"]]
    assert "Beta Pattern" in tables[0][1] and "Alpha Pattern" in tables[1][1]


def _pdflatex_log(tex: Path) -> str:
    done = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-silent", tex.name],
                          cwd=tex.parent, capture_output=True, text=True, check=False,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert tex.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    return tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")


@pytest.mark.latex
@needs_lualatex
def test_pdf_of_the_starter_book(tmp_path):
    """``sphinx-innersource new``, then ``sphinx-build -M latexpdf`` as its conf.py says."""
    dest = tmp_path / "starter"
    assert run("new", dest)[0] == 0
    out = dest / "_build"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(dest), str(out), "-q", "-W",
         "--keep-going"], capture_output=True, text=True, check=False, timeout=1200,
        env=subprocess_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    tex = next((out / "latex").glob("*.tex"))
    # LaTeX takes the PNG of the cover (it cannot include the SVG, which HTML takes).
    assert "{{cover}.png}" in tex.read_text(encoding="utf-8")
    assert tex.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.latex
@pytest.mark.skipif(not shutil.which("latexmk"), reason="latexmk is not installed")
def test_example_book_pdf_has_few_overfull_lines(tmp_path):
    """The example book of docs/ (pdflatex), at most 5 "Overfull \\hbox" lines."""
    out = tmp_path / "latex"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", "-q", str(DOCS),
                           str(out), "-d", str(tmp_path / "doctrees")], capture_output=True,
                          text=True, check=False, timeout=900, env=subprocess_env())
    assert done.returncode == 0, done.stderr[-3000:]
    log = _pdflatex_log(out / "innersource-pattern-book.tex")
    overfull = [line for line in log.splitlines() if line.startswith("Overfull \\hbox")]
    assert len(overfull) <= 5, overfull
