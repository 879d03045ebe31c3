"""The ``pattern`` directive: every option, in MyST (both fences) and in rST."""

from __future__ import annotations

import inspect

import pytest
from helpers import soup, warnings_of


@pytest.fixture
def options(shared_build):
    """The ``options`` root, built once (a fresh environment)."""
    return shared_build("options")


def _patterns(app):
    return app.env.get_domain("innersource").patterns


def _summary(app, page):
    summary = soup(app, page).select_one("aside.innersource-pattern-summary")
    assert summary is not None, page
    return summary


def test_options_root_builds_clean(options):
    assert warnings_of(options) == []
    assert set(_patterns(options)) == {"custom-id", "plain-default", "folder", "other",
                                       "rst-page"}


# -- id --------------------------------------------------------------------

@pytest.mark.parametrize(("pattern_id", "docname"), [
    ("custom-id", "full-options"),
    ("plain-default", "plain-default"),
    ("rst-page", "rst-page"),
    ("folder", "folder/index"),
    ("other", "other/README"),
], ids=["explicit-id-is-slugified", "id-defaults-to-md-file-name",
        "id-defaults-to-rst-file-name", "index-page-takes-the-folder-name",
        "readme-page-takes-the-folder-name"])
def test_pattern_id_and_page(options, pattern_id, docname):
    assert _patterns(options)[pattern_id].docname == docname


def test_index_and_readme_are_no_ids(options):
    patterns = _patterns(options)
    assert "index" not in patterns and "readme" not in patterns


# -- title -------------------------------------------------------------------

@pytest.mark.parametrize(("pattern_id", "title"), [
    ("custom-id", "Explicit Title"),
    ("plain-default", "Plain Default Title"),
    ("folder", "Folder Pattern"),
    ("rst-page", "Restructured Pattern"),
], ids=["option-wins-over-page-title", "defaults-to-page-title-md",
        "defaults-to-page-title-folder", "defaults-to-page-title-rst"])
def test_pattern_title(options, pattern_id, title):
    assert _patterns(options)[pattern_id].title == title


# -- patlet ------------------------------------------------------------------

@pytest.mark.parametrize(("page", "pattern_id", "element", "markup", "plain"), [
    ("full-options.html", "custom-id", "p", {"em": "shared", "code": "catalogue"},
     "Nobody finds the shared widgets. Keep a catalogue of them."),
    # directive content may hold several paragraphs: a <div> around them
    ("plain-default.html", "plain-default", "div", {"strong": "the same"},
     "Teams repeat the same work. Share it by default."),
], ids=["from-option", "from-content-with-colon-fence"])
def test_patlet_keeps_inline_markup(options, page, pattern_id, element, markup, plain):
    patlet = _summary(options, page).select_one(".innersource-patlet")
    assert patlet.name == element
    for tag, text in markup.items():
        assert patlet.select_one(tag).get_text() == text
    # The index keeps the plain text (used as hover title of links).
    assert _patterns(options)[pattern_id].patlet == plain


# -- maturity ------------------------------------------------------------------

def test_maturity_badge_and_classes(options):
    expected = {
        "full-options.html": "structured",  # 2-structured
        "plain-default.html": "validated",  # validated
        "folder/index.html": "validated",  # 3
        "other/README.html": "initial",  # 1-initial
        "rst-page.html": "structured",  # Structured
    }
    for page, key in expected.items():
        summary = _summary(options, page)
        badge = summary.select_one("dd.innersource-field-maturity .innersource-badge")
        assert badge is not None, page
        assert f"innersource-maturity-{key}" in badge["class"], page
        assert badge.get_text() == key.capitalize(), page
        assert f"innersource-maturity-{key}" in summary["class"], page


# -- list options ----------------------------------------------------------------

def test_list_options_are_rendered_and_recorded(options):
    summary = _summary(options, "full-options.html")

    def items(cls):
        return [s.get_text() for s in summary.select(f".{cls}")]

    assert items("innersource-alias") == ["Widget Shelf", "Parts Bin"]
    # A semicolon list keeps "Smith, J." as one author.
    assert items("innersource-author") == ["Smith, J.", "Doe, A."]
    assert items("innersource-acknowledgment") == ["Helper One", "Helper Two"]
    assert items("innersource-category") == ["discovery", "reuse"]
    assert items("innersource-tag") == ["catalogue", "search"]
    labels = [dt.get_text().rstrip(":") for dt in summary.select("dt")]
    assert labels == ["Maturity", "Also known as", "Authors", "Acknowledgments", "Categories",
                      "Tags", "Related patterns"]

    pattern = _patterns(options)["custom-id"]
    assert pattern.aliases == ["Widget Shelf", "Parts Bin"]
    assert pattern.authors == ["Smith, J.", "Doe, A."]
    assert pattern.acknowledgments == ["Helper One", "Helper Two"]
    assert pattern.categories == ["discovery", "reuse"]
    assert pattern.tags == ["catalogue", "search"]


def test_no_optional_fields_without_options(options):
    summary = _summary(options, "folder/index.html")
    assert [dt.get_text().rstrip(":") for dt in summary.select("dt")] == ["Maturity"]


def test_related_are_rendered_as_links(options):
    links = _summary(options, "full-options.html").select("dd.innersource-field-related a")
    assert [(a["href"], a.get_text(), a["title"]) for a in links] == [
        ("plain-default.html", "Plain Default Title",
         "Teams repeat the same work. Share it by default."),
        ("folder/index.html", "Folder Pattern",
         "A pattern in a folder index page. Its id is the folder name."),
    ]
    assert _patterns(options)["custom-id"].related == ["plain-default", "folder"]


def test_class_option_is_added_to_the_summary(options):
    assert {"innersource-pattern-summary", "extra-summary-class"} <= \
        set(_summary(options, "full-options.html")["class"])
    assert "rst-summary" in _summary(options, "rst-page.html")["class"]


# -- reStructuredText ---------------------------------------------------------------

def test_rst_page_supports_every_option(options):
    summary = _summary(options, "rst-page.html")
    assert summary.select_one(".innersource-patlet em").get_text() == "reStructuredText"
    assert [s.get_text() for s in summary.select(".innersource-alias")] == ["RST Variant"]
    assert [s.get_text() for s in summary.select(".innersource-author")] == ["Rita Rest"]
    assert [s.get_text() for s in summary.select(".innersource-acknowledgment")] == [
        "Ack Person"]
    assert [s.get_text() for s in summary.select(".innersource-category")] == ["formats"]
    assert [s.get_text() for s in summary.select(".innersource-tag")] == ["rst"]
    link = summary.select_one("dd.innersource-field-related a")
    assert link["href"] == "full-options.html" and link.get_text() == "Explicit Title"
    pattern = _patterns(options)["rst-page"]
    assert pattern.lineno == 4
    assert pattern.docname == "rst-page"


def test_pattern_and_aliases_enter_the_general_index(options):
    entries = {
        li.get_text(" ", strip=True): [a["href"] for a in li.select("a")]
        for li in soup(options, "genindex.html").select("table.indextable > tr > td > ul > li")
    }
    assert entries["Explicit Title pattern"] == ["full-options.html#"]
    assert entries["Folder Pattern pattern"] == ["folder/index.html#"]
    assert entries["Restructured Pattern pattern"] == ["rst-page.html#"]
    assert "Widget Shelf see Explicit Title" in entries
    assert "Parts Bin see Explicit Title" in entries
    assert "RST Variant see Restructured Pattern" in entries


# -- maturity spellings, one page each --------------------------------------------------

@pytest.mark.sphinx("html", testroot="many", freshenv=True)
def test_every_maturity_spelling_is_accepted(app):
    app.build()
    assert warnings_of(app) == []
    got = {p.id: p.maturity_key for p in _patterns(app).values()}
    assert got == {
        "p1-initial": "initial", "p2-structured": "structured", "p3-validated": "validated",
        "p4-one": "initial", "p5-two": "structured", "p6-three": "validated",
        "p7-dash-initial": "initial", "p8-dash-structured": "structured",
        "p9-dash-validated": "validated",
    }


def test_read_doctree_is_compact_and_resolved_doctree_has_the_fields(options):
    """The summary's field list and the known instances' titles are made when a
    page is resolved: the doctree kept between builds stays small."""
    from docutils import nodes

    from sphinx_innersource.directives.known_instance import known_instance
    from sphinx_innersource.directives.pattern import pattern_meta

    read = options.env.get_doctree("full-options")
    metas = list(read.findall(pattern_meta))
    assert len(metas) == 1
    assert metas[0]["authors"] == ["Smith, J.", "Doe, A."]
    assert metas[0]["related"] == ["plain-default", "folder"]
    assert not list(read.findall(nodes.field_list))
    assert all(not isinstance(child, nodes.title)
               for ki in read.findall(known_instance) for child in ki.children)

    resolve = options.env.get_and_resolve_doctree
    # Sphinx 8.2+ takes the tags (and warns without them from 9); 7.x does not.
    extra = {"tags": options.tags} if "tags" in inspect.signature(resolve).parameters else {}
    resolved = resolve("full-options", options.builder, **extra)
    assert not list(resolved.findall(pattern_meta))
    names = [n.astext() for n in resolved.findall(nodes.field_name)]
    assert names == ["Maturity", "Also known as", "Authors", "Acknowledgments", "Categories",
                     "Tags", "Related patterns"]
    # every generated node is located on the directive's line
    assert {(n.source, n.line) for n in resolved.findall(nodes.field_name)} == \
        {(metas[0].source, metas[0].line)}
    titles = [ki[0] for ki in resolved.findall(known_instance)]
    assert all(isinstance(t, nodes.title) for t in titles)
    assert [t.astext() for t in titles] == ["Known instance: Quux Industries (2021)"]


def test_section_nodes_are_the_sections_findall_gives():
    """The pruned walk of the pattern's sections finds the sections docutils
    finds, in the same order: nested ones, ones inside containers and Sphinx's
    ``only`` nodes, and none inside text."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from sphinx import addnodes

    from sphinx_innersource.directives.pattern import section_nodes

    doctree = publish_doctree(
        "Title\n=====\n\nText with *emphasis* and ``code``.\n\n"
        "Problem\n-------\n\n- a list\n- of items\n\n"
        "Deeper\n~~~~~~\n\nMore text.\n\n"
        "Context\n-------\n\n.. note:: A note.\n",
        settings_overrides={"report_level": 5, "doctitle_xform": False})
    sections = list(doctree.findall(nodes.section))
    wrapper = nodes.container()
    hidden = nodes.section(ids=["hidden"])
    hidden += nodes.title("", "Hidden")
    wrapper += hidden
    only = addnodes.only(expr="html")
    inside_only = nodes.section(ids=["only"])
    inside_only += nodes.title("", "Only")
    only += inside_only
    sections[1] += wrapper
    sections[-1] += only
    expected = list(doctree.findall(nodes.section))
    assert len(expected) == 6
    assert list(section_nodes(doctree)) == expected
    assert [s[0].astext() for s in section_nodes(doctree)] == [
        "Title", "Problem", "Deeper", "Hidden", "Context", "Only"]
