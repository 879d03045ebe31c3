"""hero-section: the :subtitle: option and button icons (image file, octicon) in HTML.

The LaTeX and text output (subtitle shown, icons left out) is checked with the
rest of the landing page in test_landing.py.
"""

from __future__ import annotations

from pathlib import Path

from helpers import located_warning, project, soup, warnings_of


def test_subtitle_and_icons_html(shared_build):
    app = shared_build("landing")
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
