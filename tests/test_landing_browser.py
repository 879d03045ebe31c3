"""The landing page in a real browser (headless Chromium), in four themes.

Checked from the live DOM at 1280 px and 375 px: the hero shows image and
text side by side on the wide viewport and stacked on the narrow one, the
calendar iframe has the expected ``src`` and the width of the content
column, the buttons stand in one row on the wide viewport with each icon
before its text and as high as the text, nothing overflows horizontally,
and the primary button stays readable in light and dark colour schemes.
A pattern page is checked the same way: the summary block and a known
instance fit the viewport, and the badge, the patlet and the known-instance
title are readable.  Screenshots go to the ``artifacts`` folder.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from browsertools import BACKGROUND_JS, THEMES, driver, screenshot, themed_build, views

pytestmark = pytest.mark.browser
__all__ = ["driver"]  # the module's browser session (a fixture)

MEASURE = """
const hero = document.querySelector('section.innersource-hero');
const img = hero.querySelector('.innersource-hero__media img');
const body = hero.querySelector('.innersource-hero__body');
const frame = document.querySelector('iframe.innersource-calendar__frame');
const para = [...document.querySelectorAll('p')].find(
    p => p.textContent.includes('Join us every week'));
const button = hero.querySelector('a.innersource-button--primary');
const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
            height: r.height}; };
const style = getComputedStyle(button);
const buttons = [...hero.querySelectorAll('.innersource-hero__buttons a')].map(box);
const icons = [...hero.querySelectorAll('a .innersource-button__icon')].map(icon => {
  const link = icon.closest('a');
  const text = [...link.childNodes].find(n => n !== icon);
  const range = document.createRange(); range.selectNodeContents(text);
  const r = range.getBoundingClientRect();
  const drawn = icon.querySelector('img, svg');
  return {icon: box(drawn), text: {left: r.left, top: r.top, bottom: r.bottom},
          fontSize: parseFloat(getComputedStyle(link).fontSize),
          loaded: drawn.tagName.toLowerCase() === 'svg'
                  || (drawn.complete && drawn.naturalWidth > 0)};
});
const subtitle = hero.querySelector('.innersource-hero__subtitle');
const row = hero.querySelector('.innersource-hero__buttons');
return {
  row: box(row), rowGap: parseFloat(getComputedStyle(row).columnGap) || 0,
  buttons: buttons, icons: icons, subtitle: box(subtitle),
  title: box(hero.querySelector('h2')),
  hero: box(hero), img: box(img), body: box(body), frame: box(frame), para: box(para),
  imgLoaded: img.complete && img.naturalWidth > 0,
  src: frame.getAttribute('src'),
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  buttonColor: style.color, buttonBackground: style.backgroundColor,
};
"""


def rgb(value: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", value)[:3])


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def luminance(c):
        lin = [(v / 255 / 12.92) if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
               for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES)
def test_landing_layout_in_browser(theme, driver, tmp_path, artifacts):
    app = themed_build(tmp_path, "landing", theme)
    page = (Path(app.outdir) / "index.html").as_uri()
    for width, label in views(driver, theme, page):
        m = driver.execute_script(MEASURE)
        screenshot(driver, artifacts / f"landing-{label}.png")

        assert m["imgLoaded"], label
        img, body = m["img"], m["body"]
        if width >= 1000:  # side by side: image left of the text, rows overlapping
            assert img["right"] <= body["left"] + 1, (label, m)
            assert img["top"] < body["bottom"] and body["top"] < img["bottom"], (label, m)
        else:  # stacked: image above the text
            assert img["bottom"] <= body["top"] + 1, (label, m)
            assert body["width"] > 0.8 * m["hero"]["width"] - 64, (label, m)

        params = dict(parse_qsl(urlsplit(m["src"]).query))
        assert m["src"].startswith("https://calendar.google.com/calendar/embed?"), label
        assert params["src"] == "team@group.calendar.google.com" and params["mode"] == "AGENDA"
        # the iframe takes the width of the content column (that of a paragraph)
        assert abs(m["frame"]["width"] - m["para"]["width"]) <= 2, (label, m)
        assert abs(m["frame"]["left"] - m["para"]["left"]) <= 2, (label, m)
        # nothing overflows horizontally
        assert m["scrollWidth"] <= m["clientWidth"], (label, m)
        assert m["hero"]["right"] <= m["clientWidth"] and m["frame"]["right"] <= m["clientWidth"]
        # the subtitle sits under the title; the buttons stand in one row where
        # they fit, each icon before its text, as high as the text
        assert m["title"]["bottom"] <= m["subtitle"]["top"] + 1, (label, m)
        buttons, gap = m["buttons"], m["rowGap"]
        if sum(b["width"] for b in buttons) + gap * (len(buttons) - 1) <= m["row"]["width"]:
            assert max(b["top"] for b in buttons) - min(b["top"] for b in buttons) <= 2, \
                (label, m["row"], buttons)
        for before, after in itertools.pairwise(buttons):
            if after["top"] > before["bottom"] - 1:  # wrapped: it did not fit after *before*
                assert before["right"] + gap + after["width"] > m["row"]["right"] - 1, \
                    (label, m["row"], buttons)
        assert all(b["right"] <= m["clientWidth"] for b in m["buttons"]), (label, m)
        assert len(m["icons"]) == 2, label
        for icon in m["icons"]:
            assert icon["loaded"], (label, icon)
            assert icon["icon"]["right"] <= icon["text"]["left"] + 1, (label, icon)
            assert 0.8 * icon["fontSize"] <= icon["icon"]["height"] <= 1.5 * icon["fontSize"], \
                (label, icon)
            # vertically centred on the text line
            middle = (icon["icon"]["top"] + icon["icon"]["bottom"]) / 2
            assert icon["text"]["top"] <= middle <= icon["text"]["bottom"], (label, icon)
        # the primary button is readable (WCAG AA for large/bold text)
        ratio = contrast(rgb(m["buttonColor"]), rgb(m["buttonBackground"]))
        assert ratio >= 3, (label, m["buttonColor"], m["buttonBackground"], ratio)


PATTERN_MEASURE = BACKGROUND_JS + """
const summary = document.querySelector('aside.innersource-pattern-summary');
const badge = summary.querySelector('.innersource-badge');
const block = document.querySelector('.innersource-known-instance');
const title = block.querySelector('.admonition-title');
const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, height: r.height}; };
return {
  summary: box(summary), block: box(block),
  badgeColor: getComputedStyle(badge).color, badgeBackground: background(badge),
  titleColor: getComputedStyle(title).color, titleBackground: background(title),
  patletColor: getComputedStyle(summary.querySelector('.innersource-patlet')).color,
  summaryBackground: background(summary),
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
};
"""


@pytest.mark.parametrize("theme", THEMES)
def test_pattern_page_in_browser(theme, driver, tmp_path, artifacts):
    """The summary block, the badge and a known instance are visible and readable."""
    app = themed_build(tmp_path, "basic", theme, project="Basic")
    page = (Path(app.outdir) / "alpha.html").as_uri()
    for _width, label in views(driver, theme, page):
        m = driver.execute_script(PATTERN_MEASURE)
        screenshot(driver, artifacts / f"pattern-{label}.png")
        assert m["summary"]["width"] > 0 and m["summary"]["height"] > 0, label
        assert m["summary"]["right"] <= m["clientWidth"], (label, m)
        assert m["block"]["right"] <= m["clientWidth"], (label, m)
        assert m["scrollWidth"] <= m["clientWidth"], (label, m)
        for text, back in [("badgeColor", "badgeBackground"), ("titleColor", "titleBackground"),
                           ("patletColor", "summaryBackground")]:
            ratio = contrast(rgb(m[text]), rgb(m[back]))
            assert ratio >= 3, (label, text, m[text], m[back], ratio)
