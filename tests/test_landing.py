"""hero-section and calendar-embed: HTML, LaTeX and text output of a landing page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from helpers import ROOTS, located_warning, project, read, soup, warnings_of

CALENDAR_BASE = "https://calendar.google.com/calendar/embed"


def query(url: str) -> list[tuple[str, str]]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALENDAR_BASE
    return parse_qsl(parts.query, keep_blank_values=True)


def test_landing_html(shared_build):
    app = shared_build("landing")
    assert warnings_of(app) == []
    page = soup(app, "index.html")

    # -- hero: a labelled <section> with image, title, body and buttons
    hero = page.select_one("section.innersource-hero")
    assert hero is not None
    assert {"innersource-hero--image-left", "innersource-hero--bg-light", "extra-hero"} \
        <= set(hero["class"])
    assert "--innersource-hero-image-width: 40%" in hero["style"]
    title = hero.select_one("h2.innersource-hero__title")
    assert title.get_text(strip=True) == "The Pattern Book"
    assert hero["aria-labelledby"] == title["id"] == "book-hero"
    image = hero.select_one(".innersource-hero__media img")
    assert image["alt"] == "Cover of the pattern book"
    assert image["src"] == "_images/cover.svg"
    assert (Path(app.outdir) / "_images" / "cover.svg").is_file()
    body = hero.select_one(".innersource-hero__body")
    assert body.select_one("strong").get_text() == "proven"
    assert body.select_one("a[href='https://example.org/site']").get_text() == "the site"
    assert [li.get_text(strip=True) for li in body.select("ul li")] == \
        ["first point", "second point"]
    # the media column comes before the text column (left image)
    columns = hero.select(".innersource-hero__inner > div")
    assert [c["class"][0] for c in columns] == \
        ["innersource-hero__media", "innersource-hero__body"]

    buttons = body.select(".innersource-hero__buttons a")
    assert [b.get_text(strip=True) for b in buttons] == \
        ["Read online", "Other page", "Office hours"]
    assert [b["href"] for b in buttons] == \
        ["https://example.org/book?a=1&b=2", "other.html", "#office-hours"]
    assert [[c for c in b["class"] if c.startswith("innersource-button")] for b in buttons] == [
        ["innersource-button", "innersource-button--primary"],
        ["innersource-button", "innersource-button--secondary"],
        ["innersource-button", "innersource-button--outline"],
    ]
    # the stylesheet is linked and copied
    assert page.select_one("link[href^='_static/sphinx-innersource-landing.css']") is not None
    assert (Path(app.outdir) / "_static" / "sphinx-innersource-landing.css").is_file()
    # ... but only from the pages that hold a landing block
    assert soup(app, "other.html").select_one(
        "link[href*='sphinx-innersource-landing.css']") is None
    assert soup(app, "other.html").select_one(
        "link[href*='sphinx-innersource.css']") is not None

    # :name: is a label other pages can {ref} (with the hero title as text)
    link = soup(app, "other.html").select_one("a[href='index.html#book-hero']")
    assert link is not None and link.get_text(strip=True) == "The Pattern Book"


def test_calendar_html_and_url_encoding(shared_build):
    app = shared_build("landing")
    block = soup(app, "index.html").select_one("div.innersource-calendar")
    frame = block.select_one("iframe")
    assert frame["loading"] == "lazy"
    assert frame["title"] == "Office hours calendar"
    assert frame["referrerpolicy"]
    assert frame["height"] == "500"
    assert "frameborder" not in frame.attrs and "scrolling" not in frame.attrs
    assert "style" not in frame.attrs  # full content width comes from the stylesheet
    assert query(frame["src"]) == [
        ("ctz", "Europe/Berlin"), ("mode", "AGENDA"), ("wkst", "2"), ("bgcolor", "#F0F4F8"),
        ("hl", "de"), ("height", "500"), ("showTitle", "0"), ("showNav", "1"),
        ("showDate", "1"), ("showPrint", "0"), ("showTabs", "0"), ("showCalendars", "0"),
        ("showTz", "1"), ("src", "team@group.calendar.google.com"), ("color", "#D50000"),
    ]
    # percent-encoded by urlencode, not raw
    raw = frame["src"]
    assert "ctz=Europe%2FBerlin" in raw and "src=team%40group" in raw and "color=%23D50000" in raw

    fallback = block.select_one("p.innersource-calendar__fallback")
    link = fallback.select_one("a")
    assert link["href"] == frame["src"] and link.get_text() == "Open the calendar"
    assert "Europe/Berlin" in fallback.get_text()

    # the next 3 events after 2026-12-01T12:00Z: the weekly series (with 8 December
    # excluded by EXDATE), a folded single event; the past event is left out
    items = [re.sub(r"\s+", " ", li.get_text(" ", strip=True))
             for li in block.select("ul.innersource-calendar__events > li")]
    assert len(items) == 3
    assert items[0].startswith("2026-12-01 15:00\u201316:00 (Europe/Berlin)")
    assert "Patterns office hours, weekly" in items[0] and "Video call" in items[0]
    assert items[1].startswith("2026-12-02 10:00\u201311:00 (Europe/Berlin)")
    assert "very long title that is folded across two lines" in items[1]
    assert items[2].startswith("2026-12-15 15:00")
    assert not any("Past meeting" in item for item in items)
    event_link = block.select_one("ul.innersource-calendar__events a")
    assert event_link["href"] == "https://example.org/call"
    download = block.select_one("a.download")
    assert (Path(app.outdir) / download["href"]).read_text().startswith("BEGIN:VCALENDAR")


def test_defaults_and_pasted_url(shared_build):
    page = soup(shared_build("landing"), "defaults.html")
    plain, remote = page.select("section.innersource-hero")
    # no image: only the text column; right/dark/custom background classes
    assert plain.select_one(".innersource-hero__media") is None
    assert {"innersource-hero--image-right", "innersource-hero--bg-dark"} <= set(plain["class"])
    assert plain["aria-labelledby"] == plain.select_one("h2")["id"] == "hero-plain-hero"
    assert "style" not in plain.attrs
    assert "my-bg" in remote["class"]
    assert not [c for c in remote["class"] if c.startswith("innersource-hero--bg-")]
    assert remote.select_one("img")["src"] == "https://example.org/cover.png"
    buttons = remote.select(".innersource-hero__buttons a")
    assert [(b.get_text(strip=True), b["href"]) for b in buttons] == \
        [("Go now", "https://example.org/go?x=1&y=2"), ("Docs", "other.html")]
    assert "innersource-button--outline" in buttons[1]["class"]

    two, pasted = page.select("div.innersource-calendar iframe")
    # defaults: 600 px high, language of the book, default accessible name, one
    # colour per calendar in order (#rgb expanded), no other parameters
    assert two["title"] == "Event calendar" and two["height"] == "600"
    assert query(two["src"]) == [
        ("hl", "en"), ("height", "600"),
        ("src", "one@group.calendar.google.com"), ("color", "#D50000"),
        ("src", "two@group.calendar.google.com"), ("color", "#00BB88"),
    ]
    # a pasted embed URL is read like options; the directive's :mode: wins
    params = dict(query(pasted["src"]))
    assert params["src"] == "MTVlMTdrcDhhazg1OXFsc2lybnAwYm9wNGNAZ3JvdXAuY2FsZW5kYXIuZ29vZ2xlLmNvbQ"
    assert params["mode"] == "WEEK" and params["ctz"] == "Europe/Berlin"
    assert params["wkst"] == "2" and params["bgcolor"] == "#FFFFFF" and params["showNav"] == "1"
    assert pasted["style"] == "width: 80%"


def test_landing_latex(shared_build):
    """The hero with its subtitle and without the buttons' icons, the calendar as a link."""
    app = shared_build("landing", "latex")
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    hero = tex[tex.index("innersource-hero"):tex.index(r"\chapter{Office hours}")]
    assert r"\section*{The Pattern Book}" in hero
    assert "Proven practices \\& \u201cpatterns\u201d for everyone" in hero
    assert hero.index("Proven practices") < hero.index("Our book collects")
    assert "chat" not in tex and "svg" not in hero.replace("cover}.svg", "")
    assert not (Path(app.outdir) / "chat.png").exists()
    assert r"Our book collects \sphinxstylestrong{proven} practices" in hero
    assert r"\sphinxincludegraphics[width=0.400\linewidth]{{cover}.svg}" in hero
    assert r"\sphinxhref{https://example.org/book?a=1\&b=2}{Read online}" in hero
    assert "{Read online}\\DUrole{innersource-hero__sep}{ \u00b7 }" \
        r"{\hyperref[\detokenize{other::doc}]" in hero
    assert r"\hyperref[\detokenize{index:office-hours}]" in hero
    calendar = tex[tex.index(r"\chapter{Office hours}"):]
    assert r"\sphinxhref{https://calendar.google.com/calendar/embed?ctz=Europe\%2FBerlin" \
        in calendar
    assert "{Open the calendar} (times in the Europe/Berlin time zone)." in calendar
    assert "Patterns office hours, weekly" in calendar
    assert "iframe" not in tex


def test_landing_text(shared_build):
    """The hero with its subtitle and without the buttons' icons, the calendar as a link."""
    text = re.sub(r"\s+", " ", read(shared_build("landing", "text"), "index.txt"))
    assert '-[ The Pattern Book ]- Proven practices & "patterns" for everyone Our book' in text
    assert "chat.png" not in text and "<svg" not in text
    assert "Read online <https://example.org/book?a=1&b=2> \u00b7 Other page \u00b7 Office hours" \
        in text
    assert "see the site <https://example.org/site>" in text
    # the text writer wraps long URLs at any character: compare without spaces
    packed = re.sub(r"\s+", "", text)
    assert ("Openthecalendar<https://calendar.google.com/calendar/embed?ctz=Europe%2FBerlin"
            "&mode=AGENDA&wkst=2&bgcolor=%23F0F4F8&hl=de&height=500&showTitle=0&showNav=1"
            "&showDate=1&showPrint=0&showTabs=0&showCalendars=0&showTz=1"
            "&src=team%40group.calendar.google.com&color=%23D50000>") in packed
    assert "(times in the Europe/Berlin time zone)" in text
    assert "Patterns office hours, weekly <https://example.org/call>" in text


@pytest.mark.sphinx("epub", testroot="landing")
def test_epub_has_link_not_frame(app):
    app.build()
    page = soup(app, "index.xhtml")
    block = page.select_one("div.innersource-calendar")
    assert block.select_one("iframe") is None
    assert block.select_one("p.innersource-calendar__fallback a")["href"].startswith(
        CALENDAR_BASE)


@pytest.mark.sphinx("html", testroot="landing")
def test_stale_stylesheet_is_replaced_on_rebuild(app):
    app.build()
    copied = Path(app.outdir) / "_static" / "sphinx-innersource-landing.css"
    copied.write_text("/* stale copy from an older version */", encoding="utf-8")
    app.build()
    assert "copy_overwrite" not in app.warning.getvalue()
    shipped = Path(__file__).parents[1] / "sphinx_innersource" / "static" / copied.name
    assert copied.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


#: option: (a bad value, what the warning says is allowed), of hero-section ...
BAD_HERO = {
    "image-position": ("middle", "left, right"),
    "background": ("purple rain", "light, dark, none"),
    "image-width": ("wide", "px"),
}
#: ... and of calendar-embed
BAD_CALENDAR = {
    "timezone": ("Europe/Atlantis", "IANA"),
    "mode": ("year", "agenda, week, month"),
    "week-start": ("friday", "sunday, monday or saturday"),
    "color": ("crimson", "#D50000"),
    "height": ("10", "between 100 and 3000"),
    "show-nav": ("maybe", "yes or no"),
}


def _options(bad: dict[str, tuple[str, str]]) -> str:
    return "".join(f"   :{name}: {value}\n" for name, (value, _allowed) in bad.items())


BAD_VALUES_RST = f"""\
Bad values
==========

.. hero-section:: Title
   :image: cover.svg
{_options(BAD_HERO)}\
   :buttons:
      Fine <https://example.org/fine>
      Styled <https://example.org/s> [shiny]

   Body.

.. calendar-embed:: team@group.calendar.google.com
{_options(BAD_CALENDAR)}\
   :ics: ../outside.ics
"""


def test_bad_values_are_named_with_location(make_app, tmp_path):
    """Each bad value gives a warning at its line that names it and what is allowed."""
    (tmp_path / "outside.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    src = project(tmp_path, {"cover.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
                             "index.rst": BAD_VALUES_RST})
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    for where, bad in (("index.rst:4", BAD_HERO), ("index.rst:15", BAD_CALENDAR)):
        for name, (value, allowed) in bad.items():
            located_warning(warnings, f":{name}: '{value}'", allowed, where=where)
    located_warning(warnings, "has no :image-alt:", "cover.svg", where="index.rst:4")
    located_warning(warnings, "style 'shiny'", "primary, secondary, outline",
                    where="index.rst:4")
    located_warning(warnings, "'../outside.ics'", "outside the source folder",
                    where="index.rst:15")
    assert len(warnings) == 12, warnings

    # the content is kept: the image (without alt), both buttons (rST options
    # may span lines), the calendar with its valid parts
    page = soup(app, "index.html")
    hero = page.select_one("section.innersource-hero")
    assert hero.select_one("img")["alt"] == ""
    assert [a["href"] for a in hero.select(".innersource-hero__buttons a")] == \
        ["https://example.org/fine", "https://example.org/s"]
    assert "innersource-button--primary" in hero.select(".innersource-hero__buttons a")[1]["class"]
    assert query(page.select_one("iframe")["src"]) == [
        ("hl", "en"), ("height", "600"), ("src", "team@group.calendar.google.com")]


@pytest.mark.sphinx("html", testroot="landing")
def test_pages_with_local_ics_are_read_again(app):
    from sphinx_innersource.landing.events import CalendarCollector

    app.build()
    outdated = CalendarCollector().get_outdated_docs
    assert outdated(app, app.env, set(), set(), set()) == ["index"]
    assert outdated(app, app.env, set(), set(), {"index"}) == []


def test_other_allowed_host_keeps_its_parameters(make_app, tmp_path):
    src = project(tmp_path, {"index.rst": (
        "Other host\n==========\n\n"
        ".. calendar-embed:: https://cloud.example.org/apps/calendar/embed/ab12?view=list&x=a%20b\n"
        "   :timezone: Europe/Paris\n   :mode: week\n")},
        conf='innersource_embed_hosts = ["calendar.google.com", "cloud.example.org"]\n')
    app = make_app("html", srcdir=src)
    app.build()
    frame = soup(app, "index.html").select_one("iframe")
    parts = urlsplit(frame["src"])
    assert (parts.scheme, parts.hostname, parts.path) == \
        ("https", "cloud.example.org", "/apps/calendar/embed/ab12")
    assert parse_qsl(parts.query) == [("view", "list"), ("x", "a b")]
    assert "x=a+b" in parts.query
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    located_warning(warnings, "mode only apply to Google Calendar", where="index.rst:4")
    fallback = soup(app, "index.html").select_one(".innersource-calendar__fallback")
    assert "Europe/Paris" in fallback.get_text()


def test_event_list_of_an_ics_file_without_a_calendar(make_app, tmp_path):
    """No calendar id to invent: ``:ics:`` alone lists the events, with no frame."""
    src = project(tmp_path, {
        "events.ics": (ROOTS / "test-landing" / "events.ics").read_bytes(),
        "index.rst": "Events\n======\n\n.. calendar-embed::\n   :ics: events.ics\n"
                     "   :events: 2\n\n.. calendar-embed::\n   :timezone: Europe/Paris\n"},
        conf='innersource_calendar_now = "2026-12-01T12:00:00+00:00"\n')
    app = make_app("html", srcdir=src)
    app.build()
    page = soup(app, "index.html")
    assert page.select_one("iframe") is None
    assert page.select_one(".innersource-calendar__fallback") is None
    items = page.select("ul.innersource-calendar__events > li")
    assert len(items) == 2 and "Patterns office hours, weekly" in items[0].get_text()
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    located_warning(warnings, "nothing to show", where="index.rst:8", subtype="calendar")
