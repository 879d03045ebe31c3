#!/usr/bin/env python3
"""Benchmark: a synthetic pattern book built with and without sphinx-innersource.

Generates N pattern pages with K known instances each, twice:

* ``ext``: the pages use the ``pattern`` and ``known-instance`` directives, the
  index uses two ``patterns-toctree`` (the published levels, then the initial
  ones) and a catalogue page uses ``pattern-list``;
* ``plain``: the same text as plain MyST (a paragraph for the patlet, a field
  list for the metadata, admonitions for the known instances, a glob toctree
  and a hand-written list in place of the catalogue), without our extension;
* ``needs``: the same content with sphinx-needs (a need per pattern with
  id/status/tags, a need per known instance linked to its pattern with
  ``links``, a glob toctree, and a ``needtable`` in place of the catalogue).

and reports, for each N:

* the full build time of each variant (fresh environment, serial; median of
  ``--runs`` runs, the variants interleaved so that machine noise hits all of
  them) and the ratios ext/plain and ext/needs;
* for every variant: the incremental rebuild after editing one pattern's text,
  and for ``ext`` also after changing one pattern's maturity (so that it moves
  between the two generated toctrees), with how many pages each re-read and
  rewrote;
* the peak memory (max RSS) of a full build.

Options:

* ``--small-nav``: every variant (the comparison stays fair) leaves the global
  navigation out of the sidebar (``html_sidebars`` without ``navigation.html``),
  the remedy documented in ``docs/scaling.md`` for the N pages x N entries cost
  of rendering the whole table of contents on every page;
* ``--profile``: one more full build of ``ext`` (and of ``needs``) per size under
  cProfile in the child, timed in CPU time of the child (so that other work on
  the machine does not inflate it); prints the top entries of our package (cumulative), the
  sum of the own time (tottime) of our functions and the cumulative time of our
  entry points (event handlers, directives, domain methods called by Sphinx);
* ``--scaling``: with ``--profile``, compares our own code's time per page across
  the sizes (1.00 = linear growth in our own code);
* ``--full-nav``: the theme's default sidebar, with the whole navigation on every
  page: the extension with its navigation cache against the extension without
  the global navigation and against plain MyST with Sphinx's own navigation
  (``--theme``, ``--plain-max``, ``--with-off``; see ``bench/fullnav.py``).
* ``--maps``: the ``ext`` book also has relations and category paths, a page
  with the whole-book ``pattern-graph`` and ``pattern-map`` (drawn whatever
  their size) and a graph on every pattern page (``innersource_pattern_graph``);
  the Graphviz layout time of the whole-book drawings is reported for each
  layout engine (see ``bench/maps.py``).
* ``--same-gc``: every variant builds with the garbage collector thresholds the
  extension sets for its own builds (``innersource_tune_gc``), so that plain
  MyST and sphinx-needs get the same setting; each build reports the time its
  collector took.

Every build runs in a fresh subprocess that imports this checkout's package.
Usage::

    python bench/bench.py --sizes 200 1000 --instances 3 --runs 3
    python bench/bench.py --sizes 1000 5000 --runs 1 --small-nav --profile --scaling
    python bench/bench.py --sizes 1000 5000 --runs 3 --full-nav --theme furo
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import maps  # bench/maps.py

CONF = """\
project = "Bench"
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
"""

#: ``--small-nav``: alabaster's default sidebars without ``navigation.html``
#: (the global table of contents rendered on every page).
SMALL_NAV = """\
html_sidebars = {"**": ["about.html", "searchfield.html", "relations.html"]}
"""

NEEDS_CONF = """\
needs_types = [
    {"directive": "pattern", "title": "Pattern", "prefix": "P_", "color": "#BFD8D2",
     "style": "node"},
    {"directive": "instance", "title": "Known instance", "prefix": "KI_",
     "color": "#FEDCD2", "style": "node"},
]
needs_statuses = [{"name": "initial"}, {"name": "structured"}, {"name": "validated"}]
suppress_warnings = ["needs"]
"""

VARIANTS = ("ext", "plain", "needs")

WORDS = [
    "team", "platform", "contribution", "review", "host", "guest", "maintainer", "backlog",
    "release", "portal", "service", "library", "standard", "mentor", "budget", "forum",
]


def words(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def maturity_of(i: int) -> str:
    return ("initial", "structured", "validated")[i % 3]


def pattern_page(i: int, k: int, variant: str, maturity: str | None = None) -> str:
    title = f"Pattern {i:05d} {WORDS[i % len(WORDS)].title()}"
    maturity = maturity or maturity_of(i)
    patlet = f"{words(i, 12).capitalize()}. {words(i + 1, 10).capitalize()}."
    related = f"p{(i + 3) % 100000:05d}"
    body = "\n\n".join(
        f"## {name}\n\n{words(i + j, 40).capitalize()}." for j, name in enumerate(
            ["Problem", "Context", "Forces", "Solutions", "Resulting Context"]))
    out = [f"# {title}\n"]
    if variant == "ext":
        out.append(f":::{{pattern}}\n:id: p{i:05d}\n:maturity: {maturity}\n:patlet: {patlet}\n"
                   f":authors: Author {i % 17}\n:categories: cat{i % 5}\n:::\n")
    elif variant == "needs":
        out.append(f":::{{pattern}} {title}\n:id: P_{i:05d}\n:status: {maturity}\n"
                   f":tags: cat{i % 5}\n\n{patlet}\n\nAuthors: Author {i % 17}\n:::\n")
    else:
        out.append(f"{patlet}\n\nMaturity\n: {maturity}\n\nAuthors\n: Author {i % 17}\n\n"
                   f"Categories\n: cat{i % 5}\n")
    out.append(body)
    out.append("\n## Known Instances\n")
    for j in range(k):
        org = f"Org {(i * 31 + j * 7) % 997:03d}"
        story = words(i * 3 + j, 30).capitalize() + "."
        if variant == "ext":
            out.append(f":::{{known-instance}} {org}\n{story}\n:::\n")
        elif variant == "needs":
            out.append(f":::{{instance}} {org}\n:id: KI_{i:05d}_{j}\n:links: P_{i:05d}\n\n"
                       f"{story}\n:::\n")
        else:
            out.append(f":::{{admonition}} Known instance: {org}\n{story}\n:::\n")
    out.append(f"\nSee also {related}.\n")
    return "\n".join(out)


def make_book(root: Path, n: int, k: int, variant: str, small_nav: bool = False) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "patterns").mkdir(parents=True)
    extensions = {"ext": ["myst_parser", "sphinx_innersource"], "plain": ["myst_parser"],
                  "needs": ["myst_parser", "sphinx_needs"]}[variant]
    conf = CONF.format(extensions=extensions)
    if small_nav:
        conf += SMALL_NAV
    if variant == "ext":
        conf += "innersource_required_sections = []\n"
        conf += "suppress_warnings = ['innersource.maturity', 'innersource.related']\n"
    elif variant == "needs":
        conf += NEEDS_CONF
    (root / "conf.py").write_text(conf)
    for i in range(n):
        (root / "patterns" / f"p{i:05d}.md").write_text(pattern_page(i, k, variant))
    glob_toctree = ("# Book\n\n```{toctree}\n:caption: Patterns\n:maxdepth: 1\n:glob:\n\n"
                    "patterns/*\n```\n\n")
    if variant == "ext":
        index = ("# Book\n\n```{patterns-toctree}\n:caption: Patterns\n:maxdepth: 1\n```\n\n"
                 "```{patterns-toctree}\n:caption: Ideas\n:maturity: initial,\n:maxdepth: 1\n"
                 "```\n\n")
        catalogue = "# Catalogue\n\n```{pattern-list}\n:maturity: all\n```\n"
    elif variant == "needs":
        index = glob_toctree
        catalogue = ("# Catalogue\n\n```{needtable}\n:types: pattern\n"
                     ":columns: id;title;status;tags\n:style: table\n```\n")
    else:
        index = glob_toctree
        items = "\n".join(f"- [Pattern {i:05d}](patterns/p{i:05d}.md) {words(i, 12)}"
                          for i in range(n))
        catalogue = f"# Catalogue\n\n{items}\n"
    index += "```{toctree}\n:hidden:\n\ncatalogue\n```\n"
    (root / "index.md").write_text(index)
    (root / "catalogue.md").write_text(catalogue)


CHILD = r"""
import gc, json, os, resource, sys, time
from sphinx.application import Sphinx
src, out, fresh, profile = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
# Time spent in Python's garbage collector, per generation.
gc_time, gc_started = [0.0, 0.0, 0.0], [0.0]
def gc_clock(phase, info):
    if phase == "start":
        gc_started[0] = time.perf_counter()
    else:
        gc_time[info["generation"]] += time.perf_counter() - gc_started[0]
gc.callbacks.append(gc_clock)
if os.environ.get("BENCH_GC"):  # --same-gc
    gc.set_threshold(*(int(t) for t in os.environ["BENCH_GC"].split(",")))
reads, writes = [], []
app = Sphinx(src, src, out + "/html", out + "/doctrees", "html", freshenv=fresh,
             status=None, warning=sys.stderr)
app.connect("doctree-read", lambda app, doctree: reads.append(app.env.docname))
app.connect("html-page-context", lambda app, name, *a: writes.append(name))
if profile:
    import cProfile
    # CPU time of this process: other work on the machine does not inflate it.
    profiler = cProfile.Profile(time.process_time)
    start = time.perf_counter()
    profiler.runcall(app.build)
    elapsed = time.perf_counter() - start
    profiler.dump_stats(profile)
else:
    start = time.perf_counter()
    app.build()
    elapsed = time.perf_counter() - start
found = app.env.found_docs
usage = resource.getrusage(resource.RUSAGE_SELF)
# Graphviz (--maps) runs in child processes.
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"time": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
                  "cpu_children": children.ru_utime + children.ru_stime, "reads": len(reads),
                  "writes": len([w for w in writes if w in found]),
                  "gc_s": sum(gc_time), "gc_full_s": gc_time[2],
                  "maxrss_mb": usage.ru_maxrss / 1024}))
"""

#: The checkout this script belongs to: the children import its package.
REPO = Path(__file__).resolve().parent.parent

#: The package whose own time ``--profile`` reports, per variant.
PACKAGES = {"ext": "sphinx_innersource", "needs": "sphinx_needs"}


def run_build(src: Path, out: Path, fresh: bool, profile: Path | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(out), "1" if fresh else "0",
                           str(profile or "")],
                          capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        sys.exit(f"build of {src} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def edit_text(target: Path, r: int) -> None:
    original = target.read_text()
    target.write_text(original.replace("## Problem\n\n", f"## Problem\n\nEdit {r}. ", 1))


def edit_maturity(target: Path) -> None:
    """Move an ``ext`` pattern into or out of the published book (initial <-> structured)."""
    current = target.read_text()
    new = "structured" if ":maturity: initial" in current else "initial"
    lines = [f":maturity: {new}" if line.startswith(":maturity:") else line
             for line in current.splitlines()]
    target.write_text("\n".join(lines) + "\n")


def log(message: str) -> None:
    """Progress, so that a long run shows what it has measured so far."""
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- profiles ---------------------------------------------------------------------

def _in_package(func: tuple, package: str) -> bool:
    return f"/{package}/" in func[0].replace(os.sep, "/")


def profile_summary(path: Path, package: str, top: int) -> dict:
    """Own time of *package*, cumulative time of its entry points, top entries."""
    stats = pstats.Stats(str(path)).stats  # func -> (cc, nc, tt, ct, callers)
    ours = {f: v for f, v in stats.items() if _in_package(f, package)}
    tottime = sum(v[2] for v in ours.values())
    # The number of calls of our functions does not depend on the machine's
    # speed or load: the steadiest measure of how our own work grows.
    calls = sum(v[1] for v in ours.values())
    # Entry points: calls into the package from Python code outside it (Sphinx
    # events, directives, transforms, domain methods).  Their cumulative time
    # includes what our code makes Sphinx/docutils do (nested parsing,
    # make_refnode...).  Calls from builtins ("~": str.join running one of our
    # generators, sorted() calling our key) are taken to come from our own code.
    # A page re-read from one of our handlers is counted twice (it is rare:
    # a serial build reads the toctree pages last).
    entries: dict[tuple, float] = {}
    for func, (_cc, _nc, _tt, _ct, callers) in ours.items():
        for caller, edge in callers.items():
            if caller[0] != "~" and not _in_package(caller, package):
                entries[func] = entries.get(func, 0.0) + edge[3]
    total = max(v[3] for v in stats.values()) if stats else 0.0

    def name(func: tuple) -> str:
        filename = func[0].replace(os.sep, "/")
        short = filename.split(f"/{package}/", 1)[-1]
        return f"{package}/{short}:{func[1]}({func[2]})"

    rows = sorted(ours.items(), key=lambda kv: kv[1][3], reverse=True)[:top]
    return {
        "profiled_total_s": total,
        "own_tottime_s": tottime,
        "own_calls": calls,
        "entry_cumtime_s": sum(entries.values()),
        "top": [{"function": name(f), "ncalls": v[1], "tottime_s": v[2], "cumtime_s": v[3]}
                for f, v in rows],
        "top_entries": [{"function": name(f), "cumtime_s": t} for f, t in
                        sorted(entries.items(), key=lambda kv: kv[1], reverse=True)[:top]],
    }


def print_profile(variant: str, n: int, prof: dict) -> None:
    total = prof["profiled_total_s"]
    print(f"\nprofile {variant} N={n}: build {total:.2f} s under cProfile; "
          f"{PACKAGES[variant]} own time (tottime sum) {prof['own_tottime_s']:.3f} s "
          f"({100 * prof['own_tottime_s'] / total:.1f}%), entry points cumulative "
          f"{prof['entry_cumtime_s']:.3f} s ({100 * prof['entry_cumtime_s'] / total:.1f}%)")
    print(f"  {'cumtime s':>9} {'tottime s':>9} {'calls':>8}  function (top by cumulative)")
    for row in prof["top"]:
        print(f"  {row['cumtime_s']:>9.3f} {row['tottime_s']:>9.3f} {row['ncalls']:>8}  "
              f"{row['function']}")
    print(f"  {'cumtime s':>9}  entry point (called from outside the package)")
    for row in prof["top_entries"]:
        print(f"  {row['cumtime_s']:>9.3f}  {row['function']}")
    sys.stdout.flush()


# -- one size -------------------------------------------------------------------------

def bench_size(tmp: Path, n: int, k: int, runs: int, variants: list[str], small_nav: bool,
               profile: bool, top: int, with_maps: bool = False) -> dict:
    srcs = {v: tmp / f"{v}{n}" for v in variants}
    for v, src in srcs.items():
        make_book(src, n, k, v, small_nav)
        if with_maps and v == "ext":
            maps.add_to_book(src, n)
    full: dict[str, list[dict]] = {v: [] for v in variants}
    for _ in range(runs):
        for v in variants:
            out = tmp / f"out-{srcs[v].name}"
            shutil.rmtree(out, ignore_errors=True)
            full[v].append(run_build(srcs[v], out, fresh=True))
            log(f"N={n} {v} full build {full[v][-1]['time']:.2f} s "
                f"(CPU {full[v][-1]['cpu']:.2f} s, child processes "
                f"{full[v][-1].get('cpu_children', 0):.2f} s, garbage collector "
                f"{full[v][-1]['gc_s']:.2f} s), RSS {full[v][-1]['maxrss_mb']:.0f} MB")

    def med(items, key):
        return statistics.median(i[key] for i in items) if items else float("nan")

    result: dict = {"n": n, "k": k, "runs": runs, "small_nav": small_nav}
    for v in variants:
        result[f"{v}_full_s"] = med(full[v], "time")
        result[f"{v}_full_cpu_s"] = med(full[v], "cpu")
        result[f"{v}_full_gc_s"] = med(full[v], "gc_s")
        result[f"{v}_maxrss_mb"] = max((r["maxrss_mb"] for r in full[v]), default=float("nan"))
    # Ratios: of the medians (the headline figure), the median of the ratios
    # of the builds of one round (run back to back, so that slow phases of
    # the machine hit both), and of the median CPU times.
    for other, key in (("plain", "ratio"), ("needs", "ratio_needs")):
        if other in variants and "ext" in variants and runs:
            result[key] = result["ext_full_s"] / result[f"{other}_full_s"]
            result[f"{key}_paired"] = statistics.median(
                e["time"] / o["time"] for e, o in zip(full["ext"], full[other], strict=True))
            result[f"{key}_cpu"] = result["ext_full_cpu_s"] / result[f"{other}_full_cpu_s"]
            result[f"{key}_runs"] = [round(e["time"] / o["time"], 3)
                                     for e, o in zip(full["ext"], full[other], strict=True)]

    # Incremental builds on the last full build of each variant, interleaved.
    text_edits: dict[str, list[dict]] = {v: [] for v in variants}
    maturity_edits: list[dict] = []
    for r in range(runs):
        for v in variants:
            out = tmp / f"out-{srcs[v].name}"
            target = srcs[v] / "patterns" / f"p{n // 2:05d}.md"
            edit_text(target, r)
            text_edits[v].append(run_build(srcs[v], out, fresh=False))
            log(f"N={n} {v} text edit {text_edits[v][-1]['time']:.2f} s (garbage collector "
                f"{text_edits[v][-1]['gc_s']:.2f} s), read "
                f"{text_edits[v][-1]['reads']}, wrote {text_edits[v][-1]['writes']}")
            if v == "ext":
                edit_maturity(target)
                maturity_edits.append(run_build(srcs[v], out, fresh=False))
                log(f"N={n} {v} maturity edit {maturity_edits[-1]['time']:.2f} s, read "
                    f"{maturity_edits[-1]['reads']}, wrote {maturity_edits[-1]['writes']}")
    for v in variants:
        result[f"{v}_edit_text_s"] = med(text_edits[v], "time")
        result[f"{v}_edit_text_reads"] = med(text_edits[v], "reads")
        result[f"{v}_edit_text_writes"] = med(text_edits[v], "writes")
    if "ext" in variants:
        # The names of the first version of this script.
        result["edit_text_s"] = result["ext_edit_text_s"]
        result["edit_text_reads"] = result["ext_edit_text_reads"]
        result["edit_text_writes"] = result["ext_edit_text_writes"]
        result["edit_maturity_s"] = med(maturity_edits, "time")
        result["edit_maturity_reads"] = med(maturity_edits, "reads")
        result["edit_maturity_writes"] = med(maturity_edits, "writes")

    if profile:
        for v in variants:
            if v not in PACKAGES:
                continue
            out = tmp / f"prof-{srcs[v].name}"
            shutil.rmtree(out, ignore_errors=True)
            prof_file = tmp / f"{v}{n}.prof"
            build = run_build(srcs[v], out, fresh=True, profile=prof_file)
            prof = profile_summary(prof_file, PACKAGES[v], top)
            prof["maxrss_mb"] = build["maxrss_mb"]
            result[f"{v}_profile"] = prof
            print_profile(v, n, prof)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3,
                        help="timed full builds (and incremental builds) per variant; "
                             "0 with --profile only profiles")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--small-nav", action="store_true",
                        help="no global navigation in the sidebar, in every variant")
    parser.add_argument("--profile", action="store_true",
                        help="one more ext (and needs) build per size under cProfile")
    parser.add_argument("--scaling", action="store_true",
                        help="with --profile: our own code's time per page across sizes")
    parser.add_argument("--top", type=int, default=15, help="profile entries shown")
    parser.add_argument("--full-nav", action="store_true",
                        help="whole navigation in the sidebar: cache vs no navigation vs plain")
    parser.add_argument("--theme", default="alabaster", choices=["alabaster", "furo"],
                        help="with --full-nav")
    parser.add_argument("--same-gc", action="store_true",
                        help="every variant with the garbage collector thresholds the "
                             "extension sets (innersource_tune_gc)")
    parser.add_argument("--plain-max", type=int, default=1000,
                        help="with --full-nav: largest N built as plain MyST (N x N)")
    parser.add_argument("--with-off", action="store_true",
                        help="with --full-nav: also the extension with the cache off")
    parser.add_argument("--maps", action="store_true",
                        help="graphs and maps in the ext book; Graphviz layout times")
    parser.add_argument("--keep", type=Path, help="build here and keep the trees")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if args.same_gc:
        sys.path.insert(0, str(REPO))
        from sphinx_innersource.process import BUILD_THRESHOLDS
        os.environ["BENCH_GC"] = ",".join(str(t) for t in BUILD_THRESHOLDS)
    if args.scaling:
        args.profile = True
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="innersource-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    variants = [v for v in VARIANTS if v in args.variants]
    results = []
    if args.full_nav:
        from fullnav import bench_full_nav, print_full_nav

        print(f"full navigation, theme {args.theme}; K={args.instances}; runs={args.runs}",
              flush=True)
        for n in args.sizes:
            results.append(bench_full_nav(tmp, n, args.instances, args.runs, args.theme,
                                          args.plain_max, args.with_off))
            print_full_nav(results[-1])
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    print(f"variants {', '.join(variants)}; K={args.instances}; runs={args.runs}; "
          f"small-nav={'yes' if args.small_nav else 'no'}; maps={'yes' if args.maps else 'no'}",
          flush=True)
    for n in args.sizes:
        started = time.perf_counter()
        r = bench_size(tmp, n, args.instances, args.runs, variants, args.small_nav,
                       args.profile, args.top, args.maps)
        if args.maps:
            r["maps_layouts"] = maps.measure(n, max(args.runs, 1), timeout=300)
            print(f"\nGraphviz layouts of the whole-book drawings, N={n}:\n{maps.HEADER}")
            maps.print_measures(n, r["maps_layouts"])
        results.append(r)
        if args.json:  # after every size, so a long run leaves what it has
            args.json.write_text(json.dumps(results, indent=2))
        if not args.runs:
            continue
        print(f"\nN={n}  ({time.perf_counter() - started:.0f} s)")
        print(f"  {'variant':<7} {'full s':>8} {'GC s':>6} {'RSS MB':>7} | {'text s':>7} "
              f"{'read':>4} {'wrote':>5} | {'matur. s':>8} {'read':>4} {'wrote':>5}")
        for v in variants:
            line = (f"  {v:<7} {r[f'{v}_full_s']:>8.2f} {r[f'{v}_full_gc_s']:>6.2f} "
                    f"{r[f'{v}_maxrss_mb']:>7.0f} | "
                    f"{r[f'{v}_edit_text_s']:>7.2f} {r[f'{v}_edit_text_reads']:>4.0f} "
                    f"{r[f'{v}_edit_text_writes']:>5.0f} |")
            if v == "ext":
                line += (f" {r['edit_maturity_s']:>8.2f} {r['edit_maturity_reads']:>4.0f} "
                         f"{r['edit_maturity_writes']:>5.0f}")
            print(line)
        for key, label in (("ratio", "ext/plain"), ("ratio_needs", "ext/needs")):
            if key in r:
                print(f"  full build {label}: {r[key]:.3f} (ratio of the medians); "
                      f"per round {r[key + '_runs']}, median {r[key + '_paired']:.3f}; "
                      f"CPU time {r[key + '_cpu']:.3f}")
        sys.stdout.flush()
    if len(results) > 1 and args.runs:
        a, b = results[0], results[-1]
        for v in variants:
            growth = (b[f"{v}_full_s"] / a[f"{v}_full_s"]) / (b["n"] / a["n"])
            print(f"{v}: full build time per page grows x{growth:.2f} from N={a['n']} to "
                  f"N={b['n']} (1.00 = linear)")
    if args.scaling:
        print("\nour own code (sphinx_innersource) per page, from the profiled ext builds:")
        print(f"  {'N':>6} {'own s':>8} {'own ms/page':>11} {'entries s':>9} "
              f"{'entries ms/page':>15} {'build s':>8} {'own calls':>10} {'calls/page':>10}")
        for r in results:
            prof = r.get("ext_profile")
            if prof:
                print(f"  {r['n']:>6} {prof['own_tottime_s']:>8.3f} "
                      f"{1000 * prof['own_tottime_s'] / r['n']:>11.3f} "
                      f"{prof['entry_cumtime_s']:>9.3f} "
                      f"{1000 * prof['entry_cumtime_s'] / r['n']:>15.3f} "
                      f"{prof['profiled_total_s']:>8.2f} {prof['own_calls']:>10} "
                      f"{prof['own_calls'] / r['n']:>10.1f}")
        profiled = [r for r in results if r.get("ext_profile")]
        if len(profiled) > 1:
            a, b = profiled[0], profiled[-1]
            for key, label in (("own_tottime_s", "own time"),
                               ("entry_cumtime_s", "entry points cumulative"),
                               ("own_calls", "calls of our functions")):
                growth = ((b["ext_profile"][key] / b["n"])
                          / (a["ext_profile"][key] / a["n"]))
                print(f"  {label} per page grows x{growth:.2f} from N={a['n']} to "
                      f"N={b['n']} (1.00 = linear growth in our own code)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
