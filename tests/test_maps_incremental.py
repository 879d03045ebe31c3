"""Pages with a graph or map are rewritten when what they show changes, and only then;
``-j 2`` gives the same pages as a serial build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from booktools import build, copy_root, page
from helpers import warnings_of
from sphinx.util.parallel import parallel_available

P = "patterns/"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    # The tooltip of Code Tour's nodes; its referrer (Trusted Committer) shows it too.
    "patlet": (lambda src: _edit(src / P / "code-tour.md", "Record a guided tour of it.",
                                 "Record a tour."),
               {"graph", "around", "map", P + "trusted-committer"}),
    # Far Away shows Office Hours only in its graph.
    "maturity": (lambda src: _edit(src / P / "office-hours.md", ":maturity: initial",
                                   ":maturity: structured"),
                 {"graph", "around", "map", P + "review-rota", P + "far-away"}),
    # A new edge: the map shows no relations, and the graph of Trusted Committer
    # does not draw Lonely (two relations away).
    "relation": (lambda src: _edit(src / P / "code-tour.md", ":categories:",
                                   ":related: lonely\n:categories:"),
                 {"graph", "around", P + "lonely"}),
    # Only the map shows categories.
    "category": (lambda src: _edit(src / P / "code-tour.md", "Adopt / Onboarding",
                                   "Scale / Onboarding"),
                 {"map"}),
    "text": (lambda src: _edit(src / P / "code-tour.md", "Body text", "New body text"),
             set()),
}


def bodies(app) -> dict[str, str]:
    out = Path(app.outdir)
    return {name: str(page(out, name + ".html").select_one("div.body"))
            for name in sorted(app.env.found_docs)}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_rewritten_when_what_they_show_changes_and_only_then(make_app, tmp_path, edit):
    change, shown_by = EDITS[edit]
    src = copy_root("maps", tmp_path / "inc")
    build(make_app, src, freshenv=True)
    change(src)
    written: list[str] = []
    app = build(make_app, src, written=written)
    # The edited page itself, and the page whose toctree lists it (Sphinx's doing).
    expected = {"index", P + "code-tour" if edit != "maturity" else P + "office-hours"}
    assert set(written) & app.env.found_docs == expected | shown_by
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    assert bodies(app) == bodies(build(make_app, clean, freshenv=True))


def test_nothing_rewritten_without_a_change(make_app, tmp_path):
    src = copy_root("maps", tmp_path / "src")
    build(make_app, src, freshenv=True)
    written: list[str] = []
    build(make_app, src, written=written)
    assert written == [] or set(written) <= {"genindex", "search", "innersource-patterns"}


def test_pages_written_again_draw_from_the_cache(make_app, tmp_path, monkeypatch):
    """Pages written again with unchanged drawings (here: for a new theme) run no Graphviz."""
    from sphinx_innersource.maps import render

    src = copy_root("maps", tmp_path / "src")
    first = build(make_app, src, freshenv=True)
    cache = Path(first.doctreedir) / "innersource-graphs"
    assert len(list(cache.iterdir())) == 9

    def no_graphviz(*args, **kwargs):
        raise AssertionError("Graphviz ran for an unchanged drawing")

    monkeypatch.setattr(render, "run_dot", no_graphviz)
    written: list[str] = []
    again = build(make_app, src, written=written, confoverrides={"html_theme": "classic"})
    assert len(written) >= 10
    assert warnings_of(again) == []
    assert len(page(Path(again.outdir), "graph.html").select("svg")) == 1


def test_small_drawings_are_drawn_in_one_graphviz_run(make_app, tmp_path, monkeypatch):
    """Before writing, the drawings go to Graphviz together; the pages equal those
    of a build that draws each drawing on its own."""
    from sphinx_innersource.maps import prerender, render

    runs: list[int] = []
    real = render.run_dot

    def counting(command, code, fmt, *args):
        runs.append(len(re.findall(r'(?m)^graph "', code)))
        return real(command, code, fmt, *args)

    monkeypatch.setattr(render, "run_dot", counting)
    monkeypatch.setattr(prerender, "run_dot", counting)
    together = build(make_app, copy_root("maps", tmp_path / "together"), freshenv=True)
    assert runs == [9]  # one run, nine graphs; the pages read the cache
    runs.clear()
    monkeypatch.setattr(prerender, "missing", lambda *args: [])
    alone = build(make_app, copy_root("maps", tmp_path / "alone"), freshenv=True)
    assert runs == [1] * 9
    assert bodies(together) == bodies(alone)


@pytest.mark.skipif(not parallel_available, reason="parallel builds need fork")
@pytest.mark.parametrize("dot", ["dot", "/nonexistent/bin/dot"], ids=["graphviz", "no-graphviz"])
def test_parallel_build_equals_serial(make_app, tmp_path, dot):
    serial = build(make_app, copy_root("maps", tmp_path / "serial"), freshenv=True,
                   confoverrides={"graphviz_dot": dot})
    src = copy_root("maps", tmp_path / "parallel")
    parallel = build(make_app, src, freshenv=True, parallel=2,
                     confoverrides={"graphviz_dot": dot})
    assert bodies(parallel) == bodies(serial)
    strip = lambda ws: sorted(re.sub(r".*/(serial|parallel)/", "", w) for w in ws)  # noqa: E731
    assert strip(warnings_of(parallel)) == strip(warnings_of(serial))
    # and incrementally, after an edit
    EDITS["maturity"][0](src)
    again = build(make_app, src, parallel=2, confoverrides={"graphviz_dot": dot})
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    assert bodies(again) == bodies(build(make_app, clean, freshenv=True,
                                         confoverrides={"graphviz_dot": dot}))
