"""What a reader gets, in a real browser (headless Chromium), in four themes.

The root ``test-reader`` is a small book with every kind of page the
extension makes: a landing page (hero, calendar list), pattern pages, a
catalogue (tables, cards, known instances), both indices, a bibliography and
an adopter's page.  It is built once per theme; one browser session serves
the module.

- Accessibility: axe-core (bundled with ``axe-selenium-python``, no network)
  runs on each page, in light and, where the theme has one, dark colours; no
  serious or critical violation may concern an element of ours (inside an
  ``innersource-*`` block).  The themes' own findings are written to the
  artifacts folder, not judged.
- Layout, at 1280 and 375 px, with screenshots of the front page, a pattern
  page, the catalogue and both indices in the artifacts folder: nothing of
  ours overflows horizontally; no text column of our tables or of the indices is
  narrower than a third of the screen (of the content column on a wide
  screen); each label of the pattern summary stands beside its value; no
  colon after a known instance's title; index names in the text font.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browsertools import DARK_THEMES, THEMES, driver, screenshot, show, themed_build

#: Every kind of page the extension makes, by output name.
PAGES = {"landing": "index", "pattern": "patterns/review-rota", "catalogue": "catalogue",
         "patterns-index": "innersource-patterns",
         "organisations-index": "innersource-organisations",
         "bibliography": "bibliography", "adopter": "organisations/orchard-systems"}
#: The pages of the screenshots and layout checks.
LAID_OUT = ["landing", "pattern", "catalogue", "patterns-index", "organisations-index"]

pytestmark = pytest.mark.browser
__all__ = ["driver"]  # the module's browser session (a fixture)


@pytest.fixture(scope="module", params=THEMES)
def book(request, tmp_path_factory):
    """(theme, output folder): the reader book built once per theme."""
    theme = request.param
    app = themed_build(tmp_path_factory.mktemp(f"reader-{theme}"), "reader", theme)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return theme, Path(app.outdir)


# -- accessibility ------------------------------------------------------------------------

#: axe-core's serious and critical violations, each node marked ours or not.  Ours:
#: inside an ``innersource-*`` block, except the caption Sphinx writes for every
#: toctree (``<p class="caption" role="heading">``), which the axe-core of
#: axe-selenium-python (3.1) reports for lacking ``aria-level``: ARIA 1.2 gives
#: a heading level 2 by default, and later axe-core releases accept it.
AXE = """
const done = arguments[arguments.length - 1];
const sphinxCaption = (id, e) => id === 'aria-required-attr'
  && e.matches('p.caption[role=heading]');
axe.run(document).then(results => done(results.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => {
    const target = n.target[0];
    const element = typeof target === 'string' ? document.querySelector(target) : null;
    return {target: n.target.join(' '), html: n.html.slice(0, 300),
            summary: n.failureSummary || '',
            ours: !!(element && element.closest('[class*="innersource"]')
                     && !sphinxCaption(v.id, element))};
  })}))), error => done([{id: 'axe-error', impact: 'critical',
                          nodes: [{target: '', html: String(error), summary: '', ours: true}]}]));
"""


def test_no_serious_accessibility_violation_of_ours(book, driver, artifacts):
    axe_module = pytest.importorskip("axe_selenium_python",
                                     reason="axe-selenium-python is not installed")
    theme, outdir = book
    script = (Path(axe_module.__file__).parent / "node_modules" / "axe-core"
              / "axe.min.js").read_text(encoding="utf-8")
    ours, theirs = [], {}
    for dark in (False, True):
        if dark and theme not in DARK_THEMES:
            continue
        show(driver, 1280, dark)
        for name, page in PAGES.items():
            driver.get((outdir / f"{page}.html").as_uri())
            driver.execute_script(script)
            label = f"{theme} {name} {'dark' if dark else 'light'}"
            for violation in driver.execute_async_script(AXE):
                for node in violation["nodes"]:
                    found = (label, violation["id"], node["target"], node["html"],
                             node["summary"])
                    if node["ours"]:
                        ours.append(found)
                    else:
                        theirs.setdefault(label, []).append(found[1:3])
    (artifacts / f"axe-theme-findings-{theme}.json").write_text(
        json.dumps(theirs, indent=1), encoding="utf-8")
    assert ours == [], "\n".join(" | ".join(item) for item in ours)


# -- layout ---------------------------------------------------------------------------------

LAYOUT = """
const box = e => { const r = e.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, width: r.width}; };
const content = document.querySelector(
  'article, div.body, main, [role="main"]') || document.body;
const cells = [...document.querySelectorAll(
  'table.innersource-pattern-table td, table.innersource-known-instances-table td, '
  + 'table.modindextable td, table.domainindex-table td')]
  .filter(td => td.textContent.trim().length > 40)
  .map(td => ({text: td.textContent.trim().slice(0, 40), width: box(td).width}));
const fields = [...document.querySelectorAll('dl.innersource-pattern-meta > dt')]
  .map(dt => ({label: dt.textContent.trim(), dt: box(dt).top,
               dd: box(dt.nextElementSibling).top}));
const titles = [...document.querySelectorAll(
  '.innersource-known-instance > .admonition-title')]
  .map(t => getComputedStyle(t, '::after').content);
const names = [...document.querySelectorAll(
  'table.modindextable code.xref, table.domainindex-table code.xref')]
  .map(c => [getComputedStyle(c).fontFamily, getComputedStyle(c.closest('td')).fontFamily]);
const clientWidth = document.documentElement.clientWidth;
const overflowing = [...document.querySelectorAll(
  '[class*="innersource"], table.modindextable, table.domainindex-table')]
  .filter(e => e.getClientRects().length && box(e).right > clientWidth + 1)
  .map(e => e.tagName + '.' + [...e.classList].join('.') + ' ' + Math.round(box(e).right));
return {overflowing: overflowing, clientWidth: clientWidth,
        content: box(content).width, cells: cells, fields: fields, titles: titles,
        names: names};
"""


def test_layout_at_1280_and_375_px(book, driver, artifacts):
    theme, outdir = book
    for width in (1280, 375):
        show(driver, width, False)
        for name in LAID_OUT:
            driver.get((outdir / f"{PAGES[name]}.html").as_uri())
            m = driver.execute_script(LAYOUT)
            label = f"{theme}-{name}-{width}px"
            screenshot(driver, artifacts / f"reader-{label}.png")
            # nothing of ours overflows (pydata's own skip link does, at 375 px)
            assert not m["overflowing"], (label, m["clientWidth"], m["overflowing"])
            # a column of long text (patlets, lists of patterns): a third of the screen
            # on a phone, of the content column on a wide screen
            least = (width if width < 600 else m["content"]) / 3
            narrow = [cell for cell in m["cells"] if cell["width"] < least]
            assert not narrow, (label, least, narrow)
            misplaced = [f for f in m["fields"] if abs(f["dt"] - f["dd"]) > 4]
            assert not misplaced, (label, misplaced)
            assert all(content != '":"' for content in m["titles"]), (label, m["titles"])
            assert all(code == cell for code, cell in m["names"]), (label, m["names"])
            if name == "pattern":
                assert len(m["fields"]) >= 5 and m["titles"], label
            if name.endswith("-index"):
                assert m["names"], label
            if name == "catalogue":
                assert len(m["cells"]) >= 6, label  # the patlets of both tables
