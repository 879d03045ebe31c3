"""The innersource domain: roles, domain indices, purging and parallel reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import soup, strip_ansi, warnings_of


def _para(app, page, prefix):
    for p in soup(app, page).select("div.body p"):
        if p.get_text().startswith(prefix):
            return p
    raise AssertionError(f"no paragraph {prefix!r} in {page}")


def _links(paragraph):
    return [(a["href"], a.get_text(), a.get("title")) for a in paragraph.select("a")]


# -- roles --------------------------------------------------------------------

@pytest.fixture
def domain(shared_build):
    """The ``domain`` root in HTML, built once from scratch."""
    return shared_build("domain")


TARGET = ("target.html", "Target Heading", "Target problem. Target solution.")
SECOND = ("second.html", "Alpha Second", "Second problem. Second solution.")
THIRD = ("third.html", "Beta Third", "Third problem. Third solution.")


def shown_as(link: tuple[str, str, str], text: str) -> tuple[str, str, str]:
    """*link* with another text (an explicit title)."""
    return (link[0], text, link[2])


@pytest.mark.parametrize(("page", "prefix", "links"), [
    pytest.param("linker.html", "Plain:", [TARGET],
                 id="without-title-shows-pattern-title-and-patlet"),
    pytest.param("linker.html", "Explicit:", [shown_as(TARGET, "Shown text")],
                 id="explicit-title-keeps-the-text"),
    pytest.param("linker.html", "Alias:", [TARGET] * 2, id="finds-patterns-by-alias"),
    pytest.param("linker.html", "Title:", [SECOND], id="finds-patterns-by-title"),
    pytest.param("linker.html", "Domain role:", [THIRD], id="domain-prefixed-role"),
    pytest.param("linker.html", "Any:", [TARGET, shown_as(TARGET, "Shown")],
                 id="any-role-finds-patterns"),
    pytest.param("rst-links.html", "Plain", [TARGET, shown_as(THIRD, "words here")],
                 id="roles-in-rst"),
])
def test_role(domain, page, prefix, links):
    assert _links(_para(domain, page, prefix)) == links


def test_broken_reference_warns_with_location(domain):
    warnings = warnings_of(domain)
    assert len(warnings) == 1, warnings
    match = re.match(r"^(.+):(\d+): WARNING: (.*) \[(\S+)\]$", warnings[0])
    assert match, warnings[0]
    path, line, message, kind = match.groups()
    assert Path(path) == Path(domain.srcdir) / "linker.md"
    assert int(line) == 13
    assert message.startswith("unknown pattern 'missing-pattern'")
    assert kind.split(".")[0] == "ref"
    broken = _para(domain, "linker.html", "Broken:")
    assert broken.select("a") == []
    assert "missing-pattern" in broken.get_text()


# -- domain indices -----------------------------------------------------------------

def _index_rows(app, page):
    """(group, text of the entry, href, description) of a domain index page."""
    rows, group = [], None
    for tr in soup(app, page).select("table.modindextable tr"):
        if "cap" in (tr.get("class") or []):
            group = tr.get_text(strip=True)
            continue
        cells = tr.find_all("td")
        if "pcap" in (tr.get("class") or []) or len(cells) < 3:
            continue
        code = cells[1].find("code")
        link = cells[1].find("a")
        rows.append((group, code.get_text(), link["href"] if link else None,
                     cells[1].get_text(" ", strip=True), cells[2].get_text(strip=True)))
    return rows


def _grouped(rows) -> list[tuple[str, list[tuple[str, str]]]]:
    """The (text, href) of the index rows under their groups, as they follow each other."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for group, text, href, *_rest in rows:
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append((text, href))
    return groups


def test_pattern_index_grouped_by_maturity_sorted_by_title(domain):
    rows = _index_rows(domain, "innersource-patterns.html")
    # Entries link to the summary box (an anchor the LaTeX index needs too).
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Validated", "Alpha Second", "second.html#innersource-pattern-second"),
        ("Structured", "Beta Third", "third.html#innersource-pattern-third"),
        ("Structured", "Target Heading", "target.html#innersource-pattern-target"),
        ("Initial", "Zeta Draft", "draft.html#innersource-pattern-draft"),
        ("Unspecified", "Loose Ends", "loose.html#innersource-pattern-loose"),
    ]
    assert rows[0][4] == "Second problem. Second solution."


def test_organisation_index_links_to_known_instance_anchors(domain):
    rows = _index_rows(domain, "innersource-organisations.html")
    # An organisation links to its first known instance (the LaTeX index
    # drops entries without a target); its patterns follow.
    assert _grouped(rows) == [
        ("A", [("Acme Mills", "second.html#known-instance-acme-mills"),
               ("Alpha Second", "second.html#known-instance-acme-mills"),
               ("Target Heading", "target.html#known-instance-acme-mills")]),
        ("B", [("Borealis", "second.html#known-instance-borealis"),
               ("Alpha Second", "second.html#known-instance-borealis"),
               ("Beta Third", "third.html#known-instance-borealis")]),
        ("C", [("cobalt bank", "second.html#known-instance-cobalt-bank"),
               ("Alpha Second", "second.html#known-instance-cobalt-bank")]),
        # An instance naming its pattern by an alias is listed under the pattern's title.
        ("D", [("Delta Ventures", "draft.html#known-instance-delta-ventures"),
               ("Target Heading", "draft.html#known-instance-delta-ventures")]),
    ]
    assert rows[-1][4] == "Target problem. Target solution."
    # The year of an instance is shown next to its pattern.
    target_row = rows[2]
    assert "(2019)" in target_row[3]
    # Each anchor exists in its page.
    page = soup(domain, "third.html")
    assert "innersource-known-instance" in page.find(id="known-instance-borealis")["class"]
    # Expanded: no script collapses the organisations on load.
    index = soup(domain, "innersource-organisations.html")
    assert "COLLAPSE_INDEX" not in index.get_text()
    # Both index pages, and only they, set names in the body font.
    css = "_static/sphinx-innersource-indices.css"
    for name in ("innersource-organisations.html", "innersource-patterns.html", "third.html"):
        links = [link["href"].split("?")[0] for link in soup(domain, name).select("link")]
        assert (css in links) == name.startswith("innersource-"), name
    assert "font-family: inherit" in (Path(domain.outdir) / css).read_text(encoding="utf-8")


def test_domain_objects_for_inventory(domain):
    objects = sorted(domain.env.get_domain("innersource").get_objects())
    assert ("target", "Target Heading", "pattern", "target", "", 1) in objects
    assert ("third/borealis", "Borealis", "instance", "third", "known-instance-borealis",
            1) in objects


# -- purge on deletion --------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="domain", srcdir="domain-purge", freshenv=True)
def test_deleted_page_is_purged(app, make_app, app_params):
    app.build()
    domain = app.env.get_domain("innersource")
    assert "target" in domain.patterns
    assert "target" in domain.index.docs

    srcdir = Path(app.srcdir)
    (srcdir / "target.md").unlink()
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("target\n", ""),
                     encoding="utf-8")

    app.cleanup()  # unregister the first application's nodes before the second one
    args, kwargs = app_params
    again = make_app(*args, **{**kwargs, "freshenv": False})
    again.build()
    domain = again.env.get_domain("innersource")
    assert "target" not in domain.patterns
    assert "target" not in domain.index.docs
    assert all(i.docname != "target" for i in domain.index.iter_instances())
    assert domain.find_pattern("Other Name") is None  # its aliases went with it
    assert set(domain.patterns) == {"second", "third", "draft", "loose"}

    # Links to the deleted pattern now warn (at their locations) and are not links.
    warnings = warnings_of(again)
    dangling = [w for w in warnings if "unknown pattern 'target'" in w]
    assert any("linker.md:3:" in w for w in dangling), warnings
    assert any("rst-links.rst:4:" in w for w in dangling), warnings
    assert _links(_para(again, "linker.html", "Plain:")) == []

    # ... and the indices forget it.
    rows = _index_rows(again, "innersource-organisations.html")
    assert ("A", "Target Heading", "target.html#known-instance-acme-mills") not in [
        (r[0], r[1], r[2]) for r in rows]
    titles = [r[1] for r in _index_rows(again, "innersource-patterns.html")]
    assert "Target Heading" not in titles


@pytest.mark.sphinx("html", testroot="domain", srcdir="domain-change", freshenv=True)
def test_changed_and_added_patterns_update_the_pages_linking_to_them(app, make_app,
                                                                      app_params):
    app.build()
    assert len(warnings_of(app)) == 1  # the broken reference
    srcdir = Path(app.srcdir)
    target = srcdir / "target.md"
    target.write_text(target.read_text(encoding="utf-8")
                      .replace("# Target Heading", "# Renamed Target")
                      .replace("Target problem.", "Changed problem."), encoding="utf-8")
    (srcdir / "missing-pattern.md").write_text(
        "# Late Arrival\n\n```{pattern}\n:patlet: Added later. Now it resolves.\n```\n",
        encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "linker\n", "linker\nmissing-pattern\n"), encoding="utf-8")

    app.cleanup()
    args, kwargs = app_params
    again = make_app(*args, **{**kwargs, "freshenv": False})
    again.build()
    # linker.md itself did not change, yet its links follow the patterns.
    assert warnings_of(again) == []
    assert _links(_para(again, "linker.html", "Plain:")) == [
        ("target.html", "Renamed Target", "Changed problem. Target solution.")]
    assert _links(_para(again, "linker.html", "Broken:")) == [
        ("missing-pattern.html", "Late Arrival", "Added later. Now it resolves.")]
    # Pages that do not refer to the changed patterns are not rewritten.
    status = again.status.getvalue()
    written = re.findall(r"writing output\.\.\. .*?\] (?:\x1b\[\d+m)?([\w/-]+)", status)
    assert "linker" in written and "rst-links" in written
    assert "draft" not in written


# -- parallel reading ---------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="many", srcdir="many-parallel", freshenv=True)
def test_parallel_build_gives_the_same_index(app, make_app, app_params):
    app.build()
    serial = app.env.get_domain("innersource").index
    serial_refs = dict(app.env.get_domain("innersource").references)
    assert serial_refs["p1-initial"] == ["p2-structured"]
    assert len(serial.docs) == 9
    assert sum(len(r.instances) for r in serial.docs.values()) == 15

    # Same sources, a fresh environment, two reader processes.
    app.cleanup()
    args, kwargs = app_params
    parallel_app = make_app(*args, **{**kwargs, "parallel": 2, "freshenv": True})
    parallel_app.build()
    status = strip_ansi(parallel_app.status.getvalue())
    # Parallel reading reports chunks of documents ("first .. last").
    assert re.search(r"reading sources\.\.\. .*\S \.\. \S", status), status
    parallel = parallel_app.env.get_domain("innersource").index
    assert parallel is not serial
    assert parallel == serial
    assert parallel_app.env.get_domain("innersource").references == serial_refs
    assert warnings_of(parallel_app) == warnings_of(app) == []
