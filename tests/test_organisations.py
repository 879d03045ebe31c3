"""One name per organisation, people's links and adopter pages (issue 14).

The ``organisations`` root declares a registry (Acme with two aliases, a URL,
a description and a logo; Initech with one alias), writes Globex three ways
without declaring it, links authors (one URL is refused) and asks for adopter
pages in ``organisations/``, where a page of the user's own (Umbrella) is in
the way. One HTML and one LaTeX build are shared by the tests of the module.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOTS, build_app, project, soup, warnings_of
from hostile import HOSTILE_URLS
from sphinx.testing.util import SphinxTestApp

from sphinx_innersource.book.adopters import MARKER
from sphinx_innersource.book.export import SCHEMA_FILE
from sphinx_innersource.core.organisations import (
    clean_name,
    read_registry,
    registry_source,
    sure_key,
    variant_groups,
    variant_key,
)
from sphinx_innersource.domain import get_domain


def copy_root(src: Path) -> Path:
    """A copy of the root without generated pages (a test builds the root in place)."""
    shutil.copytree(ROOTS / "test-organisations", src, ignore=shutil.ignore_patterns("*.rst"))
    return src


def _built(tmp_path_factory, builder: str):
    src = copy_root(tmp_path_factory.mktemp(f"orgs-{builder}") / "src")
    return build_app(SphinxTestApp(builder, srcdir=src, freshenv=True)), src


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    return _built(tmp_path_factory, "html")


@pytest.fixture(scope="module")
def latex(tmp_path_factory):
    return _built(tmp_path_factory, "latex")


# -- the rules, without a build --------------------------------------------------------

def test_names_are_cleaned_and_variants_grouped():
    assert [clean_name(n) for n in ("Acme's", "Acme:", "Siemens'", "Example Inc.", "Acme.",
                                    "Foo S.A.", "Acme \u2013 ")] == [
        "Acme", "Acme", "Siemens", "Example Inc.", "Acme", "Foo S.A.", "Acme"]
    same = ["Acme", "ACME", "Acme GmbH", "acme gmbh.", "Acme's", "Acme AG", "Acme Inc.",
            "Acme Ltd.", "Acme Corp.", "Acme S.A.", "Acme plc", "Acme Co., Ltd."]
    assert {sure_key(n) for n in same} == {"acme"}
    assert sure_key("Acme (Germany)") != "acme" and variant_key("Acme (Germany)") == "acme"
    assert variant_key("Robert Bosch GmbH") != variant_key("Bosch")
    groups = variant_groups([("Acme", 1), ("Acme GmbH", 2), ("Acme GmbH", 3), ("Acme (DE)", 4),
                             ("Other", 5)])
    assert [(g.key, list(g.names), g.sure) for g in groups] == [
        ("acme", ["Acme", "Acme GmbH", "Acme (DE)"], False)]
    # The most used name is kept; a name differing by a remark only is proposed
    # commented out.
    assert groups[0].preferred() == "Acme GmbH"
    source = "\n".join(registry_source(groups))
    scope: dict = {}
    exec(source, scope)  # our own generated conf.py lines
    assert scope["innersource_organisations"] == {"Acme GmbH": ["Acme"]}
    assert "# 'Acme (DE)'" in source


def test_registry_is_read_with_its_problems():
    registry, problems = read_registry({
        "Acme": {"aliases": ["Acme GmbH"], "url": "javascript:alert(1)", "colour": "red"},
        "Other": ["ACME gmbh"], "": [], "Solo": "Solo Ltd"})
    assert registry.canonical("ACME GMBH") == "Acme"  # compared by slug
    assert registry.canonical("Solo Ltd") == "Solo"
    assert registry.canonical("Nobody") == "Nobody"
    assert registry.entries["Acme"].url == ""
    assert len(problems) == 4, problems
    assert any("also belongs to 'Acme'" in p for p in problems)


def test_registry_urls_follow_the_url_policy():
    for url in HOSTILE_URLS:
        registry, problems = read_registry({"Acme": {"url": url}})
        assert registry.entries["Acme"].url == "", url
        assert len(problems) == 1 and "is refused" in problems[0], url


# -- the book --------------------------------------------------------------------------

def test_warnings_are_exactly_the_expected_ones(html):
    app, _src = html
    warnings = warnings_of(app)
    variant = [w for w in warnings if "innersource.organisation]" in w]
    assert len(variant) == 1
    assert "'Globex', 'Globex Corp.', 'globex'" in variant[0]
    assert "shared-helper.md:14: WARNING" in variant[0]  # the first other spelling
    assert "patterns/review-rota:21, patterns/shared-helper:14" in variant[0]
    assert "innersource_organisations = {'Globex': ['Globex Corp.', 'globex']}" in variant[0]
    assert "Fix:" in variant[0]
    url = [w for w in warnings if "innersource.url" in w]
    assert len(url) == 1 and "review-rota.md:3" in url[0] and "'Cy Unsafe'" in url[0]
    user_page = [w for w in warnings if "innersource.adopter_page" in w]
    assert len(user_page) == 1 and "organisations/umbrella.md" in user_page[0]
    maturity = [w for w in warnings if "innersource.maturity" in w]
    # Acme and ACME Inc. are one organisation: pair-up counts 1, not 2.
    assert len(maturity) == 1 and "'pair-up' has 1 known instance(s)" in maturity[0]
    logo = [w for w in warnings if "innersource.config" in w]
    assert len(logo) == 1 and "conf.py:" in logo[0] and "'../outside.png'" in logo[0]
    assert "outside the source folder" in logo[0]
    assert len(warnings) == 5, warnings


def test_instances_keep_the_name_as_written_and_get_the_canonical_one(html):
    app, _src = html
    index = get_domain(app.env).index
    names = {(i.organisation, i.organisation_as_written) for i in index.iter_instances()}
    assert {("Acme", "Acme GmbH"), ("Acme", "ACME Inc."), ("Acme", "Acme"),
            ("Initech", "Initech (Austin)"), ("Globex Corp.", "Globex Corp.")} <= names
    by_org = index.instances_by_organisation()
    assert sorted(by_org) == ["Acme", "Globex", "Globex Corp.", "Initech", "Umbrella"]
    assert len(by_org["Acme"]) == 4


def test_organisations_index_and_catalogue_use_the_canonical_name(html):
    app, _src = html
    page = soup(app, "innersource-organisations.html")
    top = [(a.get_text(), a["href"]) for a in page.select("div.body td > a, div.body dt > a")
           if "innersource-adopter" in a["href"]]
    assert ("Acme", "organisations/acme.html#innersource-adopter-acme") in top
    assert not any("GmbH" in text or "Austin" in text for text, _h in top)
    catalogue = soup(app, "index.html")
    rows = [r.select_one("td").get_text() for r in
            catalogue.select("table.innersource-known-instances-table tbody tr")]
    assert rows == ["Acme", "Globex", "Globex Corp.", "Initech", "Umbrella"]


def test_people_keep_their_links(html):
    app, _src = html
    summary = soup(app, "patterns/review-rota.html").select_one("aside")
    authors = summary.select_one("dd.innersource-field-authors")
    assert [(a.get_text(), a["href"]) for a in authors.select("a")] == [
        ("Ann Example", "https://people.example/ann")]
    assert [s.get_text() for s in authors.select(".innersource-author")] == [
        "Ann Example", "Bo Sample", "Cy Unsafe"]
    assert "javascript" not in str(summary)
    thanks = summary.select_one("dd.innersource-field-acknowledgments a")
    assert thanks.get_text() == "Di Helper" and thanks["href"].startswith("mailto:di")


def test_patterns_json_has_canonical_names_people_and_organisations(html):
    app, _src = html
    data = json.loads((Path(app.outdir) / "patterns.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    acme = [i for i in data["instances"] if i["organisation"] == "Acme"]
    assert sorted(i["organisation_as_written"] for i in acme) == [
        "ACME Inc.", "ACME Inc.", "Acme", "Acme GmbH"]
    rota = next(p for p in data["patterns"] if p["id"] == "review-rota")
    assert rota["people"] == [
        {"name": "Ann Example", "url": "https://people.example/ann", "role": "author"},
        {"name": "Bo Sample", "url": None, "role": "author"},
        {"name": "Cy Unsafe", "url": None, "role": "author"},
        {"name": "Di Helper", "url": "mailto:di@example.org", "role": "acknowledged"}]
    organisations = {o["name"]: o for o in data["organisations"]}
    assert list(organisations) == ["Acme", "Globex", "Globex Corp.", "Initech", "Umbrella"]
    assert organisations["Acme"]["aliases"] == ["Acme GmbH", "ACME Inc."]
    assert organisations["Acme"]["url"] == "https://acme.example/"
    assert organisations["Acme"]["patterns"] == ["pair-up", "review-rota", "shared-helper"]
    assert organisations["Acme"]["page_url"] == "organisations/acme.html"
    assert organisations["Initech"]["aliases"] == ["Initech (Austin)"]


# -- adopter pages -----------------------------------------------------------------------

def test_adopter_pages_are_written_with_a_marker_and_the_users_page_is_kept(html):
    _app, src = html
    folder = src / "organisations"
    generated = sorted(p.name for p in folder.iterdir() if MARKER in p.read_text("utf-8"))
    assert generated == ["acme.rst", "globex-corp.rst", "globex.rst", "index.rst",
                         "initech.rst"]
    original = (ROOTS / "test-organisations" / "organisations" / "umbrella.md").read_text(
        "utf-8")
    assert (folder / "umbrella.md").read_text("utf-8") == original


def test_adopter_page_shows_registry_data_and_every_story(html):
    app, _src = html
    page = soup(app, "organisations/acme.html")
    body = page.select_one("div.body")
    assert body.h1.get_text().rstrip("¶") == "Acme"
    logo = body.select_one("img.innersource-adopter-logo")
    assert logo["alt"] == "Acme logo"
    assert (Path(app.outdir) / "organisations" / logo["src"]).resolve().is_file()
    assert "A maker of everything" in body.select_one(".innersource-adopter-description").text
    assert not soup(app, "organisations/initech.html").select("img")  # its logo was refused
    assert body.select_one(".innersource-adopter-url a")["href"] == "https://acme.example/"
    instances = body.select(".innersource-adopter-instance")
    assert [i.select_one(".rubric a").get_text() for i in instances] == [
        "Pair Up", "Pair Up", "Review Rota", "Shared Helper"]
    rota = instances[2]
    assert rota.select_one(".rubric a")["href"] == (
        "../patterns/review-rota.html#known-instance-acme-gmbh")
    assert "Written as: Acme GmbH" in rota.get_text()
    # The story with all it holds: its list, its bold words, its pattern link.
    assert [li.get_text(" ", strip=True) for li in rota.select("li")] == [
        "the rota is published in the team channel;", "Openness and Transparency guide it."]
    link = rota.select_one("a[href='../patterns/shared-helper.html']")
    assert link.get_text() == "Shared Helper"
    assert rota.select_one(".innersource-adopter-source a")["href"] == "https://acme.example/rota"
    assert not body.select("[id^=known-instance]")  # no ids copied from the pattern pages


def test_adopter_pages_are_linked_listed_and_searchable(html):
    app, _src = html
    out = Path(app.outdir)
    rota = soup(app, "patterns/review-rota.html")
    titles = rota.select(".innersource-known-instance .admonition-title")
    first = titles[0]
    assert first.select_one("a")["href"] == "../organisations/acme.html#innersource-adopter-acme"
    assert first.select_one(".innersource-organisation").get_text() == "Acme GmbH"
    assert first.select_one("a.innersource-source")["href"] == "https://acme.example/rota"
    adopters = soup(app, "organisations/index.html")
    assert adopters.h1.get_text().rstrip("¶") == "Adopters"
    assert [a.get_text() for a in adopters.select("div.body li.toctree-l1 > a")] == [
        "Acme", "Globex", "Globex Corp.", "Initech", "Umbrella, by hand"]
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    acme = index["docnames"].index("organisations/acme")
    for term in ("transpar", "rotat", "keen"):
        docs = index["terms"][term]
        assert acme == docs or acme in docs, term


def test_latex_has_an_adopters_chapter_with_the_stories(latex):
    app, _src = latex
    assert len(warnings_of(app)) == 5  # those of the HTML build
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    chapter = tex.index(r"\chapter{Adopters}")
    acme = tex.index(r"\section{Acme}", chapter)
    assert "A maker of everything" in tex[acme:]
    assert "Openness" in tex[acme:] and "Transparency" in tex[acme:]
    # The organisations index links to this label (LaTeX labels targets, not containers).
    assert r"\label{\detokenize{organisations/acme:innersource-adopter-acme}}" in tex
    assert r"\sphinxincludegraphics" in tex[acme:tex.index(r"\section{Globex}", acme)]


def test_an_edited_story_rewrites_its_adopter_page_and_only_it(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    build_app(make_app("html", srcdir=src, freshenv=True))
    folder = src / "organisations"
    files = {p.name: (p.stat().st_mtime_ns, p.read_text("utf-8")) for p in folder.iterdir()}

    helper = src / "patterns" / "shared-helper.md"
    helper.write_text(helper.read_text("utf-8").replace(
        "in an internal catalogue.", "in an internal catalogue, by team."), "utf-8")
    written: list[str] = []
    app = build_app(make_app("html", srcdir=src), written=written)
    pages = sorted(w for w in written if w in app.env.found_docs)
    # (index and organisations/index: Sphinx rewrites the toctree parents of a page.)
    assert pages == ["index", "organisations/globex-corp", "organisations/index",
                     "patterns/shared-helper"]
    assert "by team" in soup(app, "organisations/globex-corp.html").get_text()
    # No generated file was touched: none of their texts changed.
    assert {p.name: (p.stat().st_mtime_ns, p.read_text("utf-8"))
            for p in folder.iterdir()} == files

    # A new organisation gets a page (and the adopters' index lists it); a
    # removed one loses it, and the index lists it no more.
    helper.write_text(helper.read_text("utf-8") + "\n:::{known-instance} Hooli\n"
                      "Hooli joined late.\n:::\n", "utf-8")
    app = build_app(make_app("html", srcdir=src))
    assert (folder / "hooli.rst").is_file() and "organisations/hooli" in app.env.found_docs
    assert "Hooli joined late." in soup(app, "organisations/hooli.html").get_text()
    listed = [a.get_text() for a in soup(app, "organisations/index.html").select(
        "div.body li.toctree-l1 > a")]
    assert "Hooli" in listed
    helper.write_text(helper.read_text("utf-8").split("\n:::{known-instance} Hooli")[0] + "\n",
                      "utf-8")
    app = build_app(make_app("html", srcdir=src))
    assert not (folder / "hooli.rst").exists()
    assert "organisations/hooli" not in app.env.found_docs
    listed = [a.get_text() for a in soup(app, "organisations/index.html").select(
        "div.body li.toctree-l1 > a")]
    assert "Hooli" not in listed
    assert {p.name: p.read_text("utf-8") for p in folder.iterdir()} == {
        name: text for name, (_mtime, text) in files.items()}


def test_generated_files_go_when_the_pages_are_turned_off(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    build_app(make_app("html", srcdir=src, freshenv=True))
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace(
        'innersource_organisation_pages = "organisations"', ""), "utf-8")
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("organisations/index\n", ""), "utf-8")
    app = build_app(make_app("html", srcdir=src))
    # Only the user's own page is left.
    assert sorted(p.name for p in (src / "organisations").iterdir()) == ["umbrella.md"]
    assert not [d for d in app.env.found_docs if d.startswith("organisations/")
                and d != "organisations/umbrella"]
    title = soup(app, "patterns/review-rota.html").select_one(".admonition-title")
    assert title.select_one("a")["href"] == "https://acme.example/rota"  # the URL again


def test_a_file_system_that_refuses_gives_a_warning_not_a_traceback(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    (src / "organisations" / "globex.rst").mkdir(parents=True)  # in the way of a page
    app = build_app(make_app("html", srcdir=src, freshenv=True))
    refused = [w for w in warnings_of(app) if "innersource.adopter_page" in w
               and "globex.rst cannot be written" in w]
    assert len(refused) == 1 and "Fix:" in refused[0]
    assert (Path(app.outdir) / "organisations" / "acme.html").is_file()
    assert "organisations/globex" not in app.env.found_docs


FOOTNOTED = {
    "index.md": "# Book\n\n```{toctree}\npatterns/one\npatterns/two\norganisations/index\n```\n",
    "patterns/one.md": "# One\n\n:::{pattern}\n:patlet: First.\n:::\n\n## Known Instances\n\n"
                       ":::{known-instance} Acme\nAcme did it[^how] and kept at it[^how].\n:::\n\n"
                       "[^how]: With a weekly rota of reviewers.\n",
    "patterns/two.md": "# Two\n\n:::{pattern}\n:patlet: Second.\n:::\n\n## Known Instances\n\n"
                       ":::{known-instance} Acme\nAcme tried it too[^how][^gone].\n:::\n\n"
                       "[^how]: In two teams first.\n\n[^gone]: Until the teams merged.\n",
}


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_a_storys_footnotes_come_with_it_to_the_adopter_page(make_app, tmp_path, builder):
    src = project(tmp_path, FOOTNOTED, extensions=("myst_parser", "sphinx_innersource"),
                  conf='myst_enable_extensions = ["colon_fence"]\n'
                       'innersource_required_sections = []\n'
                       'innersource_organisation_pages = "organisations"\n')
    app = build_app(make_app(builder, srcdir=src))
    assert warnings_of(app) == []
    if builder == "latex":
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
        adopters = tex[tex.index(r"\chapter{Adopters}"):]
        for text in ("With a weekly rota of reviewers.", "In two teams first.",
                     "Until the teams merged."):
            assert text in tex[:tex.index(r"\chapter{Adopters}")] and text in adopters
        return
    page = soup(app, "organisations/acme.html")
    ids = [node["id"] for node in page.select("[id]")]
    assert len(ids) == len(set(ids))
    stories = page.select(".innersource-adopter-instance")
    assert len(stories) == 2
    # Numbered on this page: each pattern page numbers its own from 1.
    for story, notes, marks in zip(
            stories, [["With a weekly rota of reviewers."],
                      ["In two teams first.", "Until the teams merged."]],
            [["[1]", "[1]"], ["[2]", "[3]"]], strict=True):
        shown = story.select("aside.footnote")
        assert [n.select_one("p").get_text() for n in shown] == notes
        refs = story.select("a.footnote-reference")
        assert [ref.get_text() for ref in refs] == marks
        for ref in refs:  # each reference leads to its footnote on this page, and back
            note = page.find(id=ref["href"][1:])
            assert note is not None and note in shown
            assert page.select_one(f'a[href="#{ref["id"]}"]') in note.select("a")
    # The pattern page keeps its own footnote as it was.
    one = soup(app, "patterns/one.html")
    assert [n.select_one("p").get_text() for n in one.select("aside.footnote")] == [
        "With a weekly rota of reviewers."]
