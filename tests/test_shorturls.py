"""Short URLs (``innersource_short_urls``): redirect pages for ids and aliases."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from booktools import build_root
from bs4 import BeautifulSoup
from helpers import warnings_of

from sphinx_innersource.book.shorturls import MANIFEST, MARKER, check_folder

ROOT = Path(__file__).parent / "roots" / "test-export"

#: short name -> docname of the pattern page it must lead to
EXPECTED = {
    "alpha": "patterns/alpha",
    "first-alias": "patterns/alpha",
    "beta": "patterns/beta",
    "gamma": "gamma/index",
    "gamma-ray": "gamma/index",
}


def build(make_app, srcdir: Path, buildername: str = "html", **confoverrides):
    """Build a copy of the export root kept in *srcdir* (copied on first use)."""
    return build_root(make_app, "export", srcdir, buildername, confoverrides=confoverrides)


def page_file(buildername: str, docname: str) -> str:
    if buildername == "dirhtml":
        return "index.html" if docname == "index" else (
            docname[: -len("index")] + "index.html" if docname.endswith("/index")
            else f"{docname}/index.html")
    return f"{docname}.html"


def redirect_of(outdir: Path, rel: str) -> tuple[str, str, str]:
    """(refresh URL, canonical href, plain link href) of a redirect page."""
    page = BeautifulSoup((outdir / rel).read_text(encoding="utf-8"), "html.parser")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    match = re.fullmatch(r"0; url=(.+)", refresh["content"])
    assert match, refresh["content"]
    canonical = page.find("link", rel="canonical")["href"]
    link = page.select_one("body a[href]")["href"]
    return match.group(1), canonical, link


def follow(rel: str, url: str) -> str:
    """The output file reached by *url* from the redirect file *rel*."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(url)))
    if url.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_short_urls_for_ids_and_aliases_lead_to_the_pattern_page(make_app, tmp_path,
                                                                 buildername):
    app = build(make_app, tmp_path / "src", buildername, innersource_short_urls="p")
    outdir = Path(app.outdir)
    for slug, docname in EXPECTED.items():
        for rel in (f"p/{slug}.html", f"p/{slug}/index.html"):
            assert (outdir / rel).is_file(), rel
            url, canonical, link = redirect_of(outdir, rel)
            assert not url.startswith(("/", "http")), url
            target = follow(rel, url)
            assert target == page_file(buildername, docname), (rel, url)
            assert (outdir / target).is_file()
            assert canonical == url
            assert link == url
    # Exactly these short URLs (and the clashing aliases are not among them).
    written = sorted(p.relative_to(outdir).as_posix() for p in (outdir / "p").rglob("*.html"))
    assert written == sorted(
        rel for slug in EXPECTED for rel in (f"p/{slug}.html", f"p/{slug}/index.html")
    )
    assert not (outdir / "p" / "shared-name.html").exists()


def test_clashing_aliases_are_skipped_with_located_warnings(make_app, tmp_path):
    app = build(make_app, tmp_path / "src", innersource_short_urls="p")
    warnings = [w for w in warnings_of(app) if "innersource.short_url" in w]
    assert len(warnings) == 3, warnings
    assert any("beta.md:3" in w and "'Alpha'" in w and "'alpha'" in w for w in warnings)
    assert any("alpha.md:3" in w and "'Shared Name'" in w for w in warnings)
    assert any("beta.md:3" in w and "'Shared Name'" in w for w in warnings)
    # p/alpha still belongs to the pattern alpha, not to beta's alias.
    url, _, _ = redirect_of(Path(app.outdir), "p/alpha.html")
    assert follow("p/alpha.html", url) == "patterns/alpha.html"


def test_redirect_page_is_escaped_html5_with_absolute_canonical(make_app, tmp_path):
    app = build(make_app, tmp_path / "src", innersource_short_urls="go/p",
                html_baseurl="https://book.example/en/")
    outdir = Path(app.outdir)
    text = (outdir / "go/p/beta/index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in text
    # The title of beta contains markup-like text: it must arrive as text.
    assert "<b>" not in text
    assert "&lt;b&gt;" in text
    url, canonical, link = redirect_of(outdir, "go/p/beta/index.html")
    assert url == "../../../patterns/beta.html"
    assert canonical == "https://book.example/en/patterns/beta.html"
    assert link == url
    assert not warnings_of(app) or all("short_url" in w for w in warnings_of(app))


def test_nothing_is_written_without_the_option(make_app, tmp_path):
    app = build(make_app, tmp_path / "src")
    outdir = Path(app.outdir)
    assert not (outdir / "p").exists()
    assert not (outdir / MANIFEST).exists()
    for path in outdir.rglob("*.html"):
        assert MARKER not in path.read_text(encoding="utf-8"), path
    assert not [w for w in warnings_of(app) if "short_url" in w]


def test_single_html_gets_no_short_urls(make_app, tmp_path):
    app = build(make_app, tmp_path / "src", "singlehtml", innersource_short_urls="p")
    assert not (Path(app.outdir) / "p").exists()


@pytest.mark.parametrize("value", ["../x", "/abs/p", "_static", "a//b", "p q", "C:p", "a\\b"])
def test_bad_folder_warns_and_writes_nothing(make_app, tmp_path, value):
    app = build(make_app, tmp_path / "src", innersource_short_urls=value)
    outdir = Path(app.outdir)
    warnings = [w for w in warnings_of(app) if "innersource_short_urls" in w]
    assert len(warnings) == 1, warnings_of(app)
    assert "innersource.short_url" in warnings[0]
    assert not (outdir / MANIFEST).exists()
    assert not (outdir.parent / "x").exists()
    assert not any(MARKER in p.read_text(encoding="utf-8")
                   for p in outdir.parent.rglob("*.html"))


@pytest.mark.parametrize(("value", "expected"), [
    ("", ""), ("p", "p"), ("p/", "p"), (" go/p ", "go/p"), ("s.1-x", "s.1-x"),
])
def test_good_folder_values_are_normalised(value, expected):
    assert check_folder(value) == expected


def test_removed_pattern_loses_its_short_urls_on_incremental_build(make_app, tmp_path):
    srcdir = tmp_path / "src"
    first = build(make_app, srcdir, innersource_short_urls="p")
    outdir = Path(first.outdir)
    assert (outdir / "p/gamma.html").is_file()
    assert (outdir / "p/gamma-ray/index.html").is_file()

    (srcdir / "gamma" / "index.md").unlink()
    (srcdir / "patterns" / "delta.md").write_text(
        "# Delta\n\n```{pattern}\n:patlet: Delta problem. Delta solution.\n```\n",
        encoding="utf-8",
    )
    second = build(make_app, srcdir, innersource_short_urls="p")
    status = second.status.getvalue()
    assert "1 added, 0 changed, 1 removed" in status  # an incremental build
    for gone in ("p/gamma.html", "p/gamma/index.html", "p/gamma-ray.html",
                 "p/gamma-ray/index.html"):
        assert not (outdir / gone).exists(), gone
    assert not (outdir / "p/gamma").exists()
    assert not (outdir / "p/gamma-ray").exists()
    url, _, _ = redirect_of(outdir, "p/delta/index.html")
    assert follow("p/delta/index.html", url) == "patterns/delta.html"
    assert (outdir / "p/alpha.html").is_file()
    assert (outdir / "p/first-alias/index.html").is_file()

    # Switching the option off removes the rest.
    build(make_app, srcdir)
    assert not (outdir / "p").exists()
    assert not (outdir / MANIFEST).exists()


def test_foreign_file_is_not_replaced(make_app, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    extra = srcdir / "extra" / "p"
    extra.mkdir(parents=True)
    (extra / "beta.html").write_text("<p>mine</p>\n", encoding="utf-8")
    app = build(make_app, srcdir, innersource_short_urls="p",
                html_extra_path=["extra"])
    outdir = Path(app.outdir)
    assert (outdir / "p/beta.html").read_text(encoding="utf-8") == "<p>mine</p>\n"
    assert (outdir / "p/beta/index.html").is_file()
    assert any("beta.md:3" in w and "'p/beta.html'" in w and "short_url" in w
               for w in warnings_of(app))
    # The next build still leaves it alone (it is not in the manifest).
    app = build(make_app, srcdir, innersource_short_urls="p", html_extra_path=["extra"])
    assert (outdir / "p/beta.html").read_text(encoding="utf-8") == "<p>mine</p>\n"


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_short_url_that_would_replace_a_page_is_skipped(make_app, tmp_path, buildername):
    # The page patterns/alpha is written to patterns/alpha.html (html) or
    # patterns/alpha/index.html (dirhtml): the short URL of the id alpha in
    # the folder "patterns" would replace it (and likewise for beta).
    app = build(make_app, tmp_path / "src", buildername, innersource_short_urls="patterns")
    outdir = Path(app.outdir)
    page = outdir / page_file(buildername, "patterns/alpha")
    assert MARKER not in page.read_text(encoding="utf-8")
    assert "Alpha Pattern" in page.read_text(encoding="utf-8")
    warnings = [w for w in warnings_of(app) if "would replace the page" in w]
    assert len(warnings) == 2, warnings_of(app)
    assert "alpha.md:3" in warnings[0] and "beta.md:3" in warnings[1]
    # The alias of alpha and the other patterns still get theirs.
    url, _, _ = redirect_of(outdir, "patterns/first-alias.html")
    assert follow("patterns/first-alias.html", url) == page_file(buildername, "patterns/alpha")
    assert (outdir / "patterns/gamma/index.html").is_file()
    # The export names only short URLs that exist.
    data = json.loads((outdir / "patterns.json").read_text(encoding="utf-8"))
    short = {p["id"]: p["short_url"] for p in data["patterns"]}
    assert short == {"alpha": None, "beta": None, "gamma": "patterns/gamma.html"}


def test_file_in_the_way_of_a_folder_warns_instead_of_failing(make_app, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "extra" / "p").mkdir(parents=True)
    (srcdir / "extra" / "p" / "gamma").write_text("not a folder\n", encoding="utf-8")
    app = build(make_app, srcdir, innersource_short_urls="p", html_extra_path=["extra"])
    outdir = Path(app.outdir)
    assert (outdir / "p/gamma").read_text(encoding="utf-8") == "not a folder\n"
    assert (outdir / "p/gamma.html").is_file()
    assert any("'p/gamma/index.html'" in w and "gamma/index.md" in w
               for w in warnings_of(app)), warnings_of(app)
