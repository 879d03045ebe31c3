"""The ``known-instance`` directive: argument, options and body (MyST and rST)."""

from __future__ import annotations

import pytest
from helpers import soup, warnings_of

OPTIONS = pytest.mark.sphinx("html", testroot="options")


def _instances(app):
    return {(i.docname, i.anchor): i
            for i in app.env.get_domain("innersource").index.iter_instances()}


def _block(app, page, anchor):
    block = soup(app, page).find(id=anchor)
    assert block is not None, (page, anchor)
    assert "innersource-known-instance" in block["class"]
    return block


@pytest.mark.sphinx("html", testroot="options", freshenv=True)
def test_argument_gives_organisation_title_and_anchor(app):
    app.build()
    assert warnings_of(app) == []
    block = _block(app, "plain-default.html", "known-instance-zed-labs")
    title = block.select_one(".admonition-title")
    assert title.select_one(".innersource-label").get_text() == "Known instance: "
    assert title.select_one(".innersource-organisation").get_text() == "Zed Labs"
    assert title.select_one("a") is None  # no url, no link
    assert title.select_one(".innersource-year") is None  # no year
    instance = _instances(app)[("plain-default", "known-instance-zed-labs")]
    assert instance.organisation == "Zed Labs"
    assert instance.story == "Zed Labs shares everything."


@OPTIONS
def test_same_organisation_twice_gets_distinct_anchors(app):
    app.build()
    # The argument's inner whitespace is collapsed: "Zed   Labs" is "Zed Labs".
    second = _instances(app)[("plain-default", "known-instance-zed-labs-2")]
    assert second.organisation == "Zed Labs"
    block = _block(app, "plain-default.html", "known-instance-zed-labs-2")
    assert block.select_one(".innersource-organisation").get_text() == "Zed Labs"


@OPTIONS
def test_pattern_defaults_to_the_pages_pattern(app):
    app.build()
    instances = _instances(app)
    quux = instances[("full-options", "known-instance-quux-industries")]
    assert (quux.pattern_id, quux.explicit_pattern) == ("custom-id", False)
    zed = instances[("plain-default", "known-instance-zed-labs")]
    assert (zed.pattern_id, zed.explicit_pattern) == ("plain-default", False)
    rest = instances[("rst-page", "known-instance-rest-org")]
    assert (rest.pattern_id, rest.explicit_pattern) == ("rst-page", False)


@OPTIONS
def test_pattern_option_attaches_to_another_pattern(app):
    app.build()
    instances = _instances(app)
    outside = instances[("plain-default", "known-instance-outside-corp")]
    assert (outside.pattern_id, outside.explicit_pattern) == ("folder", True)
    # A title-like value is slugified to the id.
    zed2 = instances[("plain-default", "known-instance-zed-labs-2")]
    assert zed2.pattern_id == "custom-id"
    cross = instances[("rst-page", "known-instance-cross-org")]
    assert (cross.pattern_id, cross.explicit_pattern) == ("plain-default", True)
    by_pattern = app.env.get_domain("innersource").index.instances_by_pattern()
    assert [i.organisation for i in by_pattern["folder"]] == ["Dash Org", "Outside Corp"]
    assert [i.organisation for i in by_pattern["plain-default"]] == ["Zed Labs", "Cross Org"]


@OPTIONS
def test_url_year_and_class_options(app):
    app.build()
    block = _block(app, "full-options.html", "known-instance-quux-industries")
    assert "extra-instance-class" in block["class"]
    title = block.select_one(".admonition-title")
    link = title.select_one("a")
    assert link["href"] == "https://quux.example/widgets"
    assert link.select_one(".innersource-organisation").get_text() == "Quux Industries"
    assert title.select_one(".innersource-year").get_text() == " (2021)"
    instance = _instances(app)[("full-options", "known-instance-quux-industries")]
    assert (instance.url, instance.year) == ("https://quux.example/widgets", "2021")


@OPTIONS
def test_myst_body_keeps_full_markup(app):
    app.build()
    block = _block(app, "full-options.html", "known-instance-quux-industries")
    assert block.select_one("p > strong").get_text() == "catalogue"
    story_link = block.select("a")[-1]
    assert story_link["href"] == "https://quux.example/about"
    assert [li.get_text() for li in block.select("ul > li")] == [
        "first list item", "second list item"]
    note = block.select_one("div.admonition.note")
    assert note is not None and "nested note" in note.get_text()
    instance = _instances(app)[("full-options", "known-instance-quux-industries")]
    assert instance.story.startswith("Quux keeps a catalogue with a page.")
    assert instance.lineno == 19


@OPTIONS
def test_rst_known_instance(app):
    app.build()
    block = _block(app, "rst-page.html", "known-instance-rest-org")
    assert "rst-instance" in block["class"]
    assert block.select_one(".admonition-title a")["href"] == "https://rest.example/"
    assert block.select_one(".innersource-year").get_text() == " (2017-2020)"
    assert block.select_one("p > strong").get_text() == "rst"
    assert [li.get_text() for li in block.select("ul > li")] == ["one", "two"]
    instance = _instances(app)[("rst-page", "known-instance-rest-org")]
    assert instance.lineno == 18
    assert instance.docname == "rst-page"


@OPTIONS
def test_year_range_with_en_dash(app):
    app.build()
    block = _block(app, "folder/index.html", "known-instance-dash-org")
    assert block.select_one(".innersource-year").get_text() == " (2018\u20132019)"
    assert _instances(app)[("folder/index", "known-instance-dash-org")].year == "2018\u20132019"


@OPTIONS
def test_instance_above_the_pattern_directive_attaches_to_it(app):
    app.build()
    early = _instances(app)[("other/README", "known-instance-early-bird")]
    assert (early.pattern_id, early.explicit_pattern) == ("other", False)
