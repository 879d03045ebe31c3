"""Hostile input in every URL and text option of hero-section and calendar-embed.

Each case is one page with one directive.  After one build: no markup from
the input reaches the HTML unescaped, no forbidden URL is emitted (as href,
src or iframe), every case has a located ``innersource`` warning, and the
build does not crash.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import project, warnings_of, write_files
from hostile import HOSTILE_URLS

#: URLs that are fine as links but must never be framed.
FRAME_ONLY = [
    "https://evil.example/calendar/embed?src=a%40b.c",
    "https://calendar.google.com.evil.example/calendar/embed?src=a%40b.c",
    "http://calendar.google.com/calendar/embed?src=a%40b.c",
    "//calendar.google.com/calendar/embed?src=a%40b.c",
    "https://calendar.google.com\uff0fcalendar/embed?src=a",
]
TAG = "<script>alert(1)</script>"
QUOTES = "\" onerror=\"alert(1)"

ALLOWED_HOSTS = {"calendar.google.com"}


def hero(title: str = "Hero", **options: str) -> str:
    lines = [f"```{{hero-section}} {title}", "---"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in options.items()]
    return "\n".join([*lines, "---", "Body text.", "```"])


def calendar(argument: str = "a@group.calendar.google.com", **options: str) -> str:
    lines = [f"```{{calendar-embed}} {argument}", "---"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in options.items()]
    return "\n".join([*lines, "---", "```"])


def cases() -> list[str]:
    out = []
    for url in HOSTILE_URLS:
        out.append(hero(image=url, **{"image-alt": "x"}))
        out.append(hero(buttons=f"Click <{url}> [primary]"))
        out.append(calendar(ics=url))
        if not url.startswith((" ", "\u202e")):  # a directive argument is stripped
            out.append(calendar(url.replace("\t", "%09").replace("\x00", "%00")))
    for url in FRAME_ONLY:
        out.append(calendar(url))
    out += [
        hero(title=TAG),
        hero(**{"image": "_static/c.svg", "image-alt": f"{QUOTES}><img src=x onerror=alert(1)>"}),
        hero(**{"image": "_static/c.svg", "image-alt": "alt\u0007bell"}),
        hero(image="_static/c.svg"),  # no alt text
        hero(image="../outside.svg", **{"image-alt": "x"}),
        hero(image="/../../outside.svg", **{"image-alt": "x"}),
        hero(**{"image-width": f"40%{QUOTES}"}),
        hero(**{"image": "_static/c.svg", "image-alt": "x", "image-width": "1e9vw;}</style>"}),
        hero(**{"image-position": f"left{QUOTES}"}),
        hero(background=f"light{QUOTES}"),
        hero(background="x;background:url(javascript:alert(1))"),
        hero(**{"class": f"ok {TAG}"}),
        hero(buttons=f"{TAG} <https://example.org/ok> [{QUOTES}]"),
        hero(buttons="Missing target [primary]"),
        hero(buttons="Empty <> [primary]"),
        calendar(f"a@group.calendar.google.com\" onload=\"alert(1) {TAG}"),
        calendar(timezone=f"Europe/Berlin{QUOTES}"),
        calendar(timezone="../../../etc/passwd"),
        calendar(timezone="Mars/Olympus"),
        calendar(mode=f"agenda{QUOTES}"),
        calendar(**{"week-start": "<b>monday</b>"}),
        calendar(height=f"600{QUOTES}"),
        calendar(height="99999"),
        calendar(width=f"100%;background:url(javascript:alert(1)){QUOTES}"),
        calendar(color=f"#D50000{QUOTES}"),
        calendar(color="red"),
        calendar(background="expression(alert(1))"),
        calendar(language=f"en{QUOTES}"),
        calendar(title=TAG),
        calendar(title=f"{QUOTES} {TAG}"),
        hero(title=f"{QUOTES} {TAG}", **{"image": "_static/c.svg", "image-alt": QUOTES}),
        calendar(**{"show-title": f"yes{QUOTES}"}),
        calendar(**{"show-nav": "<script>"}),
        calendar(ics="../outside.ics"),
        calendar(ics="_static/c.svg"),
        calendar(ics="missing.ics"),
        calendar(ics="bad.ics", events=f"3{QUOTES}"),
        calendar(**{"class": f"{TAG}"}),
    ]
    return out


def forbidden(url: str, *, frame: bool = False) -> bool:
    url = url.strip()
    if not url or url.startswith(("#", "_images/", "_static/", "_downloads/")):
        return False
    parts = urlsplit(url)
    if frame:
        return parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS
    if not parts.scheme:
        return not re.fullmatch(r"[\w./-]+\.html(#[\w-]+)?", url)
    return parts.scheme not in ("http", "https", "mailto") or "evil" in url


@pytest.fixture
def hostile_app(make_app, tmp_path):
    write_files(tmp_path, {"outside.svg": "<svg/>",
                           "outside.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"})
    all_cases = cases()
    names = [f"case{number:03d}" for number in range(len(all_cases))]
    toctree = "\n".join(names)
    src = project(tmp_path, {
        "_static/c.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>',
        "bad.ics": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20300101T000000Z\r\n"
                   f"SUMMARY:{TAG}\r\nURL:javascript:alert(1)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "index.md": f"# Cases\n\n```{{toctree}}\n{toctree}\n```\n",
        **{f"{name}.md": f"# Case {number}\n\n{text}\n"
           for number, (name, text) in enumerate(zip(names, all_cases, strict=True))},
    }, conf='innersource_calendar_now = "2029-01-01T00:00:00Z"\n',
        extensions=("myst_parser", "sphinx_innersource"))
    app = make_app("html", srcdir=src)
    return app, dict(zip(names, all_cases, strict=True))


def test_hostile_inputs_are_refused_escaped_and_reported(hostile_app):
    app, all_cases = hostile_app
    app.build()
    warnings = warnings_of(app)
    for name, source in all_cases.items():
        page = BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"),
                             "html.parser")
        main = page.select_one("div.body") or page
        context = f"{name}: {source}"
        # no markup from the input: no scripts, no event handlers, no style elements
        assert main.select("script, style, object, embed") == [], context
        for element in main.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], context
            for attr in ("href", "src"):
                if element.get(attr):
                    frame = element.name == "iframe"
                    assert not forbidden(element[attr], frame=frame), (context, element)
            style = element.get("style", "")
            assert "url(" not in style and ";" not in style.rstrip(";"), (context, style)
        for frame in main.select("iframe"):
            assert urlsplit(frame["src"]).hostname in ALLOWED_HOSTS, context
        # every case is reported, located at its page
        located = [w for w in warnings if f"{name}.md:" in w and "[innersource." in w]
        assert located, f"no located warning for {context}"
    assert not [w for w in warnings if "Traceback" in w or "Exception" in w]
