"""hero-section: the :subtitle: option and button icons (image file, octicon)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import located_warning, project, read, soup, warnings_of


@pytest.mark.sphinx("html", testroot="landing")
def test_subtitle_and_icons_html(app):
    app.build()
    hero = soup(app, "index.html").select_one("section.innersource-hero")
    title = hero.select_one("h2.innersource-hero__title")
    subtitle = title.find_next_sibling()
    assert subtitle.name == "p" and subtitle["class"] == ["innersource-hero__subtitle"]
    assert subtitle.get_text() == 'Proven practices & \u201cpatterns\u201d for everyone'

    read_online, other, office = hero.select(".innersource-hero__buttons a")
    # an image file: inside the link, before the text, hidden from screen readers
    icon = read_online.contents[0]
    assert icon.name == "span" and icon["class"] == ["innersource-button__icon"]
    assert icon["aria-hidden"] == "true"
    image = icon.select_one("img")
    assert image["src"] == "_images/chat.png" and image["alt"] == ""
    assert (Path(app.outdir) / "_images" / "chat.png").is_file()
    assert read_online.get_text(strip=True) == "Read online"
    # an octicon of sphinx-design, on an internal link, keeps the button's classes
    icon = other.contents[0]
    assert icon["aria-hidden"] == "true"
    svg = icon.select_one("svg")
    assert "sd-octicon-book" in svg["class"] and svg["height"] == "1.0em"
    assert {"innersource-button", "innersource-button--secondary"} <= set(other["class"])
    assert other["href"] == "other.html" and other.get_text(strip=True) == "Other page"
    # no icon asked for: none given
    assert office.select(".innersource-button__icon") == []


@pytest.mark.sphinx("latex", testroot="landing")
def test_subtitle_and_no_icons_latex(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    hero = tex[tex.index("innersource-hero"):tex.index(r"\chapter{Office hours}")]
    assert "Proven practices \\& \u201cpatterns\u201d for everyone" in hero
    assert hero.index("Proven practices") < hero.index("Our book collects")
    assert r"\sphinxhref{https://example.org/book?a=1\&b=2}{Read online}" in hero
    assert "chat" not in tex and "svg" not in hero.replace("cover}.svg", "")
    assert not (Path(app.outdir) / "chat.png").exists()


@pytest.mark.sphinx("text", testroot="landing")
def test_subtitle_and_no_icons_text(app):
    app.build()
    text = re.sub(r"\s+", " ", read(app, "index.txt"))
    assert '-[ The Pattern Book ]- Proven practices & "patterns" for everyone Our book' in text
    assert "Read online <https://example.org/book?a=1&b=2> \u00b7 Other page \u00b7 Office hours" \
        in text
    assert "chat.png" not in text and "<svg" not in text


BAD_ICONS = """\
Icons
=====

.. hero-section:: Title
   :buttons:
      Missing <https://example.org/1> [primary, icon=nowhere.png]
      Outside <https://example.org/2> [icon=../outside.png]
      Not an image <https://example.org/3> [secondary, icon=notes.txt]
      Unknown <https://example.org/4> [icon=octicon:no-such-icon]
      Script <https://example.org/5> [icon=javascript:alert(1)]
      Key <https://example.org/6> [outline, size=big]

   Body.
"""


def test_bad_icons_warn_and_keep_the_button(make_app, tmp_path):
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    src = project(tmp_path, {"notes.txt": "not an image", "index.rst": BAD_ICONS})
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    for subtype, needles in [
        ("image", ("'Missing'", "'nowhere.png'", "does not exist")),
        ("image", ("'Outside'", "outside the source folder")),
        ("image", ("'Not an image'", "not an SVG, PNG")),
        ("image", ("'Unknown'", "no octicon 'no-such-icon'")),
        ("image", ("'Script'", "'javascript:alert(1)'")),
        ("option", ("'Key'", "'size=big' is not understood")),
    ]:
        located_warning(warnings, *needles, where="index.rst:4", subtype=subtype)
    assert len(warnings) == 6, warnings
    buttons = soup(app, "index.html").select(".innersource-hero__buttons a")
    assert [b.get_text(strip=True) for b in buttons] == \
        ["Missing", "Outside", "Not an image", "Unknown", "Script", "Key"]
    assert [b.select(".innersource-button__icon") for b in buttons] == [[]] * 6
    assert "innersource-button--outline" in buttons[5]["class"]
    assert not list(Path(app.outdir).rglob("outside.png"))
