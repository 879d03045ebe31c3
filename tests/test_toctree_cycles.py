"""A ``patterns-toctree`` on pattern pages makes no toctree cycle (issue 20, point 8).

A ``patterns-toctree`` on a pattern's own page listed the other pattern pages
holding one, and Sphinx died with "Recursion error!".  The entries that
would make a cycle are left out with a located ``toctree`` warning, the same
ones whatever the order the pages are read in (serial, parallel,
incremental).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from booktools import body_toctree, build, navigation
from helpers import warnings_of
from sphinx.util.parallel import parallel_available

from sphinx_innersource.book.cycles import break_cycles, depths
from sphinx_innersource.domain import get_domain

CONF = ('extensions = ["myst_parser", "sphinx_innersource"]\n'
        'myst_enable_extensions = ["colon_fence"]\ninnersource_required_sections = []\n')
TOCTREE = "```{patterns-toctree}\n:maturity: all\n```\n"


def _pattern(title: str, toctree: bool = True, extra: str = "") -> str:
    return (f"# {title}\n\n:::{{pattern}}\n:maturity: initial\n:patlet: x\n:::\n\n"
            + (TOCTREE if toctree else "") + extra)


def _book(src: Path, pages: dict[str, str]) -> Path:
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text("# Book\n\n" + TOCTREE)
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    return src


def _selections(app) -> dict[str, list[str]]:
    index = get_domain(app.env).index
    return {docname: [d for toc in record.toctrees for d in toc.selected]
            for docname, record in index.iter_records() if record.toctrees}


THREE = {"alpha": _pattern("Alpha"), "beta": _pattern("Beta"), "gamma": _pattern("Gamma")}
EXPECTED = {"index": ["alpha", "beta", "gamma"], "alpha": ["beta", "gamma"],
            "beta": ["gamma"], "gamma": []}


def test_pattern_pages_listing_each_other_build(make_app, tmp_path):
    src = _book(tmp_path / "src", THREE)
    app = build(make_app, src, freshenv=True)
    warnings = warnings_of(app)
    assert not [w for w in warnings if "Recursion" in w or "Traceback" in w]
    assert _selections(app) == EXPECTED
    cycle = [w for w in warnings if "[innersource.toctree]" in w]
    assert len(cycle) == 2, warnings
    assert "beta.md:8: WARNING: patterns-toctree leaves out 'alpha'" in cycle[0]
    assert "gamma.md:8: WARNING: patterns-toctree leaves out 'alpha', 'beta'" in cycle[1]
    assert body_toctree(Path(app.outdir), "alpha.html") == ["beta.html", "gamma.html"]


def test_same_entries_in_parallel_and_incremental_builds(make_app, tmp_path):
    if not parallel_available:
        pytest.skip("parallel builds need fork")
    serial = build(make_app, _book(tmp_path / "serial", THREE), freshenv=True)
    parallel = build(make_app, _book(tmp_path / "parallel", THREE), freshenv=True, parallel=2)
    assert _selections(parallel) == _selections(serial) == EXPECTED
    assert navigation(Path(parallel.outdir)) == navigation(Path(serial.outdir))
    # edit one page: only it is read again, and it alone reports its cycle
    src = tmp_path / "serial"
    (src / "gamma.md").write_text(THREE["gamma"] + "\nMore text.\n")
    again = build(make_app, src)
    assert _selections(again) == EXPECTED
    cycle = [w for w in warnings_of(again) if "[innersource.toctree]" in w]
    assert len(cycle) == 1 and "gamma.md" in cycle[0]
    # and a page without a cycle in a build that reads nothing gives none
    quiet = build(make_app, src)
    assert not [w for w in warnings_of(quiet) if "[innersource.toctree]" in w]


def test_cycle_through_a_toctree_the_author_wrote(make_app, tmp_path):
    pages = {"alpha": _pattern("Alpha", toctree=False, extra="```{toctree}\nbeta\n```\n"),
             "beta": _pattern("Beta")}
    src = _book(tmp_path / "src", pages)
    app = build(make_app, src, freshenv=True)
    assert _selections(app) == {"index": ["alpha", "beta"], "beta": []}
    assert any("beta.md:8: WARNING: patterns-toctree leaves out 'alpha'" in w
               for w in warnings_of(app))


def test_the_page_nearer_the_root_keeps_its_entries(make_app, tmp_path):
    """zeta is listed by the index directly, alpha only below zeta: zeta keeps alpha."""
    src = _book(tmp_path / "src", {"zeta": _pattern("Zeta"), "alpha": _pattern("Alpha")})
    (src / "index.md").write_text("# Book\n\n```{toctree}\nzeta\n```\n")
    app = build(make_app, src, freshenv=True)
    assert _selections(app) == {"zeta": ["alpha"], "alpha": []}


# -- the algorithm -------------------------------------------------------------------------

def test_break_cycles_keeps_what_makes_no_cycle():
    generated = {("a", 0): ["b", "c"], ("b", 0): ["a", "c"], ("c", 0): ["a", "b"],
                 ("index", 0): ["a", "b", "c"]}
    plan = break_cycles("index", {}, generated)
    assert plan[("index", 0)] == (["a", "b", "c"], [])
    assert plan[("a", 0)] == (["b", "c"], [])
    assert plan[("b", 0)] == (["c"], ["a"])
    assert plan[("c", 0)] == ([], ["a", "b"])


def test_break_cycles_does_not_depend_on_the_order_of_its_input():
    items = [(("a", 0), ["b"]), (("b", 0), ["a"]), (("b", 1), ["c"]), (("c", 0), ["a"])]
    first = break_cycles("root", {"root": ["c"]}, dict(items))
    second = break_cycles("root", {"root": ["c"]}, dict(reversed(items)))
    assert first == second
    # c is nearest the root: it keeps a; then a keeps b; b may list neither a nor c
    assert first[("c", 0)] == (["a"], [])
    assert first[("a", 0)] == (["b"], [])
    assert first[("b", 0)] == ([], ["a"]) and first[("b", 1)] == ([], ["c"])


def test_a_page_never_lists_itself():
    assert break_cycles("r", {}, {("r", 0): ["r", "x"]})[("r", 0)] == (["x"], ["r"])


def test_depths():
    assert depths("r", {"r": ["a"], "a": ["b"], "x": ["y"]}) == {"r": 0, "a": 1, "b": 2}
