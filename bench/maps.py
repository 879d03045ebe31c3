#!/usr/bin/env python3
"""Benchmark of the maps: Graphviz layout time of a whole-book graph and map.

The synthetic book of ``bench.py --maps`` gives every pattern two relations
(to the next pattern and to one further away, so that the graph is one
connected piece with long cycles, a hard case for a layout) and a category
path ``Area a / Topic t`` (six areas of five topics; every fourth pattern
has a second category).  This script builds the DOT source of the
whole-book ``pattern-graph`` and ``pattern-map`` of such a book with the
extension's own code (no Sphinx build) and times ``dot -Tsvg`` for each
layout engine: the median of ``--runs`` runs, or one run when the first
takes longer than 20 s; a run longer than ``--timeout`` counts as failed.
Usage::

    python bench/maps.py --sizes 50 100 200 1000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: This checkout (its package is imported, not an installed one).
REPO = Path(__file__).resolve().parent.parent

GRAPH_LAYOUTS = ("sfdp", "neato", "fdp", "dot")
MAP_LAYOUTS = ("dot", "twopi")
#: ``dot`` on a whole-book graph: 6 s for 100 patterns, over 3 minutes for 200.
DOT_GRAPH_MAX = 200


HEADER = f"{'N':>6} {'drawing':<12} {'layout s':>9} {'runs':>4} {'SVG KB':>7}"


def related(i: int, n: int) -> list[str]:
    """The ids pattern *i* of *n* relates to."""
    return sorted({f"p{(i + 1) % n:05d}", f"p{(i * 7 + 3) % n:05d}"} - {f"p{i:05d}"})


def categories(i: int) -> list[str]:
    first = f"Area {i % 6} / Topic {(i // 6) % 5}"
    return [first, f"Area {(i + 1) % 6}"] if i % 4 == 0 else [first]


def title(i: int) -> str:
    return f"Pattern {i:05d}"


def _package():
    """The extension's modules, from this checkout (imported when first needed, so
    that ``bench.py`` can import this file without them)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from sphinx_innersource.core.model import Maturity, Pattern
    from sphinx_innersource.maps import graph, mindmap

    return graph, mindmap, Maturity, Pattern


def book(n: int) -> list:
    _graph, _mindmap, Maturity, Pattern = _package()
    return [Pattern(f"p{i:05d}", f"patterns/p{i:05d}", title=title(i),
                    patlet=f"Patlet of pattern {i}.", maturity=Maturity(i % 3 + 1),
                    related=related(i, n), categories=categories(i)) for i in range(n)]


def drawings(n: int):
    graph, mindmap, _maturity, _pattern = _package()
    patterns = book(n)
    by_id = {p.id: p for p in patterns}
    return patterns, graph.graph_drawing(patterns, graph.adjacency(patterns, by_id.get)), \
        mindmap.map_drawing(patterns, ())


def source(kind: str, n: int, layout: str, drawn=None) -> str:
    """The DOT source of the whole-book drawing of *kind* with *layout*."""
    graph, mindmap, _maturity, _pattern = _package()
    patterns, whole, tree = drawn or drawings(n)
    urls = {p.id: f"patterns/{p.id}.html" for p in patterns}
    if kind == "graph":
        return graph.graph_dot(whole, title="Graph", prefix="g", layout=layout, urls=urls)
    return mindmap.map_dot(tree, title="Map", prefix="m", layout=layout, root="Bench",
                           uncategorised="Uncategorised", urls=urls)


def time_layout(code: str, runs: int, timeout: float) -> dict:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        try:
            result = subprocess.run(["dot", "-Tsvg"], input=code.encode(), capture_output=True,
                                    timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "timeout": timeout}
        times.append(time.perf_counter() - start)
        size = len(result.stdout)
        if times[-1] > 20:
            break
    return {"seconds": statistics.median(times), "runs": len(times), "svg_kb": size // 1024}


def measure(n: int, runs: int, timeout: float, save: Path | None = None) -> dict:
    """``<kind>_<layout>`` -> time of the layout (and SVG size) for a book of *n*."""
    drawn = drawings(n)
    result: dict = {}
    for kind, layouts in (("graph", GRAPH_LAYOUTS), ("map", MAP_LAYOUTS)):
        for layout in layouts:
            if kind == "graph" and layout == "dot" and n > DOT_GRAPH_MAX:
                continue
            code = source(kind, n, layout, drawn)
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{kind}-{layout}-{n}.dot").write_text(code)
            result[f"{kind}_{layout}"] = time_layout(code, runs, timeout)
    return result


def add_to_book(root: Path, n: int) -> None:
    """Turn the ``ext`` book of ``bench.py`` into the book described above, with
    a page holding the whole-book graph and map (drawn whatever their size)
    and a graph on every pattern page."""
    for i in range(n):
        path = root / "patterns" / f"p{i:05d}.md"
        text = path.read_text()
        path.write_text(text.replace(
            f":categories: cat{i % 5}\n",
            f":categories: {'; '.join(categories(i))}\n:related: {', '.join(related(i, n))}\n"))
    with (root / "conf.py").open("a") as conf:
        conf.write(f"innersource_pattern_graph = True\ninnersource_graph_max_patterns = {n}\n")
    (root / "maps.md").write_text(
        "# Maps\n\n```{pattern-graph}\n:maturity: all\n```\n\n"
        "```{pattern-map}\n:maturity: all\n```\n")
    index = root / "index.md"
    index.write_text(index.read_text().replace("catalogue\n```", "catalogue\nmaps\n```"))


def print_measures(n: int, measures: dict) -> None:
    for key, value in measures.items():
        seconds = (f"{value['seconds']:.2f}" if value["seconds"] is not None
                   else f">{value['timeout']:.0f}")
        print(f"{n:>6} {key:<12} {seconds:>9} {value.get('runs', 1):>4} "
              f"{value.get('svg_kb', 0):>7}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--save-dot", type=Path, help="write the DOT sources here")
    args = parser.parse_args()
    print(HEADER, flush=True)
    for n in args.sizes:
        print_measures(n, measure(n, args.runs, args.timeout, args.save_dot))


if __name__ == "__main__":
    main()
