"""The shared list of hostile URLs, and the URL-taking inputs they are run through.

Every URL the extension emits goes through one policy
(:mod:`sphinx_innersource.core.urls`).  :data:`HOSTILE_URLS` holds URLs
that every input must refuse, whatever schemes it allows (``https``,
``http``, ``mailto``); :data:`SAFE_URLS` holds URLs every link input accepts.

A new URL-taking input (people's links in ``:authors:``, organisation URLs
of a registry...) adds a :class:`Sink` to :data:`SINKS`: the tests of
``test_url_policy.py`` then run the whole list through it.  A new hostile
URL added to :data:`HOSTILE_URLS` is run through every sink.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup

from sphinx_innersource.core.urls import looks_like_url

#: (URL, why it is hostile).
HOSTILE = [
    ("javascript:alert(1)", "script scheme"),
    ("JaVaScRiPt:alert(document.domain)", "script scheme, mixed case"),
    ("java\tscript:alert(1)", "tab inside the scheme"),
    ("java\u200bscript:alert(1)", "zero-width space inside the scheme"),
    ("\u202ejavascript:alert(1)", "bidi override before the scheme"),
    ("javascript\uff1aalert(1)", "full-width colon"),
    ("\uff4aavascript:alert(1)", "full-width letter"),
    ("javascript&#58;alert(1)", "entity instead of a colon"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data scheme"),
    ("vbscript:msgbox(1)", "script scheme"),
    ("file:///etc/passwd", "local file"),
    ("ftp://example.org/x", "scheme not allowed"),
    ("https://evil.example/\"onmouseover=\"alert(1)", "quote"),
    ("https://evil.example/'><script>alert(1)</script>", "quote and tag"),
    ("https://evil.example/\x00x", "NUL"),
    ("https://trusted.example@evil.example/", "credentials: the host is evil.example"),
    ("https://user:secret@evil.example/x", "user name and password"),
    ("https://[::1/", "malformed IPv6 host"),
    ("https://[not-an-address]/", "bracketed host that is no address"),
    ("https://example.org\uff0fpath", "full-width slash"),
    ("https://trusted.example\u2215evil.example/", "division slash"),
    ("https://trusted\u3002example/", "ideographic full stop as a dot"),
    ("https://evil.example/\u202eexe.pdf", "bidi override in the path"),
    ("https://evil\u200d.example/", "zero-width joiner in the host"),
    ("https://evil.example:99999/", "port out of range"),
    ("https://evil.example:0/", "port 0"),
    ("https://evil.example:http/", "port that is no number"),
    ("https://evil..example/", "empty host label"),
    ("https://\u0430pple.example/", "Cyrillic a among Latin letters"),
    ("https:///path-only", "no host"),
    ("https://", "nothing after the scheme"),
    ("//evil.example/x", "no scheme"),
    ("mailto:", "mailto without an address"),
    ("mailto:?subject=hello", "mailto with a subject but no address"),
    ("mailto:nobody", "mailto without a domain"),
]
HOSTILE_URLS = [url for url, _why in HOSTILE]

SAFE_URLS = [
    "https://example.org/",
    "http://example.org/a/b?c=d#e",
    "https://example.org:8443/x",
    "https://b\u00fccher.example/",
    "https://[2001:db8::1]/",
    "https://example.org/wiki/\u65e5\u672c",
    "https://example.org/%E2%80%AE",
]
#: Accepted where a link may be an e-mail address (known instances, hero buttons).
SAFE_MAIL = ["mailto:team@example.org", "mailto:a@example.org,b@example.org?subject=Hi"]


# -- the URL-taking inputs of a build ---------------------------------------------------

@dataclass(frozen=True)
class Sink:
    """One input that takes a URL: how to put a URL into a book.

    ``page(url, n)`` gives the MyST text of page number *n* and the other
    files it needs (name -> text; texts of one name are concatenated).
    """

    name: str
    page: Callable[[str, int], tuple[str, dict[str, str]]]
    #: conf.py lines the input needs.
    conf: str = ""
    extensions: tuple[str, ...] = ()


def _yaml_directive(name: str, argument: str, options: dict[str, str], body: str = "") -> str:
    lines = [f"```{{{name}}} {argument}".rstrip(), "---"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in options.items()]
    return "\n".join([*lines, "---", *([body] if body else []), "```"])


def _instance(url: str, n: int):
    return (f"# P{n}\n\n:::{{pattern}}\n:id: p{n}\n:patlet: x\n:::\n\n"
            + _yaml_directive("known-instance", "Acme", {"url": url}, "Story."), {})


def _author(url: str, n: int):
    return _yaml_directive("pattern", "", {"id": f"p{n}", "patlet": "x",
                                           "authors": f"Jane Doe <{url}>; Bo"}), {}


def _hero_image(url: str, n: int):
    return _yaml_directive("hero-section", "Hero", {"image": url, "image-alt": "x"}), {}


def _hero_button(url: str, n: int):
    return _yaml_directive("hero-section", "Hero", {"buttons": f"Go <{url}> [primary]"}), {}


def _calendar_argument(url: str, n: int):
    return _yaml_directive("calendar-embed", url, {}), {}


def _calendar_ics_url(url: str, n: int):
    return _yaml_directive("calendar-embed", "a@group.calendar.google.com", {"ics": url}), {}


def _ics_event(url: str, n: int):
    ics = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20300101T100000Z\r\nSUMMARY:Meet\r\n"
           f"URL:{url}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    return (_yaml_directive("calendar-embed", "a@group.calendar.google.com",
                            {"ics": f"events{n}.ics"}), {f"events{n}.ics": ics})


BIB_CONF = "bibtex_bibfiles = ['refs.bib']\ninnersource_required_sections = []\n"


def _bib(url: str, n: int) -> dict[str, str]:
    value = url.replace("{", "%7B").replace("}", "%7D")
    return {"refs.bib": f"@misc{{work{n},\n  author = {{Doe, Jane}},\n  title = {{Work {n}}},\n"
                        f"  year = {{2020}},\n  url = {{{value}}},\n}}\n"}


def _bib_reference_list(url: str, n: int):
    return (f"# P{n}\n\n:::{{pattern}}\n:id: p{n}\n:patlet: x\n:::\n\n"
            f"As {{cite:p}}`work{n}` shows.\n", _bib(url, n))


def _bib_bibliography(url: str, n: int):
    page = f"# Cited {n}\n\nSee {{cite:p}}`work{n}`.\n"
    if n == 0:
        page += "\n```{pattern-bibliography}\n```\n"
    return page, _bib(url, n)


BIBTEX = ("sphinxcontrib.bibtex",)
SINKS = [
    Sink("known-instance :url:", _instance),
    Sink("hero-section :image:", _hero_image),
    Sink("hero-section :buttons:", _hero_button),
    Sink("calendar-embed argument", _calendar_argument),
    Sink("calendar-embed :ics: URL", _calendar_ics_url),
    Sink(".ics event URL", _ics_event, conf='innersource_calendar_now = "2029-01-01"\n'),
    Sink(".bib url in a pattern's references", _bib_reference_list, BIB_CONF, BIBTEX),
    Sink(".bib url in pattern-bibliography", _bib_bibliography, BIB_CONF, BIBTEX),
    Sink("pattern :authors: link", _author, "innersource_required_sections = []\n"),
]


def book(sink: Sink, urls: list[str]) -> tuple[dict[str, str], list[str]]:
    """A book with one page per URL, each putting it into *sink*: (files, page names)."""
    files: dict[str, str] = {}
    names = []
    for n, url in enumerate(urls):
        page, extra = sink.page(url, n)
        name = f"case{n:02d}"
        files[f"{name}.md"] = page + "\n"
        for file, text in extra.items():
            files[file] = files.get(file, "") + text
        names.append(name)
    files["index.md"] = "# Cases\n\n```{toctree}\n" + "\n".join(names) + "\n```\n"
    return files, names


def emitted_urls(page: BeautifulSoup) -> list[str]:
    """Every absolute URL of the page body (links, images, frames, forms)."""
    body = page.select_one("div.body") or page
    found = []
    for element in body.find_all(True):
        for attr in ("href", "src", "action", "data", "poster", "srcset"):
            value = element.get(attr)
            if value and (looks_like_url(value) or value.strip().startswith("//")):
                found.append(value)
    return found
