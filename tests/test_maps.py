"""pattern-graph, pattern-map and the per-pattern graph: the drawings, LaTeX, the fallback."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zlib
from pathlib import Path

import pytest
from booktools import build, copy_root, page
from helpers import warnings_of
from maptools import drawings, page_drawings

TC, RR, CT, OH, FA, LO = ("Trusted Committer", "Review Rota", "Code Tour", "Office Hours",
                          "Far \"Away\" <Team> \\ Ltd & Co", "Lonely")
PAGES = {TC: "trusted-committer", RR: "review-rota", CT: "code-tour", OH: "office-hours",
         FA: "far-away", LO: "lonely"}
PATLETS = {
    TC: "Contributors who keep helping get no recognition. Make them trusted committers.",
    CT: "Newcomers get lost in a large code base. Record a guided tour of it.",
}
RELATIONS = {frozenset({TC, RR}), frozenset({TC, CT}), frozenset({RR, OH}),
             frozenset({OH, FA})}


def edges(*pairs: tuple[str, str]) -> set[frozenset[str]]:
    return {frozenset(p) for p in pairs}


def built(make_app, tmp_path, buildername="html", **kwargs):
    src = copy_root("maps", tmp_path / "src")
    return build(make_app, src, buildername, **kwargs), src


# -- the whole-book graph -----------------------------------------------------------

def test_graph_draws_every_selected_pattern_with_links_and_relations(make_app, tmp_path):
    app, _src = built(make_app, tmp_path)
    out = Path(app.outdir)
    assert warnings_of(app) == []
    (graph,) = page_drawings(out, "graph.html")
    assert graph.patterns() == set(PAGES)
    for node_id, label in graph.labels.items():
        href = graph.hrefs[node_id]
        assert href == f"patterns/{PAGES[label]}.html"
        # the link leads to that pattern's page
        target = page(out, posixpath.normpath(href))
        assert target.select_one(f"aside#innersource-pattern-{PAGES[label]}") is not None
    assert graph.tooltips[graph.by_label(TC)] == PATLETS[TC]
    # Trusted Committer and Review Rota name each other: one edge.
    assert sorted(map(sorted, graph.edges)) == sorted(map(sorted, RELATIONS))
    assert len(graph.edges) == len(set(graph.edges)) == 4
    # maturity by class (and so by style), and the legend
    assert "innersource-maturity-validated" in graph.classes[graph.by_label(TC)]
    assert "innersource-maturity-initial" in graph.classes[graph.by_label(FA)]
    figure = page(out, "graph.html").select_one("figure.innersource-graph")
    key = figure.select(".innersource-graph-key-item")
    assert [k.contents[0].strip() for k in key] == ["Validated", "Structured", "Initial"]
    assert key[0].select_one(".innersource-graph-key-note").get_text() == " (double border)"
    caption = figure.select_one("figcaption")
    assert caption.get_text() == "Every pattern and its relations"
    assert caption.select_one("a")["href"] == "patterns/trusted-committer.html"
    svg = figure.select_one("svg")
    assert svg["aria-label"] == "Graph of 6 patterns and the relations between them"
    # the stylesheet and script of the drawings, on pages with a drawing only
    assert page(out, "graph.html").select('link[href*="sphinx-innersource-maps.css"]')
    assert page(out, "graph.html").select('script[src*="sphinx-innersource-maps.js"][defer]')
    assert not page(out, "index.html").select('link[href*="sphinx-innersource-maps.css"]')
    assert not page(out, "index.html").select('script[src*="sphinx-innersource-maps.js"]')


def test_search_index_does_not_take_the_drawings_words(make_app, tmp_path):
    """"Lonely" is only in the drawings of the graph page: searching it does not find it."""
    app, _src = built(make_app, tmp_path)
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])

    def pages_with(term: str) -> set[str]:
        found = [index[kind].get(term, []) for kind in ("terms", "titleterms")]
        found = [[f] if isinstance(f, int) else f for f in found]
        return {index["docnames"][i] for f in found for i in f}

    assert "patterns/lonely" in pages_with("lone")
    assert not {"graph", "map"} & pages_with("lone")
    assert "graph" in pages_with("relat")  # the caption of the graph is indexed


def test_titles_are_escaped_in_dot_and_svg(make_app, tmp_path):
    app, _src = built(make_app, tmp_path)
    (graph,) = page_drawings(Path(app.outdir), "graph.html")
    # quotes, angle brackets and a backslash come out as written
    assert FA in graph.labels.values()
    html = (Path(app.outdir) / "graph.html").read_text(encoding="utf-8")
    assert "<Team>" not in html


AROUND = [
    ("1", ":maturity: all\n", {TC, RR, CT}, edges((TC, RR), (TC, CT))),
    ("2", ":maturity: all\n", {TC, RR, CT, OH}, edges((TC, RR), (TC, CT), (RR, OH))),
    ("3", ":maturity: all\n", set(PAGES) - {LO}, RELATIONS),
    # Office Hours is initial: the walk stops at Review Rota.
    ("3", "", {TC, RR, CT}, edges((TC, RR), (TC, CT))),
]


@pytest.mark.parametrize(("depth", "filter", "expected", "relations"), AROUND,
                         ids=["depth1", "depth2", "depth3", "published-only"])
def test_around_takes_the_neighbourhood(make_app, tmp_path, depth, filter, expected,
                                        relations):
    src = copy_root("maps", tmp_path / "src")
    (src / "around.md").write_text(
        f"# Around\n\n```{{pattern-graph}}\n{filter}:around: Trusted Committer\n"
        f":depth: {depth}\n```\n", encoding="utf-8")
    app = build(make_app, src)
    (graph,) = page_drawings(Path(app.outdir), "around.html")
    assert graph.patterns() == expected
    assert set(graph.edges) == relations
    # the pattern in the middle stands out
    assert graph.svg.find(f".//*[@id='{graph.by_label(TC)}']//{{*}}text").get(
        "font-weight") == "bold"
    assert warnings_of(app) == []


# -- the category map ---------------------------------------------------------------

def test_map_draws_the_category_tree(make_app, tmp_path):
    app, _src = built(make_app, tmp_path)
    whole, branch = page_drawings(Path(app.outdir), "map.html")
    root = "Maps test"
    assert set(whole.edges) == edges(
        (root, "Adopt"), ("Adopt", "Cultural Challenges"), ("Adopt", "Onboarding"),
        ("Cultural Challenges", TC), ("Cultural Challenges", RR), ("Onboarding", CT),
        (root, "Scale"), ("Scale", RR), ("Scale", LO), ("Scale", "Communication"),
        ("Communication", OH), (root, "Uncategorised"), ("Uncategorised", FA))
    # Review Rota is a leaf of both its categories; every leaf links to its page
    leaves = [k for k, c in whole.classes.items() if "innersource-graph-pattern" in c]
    assert sorted(whole.labels[k] for k in leaves) == sorted([*PAGES, RR])
    assert {whole.hrefs[k] for k in leaves} == {f"patterns/{p}.html" for p in PAGES.values()}
    assert "innersource-map-root" in whole.classes[whole.by_label(root)]
    # :categories: draws one branch, named by its path, around :root:
    assert set(branch.edges) == edges(
        ("Culture", "Adopt / Cultural Challenges"), ("Adopt / Cultural Challenges", TC),
        ("Adopt / Cultural Challenges", RR))
    svg = page(Path(app.outdir), "map.html").select("svg")[1]
    assert svg["aria-label"] == "Mind map of the categories of Culture"


# -- the graph of every pattern page ------------------------------------------------

def test_pattern_pages_get_their_neighbourhood_below_the_summary(make_app, tmp_path):
    app, _src = built(make_app, tmp_path)
    out = Path(app.outdir)
    doc = page(out, "patterns/trusted-committer.html")
    summary = doc.select_one("aside.innersource-pattern-summary")
    figure = summary.find_next_sibling()
    assert figure.name == "figure"
    assert "innersource-related-graph" in figure["class"]
    (graph,) = drawings(str(figure))
    assert graph.patterns() == {TC, RR, CT}
    assert graph.hrefs[graph.by_label(RR)] == "review-rota.html"
    # every pattern counts, whatever its maturity; a pattern without relations has no graph
    (graph,) = page_drawings(out, "patterns/far-away.html")
    assert graph.patterns() == {FA, OH}
    assert page_drawings(out, "patterns/lonely.html") == []


def test_pattern_graph_is_off_by_default(make_app, tmp_path):
    app, _src = built(make_app, tmp_path,
                      confoverrides={"innersource_pattern_graph": False})
    out = Path(app.outdir)
    assert page_drawings(out, "patterns/trusted-committer.html") == []
    assert len(page_drawings(out, "graph.html")) == 1


# -- LaTeX --------------------------------------------------------------------------

def test_latex_includes_a_pdf_of_each_drawing(make_app, tmp_path):
    app, _src = built(make_app, tmp_path, "latex")
    out = Path(app.outdir)
    tex = (out / "mapstest.tex").read_text(encoding="utf-8")
    names = re.findall(r"\\includegraphics\[width=[\d.]+\\unitlength\]"
                       r"\{(innersource-graph-[0-9a-f]+\.pdf)\}", tex)
    # graph, around, two maps, and five pattern pages (Lonely has no relation)
    assert len(names) == len(set(names)) == 9
    for name in names:
        assert (out / name).read_bytes().startswith(b"%PDF")
    assert "Maturity: " in tex and "(double border)" in tex
    # the image, the legend and the caption are one box: they share a page
    graph = tex[tex.index(r"\chapter{Graph}"):tex.index(r"\chapter{Around}")]
    box = graph[graph.index(r"\begin{minipage}"):graph.index(r"\end{minipage}")]
    assert "includegraphics" in box and "Maturity:" in box
    assert "Every pattern and its" in box
    # a link over each pattern's box (LaTeX drops those of an included PDF)
    targets = re.findall(r"\\put\([\d.]+,[\d.]+\)\{\{\\hyperref\[\\detokenize\{(.+?)::doc\}\]"
                         r"\{\\makebox\([\d.]+,[\d.]+\)\{\}\}\}\}", box)
    assert sorted(targets) == sorted(f"patterns/{p}" for p in PAGES.values())
    assert warnings_of(app) == []


def _pdf_objects(data: bytes) -> dict[bytes, bytes]:
    """Object number -> body, also of the objects inside object streams."""
    objects = dict(re.findall(rb"(?ms)^(\d+) 0 obj\b(.*?)^endobj", data))
    for body in list(objects.values()):
        if not re.search(rb"/Type\s*/ObjStm", body):
            continue
        first = int(re.search(rb"/First\s+(\d+)", body).group(1))
        stream = re.search(rb"(?s)stream\r?\n(.*)endstream", body).group(1)
        if b"/FlateDecode" in body:
            stream = zlib.decompress(stream)
        header = stream[:first].split()
        offsets = [(header[i], int(header[i + 1])) for i in range(0, len(header), 2)]
        for (number, start), (_next, end) in zip(
                offsets, [*offsets[1:], (b"", len(stream) - first)], strict=True):
            objects[number] = stream[first + start:first + end]
    return objects


def _pdf_links(pdf: Path) -> list[list[tuple[tuple[float, ...], str]]]:
    """Per page: the (rectangle, destination) of each link of an uncompressed PDF."""
    objects = _pdf_objects(pdf.read_bytes())
    result = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        refs = re.search(rb"/Annots\s*\[([^\]]*)\]", body)
        links = []
        for ref in re.findall(rb"(\d+) 0 R", refs.group(1) if refs else b""):
            annot = objects[ref]
            rect = re.search(rb"/Rect\s*\[([^\]]*)\]", annot)
            dest = re.search(rb"/D\s*\(([^)]*)\)", annot)
            if rect and dest:
                links.append((tuple(map(float, rect.group(1).split())), dest.group(1).decode()))
        result.append(links)
    return result


def _words_in(words, page_height: float, rect: tuple[float, ...]) -> str:
    x0, y0, x1, y1 = rect
    inside = [w.get_text() for w in words
              if x0 <= (float(w["xmin"]) + float(w["xmax"])) / 2 <= x1
              and y0 <= page_height - (float(w["ymin"]) + float(w["ymax"])) / 2 <= y1]
    return " ".join(inside)


@pytest.mark.latex
def test_pdf_boxes_link_to_their_patterns(tmp_path):
    """In the PDF, each box of a drawing is a link over its title, to the same
    place as the table of contents' entry of that pattern."""
    import subprocess
    import sys

    from bs4 import BeautifulSoup
    from helpers import subprocess_env

    if not (shutil.which("latexmk") and shutil.which("pdftotext")):
        pytest.skip("needs latexmk and pdftotext")
    src = copy_root("maps", tmp_path / "src")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src),
                           str(out), "-q"], capture_output=True, text=True, check=False,
                          timeout=600, env=subprocess_env())
    pdf = out / "latex" / "mapstest.pdf"
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = BeautifulSoup(html, "html.parser").select("page")
    links = _pdf_links(pdf)
    assert len(links) == len(pages)
    # the chapter (page) title of each pattern, as the table of contents shows it
    chapters = {title: next(line[2:].strip() for line in (src / "patterns" / f"{name}.md")
                            .read_text(encoding="utf-8").splitlines() if line.startswith("# "))
                for title, name in PAGES.items()}
    toc: dict[str, str] = {}
    drawn: list[tuple[int, str, str]] = []
    for n, (page_, page_links) in enumerate(zip(pages, links, strict=True)):
        words = page_.select("word")
        for rect, dest in page_links:
            text = _words_in(words, float(page_["height"]), rect)
            if text in PAGES:
                drawn.append((n, text, dest))
            for title, chapter in chapters.items():
                if re.fullmatch(r"\d+ " + re.escape(chapter), text):
                    toc[title] = dest
    assert set(toc) == set(PAGES)
    # every pattern box of the whole-book graph (its chapter's page) is a link
    graph_page = next(n for n, p in enumerate(pages)
                      if "Every pattern and its relations" in " ".join(
                          w.get_text() for w in p.select("word")))
    assert {t for n, t, _d in drawn if n == graph_page} == set(PAGES)
    assert len(drawn) >= 2 * len(PAGES)
    for _n, title, dest in drawn:
        assert dest == toc[title], title


# -- Graphviz missing or failing ---------------------------------------------------

DRAWN_PAGES = ["around", "graph", "map", *(f"patterns/{p}" for p in sorted(PAGES.values())
                                           if p != "lonely")]


@pytest.mark.parametrize("dot", ["/nonexistent/bin/dot", "/bin/false"], ids=["missing", "failing"])
def test_html_without_graphviz_shows_linked_lists(make_app, tmp_path, dot):
    app, _src = built(make_app, tmp_path, confoverrides={"graphviz_dot": dot})
    out = Path(app.outdir)
    warnings = warnings_of(app)
    # one warning per page with drawings, at its first drawing
    located = sorted(re.match(r".*/src/(.+)\.md:(\d+): WARNING", w).groups() for w in warnings)
    assert located == sorted((name, "3") for name in DRAWN_PAGES), warnings
    assert all("[innersource.graph]" in w and "Fix:" in w for w in warnings)
    doc = page(out, "graph.html")
    assert doc.select("svg") == []
    items = doc.select("ul.innersource-graph-list > li")
    assert [li.select_one("a").get_text() for li in items] == sorted(PAGES, key=str.casefold)
    tc = next(li for li in items if li.select_one("a").get_text() == TC)
    assert [a.get_text() for a in tc.select(".innersource-graph-related a")] == [CT, RR]
    assert tc.select_one("a")["href"] == "patterns/trusted-committer.html"
    # the map becomes nested lists: root, categories, patterns
    doc = page(out, "map.html")
    tree = doc.select_one("ul.innersource-map-list")
    adopt = tree.select_one(":scope > li")
    assert adopt.select_one("strong").get_text() == "Adopt"
    assert [a.get_text() for a in adopt.select("a")] == [RR, TC, CT]


def test_latex_without_graphviz_shows_linked_lists(make_app, tmp_path):
    app, _src = built(make_app, tmp_path, "latex",
                      confoverrides={"graphviz_dot": "/nonexistent/bin/dot"})
    tex = (Path(app.outdir) / "mapstest.tex").read_text(encoding="utf-8")
    assert "sphinxincludegraphics" not in tex
    assert "innersource-graph" not in " ".join(p.name for p in Path(app.outdir).iterdir())
    # one LaTeX document, one warning
    warnings = warnings_of(app)
    assert len(warnings) == 1 and "code-tour.md:3" in warnings[0], warnings
    assert r"\sphinxstylestrong{Adopt}" in tex
    assert r"\hyperref[\detokenize{patterns/code-tour::doc}]" in tex


def test_other_builders_show_the_list(make_app, tmp_path):
    app, _src = built(make_app, tmp_path, "text")
    text = (Path(app.outdir) / "graph.txt").read_text(encoding="utf-8")
    assert "* Trusted Committer Validated" in text
    assert "Related patterns: Code Tour, Review Rota" in text
    assert warnings_of(app) == []


# -- bad input -----------------------------------------------------------------------

def test_bad_options_and_unknown_patterns_are_reported(make_app, tmp_path):
    src = copy_root("maps", tmp_path / "src")
    (src / "around.md").write_text(
        "# Around\n\n```{pattern-graph}\n:around: no-such-pattern\n:layout: spring\n```\n\n"
        "```{pattern-graph}\n:depth: two\n```\n\n"
        "```{pattern-map}\n:layout: Neato\n:alt: <b>map</b>\n```\n", encoding="utf-8")
    app = build(make_app, src)
    warnings = [re.sub(r".*/src/", "", w) for w in warnings_of(app)]
    assert warnings == [
        "around.md:3: WARNING: unknown layout 'spring'. Fix: use one of dot, neato, fdp, "
        "sfdp, circo, twopi; using the default layout [innersource.option]",
        "around.md:8: WARNING: depth 'two' is not a whole number from 1 to 99. Fix: give the "
        "number of relations to follow from :around:, such as 2; using 1 [innersource.option]",
        "around.md:8: WARNING: :depth: applies only with :around:, which is not given. Fix: "
        "add :around: <pattern id> or remove :depth: [innersource.option]",
        "around.md:12: WARNING: :alt: it contains HTML markup, which is not interpreted but "
        "shown as text. Fix: write plain text [innersource.option]",
        "around.md:3: WARNING: :around: names the unknown pattern 'no-such-pattern'; the graph "
        "is left empty. Fix: use the id, an alias or the title of a pattern "
        "[innersource.graph]",
    ], warnings
    doc = page(Path(app.outdir), "around.html")
    first, second, third = doc.select("figure.innersource-graph")
    assert first.select_one("p.innersource-empty") is not None
    assert second.select("svg")  # depth ignored, default selection drawn
    # 'Neato' is accepted in any case; the alt text is shown as written
    assert third.select_one("svg")["aria-label"] == "<b>map</b>"


def test_too_many_patterns_show_the_list(make_app, tmp_path):
    app, _src = built(make_app, tmp_path, confoverrides={"innersource_graph_max_patterns": 3})
    warnings = [re.sub(r".*/src/", "", w) for w in warnings_of(app)]
    assert warnings == [
        "around.md:3: WARNING: the pattern-graph selects 4 patterns, more than "
        "innersource_graph_max_patterns (3); a list is shown instead of the drawing. Fix: "
        "narrow the selection (:maturity:, :categories:, :around:), or raise "
        "innersource_graph_max_patterns [innersource.graph]",
        "graph.md:3: WARNING: the pattern-graph selects 6 patterns, more than "
        "innersource_graph_max_patterns (3); a list is shown instead of the drawing. Fix: "
        "narrow the selection (:maturity:, :categories:, :around:), or raise "
        "innersource_graph_max_patterns [innersource.graph]",
        "map.md:3: WARNING: the pattern-map selects 6 patterns, more than "
        "innersource_graph_max_patterns (3); a list is shown instead of the drawing. Fix: "
        "narrow the selection (:maturity:, :categories:, :around:), or raise "
        "innersource_graph_max_patterns [innersource.graph]",
    ], warnings
    out = Path(app.outdir)
    assert page(out, "graph.html").select("svg") == []
    assert len(page(out, "graph.html").select("ul.innersource-graph-list > li")) == 6
    # the branch map (2 patterns) and the pattern pages' graphs are drawn
    assert len(page_drawings(out, "map.html")) == 1
    assert len(page_drawings(out, "patterns/review-rota.html")) == 1


def test_a_limit_that_is_not_a_positive_number_is_reported(make_app, tmp_path):
    src = copy_root("maps", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "innersource_graph_max_patterns = -5\n",
                    encoding="utf-8")
    # (not booktools.build: it forgets what was reported before the build started)
    app = make_app("html", srcdir=src)
    app.build()
    line = len(conf.read_text(encoding="utf-8").splitlines())
    assert [re.sub(r".*/src/", "", w) for w in warnings_of(app)] == [
        f"conf.py:{line}: WARNING: innersource_graph_max_patterns = -5 is not a positive "
        "whole number; using 100. Fix: give the most patterns a drawing may show, such as 100 "
        "[innersource.config]"]
    assert len(page_drawings(Path(app.outdir), "graph.html")) == 1
