"""One URL policy for every URL the extension emits (issue 20, point 2).

The shared list of hostile URLs (``hostile.py``) is run through the policy
itself, through every URL-taking input of a build (directive options,
``.ics`` events, ``.bib`` entries) and through the importer.  Every URL that
reaches the output must pass the policy; every refused one gets a located
``url`` warning (or a line of the import report), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fuzzing import built, check_build
from hostile import HOSTILE, HOSTILE_URLS, SAFE_MAIL, SAFE_URLS, SINKS, book, emitted_urls
from importing import run

from sphinx_innersource.core.urls import LINK, WEB, looks_like_url, url_problem
from sphinx_innersource.directives.base import checked_url

# -- the policy -------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "why"), HOSTILE, ids=[why for _u, why in HOSTILE])
@pytest.mark.parametrize("schemes", [WEB, LINK], ids=["web", "link"])
def test_policy_refuses_every_hostile_url(url, why, schemes):
    problem = url_problem(url, schemes)
    assert problem, (url, why)
    assert isinstance(problem, str)


@pytest.mark.parametrize("url", SAFE_URLS)
def test_policy_accepts_ordinary_web_urls(url):
    assert url_problem(url, WEB) is None
    assert url_problem(url, LINK) is None


@pytest.mark.parametrize("url", SAFE_MAIL)
def test_mailto_needs_an_address_and_a_caller_that_allows_it(url):
    assert url_problem(url, LINK) is None
    assert "scheme 'mailto' is not allowed" in url_problem(url, WEB)


def test_the_reasons_name_the_problem():
    assert "user name" in url_problem("https://trusted.example@evil.example/")
    assert "cannot be parsed" in url_problem("https://[::1/")
    assert "look-alike" in url_problem("https://example.org\uff0fx")
    assert "U+2215" in url_problem("https://a.example\u2215b.example/")
    assert "U+202E" in url_problem("https://a.example/\u202e")
    assert "port" in url_problem("https://a.example:0/")
    assert "no address" in url_problem("mailto:", LINK)
    assert "innersource_embed_hosts" in url_problem("https://b.example/", WEB, ["a.example"])


def test_checked_url_returns_the_url_or_none(make_app, tmp_path):
    assert checked_url("https://example.org/", what="x", location=None) == "https://example.org/"
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("")
    (src / "index.rst").write_text("Index\n=====\n")
    app = make_app("html", srcdir=src)
    assert checked_url("javascript:x", what="thing", location=("index", 3)) is None
    assert "index.rst:3: WARNING: thing: URL 'javascript:x' is refused and not linked" \
        in app.warning.getvalue()


def test_looks_like_url():
    assert looks_like_url("https://x") and looks_like_url("//x")
    assert looks_like_url("javascript\uff1ax")
    assert not looks_like_url("_static/x.png")


# -- every input of a build -----------------------------------------------------------

@pytest.mark.parametrize("sink", SINKS, ids=[s.name for s in SINKS])
def test_every_url_input_refuses_every_hostile_url(sink):
    files, names = book(sink, HOSTILE_URLS)
    conf = sink.conf + "suppress_warnings = ['myst.header']\n"
    with built(files, "html", extensions=("myst_parser", "sphinx_innersource", *sink.extensions),
               conf_extra=conf) as result:
        check_build(result)
        text = "".join(result.records)
        assert "Traceback" not in text
        # "java\tscript:..." is no URL at all for an image: a file name with a
        # control character, refused with the subtype "image"
        url_warnings = [r for r in result.records if "[innersource." in r]
        for n, (name, url) in enumerate(zip(names, HOSTILE_URLS, strict=True)):
            page = BeautifulSoup((result.outdir / f"{name}.html").read_text(encoding="utf-8"),
                                 "html.parser")
            for emitted in emitted_urls(page):
                assert url_problem(emitted, LINK) is None, (sink.name, url, emitted)
                assert emitted != url, (sink.name, url)
            # a located warning names the case (its page, or its work in the .bib file)
            mine = [r for r in url_warnings if f"{name}.md:" in r or f"'work{n}'" in r]
            assert mine, (sink.name, url, url_warnings)


@pytest.mark.parametrize("sink", SINKS, ids=[s.name for s in SINKS])
def test_every_url_input_accepts_a_good_url(sink):
    files = {"index.md": "# Cases\n\n```{toctree}\ncase00\n```\n"}
    page, extra = sink.page("https://calendar.google.com/calendar/embed?src=a%40b.c"
                            if "argument" in sink.name else "https://example.org/x.ics", 0)
    files["case00.md"] = page + "\n"
    files.update(extra)
    with built(files, "html", extensions=("myst_parser", "sphinx_innersource", *sink.extensions),
               conf_extra=sink.conf) as result:
        check_build(result)
        assert not [r for r in result.records if "[innersource.url]" in r], result.records
        page = BeautifulSoup((result.outdir / "case00.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert emitted_urls(page), sink.name


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_refused_urls_reach_no_other_builder(builder):
    """The policy works on the doctree: LaTeX and text get no refused link either."""
    files = {"index.md": "# Cases\n\n```{toctree}\ncase00\ncase01\n```\n"}
    files["case00.md"] = SINKS[0].page("https://trusted.example@evil.example/", 0)[0]
    page, extra = SINKS[6].page("javascript:alert(1)", 1)
    files["case01.md"] = page
    files.update(extra)
    with built(files, builder, extensions=("myst_parser", "sphinx_innersource",
                                           "sphinxcontrib.bibtex"),
               conf_extra=SINKS[6].conf) as result:
        check_build(result)
        output = "".join(p.read_text(encoding="utf-8") for p in result.outdir.iterdir()
                         if p.suffix in (".tex", ".txt"))
        assert "evil.example" not in output
        assert not re.search(r"href\{javascript", output)


# -- the importer -----------------------------------------------------------------------

PATTERN = """\
## Title

Alpha Practice

## Patlet

Teams share one helper.

## Problem

See [the site]({url}) and [the other][ref].

## Solutions

Share it.

## Known Instances

- [Acme Example]({url}) - shares a helper.

## Status

Structured

## Authors

- Ann Example

[ref]: {url}
"""


def _repo(root: Path, url: str) -> Path:
    folder = root / "src" / "patterns" / "2-structured"
    folder.mkdir(parents=True)
    (folder / "alpha.md").write_text(PATTERN.format(url=url), encoding="utf-8")
    return root / "src"


#: Hostile URLs that Markdown reads as a link target (no space, no newline, no angle
#: bracket): these reach the importer's link handling.
MARKDOWN_URLS = [u for u in HOSTILE_URLS if not re.search(r"[\s<>()\x00]", u) and u]


@pytest.mark.parametrize("url", MARKDOWN_URLS)
def test_importer_emits_no_hostile_url(tmp_path, url):
    src = _repo(tmp_path, url)
    code, out, err = run("import", src, tmp_path / "book")
    assert code == 0, out + err
    page = (tmp_path / "book" / "patterns" / "alpha.md").read_text(encoding="utf-8")
    assert f"]({url})" not in page and f":url: {url}" not in page
    assert not re.search(r"^ {0,3}\[ref\]:\s*" + re.escape(url), page, re.MULTILINE)
    # the text stays, and the report names the refused URL
    assert "the site" in page and "Acme Example" in page
    assert url in page, "the refused URL is kept as text"
    assert f"{url!r}" in out and "refused" in out


@pytest.mark.parametrize("option", ["--upstream-url", "--repo-url"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://a@evil.example/",
                                 "https://[::1/", "https://evil\u202e.example/"])
def test_importer_refuses_hostile_base_urls(tmp_path, option, url):
    src = _repo(tmp_path, "https://example.org/")
    code, _out, err = run("import", src, tmp_path / "book", option, url)
    assert code == 2
    assert option in err and "refused" in err
    assert not (tmp_path / "book").exists()


def test_imported_book_with_a_hostile_instance_url_builds_without_traceback(tmp_path):
    """Issue 20: ``https://[::1/`` went through the importer into ``:url:`` and the
    build of the imported book died with a ValueError."""
    from importing import build

    src = _repo(tmp_path, "https://[::1/")
    code, _out, _err = run("import", src, tmp_path / "book")
    assert code == 0
    code, warnings, outdir = build(tmp_path / "book", strict=False)
    assert code == 0 and "Traceback" not in warnings and "ValueError" not in warnings
    html = (outdir / "patterns" / "alpha.html").read_text(encoding="utf-8")
    assert "[::1" not in "".join(re.findall(r'href="([^"]*)"', html))
