"""Literature (issue 8): citations with sphinxcontrib-bibtex, reference lists, bibliography."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ROOTS, built_page, read, soup, strip_ansi, warnings_of
from sphinx.util.parallel import parallel_available

from sphinx_innersource.domain import get_domain
from sphinx_innersource.literature import pattern_references

REPO = Path(__file__).resolve().parents[1]

ALPHA = ["capraro2016", "cooper2018", "stol2015"]
BETA = ["capraro2016", "oram2015"]
CITED = {"capraro2016", "cooper2018", "oram2015", "stol2015"}


def ref_keys(page, prefix="innersource-ref-"):
    """Keys of the per-pattern reference list of a page, in list order."""
    items = page.select("section.innersource-references ul.innersource-references-list > li")
    return [li["id"][len(prefix):] for li in items]


def bib_entries(page, scope=None):
    """key -> list of hrefs of the 'Cited in' links, for one book bibliography."""
    root = scope or page
    result = {}
    for li in root.select("ul.innersource-bibliography > li"):
        key = re.sub(r"^innersource-bib\d*-", "", li["id"])
        result[key] = [a["href"] for a in li.select(".innersource-cited-by a")]
    return result


def expected_order(keys, style="alpha", bibfile=ROOTS / "test-literature" / "refs.bib"):
    """The order pybtex's style gives the entries (independent of our code)."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    data = parse_file(str(bibfile))
    style_obj = find_plugin("pybtex.style.formatting", style)()
    return [entry.key for entry in style_obj.sort([data.entries[k] for k in keys])]


@pytest.fixture
def literature(shared_build):
    """The ``literature`` root in HTML, built once; it builds without a warning."""
    app = shared_build("literature")
    assert warnings_of(app) == []
    return app


def test_pattern_pages_list_exactly_their_works(literature):
    alpha = soup(literature, "alpha.html")
    assert ref_keys(alpha) == expected_order(ALPHA)
    assert alpha.select_one("section.innersource-references h2").get_text().startswith(
        "References")
    # Citations in the text and in the known-instance story link to the list.
    links = {a["href"] for a in alpha.select("span.bibtex-citation a")}
    assert links == {f"#innersource-ref-{k}" for k in ALPHA}
    story = alpha.select_one("div.innersource-known-instance")
    assert story.select_one('a[href="#innersource-ref-cooper2018"]') is not None
    assert "Stol and Fitzgerald" in alpha.get_text()  # {cite:t} in the reference style

    beta = soup(literature, "beta.html")
    assert ref_keys(beta) == expected_order(BETA)
    # The patlet may cite: the citation renders and links inside the summary.
    patlet = beta.select_one("aside .innersource-patlet")
    assert patlet.select_one('a[href="#innersource-ref-oram2015"]') is not None
    pattern = get_domain(literature.env).patterns["beta"]
    assert pattern.patlet == ("Nobody knows where to start. Start small, as Capraro and "
                              "Riehle advise.")

    # No citations, no list.
    assert soup(literature, "gamma.html").select_one("section.innersource-references") is None
    # A page with its own bibliography directive keeps it and gets no second list.
    delta = soup(literature, "delta.html")
    assert delta.select_one("section.innersource-references") is None
    assert len(delta.select("div.citation")) == 1

    assert pattern_references(literature.env, "alpha") == ALPHA
    assert pattern_references(literature.env, "beta") == BETA
    assert pattern_references(literature.env, "gamma") == []
    assert pattern_references(literature.env, "delta") == ["stol2015"]

    # A page with its own "References" section gets the list there, no second heading.
    epsilon = soup(literature, "epsilon.html")
    assert [h.get_text() for h in epsilon.select("h2")].count("References¶") == 1
    section = epsilon.select_one("section.innersource-references")
    assert section.select_one('a[href="https://example.com/epsilon"]') is not None
    assert ref_keys(epsilon) == ["stol2015"]


def test_book_bibliography_links_citing_patterns(literature):
    page = soup(literature, "bibliography.html")
    entries = bib_entries(page)
    assert list(entries) == expected_order(sorted(CITED))  # uncited2020 is not listed
    assert entries["capraro2016"] == ["alpha.html", "beta.html"]
    assert entries["cooper2018"] == ["alpha.html#known-instance-example-corp"]
    assert entries["oram2015"] == ["beta.html", "about.html"]
    assert entries["stol2015"] == ["alpha.html", "delta.html", "epsilon.html"]
    assert "known instance of Alpha Pattern" in page.get_text()
    # A page that is no pattern cites too: no bibliography directive lists the
    # work, so the citation links to the book's bibliography.
    about = soup(literature, "about.html")
    assert [a["href"] for a in about.select("span.bibtex-citation a")] == [
        "bibliography.html#innersource-bib-oram2015"]
    assert about.select_one("section.innersource-references") is None


def test_book_bibliography_filters_and_style(literature):
    page = soup(literature, "filtered.html")
    sections = page.select("section section")
    structured, culture, listed = (bib_entries(page, s) for s in sections)
    # maturity: structured = structured or validated (alpha, delta).
    assert set(structured) == {"capraro2016", "cooper2018", "stol2015"}
    assert structured["stol2015"] == ["alpha.html", "delta.html"]
    # categories: culture (beta only); unsrt keeps citation order, numeric labels.
    assert list(culture) == ["oram2015", "capraro2016"]
    labels = [s.get_text() for s in sections[1].select(".innersource-ref-label")]
    assert labels == ["[1]", "[2]"]
    assert all(hrefs == ["beta.html"] for hrefs in culture.values())
    # maturity: a list = exactly those levels (beta initial, delta validated).
    assert listed == {"capraro2016": ["beta.html"], "oram2015": ["beta.html"],
                      "stol2015": ["delta.html", "epsilon.html"]}


@pytest.mark.sphinx("html", testroot="literature",
                    confoverrides={"extensions": ["sphinxcontrib.bibtex", "myst_parser",
                                                  "sphinx_innersource"]})
def test_extension_order_does_not_matter(app):
    assert ref_keys(built_page(app, "alpha.html")) == expected_order(ALPHA)
    assert list(bib_entries(soup(app, "bibliography.html"))) == expected_order(sorted(CITED))


@pytest.mark.sphinx("html", testroot="literature",
                    confoverrides={"innersource_pattern_references": False})
def test_references_can_be_turned_off(app):
    alpha = built_page(app, "alpha.html")
    assert alpha.select_one("section.innersource-references") is None
    # Without a page list, a work some bibliography directive lists (delta's)
    # is linked there by sphinxcontrib-bibtex; the others go to the book's bibliography.
    # (sphinxcontrib-bibtex before 2.7 gives a textual citation's span no class)
    links = {a["href"] for a in alpha.select("span.bibtex-citation a, span[id] > a.reference")}
    on_delta = [link for link in links if link.startswith("delta.html#")]
    assert len(on_delta) == 1
    assert links - set(on_delta) == {f"bibliography.html#innersource-bib-{k}"
                                     for k in ("capraro2016", "cooper2018")}
    delta = soup(app, "delta.html")
    assert delta.select_one(f'div.citation[id="{on_delta[0].split("#")[1]}"]') is not None


def test_book_without_bibtex_never_imports_it(tmp_path):
    """sphinx_innersource alone: builds, never imports sphinxcontrib-bibtex or pybtex.

    A ``pattern-bibliography`` there gets one located warning, nothing else.
    """
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "bib.md").write_text("---\norphan: true\n---\n# Works\n\n"
                                "```{pattern-bibliography}\n```\n")
    script = textwrap.dedent(f"""
        import io, sys
        from sphinx.application import Sphinx
        warnings = io.StringIO()
        app = Sphinx({str(src)!r}, {str(src)!r}, {str(tmp_path / 'out')!r},
                     {str(tmp_path / 'doctrees')!r}, "html", status=None, warning=warnings)
        app.build()
        loaded = [m for m in sys.modules if m.startswith(("sphinxcontrib.bibtex", "pybtex"))]
        assert not loaded, loaded
        open({str(tmp_path / 'warnings.txt')!r}, "w").write(warnings.getvalue())
        print("OK", app.statuscode)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK 0" in result.stdout
    text = strip_ansi((tmp_path / "warnings.txt").read_text())
    warnings = [w for w in text.splitlines() if "WARNING" in w]
    assert len(warnings) == 1, warnings
    assert re.search(r"bib\.md:6: WARNING: pattern-bibliography needs sphinxcontrib-bibtex",
                     warnings[0])
    assert (tmp_path / "out" / "alpha.html").is_file()


def test_parallel_read_gives_the_same_references(make_app, tmp_path):
    serial_src, parallel_src = tmp_path / "serial", tmp_path / "parallel"
    shutil.copytree(ROOTS / "test-literature", serial_src)
    shutil.copytree(ROOTS / "test-literature", parallel_src)
    serial = make_app("html", srcdir=serial_src)
    serial.build()
    serial.cleanup()  # forget its docutils registrations before the next app
    parallel = make_app("html", srcdir=parallel_src, parallel=2)
    assert parallel_available and parallel.is_parallel_allowed("read")
    parallel.build()
    # Parallel reading reports chunks of documents ("about .. delta").
    assert re.search(r"reading sources\.\.\. .*\w \.\. \w",
                     strip_ansi(parallel.status.getvalue()))
    assert warnings_of(serial) == [] and warnings_of(parallel) == []
    docnames = sorted(serial.env.found_docs)
    assert sorted(parallel.env.found_docs) == docnames
    got = {d: pattern_references(parallel.env, d) for d in docnames}
    assert got == {d: pattern_references(serial.env, d) for d in docnames}
    assert got["alpha"] == ALPHA
    assert read(parallel, "bibliography.html").count("innersource-cited-by") == len(CITED)
    # patterns.json carries the same references either way.
    json_serial = json.loads(read(serial, "patterns.json"))
    json_parallel = json.loads(read(parallel, "patterns.json"))
    refs = {p["id"]: p["references"] for p in json_parallel["patterns"]}
    assert refs == {p["id"]: p["references"] for p in json_serial["patterns"]}
    assert refs["alpha"] == ALPHA


def _written(app) -> set[str]:
    pages: set[str] = set()
    app.connect("html-page-context", lambda app, pagename, *args: pages.add(pagename))
    return pages


@pytest.mark.sphinx("html", testroot="literature")
def test_incremental_rewrites_bibliography_only_when_citations_change(app, make_app):
    app.build()
    app.cleanup()  # forget its docutils registrations before the next app
    srcdir = app.srcdir

    # 1. beta cites one more work.
    beta = Path(srcdir, "beta.md")
    beta.write_text(beta.read_text() + "\nTutorials too {cite:p}`stol2015`.\n")
    app2 = make_app("html", srcdir=srcdir)
    written = _written(app2)
    app2.build()
    app2.cleanup()
    assert warnings_of(app2) == []
    assert {"beta", "bibliography", "filtered"} <= written
    assert not written & {"alpha", "gamma", "delta", "epsilon", "about"}
    assert ref_keys(soup(app2, "beta.html")) == expected_order([*BETA, "stol2015"])
    entries = bib_entries(soup(app2, "bibliography.html"))
    assert entries["stol2015"] == ["alpha.html", "beta.html", "delta.html", "epsilon.html"]
    exported = {p["id"]: p["references"] for p in json.loads(read(app2, "patterns.json"))
                ["patterns"]}
    assert exported["beta"] == sorted([*BETA, "stol2015"])

    # 2. alpha changes, its citations do not: the bibliography is not rewritten.
    alpha = Path(srcdir, "alpha.md")
    alpha.write_text(alpha.read_text().replace("Sharing is rare", "Sharing is very rare"))
    app3 = make_app("html", srcdir=srcdir)
    written = _written(app3)
    app3.build()
    assert "alpha" in written
    assert not written & {"bibliography", "filtered", "beta"}
    app3.cleanup()

    # 3. A work's data changes in the .bib file: its citing pages and the
    #    bibliography show the new data.
    bib = Path(srcdir, "refs.bib")
    bib.write_text(bib.read_text().replace("Getting Started with InnerSource",
                                           "Getting Started with Inner Source Again"))
    app4 = make_app("html", srcdir=srcdir)
    written = _written(app4)
    app4.build()
    assert {"beta", "bibliography"} <= written
    assert "Getting Started with Inner Source Again" in read(app4, "beta.html")
    assert "Getting Started with Inner Source Again" in read(app4, "bibliography.html")


BAD = ROOTS / "test-literature-bad"


@pytest.mark.sphinx("html", testroot="literature-bad")
def test_bad_input_gives_located_warnings(app):
    app.build()  # no exception: the malformed entry no longer aborts the build
    warnings = warnings_of(app)

    def one(pattern: str) -> str:
        hits = [w for w in warnings if re.search(pattern, w)]
        assert len(hits) == 1, (pattern, warnings)
        return hits[0]

    unknown = one(r"unknown citation key 'nosuchkey2000'")
    assert re.match(r".*pattern\.md:11: WARNING", unknown)
    malformed = one(r"malformed \.bib data")
    assert re.match(r".*refs\.bib:\d+: WARNING", malformed)
    missing = one(r"bibliography file 'missing\.bib'")
    assert re.match(r".*conf\.py:7: WARNING", missing)  # the line naming the file
    assert re.match(r".*bib\.md:3: WARNING", one(r"unknown maturity bogus"))
    assert re.match(r".*bib\.md:3: WARNING", one(r"unknown bibliography style 'nosuchstyle'"))
    # The build went on: the good works are listed and linked.
    page = soup(app, "pattern.html")
    assert ref_keys(page) == ["later2019", "good2018"]
    assert list(bib_entries(soup(app, "bib.html"))) == ["later2019", "good2018"]


@pytest.mark.sphinx("latex", testroot="literature")
def test_latex_contains_reference_lists_and_bibliography(app):
    app.build()
    assert warnings_of(app) == []
    tex = read(app, "book.tex")
    # Per-pattern lists and the book's bibliography stay where they are.
    assert tex.count("Inner source definition, benefits, and challenges") >= 4
    assert "Cited in:" in tex
    # Every citation link has its target.
    links = set(re.findall(r"\\hyperlink\{(cite\.[^}]*)\}", tex))
    targets = set(re.findall(r"\\hypertarget\{(cite\.[^}]*)\}", tex))
    bibitems = {f"cite.{k}" for k in re.findall(r"\\bibitem\[[^\]]*\]\{([^}]*)\}", tex)}
    assert "cite.alpha:innersource-ref-capraro2016" in links
    assert "cite.alpha:innersource-ref-cooper2018" in links
    assert links <= targets | bibitems, links - targets - bibitems
    # The "Cited in" links of the book's bibliography have their labels too.
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    assert "alpha:known-instance-example-corp" in refs
    assert refs <= labels, refs - labels


@pytest.mark.latex
def test_pdf_is_produced(tmp_path):
    if shutil.which("latexmk") is None:
        pytest.skip("latexmk is not installed")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-literature", src)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(tmp_path / "out")],
        capture_output=True, text=True, cwd=REPO, timeout=600,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/local/bin:/usr/bin:/bin",
             "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    pdf = tmp_path / "out" / "latex" / "book.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000
    log = (tmp_path / "out" / "latex" / "book.log").read_text(errors="replace")
    assert "undefined references" not in log
    assert "has been referenced but does not exist" not in log


@pytest.mark.parametrize(("value", "levels", "bad"), [
    ("", None, []),
    ("all", None, []),
    ("structured", {"structured", "validated"}, []),
    ("2", {"structured", "validated"}, []),
    ("initial,", {"initial"}, []),
    ("only initial", {"initial"}, []),
    ("Only structured", {"structured"}, []),
    ("only initial, validated", {"initial", "validated"}, []),
    ("initial, validated", {"initial", "validated"}, []),
    ("bogus", None, ["bogus"]),
    ("validated; bogus", {"validated"}, ["bogus"]),
])
def test_maturity_filter_spellings(value, levels, bad):
    from sphinx_innersource.literature import parse_maturity_filter

    got, got_bad = parse_maturity_filter(value)
    assert (None if got is None else {level.key for level in got}) == levels
    assert got_bad == bad


@pytest.mark.sphinx("html", testroot="literature")
def test_every_citation_role_is_guarded_through_public_registration(app):
    """The guarded roles are registered with ``add_role_to_domain``/``add_role``
    at ``config-inited``, so the environment's ``cite`` domain has them from the start."""
    from docutils.parsers.rst import languages, roles
    from docutils.utils import Reporter
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from sphinx_innersource.literature.bibtex import GuardedCiteRole

    domain = app.env.get_domain("cite")
    assert set(BibtexDomain.roles) <= set(domain.roles)
    assert all(isinstance(domain.roles[name], GuardedCiteRole) for name in BibtexDomain.roles)
    assert not any(isinstance(role, GuardedCiteRole) for role in BibtexDomain.roles.values())
    quiet = Reporter("", 5, 5)
    plain, _messages = roles.role("cite", languages.get_language("en"), 0, quiet)
    assert isinstance(plain, GuardedCiteRole)
