"""The ``known-instance`` directive: argument, options and body (MyST and rST)."""

from __future__ import annotations

import pytest
from helpers import soup, warnings_of


@pytest.fixture
def options(shared_build):
    """The ``options`` root, built once (a fresh environment)."""
    return shared_build("options")


def _instances(app):
    return {(i.docname, i.anchor): i
            for i in app.env.get_domain("innersource").index.iter_instances()}


def _block(app, page, anchor):
    block = soup(app, page).find(id=anchor)
    assert block is not None, (page, anchor)
    assert "innersource-known-instance" in block["class"]
    return block


def test_argument_gives_organisation_title_and_anchor(options):
    assert warnings_of(options) == []
    block = _block(options, "plain-default.html", "known-instance-zed-labs")
    title = block.select_one(".admonition-title")
    assert title.select_one(".innersource-label").get_text() == "Known instance: "
    assert title.select_one(".innersource-organisation").get_text() == "Zed Labs"
    assert title.select_one("a") is None  # no url, no link
    assert title.select_one(".innersource-year") is None  # no year
    instance = _instances(options)[("plain-default", "known-instance-zed-labs")]
    assert instance.organisation == "Zed Labs"
    assert instance.story == "Zed Labs shares everything."


def test_same_organisation_twice_gets_distinct_anchors(options):
    # The argument's inner whitespace is collapsed: "Zed   Labs" is "Zed Labs".
    second = _instances(options)[("plain-default", "known-instance-zed-labs-2")]
    assert second.organisation == "Zed Labs"
    block = _block(options, "plain-default.html", "known-instance-zed-labs-2")
    assert block.select_one(".innersource-organisation").get_text() == "Zed Labs"


@pytest.mark.parametrize(("docname", "organisation", "pattern_id", "explicit"), [
    ("full-options", "quux-industries", "custom-id", False),
    ("plain-default", "zed-labs", "plain-default", False),
    ("rst-page", "rest-org", "rst-page", False),
    ("other/README", "early-bird", "other", False),
    ("plain-default", "outside-corp", "folder", True),
    ("plain-default", "zed-labs-2", "custom-id", True),
    ("rst-page", "cross-org", "plain-default", True),
], ids=["defaults-to-the-pages-pattern-md", "defaults-to-the-pages-pattern-colon-fence",
        "defaults-to-the-pages-pattern-rst", "above-the-pattern-directive-attaches-to-it",
        "option-attaches-to-another-pattern", "option-title-is-slugified-to-the-id",
        "option-attaches-to-another-pattern-rst"])
def test_pattern_of_an_instance(options, docname, organisation, pattern_id, explicit):
    instance = _instances(options)[(docname, f"known-instance-{organisation}")]
    assert (instance.pattern_id, instance.explicit_pattern) == (pattern_id, explicit)


def test_instances_by_pattern(options):
    by_pattern = options.env.get_domain("innersource").index.instances_by_pattern()
    assert [i.organisation for i in by_pattern["folder"]] == ["Dash Org", "Outside Corp"]
    assert [i.organisation for i in by_pattern["plain-default"]] == ["Zed Labs", "Cross Org"]


def test_url_year_and_class_options(options):
    block = _block(options, "full-options.html", "known-instance-quux-industries")
    assert "extra-instance-class" in block["class"]
    title = block.select_one(".admonition-title")
    link = title.select_one("a")
    assert link["href"] == "https://quux.example/widgets"
    assert link.select_one(".innersource-organisation").get_text() == "Quux Industries"
    assert title.select_one(".innersource-year").get_text() == " (2021)"
    instance = _instances(options)[("full-options", "known-instance-quux-industries")]
    assert (instance.url, instance.year) == ("https://quux.example/widgets", "2021")


def test_myst_body_keeps_full_markup(options):
    block = _block(options, "full-options.html", "known-instance-quux-industries")
    assert block.select_one("p > strong").get_text() == "catalogue"
    story_link = block.select("a")[-1]
    assert story_link["href"] == "https://quux.example/about"
    assert [li.get_text() for li in block.select("ul > li")] == [
        "first list item", "second list item"]
    note = block.select_one("div.admonition.note")
    assert note is not None and "nested note" in note.get_text()
    instance = _instances(options)[("full-options", "known-instance-quux-industries")]
    assert instance.story.startswith("Quux keeps a catalogue with a page.")
    assert instance.lineno == 19


def test_rst_known_instance(options):
    block = _block(options, "rst-page.html", "known-instance-rest-org")
    assert "rst-instance" in block["class"]
    assert block.select_one(".admonition-title a")["href"] == "https://rest.example/"
    assert block.select_one(".innersource-year").get_text() == " (2017-2020)"
    assert block.select_one("p > strong").get_text() == "rst"
    assert [li.get_text() for li in block.select("ul > li")] == ["one", "two"]
    instance = _instances(options)[("rst-page", "known-instance-rest-org")]
    assert instance.lineno == 18
    assert instance.docname == "rst-page"


def test_year_range_with_en_dash(options):
    block = _block(options, "folder/index.html", "known-instance-dash-org")
    assert block.select_one(".innersource-year").get_text() == " (2018\u20132019)"
    assert _instances(options)[("folder/index", "known-instance-dash-org")].year == "2018\u20132019"
