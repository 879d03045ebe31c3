"""The kinds of node each page holds (collectors.NodeKinds) and the walks they save.

In a per-page HTML build, the post-transforms and page events that look for
one of our nodes skip the pages that hold none.  These tests show that the
record is right after a clean, an incremental and a parallel build, that the
skipped walks are the ones expected, and that the builders that assemble
several pages into one tree still find every node.
"""

from __future__ import annotations

import pytest
from docutils import nodes
from helpers import build_app, project, soup

from sphinx_innersource.collectors import NodeKinds, may_hold
from sphinx_innersource.nodes import hero_section, landing_block

MYST = ("myst_parser", "sphinx_innersource")

HERO = """\
```{hero-section} The Book
---
buttons: |
  Read <doc:plain3> [primary]
---

Welcome.
```
"""
PATTERN = """\
# Orchard Review

```{pattern} orchard-review
:maturity: initial
:patlet: Reviews shared by teams.
```

## Problem

Text.

```{known-instance} Orchard Systems
Teams review each other's changes.
```
"""
PLAIN = [f"plain{n}" for n in range(8)]  # parallel reading needs more than five pages


def book(tmp_path, index_hero: bool = True):
    toctree = "\n".join(["```{toctree}", "pattern", *PLAIN, "```", ""])
    files = {"index.md": "# Book\n\n" + (HERO if index_hero else "Welcome.\n\n") + toctree,
             "pattern.md": PATTERN}
    files.update({f"{name}.md": f"# Page {name}\n\nText.\n" for name in PLAIN})
    return project(tmp_path, files, extensions=MYST)


def test_each_page_records_its_kinds_with_their_base_classes(make_app, tmp_path):
    app = build_app(make_app("html", srcdir=book(tmp_path)))
    kinds = NodeKinds.kinds(app.env)
    assert set(kinds) == {"index", "pattern", *PLAIN}
    assert {"hero_section", "landing_block", "container"} <= kinds["index"]
    assert {"pattern_meta", "known_instance", "pattern_summary"} <= kinds["pattern"]
    assert "landing_block" not in kinds["plain0"] and "pattern_meta" not in kinds["plain0"]
    assert may_hold(app.builder, "index", landing_block)  # through the subclass
    assert not may_hold(app.builder, "plain0", hero_section, landing_block)
    assert may_hold(app.builder, "plain0", nodes.paragraph)
    assert may_hold(app.builder, "never-read", hero_section)  # unknown: look


def test_the_walks_for_our_nodes_skip_the_pages_without_them(make_app, tmp_path, monkeypatch):
    walked: list[str] = []
    findall = nodes.Node.findall

    def spy(self, condition=None, *args, **kwargs):
        if condition is hero_section and isinstance(self, nodes.document):
            walked.append(self["source"].rsplit("/", 1)[-1])
        return findall(self, condition, *args, **kwargs)

    monkeypatch.setattr(nodes.Node, "findall", spy)
    app = build_app(make_app("html", srcdir=book(tmp_path)))
    assert walked == ["index.md"]  # the hero post-transform, on its page only
    button = soup(app, "index.html").select_one("a.innersource-button")
    assert button is not None and "innersource-button--primary" in button["class"]


@pytest.mark.parametrize("buildername", ["singlehtml", "latex"])
def test_builders_that_assemble_pages_still_find_every_node(make_app, tmp_path, buildername):
    app = build_app(make_app(buildername, srcdir=book(tmp_path)))
    assert may_hold(app.builder, "plain0", hero_section)  # not a per-page tree: look
    if buildername == "singlehtml":
        page = soup(app, "index.html")
        assert page.select_one("a.innersource-button.innersource-button--primary")
        assert page.select_one(".innersource-pattern-meta")  # the pattern page, inlined


def test_an_incremental_build_renews_the_kinds_of_the_pages_read_again(make_app, tmp_path):
    src = book(tmp_path)
    app = build_app(make_app("html", srcdir=src))
    assert "sphinx-innersource-landing.css" in (app.outdir / "index.html").read_text()
    (src / "index.md").write_text((src / "index.md").read_text().replace(HERO, "Welcome.\n"))
    (src / "plain1.md").write_text("# Page plain1\n\n" + HERO)
    app = build_app(make_app("html", srcdir=src))
    kinds = NodeKinds.kinds(app.env)
    assert "hero_section" not in kinds["index"] and "hero_section" in kinds["plain1"]
    assert "sphinx-innersource-landing.css" not in (app.outdir / "index.html").read_text()
    page = soup(app, "plain1.html")
    assert page.select_one('link[href^="_static/sphinx-innersource-landing.css"]')
    assert page.select_one("a.innersource-button.innersource-button--primary")


def test_parallel_reading_merges_the_same_kinds(make_app, tmp_path):
    serial = build_app(make_app("html", srcdir=book(tmp_path / "serial")))
    parallel = build_app(make_app("html", srcdir=book(tmp_path / "parallel"), parallel=2))
    assert NodeKinds.kinds(parallel.env) == NodeKinds.kinds(serial.env)
