"""Catalogue directives (pattern-list, known-instances) and the orphan check."""

from __future__ import annotations

from pathlib import Path

import pytest
from booktools import build, copy_root, page
from helpers import soup, warnings_of

S = "patterns/2-structured/"
V = "patterns/3-validated/"


@pytest.fixture
def book(shared_build):
    """The ``book`` root in HTML, built once from scratch."""
    return shared_build("book")


def sections(app, name: str = "catalogue.html") -> dict[str, object]:
    """The catalogue page's sections by id."""
    doc = soup(app, name)
    return {s["id"]: s for s in doc.select("section[id]")}


def test_list_grouped_by_maturity(book):
    block = sections(book)["by-maturity"].select_one("div.innersource-pattern-list")
    groups = [r.get_text() for r in block.select("p.rubric")]
    assert groups == ["Validated", "Structured", "Initial"]
    items = [li.select_one("a").get_text() for li in block.select("li")]
    assert items == ["Mid Point", "Apple Cart", "Zebra Crossing", "Another Donut", "Donut One"]
    first = block.select_one("li")
    assert first.select_one("a")["href"] == V + "mid-point.html"
    assert first.select_one("a")["title"] == "Problem of Mid Point. Solution of Mid Point."
    assert first.select_one(".innersource-badge").get_text() == "Validated"
    assert first.select_one("p.innersource-patlet").get_text() == (
        "Problem of Mid Point. Solution of Mid Point.")


def test_table_style(book):
    table = sections(book)["table"].select_one("table.innersource-pattern-table")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Pattern", "Maturity", "Patlet"]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")]
    # Default selection: the book's levels (structured and validated), by title.
    assert [r[0] for r in rows] == ["Apple Cart", "Mid Point", "Zebra Crossing"]
    assert rows[1][1] == "Validated"
    assert rows[0][2] == "Problem of Apple Cart. Solution of Apple Cart."
    # Under a maturity heading, a Maturity column would repeat the heading.
    grouped = sections(book)["table-by-maturity"]
    assert [r.get_text() for r in grouped.select("p.rubric")] == ["Validated", "Structured"]
    for table in grouped.select("table.innersource-pattern-table"):
        assert [th.get_text() for th in table.select("thead th")] == ["Pattern", "Patlet"]
        assert table.select_one(".innersource-badge") is None
    assert [a.get_text() for a in grouped.select("tbody a")] == [
        "Mid Point", "Apple Cart", "Zebra Crossing"]


def test_cards_style_uses_sphinx_design(book):
    grid = sections(book)["cards"].select_one("div.innersource-pattern-cards")
    assert "sd-container-fluid" in grid["class"]
    assert grid.select_one("div.sd-row") is not None
    cards = grid.select("div.sd-card")
    # categories: adopt
    assert [c.select_one(".sd-card-title a").get_text() for c in cards] == [
        "Mid Point", "Zebra Crossing"]
    assert cards[0].select_one(".sd-card-body .innersource-badge").get_text() == "Validated"
    # sphinx-design's stylesheet is part of the page.
    assert any("sphinx-design" in link.get("href", "")
               for link in soup(book, "catalogue.html").select("link[rel=stylesheet]"))


def test_known_instances_both_ways(book):
    by_org = sections(book)["organisations"].select_one("table")
    rows = {tr.select("td")[0].get_text(): [(a.get_text(), a["href"])
                                            for a in tr.select("td")[1].select("a")]
            for tr in by_org.select("tbody tr")}
    assert list(rows) == ["Contoso", "Fabrikam", "Northwind"]
    assert rows["Northwind"] == [
        ("Mid Point", V + "mid-point.html#known-instance-northwind"),
        ("Zebra Crossing", S + "crossing.html#known-instance-northwind"),
    ]
    by_pattern = sections(book)["patterns-and-their-organisations"].select_one("table")
    rows = {tr.select("td")[0].get_text(): [a.get_text() for a in tr.select("td")[1].select("a")]
            for tr in by_pattern.select("tbody tr")}
    assert rows == {"Apple Cart": ["Contoso"],
                    "Mid Point": ["Contoso", "Fabrikam", "Northwind"],
                    "Zebra Crossing": ["Northwind"]}


def test_group_by_category_and_bad_options(make_app, tmp_path):
    src = copy_root("book", tmp_path / "src")
    (src / "catalogue.md").write_text(
        "# Catalogue\n\n```{pattern-list}\n:maturity: all\n:group: category\n```\n\n"
        "```{pattern-list}\n:style: carousel\n:group: colour\n:sort: size\n"
        ":maturity: mature\n```\n\n"
        "```{pattern-list}\n:tags: nothing-has-this\n```\n", encoding="utf-8")
    app = build(make_app, src)
    doc = page(Path(app.outdir), "catalogue.html")
    lists = doc.select("div.innersource-pattern-list")
    groups = [r.get_text() for r in lists[0].select("p.rubric")]
    assert groups == ["adopt", "begin", "Uncategorised"]
    adopt = lists[0].select("ul")[0]
    assert [a.get_text() for a in adopt.select("li > p > a")] == ["Mid Point", "Zebra Crossing"]
    # Bad values fall back to the defaults (a plain list of the book's levels).
    assert [a.get_text() for a in lists[1].select("li > p > a")] == [
        "Apple Cart", "Mid Point", "Zebra Crossing"]
    assert lists[2].select_one("p.innersource-empty") is not None
    warnings = "\n".join(warnings_of(app))
    for fragment in ("unknown style 'carousel'", "unknown group 'colour'",
                     "unknown sort 'size'", "unknown maturity 'mature'"):
        assert fragment in warnings
    assert warnings.count("catalogue.md:8: WARNING") == 4
    assert "[innersource.option]" in warnings


def test_cards_without_sphinx_design_fall_back_to_a_list(make_app, tmp_path):
    src = copy_root("book", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"sphinx_design", ', ""), encoding="utf-8")
    (src / "catalogue.md").write_text("# Catalogue\n\n```{pattern-list}\n:style: cards\n```\n",
                                      encoding="utf-8")
    app = build(make_app, src)
    doc = page(Path(app.outdir), "catalogue.html")
    assert doc.select_one("div.sd-card") is None
    assert len(doc.select("ul.innersource-pattern-list > li")) == 3
    assert any("catalogue.md:3" in w and "needs sphinx-design" in w for w in warnings_of(app))


@pytest.mark.sphinx("latex", testroot="book")
def test_catalogue_in_latex(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    catalogue = tex[tex.index("{Catalogue}"):]
    for title in ("Mid Point", "Apple Cart", "Zebra Crossing", "Northwind", "Fabrikam"):
        assert title in catalogue
    # Links to pattern pages are internal hyperlinks in the PDF.
    assert "\\hyperref[" in catalogue


def test_orphan_pattern_pages_are_reported(make_app, tmp_path):
    src = copy_root("book", tmp_path / "src")
    # No toctree shows the initial patterns any more, and no catalogue either.
    (src / "index.md").write_text(
        "# Test book\n\n```{patterns-toctree}\n```\n\n```{toctree}\n:hidden:\nlinks\n```\n",
        encoding="utf-8")
    (src / "catalogue.md").unlink()
    (src / "donuts.md").unlink()
    app = build(make_app, src)
    orphans = [w for w in warnings_of(app) if "[innersource.orphan]" in w]
    assert len(orphans) == 2
    assert any("another-donut.md:3: WARNING: pattern page 'patterns/1-initial/another-donut'"
               in w for w in orphans)
    assert all("Fix:" in w for w in orphans)

    # A pattern-list that shows them is enough.
    (src / "listing.md").write_text("# Ideas\n\n```{pattern-list}\n:maturity: initial,\n```\n",
                                    encoding="utf-8")
    (src / "index.md").write_text(
        "# Test book\n\n```{patterns-toctree}\n```\n\n"
        "```{toctree}\n:hidden:\nlinks\nlisting\n```\n", encoding="utf-8")
    app = build(make_app, src)
    assert not [w for w in warnings_of(app) if "[innersource.orphan]" in w]

    # ... and suppress_warnings silences the check.
    (src / "listing.md").unlink()
    app = build(make_app, src, freshenv=True,
                confoverrides={"suppress_warnings": ["innersource.orphan"]})
    assert not [w for w in warnings_of(app) if "innersource.orphan" in w]
