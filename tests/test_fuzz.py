"""Property-based fuzzing of every directive and role (issue 6, part 1).

Random option values (empty, 10,000 characters, Unicode, control
characters, markup, URLs of every scheme), random bodies and section
layouts, directives nested in each other and in the wrong places (lists,
admonitions, ``only`` blocks, tables), in MyST and in reStructuredText.

Properties, for every example:

* the build finishes (no exception from ``app.build()``);
* every warning line names a file of the project (``file:line`` or ``file``);
  a located ERROR from docutils for malformed markup is fine;
* no page has more than one pattern in the index;
* every pattern and known instance declared validly (a valid, unique id, at
  the top level of a page, with options that parse) is in the domain index
  and, for HTML builds, in ``patterns.json``.

The URL and file-name classes (issue 20): random URLs (built from parts,
and the shared hostile list with a character inserted) through the URL
policy and every URL-taking input, and random ids, aliases and file names
through the short URLs and the importer: nothing raises, every URL emitted
passes the policy and leads to the host it shows, and no two files written
are one file on a case-insensitive system.

Profiles: ``ci`` (default: few examples, derandomized, so the suite stays
reproducible and fast) and ``large`` (``HYPOTHESIS_PROFILE=large``, used by
``tox -e fuzz``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from fuzzing import (
    CONTROL,
    MARKUP,
    built,
    check_build,
    file_names,
    huge,
    myst_directive,
    nasty,
    nasty_line,
    policy_urls,
    profile,
    unique_ids,
    urls,
)
from hostile import HOSTILE_URLS, SAFE_MAIL, SAFE_URLS, SINKS, book, emitted_urls
from hypothesis import given
from hypothesis import strategies as st

from sphinx_innersource.core.filenames import clashes, too_long
from sphinx_innersource.core.paths import hidden_characters
from sphinx_innersource.core.urls import CONFUSABLES, LINK, WEB, scheme_of, url_problem

# -- strategies --------------------------------------------------------------------

PATTERN_OPTIONS = ["title", "patlet", "maturity", "aliases", "authors", "acknowledgments",
                   "categories", "related", "tags"]
MATURITIES = ["initial", "structured", "validated", "1", "2", "3", "2-structured", "all",
              "initial,", "initial, validated", "4", "structured; validated", ""]
QUERY = {"maturity": st.one_of(st.sampled_from(MATURITIES), nasty_line),
         "categories": nasty_line, "tags": nasty_line,
         "glob": st.one_of(st.sampled_from(["*", "**", "/p*", "../*", "/**", "[", "p?",
                                            "/../../*", "*/*/*", ""]), nasty_line),
         "sort": st.one_of(st.sampled_from(["title", "maturity", "id", "TITLE", "x"]),
                           nasty_line)}
TOCTREE = {**QUERY, "caption": nasty_line, "maxdepth": st.sampled_from(["1", "-1", "0", "x"]),
           "hidden": st.just(""), "includehidden": st.just(""),
           "numbered": st.sampled_from(["", "2", "x"]), "titlesonly": st.just(""),
           "reversed": st.just(""), "name": nasty_line,
           "class": st.sampled_from(["a", "a b", "<x>", "", "-"])}
PATTERN_LIST = {**QUERY, "style": st.one_of(st.sampled_from(["list", "table", "cards"]),
                                            nasty_line),
                "group": st.one_of(st.sampled_from(["none", "maturity", "category"]),
                                   nasty_line),
                "class": st.sampled_from(["a", "x y", ""])}
KNOWN_INSTANCES = {**QUERY, "by": st.one_of(st.sampled_from(["organisation", "pattern"]),
                                            nasty_line),
                   "class": st.sampled_from(["a", ""])}
BIBLIOGRAPHY = {"maturity": QUERY["maturity"], "categories": nasty_line,
                "style": st.one_of(st.sampled_from(["alpha", "plain", "unsrt", "nope"]),
                                   nasty_line),
                "class": st.sampled_from(["a", ""])}
INSTANCE = {"pattern": st.one_of(st.sampled_from(["p0-a", "alpha", "", "nope"]), nasty_line),
            "url": st.one_of(urls, nasty_line), "year": st.one_of(
                st.sampled_from(["2019", "2017-2020", "2020\u20132023", "2020-", "19", "x"]),
                nasty_line)}
BUTTONS = st.lists(st.tuples(nasty_line, st.one_of(urls, st.sampled_from(
    ["doc:index", "ref:x", "doc:", "index", "a/b", "ref:a;b", ""]), nasty_line),
    st.sampled_from(["", " [primary]", " [outline]", " [bogus]", " [", "]"])),
    max_size=3).map(lambda bs: "\n".join(f"{t} <{u}>{s}" for t, u, s in bs))
IMAGES = st.sampled_from(["img.png", "sub/img.png", "./img.png", "../outside.png",
                          "../src/img.png", "/img.png", "link-out.png", "link-in.png",
                          "missing.png", "img.*", "*.png", "sub/../../outside.png",
                          "sub/../img.png", "//img.png", "/../outside.png", "~/.bashrc",
                          "img.png\x00", "C:\\img.png", "%2e%2e/outside.png"])
HERO = {"image": st.one_of(IMAGES, urls, nasty_line), "image-alt": nasty_line,
        "image-width": st.one_of(st.sampled_from(["40%", "240px", "12rem", "200", "-1", "1e9"]),
                                 nasty_line),
        "image-position": st.one_of(st.sampled_from(["left", "right", "RIGHT"]), nasty_line),
        "background": st.one_of(st.sampled_from(["light", "dark", "none", "my-bg"]),
                                nasty_line),
        "buttons": st.one_of(BUTTONS, nasty), "class": nasty_line, "name": nasty_line}
ICS_FILES = st.sampled_from(["cal.ics", "sub/cal.ics", "../outside.ics", "link-out.ics",
                             "link-in.ics", "missing.ics", "/cal.ics", "img.png", "cal.ICS",
                             "https://example.com/cal.ics", "webcal://example.com/c.ics"])
CALENDAR = {"timezone": st.one_of(st.sampled_from(["Europe/Berlin", "UTC", "Mars/Olympus",
                                                   "../../etc/passwd", ""]), nasty_line),
            "mode": st.one_of(st.sampled_from(["agenda", "week", "month"]), nasty_line),
            "week-start": st.one_of(st.sampled_from(["monday", "1", "9"]), nasty_line),
            "height": st.one_of(st.sampled_from(["600", "99", "3001", "600px", "1e3"]),
                                nasty_line),
            "width": nasty_line,
            "color": st.one_of(st.sampled_from(["#D50000", "D50000", "#abc, #def", "red"]),
                               nasty_line),
            "background": st.one_of(st.sampled_from(["#fff", "fff"]), nasty_line),
            "language": st.one_of(st.sampled_from(["en", "pt_BR", "x"]), nasty_line),
            "title": nasty_line, "ics": st.one_of(ICS_FILES, nasty_line),
            "events": st.one_of(st.sampled_from(["5", "0", "999", "1000", "-1"]), nasty_line),
            "class": nasty_line, "show-title": st.sampled_from(["yes", "no", "maybe", ""]),
            "show-nav": nasty_line}
CAL_ARGS = st.one_of(
    st.sampled_from(["a@group.calendar.google.com", "a@b.c d@e.f", "a,b", "bad id!",
                     "https://calendar.google.com/calendar/embed?src=a%40b.c&ctz=Europe/Berlin"
                     "&mode=WEEK&color=%23fff&x=1",
                     "https://calendar.google.com/calendar/embed?src=",
                     "https://outlook.office365.com/calendar/x"]),
    urls, nasty_line)

ICS_LINES = st.one_of(
    st.sampled_from([
        "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VALARM",
        "END:VALARM", "BEGIN:VTIMEZONE", "END:VTIMEZONE",
        "DTSTART:20260105T100000Z", "DTSTART;TZID=Europe/Berlin:20260105T100000",
        "DTSTART;TZID=Mars/Olympus:20260105T100000", "DTSTART;VALUE=DATE:20260105",
        "DTSTART:20261305T100000", "DTSTART:00010101T000000Z", "DTSTART:99991231T235959Z",
        "DTSTART:19000101", "DTSTART:", "DTSTART:x",
        "DTEND:20260105T110000Z", "DTEND:20250101T000000Z", "DTEND;VALUE=DATE:20260110",
        "DURATION:PT1H", "DURATION:P1D", "DURATION:-P1W", "DURATION:P999999999W",
        "DURATION:PT99999999999999999999S", "DURATION:P", "DURATION:PT",
        "RRULE:FREQ=DAILY", "RRULE:FREQ=DAILY;COUNT=1000000000",
        "RRULE:FREQ=SECONDLY;COUNT=1000000000", "RRULE:FREQ=MINUTELY",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", "RRULE:FREQ=WEEKLY;BYDAY=2TU",
        "RRULE:FREQ=MONTHLY;INTERVAL=999999999", "RRULE:FREQ=YEARLY;INTERVAL=99999",
        "RRULE:FREQ=DAILY;INTERVAL=999999999999", "RRULE:FREQ=DAILY;INTERVAL=-5",
        "RRULE:FREQ=DAILY;UNTIL=20260201T000000Z", "RRULE:FREQ=DAILY;UNTIL=x",
        "RRULE:FREQ=DAILY;COUNT=x", "RRULE:FREQ=WEEKLY;BYMONTHDAY=1", "RRULE:",
        "RRULE:FREQ", "RRULE:;;;", "EXDATE:20260106T100000Z,x", "EXDATE:",
        "RECURRENCE-ID:20260106T100000Z", "RDATE:20260107T100000Z", "UID:u1", "UID:",
        "SUMMARY:Meet\\, greet\\nand <b>eat</b>", "LOCATION:Room \\; 1",
        "URL:https://example.com/e", "URL:javascript:alert(1)", "X-WR-TIMEZONE:Europe/Paris",
        "X-WR-TIMEZONE:Nowhere/Zone", "no colon here", " folded continuation", ":",
        "SUMMARY;X=\"a:b\":quoted", "DTSTART;TZID=\"Europe/Berlin\":20260105T100000",
    ]),
    nasty_line.map(lambda s: "SUMMARY:" + s),
    nasty_line,
)
ics_text = st.lists(ICS_LINES, max_size=40).map(
    lambda lines: "BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n")


@st.composite
def options(draw, spec: dict[str, st.SearchStrategy[str]], *, line: bool = False):
    names = draw(st.lists(st.sampled_from(sorted(spec)), unique=True, max_size=len(spec)))
    out = {}
    for name in names:
        value = draw(spec[name])
        out[name] = re.sub(r"[\r\n]", " ", value) if line else value
    return out


def contained(text: str) -> str:
    """*text* that cannot close the directive it is the body of (no ``:::`` line)."""
    return re.sub(r":{3,}", "::", text)


#: Text for the top level of a page that opens no block (no fence, no HTML block,
#: no indented code): the structure of the page stays what the test wrote.
plain_text = st.text(alphabet=st.sampled_from(list(
    "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?()äöüßéñ中文日本語🙂-+=/")), max_size=60) \
    .map(lambda s: s.strip().lstrip("-+=0123456789.") or "text")
body_text = st.one_of(st.just(""), nasty, plain_text).map(contained)


@st.composite
def pattern_block(draw, pattern_id: str):
    """(MyST source of a ``pattern`` directive, whether it is certainly valid)."""
    opts = {"id": pattern_id}
    for name in draw(st.lists(st.sampled_from(PATTERN_OPTIONS), unique=True)):
        value = draw(st.one_of(st.sampled_from(MATURITIES), nasty) if name == "maturity"
                     else nasty)
        opts[name] = value
    style = draw(st.sampled_from(["yaml", "yaml", "yaml-raw", "colon"]))
    if style == "colon":
        opts = {k: re.sub(r"[\r\n]", " ", v) for k, v in opts.items()}
    body = draw(body_text)
    # A JSON string is always a valid YAML scalar: such an option block parses.
    return myst_directive("pattern", options=opts, body=body, style=style), style == "yaml"


@st.composite
def instance_block(draw):
    """(source, organisation or None when the declaration may be invalid)."""
    organisation = draw(st.one_of(plain_text, nasty_line))
    opts = draw(options(INSTANCE))
    style = draw(st.sampled_from(["yaml", "yaml-raw", "colon"]))
    if style == "colon":
        opts = {k: re.sub(r"[\r\n]", " ", v) for k, v in opts.items()}
    body = draw(body_text)
    source = myst_directive("known-instance", organisation, opts, body, style)
    certain = style == "yaml" and organisation.strip() and "`" not in organisation
    # markdown-it reads a NUL character as U+FFFD (CommonMark's rule for it)
    expected = re.sub(r"\s+", " ", organisation.replace("\x00", "\ufffd")).strip()
    return source, expected if certain else None


@st.composite
def pattern_page(draw, pattern_id: str):
    """A pattern page: title, pattern, random sections with known instances."""
    blocks = [f"# {draw(plain_text)}", ""]
    pattern_valid = False
    if draw(st.integers(0, 5)):
        source, pattern_valid = draw(pattern_block(pattern_id))
        blocks += [source, ""]
    organisations = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["heading", "text", "instance", "instance"]))
        if kind == "heading":
            level = draw(st.integers(1, 6))
            title = draw(st.one_of(st.sampled_from(["Problem", "Solution", "Known Instances",
                                                    "Status", "Authors"]), plain_text))
            blocks += ["#" * level + " " + title, ""]
        elif kind == "text":
            blocks += [draw(plain_text), ""]
        else:
            source, organisation = draw(instance_block())
            blocks += [source, ""]
            if organisation is not None:
                organisations.append(organisation)
    return "\n".join(blocks), pattern_valid, organisations


def check_index(result, docs: dict[str, tuple[str | None, list[str]]],
                html: bool = False) -> None:
    """Valid declarations are indexed (and exported); one pattern per page at most."""
    index = result.index
    for docname, record in index.docs.items():
        assert len(record.patterns) <= 1, (docname, [p.id for p in record.patterns])
    by_id = index.patterns_by_id()
    indexed = Counter((i.docname, i.organisation) for i in index.iter_instances())
    exported = Counter()
    exported_ids = set()
    if html:
        data = result.export()
        exported_ids = {p["id"] for p in data["patterns"]}
        exported = Counter((i["docname"], i["organisation"]) for i in data["instances"])
    for docname, (pattern_id, organisations) in docs.items():
        if pattern_id is not None:
            assert pattern_id in by_id and by_id[pattern_id].docname == docname, \
                (docname, pattern_id, sorted(by_id))
            if html:
                assert pattern_id in exported_ids, (docname, pattern_id)
        want = Counter((docname, o) for o in organisations)
        assert not want - indexed, (want - indexed, indexed)
        if html:
            assert not want - exported, (want - exported, exported)


# -- properties ----------------------------------------------------------------------

@profile(ci=20)
@given(data=st.data(), builder=st.sampled_from(["html", "pseudoxml"]))
def test_pattern_pages(data, builder):
    """Pattern and known-instance directives with random options, bodies and sections.

    Not with the text builder: Sphinx's text writer wraps lines with a regular
    expression that takes 20 s and more on a page of several 10,000-character
    values (the property held; only the time was a problem).
    """
    count = data.draw(st.integers(1, 3))
    ids = data.draw(unique_ids(count))
    files = {"index.md": "# Book\n\n```{toctree}\n:glob:\n\np*\n```\n"}
    expected = {}
    for pattern_id in ids:
        text, valid, organisations = data.draw(pattern_page(pattern_id))
        files[f"{pattern_id}.md"] = text
        expected[pattern_id] = (pattern_id if valid else None, organisations)
    with built(files, builder) as result:
        check_build(result)
        check_index(result, expected, html=builder == "html")


@profile()
@given(data=st.data())
def test_catalogues(data):
    """patterns-toctree, pattern-list and known-instances with random options (HTML)."""
    blocks = ["# Book", ""]
    for _ in range(data.draw(st.integers(1, 3))):
        name, spec = data.draw(st.sampled_from([("patterns-toctree", TOCTREE),
                                                ("pattern-list", PATTERN_LIST),
                                                ("known-instances", KNOWN_INSTANCES)]))
        style = data.draw(st.sampled_from(["yaml", "colon"]))
        blocks += [myst_directive(name, options=data.draw(options(spec, line=style == "colon")),
                                  style=style), ""]
    files = {"index.md": "\n".join(blocks)}
    expected = {}
    for pattern_id in ("p0-a", "p1-b"):
        text, valid, organisations = data.draw(pattern_page(pattern_id))
        files[f"{pattern_id}.md"] = text
        expected[pattern_id] = (pattern_id if valid else None, organisations)
    extensions = ("myst_parser", "sphinx_innersource",
                  *(("sphinx_design",) if data.draw(st.booleans()) else ()))
    with built(files, "html", extensions=extensions) as result:
        check_build(result)
        check_index(result, expected, html=True)


ROLE_TARGETS = st.one_of(st.sampled_from(["p0-a", "P0 A", "alias one", "nope", "", " ",
                                          "p0-a <p0-a>", "t <nope>", "<>", "!p0-a", "~p0-a"]),
                         nasty_line)


@profile()
@given(targets=st.lists(ROLE_TARGETS, min_size=1, max_size=4),
       roles=st.lists(st.sampled_from(["pattern", "innersource:pattern", "any"]), min_size=4,
                      max_size=4),
       builder=st.sampled_from(["html", "text"]))
def test_pattern_role(targets, roles, builder):
    """``{pattern}`` with random targets and titles, in text, headings and lists."""
    refs = [f"{{{role}}}`{target}`" for role, target in zip(roles, targets, strict=False)]
    page = "\n".join([
        "# Links " + (refs[0] if refs else ""), "", " and ".join(refs), "",
        *(f"- {r}" for r in refs), "", "| a | b |", "|---|---|",
        *(f"| {r} | x |" for r in refs), ""])
    files = {
        "index.md": "# Book\n\n```{toctree}\np0-a\nlinks\n```\n",
        "p0-a.md": "# P0 A\n\n:::{pattern}\n:aliases: Alias One\n:patlet: x\n:::\n",
        "links.md": page,
    }
    with built(files, builder) as result:
        check_build(result)
        check_index(result, {"p0-a": ("p0-a", [])}, html=builder == "html")


def _landing_files(srcdir):
    """Images and calendars inside, outside and linked out of the source folder."""
    outside = srcdir.parent
    (outside / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outside / "outside.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (srcdir / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (srcdir / "sub").mkdir(exist_ok=True)
    (srcdir / "sub" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for ext in ("png", "ics"):
        (srcdir / f"link-out.{ext}").symlink_to(outside / f"outside.{ext}")
    (srcdir / "link-in.png").symlink_to(srcdir / "img.png")


@profile()
@given(data=st.data(), builder=st.sampled_from(["html", "html", "text"]))
def test_hero_section(data, builder):
    """hero-section with random options, image paths, buttons and bodies."""
    blocks = ["# Landing", ""]
    for _ in range(data.draw(st.integers(1, 2))):
        style = data.draw(st.sampled_from(["yaml", "yaml-raw", "colon"]))
        opts = data.draw(options(HERO, line=style == "colon"))
        title = data.draw(st.one_of(plain_text, nasty_line))
        blocks += [myst_directive("hero-section", title, opts, data.draw(body_text), style), ""]
    with built({"index.md": "\n".join(blocks)}, builder, prepare=_landing_files) as result:
        check_build(result)


@profile()
@given(data=st.data(), builder=st.sampled_from(["html", "html", "text"]))
def test_calendar_embed(data, builder):
    """calendar-embed with random arguments, options and .ics contents."""
    ics = data.draw(ics_text)
    blocks = ["# Calendar", ""]
    for _ in range(data.draw(st.integers(1, 2))):
        style = data.draw(st.sampled_from(["yaml", "colon"]))
        opts = data.draw(options(CALENDAR, line=style == "colon"))
        blocks += [myst_directive("calendar-embed", data.draw(CAL_ARGS), opts, style=style), ""]

    def prepare(srcdir):
        _landing_files(srcdir)
        (srcdir / "cal.ics").write_text(ics, encoding="utf-8")
        (srcdir / "sub" / "cal.ics").write_text(ics, encoding="utf-8")
        (srcdir / "cal.ICS").write_bytes(b"\xff\xfe\x00garbage")
        (srcdir / "link-in.ics").symlink_to(srcdir / "cal.ics")

    conf = "innersource_embed_hosts = ['calendar.google.com', 'outlook.office365.com']\n"
    with built({"index.md": "\n".join(blocks)}, builder, prepare=prepare,
               conf_extra=conf) as result:
        check_build(result)


BIB = """\
@article{capraro2016,
  author = {Capraro, Maximilian and Riehle, Dirk},
  title = {Inner Source Definition},
  journal = {ACM Computing Surveys},
  year = {2016},
}
@book{cooper2018,
  author = {Cooper, Danese},
  title = {Adopting InnerSource},
  publisher = {O'Reilly Media},
  year = {2018},
}
"""
CITE_KEYS = st.one_of(st.sampled_from(["capraro2016", "CAPRARO2016", "cooper2018", "nope",
                                       "capraro2016,cooper2018", "a,,b", "", " "]),
                      nasty_line)


@profile()
@given(data=st.data(), builder=st.sampled_from(["text", "html"]))
def test_pattern_bibliography(data, builder):
    """pattern-bibliography and citations with random options and keys (bibtex loaded)."""
    cites = data.draw(st.lists(st.tuples(st.sampled_from(["cite:p", "cite:t", "cite"]),
                                         CITE_KEYS), max_size=3))
    cite_text = " ".join(f"{{{role}}}`{key}`" for role, key in cites)
    page = ("# P0 A\n\n:::{pattern}\n:maturity: structured\n:patlet: x " + cite_text +
            "\n:::\n\n## Problem\n\n" + cite_text + "\n\n:::{known-instance} Org\n" +
            cite_text + "\n:::\n")
    blocks = ["# Bibliography", ""]
    for _ in range(data.draw(st.integers(1, 2))):
        style = data.draw(st.sampled_from(["yaml", "colon"]))
        blocks += [myst_directive("pattern-bibliography",
                                  options=data.draw(options(BIBLIOGRAPHY, line=style == "colon")),
                                  style=style), ""]
    files = {"index.md": "# Book\n\n```{toctree}\np0-a\nbib\n```\n", "p0-a.md": page,
             "bib.md": "\n".join(blocks), "refs.bib": data.draw(st.sampled_from(
                 [BIB, BIB + "@misc{broken,\n title = {x\n", BIB.replace("2016", "{")]))}
    conf = "bibtex_bibfiles = ['refs.bib']\ninnersource_required_sections = []\n"
    with built(files, builder, conf_extra=conf,
               extensions=("myst_parser", "sphinx_innersource", "sphinxcontrib.bibtex")) \
            as result:
        check_build(result)
        check_index(result, {"p0-a": ("p0-a", ["Org"])}, html=builder == "html")


# -- directives in the wrong places -------------------------------------------------------

LEAVES = {
    "pattern": ({**{k: nasty for k in PATTERN_OPTIONS}, "id": nasty_line,
                 "class": nasty_line}, False, True),
    "known-instance": ({**INSTANCE, "class": nasty_line}, True, True),
    "patterns-toctree": (TOCTREE, False, False),
    "pattern-list": (PATTERN_LIST, False, False),
    "known-instances": (KNOWN_INSTANCES, False, False),
    "pattern-bibliography": (BIBLIOGRAPHY, False, False),
    "hero-section": (HERO, True, True),
    "calendar-embed": (CALENDAR, True, False),
}


@st.composite
def leaf(draw):
    kind = draw(st.sampled_from([*LEAVES, "role", "text", "heading"]))
    if kind == "role":
        return ("text", f"See {{pattern}}`{draw(ROLE_TARGETS)}` here.")
    if kind == "text":
        return ("text", draw(st.one_of(plain_text, nasty)))
    if kind == "heading":
        return ("text", "#" * draw(st.integers(1, 3)) + " " + draw(plain_text))
    spec, has_argument, has_body = LEAVES[kind]
    style = draw(st.sampled_from(["yaml", "yaml-raw", "colon"]))
    argument = ""
    if has_argument:
        argument = draw(CAL_ARGS if kind == "calendar-embed" else st.one_of(plain_text,
                                                                            nasty_line))
    opts = draw(options(spec, line=style == "colon"))
    body = draw(st.one_of(st.just(""), plain_text, nasty)) if has_body else ""
    return ("directive", kind, argument, opts, style, body)


CONTAINERS = ["note", "only-html", "only-latex", "only-not", "list", "quote", "list-table",
              "pattern", "known-instance", "hero-section", "dropdown", "tab-set"]


def blocks_strategy():
    return st.recursive(
        st.lists(leaf(), min_size=1, max_size=2),
        lambda children: st.lists(st.one_of(
            leaf(),
            st.tuples(st.just("container"), st.sampled_from(CONTAINERS), children)),
            min_size=1, max_size=3),
        max_leaves=6,
    )


def _height(block) -> int:
    if block[0] == "container":
        return 1 + max((_height(b) for b in block[2]), default=0)
    return 0


def render_myst(blocks) -> str:
    return "\n\n".join(render_block(b) for b in blocks)


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0], *(rest + line if line else line for line in lines[1:])])


def render_block(block) -> str:
    if block[0] == "text":
        return block[1]
    if block[0] == "directive":
        _tag, kind, argument, opts, style, body = block
        return myst_directive(kind, argument, opts, body, style)
    _tag, kind, children = block
    inner = render_myst(children)
    fence = 3 + _height(block)
    if kind == "note":
        return myst_directive("note", body=inner, fence=fence)
    if kind.startswith("only-"):
        expression = {"only-html": "html", "only-latex": "latex", "only-not": "not html"}[kind]
        return myst_directive("only", expression, body=inner, fence=fence)
    if kind == "list":
        return _indent(inner, "- ", "  ")
    if kind == "quote":
        return "\n".join("> " + line for line in inner.split("\n"))
    if kind == "list-table":
        cell = _indent(inner, "* - ", "    ")
        return myst_directive("list-table", body=cell + "\n  - x", fence=fence)
    if kind == "pattern":
        return myst_directive("pattern", options={"id": "nested"}, body=inner, fence=fence)
    if kind == "known-instance":
        return myst_directive("known-instance", "Outer Org", body=inner, fence=fence)
    if kind == "hero-section":
        return myst_directive("hero-section", "Outer Hero", body=inner, fence=fence)
    if kind == "dropdown":
        return myst_directive("dropdown", "More", body=inner, fence=fence)
    return myst_directive("tab-set", body=myst_directive("tab-item", "One", body=inner,
                                                         fence=fence), fence=fence + 1)


CHAOS_CONF = ("innersource_embed_hosts = ['calendar.google.com']\n"
              "bibtex_bibfiles = ['refs.bib']\n")
CHAOS_EXTENSIONS = ("myst_parser", "sphinx_innersource", "sphinx_design",
                    "sphinxcontrib.bibtex")


def _chaos_files(page: str, name: str = "chaos.md") -> dict[str, str]:
    return {
        "index.md": f"# Book\n\n```{{toctree}}\np0-a\n{name.rsplit('.', 1)[0]}\n```\n",
        "p0-a.md": "# P0 A\n\n:::{pattern}\n:patlet: x\n:::\n\n:::{known-instance} Top Org\n:::\n",
        name: page,
        "refs.bib": BIB,
    }


@profile(ci=20)
@given(blocks=blocks_strategy(), builder=st.sampled_from(["pseudoxml", "html", "text"]))
def test_directives_in_wrong_places(blocks, builder):
    """Every directive nested in lists, admonitions, only blocks, tables and each other."""
    page = "# Chaos\n\n" + render_myst(blocks) + "\n"
    with built(_chaos_files(page), builder, extensions=CHAOS_EXTENSIONS,
               conf_extra=CHAOS_CONF, prepare=_landing_files) as result:
        check_build(result)
        check_index(result, {"p0-a": ("p0-a", ["Top Org"])}, html=builder == "html")


@profile(ci=10)
@given(blocks=blocks_strategy())
def test_latex_writer(blocks):
    """The same nesting, written by the LaTeX builder (the .tex only, no PDF)."""
    page = "# Chaos\n\n" + render_myst(blocks) + "\n"
    with built(_chaos_files(page), "latex", extensions=CHAOS_EXTENSIONS,
               conf_extra=CHAOS_CONF, prepare=_landing_files) as result:
        check_build(result)
        assert list(result.outdir.glob("*.tex"))


# -- reStructuredText ------------------------------------------------------------------

def rst_directive(name: str, argument: str, opts: dict[str, str], body: str) -> str:
    lines = [f".. {name}::" + (f" {argument}" if argument else "")]
    lines += [f"   :{k}: {v}".rstrip() for k, v in opts.items()]
    if body:
        lines += ["", *("   " + line if line else "" for line in body.split("\n"))]
    return "\n".join(lines)


def render_rst_block(block) -> str:
    if block[0] == "text":
        text = block[1]
        if text.startswith("#"):
            title = text.lstrip("# ") or "x"
            return f"{title}\n{'-' * max(4, len(title) * 2)}"
        return text.replace("{pattern}", ":pattern:")
    if block[0] == "directive":
        _tag, kind, argument, opts, _style, body = block
        opts = {k: re.sub(r"[\r\n]", " ", v) for k, v in opts.items()}
        return rst_directive(kind, argument, opts, body)
    _tag, kind, children = block
    inner = "\n\n".join(render_rst_block(b) for b in children)
    if kind == "list":
        return _indent(inner, "- ", "  ")
    if kind == "quote":
        return "\n".join("   " + line if line else line for line in inner.split("\n"))
    if kind == "list-table":
        return rst_directive("list-table", "", {}, _indent(inner, "* - ", "    ") + "\n  - x")
    if kind.startswith("only-"):
        return rst_directive("only", {"only-html": "html", "only-latex": "latex",
                                      "only-not": "not html"}[kind], {}, inner)
    name, argument = {"note": ("note", ""), "pattern": ("pattern", ""),
                      "known-instance": ("known-instance", "Outer Org"),
                      "hero-section": ("hero-section", "Outer Hero"),
                      "dropdown": ("dropdown", "More"), "tab-set": ("note", "")}[kind]
    return rst_directive(name, argument, {}, inner)


@profile()
@given(blocks=blocks_strategy(), builder=st.sampled_from(["pseudoxml", "html"]))
def test_rst_directives_in_wrong_places(blocks, builder):
    """The nesting property in reStructuredText (grid of the same blocks)."""
    page = "Chaos\n=====\n\n" + "\n\n".join(render_rst_block(b) for b in blocks) + "\n"
    with built(_chaos_files(page, "chaos.rst"), builder, extensions=CHAOS_EXTENSIONS,
               conf_extra=CHAOS_CONF, prepare=_landing_files) as result:
        check_build(result)
        check_index(result, {"p0-a": ("p0-a", ["Top Org"])}, html=builder == "html")


# -- a few fixed hostile inputs, so that CI always runs them ---------------------------------

@pytest.mark.parametrize("value", ["", "x" * 10_000, "\x00\x01\x1b[31m", "<script>x</script>",
                                   "\u202e\u200b\ufeff", "javascript:alert(1)",
                                   *MARKUP[:6], *CONTROL[:3], "\U0001f600" * 50])
def test_every_pattern_option_with_hostile_value(value):
    opts = "\n".join(f"{k}: {json.dumps(value)}" for k in PATTERN_OPTIONS)
    page = f"# P\n\n:::{{pattern}}\n---\nid: p0-a\n{opts}\n---\n:::\n"
    with built({"index.md": "# Book\n\n```{toctree}\np0-a\n```\n", "p0-a.md": page},
               "html") as result:
        check_build(result)
        check_index(result, {"p0-a": ("p0-a", [])}, html=True)


@profile(ci=5)
@given(value=huge)
def test_strategies_make_huge_values(value):
    """The ``huge`` strategy really gives 10,000 characters (the fuzzing relies on it)."""
    assert len(value) == 10_000


# -- the URL policy and file names (issue 20) --------------------------------------------

POLICY_SEEDS = [*HOSTILE_URLS, *SAFE_URLS, *SAFE_MAIL]


def _visible_host(url: str) -> str:
    """The host a reader sees in an absolute URL: after ``//``, before the path and port."""
    authority = re.split(r"[/?#]", url.split("//", 1)[1], maxsplit=1)[0]
    if authority.startswith("["):
        return authority[1:authority.index("]")].lower()
    return authority.split(":", 1)[0].lower()


@profile(ci=300)
@given(url=policy_urls(POLICY_SEEDS), schemes=st.sampled_from([WEB, LINK]))
def test_url_policy_accepts_only_urls_that_go_where_they_say(url, schemes):
    problem = url_problem(url, schemes)  # never raises
    if problem is not None:
        assert isinstance(problem, str) and problem
        return
    scheme = scheme_of(url)
    assert scheme in schemes
    assert not hidden_characters(url) and unicodedata.normalize("NFKC", url) == url
    assert not set(url) & CONFUSABLES
    parts = urlsplit(url)
    assert parts.port != 0  # .port raises on a bad port
    if scheme == "mailto":
        assert "@" in parts.path
        return
    assert "@" not in parts.netloc
    assert parts.hostname and parts.hostname == _visible_host(url)


@profile(ci=8)
@given(data=st.data())
def test_url_inputs_emit_only_urls_the_policy_allows(data):
    sink = data.draw(st.sampled_from(SINKS), label="sink")
    chosen = data.draw(st.lists(policy_urls(POLICY_SEEDS), min_size=1, max_size=3),
                       label="urls")
    files, names = book(sink, [re.sub(r"[\r\n]", " ", u) for u in chosen])
    with built(files, "html", extensions=("myst_parser", "sphinx_innersource",
                                          *sink.extensions), conf_extra=sink.conf) as result:
        check_build(result)
        for name in names:
            page = BeautifulSoup((result.outdir / f"{name}.html").read_text(encoding="utf-8"),
                                 "html.parser")
            for emitted in emitted_urls(page):
                assert url_problem(emitted, LINK) is None, (sink.name, emitted)


def _short_url_page(n: int, pattern_id: str, aliases: list[str]) -> str:
    options = {"id": pattern_id, "patlet": "x"}
    if aliases:
        options["aliases"] = "; ".join(aliases)
    return f"# P{n}\n\n" + myst_directive("pattern", options=options) + "\n"


@profile(ci=8)
@given(ids=st.lists(file_names, min_size=1, max_size=3), aliases=st.lists(file_names, max_size=3))
def test_short_url_file_names_work_on_every_system(ids, aliases):
    files = {f"p{n}.md": _short_url_page(n, pattern_id, aliases if n == 0 else [])
             for n, pattern_id in enumerate(ids)}
    files["index.md"] = "# Book\n\n```{toctree}\n:glob:\n\np*\n```\n"
    with built(files, "html", conf_extra='innersource_short_urls = "go"\n') as result:
        check_build(result)
        folder = result.outdir / "go"
        written = [p.stem for p in folder.glob("*.html")] if folder.is_dir() else []
        assert not clashes(written), written
        assert not [w for w in written if too_long(w, ".html")]
        for stem in written:  # each redirect has its folder twin
            assert (folder / stem / "index.html").is_file()


def _import_repo(root: Path, names: list[str], links: list[str]) -> Path:
    from test_importer_inputs import ALPHA

    folder = root / "src" / "patterns" / "2-structured"
    folder.mkdir(parents=True)
    text = ALPHA + "".join(f"\nSee [link {n}]({url}) and ![image {n}]({url}).\n"
                           for n, url in enumerate(links))
    for name in ["alpha", *names]:
        safe = name.replace("/", "-").replace("\x00", "")
        if not safe.strip(". "):
            continue
        try:
            if not (folder / f"{safe}.md").exists():
                (folder / f"{safe}.md").write_text(text, encoding="utf-8")
        except OSError:  # a name this file system refuses: not a possible source
            continue
    return root / "src"


@profile(ci=20)
@given(names=st.lists(file_names, max_size=3),
       links=st.lists(policy_urls(POLICY_SEEDS).map(lambda u: re.sub(r"[\s()<>]", "", u)),
                      max_size=3))
def test_import_with_random_file_names_and_links(names, links):
    import tempfile

    from importing import run

    from sphinx_innersource.cli.importer.safety import link_problem

    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as tmp:
        src = _import_repo(Path(tmp), names, links)
        code, out, err = run("import", src, Path(tmp) / "book")
        assert code in (0, 1), out + err
        assert "Traceback" not in out + err
        pages = list((Path(tmp) / "book" / "patterns").glob("*.md"))
        assert (pages and not clashes([p.stem for p in pages])) or "ignore case" in out
        for page in pages:
            for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
                assert link_problem(target) is None, (page.name, target)
