"""Front matter and sharing metadata (Open Graph, description), built on sphinxext-opengraph."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from helpers import REPO, ROOTS, located_warning, project, read, soup, warnings_of
from sphinx.util.parallel import parallel_available

BASE = "https://ex.org/book"
DESCRIPTION = 'Desc with "quotes", & ampersand and <angle> brackets'
PAGES = ["index", "plain", "subonly", "remote", "rstpage", "patterns/with-image",
         "patterns/no-image"]


def tags(app, page: str) -> list[tuple[str, str]]:
    """(property or name, content) of every sharing meta tag of *page*, in order."""
    found = []
    for meta in soup(app, page + ".html").select("head meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith(("og:", "article:", "twitter:")) or key == "description"):
            found.append((key, meta.get("content")))
    return found


def one_each(app, page: str) -> dict[str, str]:
    """The tags of *page* as a dict, after checking that no tag (but article:tag) repeats."""
    found = tags(app, page)
    counts = Counter(key for key, _ in found)
    assert {k: n for k, n in counts.items() if n > 1 and k != "article:tag"} == {}, \
        (page, found)
    return dict(found)


EXTENSIONS = {
    "not listed": ["myst_parser", "sphinx_innersource"],
    "listed before": ["myst_parser", "sphinxext.opengraph", "sphinx_innersource"],
    "listed after": ["myst_parser", "sphinx_innersource", "sphinxext.opengraph"],
}


@pytest.mark.parametrize(("listed", "baseurl"), [
    ("not listed", ""), ("not listed", BASE), ("listed before", BASE), ("listed after", ""),
])
def test_each_tag_once_with_the_values_of_the_page(make_app, rootdir, tmp_path, listed,
                                                     baseurl):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-sharing", src)
    app = make_app("html", srcdir=src, confoverrides={
        "extensions": EXTENSIONS[listed], "html_baseurl": baseurl})
    app.build()
    assert warnings_of(app) == []
    site = BASE + "/" if baseurl else ""
    pages = {page: one_each(app, page) for page in PAGES}
    for page in PAGES:
        canonical = soup(app, page + ".html").select("link[rel=canonical]")
        assert [c["href"] for c in canonical] == ([f"{site}{page}.html"] if baseurl else [])
        if baseurl:
            assert pages[page]["og:url"] == f"{site}{page}.html"
        assert pages[page]["og:site_name"] == 'Book "A" & <B>'

    # front matter: every key, escaped (bs4 gives back the unescaped text)
    index = pages["index"]
    assert index["og:title"] == 'Sharing "title" & <co>'
    assert index["description"] == index["og:description"] == DESCRIPTION
    assert index["og:type"] == "website"
    assert index["og:image"] == f"{site}_images/cover.png"
    assert (Path(app.outdir) / "_images" / "cover.png").is_file()
    assert index["og:image:alt"] == "The book's cover"
    assert index["twitter:card"] == "summary_large_image"
    raw = read(app, "index.html")
    assert ('<meta name="description" content="Desc with &quot;quotes&quot;, &amp; ampersand '
            'and &lt;angle&gt; brackets" />') in raw
    assert 'content="Sharing &quot;title&quot; &amp; &lt;co&gt;"' in raw
    assert "<co>" not in raw and "<B>" not in raw

    # a pattern page without front matter describes itself
    pattern = pages["patterns/with-image"]
    assert pattern["og:type"] == "article"
    assert pattern["og:title"] == "Trusted Committer"
    description = pattern["description"]
    assert description == pattern["og:description"]
    assert description.startswith('Contributors who "keep helping" a project & its <users> '
                                  "get no recognition for it.")  # plain text: no ** markup
    assert len(description) <= 200 and description.endswith("best\u2026")  # at a word
    assert [v for k, v in tags(app, "patterns/with-image") if k == "article:tag"] == \
        ["Governance", "Culture & <People>"]
    assert pattern["og:image"] == f"{site}_images/first.png"
    assert pattern["og:image:alt"] == "diagram"
    # ... its image falls back to innersource_default_image
    fallback = pages["patterns/no-image"]
    assert fallback["og:image"] == f"{site}_images/innersource-default-default.png"
    assert (Path(app.outdir) / "_images" / "innersource-default-default.png").is_file()
    assert fallback["description"] == "A short patlet." and fallback["og:type"] == "article"

    # every other page: og:title and og:type website, no image, no tags
    plain = pages["plain"]
    assert plain["og:title"] == "Plain page" and plain["og:type"] == "website"
    assert "og:image" not in plain and "twitter:card" not in plain
    assert "article:tag" not in plain
    # the subtitle is the description when there is none
    assert pages["subonly"]["description"] == "Only a subtitle here"
    # an https image is used as it is; the page's own og:description wins
    remote = pages["remote"]
    assert remote["og:image"] == "https://example.org/pic.png"
    assert remote["og:description"] == remote["description"] == "User's own og & <override>"
    # an rST page's field list works like front matter
    rst = pages["rstpage"]
    assert rst["description"] == "An rST page & its field list"
    assert rst["og:image"] == f"{site}_images/first.png"
    assert rst["og:image:alt"] == "First & only"


@pytest.mark.sphinx("html", testroot="sharing")
def test_subtitle_html(app):
    app.build()
    page = soup(app, "index.html")
    heading = page.select_one("h1")
    lead = heading.find_next_sibling()
    assert "innersource-subtitle" in lead["class"]
    assert lead.get_text(strip=True) == 'Best practices & "patterns" <codified>'
    # the other keys are not shown
    assert "left alone" not in page.select_one("div.body, div[role=main]").get_text()
    rst = soup(app, "rstpage.html").select_one("h1").find_next_sibling()
    assert rst.get_text(strip=True) == "The rST subtitle"


@pytest.mark.sphinx("latex", testroot="sharing")
def test_subtitle_latex(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    subonly = tex[tex.index(r"\chapter{Subtitle only}"):]
    labels = r"(\\label\{\\detokenize\{[^}]*\}\}\s*)+"
    assert re.match(r"\\chapter\{Subtitle only\}\s*" + labels
                    + r"\\begin\{sphinxuseclass\}\{innersource-subtitle\}\s*"
                    r"\\sphinxAtStartPar\s*Only a subtitle here", subonly), subonly[:400]
    # the root page's heading is the document's title: the subtitle opens the text
    lead = ("\\begin{sphinxuseclass}{innersource-subtitle}\n\\sphinxAtStartPar\nBest practices \\& "
            '"patterns" \\textless{}codified\\textgreater{}')
    assert tex.index(lead) < tex.index("Some text on the front page")


@pytest.mark.sphinx("text", testroot="sharing")
def test_subtitle_text(app):
    app.build()
    lines = [line for line in read(app, "index.txt").splitlines() if line.strip()]
    assert lines[:3] == ["Welcome", "*******", 'Best practices & "patterns" <codified>']


BAD = {
    "empty.md": "---\ndescription:\ntitle: '   '\n---\n\n# Empty\n",
    "missing.md": "---\ntitle: Fine\nimage: nowhere.png\nimage-alt: Alt\n---\n\n# Missing\n",
    "http.md": "---\nimage: http://example.org/x.png\n---\n\n# Http\n",
    "outside.md": "---\n\nimage: ../outside.png\n---\n\n# Outside\n",
    "svg.md": "---\nimage: pic.svg\n---\n\n# Svg\n",
    "script.md": "---\nimage: javascript:alert(1)\n---\n\n# Script\n",
    "hidden.rst": ":subtitle: zero\u200bwidth\n\nHidden\n======\n",
}


def test_each_bad_value_gives_a_located_warning(make_app, tmp_path):
    (tmp_path / "outside.png").write_bytes((ROOTS / "test-sharing" / "img" / "cover.png")
                                           .read_bytes())
    src = project(tmp_path, {
        "pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>', **BAD,
        "index.md": "# Index\n\n```{toctree}\n" + "\n".join(BAD) + "\n```\n"},
        conf='innersource_default_image = "../outside.png"\n',
        extensions=("myst_parser", "sphinx_innersource"))
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)

    for where, subtype, needles in [
        ("empty.md:2", "front_matter", ("'description' is empty",)),
        ("empty.md:3", "front_matter", ("'title' is empty",)),
        ("missing.md:3", "image", ("'nowhere.png'", "does not exist")),
        ("missing.md:4", "image", ("'image-alt' is given without a usable 'image'",)),
        ("http.md:2", "image", ("'http://example.org/x.png'", "https")),
        ("outside.md:3", "image", ("'../outside.png'", "outside the source folder")),
        ("svg.md:2", "image", ("'pic.svg'", "PNG, JPEG, GIF and WebP")),
        ("script.md:2", "image", ("'javascript:alert(1)'",)),
        ("hidden.rst:1", "front_matter", ("'subtitle' contains invisible",)),
        ("conf.py:2", "config", ("innersource_default_image = '../outside.png'",
                                 "outside the source")),
    ]:
        located_warning(warnings, where + ":", *needles, where=where, subtype=subtype)
    assert len(warnings) == 10, warnings
    # nothing from outside the source folder is published; the build goes on
    out = Path(app.outdir)
    assert not list(out.rglob("outside.png")) and not list(out.rglob("*default*"))
    for name in BAD:
        page = soup(app, Path(name).stem + ".html")
        assert not page.select("meta[property='og:image']"), name
    assert one_each(app, "missing")["og:title"] == "Fine"


def test_parallel_and_incremental_builds_give_the_same_tags(make_app, rootdir, tmp_path):
    import shutil

    if not parallel_available:
        pytest.skip("parallel builds need fork")
    results = {}
    for label, parallel in (("serial", 0), ("parallel", 2)):
        src = tmp_path / label
        shutil.copytree(rootdir / "test-sharing", src)
        app = make_app("html", srcdir=src, parallel=parallel,
                       confoverrides={"html_baseurl": BASE})
        app.build()
        results[label] = {page: tags(app, page) for page in PAGES}
        assert (Path(app.outdir) / "_images" / "cover.png").is_file(), label
    assert results["parallel"] == results["serial"]

    # incremental: edit the description, drop the image of another page
    src = tmp_path / "serial"
    index = src / "index.md"
    index.write_text(index.read_text().replace("Desc with", "New desc with"))
    rst = src / "rstpage.rst"
    rst.write_text(re.sub(r":image(-alt)?:.*\n", "", rst.read_text()))
    app = make_app("html", srcdir=src, confoverrides={"html_baseurl": BASE})
    app.build()
    assert dict(tags(app, "index"))["description"].startswith("New desc with")
    assert "og:image" not in dict(tags(app, "rstpage"))
    incremental = {page: tags(app, page) for page in PAGES}
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = make_app("html", srcdir=clean_src, confoverrides={"html_baseurl": BASE})
    clean.build()
    assert incremental == {page: tags(clean, page) for page in PAGES}


def test_a_quiet_build_prints_nothing(tmp_path):
    """sphinxext-opengraph prints a line about matplotlib when it is imported;
    we turn its social cards off, so a ``-q`` build of a book says nothing."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html",
                             str(ROOTS / "test-basic"), str(tmp_path / "html")],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
