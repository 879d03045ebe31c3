"""``innersource_fast_navigation = "shared"`` in a real browser (headless Chromium).

The navigation book is built with the navigation on each page (the cache's
default) and shared (written once, put in place by a script); in the
browser, the navigation of each sampled page must be the same: the same
items, lists and links in the same order, the same ``current`` marks and
open branches, furo's checked boxes, and links that lead to the same pages.
Without JavaScript the page offers a link to the whole table of contents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsertools import chromium, driver
from navbooks import build, copy_book

pytestmark = pytest.mark.browser
__all__ = ["driver"]  # the module's browser session (a fixture)

#: Where each theme shows the navigation.
NAVIGATION = {"alabaster": "div.sphinxsidebar", "furo": ".sidebar-tree"}

PAGES = ["index", "about", "guide/index", "guide/topics/t03", "guide/usage", "reference/api",
         "reference/index", "tutorial/step2", "patterns/p07", "shared", "orphan",
         "innersource-patterns"]

#: The navigation as the browser sees it: every item, list, link and checkbox
#: in order, with its classes, its link resolved and made relative to the
#: book's root, and whether it is checked.
READ = """
const root = arguments[1];
const area = document.querySelector(arguments[0]);
if (!area) { return null; }
return [...area.querySelectorAll('li, ul, a, input')].map(e => [
  e.tagName, [...e.classList].sort().join(' '),
  e.tagName === 'A' ? (e.href.startsWith(root) ? e.href.slice(root.length) : e.href) : '',
  e.tagName === 'INPUT' ? String(e.checked) : '',
  e.tagName === 'A' ? e.textContent.trim() : '']);
"""


def read(driver, outdir: Path, page: str, theme: str, builder: str):
    dirhtml = builder == "dirhtml" and page.rpartition("/")[2] != "index"
    name = f"{page}/index.html" if dirhtml else f"{page}.html"
    driver.get((outdir / name).as_uri())
    return driver.execute_script(READ, NAVIGATION[theme], outdir.as_uri() + "/")


@pytest.mark.parametrize(("theme", "builder"),
                         [("alabaster", "html"), ("alabaster", "dirhtml"), ("furo", "html")])
def test_shared_navigation_is_the_inline_navigation(driver, tmp_path, artifacts, theme,
                                                    builder):
    src = copy_book(tmp_path / "src")
    inline = build(src, tmp_path / "inline", theme=theme, builder=builder, freshenv=True)
    shared = build(src, tmp_path / "shared", theme=theme, builder=builder, fast="shared",
                   freshenv=True)
    assert shared["stats"]["shared"] > 0
    assert "shared" not in inline["stats"]
    for page in PAGES:
        expected = read(driver, inline["outdir"], page, theme, builder)
        assert expected, page
        assert read(driver, shared["outdir"], page, theme, builder) == expected, page
    driver.save_screenshot(str(artifacts / f"navigation-shared-{theme}-{builder}.png"))
    # the book is smaller: the navigation is written once
    size = {name: sum(p.stat().st_size for p in result["outdir"].rglob("*.html"))
            for name, result in (("inline", inline), ("shared", shared))}
    assert size["shared"] < size["inline"]


def test_without_javascript_a_link_leads_to_the_contents(tmp_path):
    src = copy_book(tmp_path / "src")
    shared = build(src, tmp_path / "shared", fast="shared", freshenv=True)
    outdir = shared["outdir"]
    browser = chromium(tmp_path / "profile", javascript=False)
    try:
        browser.get((outdir / "guide/topics/t03.html").as_uri())
        links = browser.execute_script(
            "return [...document.querySelectorAll('div.innersource-navigation a')]"
            ".map(a => [a.textContent, a.href]);")
        # one placeholder per toctree() call of the sidebars (three in this book)
        contents = (outdir / "innersource-contents.html").as_uri()
        assert links == [["Table of Contents", contents]] * 3
        browser.get(links[0][1])
        listed = set(browser.execute_script(
            "return [...document.querySelectorAll('div.body a.reference.internal')]"
            ".map(a => a.href);"))
    finally:
        browser.quit()
    for page in ("about", "guide/topics/t03", "patterns/p07", "tutorial/step2", "reference/api"):
        assert (outdir / f"{page}.html").as_uri() in listed, page
