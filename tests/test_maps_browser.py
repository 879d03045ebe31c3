"""The drawings in a real browser (headless Chromium): links, size and colours.

Clicking a node of a graph (and of a pattern page's own graph) opens the
pattern's page in the same window.  In four themes, at 1280 px and 375 px,
in light and dark colour schemes: the page does not overflow horizontally
(a wide drawing scrolls inside its own box), the labels contrast with the
node fills as the page shows them (a translucent tint over the page's
background), and edges and borders with the background.  Screenshots go to
the ``artifacts`` folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsertools import BACKGROUND_JS, THEMES, driver, screenshot, show, themed_build, views
from test_landing_browser import contrast, rgb

pytestmark = pytest.mark.browser
__all__ = ["driver"]  # the module's browser session (a fixture)

NODE = ("//*[local-name()='svg']//*[local-name()='a']"
        "[.//*[local-name()='text' and normalize-space(.)='{}']]")


@pytest.mark.parametrize(("start", "label", "target"), [
    ("graph.html", "Code Tour", "patterns/code-tour.html"),
    ("map.html", "Office Hours", "patterns/office-hours.html"),
    ("patterns/trusted-committer.html", "Review Rota", "patterns/review-rota.html"),
])
def test_clicking_a_node_opens_the_pattern(driver, tmp_path, start, label, target):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out = Path(themed_build(tmp_path, "maps", "furo").outdir)
    show(driver, 1280, False)
    driver.get((out / start).as_uri())
    handles = driver.window_handles
    driver.find_element(By.XPATH, NODE.format(label)).click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith(target))
    assert driver.window_handles == handles  # the same window, no new tab
    assert driver.current_url == (out / target).as_uri()
    assert driver.find_element(By.CSS_SELECTOR, "h1").text.rstrip("#¶ ").strip() == label


MEASURE = BACKGROUND_JS + """
const svg = document.querySelector('figure.innersource-graph svg');
const drawing = svg.closest('.innersource-graph-drawing');
const nodes = [...svg.querySelectorAll('g.node')].map(g => {
  const shape = g.querySelector('path, polygon');
  const text = g.querySelector('text');
  return {fill: shape.getAttribute('fill'), opacity: shape.getAttribute('fill-opacity') || '1',
          stroke: getComputedStyle(shape).stroke, text: getComputedStyle(text).fill};
});
const edge = svg.querySelector('g.edge path');
const note = document.querySelector('.innersource-graph-key-note');
const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width}; };
const root = svg.querySelector('g.node.innersource-map-root');
// The page's width without the drawing: what the theme itself needs.
const figure = svg.closest('figure.innersource-graph');
const shown = figure.style.display;
figure.style.display = 'none';
const withoutDrawing = document.documentElement.scrollWidth;
figure.style.display = shown;
return {
  withoutDrawing: withoutDrawing,
  root: root ? box(root) : null,
  background: background(drawing), nodes: nodes,
  edge: edge ? getComputedStyle(edge).stroke : null,
  drawing: box(drawing), svg: box(svg), noteWidth: note.getBoundingClientRect().width,
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
};
"""


def blend(fill: str, opacity: float, back: tuple[float, ...]) -> tuple[float, ...]:
    colour = tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(c * opacity + b * (1 - opacity) for c, b in zip(colour, back, strict=True))


@pytest.mark.parametrize("theme", THEMES)
def test_drawings_fit_and_read_in_light_and_dark(theme, driver, tmp_path, artifacts):
    out = Path(themed_build(tmp_path, "maps", theme).outdir)
    for name in ("graph.html", "map.html", "patterns/review-rota.html"):
        for _width, label in views(driver, theme, (out / name).as_uri(), Path(name).stem):
            m = driver.execute_script(MEASURE)
            screenshot(driver, artifacts / f"maps-{label}.png")
            # The drawing makes the page no wider than the window. (Some
            # themes overflow a narrow window by themselves: pydata-sphinx-theme
            # 0.20 in Chromium 156 at 375 px, with or without the extension.)
            assert m["scrollWidth"] <= max(m["clientWidth"], m["withoutDrawing"]), (label, m)
            assert m["drawing"]["right"] <= m["clientWidth"] + 1, (label, m)
            assert m["noteWidth"] <= 1, label  # said to screen readers only
            if m["root"]:  # a map opens with its root in view
                assert m["drawing"]["left"] <= m["root"]["left"], (label, m)
                assert m["root"]["right"] <= m["drawing"]["right"], (label, m)
            back = rgb(m["background"])
            for node in m["nodes"]:
                fill = blend(node["fill"], float(node["opacity"]), back)
                ratio = contrast(rgb(node["text"]), fill)
                assert ratio >= 4.5, (label, node, m["background"], ratio)
                assert contrast(rgb(node["stroke"]), back) >= 3, (label, node, m["background"])
            if m["edge"]:
                assert contrast(rgb(m["edge"]), back) >= 3, (label, m["edge"], m["background"])
