"""Headless Chromium for the browser tests (landing, navigation, reader).

One session per test module: the ``driver`` fixture (import it into the test
module) starts it with ``chromium()``, or skips the test when Chromium,
chromedriver or selenium is missing; ``show()`` sets the viewport and the
colour scheme; ``views()`` shows a page in each viewport and scheme;
``screenshot()`` saves the whole page; ``themed_build()`` builds a root in a
theme.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from helpers import fresh_build

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"]
#: The themes with a dark colour scheme (they follow prefers-color-scheme).
DARK_THEMES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}
#: (width, dark) of the views of a page: wide and narrow, light and dark.
VIEWS = [(1280, False), (375, False), (1280, True), (375, True)]


def chromium(profile: Path, *, javascript: bool = True):
    """A headless Chromium driven by selenium, with a fresh profile."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("headless browser test needs /usr/bin/chromium and /usr/bin/chromedriver "
                    "(apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--hide-scrollbars", "--window-size=1280,900",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    browser = webdriver.Chrome(service=webdriver.ChromeService(str(CHROMEDRIVER)),
                               options=options)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(120)
    return browser


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """One headless Chromium for the test module."""
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.quit()


def themed_build(tmp_path: Path, root: str, theme: str, **confoverrides):
    """The root ``test-<root>`` copied to *tmp_path* and built in *theme* (the app);
    the test is skipped when the theme is not installed."""
    if theme != "alabaster":
        pytest.importorskip(theme, reason=f"the theme {theme} is not installed")
    return fresh_build(tmp_path, root, confoverrides={"html_theme": theme, **confoverrides})


def views(driver, theme: str, url: str, name: str = ""):
    """Load *url* in each of the VIEWS (dark only where *theme* has a dark
    scheme); yield (width, label), the label naming theme, *name*, width and
    scheme: ``furo-map-375px-dark``."""
    for width, dark in VIEWS:
        if dark and theme not in DARK_THEMES:
            continue
        show(driver, width, dark)
        driver.get(url)
        yield width, "-".join(part for part in (theme, name, f"{width}px",
                                                "dark" if dark else "light") if part)


def show(driver, width: int, dark: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


def screenshot(driver, path: Path) -> None:
    """The whole page (up to 4000 px high), not only the viewport."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    height = min(int(metrics["cssContentSize"]["height"]), 4000)
    width = int(metrics["cssLayoutViewport"]["clientWidth"])
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


#: JavaScript: ``background(element)``, the colour an element is seen on (the
#: first ancestor with a mostly opaque background; white when there is none).
BACKGROUND_JS = """
function background(e) {
  for (; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    const alpha = c.startsWith('rgba') ? parseFloat(c.split(',')[3]) : 1;
    if (c !== 'transparent' && alpha > 0.5) return c;
  }
  return 'rgb(255, 255, 255)';
}
"""
