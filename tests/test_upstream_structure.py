"""A book shaped like the upstream pattern collection (our own placeholder text).

``tests/roots/test-upstream`` follows the layout and headings of
``patterns/2-structured/`` upstream: ``Solution`` and ``Solutions``, ``Story``,
``### Prerequisites``, ``Status``, ``Authors``/``Author(s)``,
``Acknowledgments``, a folder pattern in ``README.md``, known-instance lists
turned into ``known-instance`` blocks and links between patterns via
``{pattern}``.  It builds without ../shared; only the heading comparison
reads the upstream sample, and skips without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import soup, warnings_of

ROOT = Path(__file__).parent / "roots" / "test-upstream" / "patterns" / "2-structured"
UPSTREAM = pytest.mark.sphinx("html", testroot="upstream")

#: our page -> the upstream page it is modelled on
MODELLED_ON = {
    "review-rotation.md": "trusted-committer.md",
    "project-catalogue.md": "innersource-portal.md",
    "support-window.md": "30-day-warranty.md",
}
PREFIX = "patterns/2-structured/"


def headings(path: Path, level: int) -> list[str]:
    """Markdown headings of one level, outside fenced code."""
    found, fence = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = re.match(r"^(`{3,}|:{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif line.strip() == fence:
                fence = None
            continue
        if fence is None:
            match = re.match(rf"^{'#' * level} (.+?)\s*$", line)
            if match:
                found.append(match.group(1))
    return found


@UPSTREAM
def test_upstream_shaped_book_builds_without_warnings(app_params, make_app):
    args, kwargs = app_params
    app = make_app(*args, **{**kwargs, "freshenv": True, "warningiserror": True})
    app.build()
    assert warnings_of(app) == []
    assert app.statuscode == 0
    patterns = app.env.get_domain("innersource").patterns
    assert {pid: (p.docname, p.maturity_key) for pid, p in patterns.items()} == {
        "review-rotation": (PREFIX + "review-rotation", "structured"),
        "project-catalogue": (PREFIX + "project-catalogue", "structured"),
        "support-window": (PREFIX + "support-window", "structured"),
        "onboarding-guide": (PREFIX + "onboarding-guide/README", "structured"),
    }
    by_pattern = app.env.get_domain("innersource").index.instances_by_pattern()
    assert all(len(by_pattern[pid]) >= 1 for pid in patterns)


@UPSTREAM
def test_upstream_headings_are_recorded(app):
    app.build()
    patterns = app.env.get_domain("innersource").patterns
    catalogue = patterns["project-catalogue"]
    for heading in ("Story", "Prerequisites", "Solutions", "Author(s)", "Acknowledgments",
                    "References"):
        assert heading in catalogue.sections
    assert "Solution" in patterns["review-rotation"].sections
    assert catalogue.authors == ["Catalogue Author"]
    assert patterns["review-rotation"].acknowledgments == ["First Reviewer", "Second Reviewer"]


@UPSTREAM
def test_known_instances_show_up_in_the_organisation_index(app):
    app.build()
    page = soup(app, "innersource-organisations.html")
    links = {}
    organisation = None
    for tr in page.select("table.modindextable tr"):
        code = tr.find("code")
        if code is None:
            continue
        link = tr.find("a")
        # Organisation rows head a group (they link to their first instance);
        # the rows of the group ("cg-N") are the patterns.
        if not any(c.startswith("cg-") for c in tr.get("class") or []):
            organisation = code.get_text()
        else:
            links.setdefault(organisation, []).append((code.get_text(), link["href"]))
    assert links == {
        "Example Retail Group": [
            ("Onboarding Guide",
             PREFIX + "onboarding-guide/README.html#known-instance-example-retail-group"),
            ("Project Catalogue",
             PREFIX + "project-catalogue.html#known-instance-example-retail-group"),
        ],
        "Placeholder Freight": [
            ("Project Catalogue",
             PREFIX + "project-catalogue.html#known-instance-placeholder-freight"),
            ("Review Rotation",
             PREFIX + "review-rotation.html#known-instance-placeholder-freight"),
        ],
        "Sample Insurance": [
            ("Review Rotation",
             PREFIX + "review-rotation.html#known-instance-sample-insurance"),
            ("Support Window", PREFIX + "support-window.html#known-instance-sample-insurance"),
        ],
    }
    # Every linked anchor is a known-instance block of its page.
    outdir = Path(app.outdir)
    for items in links.values():
        for _title, href in items:
            target, anchor = href.split("#")
            block = soup(app, target).find(id=anchor)
            assert block is not None and "innersource-known-instance" in block["class"], href
            assert (outdir / target).is_file()


@UPSTREAM
def test_links_between_patterns(app):
    app.build()
    page = soup(app, PREFIX + "support-window.html")
    variants = page.find("section", id="variants")
    link = variants.select_one("p a, li a")
    assert link["href"] == "review-rotation.html"
    assert link.get_text() == "Review Rotation"
    assert link["title"].startswith("A handful of people review every change")
    related = page.select("dd.innersource-field-related a")
    assert [a["href"] for a in related] == ["review-rotation.html"]
    catalogue = soup(app, PREFIX + "project-catalogue.html")
    assert [a["href"] for a in catalogue.select("dd.innersource-field-related a")] == [
        "review-rotation.html", "onboarding-guide/README.html"]


@pytest.mark.corpus
@pytest.mark.parametrize(("ours", "theirs"), sorted(MODELLED_ON.items()))
def test_headings_follow_the_upstream_page(corpus, ours, theirs):
    upstream = corpus / "patterns" / "2-structured" / theirs
    # Upstream "Title" and "Patlet" become the page title and the :patlet: option.
    expected = [h for h in headings(upstream, 2) if h not in ("Title", "Patlet")]
    assert headings(ROOT / ours, 2) == expected
    if theirs == "innersource-portal.md":
        assert "Prerequisites" in headings(upstream, 3)
        assert "Prerequisites" in headings(ROOT / ours, 3)
